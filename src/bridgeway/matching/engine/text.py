"""Free-text similarity: hashed character n-gram TF-IDF, offline and language-agnostic.

A text becomes counts of its character 3-, 4- and 5-grams hashed into 2**20 buckets (sparse).
For a program the counts get IDF weights from that program's own texts, sublinear term
frequency and L2 normalisation; for fast scoring every vector is then folded into `DIMS`
dimensions by a fixed signed hashing (a random projection that keeps cosines on average) and
quantised to whole numbers in [-127, 127], so that a similarity computed one pair at a time and a
similarity computed for a whole block by matrix product are exactly the same number.

`text_vector(text)` is the part worth caching: the count vector of one text, as a short string.
`folded_rows` is what the engine calls: it analyses (or decodes) each distinct text once, in
blocks on every core.

Rows are kept as plain arrays (`lengths`, `indices`, `counts`: a CSR matrix without its
wrapper); scipy matrices are only made for `count_matrix` and `tfidf`, which the benchmarks use.
"""

from __future__ import annotations

import base64
import binascii
import unicodedata
from collections.abc import Iterator, Sequence
from itertools import pairwise

import numpy as np
import scipy.sparse as sp

from .parallel import map_blocks

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

# A block of texts is analysed at once. Its row number takes the 12 bits above a feature's 20,
# so one 32-bit key sorts by (row, feature): a 32-bit sort is several times faster than 64.
_BLOCK_TEXTS = 1 << (32 - HASH_BITS)
_BLOCK_CHARS = 1 << 20
_BLOCK_ENTRIES = 1 << 21  # entries per block when weighing and folding

Rows = tuple[np.ndarray, np.ndarray, np.ndarray]  # lengths (int64), indices (int64), counts (f32)


def normalise(text: str) -> str:
    """Compatibility-fold, case-fold and collapse spaces, padded so words have edges."""
    text = unicodedata.normalize("NFKC", text).casefold().replace("\x00", " ")
    return " " + " ".join(text.split()) + " "


# ---- counting --------------------------------------------------------------------------------


def _codes(texts: Sequence[str]) -> tuple[np.ndarray, int]:
    """The code points of a block of texts, normalised, each followed by a separator."""
    joined = "\x00".join(normalise(t) if t.strip() else "" for t in texts) + "\x00"
    return np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32), len(texts)


def _count_block(block: tuple[np.ndarray, int]) -> Rows:
    """Hashed n-gram counts of a block of at most `_BLOCK_TEXTS` texts (see `_codes`); each
    row's features ascending."""
    code_points, n_texts = block
    codes = code_points.astype(np.uint64)
    # seps_before[i]: separators before position i, which is also the row of position i.
    seps_before = np.zeros(len(codes) + 1, dtype=np.int64)
    np.cumsum(codes == _SEP, out=seps_before[1:])
    keys = []
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
            clean = seps_before[n : n + count] == seps_before[:count]  # no separator inside
            mixed = h[clean] ^ np.uint64(n)
            mixed ^= mixed >> np.uint64(31)
            mixed *= _MIX
            mixed >>= np.uint64(64 - HASH_BITS)
            row = seps_before[:count][clean].astype(np.uint32)
            keys.append((row << np.uint32(HASH_BITS)) | mixed.astype(np.uint32))
    key = np.concatenate(keys) if keys else np.zeros(0, np.uint32)
    key.sort()
    first = np.ones(len(key), dtype=bool)
    np.not_equal(key[1:], key[:-1], out=first[1:])
    starts = np.flatnonzero(first)
    counts = np.diff(starts, append=len(key)).astype(np.float32)
    key = key[starts]
    lengths = np.bincount(key >> np.uint32(HASH_BITS), minlength=n_texts).astype(np.int64)
    return lengths, (key & np.uint32(N_FEATURES - 1)).astype(np.int64), counts


def _blocks_of_texts(texts: Sequence[str]) -> Iterator[Sequence[str]]:
    start = chars = 0
    for k, text in enumerate(texts):
        if k > start and (k - start == _BLOCK_TEXTS or chars > _BLOCK_CHARS):
            yield texts[start:k]
            start, chars = k, 0
        chars += len(text)
    if start < len(texts):
        yield texts[start:]


