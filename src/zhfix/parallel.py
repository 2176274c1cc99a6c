"""Running the model's C loops on several threads.

The screen and the cluster Viterbi of :mod:`zhfix._ngram` release the GIL, so a long text
can be cut into pieces decoded side by side.  Pieces are cut only between clusters of
candidates, so the decisions are exactly those of one thread.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from .config import FixConfig

_T = TypeVar("_T")
#: Texts with fewer candidates than this are decoded on one thread: splitting costs more.
PARALLEL_MIN_CANDIDATES = 8192


def threads_for(config: FixConfig, candidates: int) -> int:
    """How many threads the model's loops may use for a text with this many candidates."""
    if candidates < PARALLEL_MIN_CANDIDATES:
        return 1
    return max(1, config.threads or _available_cpus())


@lru_cache(maxsize=1)
def _available_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@lru_cache(maxsize=1)
def _pool() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=_available_cpus(), thread_name_prefix="zhfix")


def in_parallel(calls: Sequence[Callable[[], _T]]) -> list[_T]:
    """Run the C loops (which release the GIL) side by side; one call runs in place."""
    if len(calls) == 1:
        return [calls[0]()]
    return list(_pool().map(lambda call: call(), calls))


def cuts(cand: npt.NDArray[np.int64], parts: int, gap: int) -> list[tuple[int, int]]:
    """``parts`` index ranges of ``cand`` of about equal size, cut only where candidates
    are at least ``gap`` apart (so no cluster the model decides jointly is cut)."""
    n = cand.size
    bounds = [0]
    for k in range(1, parts):
        i = max(k * n // parts, bounds[-1] + 1)
        while i < n and cand[i] - cand[i - 1] < gap:
            i += 1
        if i < n:
            bounds.append(i)
    bounds.append(n)
    return list(zip(bounds[:-1], bounds[1:], strict=True))


if hasattr(os, "register_at_fork"):  # a forked child has none of its parent's threads
    os.register_at_fork(after_in_child=_pool.cache_clear)
