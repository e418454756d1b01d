"""stream_directory on a full disk, an interrupted commit, stale temp files, a file changed
between the two passes and an output folder that is the input: a named error or a report,
never tables of two runs or lost tables."""

from __future__ import annotations

import errno
import fcntl
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from textlib import stream
from textlib.errors import OutputError, SourceReadError
from textlib.stream import STREAM_TABLES, StreamedCorpus, stream_directory
from textlib.stream.writers import JOURNAL, LOCK

ROOT = Path(__file__).resolve().parent.parent
BODY = "一、总体要求\n加强社会主义精神文明建设，推进文化繁荣兴盛。\n二、主要任务\n弘扬民族精神。"


def _folder(root: Path, prefix: str, n: int = 4) -> Path:
    root.mkdir()
    for k in range(n):
        (root / f"{prefix}{k}.txt").write_text(f"{prefix}第{k}号\n{BODY * (k + 1)}", "utf-8")
    return root


@pytest.fixture
def two(tmp_path):
    """Two corpora with different unit ids (run 1 and run 2 write to one folder)."""
    return _folder(tmp_path / "a", "a"), _folder(tmp_path / "b", "b")


def _files(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def _ids_of_each_table(out: Path) -> dict[str, set[str]]:
    ids = {
        t: set(pd.read_parquet(out / f"{t}.parquet")["unit_id"].astype(str)) for t in STREAM_TABLES
    }
    report = pd.read_csv(out / "load_report.csv", keep_default_na=False)
    ids["load_report"] = set(report["unit_id"])
    return ids


@pytest.mark.parametrize("where", ["table", "close", "report", "journal"])
def test_a_full_disk_is_named_and_keeps_the_previous_tables(two, tmp_path, monkeypatch, where):
    first, second = two
    out = tmp_path / "out"
    stream_directory(first, out, chunk_chars=200)
    before = _files(out)
    calls = []

    def full(*args, **kwargs):
        calls.append(1)
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    if where == "table":
        original = pq.ParquetWriter.write_table

        def full_later(self, *args, **kwargs):  # the third chunk finds the disk full
            calls.append(1)
            if len(calls) == 3:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            return original(self, *args, **kwargs)

        monkeypatch.setattr(pq.ParquetWriter, "write_table", full_later)
    elif where == "close":
        original = pq.ParquetWriter.close

        def full_once(self):  # then closes (the writer's finaliser closes it again)
            if not calls:
                full()
            return original(self)

        monkeypatch.setattr(pq.ParquetWriter, "close", full_once)
    elif where == "report":
        monkeypatch.setattr(Path, "write_bytes", full)
    else:  # the commit journal, the last file written before the tables move
        monkeypatch.setattr(os, "fdopen", full)
    with pytest.raises(OutputError, match="disk is full.*previous tables are kept") as caught:
        stream_directory(second, out, chunk_chars=200)
    named = {"table": "parquet: cannot write the table", "close": "parquet: cannot write the table"}
    named |= {"report": "load_report.csv: cannot write", "journal": "cannot commit"}
    assert named[where] in str(caught.value)
    assert calls
    monkeypatch.undo()
    assert _files(out) == before  # every table as it was, no temp file left


def test_an_interrupted_commit_is_finished_not_mixed(two, tmp_path, monkeypatch):
    """Ctrl-C while the tables are moved into place: the commit was decided (its journal
    written), so it is finished; the folder holds the tables of run 2 only."""
    first, second = two
    out = tmp_path / "out"
    stream_directory(first, out)
    real = os.replace
    moved = []

    def interrupted(src, dst):
        moved.append(dst)
        if len(moved) == 2:
            raise KeyboardInterrupt
        return real(src, dst)

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        stream_directory(second, out)
    monkeypatch.undo()
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [*(f"{t}.parquet" for t in STREAM_TABLES), "load_report.csv"]
    )
    assert all(ids == {"b0", "b1", "b2", "b3"} for ids in _ids_of_each_table(out).values())


KILLED = """
import os, sys
from textlib.stream import stream_directory
real, moved = os.replace, []
def killed(src, dst):
    moved.append(dst)
    if len(moved) == 3:
        os._exit(9)  # killed between two moves: no handler runs
    return real(src, dst)
os.replace = killed
stream_directory(sys.argv[1], sys.argv[2])
"""


def test_a_commit_killed_halfway_is_finished_by_the_reader_or_the_next_run(two, tmp_path):
    first, second = two
    out = tmp_path / "out"
    stream_directory(first, out)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    script = textwrap.dedent(KILLED)
    for attempt in ("reader", "next run"):
        stream_directory(first, out)
        run = subprocess.run(
            [sys.executable, "-c", script, str(second), str(out)], env=env, capture_output=True
        )
        assert run.returncode == 9, run.stderr.decode()
        assert (out / JOURNAL).is_file()
        on_disk = {
            t: set(pq.read_table(out / f"{t}.parquet", columns=["unit_id"])[0].to_pylist())
            for t in ("units", "counts", "tokens")
        }
        assert {frozenset(ids) for ids in on_disk.values()} == {
            frozenset({"a0", "a1", "a2", "a3"}),
            frozenset({"b0", "b1", "b2", "b3"}),
        }  # two tables moved, the third not yet: this is what must never be read
        if attempt == "reader":
            report = pd.read_csv(out / "load_report.csv", keep_default_na=False)
            counts = StreamedCorpus(out, report, "jieba").table("counts")
            assert set(counts["unit_id"].astype(str)) == {"b0", "b1", "b2", "b3"}
        else:
            with pytest.raises(OutputError, match="is the input folder"):
                stream_directory(out, out)  # refused before anything: the journal stays
            assert (out / JOURNAL).is_file()
            stream_directory(second, out)
        assert not (out / JOURNAL).exists()
        assert all(ids == {"b0", "b1", "b2", "b3"} for ids in _ids_of_each_table(out).values())
        left = {p.name for p in out.iterdir() if p.name.startswith(".")}
        # a killed run's lock file (held by no one) stays until the next run
        assert left == ({LOCK} if attempt == "reader" else set())


