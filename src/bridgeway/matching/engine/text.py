"""Free-text similarity: hashed character n-gram TF-IDF, offline and language-agnostic.

A text becomes counts of its character 3-, 4- and 5-grams hashed into 2**20 buckets (sparse,
via scipy.sparse). For a program the counts get IDF weights from that program's own texts,
sublinear term frequency and L2 normalisation; for fast scoring every vector is then folded into
`DIMS` dimensions by a fixed signed hashing (a random projection that keeps cosines on average)
and quantised to whole numbers in [-127, 127], so that a similarity computed one pair at a time
and a similarity computed for a whole block by matrix product are exactly the same number.

`text_vector(text)` is the part worth caching: the count vector of one text, as a short string.
"""

from __future__ import annotations

import base64
import unicodedata
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

HASH_BITS = 20
N_FEATURES = 1 << HASH_BITS
NGRAMS = (3, 4, 5)
DIMS = 256
VECTOR_PREFIX = "c1:"
_SEP = 0  # code point that separates texts in a batch; removed from the texts themselves
_MIX = np.uint64(0x9E3779B97F4A7C15)
_PRIME = np.uint64(1_000_003)

_rng = np.random.default_rng(20250101)
_BUCKET = _rng.integers(0, DIMS, N_FEATURES).astype(np.int64)
_SIGN = np.where(_rng.random(N_FEATURES) < 0.5, -1.0, 1.0).astype(np.float32)


def normalise(text: str) -> str:
    """Compatibility-fold, case-fold and collapse spaces, padded so words have edges."""
    text = unicodedata.normalize("NFKC", text).casefold().replace("\x00", " ")
    return " " + " ".join(text.split()) + " "


def count_matrix(texts: Sequence[str]) -> sp.csr_matrix:
    """Hashed character n-gram counts of many texts at once (rows = texts), vectorised."""
    joined = "\x00".join(normalise(t) if t.strip() else "" for t in texts) + "\x00"
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    is_sep = codes == _SEP
    doc_of = np.cumsum(is_sep) - is_sep  # index of the text each position belongs to
    seps_before = np.concatenate(([0], np.cumsum(is_sep)))
    rows, cols = [], []
    total = len(codes)
    with np.errstate(over="ignore"):
        # Rolling polynomial hash: the 4-gram hash extends the 3-gram one, and so on.
        h: np.ndarray | None = None
        for n in range(1, max(NGRAMS) + 1):
            if total < n:
                break
            count = total - n + 1
            tail = codes[n - 1 : n - 1 + count]
            h = tail.copy() if h is None else h[:count] * _PRIME + tail
            if n not in NGRAMS:
                continue
            starts = np.arange(count)
            clean = seps_before[starts + n] - seps_before[starts] == 0
            mixed = h[clean] ^ np.uint64(n)
            mixed = (mixed ^ (mixed >> np.uint64(31))) * _MIX
            rows.append(doc_of[starts[clean]])
            cols.append((mixed >> np.uint64(64 - HASH_BITS)).astype(np.int64))
    row = np.concatenate(rows) if rows else np.zeros(0, np.int64)
    col = np.concatenate(cols) if cols else np.zeros(0, np.int64)
    data = np.ones(len(row), dtype=np.float32)
    matrix = sp.coo_matrix((data, (row, col)), shape=(len(texts), N_FEATURES)).tocsr()
    matrix.sum_duplicates()
    return matrix


def text_vector(text: str) -> str:
    """The cacheable vector of one text: its n-gram counts as a compact string."""
    return text_vector_rows([text])[0]


def text_vector_rows(texts: Sequence[str]) -> list[str]:
    """`text_vector` of many texts at once (vectorised analysis)."""
    matrix = count_matrix(texts)
    out = []
    for r in range(matrix.shape[0]):
        lo, hi = matrix.indptr[r], matrix.indptr[r + 1]
        indices = matrix.indices[lo:hi].astype("<u4")
        counts = np.minimum(matrix.data[lo:hi], 65535).astype("<u2")
        raw = indices.tobytes() + counts.tobytes()
        out.append(VECTOR_PREFIX + base64.b64encode(raw).decode("ascii"))
    return out


