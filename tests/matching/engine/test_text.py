from __future__ import annotations

import base64

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given
from hypothesis import strategies as st

from bridgeway.matching.engine import Engine, Participant, text_vector
from bridgeway.matching.engine import text as textmod

from .instances import bounded, spec

TEXTS = [
    "I am a registered nurse and want to work in a Toronto hospital",
    "Nurse manager at a large hospital",
    "",
    "   ",
    "Welder\x00and pipefitter",
    "ＦＵＬＬＷＩＤＴＨ ﬁle STRASSE straße",
    "أنا ممرضة مسجلة",
    "我是一名注册护士",
    "ab",
    "I am a registered nurse and want to work in a Toronto hospital",
    "line\u2028separator and\ttabs\n",
    "x" * 500,
]


def reference_folded(texts: list[str]) -> np.ndarray:
    """The analysis as first written with scipy matrices: the numbers the engine must keep."""
    joined = "\x00".join(textmod.normalise(t) if t.strip() else "" for t in texts) + "\x00"
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    is_sep = codes == 0
    doc_of = np.cumsum(is_sep) - is_sep
    seps_before = np.concatenate(([0], np.cumsum(is_sep)))
    rows, cols = [], []
    with np.errstate(over="ignore"):
        h = None
        for n in range(1, 6):
            count = len(codes) - n + 1
            if count < 1:
                break
            tail = codes[n - 1 : n - 1 + count]
            h = tail.copy() if h is None else h[:count] * np.uint64(1_000_003) + tail
            if n < 3:
                continue
            starts = np.arange(count)
            clean = seps_before[starts + n] - seps_before[starts] == 0
            mixed = h[clean] ^ np.uint64(n)
            mixed = (mixed ^ (mixed >> np.uint64(31))) * np.uint64(0x9E3779B97F4A7C15)
            rows.append(doc_of[starts[clean]])
            cols.append((mixed >> np.uint64(44)).astype(np.int64))
    row = np.concatenate(rows) if rows else np.zeros(0, np.int64)
    col = np.concatenate(cols) if cols else np.zeros(0, np.int64)
    counts = sp.coo_matrix(
        (np.ones(len(row), dtype=np.float32), (row, col)), shape=(len(texts), textmod.N_FEATURES)
    ).tocsr()
    counts.sum_duplicates()
    df = np.bincount(counts.indices, minlength=textmod.N_FEATURES)
    idf = (np.log((1.0 + len(texts)) / (1.0 + df)) + 1.0).astype(np.float32)
    weighted = counts.copy()
    weighted.data = (1.0 + np.log(weighted.data)) * idf[weighted.indices]
    norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    weighted = sp.csr_matrix(sp.diags(1.0 / norms) @ weighted)
    n = weighted.shape[0]
    flat = np.repeat(np.arange(n), np.diff(weighted.indptr)) * textmod.DIMS
    flat += textmod._BUCKET[weighted.indices]
    dense = np.bincount(
        flat,
        weights=weighted.data * textmod._SIGN[weighted.indices],
        minlength=n * textmod.DIMS,
    ).reshape(n, textmod.DIMS)
    peak = np.abs(dense).max(axis=1, keepdims=True)
    peak[peak == 0] = 1.0
    return np.rint(dense / peak * 127.0).astype(np.float32)


def analysed(texts: list[str], vectors: list[str | None] | None = None) -> np.ndarray:
    q, which = textmod.folded_rows(texts, vectors or [None] * len(texts))
    return q[which]


@pytest.fixture
def small_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Blocks of a few texts and entries, so that a handful of texts spans many blocks."""
    monkeypatch.setattr(textmod, "_BLOCK_TEXTS", 3)
    monkeypatch.setattr(textmod, "_BLOCK_CHARS", 40)
    monkeypatch.setattr(textmod, "_BLOCK_ENTRIES", 50)


def test_it_gives_exactly_the_numbers_of_the_sparse_reference() -> None:
    assert np.array_equal(analysed(TEXTS), reference_folded(TEXTS))


def test_blocks_do_not_change_a_number(small_blocks: None) -> None:
    assert np.array_equal(analysed(TEXTS), reference_folded(TEXTS))
    assert np.array_equal(
        textmod.folded(textmod.tfidf(textmod.count_matrix(TEXTS))), reference_folded(TEXTS)
    )


@bounded(40)
@given(st.lists(st.text(alphabet="ab cé\x00\tﬁß中", max_size=12), min_size=1, max_size=12))
def test_any_texts_give_the_reference_numbers(texts: list[str]) -> None:
    assert np.array_equal(analysed(texts), reference_folded(texts))


def test_equal_texts_are_analysed_once() -> None:
    q, which = textmod.folded_rows(TEXTS, [None] * len(TEXTS))
    assert which[0] == which[9]
    assert len(q) == len(set(TEXTS))


def test_cached_vectors_give_the_same_numbers(small_blocks: None) -> None:
    vectors: list[str | None] = [text_vector(t) if k % 3 else None for k, t in enumerate(TEXTS)]
    assert np.array_equal(analysed(TEXTS, vectors), reference_folded(TEXTS))


def _vector(indices: list[int], counts: list[int]) -> str:
    raw = np.array(indices, "<u4").tobytes() + np.array(counts, "<u2").tobytes()
    return "c1:" + base64.b64encode(raw).decode()


@pytest.mark.parametrize(
    "vector",
    [
        "c9:AAAA",  # a version this engine does not know
        "AAAAAAAA",  # no version at all
        "c1:@@@@@@@@",  # not base64
        "c1:AAAA",  # 3 bytes, not whole entries
        "c1:AAAAAAA=",  # padded
        "c1:éééééééé",
        _vector([1 << 20], [1]),  # feature out of range
        _vector([9, 5], [1, 1]),  # features out of order
        _vector([5, 5], [1, 1]),  # a feature twice
        _vector([5], [0]),  # a count of nothing
    ],
)
def test_a_vector_that_cannot_be_read_is_set_aside_and_the_text_analysed(vector: str) -> None:
    vectors: list[str | None] = [text_vector(t) for t in TEXTS]
    vectors[1] = vector
    assert np.array_equal(analysed(TEXTS, vectors), reference_folded(TEXTS))
    with pytest.raises(ValueError, match="not a text vector"):
        textmod.parse_vector(vector)


def test_the_engine_scores_a_mentor_with_a_damaged_vector_from_the_text() -> None:
    s = spec(criteria=[{"name": "goals", "kind": "text", "field": "about"}])
    mentees = [Participant(f"e{k}", "mentee", {"about": t}) for k, t in enumerate(TEXTS)]
    mentors = [Participant(f"m{k}", "mentor", {"about": t}) for k, t in enumerate(TEXTS[:4])]
    damaged = [
        Participant(m.id, "mentor", m.answers, text_vectors={"about": "c1:broken!"})
        for m in mentors
    ]
    fresh, _ = Engine(s, mentees, mentors).block(np.arange(len(mentees)))
    cached, _ = Engine(s, mentees, damaged).block(np.arange(len(mentees)))
    assert np.array_equal(fresh, cached)


def test_many_vectors_decode_together_as_one_by_one() -> None:
    vectors = [text_vector(t) for t in TEXTS]
    usable, (lengths, indices, counts) = textmod.decode_vectors(vectors)
    assert usable.all()
    start = 0
    for vector, length in zip(vectors, lengths.tolist(), strict=True):
        one_indices, one_counts = textmod.parse_vector(vector)
        assert indices[start : start + length].tolist() == one_indices.tolist()
        assert counts[start : start + length].tolist() == one_counts.tolist()
        start += length