def test_stale_temp_files_are_removed_by_the_next_run(two, tmp_path):
    first, _ = two
    out = tmp_path / "out"
    out.mkdir()
    stale = [out / ".textlib-tokens.parquet.x1y2.tmp", out / ".textlib-load_report.csv.q.tmp"]
    other = out / ".textlib-figure.png.z.tmp"  # not a stream table's: not ours to remove
    for path in [*stale, other]:
        path.write_bytes(b"half a table")  # fresh: an interrupted run a second ago
    stream_directory(first, out)
    assert not any(p.exists() for p in stale)
    assert other.exists()


def test_a_folder_another_run_writes_to_is_refused(two, tmp_path):
    first, _ = two
    out = tmp_path / "out"
    stream_directory(first, out)
    before = _files(out)
    with open(out / LOCK, "a+b") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(OutputError, match="another stream_directory run is writing"):
            stream_directory(first, out)
    (out / LOCK).unlink()
    assert _files(out) == before


@pytest.mark.parametrize("change", ["grows", "edited", "removed"])
def test_a_file_changed_between_the_passes_is_found(two, tmp_path, monkeypatch, change):
    first, _ = two
    out = tmp_path / "out"
    stream_directory(first, out, chunk_chars=200)
    before = _files(out)
    target = first / "a2.txt"
    original = stream.run.process_chunk

    def meanwhile(chunk, meta, context, digests=()):
        if target.exists() and change == "grows":
            with open(target, "a", encoding="utf-8") as handle:
                handle.write("\n三、新增段落，文件在两次读取之间变长。")
        elif target.exists() and change == "edited":
            target.write_text(target.read_text("utf-8").replace("繁荣", "发展"), "utf-8")
        elif target.exists():
            target.unlink()
        return original(chunk, meta, context, digests)

    monkeypatch.setattr(stream.run, "process_chunk", meanwhile)
    with pytest.raises(SourceReadError, match="a2.txt.*changed while it was streamed"):
        stream_directory(first, out, chunk_chars=200)
    assert _files(out) == before
    for k in range(4):  # as it was, then skipped and reported
        (first / f"a{k}.txt").write_text(f"a第{k}号\n{BODY * (k + 1)}", "utf-8")
    streamed = stream_directory(first, out, chunk_chars=200, errors="skip")
    report = streamed.load_report.set_index("unit_id")
    assert report.loc["a2", "status"] == "skipped"
    assert report.loc["a2", "reason"].startswith("changed while it was streamed")
    ids = _ids_of_each_table(out)
    assert ids.pop("load_report") == {"a0", "a1", "a2", "a3"}
    assert all(found == {"a0", "a1", "a3"} for found in ids.values())  # the tables agree


def test_a_table_changed_between_the_passes_is_found(tmp_path, monkeypatch):
    path = tmp_path / "t.csv"
    path.write_text("id,text\nx,加强精神文明建设。\ny,推进文化繁荣。\nz,弘扬民族精神。\n", "utf-8")
    original = stream.sources.TableSource.first_pass

    def then_edited(self):
        found = original(self)
        path.write_text("id,text\nx,加强精神文明建设。\ny,推进文化发展。\n", "utf-8")
        return found

    monkeypatch.setattr(stream.sources.TableSource, "first_pass", then_edited)
    streamed = stream_directory(path, tmp_path / "out", errors="skip")
    report = streamed.load_report.set_index("unit_id")
    assert (
        report.loc["y", "reason"]
        == "changed while it was streamed: its text differs between the two readings"
    )
    assert report.loc["z", "reason"].endswith("(no longer in the table)")
    assert streamed.table("units")["unit_id"].tolist() == ["x"]


def test_an_output_folder_that_is_or_holds_the_input_is_refused(two, tmp_path):
    first, _ = two
    before = _files(first)
    with pytest.raises(OutputError, match="a: is the input folder"):
        stream_directory(first, first)
    with pytest.raises(OutputError, match="holds the input folder"):
        stream_directory(first, tmp_path)
    with pytest.raises(OutputError, match="is the input folder"):
        stream_directory(first / ".." / "a", first)
    assert _files(first) == before
    table = tmp_path / "out" / "load_report.csv"
    table.parent.mkdir()
    table.write_text("id,text\nx,文本\n", "utf-8")
    with pytest.raises(OutputError, match="a file this run writes"):
        stream_directory(table, table.parent)
    assert table.read_text("utf-8") == "id,text\nx,文本\n"
