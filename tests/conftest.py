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


@pytest.fixture(scope="session")
def dask_client(tmp_path_factory):
    """A client of a real Dask cluster on loopback: ``dask scheduler`` and two ``dask worker``
    processes (one process, one thread each) started from the command line, importing
    textlib from this checkout; stopped (and killed if need be) at the end."""
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
    logs = tmp_path_factory.mktemp("dask-cluster")
    address = f"tcp://127.0.0.1:{_free_port()}"
    path = os.environ.get("PYTHONPATH")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(TESTS.parent), path]))}
    port = address.rsplit(":", 1)[1]
    scheduler = [dask, "scheduler", "--host", "127.0.0.1", "--port", port, "--no-dashboard"]
    workers = [
        [dask, "worker", address, "--nworkers", "1", "--nthreads", "1", "--host", "127.0.0.1",
         "--no-dashboard", "--name", f"w{k}", "--local-directory", str(logs / f"w{k}"),
         "--death-timeout", "60"]
        for k in range(2)
    ]  # fmt: skip
    commands = [scheduler, *workers]
    processes: list[subprocess.Popen] = []
    client = None
    try:
        for k, command in enumerate(commands):
            log = open(logs / f"{k}.log", "wb")  # noqa: SIM115 - closed with the process
            processes.append(
                subprocess.Popen(
                    [str(c) for c in command],
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,  # its own group: the nanny's worker stops with it
                )
            )
            log.close()
        client = distributed.Client(address, timeout="30s")
        client.wait_for_workers(2, timeout=30)
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
