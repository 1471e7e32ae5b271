"""The recruitment gap: waiting mentees grouped by what their hard criteria need."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from .messages import TEMPLATES, render

if TYPE_CHECKING:
    from .assignment import Assignment
    from .engine import Engine


@dataclass(frozen=True)
class GapGroup:
    """Mentees who need the same thing, and the mentors who could take them.

    `shortfall` is how many more free places compatible mentors would need to offer for every
    mentee in the group (groups can share mentors, so shortfalls do not simply add up).
    """

    needs: tuple[dict[str, Any], ...]
    mentee_ids: tuple[str, ...]
    mentors_compatible: int
    mentors_with_capacity: int
    free_places: int
    shortfall: int
    code: str
    params: dict[str, Any]
    text: str

    @property
    def mentees(self) -> int:
        return len(self.mentee_ids)

    def to_dict(self) -> dict[str, Any]:
        return {
            "needs": list(self.needs),
            "mentees": self.mentees,
            "mentee_ids": list(self.mentee_ids),
            "mentors_compatible": self.mentors_compatible,
            "mentors_with_capacity": self.mentors_with_capacity,
            "free_places": self.free_places,
            "shortfall": self.shortfall,
            "code": self.code,
            "params": self.params,
            "text": self.text,
        }


def recruitment_gap(engine: Engine, assignment: Assignment | None = None) -> list[GapGroup]:
    free = engine.capacity.copy()
    if assignment is None:
        waiting = list(range(len(engine.mentees)))
    else:
        waiting = [engine.mentee_index[u.mentee] for u in assignment.unmatched]
        for mentor_id, taken in assignment.load().items():
            free[engine.mentor_index[mentor_id]] -= taken
    groups: dict[tuple[Any, ...], list[int]] = {}
    hard = [(crit.c.name, crit.applicable.tolist(), crit.need_key) for crit in engine.hard]
    for i in waiting:
        key = tuple(
            (name, need)
            for name, applicable, need_key in hard
            if applicable[i] and (need := need_key(i)) is not None
        )
        groups.setdefault(key, []).append(i)
    everyone = np.arange(len(engine.mentors))
    out = []
    for key, members in groups.items():
        i = members[0]
        compatible = np.ones(len(everyone), dtype=bool)
        needs: list[dict[str, Any]] = []
        for crit in engine.hard:
            need = crit.need(i) if crit.applicable[i] else None
            if need is None:
                continue
            _, passes = crit.evaluate(np.array([i]), everyone, True)
            assert passes is not None
            compatible &= passes[0]
            values = list(need[0]) if isinstance(need[0], tuple) else [need[0]]
            needs.append({"criterion": crit.c.name, "values": values, "text": need[1]})
        with_room = compatible & (free > 0)
        places = int(free[with_room].sum())
        words = " + ".join(str(n["text"]) for n in needs) or TEMPLATES["gap_any_mentor"]
        params = {"needs": words, "mentees": len(members), "mentors": int(with_room.sum())}
        out.append(
            GapGroup(
                needs=tuple(needs),
                mentee_ids=tuple(engine.mentees[m].id for m in members),
                mentors_compatible=int(compatible.sum()),
                mentors_with_capacity=int(with_room.sum()),
                free_places=places,
                shortfall=max(0, len(members) - places),
                code="gap_group",
                params=params,
                text=render("gap_group", params),
            )
        )
        del key
    out.sort(key=lambda g: (-g.shortfall, -g.mentees, g.text))
    return out