def parse_vector(vector: str) -> tuple[np.ndarray, np.ndarray]:
    """(indices, counts) of a string from `text_vector`; ValueError if it is not one."""
    if not vector.startswith(VECTOR_PREFIX):
        raise ValueError("not a text vector of this version")
    raw = base64.b64decode(vector[len(VECTOR_PREFIX) :], validate=True)
    if len(raw) % 6:
        raise ValueError("a text vector has a wrong length")
    n = len(raw) // 6
    indices = np.frombuffer(raw[: 4 * n], dtype="<u4").astype(np.int64)
    counts = np.frombuffer(raw[4 * n :], dtype="<u2").astype(np.float32)
    if n and (indices.max() >= N_FEATURES):
        raise ValueError("a text vector has an index out of range")
    return indices, counts


def counts_from(texts: Sequence[str], vectors: Sequence[str | None]) -> sp.csr_matrix:
    """Count matrix using cached vectors where given and analysing the other texts."""
    todo = [k for k, v in enumerate(vectors) if v is None]
    fresh = count_matrix([texts[k] for k in todo]) if todo else None
    if fresh is not None and len(todo) == len(texts):
        return fresh
    indptr = [0]
    indices: list[np.ndarray] = []
    data: list[np.ndarray] = []
    fresh_row = {k: r for r, k in enumerate(todo)}
    for k, vector in enumerate(vectors):
        if vector is None:
            assert fresh is not None
            r = fresh_row[k]
            lo, hi = fresh.indptr[r], fresh.indptr[r + 1]
            idx, cnt = fresh.indices[lo:hi].astype(np.int64), fresh.data[lo:hi]
        else:
            idx, cnt = parse_vector(vector)
        indices.append(idx)
        data.append(cnt)
        indptr.append(indptr[-1] + len(idx))
    return sp.csr_matrix(
        (
            np.concatenate(data) if data else np.zeros(0, np.float32),
            np.concatenate(indices) if indices else np.zeros(0, np.int64),
            np.array(indptr),
        ),
        shape=(len(vectors), N_FEATURES),
    )


def tfidf(counts: sp.csr_matrix) -> sp.csr_matrix:
    """Sublinear TF x smoothed IDF (from these texts), rows L2-normalised (sparse)."""
    counts = counts.tocsr().astype(np.float32)
    n_docs = counts.shape[0]
    df = np.bincount(counts.indices, minlength=N_FEATURES)
    idf = (np.log((1.0 + n_docs) / (1.0 + df)) + 1.0).astype(np.float32)
    weighted = counts.copy()
    weighted.data = (1.0 + np.log(weighted.data)) * idf[weighted.indices]
    norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms) @ weighted)


def folded(weighted: sp.csr_matrix) -> np.ndarray:
    """Fold sparse TF-IDF rows into DIMS dimensions, quantised to whole numbers in [-127, 127].

    Returned as float32 so that a matrix product of two such blocks is exact (every partial sum
    stays below 2**24) and therefore identical however the product is computed.
    """
    n = weighted.shape[0]
    rows = np.repeat(np.arange(n), np.diff(weighted.indptr))
    flat = rows * DIMS + _BUCKET[weighted.indices]
    dense = np.bincount(
        flat, weights=weighted.data * _SIGN[weighted.indices], minlength=n * DIMS
    ).reshape(n, DIMS)
    peak = np.abs(dense).max(axis=1, keepdims=True)
    peak[peak == 0] = 1.0
    return np.rint(dense / peak * 127.0).astype(np.float32)


def exact_cosine(a: sp.csr_matrix, b: sp.csr_matrix) -> np.ndarray:
    """Cosines of unfolded TF-IDF rows (for measuring what folding costs)."""
    return np.asarray((a @ b.T).todense())