def _stack(parts: Sequence[Rows]) -> Rows:
    if not parts:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.float32)
    if len(parts) == 1:
        return parts[0]
    lengths, indices, counts = zip(*parts, strict=True)
    return np.concatenate(lengths), np.concatenate(indices), np.concatenate(counts)


def count_rows(texts: Sequence[str]) -> Rows:
    """Hashed character n-gram counts of many texts (a row a text; features ascending, each
    once), analysed in blocks on every core."""
    # Normalising is Python, which holds the interpreter; hashing and sorting are NumPy, which
    # lets go of it. Every block is normalised first, so the threads never wait for that.
    blocks = [_codes(block) for block in _blocks_of_texts(texts)]
    return _stack(list(map_blocks(_count_block, blocks)))


def count_matrix(texts: Sequence[str]) -> sp.csr_matrix:
    """`count_rows` as a scipy matrix (rows = texts, N_FEATURES columns)."""
    lengths, indices, counts = count_rows(texts)
    indptr = np.concatenate(([0], np.cumsum(lengths)))
    return sp.csr_matrix((counts, indices, indptr), shape=(len(texts), N_FEATURES))


# ---- cached vectors --------------------------------------------------------------------------


def text_vector(text: str) -> str:
    """The cacheable vector of one text: its n-gram counts as a compact string."""
    return text_vector_rows([text])[0]


def text_vector_rows(texts: Sequence[str]) -> list[str]:
    """`text_vector` of many texts at once (vectorised analysis)."""
    lengths, indices, counts = count_rows(texts)
    ends = np.cumsum(lengths).tolist()
    indices_le = indices.astype("<u4")
    counts_le = np.minimum(counts, 65535).astype("<u2")
    out = []
    lo = 0
    for hi in ends:
        raw = indices_le[lo:hi].tobytes() + counts_le[lo:hi].tobytes()
        out.append(VECTOR_PREFIX + base64.b64encode(raw).decode("ascii"))
        lo = hi
    return out


def _decoded(payloads: Sequence[str]) -> tuple[bytes, np.ndarray]:
    """The bytes of many base64 payloads decoded together, and which payloads could be read
    (an unreadable one adds no bytes). Each readable payload holds 6-byte entries, so it is
    8 characters an entry without padding, and the payloads can be decoded as one."""
    sizes = np.fromiter(map(len, payloads), dtype=np.int64, count=len(payloads))
    if not (sizes % 8).any():
        try:
            blob = "".join(payloads).encode("ascii")
            raw = binascii.a2b_base64(blob, strict_mode=True)
            if len(raw) * 4 == len(blob) * 3:
                return raw, np.ones(len(payloads), dtype=bool)
        except (UnicodeEncodeError, binascii.Error):
            pass
    # Some payload is not well formed: decode them one by one to know which.
    parts, readable = [], np.zeros(len(payloads), dtype=bool)
    for k, payload in enumerate(payloads):
        try:
            raw = base64.b64decode(payload, validate=True)
        except (ValueError, binascii.Error):
            continue
        if len(raw) % 6 == 0:
            parts.append(raw)
            readable[k] = True
    return b"".join(parts), readable


