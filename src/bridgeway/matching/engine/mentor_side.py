"""A program's mentors compiled once, to score a few mentees at a time against them.

A page about one mentee (their suggestions, the preview of a pair) scores that mentee against
every mentor. Compiling every criterion's mentor arrays takes far longer than scoring one
row, and the mentors change far less often than the mentee asking, so a `MentorSide` keeps
them: `Engine.from_side(side, mentees)` then compiles the mentees alone and joins them to it.

The joined engine gives exactly the numbers an engine built from the same mentees and mentors
gives (tests/matching/engine/test_mentor_side.py):

- most criteria read each side on its own, so the mentees' arrays are compiled apart;
- value sets number their values in one vocabulary: the mentees' new values are added after
  the mentors' (a pair shares values whatever their numbers);
- free-text similarity weighs a word by how rare it is among every text loaded, the mentees'
  included: the mentors' texts are analysed or decoded once, and only weighed again at each
  join with the document counts the mentees add (`text.fold_rows`).

A criterion kind this module does not know is compiled whole at each join, from the mentors'
answers kept here: slower, never wrong.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np

from . import newcomer_answers as read
from . import text as textmod
from .criteria import (
    _VECTOR,
    Compiled,
    DistanceCriterion,
    SetCriterion,
    TextCriterion,
    _masks,
    columns,
    compile_one,
    texts_of,
)
from .errors import FormatError
from .languages import level_style
from .newcomer import (
    AccommodationCriterion,
    ArrivalCriterion,
    LanguageLevelCriterion,
    OccupationCriterion,
    _numbered,
)
from .participants import Participant, check_participant, distinct_answers, gc_paused
from .spec import Criterion, ProgramSpec

# The mentee-side attributes of criteria whose two sides are compiled apart.
_MENTEE_SIDE: dict[type[Compiled], tuple[str, ...]] = {
    DistanceCriterion: ("a", "applicable"),
    OccupationCriterion: ("a", "a_set", "a_sets", "applicable"),
    ArrivalCriterion: ("a", "applicable"),
}


class _Part(Protocol):
    def join(self, mine: Sequence[Any], vectors: Sequence[str | None]) -> Compiled: ...


class MentorSide:
    """Mentors compiled for a spec, on the day `on` (time zones are read on that day).
    `capacity` holds each mentor's free places; `Engine.from_side` may give others."""

    def __init__(
        self,
        spec: ProgramSpec,
        mentors: Sequence[Participant],
        *,
        on: dt.date | None = None,
        validate: bool = True,
    ) -> None:
        self.spec = spec
        self.mentors = list(mentors)
        self.on = on or spec.reference_date or dt.date.today()
        self.mentor_index: dict[str, int] = {}
        for k, person in enumerate(self.mentors):
            if person.role != "mentor":
                raise FormatError(f"{person.id} is not a mentor", field="role")
            if self.mentor_index.setdefault(person.id, k) != k:
                raise FormatError(f"id {person.id!r} is used twice", field="id")
            if validate:
                try:
                    check_participant(spec, person)
                except FormatError as error:
                    raise error.prefixed(f"participant {person.id}") from None
        self.capacity = np.array([p.capacity for p in self.mentors], dtype=np.int64)
        self.excludes = [(j, p.exclude) for j, p in enumerate(self.mentors) if p.exclude]
        with gc_paused():
            theirs = columns(spec, self.mentors, "mentor")
            self._parts: list[_Part] = [
                _part(
                    spec, c, theirs[c.mentor_field], theirs.get((_VECTOR, c.mentor_field)), self.on
                )
                for c in spec.criteria
            ]

    def criteria(self, mentees: Sequence[Participant]) -> list[Compiled]:
        """Every criterion compiled for `mentees` against these mentors."""
        with gc_paused():
            mine = columns(self.spec, mentees, "mentee")
            return [
                part.join(mine[c.mentee_field], mine.get((_VECTOR, c.mentee_field), []))
                for c, part in zip(self.spec.criteria, self._parts, strict=True)
            ]


def _part(
    spec: ProgramSpec,
    c: Criterion,
    theirs: list[Any],
    vectors: list[str | None] | None,
    on: dt.date,
) -> _Part:
    if c.kind == "text":
        return _TextPart(spec, c, theirs, vectors or [None] * len(theirs))
    compiled = compile_one(spec, c, [], theirs, on, [])
    kind = type(compiled)
    if kind in _MENTEE_SIDE:
        return _ApartPart(spec, c, compiled, on)
    if kind in (SetCriterion, LanguageLevelCriterion):
        assert isinstance(compiled, SetCriterion)
        return _SetPart(compiled)
    if kind is AccommodationCriterion:
        assert isinstance(compiled, AccommodationCriterion)
        return _AccommodationPart(compiled)
    return _WholePart(spec, c, theirs, on)


class _ApartPart:
    """A criterion whose mentee arrays do not depend on the mentors."""

    def __init__(self, spec: ProgramSpec, c: Criterion, mentors: Compiled, on: dt.date) -> None:
        self.spec, self.c, self.mentors, self.on = spec, c, mentors, on

    def join(self, mine: Sequence[Any], vectors: Sequence[str | None]) -> Compiled:
        mentees = compile_one(self.spec, self.c, mine, [], self.on, [])
        out = copy.copy(self.mentors)
        for name in _MENTEE_SIDE[type(out)]:
            setattr(out, name, getattr(mentees, name))
        return out


