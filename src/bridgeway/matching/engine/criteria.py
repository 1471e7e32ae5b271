"""Criteria compiled to NumPy arrays: vectorised fractions for blocks of pairs, and the words.

Every criterion gives, for a block of mentees x mentors, the fraction of its points earned
(0..1) and, when hard, whether the pair passes. A pair's reasons use the very same arrays (a
1 x 1 block), so an explanation always adds up to the score.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from . import text as textmod
from .languages import CLB_TOP
from .participants import Participant, distinct_answers, gc_paused
from .spec import Criterion, ProgramSpec
from .timezones import hours_apart, utc_offset_hours

Described = tuple[str, dict[str, Any]]


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v) for v in value if v is not None and v != ""]
    return [str(value)] if value != "" else []


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def _masks(sets: Sequence[tuple[str, ...]], vocab: dict[str, int]) -> np.ndarray:
    """Bit masks (n, words) of value sets over `vocab`."""
    words = max(1, (len(vocab) + 63) // 64)
    out = np.zeros((len(sets), words), dtype=np.uint64)
    bits = np.array([vocab[v] for values in sets for v in values], dtype=np.int64)
    if len(bits):
        rows = np.repeat(np.arange(len(sets)), [len(values) for values in sets])
        np.bitwise_or.at(
            out,
            (rows, bits >> 6),
            np.left_shift(np.uint64(1), (bits & 63).astype(np.uint64)),
        )
    return out


def _left(x: np.ndarray, pairs: bool) -> np.ndarray:
    """Mentee-side values shaped to broadcast: a column for blocks, as is for pair lists."""
    return x if pairs else x[:, None]


def _right(x: np.ndarray, pairs: bool) -> np.ndarray:
    return x if pairs else x[None, :]


def _any_common(a: np.ndarray, b: np.ndarray, pairs: bool) -> np.ndarray:
    """The sets share a value: (B, N) for a: (B, W), b: (N, W); (P,) for pair lists."""
    acc = _left(a[:, 0], pairs) & _right(b[:, 0], pairs)
    for w in range(1, a.shape[1]):
        acc |= _left(a[:, w], pairs) & _right(b[:, w], pairs)
    return acc != 0


def _count_common(a: np.ndarray, b: np.ndarray, pairs: bool) -> np.ndarray:
    acc = np.bitwise_count(_left(a[:, 0], pairs) & _right(b[:, 0], pairs)).astype(np.float32)
    for w in range(1, a.shape[1]):
        acc += np.bitwise_count(_left(a[:, w], pairs) & _right(b[:, w], pairs))
    return acc


def _bits(values: np.ndarray) -> np.ndarray:
    """Floats as integers that are equal exactly when the float64 values are."""
    return np.ascontiguousarray(values, dtype=np.float64).view(np.int64)


class Compiled:
    """Base: one criterion over the mentee and mentor arrays."""

    def __init__(self, spec: ProgramSpec, criterion: Criterion) -> None:
        self.spec = spec
        self.c = criterion
        self.applicable = np.zeros(0, dtype=bool)

    def evaluate(
        self, mi: np.ndarray, mj: np.ndarray | slice, want_ok: bool, pairs: bool = False
    ) -> tuple[np.ndarray | None, np.ndarray | None]:
        """(fraction earned, passes) for the block mentees `mi` x mentors `mj`, or for the
        pairs (mi[k], mj[k]) when `pairs` is true."""
        raise NotImplementedError

    def describe(self, i: int, j: int, fraction: float, ok: bool) -> Described | None:
        raise NotImplementedError

    def describe_key(self, i: int, j: int, fraction: float, ok: bool) -> Any:
        """Everything `describe` depends on, so equal keys can share one reason."""
        return (i, j, fraction, ok)

    def describe_keys(
        self, mi: np.ndarray, mj: np.ndarray, fractions: np.ndarray, ok: np.ndarray
    ) -> list[np.ndarray]:
        """`describe_key` for the pairs (mi[k], mj[k]) at once, as integer columns: pairs with
        equal columns have equal keys (the columns may tell apart pairs that the key does
        not, never the other way round)."""
        return [mi, mj, _bits(fractions), ok]

    def unmatched(self, i: int) -> Described:
        return "unmatched_combination", {"criteria": [self.c.label]}

    def need(self, i: int) -> tuple[Any, str] | None:
        """What mentee `i` requires under this hard criterion (key, words), for the gap report."""
        return None

    def need_key(self, i: int) -> Any:
        """The key of `need(i)` alone (None: no need), without putting it into words."""
        need = self.need(i)
        return None if need is None else need[0]

    def block_sets(self) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
        """(mentee masks, mentee wants anyone, mentor masks) if a hard rule means 'share a bit'."""
        return None

    def label(self, value: str) -> str:
        return self.spec.label(value, self.c)


class SetCriterion(Compiled):
    """shared_language, overlap, same_value, covers, preference and exclude_same."""

    def __init__(
        self,
        spec: ProgramSpec,
        criterion: Criterion,
        mentee_answers: Sequence[Any],
        mentor_answers: Sequence[Any],
    ) -> None:
        super().__init__(spec, criterion)
        kind = criterion.kind
        # Many people give the same answer: each distinct answer becomes a set once, and each
        # distinct set a bit mask once. The distinct answers come in order of first use, so the
        # vocabulary numbers values in the order people first give them.
        n = len(mentee_answers)
        answers = [*mentee_answers, *mentor_answers]
        number, first = distinct_answers(answers)
        distinct = [
            tuple(
                self._values(
                    answers[i], criterion.mentee_field if i < n else criterion.mentor_field
                )
            )
            for i in first.tolist()
        ]
        sets = [distinct[k] for k in number.tolist()]
        self.mentee_sets, self.mentor_sets = sets[:n], sets[n:]
        # Which distinct set each person gave: equal numbers, equal sets.
        self.a_set, self.b_set = number[:n], number[n:]
        vocab: dict[str, int] = {}
        for values in distinct:
            for v in values:
                vocab.setdefault(v, len(vocab))
        masks = _masks(distinct, vocab)
        self.distinct, self.vocab = distinct, vocab  # for joining mentees (mentor_side.py)
        self.a = masks[number[:n]]
        self.b = masks[number[n:]]
        self.a_empty: np.ndarray = np.asarray(~self.a.any(axis=1))
        self.b_empty: np.ndarray = np.asarray(~self.b.any(axis=1))
        self.a_size = np.bitwise_count(self.a).sum(axis=1).astype(np.float32)
        # One value a side (a sector, an employer): compare codes instead of bit masks.
        self.codes: tuple[np.ndarray, np.ndarray] | None = None
        if kind in ("same_value", "exclude_same") and all(len(v) <= 1 for v in distinct):
            code = np.array([vocab[v[0]] if v else -1 for v in distinct], dtype=np.int32)
            self.codes = (code[number[:n]], np.where(code < 0, -2, code)[number[n:]])
        # The preferring side with no preference is happy with anyone: full points.
        if kind == "preference" or kind == "exclude_same":
            self.applicable = np.ones(n, dtype=bool)
        else:
            self.applicable = ~self.a_empty

    def _values(self, raw: Any, name: str) -> list[str]:
        """The values of the answer `raw` to field `name`, sorted, each once."""
        if self.c.kind != "shared_language":
            return sorted(set(_as_list(raw)))
        if isinstance(raw, dict):
            return sorted(
                code
                for code, level in raw.items()
                if self.spec.level(level, name, self.c.scale) >= self.c.min_level
            )
        # A list of languages without levels: each spoken at the top of the scale.
        top = CLB_TOP if self.c.scale == "clb" else self.spec.top_level
        return sorted(set(_as_list(raw))) if top >= self.c.min_level else []

    # Sets are kept as tuples so that they can key the reason cache.

    def evaluate(
        self, mi: np.ndarray, mj: np.ndarray | slice, want_ok: bool, pairs: bool = False
    ) -> tuple[np.ndarray | None, np.ndarray | None]:
        kind = self.c.kind
        if self.codes is not None:
            same = _left(self.codes[0][mi], pairs) == _right(self.codes[1][mj], pairs)
            return (None, ~same) if kind == "exclude_same" else (same, same)
        a, b = self.a[mi], self.b[mj]
        if kind in ("shared_language", "same_value"):
            hit = _any_common(a, b, pairs)
            return hit, hit
        if kind == "exclude_same":
            return None, ~_any_common(a, b, pairs)
        if kind == "preference":
            hit = _any_common(a, b, pairs)
            if self.c.side == "mentee":
                hit |= _left(self.a_empty[mi], pairs)
            else:
                hit |= _right(self.b_empty[mj], pairs)
            return hit, hit
        count = _count_common(a, b, pairs)
        ok = count >= self.c.min_shared if want_ok else None
        if kind == "overlap":
            return np.minimum(count, self.c.min_shared) / np.float32(self.c.min_shared), ok
        size = _left(np.maximum(self.a_size[mi], 1), pairs)
        return count / size, ok  # covers

    def describe_key(self, i: int, j: int, fraction: float, ok: bool) -> Any:
        return (self.mentee_sets[i], self.mentor_sets[j], ok)

    def describe_keys(
        self, mi: np.ndarray, mj: np.ndarray, fractions: np.ndarray, ok: np.ndarray
    ) -> list[np.ndarray]:
        return [self.a_set[mi], self.b_set[mj], ok]

    def describe(self, i: int, j: int, fraction: float, ok: bool) -> Described | None:
        kind, c = self.c.kind, self.c
        mine, theirs = self.mentee_sets[i], self.mentor_sets[j]
        common = sorted(set(mine) & set(theirs))
        labels = [self.label(v) for v in common]
        if kind == "exclude_same":
            if ok:
                return None
            return "excluded_same_value", {"attribute": c.label, "value": labels, "values": common}
        if kind == "preference":
            wanted, has = (mine, theirs) if c.side == "mentee" else (theirs, mine)
            if not wanted:
                return "no_preference", {"attribute": c.label}
            params: dict[str, Any] = {
                "attribute": c.label,
                "wanted": [self.label(v) for v in wanted],
                "value": [self.label(v) for v in has] or ["-"],
                "values": list(has),
            }
            code = f"{c.side}_preference_{'met' if ok else 'not_met'}"
            return code, params
        if not mine:
            return "not_answered", {"attribute": c.label}
        # A mentor whose languages are all below the level has answered: say so, not "not
        # answered".
        if not theirs and not common and kind != "shared_language":
            return "mentor_not_answered", {"attribute": c.label}
        if kind == "shared_language":
            if common:
                return "shared_language", {"languages": labels, "values": common}
            return "no_shared_language", {"min_level": c.min_level}
        if kind == "overlap":
            if common:
                return "shared_items", {"attribute": c.label, "items": labels, "values": common}
            return "no_shared_items", {"attribute": c.label}
        if kind == "same_value":
            if common:
                return c.explain, {"attribute": c.label, "value": labels, "values": common}
            return "different_value", {
                "attribute": c.label,
                "value": [self.label(v) for v in theirs],
                "wanted": [self.label(v) for v in mine],
            }
        missing = sorted(set(mine) - set(theirs))
        params = {
            "covered": labels,
            "missing": [self.label(v) for v in missing],
            "values": common,
        }
        if not common:
            return "needs_not_covered", params
        return ("needs_covered" if not missing else "needs_partly_covered"), params

    def unmatched(self, i: int) -> Described:
        kind, c = self.c.kind, self.c
        labels = [self.label(v) for v in self.mentee_sets[i]]
        if kind == "shared_language":
            return "unmatched_no_language", {
                "languages": labels,
                "values": list(self.mentee_sets[i]),
            }
        if kind == "same_value":
            return "unmatched_no_value", {"attribute": c.label, "value": labels}
        if kind == "overlap":
            return "unmatched_no_items", {"attribute": c.label, "items": labels}
        if kind == "covers":
            return "unmatched_no_cover", {"needs": labels}
        if kind == "preference":
            if c.side == "mentee":
                return "unmatched_no_preference", {"attribute": c.label, "wanted": labels}
            return "unmatched_no_mentor_preference", {"attribute": c.label}
        return super().unmatched(i)

    def need_key(self, i: int) -> Any:
        values = self.mentee_sets[i]
        return None if self.c.kind == "exclude_same" or not values else tuple(values)

    def need(self, i: int) -> tuple[Any, str] | None:
        values = self.mentee_sets[i]
        if self.c.kind == "exclude_same" or not values:
            return None
        if self.c.kind == "preference" and self.c.side == "mentor":
            return tuple(values), f"{self.c.label}: " + " or ".join(self.label(v) for v in values)
        words = " or ".join(self.label(v) for v in values)
        if self.c.kind == "preference":
            words = f"{self.c.label}: {words}"
        return tuple(values), words

    def block_sets(self) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
        kind = self.c.kind
        if kind in ("shared_language", "same_value") or (
            kind in ("overlap", "covers") and self.c.min_shared >= 1
        ):
            return self.a, ~self.applicable, self.b
        if kind == "preference" and self.c.side == "mentee":
            return self.a, self.a_empty, self.b
        return None


class DistanceCriterion(Compiled):
    """distance and timezone: points fall linearly from full at 0 to none at the maximum."""

    def __init__(
        self,
        spec: ProgramSpec,
        criterion: Criterion,
        mentee_answers: Sequence[Any],
        mentor_answers: Sequence[Any],
        on: dt.date,
    ) -> None:
        super().__init__(spec, criterion)
        self.circular = criterion.kind == "timezone"
        self.a = self._values(mentee_answers, on)
        self.b = self._values(mentor_answers, on)
        self.applicable = ~np.isnan(self.a)
        self.b_missing = np.isnan(self.b)
        self.any_missing = bool(self.b_missing.any())
        self.inv_max = np.float32(1.0 / criterion.max_distance)
        self.max = np.float32(criterion.max_distance)

    def _values(self, answers: Sequence[Any], on: dt.date) -> np.ndarray:
        """The answers as numbers (NaN: not answered); each distinct text (a zone name) is
        read once."""
        known: dict[str, float] = {}
        values = []
        for raw in answers:
            if type(raw) is str:
                value = known.get(raw)
                if value is None:
                    value = known[raw] = self._value(raw, on)
            else:
                value = self._value(raw, on)
            values.append(value)
        return np.array(values, dtype=np.float32)

    def _value(self, raw: Any, on: dt.date) -> float:
        if raw is None:
            return math.nan
        if self.c.kind == "timezone":
            return utc_offset_hours(raw, on)
        return float(raw)

    def distances(self, mi: np.ndarray, mj: np.ndarray | slice, pairs: bool) -> np.ndarray:
        d = np.abs(_left(self.a[mi], pairs) - _right(self.b[mj], pairs))
        if self.circular:
            # Offsets run from -12 to +14: 26 hours "apart" are 2 hours apart.
            np.minimum(d, np.float32(24) - d, out=d)
            np.abs(d, out=d)
        return d

    def evaluate(
        self, mi: np.ndarray, mj: np.ndarray | slice, want_ok: bool, pairs: bool = False
    ) -> tuple[np.ndarray | None, np.ndarray | None]:
        d = self.distances(mi, mj, pairs)
        ok = d <= self.max if want_ok else None  # NaN compares False: missing fails
        frac = np.float32(1) - d * self.inv_max
        np.maximum(frac, 0, out=frac)
        if self.any_missing or not self.applicable[mi].all():
            frac[np.isnan(frac)] = 0
        return frac, ok

    def describe_key(self, i: int, j: int, fraction: float, ok: bool) -> Any:
        return (float(self.a[i]), float(self.b[j]))

    def describe_keys(
        self, mi: np.ndarray, mj: np.ndarray, fractions: np.ndarray, ok: np.ndarray
    ) -> list[np.ndarray]:
        return [_bits(self.a[mi]), _bits(self.b[mj])]

    def describe(self, i: int, j: int, fraction: float, ok: bool) -> Described | None:
        c = self.c
        if math.isnan(self.a[i]):
            return "not_answered", {"attribute": c.label}
        if math.isnan(self.b[j]):
            return "mentor_not_answered", {"attribute": c.label}
        a, b = float(self.a[i]), float(self.b[j])
        d = hours_apart(a, b) if self.circular else abs(a - b)
        d = round(d, 2)
        if self.circular:
            if d == 0:
                return "same_time_zone", {"hours": 0}
            code = "hours_apart" if d <= c.max_distance else "too_many_hours_apart"
            if d == 1 and c.max_distance >= 1:
                code = "one_hour_apart"
            return code, {"hours": _fmt(d), "max": _fmt(c.max_distance)}
        code = "close_values" if d <= c.max_distance else "too_far_apart"
        return code, {"attribute": c.label, "distance": _fmt(d), "max": _fmt(c.max_distance)}

    def unmatched(self, i: int) -> Described:
        if self.circular:
            return "unmatched_no_time_zone", {"max": _fmt(self.c.max_distance)}
        return "unmatched_no_distance", {
            "attribute": self.c.label,
            "max": _fmt(self.c.max_distance),
        }

    def need_key(self, i: int) -> Any:
        value = float(self.a[i])
        return None if math.isnan(value) else value

    def need(self, i: int) -> tuple[Any, str] | None:
        value = float(self.a[i])
        if math.isnan(value):
            return None
        if self.circular:
            return value, f"UTC{value:+g} (within {_fmt(self.c.max_distance)} h)"
        return value, f"{self.c.label} {value:g} (within {_fmt(self.c.max_distance)})"


class TextCriterion(Compiled):
    """Free-text similarity (see text.py): cosine of folded TF-IDF vectors."""

    def __init__(
        self,
        spec: ProgramSpec,
        criterion: Criterion,
        mentee_answers: Sequence[Any],
        mentor_answers: Sequence[Any],
        vectors: Sequence[str | None],
    ) -> None:
        """`vectors`: the cached text vector of every mentee, then of every mentor, or None."""
        super().__init__(spec, criterion)
        q, which = textmod.folded_rows(texts_of([*mentee_answers, *mentor_answers]), vectors)
        n = len(mentee_answers)
        self.set_rows((q, which[:n]), (q, which[n:]))

    def set_rows(
        self, mentees: tuple[np.ndarray, np.ndarray], mentors: tuple[np.ndarray, np.ndarray]
    ) -> None:
        """Each side's folded vectors as (q, which): person k's vector is q[which[k]]."""
        (qa, mentee_rows), (qb, mentor_rows) = mentees, mentors
        a_has, a_inv = _inverse_norms(qa)
        b_inv = _inverse_norms(qb)[1] if qb is not qa else a_inv
        self.a, self.b = qa[mentee_rows], qb[mentor_rows]
        self.applicable = a_has[mentee_rows]
        self.a_scale = (a_inv[mentee_rows] / self.c.full_at).astype(np.float32)
        self.b_scale = b_inv[mentor_rows].astype(np.float32)
        self._groups: dict[int, tuple[np.ndarray, np.ndarray]] = {}

    def _mentor_rows(self, mj: np.ndarray | slice, pairs: bool) -> np.ndarray:
        """Mentor vectors for `mj`; the partition's fixed mentor groups are copied only once,
        which keeps a single suggestion from copying megabytes each time."""
        if pairs or not isinstance(mj, np.ndarray) or len(mj) < 256:
            return self.b[mj]
        hit = self._groups.get(id(mj))
        if hit is not None and hit[0] is mj:
            return hit[1]
        rows = self.b[mj]
        if len(self._groups) < 64:
            self._groups[id(mj)] = (mj, rows)
        return rows

    def cosines(
        self, mi: np.ndarray, mj: np.ndarray | slice, pairs: bool, keep: bool = True
    ) -> np.ndarray:
        """`keep`: the mentors' vectors of a large `mj` may be kept for the next call (the
        partition's fixed groups); False for one-off sets of mentors."""
        # Whole-number products summed exactly: a pair list and a block give equal numbers.
        a, b = self.a[mi], (self._mentor_rows(mj, pairs) if keep else self.b[mj])
        dot = np.einsum("ij,ij->i", a, b) if pairs else a @ b.T
        dot *= _left(self.a_scale[mi], pairs)
        dot *= _right(self.b_scale[mj], pairs)
        return dot

    def evaluate(
        self, mi: np.ndarray, mj: np.ndarray | slice, want_ok: bool, pairs: bool = False
    ) -> tuple[np.ndarray | None, np.ndarray | None]:
        return self.fractions(mi, mj, pairs), None

    def fractions(
        self, mi: np.ndarray, mj: np.ndarray | slice, pairs: bool = False, keep: bool = True
    ) -> np.ndarray:
        """The fraction of the points earned (`evaluate`'s), see `cosines` for `keep`."""
        frac = self.cosines(mi, mj, pairs, keep)
        np.clip(frac, 0, 1, out=frac)
        return frac

    def describe_key(self, i: int, j: int, fraction: float, ok: bool) -> Any:
        return (bool(self.applicable[i]), round(100 * fraction * self.c.full_at))

    def describe_keys(
        self, mi: np.ndarray, mj: np.ndarray, fractions: np.ndarray, ok: np.ndarray
    ) -> list[np.ndarray]:
        # np.rint rounds half to even, as round() does, on the same float64 products.
        return [self.applicable[mi], np.rint(100 * fractions * self.c.full_at)]

    def describe(self, i: int, j: int, fraction: float, ok: bool) -> Described | None:
        if not self.applicable[i]:
            return "not_answered", {"attribute": self.c.label}
        percent = round(100 * fraction * self.c.full_at)
        if percent <= 0:
            return "little_text_in_common", {"percent": 0}
        return "similar_text", {"percent": percent}


