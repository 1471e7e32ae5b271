"""check.nonzero2d: the indices of np.nonzero for a 2-D array, in the same order."""

import numpy as np
import pytest

from bridgeway.matching.engine.check import nonzero2d


@pytest.mark.parametrize("shape", [(0, 0), (0, 5), (4, 0), (1, 1), (3, 7), (190, 1100)])
@pytest.mark.parametrize("share", [0.0, 0.01, 0.3, 1.0])
def test_nonzero2d_equals_numpy(shape: tuple[int, int], share: float) -> None:
    rng = np.random.default_rng(7)
    mask = rng.random(shape) < share
    expected = np.nonzero(mask)
    got = nonzero2d(mask)
    for a, b in zip(got, expected, strict=True):
        assert a.dtype == b.dtype
        assert np.array_equal(a, b)


def test_nonzero2d_of_a_view() -> None:
    # Rows taken by fancy indexing and a slice of columns (not contiguous), as the check does.
    rng = np.random.default_rng(3)
    mask = rng.random((50, 40)) < 0.2
    for part in (mask[[3, 1, 40]], mask[:, 5:31], mask[::2, ::3], mask.T):
        assert all(
            np.array_equal(a, b) for a, b in zip(nonzero2d(part), np.nonzero(part), strict=True)
        )


@pytest.mark.parametrize("spread", [1, 3, 6000])
def test_score_violations_the_same_by_tied_cells_or_whole_block(
    spread: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The row's best w - v (its smallest b_j among tied maxima) found from the tied cells
    # alone or over the whole block: the same answer, with few ties or many, and with
    # infeasible cells (a row with none feasible included).
    from bridgeway.matching.engine import check

    rng = np.random.default_rng(spread)
    n, m, rows_n, cols_n = 500, 300, 40, 120
    big = n + 1
    points = rng.integers(0, spread, size=(rows_n, cols_n)).astype(np.int16)
    ok = rng.random((rows_n, cols_n)) < 0.8
    ok[5] = False
    v = rng.integers(0, 3 * big, size=m).astype(np.int64)
    v[::7] = 0  # mentors with a free place
    u = rng.integers(0, 2 * big, size=n).astype(np.int64)
    rows = np.sort(rng.choice(n, rows_n, replace=False))
    cols = np.sort(rng.choice(m, cols_n, replace=False))
    block = (rows, cols, points, ok)
    answers = []
    for share in (0, 10**9):  # always from the tied cells; always over the whole block
        monkeypatch.setattr(check, "TIE_SHARE", share)
        answers.append(check.score_violations(big, 4, 30, u, v, block))
    for a, b in zip(*answers, strict=True):
        assert np.array_equal(np.asarray(a), np.asarray(b))
    # ... and the best is max_j (w - v) over the feasible cells, computed directly.
    w = big * points.astype(np.int64) + 1
    reduced = np.where(ok, w - v[cols][None, :], np.iinfo(np.int64).min)
    feasible = ok.any(axis=1)
    assert np.array_equal(answers[0][1][feasible], reduced.max(axis=1)[feasible])
    assert (answers[0][1][~feasible] == -(1 << 62)).all()
