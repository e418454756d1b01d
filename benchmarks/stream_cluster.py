"""stream_directory on a Dask cluster started from the command line: time, each worker's peak
memory and the client's, against the same run on one machine.

Usage: python benchmarks/stream_cluster.py FOLDER [FOLDER ...] [--workers 2]
       [--chunk-chars N ...] [--segmenter jieba] [--md-as-txt]
``--md-as-txt`` copies the folder's ``.md`` files to a temporary folder as ``.txt`` (for a
reader that does not yet take Markdown). The scheduler and workers (``dask scheduler``,
``dask worker --nworkers 1 --nthreads 1``) run on loopback; every worker is restarted before
each run, so its peak memory (``ru_maxrss``) is that run's. The client side runs in its own
process for the same reason. Nothing here is asserted by the tests.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def cluster(workers: int, logs: Path):
    """A scheduler and ``workers`` worker processes from the command line; their address."""
    dask = Path(sys.executable).parent / "dask"
    address = f"tcp://127.0.0.1:{_free_port()}"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    commands = [[dask, "scheduler", "--host", "127.0.0.1", "--port", address.rsplit(":", 1)[1]]]
    commands += [
        [dask, "worker", address, "--nworkers", "1", "--nthreads", "1", "--host", "127.0.0.1",
         "--name", f"w{k}", "--local-directory", str(logs / f"w{k}")]
        for k in range(workers)
    ]  # fmt: skip
    processes = []
    try:
        for k, command in enumerate(commands):
            with open(logs / f"{k}.log", "wb") as log:
                processes.append(
                    subprocess.Popen(
                        [str(c) for c in command],
                        env=env,
                        stdout=log,
                        stderr=subprocess.STDOUT,
                        start_new_session=True,
                    )
                )
        yield address
    finally:
        for process in processes:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def measure(folder: str, out: str, address: str | None, chunk_chars: int, segmenter: str) -> dict:
    """One run (in this process): time, the client's peak, each worker's idle and peak RSS."""
    import pyarrow.parquet as pq

    from textlib.stream import stream_directory

    def rss_mb() -> float:  # local functions travel to the workers by value
        import psutil

        return psutil.Process().memory_info().rss / 2**20

    def peak_mb() -> float:
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    def cpu_s() -> float:
        import resource

        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime

    client = workers_idle = None
    if address is not None:
        from dask.distributed import Client

        client = Client(address, timeout="60s")
        client.wait_for_workers(1, timeout=60)
        client.restart()  # fresh worker processes: their ru_maxrss is this run's
        workers_idle = list(client.run(rss_mb).values())
    base, cpu = _peak_mb(), cpu_s()
    start = time.perf_counter()
    streamed = stream_directory(
        folder, out, client=client, chunk_chars=chunk_chars, segmenter=segmenter, errors="skip"
    )
    seconds = time.perf_counter() - start
    units = streamed.table("units", columns=["unit_id", "chars"])
    result = {
        "docs": len(units),
        "chars": int(units["chars"].sum()),
        "seconds": seconds,
        "client_base_mb": base,
        "client_peak_mb": _peak_mb(),
        "client_cpu_s": cpu_s() - cpu,
        "tokens": pq.ParquetFile(Path(out) / "tokens.parquet").metadata.num_rows,
        "disk_mb": sum(p.stat().st_size for p in Path(out).iterdir()) / 2**20,
    }
    if client is not None:
        result["workers_idle_mb"] = workers_idle
        result["workers_peak_mb"] = list(client.run(peak_mb).values())
        result["workers_cpu_s"] = list(client.run(cpu_s).values())
        client.close()
    return result


def _run(*args) -> dict:
    code = (
        "import json, sys; sys.path.insert(0, sys.argv[1]); import stream_cluster as b; "
        "print(json.dumps(b.measure(sys.argv[2], sys.argv[3], sys.argv[4] or None, "
        "int(sys.argv[5]), sys.argv[6])))"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", code, str(ROOT / "benchmarks"), *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
    )
    if done.returncode:
        raise SystemExit(done.stderr)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _as_txt(folder: Path, tmp: Path) -> Path:
    target = tmp / folder.name
    for path in sorted(folder.rglob("*.md")):
        copy = target / path.relative_to(folder).with_suffix(".txt")
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, copy)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--chunk-chars", type=int, nargs="+", default=[1_000_000])
    parser.add_argument("--segmenter", default="jieba")
    parser.add_argument("--md-as-txt", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, cluster(args.workers, Path(tmp)) as address:
        for folder in args.folders:
            source = _as_txt(folder, Path(tmp)) if args.md_as_txt else folder
            for chunk in args.chunk_chars:
                for where in ("one machine", "cluster"):
                    out = Path(tmp) / f"out-{folder.name}-{chunk}-{where[0]}"
                    on = address if where == "cluster" else ""
                    r = _run(source, out, on, chunk, args.segmenter)
                    line = (
                        f"{folder.name:<10} chunk {chunk:>9,} {where:<11} {r['docs']:>5} docs "
                        f"{r['chars'] / 1e6:6.2f} M chars {r['seconds']:7.1f} s "
                        f"(client CPU {r['client_cpu_s']:5.1f} s) "
                        f"client peak {r['client_peak_mb']:5.0f} MB "
                        f"(before the run {r['client_base_mb']:4.0f} MB) "
                        f"tables {r['disk_mb']:6.1f} MB"
                    )
                    if "workers_peak_mb" in r:
                        idle = ", ".join(f"{m:.0f}" for m in r["workers_idle_mb"])
                        peak = ", ".join(f"{m:.0f}" for m in r["workers_peak_mb"])
                        cpu = ", ".join(f"{c:.1f}" for c in r["workers_cpu_s"])
                        line += f" workers idle {idle} MB, peak {peak} MB, CPU {cpu} s"
                    print(line, flush=True)


if __name__ == "__main__":
    main()