def texts_of(answers: Sequence[Any]) -> list[str]:
    """The free texts of answers to a text field ("" for none)."""
    return [raw if isinstance(raw, str) else "" for raw in answers]


def _inverse_norms(q: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(has a vector, 1 / its norm or 0) of each row of folded vectors. Whole numbers up to
    127: the sums of squares are exact in float32 in any order."""
    norms = np.sqrt(np.einsum("ij,ij->i", q, q).astype(np.float64))
    has = norms > 0
    return has, np.where(has, 1.0 / np.where(has, norms, 1.0), 0.0)


def compile_criteria(
    spec: ProgramSpec,
    mentees: Sequence[Participant],
    mentors: Sequence[Participant],
    on: dt.date | None = None,
) -> list[Compiled]:
    """Every criterion of the spec over these mentees and mentors. `on`: the day time zones
    are read on (default: the spec's reference date, else today)."""
    on = on or spec.reference_date or dt.date.today()
    criteria = spec.criteria
    with gc_paused():
        mine, theirs = columns(spec, mentees, "mentee"), columns(spec, mentors, "mentor")
        return [
            compile_one(
                spec,
                c,
                mine[c.mentee_field],
                theirs[c.mentor_field],
                on,
                mine[_VECTOR, c.mentee_field] + theirs[_VECTOR, c.mentor_field]
                if c.kind == "text"
                else [],
            )
            for c in criteria
        ]


def compile_one(
    spec: ProgramSpec,
    c: Criterion,
    a: Sequence[Any],
    b: Sequence[Any],
    on: dt.date,
    vectors: Sequence[str | None],
) -> Compiled:
    """One criterion over the mentees' answers `a` and the mentors' `b` (`vectors`: the text
    vectors of both, for a text criterion)."""
    from .newcomer import compile_newcomer  # built on this module's classes

    newcomer = compile_newcomer(spec, c, a, b)
    if newcomer is not None:
        return newcomer
    if c.kind in ("distance", "timezone"):
        return DistanceCriterion(spec, c, a, b, on)
    if c.kind == "text":
        return TextCriterion(spec, c, a, b, vectors)
    return SetCriterion(spec, c, a, b)


def columns(spec: ProgramSpec, people: Sequence[Participant], role: str) -> dict[Any, list[Any]]:
    """`_columns` of the fields the spec reads on one side ("mentee" or "mentor")."""
    field = "mentee_field" if role == "mentee" else "mentor_field"
    return _columns(
        people,
        [getattr(c, field) for c in spec.criteria],
        [getattr(c, field) for c in spec.criteria if c.kind == "text"],
    )


_VECTOR = "text vector"  # keys ("text vector", field) hold the cached text vectors


def _columns(
    people: Sequence[Participant], names: Sequence[str], vector_names: Sequence[str]
) -> dict[Any, list[Any]]:
    """Everyone's answer to each field of `names` (keyed by the field) and cached text
    vector for each of `vector_names` (keyed (_VECTOR, field)), read in one pass: a person's
    answers are read together while they are in the processor's cache, which is much faster
    than a pass a field over a large cohort."""
    names, vector_names = list(dict.fromkeys(names)), list(dict.fromkeys(vector_names))
    keys = [*names, *((_VECTOR, name) for name in vector_names)]
    rows = [(*map(p.answers.get, names), *map(p.text_vectors.get, vector_names)) for p in people]
    columns = zip(*rows, strict=True) if rows else ((),) * len(keys)
    return {key: list(column) for key, column in zip(keys, columns, strict=True)}
