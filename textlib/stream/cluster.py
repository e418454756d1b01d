"""The streamed path on a Dask cluster: the workers checked, the chunks sent, the results
taken back in order.

Workers must run the caller's textlib: a worker that imports another copy (an older
install, another checkout) would give other tables without a word, so every worker's code
fingerprint (:func:`code_fingerprint`) is compared with the caller's before any work.
"""

from __future__ import annotations

import hashlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import CancelledError
from pathlib import Path
from typing import Any

from textlib.errors import ClusterError, TextlibError

_PACKAGE = Path(__file__).resolve().parents[1]  # the textlib package this process imports


def code_fingerprint() -> str:
    """A digest of the textlib package's files (code and data) as this process imports it."""
    root = _PACKAGE
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            digest.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _where() -> str:
    return str(_PACKAGE)


def address_of(client: Any) -> str:
    """The scheduler's address, for messages."""
    try:
        return str(client.scheduler.address)
    except AttributeError:
        return repr(client)


def check_workers(client: Any) -> None:
    """:class:`ClusterError` unless the cluster has workers and each runs this textlib."""
    address = address_of(client)
    status = str(getattr(client, "status", "running"))
    if status != "running":
        raise ClusterError(address, f"cannot reach the workers (the client is {status})")
    try:
        found = client.run(code_fingerprint)
    except (ImportError, AttributeError) as err:
        raise ClusterError(
            address,
            f"a worker cannot import textlib's streamed path ({err}); install this "
            "textlib on every worker (or put it on their PYTHONPATH)",
        ) from None
    except (OSError, TimeoutError, CancelledError, RuntimeError) as err:
        raise ClusterError(address, f"cannot reach the workers ({err})") from None
    if not found:
        raise ClusterError(address, "has no workers")
    own = code_fingerprint()
    other = sorted(w for w, f in found.items() if f != own)
    if other:
        places = client.run(_where, workers=other[:3])
        shown = "; ".join(f"{w} imports {places.get(w, '?')}" for w in other[:3])
        raise ClusterError(
            address,
            f"{len(other)} of {len(found)} workers run another textlib than this one "
            f"({shown}); install the same textlib everywhere",
        )


def first_pass_on_cluster(
    func: Callable[[list, Any], list], items: list, context: Any, client: Any
) -> list:
    """``func(batch, context)`` over batches of ``items`` on the cluster (results in order);
    a lost worker or scheduler is a :class:`ClusterError`."""
    from distributed import KilledWorker

    from textlib.batch import map_batches_dask

    address = address_of(client)
    try:
        return map_batches_dask(func, items, context, client=client)
    except TextlibError:
        raise
    except KilledWorker as err:
        raise ClusterError(address, f"workers died reading files ({err})") from None
    except (OSError, TimeoutError, CancelledError) as err:
        raise ClusterError(address, f"lost the cluster ({type(err).__name__}: {err})") from None


def run_on_cluster(
    func: Callable[..., dict], chunks: Iterable[tuple], context: tuple, client: Any
) -> Iterator[dict]:
    """``func(chunk, meta, context, digests)`` for each chunk as tasks on the cluster, two per
    worker thread in flight at most; results in order. ``context`` (repair steps, lexicon,
    segmenter) is sent to every worker once. A named error raised on a worker is raised
    here; a lost worker or scheduler is a :class:`ClusterError`."""
    from distributed import KilledWorker

    address = address_of(client)
    pending: deque = deque()
    shared = None
    try:
        [shared] = client.scatter([context], broadcast=True, hash=False)
        window = 2 * max(1, sum(client.nthreads().values()))
        for chunk, meta, digests in chunks:
            pending.append(client.submit(func, chunk, meta, shared, digests, pure=False))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    except TextlibError:
        raise
    except KilledWorker as err:
        raise ClusterError(address, f"workers died running a chunk ({err})") from None
    except (OSError, TimeoutError, CancelledError) as err:
        raise ClusterError(address, f"lost the cluster ({type(err).__name__}: {err})") from None
    finally:
        for future in pending:
            future.cancel()
        if shared is not None:
            shared.cancel()
