"""The newcomer criteria, compiled like the others (criteria.py): language levels on the
Canadian Language Benchmarks, NOC 2021 occupations with partial credit, the arrival date and
accommodation needs. See docs/matching-format.md for what each earns and what hard means."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from . import newcomer_answers as read
from .criteria import Compiled, Described, SetCriterion, _bits, _left, _masks, _right
from .languages import level_name, level_style
from .messages import ACCOMMODATION_LABELS, NOC_CATEGORY_LABELS, NOC_TEER_LABELS
from .participants import distinct_answers
from .spec import Criterion, ProgramSpec


def _numbered(answers: Sequence[Any], reader: Any) -> tuple[np.ndarray, list[Any]]:
    """(the number of each person's distinct answer, each distinct answer as `reader` reads
    it): many people give the same answer, which is then read once."""
    number, first = distinct_answers(answers)
    return number, [reader(answers[k]) for k in first.tolist()]


class LanguageLevelCriterion(SetCriterion):
    """shared_language on the CLB scale: scored as the set kind; the reason names the level in
    the scale the mentee used ("NCLC 7 or above", "B2 or above")."""

    def __init__(
        self,
        spec: ProgramSpec,
        criterion: Criterion,
        mentee_answers: Sequence[Any],
        mentor_answers: Sequence[Any],
    ) -> None:
        super().__init__(spec, criterion, mentee_answers, mentor_answers)
        number, styles = _numbered(mentee_answers, level_style)
        self.style = np.array(styles, dtype=np.int64)[number] if styles else number

    def describe_key(self, i: int, j: int, fraction: float, ok: bool) -> Any:
        return (*super().describe_key(i, j, fraction, ok), int(self.style[i]))

    def describe_keys(
        self, mi: np.ndarray, mj: np.ndarray, fractions: np.ndarray, ok: np.ndarray
    ) -> list[np.ndarray]:
        return [*super().describe_keys(mi, mj, fractions, ok), self.style[mi]]

    def describe(self, i: int, j: int, fraction: float, ok: bool) -> Described | None:
        described = super().describe(i, j, fraction, ok)
        if described is None or described[0] != "shared_language" or self.c.min_level <= 1:
            return described
        params = dict(described[1])
        common = tuple(params["values"])
        params["level"] = level_name(self.c.min_level, int(self.style[i]), common)
        return "shared_language_at_level", params


class OccupationCriterion(Compiled):
    """NOC 2021 unit groups: full points for the same unit group, the configured share for the
    same broad category (first digit) or TEER (second digit), the best of the two."""

    def __init__(
        self,
        spec: ProgramSpec,
        criterion: Criterion,
        mentee_answers: Sequence[Any],
        mentor_answers: Sequence[Any],
    ) -> None:
        super().__init__(spec, criterion)
        a_number, a_sets = _numbered(mentee_answers, read.noc_codes)
        b_number, b_sets = _numbered(mentor_answers, read.noc_codes)
        self.a_set, self.b_set = a_number, b_number
        self.a_sets, self.b_sets = a_sets, b_sets
        self.a = self._codes(a_sets, a_number, -1)
        self.b = self._codes(b_sets, b_number, -2)
        self.applicable = self.a[0].max(axis=1) >= 0 if len(a_number) else np.zeros(0, bool)
        self.by_category = np.float32(criterion.partial.get("broad_category", 0))
        self.by_teer = np.float32(criterion.partial.get("teer", 0))

    @staticmethod
    def _codes(sets: list[Any], number: np.ndarray, pad: int) -> tuple[np.ndarray, ...]:
        """(unit group, broad category, TEER) columns for each person; `pad` where none (the
        two sides pad differently so that no pad equals the other side's)."""
        width = max([1, *map(len, sets)])
        table = np.full((len(sets), 3, width), pad, dtype=np.int32)
        for row, codes in enumerate(sets):
            for col, code in enumerate(codes):
                table[row, :, col] = (int(code), int(code[0]), int(code[1]))
        people = table[number] if len(sets) else np.full((0, 3, width), pad, dtype=np.int32)
        return people[:, 0], people[:, 1], people[:, 2]

    def evaluate(
        self, mi: np.ndarray, mj: np.ndarray | slice, want_ok: bool, pairs: bool = False
    ) -> tuple[np.ndarray | None, np.ndarray | None]:
        a = [side[mi] for side in self.a]
        b = [side[mj] for side in self.b]
        frac: np.ndarray | None = None
        for p in range(a[0].shape[1]):
            for q in range(b[0].shape[1]):
                same = _left(a[0][:, p], pairs) == _right(b[0][:, q], pairs)
                category = _left(a[1][:, p], pairs) == _right(b[1][:, q], pairs)
                teer = _left(a[2][:, p], pairs) == _right(b[2][:, q], pairs)
                value = np.maximum(category * self.by_category, teer * self.by_teer)
                value[same] = 1
                frac = value if frac is None else np.maximum(frac, value)
        assert frac is not None
        return frac.astype(np.float32, copy=False), (frac > 0 if want_ok else None)

    def describe_key(self, i: int, j: int, fraction: float, ok: bool) -> Any:
        return (int(self.a_set[i]), int(self.b_set[j]))

    def describe_keys(
        self, mi: np.ndarray, mj: np.ndarray, fractions: np.ndarray, ok: np.ndarray
    ) -> list[np.ndarray]:
        return [self.a_set[mi], self.b_set[mj]]

    def describe(self, i: int, j: int, fraction: float, ok: bool) -> Described | None:
        mine, theirs = self.a_sets[self.a_set[i]], self.b_sets[self.b_set[j]]
        if not mine:
            return "not_answered", {"attribute": self.c.label}
        if not theirs:
            return "mentor_not_answered", {"attribute": self.c.label}
        same = sorted(set(mine) & set(theirs))
        if same:
            return "same_occupation", {"code": same[0], "values": same}
        # The closest pair of codes, as the score counts it (a category before a TEER on a tie).
        best: tuple[float, int, str, str] = (-1.0, 0, "", "")
        for x in mine:
            for y in theirs:
                category = self.by_category if x[0] == y[0] else 0.0
                teer = self.by_teer if x[1] == y[1] else 0.0
                value = (float(max(category, teer)), int(x[0] == y[0]) + int(x[1] == y[1]))
                if value > best[:2]:
                    best = (*value, x, y)
        _, _, x, y = best
        params = {
            "category": x[0],
            "category_name": NOC_CATEGORY_LABELS[x[0]],
            "teer": x[1],
            "teer_name": NOC_TEER_LABELS.get(x[1], ""),
            "mine": x,
            "theirs": y,
        }
        same_category = x[0] == y[0] and self.by_category > 0
        same_teer = x[1] == y[1] and self.by_teer > 0
        if same_category and same_teer:
            return "same_noc_category_and_teer", params
        if same_category:
            return "same_noc_category", params
        if same_teer:
            return "same_noc_teer", params
        return "different_occupation", params

    def unmatched(self, i: int) -> Described:
        codes = list(self.a_sets[self.a_set[i]])
        return "unmatched_no_occupation", {"codes": codes}

    def need_key(self, i: int) -> Any:
        return self.a_sets[self.a_set[i]] or None

    def need(self, i: int) -> tuple[Any, str] | None:
        codes = self.a_sets[self.a_set[i]]
        return (codes, "NOC " + " or ".join(codes)) if codes else None


class ArrivalCriterion(Compiled):
    """A pre-arrival mentee's expected arrival date against a mentor's available dates: the
    share of the days from `weeks` weeks before the arrival to `weeks` weeks after it on which
    the mentor is available."""

    def __init__(
        self,
        spec: ProgramSpec,
        criterion: Criterion,
        mentee_answers: Sequence[Any],
        mentor_answers: Sequence[Any],
    ) -> None:
        super().__init__(spec, criterion)
        number, days = _numbered(mentee_answers, read.arrival_day)
        self.a = np.array(days, dtype=np.float64)[number] if days else np.zeros(0)
        number, windows = _numbered(mentor_answers, read.window_days)
        table = np.array(windows, dtype=np.float64).reshape(-1, 2)[number]
        self.b_from, self.b_to = table[:, 0], table[:, 1]
        self.applicable = ~np.isnan(self.a)
        self.days = round(criterion.weeks * 7)
        self.total = 2 * self.days + 1

    def covered_days(self, mi: np.ndarray, mj: np.ndarray | slice, pairs: bool) -> np.ndarray:
        a = _left(self.a[mi], pairs)
        start = np.maximum(_right(self.b_from[mj], pairs), a - self.days)
        end = np.minimum(_right(self.b_to[mj], pairs), a + self.days)
        days = end - start + 1
        days[~(days > 0)] = 0  # NaN (either side not answered) covers nothing
        return days

    def evaluate(
        self, mi: np.ndarray, mj: np.ndarray | slice, want_ok: bool, pairs: bool = False
    ) -> tuple[np.ndarray | None, np.ndarray | None]:
        days = self.covered_days(mi, mj, pairs)
        return (days / self.total).astype(np.float32), (days > 0 if want_ok else None)

    def describe_key(self, i: int, j: int, fraction: float, ok: bool) -> Any:
        return (float(self.a[i]), float(self.b_from[j]), float(self.b_to[j]))

    def describe_keys(
        self, mi: np.ndarray, mj: np.ndarray, fractions: np.ndarray, ok: np.ndarray
    ) -> list[np.ndarray]:
        return [_bits(self.a[mi]), _bits(self.b_from[mj]), _bits(self.b_to[mj])]

    def describe(self, i: int, j: int, fraction: float, ok: bool) -> Described | None:
        arrival, start, end = float(self.a[i]), float(self.b_from[j]), float(self.b_to[j])
        if math.isnan(arrival):
            return "not_answered", {"attribute": self.c.label}
        if math.isnan(start):
            return "mentor_not_answered", {"attribute": self.c.label}
        one = np.array([i])
        days = int(self.covered_days(one, np.array([j]), True)[0])
        params: dict[str, Any] = {
            "arrival": read.day_text(arrival),
            "weeks": f"{self.c.weeks:g}",
            "from": read.day_text(start),
            "to": read.day_text(end),
            "days": days,
            "total": self.total,
        }
        if days >= self.total:
            return "available_around_arrival", params
        shape = "between" if params["from"] and params["to"] else "from" if params["from"] else "to"
        if days > 0:
            return f"available_part_{shape}", params
        if shape == "between":
            return "not_available_between", params
        return ("available_only_after" if shape == "from" else "available_only_before"), params

    def unmatched(self, i: int) -> Described:
        return "unmatched_no_arrival", {
            "arrival": read.day_text(float(self.a[i])),
            "weeks": f"{self.c.weeks:g}",
        }

    def need_key(self, i: int) -> Any:
        return read.day_text(float(self.a[i])) or None

    def need(self, i: int) -> tuple[Any, str] | None:
        day = read.day_text(float(self.a[i]))
        return (day, f"arrival {day} (± {self.c.weeks:g} weeks)") if day else None


class AccommodationCriterion(Compiled):
    """A mentee's accommodation needs against what a mentor offers: the share of the needs
    offered; when hard, every need marked essential must be offered."""

    def __init__(
        self,
        spec: ProgramSpec,
        criterion: Criterion,
        mentee_answers: Sequence[Any],
        mentor_answers: Sequence[Any],
    ) -> None:
        super().__init__(spec, criterion)
        self.a_set, a_sets = _numbered(mentee_answers, read.needs)
        self.b_set, b_sets = _numbered(mentor_answers, read.offers)
        self.a_sets: list[tuple[tuple[str, ...], tuple[str, ...]]] = a_sets
        self.b_sets: list[tuple[str, ...]] = b_sets
        vocab: dict[str, int] = {}
        for every, _essential in a_sets:
            for value in every:
                vocab.setdefault(value, len(vocab))
        for offered in b_sets:
            for value in offered:
                vocab.setdefault(value, len(vocab))
        self.vocab = vocab  # for joining mentees (mentor_side.py)
        self.a = _masks([every for every, _ in a_sets], vocab)[self.a_set]
        self.a_essential = _masks([essential for _, essential in a_sets], vocab)[self.a_set]
        self.b = _masks(b_sets, vocab)[self.b_set]
        sizes = np.bitwise_count(self.a).sum(axis=1).astype(np.float32)
        self.applicable = sizes > 0
        self.a_size = np.maximum(sizes, 1)

    def evaluate(
        self, mi: np.ndarray, mj: np.ndarray | slice, want_ok: bool, pairs: bool = False
    ) -> tuple[np.ndarray | None, np.ndarray | None]:
        a, b = self.a[mi], self.b[mj]
        count = np.bitwise_count(_left(a[:, 0], pairs) & _right(b[:, 0], pairs)).astype(np.float32)
        for w in range(1, a.shape[1]):
            count += np.bitwise_count(_left(a[:, w], pairs) & _right(b[:, w], pairs))
        ok = None
        if want_ok:
            essential = self.a_essential[mi]
            missing = _left(essential[:, 0], pairs) & ~_right(b[:, 0], pairs)
            for w in range(1, a.shape[1]):
                missing |= _left(essential[:, w], pairs) & ~_right(b[:, w], pairs)
            ok = missing == 0
        return count / _left(self.a_size[mi], pairs), ok

    def describe_key(self, i: int, j: int, fraction: float, ok: bool) -> Any:
        return (int(self.a_set[i]), int(self.b_set[j]))

    def describe_keys(
        self, mi: np.ndarray, mj: np.ndarray, fractions: np.ndarray, ok: np.ndarray
    ) -> list[np.ndarray]:
        return [self.a_set[mi], self.b_set[mj]]

    def label(self, value: str) -> str:
        if value in self.c.labels or value in self.spec.labels:
            return super().label(value)
        return ACCOMMODATION_LABELS.get(value, value)

    def describe(self, i: int, j: int, fraction: float, ok: bool) -> Described | None:
        every, essential = self.a_sets[self.a_set[i]]
        offered = set(self.b_sets[self.b_set[j]])
        if not every:
            return "not_answered", {"attribute": self.c.label}
        if not offered:
            return "mentor_not_answered", {"attribute": self.c.label}
        met = [v for v in every if v in offered]
        missing = [v for v in every if v not in offered]
        essential_missing = [v for v in essential if v not in offered]
        params: dict[str, Any] = {
            "offered": [self.label(v) for v in met],
            "missing": [self.label(v) for v in missing],
            "values": met,
        }
        if essential_missing:
            params["missing"] = [self.label(v) for v in essential_missing]
            params["missing_values"] = essential_missing
            if met:
                return "accommodations_essential_partly", params
            return "accommodations_essential_missing", params
        params["missing_values"] = missing
        if not met:
            return "accommodations_not_offered", params
        return ("accommodations_partly_offered" if missing else "accommodations_offered"), params

    def unmatched(self, i: int) -> Described:
        _every, essential = self.a_sets[self.a_set[i]]
        return "unmatched_no_accommodation", {
            "needs": [self.label(v) for v in essential],
            "values": list(essential),
        }

    def need_key(self, i: int) -> Any:
        return self.a_sets[self.a_set[i]][1] or None

    def need(self, i: int) -> tuple[Any, str] | None:
        essential = self.a_sets[self.a_set[i]][1]
        if not essential:
            return None
        return essential, "offers " + " and ".join(self.label(v) for v in essential)


def compile_newcomer(
    spec: ProgramSpec, criterion: Criterion, mine: Sequence[Any], theirs: Sequence[Any]
) -> Compiled | None:
    """The compiled criterion when `criterion` is one of the newcomer kinds, else None."""
    kind = criterion.kind
    if kind == "shared_language" and criterion.scale == "clb":
        return LanguageLevelCriterion(spec, criterion, mine, theirs)
    maker = {
        "occupation": OccupationCriterion,
        "arrival": ArrivalCriterion,
        "accommodations": AccommodationCriterion,
    }.get(kind)
    return None if maker is None else maker(spec, criterion, mine, theirs)