def _widened(masks: np.ndarray, words: int) -> np.ndarray:
    """Bit masks with zero words added up to `words` words."""
    if masks.shape[1] >= words:
        return masks
    return np.pad(masks, ((0, 0), (0, words - masks.shape[1])))


class _SetPart:
    """Value sets (and language levels): the mentees' values join the mentors' vocabulary."""

    def __init__(self, mentors: SetCriterion) -> None:
        self.mentors = mentors
        self.single = all(len(values) <= 1 for values in mentors.distinct)

    def join(self, mine: Sequence[Any], vectors: Sequence[str | None]) -> Compiled:
        side, c = self.mentors, self.mentors.c
        out = copy.copy(side)
        number, first = distinct_answers(mine)
        distinct = [tuple(side._values(mine[k], c.mentee_field)) for k in first.tolist()]
        vocab = dict(side.vocab)
        for values in distinct:
            for v in values:
                vocab.setdefault(v, len(vocab))
        masks = _masks(distinct, vocab)
        out.mentee_sets = [distinct[k] for k in number.tolist()]
        out.a_set = number  # a column of its own: equal numbers, equal sets
        out.a = masks[number]
        out.b = _widened(side.b, masks.shape[1])
        out.a_empty = np.asarray(~out.a.any(axis=1))
        out.a_size = np.bitwise_count(out.a).sum(axis=1).astype(np.float32)
        out.codes = None
        if side.codes is not None and all(len(v) <= 1 for v in distinct):
            code = np.array([vocab[v[0]] if v else -1 for v in distinct], dtype=np.int32)
            out.codes = (code[number], side.codes[1])
        if c.kind in ("preference", "exclude_same"):
            out.applicable = np.ones(len(mine), dtype=bool)
        else:
            out.applicable = ~out.a_empty
        if isinstance(out, LanguageLevelCriterion):
            styled, styles = _numbered(mine, level_style)
            out.style = np.array(styles, dtype=np.int64)[styled] if styles else styled
        return out


class _AccommodationPart:
    """Accommodation needs: the mentees' needs join the vocabulary of what mentors offer."""

    def __init__(self, mentors: AccommodationCriterion) -> None:
        self.mentors = mentors

    def join(self, mine: Sequence[Any], vectors: Sequence[str | None]) -> Compiled:
        side = self.mentors
        out = copy.copy(side)
        out.a_set, a_sets = _numbered(mine, read.needs)
        out.a_sets = a_sets
        vocab = dict(side.vocab)
        for every, _essential in a_sets:
            for value in every:
                vocab.setdefault(value, len(vocab))
        out.a = _masks([every for every, _ in a_sets], vocab)[out.a_set]
        out.a_essential = _masks([essential for _, essential in a_sets], vocab)[out.a_set]
        out.b = _widened(side.b, out.a.shape[1])
        sizes = np.bitwise_count(out.a).sum(axis=1).astype(np.float32)
        out.applicable = sizes > 0
        out.a_size = np.maximum(sizes, 1)
        return out


class _TextPart:
    """Free text: the mentors' texts analysed (or their vectors decoded) once, with how many
    of them hold each feature; each join weighs them again with the mentees counted in."""

    def __init__(
        self, spec: ProgramSpec, c: Criterion, theirs: list[Any], vectors: list[str | None]
    ) -> None:
        self.spec, self.c = spec, c
        rows, self.which = textmod.text_rows(texts_of(theirs), vectors)
        self.features, self.counts = textmod.document_counts(rows, self.which)
        self.folding = textmod.Folding(rows, np.searchsorted(self.features, rows[1]))
        self.n = len(theirs)

    def join(self, mine: Sequence[Any], vectors: Sequence[str | None]) -> Compiled:
        rows, which = textmod.text_rows(texts_of(mine), vectors or [None] * len(mine))
        features, counts = textmod.document_counts(rows, which)
        n_docs = self.n + len(mine)
        # Where the mentees' features are among the mentors' (both sorted).
        at = np.minimum(np.searchsorted(self.features, features), max(len(self.features) - 1, 0))
        shared = (
            self.features[at] == features
            if len(self.features)
            else np.zeros(len(features), dtype=bool)
        )
        mentor_counts = self.counts.copy()
        mentor_counts[at[shared]] += counts[shared]
        mentee_counts = counts.copy()
        mentee_counts[shared] = mentor_counts[at[shared]]
        qb = self.folding.fold(textmod.idf_of(self.features, mentor_counts, n_docs))
        qa = textmod.fold_rows(
            rows,
            np.searchsorted(features, rows[1]),
            textmod.idf_of(features, mentee_counts, n_docs),
        )
        out = TextCriterion.__new__(TextCriterion)
        Compiled.__init__(out, self.spec, self.c)
        out.set_rows((qa, which), (qb, self.which))
        return out


class _WholePart:
    """Any other kind: compiled whole at each join."""

    def __init__(self, spec: ProgramSpec, c: Criterion, theirs: list[Any], on: dt.date) -> None:
        self.spec, self.c, self.theirs, self.on = spec, c, theirs, on

    def join(self, mine: Sequence[Any], vectors: Sequence[str | None]) -> Compiled:
        return compile_one(self.spec, self.c, mine, self.theirs, self.on, [])
