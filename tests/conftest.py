"""Shared fixtures: the seed corpus is read once per test session."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest

import textlib

TESTS = Path(__file__).resolve().parent
DATA = TESTS / "data"


@pytest.fixture(scope="session")
def seed():
    return textlib.load_seed()


@pytest.fixture(scope="session")
def seed_lines(seed):
    return seed.source("1").lines


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def _command_line_cluster(logs: Path, *, workers: int = 2, pythonpath: Path = TESTS.parent):
    """A Dask scheduler and ``workers`` worker processes (one process, one thread each)
    started from the command line on loopback, importing textlib from ``pythonpath``; a
    client of it. Every process is stopped (killed if need be) at the end."""
    import os
    import shutil
    import signal
    import subprocess
    import sys

    distributed = pytest.importorskip("dask.distributed")
    dask = Path(sys.executable).parent / "dask"
    if not dask.is_file():
        found = shutil.which("dask")
        if found is None:
            pytest.skip("the dask command line is not installed")
        dask = Path(found)
    address = f"tcp://127.0.0.1:{_free_port()}"
    env = {**os.environ, "PYTHONPATH": str(pythonpath)}
    port = address.rsplit(":", 1)[1]
    scheduler = [dask, "scheduler", "--host", "127.0.0.1", "--port", port, "--no-dashboard"]
    commands = [scheduler] + [
        [dask, "worker", address, "--nworkers", "1", "--nthreads", "1", "--host", "127.0.0.1",
         "--no-dashboard", "--name", f"w{k}", "--local-directory", str(logs / f"w{k}"),
         "--death-timeout", "60"]
        for k in range(workers)
    ]  # fmt: skip
    processes: list[subprocess.Popen] = []
    client = None
    try:
        for k, command in enumerate(commands):
            with open(logs / f"{k}.log", "wb") as log:
                processes.append(
                    subprocess.Popen(
                        [str(c) for c in command],
                        env=env,
                        cwd=logs,
                        stdout=log,
                        stderr=subprocess.STDOUT,
                        start_new_session=True,  # its own group: the nanny's worker stops too
                    )
                )
        client = distributed.Client(address, timeout="30s")
        client.wait_for_workers(workers, timeout=30)
        yield client
    finally:
        if client is not None:
            client.close()
        for process in reversed(processes):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        for process in reversed(processes):
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait()


@pytest.fixture(scope="session")
def dask_client(tmp_path_factory):
    """A client of a real Dask cluster on loopback: ``dask scheduler`` and two ``dask worker``
    processes started from the command line, importing textlib from this checkout."""
    with _command_line_cluster(tmp_path_factory.mktemp("dask-cluster")) as client:
        yield client


@pytest.fixture
def command_line_cluster():
    """Start another command-line cluster in a test: ``with command_line_cluster(logs,
    workers=1, pythonpath=folder) as client``."""
    return _command_line_cluster
