"""Map per-unit work over units, serially or with joblib, with an optional progress bar.

Results always come back in input order, so every table is identical for any ``n_jobs``.
Work is sent to workers in contiguous batches (one per worker and then some), so per-process
setup (a lexicon automaton, a jieba dictionary) is paid once per batch, not per unit.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

PROGRESS_MIN_ITEMS = 50


def progress_enabled(progress: bool | None, n_items: int) -> bool:
    """``progress=None`` means: on for interactive sessions (a terminal or a Jupyter kernel)
    with at least ``PROGRESS_MIN_ITEMS`` items; off in scripts, CI and tests."""
    if progress is not None:
        return progress
    interactive = sys.stderr.isatty() or "ipykernel" in sys.modules
    return interactive and n_items >= PROGRESS_MIN_ITEMS


def _batches(items: Sequence[T], n_batches: int) -> list[Sequence[T]]:
    size = max(1, -(-len(items) // max(n_batches, 1)))
    return [items[i : i + size] for i in range(0, len(items), size)]


def map_batches(
    func: Callable[[Sequence[T], Any], list[R]],
    items: Sequence[T],
    context: Any = None,
    *,
    n_jobs: int = 1,
    progress: bool | None = None,
    desc: str = "units",
) -> list[R]:
    """``func(batch, context)`` over contiguous batches of ``items``; results flattened in order.

    ``n_jobs=1`` runs in this process; otherwise joblib's process pool (``-1`` = all cores).
    """
    return list(iter_batches(func, items, context, n_jobs=n_jobs, progress=progress, desc=desc))


def iter_batches(
    func: Callable[[Sequence[T], Any], list[R]],
    items: Sequence[T],
    context: Any = None,
    *,
    n_jobs: int = 1,
    progress: bool | None = None,
    desc: str = "units",
) -> Iterator[R]:
    """:func:`map_batches` as a generator: each item's result as soon as its batch is done,
    so a caller that condenses results (token lists into codes) never holds them all."""
    from tqdm.auto import tqdm

    show = progress_enabled(progress, len(items))
    with tqdm(total=len(items), desc=desc, disable=not show, leave=False) as bar:
        if n_jobs == 1 or len(items) <= 1:
            for batch in _batches(items, max(1, len(items) // 64 or 1)):
                yield from func(batch, context)
                bar.update(len(batch))
            return
        from joblib import Parallel, delayed, effective_n_jobs

        workers = effective_n_jobs(n_jobs)
        batches = _batches(items, workers * 4)
        runner = Parallel(n_jobs=n_jobs, return_as="generator")
        for batch, part in zip(
            batches, runner(delayed(func)(b, context) for b in batches), strict=True
        ):
            yield from part
            bar.update(len(batch))


def map_batches_dask(
    func: Callable[[Sequence[T], Any], list[R]],
    items: Sequence[T],
    context: Any = None,
    *,
    client: Any = None,
    npartitions: int | None = None,
) -> list[R]:
    """The same batch functions on Dask, for corpora beyond one machine (``pip install
    textlib[dask]``). Items are split into ``npartitions`` partitions of a ``dask.bag``; order is
    kept. With ``client`` (a ``dask.distributed.Client``) the work runs on its cluster."""
    import dask.bag as db

    items = list(items)
    bag = db.from_sequence(items, npartitions=npartitions or min(len(items), 64) or 1)
    mapped = bag.map_partitions(lambda part: func(list(part), context))
    if client is not None:
        return list(client.compute(mapped).result())
    return list(mapped.compute())
