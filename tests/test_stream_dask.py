"""stream_directory on a real Dask cluster (a scheduler and two worker processes started
from the command line, see conftest): Parquet tables identical to one machine's."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import opencc
import pandas as pd
import pyarrow.parquet as pq
import pytest

import textlib
from textlib.errors import ClusterError, UndecodableFileError
from textlib.stream import STREAM_TABLES, stream_directory

distributed = pytest.importorskip("dask.distributed")
ROOT = Path(__file__).resolve().parent.parent
FOOTER = "本网站所载文章如需转载请注明出处并保留原文链接违者必究谢谢合作支持"


@pytest.fixture(scope="module")
def folder(tmp_path_factory, seed):
    """Twelve documents of the seed's paragraphs (subfolder, GBK, traditional, a shared
    footer), an empty file, an image and a manifest with a year."""
    root = tmp_path_factory.mktemp("cluster")
    paragraphs = [
        p for u in seed.leaf_ids for p in seed.tracked(u).text.split("\n") if len(p) >= 20
    ]
    rows = ["path,year"]
    for k in range(12):
        body = "\n".join(paragraphs[(k * 5 + j) % len(paragraphs)] for j in range(8))
        text = f"第{k}号文件\n一、总体要求\n{body}\n二、工作措施\n{body[:200]}\n{FOOTER}"
        sub = root / ("2021" if k < 3 else "")
        sub.mkdir(exist_ok=True)
        name = f"doc{k:02d}.txt"
        if k == 4:
            (sub / name).write_bytes(text.encode("gbk", errors="replace"))
        elif k == 6:
            (sub / name).write_text(opencc.OpenCC("s2t").convert(text), encoding="utf-8")
        else:
            (sub / name).write_text(text, encoding="utf-8")
        rows.append(f"{(sub / name).relative_to(root).as_posix()},{2010 + k}")
    (root / "empty.txt").write_text(" \n", encoding="utf-8")
    (root / "scan.png").write_bytes(b"\x89PNG")
    (root / "manifest.csv").write_text("\n".join(rows), encoding="utf-8")
    return root


def _assert_same_files(local: Path, cluster: Path) -> None:
    for table in STREAM_TABLES:
        a, b = (
            pq.read_table(local / f"{table}.parquet"),
            pq.read_table(cluster / f"{table}.parquet"),
        )
        assert a.num_rows > 0, table
        assert a.schema == b.schema, table
        assert a.equals(b), table
        assert (local / f"{table}.parquet").read_bytes() == (
            cluster / f"{table}.parquet"
        ).read_bytes()
    assert (local / "load_report.csv").read_bytes() == (cluster / "load_report.csv").read_bytes()


def test_the_workers_are_other_processes_running_this_checkout(dask_client):
    pids = dask_client.run(os.getpid)
    assert len(pids) == 2 and os.getpid() not in pids.values()
    paths = dask_client.run(lambda: __import__("textlib").__file__)
    assert set(paths.values()) == {textlib.__file__}


def test_a_folder_streamed_on_the_cluster_gives_the_tables_of_one_machine(
    folder, tmp_path, dask_client
):
    options = dict(chunk_chars=2_500, errors="skip", metadata="manifest.csv", segmenter="rjieba")
    local = stream_directory(folder, tmp_path / "local", **options)
    with distributed.get_task_stream(client=dask_client) as tasks:
        cluster = stream_directory(folder, tmp_path / "cluster", client=dask_client, **options)
    assert len(local.table("units")) == 12
    assert local.table("units")["year"].tolist() == list(range(2010, 2022))
    _assert_same_files(local.out, cluster.out)
    # the chunks ran on both workers
    ran = {t["worker"] for t in tasks.data if str(t["key"]).startswith("process_chunk")}
    assert len(ran) == 2


def test_a_table_streamed_on_the_cluster_gives_the_tables_of_one_machine(
    folder, tmp_path, dask_client
):
    rows = []
    for k, path in enumerate(sorted(folder.rglob("doc*.txt"))):
        text = path.read_bytes().decode("gbk" if path.name == "doc04.txt" else "utf-8")
        rows.append({"id": path.stem, "text": text, "year": 2000 + k})
    table = tmp_path / "corpus.csv"
    pd.DataFrame(rows).to_csv(table, index=False)
    local = stream_directory(table, tmp_path / "local", chunk_chars=3_000)
    cluster = stream_directory(table, tmp_path / "cluster", chunk_chars=3_000, client=dask_client)
    _assert_same_files(local.out, cluster.out)


def test_a_problem_found_on_a_worker_reaches_the_caller(tmp_path, dask_client):
    source = tmp_path / "in"
    source.mkdir()
    for k in range(3):
        (source / f"good{k}.txt").write_text(f"加强精神文明建设{k}", encoding="utf-8")
    (source / "bad.txt").write_bytes(bytes(range(128, 256)) * 4)
    out = tmp_path / "out"
    with pytest.raises(UndecodableFileError, match="bad.txt"):
        stream_directory(source, out, client=dask_client)
    assert not out.exists()


def test_the_command_line_runs_on_a_scheduler(folder, tmp_path, dask_client):
    address = dask_client.scheduler.address
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "textlib.stream", str(folder), str(tmp_path / "cluster")]
    run = subprocess.run(
        [*command, "--skip-errors", "--metadata", "manifest.csv", "--scheduler", address],
        capture_output=True,
        text=True,
        env=env,
    )
    assert run.returncode == 0, run.stderr
    assert "12 files read, 3 skipped" in run.stdout
    local = stream_directory(folder, tmp_path / "local", errors="skip", metadata="manifest.csv")
    _assert_same_files(local.out, tmp_path / "cluster")
    nobody = subprocess.run(
        [*command, "--scheduler", "tcp://127.0.0.1:9", "--skip-errors"],
        capture_output=True,
        text=True,
        env={**env, "DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "1s"},
    )
    assert nobody.returncode == 1
    assert nobody.stderr.startswith("error:") and "scheduler" in nobody.stderr


def test_workers_running_another_textlib_are_refused(folder, tmp_path, command_line_cluster):
    """A worker importing another copy of textlib (one changed line) would give other
    tables without a word: refused before any work, naming what the worker imports."""
    other = tmp_path / "other"
    shutil.copytree(
        ROOT / "textlib", other / "textlib", ignore=shutil.ignore_patterns("__pycache__")
    )
    with open(other / "textlib" / "stream" / "run.py", "a", encoding="utf-8") as handle:
        handle.write("\n# another version\n")
    logs = tmp_path / "logs"
    logs.mkdir()
    out = tmp_path / "out"
    refused = pytest.raises(ClusterError, match=r"1 of 1 workers run another textlib .*other/")
    with command_line_cluster(logs, workers=1, pythonpath=other) as client, refused:
        stream_directory(folder, out, client=client, errors="skip")
    assert not out.exists()
    with pytest.raises(ClusterError, match="cannot reach the workers"):
        stream_directory(folder, out, client=client, errors="skip")  # its cluster is gone
