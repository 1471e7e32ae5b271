"""Score blocks on every core: NumPy releases the GIL, so plain threads run in parallel.

OpenBLAS's own threads fight ours for the two cores of a small server and make small matrix
products several times slower, so while blocks run in threads it is held to one thread.
"""

from __future__ import annotations

import ctypes
import glob
import itertools
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any, TypeVar

import numpy as np

T = TypeVar("T")
R = TypeVar("R")


def _wrap(setter: Any, getter: Any) -> tuple[Callable[[int], None], Callable[[], int]]:
    return (lambda n: setter(ctypes.c_int(n))), (lambda: int(getter()))


def _openblas() -> tuple[Callable[[int], None], Callable[[], int]] | None:
    folder = os.path.join(os.path.dirname(np.__file__), os.pardir, "numpy.libs")
    for path in glob.glob(os.path.join(folder, "*openblas*.so*")):
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        for suffix in ("64_", "_64_", ""):
            setter = getattr(lib, f"scipy_openblas_set_num_threads{suffix}", None)
            getter = getattr(lib, f"scipy_openblas_get_num_threads{suffix}", None)
            if setter is not None and getter is not None:
                getter.restype = ctypes.c_int
                return _wrap(setter, getter)
    return None


_BLAS = _openblas()


ONE_THREAD = False  # set in worker processes, which already run one per core


def workers() -> int:
    if ONE_THREAD:
        return 1
    return max(
        1,
        min(
            4,
            len(os.sched_getaffinity(0))
            if hasattr(os, "sched_getaffinity")
            else os.cpu_count() or 1,
        ),
    )


@contextmanager
def one_blas_thread() -> Iterator[None]:
    if _BLAS is None:
        yield
        return
    setter, getter = _BLAS
    before = getter()
    setter(1)
    try:
        yield
    finally:
        setter(before)


def map_blocks(fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
    """`map(fn, items)` over threads, in order, with a bounded number of items in flight."""
    n = workers()
    items = iter(items)
    first = list(itertools.islice(items, 2))
    if n == 1 or len(first) < 2:  # one block: no threads to start (small programs, tests)
        yield from map(fn, itertools.chain(first, items))
        return
    with one_blas_thread(), ThreadPoolExecutor(n) as pool:
        pending = []
        for item in itertools.chain(first, items):
            pending.append(pool.submit(fn, item))
            if len(pending) >= 2 * n:
                yield pending.pop(0).result()
        for future in pending:
            yield future.result()
