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