def decode_vectors(vectors: Sequence[str]) -> tuple[np.ndarray, Rows]:
    """(usable, rows) of vectors from `text_vector`, decoded together: `rows` has a row for
    each usable vector. A vector is usable if it has this version's prefix and is exactly what
    `text_vector` writes (features ascending and in range, counts at least 1); any other is
    left for the caller to analyse its text again."""
    usable = np.array([v.startswith(VECTOR_PREFIX) for v in vectors], dtype=bool)
    cut = len(VECTOR_PREFIX)
    payloads = [v[cut:] for v, ok in zip(vectors, usable.tolist(), strict=True) if ok]
    raw, readable = _decoded(payloads)
    usable[usable] = readable
    lengths = np.array(
        [len(p) // 8 for p, ok in zip(payloads, readable.tolist(), strict=True) if ok],
        dtype=np.int64,
    )
    # A vector of n entries is 2n little-endian u16 halves of its indices, then n counts.
    u2 = np.frombuffer(raw, dtype="<u2")
    halves = np.repeat(
        np.tile([True, False], len(lengths)), np.stack([2 * lengths, lengths], 1).ravel()
    )
    indices = u2[halves].view("<u4")
    counts = u2[~halves]
    bad = (indices >= N_FEATURES) | (counts == 0)
    ends = np.cumsum(lengths)
    starts = (ends - lengths)[(lengths > 0) & (ends > lengths)]
    disorder = indices[1:] <= indices[:-1]
    disorder[starts - 1] = False  # the first entry of a vector follows another vector
    bad[1:] |= disorder
    if bad.any():
        wrong = np.zeros(len(lengths), dtype=bool)
        wrong[np.searchsorted(ends, np.flatnonzero(bad), side="right")] = True
        keep = np.repeat(~wrong, lengths)
        indices, counts, lengths = indices[keep], counts[keep], lengths[~wrong]
        usable[np.flatnonzero(usable)[wrong]] = False
    return usable, (lengths, indices.astype(np.int64), counts.astype(np.float32))


def parse_vector(vector: str) -> tuple[np.ndarray, np.ndarray]:
    """(indices, counts) of a string from `text_vector`; ValueError if it is not one."""
    usable, (_, indices, counts) = decode_vectors([vector])
    if not usable[0]:
        raise ValueError("not a text vector of this version")
    return indices, counts


# ---- weighing and folding --------------------------------------------------------------------


def _idf(indices: np.ndarray, weights: np.ndarray | None, n_docs: int) -> np.ndarray:
    """Smoothed IDF; `weights` says how many documents each entry stands for (None: one)."""
    df = np.bincount(indices, weights=weights, minlength=N_FEATURES)
    return (np.log((1.0 + n_docs) / (1.0 + df)) + 1.0).astype(np.float32)


def _weighed(rows: Rows, row: np.ndarray, idf: np.ndarray) -> np.ndarray:
    """Sublinear TF x IDF per entry, each row L2-normalised (float32, the entries' order);
    `row` is the row of every entry.

    Every step is the float32 arithmetic scipy did when this was computed with sparse
    matrices (row sums by `np.add.reduceat`), so the numbers are the same to the last bit.
    """
    lengths, indices, counts = rows
    weights = (1.0 + np.log(counts)) * idf[indices]
    norms = np.zeros(len(lengths), dtype=np.float32)
    filled = np.flatnonzero(lengths)
    if len(filled):
        starts = np.cumsum(lengths) - lengths
        norms[filled] = np.add.reduceat(weights * weights, starts[filled])
    norms = np.sqrt(norms)
    norms[norms == 0] = 1.0
    return (1.0 / norms)[row] * weights


def _fold(row: np.ndarray, indices: np.ndarray, weights: np.ndarray, n: int) -> np.ndarray:
    """Fold weighted entries of `n` rows into DIMS dimensions and quantise (see `folded`).
    Each cell adds its entries in the order given."""
    dense = np.bincount(
        row * DIMS + _BUCKET[indices], weights=weights * _SIGN[indices], minlength=n * DIMS
    ).reshape(n, DIMS)
    return _quantised(dense)


def _quantised(dense: np.ndarray) -> np.ndarray:
    """Each row of `dense` (float64) scaled to its largest magnitude, x 127, rounded: the same
    operations as `rint(dense / peak * 127)`, in place (a program's rows are megabytes)."""
    if not dense.size:
        return dense.astype(np.float32)
    dense = dense.astype(np.float64, copy=False)  # no entries at all: bincount gives integers
    peak = np.maximum(dense.max(axis=1), -dense.min(axis=1))[:, None]
    peak[peak == 0] = 1.0
    np.divide(dense, peak, out=dense)
    np.multiply(dense, 127.0, out=dense)
    np.rint(dense, out=dense)
    return dense.astype(np.float32)


def _weighed_folded(rows: Rows, idf: np.ndarray, positions: np.ndarray | None = None) -> np.ndarray:
    """`positions`: where each entry's IDF is in `idf` (None: at its feature)."""
    lengths, indices, counts = rows
    row = np.repeat(np.arange(len(lengths)), lengths)
    weights = _weighed(rows if positions is None else (lengths, positions, counts), row, idf)
    # Within a row, entries are added in descending feature order, as they came out of the
    # sparse product this was once computed with. Reversing the whole block does that.
    return _fold(row[::-1], indices[::-1], weights[::-1], len(lengths))


def _block_bounds(lengths: np.ndarray) -> list[tuple[int, int, int, int]]:
    """(first row, end row, first entry, end entry) of consecutive blocks of rows with about
    `_BLOCK_ENTRIES` entries each."""
    ends = np.cumsum(lengths)
    total = int(ends[-1]) if len(ends) else 0
    cuts = np.searchsorted(ends, np.arange(_BLOCK_ENTRIES, total, _BLOCK_ENTRIES))
    bounds = np.unique(np.concatenate(([0], cuts, [len(lengths)]))).tolist()
    starts = np.concatenate(([0], ends)).tolist()
    return [(lo, hi, starts[lo], starts[hi]) for lo, hi in pairwise(bounds)]


def _row_blocks(rows: Rows) -> Iterator[Rows]:
    """Consecutive blocks of rows with about `_BLOCK_ENTRIES` entries each."""
    lengths, indices, counts = rows
    for lo, hi, a, b in _block_bounds(lengths):
        yield lengths[lo:hi], indices[a:b], counts[a:b]


def text_rows(texts: Sequence[str], vectors: Sequence[str | None]) -> tuple[Rows, np.ndarray]:
    """The count rows of `texts` as (rows, which): text k's row is row which[k] of `rows`.

    `vectors[k]` is text k's cached `text_vector` or None; one that cannot be used is ignored
    and the text analysed. Equal texts (and equal vectors) share a row, so each is analysed or
    decoded once."""
    by_vector: dict[str, int] = {}
    vector_of = [-1 if v is None else by_vector.setdefault(v, len(by_vector)) for v in vectors]
    usable, vector_rows = decode_vectors(list(by_vector))
    row_of_vector = (np.cumsum(usable) - 1).tolist()
    usable_list = usable.tolist()
    first_text = int(usable.sum())
    by_text: dict[str, int] = {}
    which = [
        row_of_vector[v]
        if v >= 0 and usable_list[v]
        else first_text + by_text.setdefault(texts[k], len(by_text))
        for k, v in enumerate(vector_of)
    ]
    return _stack([vector_rows, count_rows(list(by_text))]), np.array(which, dtype=np.int64)


def document_counts(rows: Rows, which: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(features, how many of the texts hold each): the document frequencies of the texts
    `which` points to (a shared row counts once per text), on the features they use."""
    lengths, indices, _ = rows
    many = np.bincount(which, minlength=len(lengths))
    features, inverse = np.unique(indices, return_inverse=True)
    weights = np.repeat(many, lengths).astype(np.float64)
    counts = np.bincount(inverse.ravel(), weights=weights, minlength=len(features))
    return features, counts.astype(np.float64, copy=False)


def idf_of(features: np.ndarray, counts: np.ndarray, n_docs: int) -> np.ndarray:
    """The smoothed IDF (float32) of `features` held by `counts` of `n_docs` texts: `_idf`'s
    numbers, on these features only."""
    return (np.log((1.0 + n_docs) / (1.0 + counts)) + 1.0).astype(np.float32)


def fold_rows(rows: Rows, positions: np.ndarray, idf: np.ndarray) -> np.ndarray:
    """Weigh and fold `rows` as `folded_rows` does, the IDF of entry e being idf[positions[e]]
    (the IDF of only the features the rows use)."""
    lengths, indices, counts = rows
    blocks = [
        ((lengths[lo:hi], indices[a:b], counts[a:b]), positions[a:b])
        for lo, hi, a, b in _block_bounds(lengths)
    ]
    parts = list(map_blocks(lambda block: _weighed_folded(block[0], idf, block[1]), blocks))
    return np.concatenate(parts) if parts else np.zeros((0, DIMS), dtype=np.float32)


class Folding:
    """Count rows made ready to be weighed and folded again with another IDF each time: the
    work of `_weighed` and `_fold` that does not depend on the IDF (the sublinear term
    frequencies, each entry's cell and sign) is done once. `fold(idf)` gives exactly
    `fold_rows(rows, positions, idf)`: the same float32 steps on the same numbers in the same
    order."""

    def __init__(self, rows: Rows, positions: np.ndarray) -> None:
        lengths, indices, counts = rows
        self.n = len(lengths)
        # Kept while a program's mentors are (mentor_side.py): 4-byte numbers, 20 bytes an
        # entry (3,000 texts of a few lines: about 15 MB).
        small = np.int32 if self.n * DIMS < 2**31 else np.int64
        self.row = np.repeat(np.arange(self.n, dtype=small), lengths)
        self.positions = positions.astype(small)
        self.tf = 1.0 + np.log(counts)
        self.filled = np.flatnonzero(lengths)
        self.starts = (np.cumsum(lengths) - lengths)[self.filled]
        # Entries are added into their cells in descending feature order (see
        # `_weighed_folded`): kept reversed once.
        self.cell = np.ascontiguousarray((self.row * DIMS + _BUCKET[indices].astype(small))[::-1])
        self.sign = np.ascontiguousarray(_SIGN[indices][::-1])

    def fold(self, idf: np.ndarray) -> np.ndarray:
        """The folded vectors of the rows, entry e weighed by idf[positions[e]]."""
        weights = self.tf * idf[self.positions]
        norms = np.zeros(self.n, dtype=np.float32)
        if len(self.filled):
            norms[self.filled] = np.add.reduceat(weights * weights, self.starts)
        norms = np.sqrt(norms)
        norms[norms == 0] = 1.0
        weights = (1.0 / norms)[self.row] * weights
        dense = np.bincount(
            self.cell, weights=weights[::-1] * self.sign, minlength=self.n * DIMS
        ).reshape(self.n, DIMS)
        return _quantised(dense)


def folded_rows(
    texts: Sequence[str], vectors: Sequence[str | None]
) -> tuple[np.ndarray, np.ndarray]:
    """Folded TF-IDF vectors of `texts` as (q, which): text k's vector is q[which[k]].

    `vectors[k]` is text k's cached `text_vector` or None; one that cannot be used is ignored
    and the text analysed. Equal texts (and equal vectors) share a row, so each is analysed or
    decoded once; the IDF still counts every text. The numbers are exactly those of
    `folded(tfidf(count_matrix(texts)))`. A row's vector depends only on its own counts and
    the IDF, so rows weighed apart with the same IDF (`fold_rows`) get the same numbers.
    """
    rows, which = text_rows(texts, vectors)
    lengths, indices, _ = rows
    many = np.bincount(which, minlength=len(lengths))
    idf = _idf(indices, np.repeat(many, lengths).astype(np.float64), len(texts))
    parts = list(map_blocks(lambda block: _weighed_folded(block, idf), _row_blocks(rows)))
    q = np.concatenate(parts) if parts else np.zeros((0, DIMS), dtype=np.float32)
    return q, which


# ---- sparse matrices (benchmarks) ------------------------------------------------------------


def tfidf(counts: sp.csr_matrix) -> sp.csr_matrix:
    """Sublinear TF x smoothed IDF (from these texts), rows L2-normalised (sparse); each row's
    entries in descending feature order, the order `folded` adds them in."""
    counts = counts.tocsr()
    lengths = np.diff(counts.indptr)
    indices = counts.indices.astype(np.int64)
    rows = (lengths, indices, counts.data.astype(np.float32))
    row = np.repeat(np.arange(len(lengths)), lengths)
    weights = _weighed(rows, row, _idf(indices, None, counts.shape[0]))
    # Reverse each row: entry e of a row spanning [a, b) goes to a + b - 1 - e.
    spans = counts.indptr[:-1] + counts.indptr[1:] - 1
    order = np.repeat(spans, lengths) - np.arange(len(indices))
    return sp.csr_matrix((weights[order], indices[order], counts.indptr.copy()), shape=counts.shape)


def folded(weighted: sp.csr_matrix) -> np.ndarray:
    """Fold sparse TF-IDF rows into DIMS dimensions, quantised to whole numbers in [-127, 127].

    Returned as float32 so that a matrix product of two such blocks is exact (every partial sum
    stays below 2**24) and therefore identical however the product is computed.
    """
    n = weighted.shape[0]
    row = np.repeat(np.arange(n), np.diff(weighted.indptr))
    return _fold(row, weighted.indices.astype(np.int64), weighted.data, n)


def exact_cosine(a: sp.csr_matrix, b: sp.csr_matrix) -> np.ndarray:
    """Cosines of unfolded TF-IDF rows (for measuring what folding costs)."""
    return np.asarray((a @ b.T).todense())
