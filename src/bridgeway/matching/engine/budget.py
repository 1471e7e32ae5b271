"""Time and memory budgets for the optimal mode, and the duality gap it reports when it stops
before a proof.

The optimal mode solves a pruned graph and proves the result optimal for the full graph with LP
duals, adding pairs round by round. A budget stops the rounds early: the assignment found so
far is kept (each round's graph holds the previous round's pairs, so it is the best found) and
the summary says it is not proved, with the most it could still improve.

**The bound.** After a round, (u, v) are optimal LP duals of the pruned graph for the chosen
assignment, so by complementary slackness their dual objective equals its weight:
Σ u_i + Σ places_j · v_j = W. They are dual-feasible for the full graph except for pairs with
w_ij > u_i + v_j. Raise each mentee's u_i by g_i = max(0, max_j (w_ij − u_i − v_j)) over every
feasible pair of its row: (u + g, v) is then feasible for the full graph's LP, whose optimum is
at least the best assignment's weight (weak duality), so

    best weight − W ≤ Σ_i g_i = G.

g_i is computed exactly for the rows the check scored, and bounded from above for the others
(by the best score left out of the candidate pass less the lowest price among the mentors the
mentee can have, or by the row's last scored maximum plus how far prices fell since); both are
valid upper bounds, so G stays one. With weights w = N·s + 1 (N = mentees + 1, "score"):
N · S* ≤ W + G − (pairs of the best) ≤ N · S + pairs + G, so the total score can improve by at
most ⌊(G + pairs) / N⌋ hundredths of a point. With w = s + B ("count", B a bonus per pair larger
than any total score): an assignment with as many pairs scores at most G hundredths more, and
one with more pairs has at most ⌊(G + S) / B⌋ more of them.
"""

from __future__ import annotations

import os
import resource
import time
from dataclasses import dataclass

UNITS = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}


def parse_memory(text: str) -> int:
    """Bytes from '4G', '512M', '1.5G', '800000K' or a number of bytes; ValueError if not."""
    value = text.strip().upper().removesuffix("IB").removesuffix("B")
    unit = value[-1:] if value[-1:] in UNITS and value[-1:] else ""
    try:
        number = float(value[: len(value) - len(unit)])
    except ValueError:
        number = -1.0
    if not number > 0:
        raise ValueError(f"not a memory size: {text!r} (say 4G, 512M)")
    return int(number * UNITS[unit])


def _proc_kib(pid: int, field: str) -> int:
    try:
        with open(f"/proc/{pid}/{'smaps_rollup' if field == 'Pss:' else 'status'}") as handle:
            for line in handle:
                if line.startswith(field):
                    return int(line.split()[1])
    except (OSError, IndexError, ValueError):
        pass
    return -1


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                out.extend(int(c) for c in handle.read().split())
    except OSError:
        pass
    return out


def memory_in_use(root: int) -> int:
    """Bytes the process `root` and its children use: their proportional set sizes (pages
    shared by forked workers split between them), from /proc. Where /proc has none, this
    process's peak resident set."""
    total = 0
    for pid in (root, *_children(root)):
        kib = _proc_kib(pid, "Pss:")
        if kib < 0:
            kib = _proc_kib(pid, "VmRSS:")
        if kib < 0:
            if pid == root:
                return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
            continue
        total += kib * 1024
    return total


@dataclass(frozen=True)
class Budget:
    """When the optimal mode must stop adding rounds: a deadline on the monotonic clock
    (shared by forked workers) and a memory ceiling for the process tree of `root`."""

    deadline: float | None = None
    memory: int | None = None
    root: int = 0

    @classmethod
    def start(cls, seconds: float | None = None, memory: int | None = None) -> Budget:
        deadline = None if seconds is None else time.monotonic() + max(seconds, 0.0)
        return cls(deadline, memory, os.getpid())

    @property
    def limited(self) -> bool:
        return self.deadline is not None or self.memory is not None

    def out_of_time(self) -> bool:
        return self.deadline is not None and time.monotonic() >= self.deadline

    def reached(self) -> str | None:
        """'time' or 'memory' when that budget is used up, else None."""
        if self.out_of_time():
            return "time"
        if self.memory is not None and memory_in_use(self.root) >= self.memory:
            return "memory"
        return None


@dataclass(frozen=True)
class Gap:
    """How much an assignment that is not proved optimal could still improve, at most."""

    points: float  # total score, in points
    percent: float | None  # of the assignment's total score (None: the total is 0)
    pairs: int | None = None  # "count": more pairs, at most

    def to_stats(self) -> dict[str, float | int]:
        out: dict[str, float | int] = {"duality_gap": self.points}
        if self.percent is not None:
            out["duality_gap_percent"] = self.percent
        if self.pairs is not None:
            out["duality_gap_pairs"] = self.pairs
        return out


def score_gap(
    g: int, objective: str, n_mentees: int, total_hundredths: int, pairs: int, bonus: int
) -> Gap:
    """The gap in points (and pairs, "count") from G = Σ g_i in weight units (module doc)."""
    if objective == "count":
        hundredths = g
        more_pairs: int | None = (g + total_hundredths) // bonus
    else:
        hundredths = (g + pairs) // (n_mentees + 1)
        more_pairs = None
    percent = round(100.0 * hundredths / total_hundredths, 4) if total_hundredths else None
    return Gap(hundredths / 100, percent, more_pairs)
