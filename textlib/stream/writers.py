"""The streamed tables written to Parquet, and committed all together or not at all.

Each table is appended chunk by chunk to a temporary file beside its target
(``.textlib-<table>.<random>.tmp``). When every chunk has succeeded the run *commits*: a
journal naming every temp file and its target is written atomically
(:data:`JOURNAL`), the temp files are moved into place, the journal is removed. A run that
fails or is interrupted before the journal exists leaves every table of the previous run as
it was (its temp files are removed then, or by the next run); one interrupted after it is
finished by the next run or by :meth:`StreamedCorpus.table
<textlib.stream.run.StreamedCorpus.table>` (:func:`complete_commit`), so the folder never
holds tables of two runs. A lock file (:data:`LOCK`, held while a run writes) tells the next
run that temp files left in the folder are stale.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import tempfile
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from textlib.atomic import (
    TEMP_PREFIX,
    TEMP_SUFFIX,
    csv_bytes,
    new_file_mode,
    write_bytes_atomic,
)
from textlib.errors import OutputError

#: The Parquet tables :func:`textlib.stream_directory` writes (``<name>.parquet``).
STREAM_TABLES = ("units", "counts", "tokens", "outline")
#: Every file a run writes in its output folder.
STREAM_FILES = (*(f"{t}.parquet" for t in STREAM_TABLES), "load_report.csv")
#: The commit journal: present only while (or when interrupted while) tables are moved.
JOURNAL = ".textlib-stream-commit.json"
#: The lock file a run holds while it writes in a folder.
LOCK = ".textlib-stream.lock"


def problem(err: OSError) -> str:
    """An operating-system error in words, a full disk named as such."""
    if err.errno in (errno.ENOSPC, errno.EDQUOT):
        return "the disk is full (no space left on device); the previous tables are kept"
    return err.strerror or str(err) or type(err).__name__


def complete_commit(out: Path) -> bool:
    """Finish a commit that was interrupted after its journal was written: move each temp
    file still there into place, then remove the journal. Returns whether there was one."""
    journal = out / JOURNAL
    try:
        moves = json.loads(journal.read_text(encoding="utf-8"))["moves"]
    except FileNotFoundError:
        return False
    except (OSError, ValueError, KeyError) as err:
        raise OutputError(journal, f"cannot read the commit journal ({err})") from None
    try:
        for tmp, target in moves:
            with contextlib.suppress(FileNotFoundError):  # moved already
                os.replace(out / tmp, out / target)
        journal.unlink(missing_ok=True)
    except OSError as err:
        raise OutputError(out, f"cannot finish an interrupted commit ({problem(err)})") from None
    return True


def remove_stale_files(out: Path) -> list[Path]:
    """Remove the temp files of stream runs into ``out`` (call it holding the lock: no other
    run writes there, so every one of them is left from an interrupted run)."""
    removed = []
    for name in (*STREAM_FILES, JOURNAL):
        for path in sorted(out.glob(f"{TEMP_PREFIX}{name}.*{TEMP_SUFFIX}")):
            try:
                path.unlink()
            except FileNotFoundError:
                continue
            except OSError as err:
                raise OutputError(
                    path, f"cannot remove a stale temp file ({problem(err)})"
                ) from None
            removed.append(path)
    return removed


class FolderLock:
    """The lock of an output folder while a run writes there (``fcntl.flock`` on
    :data:`LOCK`, released by the system when the process dies). Where ``fcntl`` is not
    available no lock is taken."""

    def __init__(self, out: Path) -> None:
        self.path = out / LOCK
        self.handle = None

    def __enter__(self) -> FolderLock:
        try:
            import fcntl
        except ImportError:  # not a POSIX system
            return self
        try:
            self.handle = open(self.path, "a+b")  # held until __exit__
        except OSError as err:
            raise OutputError(self.path.parent, f"cannot write here ({problem(err)})") from None
        try:
            fcntl.flock(self.handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self.handle.close()
            self.handle = None
            raise OutputError(
                self.path.parent, "another stream_directory run is writing to this folder"
            ) from None
        return self

    def __exit__(self, *exc) -> None:
        if self.handle is not None:
            with contextlib.suppress(OSError):
                self.path.unlink()
            self.handle.close()
            self.handle = None


class TableWriters:
    """One Parquet writer per table, each into a temporary file beside its target. A table's
    file is opened with the first chunk that has rows (an empty chunk's columns may have no
    type yet); a table no chunk gave rows to is written empty at the end. :meth:`commit`
    moves all of them into place together; :meth:`abandon` removes them (or finishes a
    commit already decided)."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.open: dict[str, tuple] = {}
        self.empty: dict[str, pa.Schema] = {}
        self.closed: list[tuple[str, Path]] = []  # (temp file, target) ready to move
        self.committing = False

    def _temp(self, target: Path) -> str:
        try:
            fd, tmp = tempfile.mkstemp(
                prefix=f"{TEMP_PREFIX}{target.name}.", suffix=TEMP_SUFFIX, dir=self.out
            )
        except OSError as err:
            raise OutputError(self.out, f"cannot write here ({problem(err)})") from None
        os.close(fd)
        return tmp

    def _open(self, name: str, schema: pa.Schema) -> None:
        target = self.out / f"{name}.parquet"
        tmp = self._temp(target)
        try:
            writer = pq.ParquetWriter(tmp, schema, compression="zstd")
        except OSError as err:
            Path(tmp).unlink(missing_ok=True)
            raise OutputError(target, f"cannot write the table ({problem(err)})") from None
        self.open[name] = (writer, tmp, target, schema)

    def write(self, name: str, arrow: pa.Table) -> None:
        """Append an Arrow table (one chunk's) to the table ``name``."""
        if name not in self.open:
            if arrow.num_rows == 0:
                self.empty.setdefault(name, arrow.schema)
                return
            self._open(name, stable_schema(arrow.schema))
        writer, _, target, schema = self.open[name]
        try:
            arrow = arrow.select(schema.names).cast(schema)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError, KeyError) as err:
            raise OutputError(
                target, f"a chunk's columns differ from the first chunk's ({err})"
            ) from None
        try:
            writer.write_table(arrow)
        except OSError as err:
            raise OutputError(target, f"cannot write the table ({problem(err)})") from None

    def commit(self, report: pd.DataFrame) -> None:
        """Close every table, write the load report beside them, and move all into place
        together (see the module's description)."""
        for name, schema in self.empty.items():
            if name not in self.open:
                self._open(name, stable_schema(schema))
        mode = new_file_mode()
        for name in list(self.open):
            writer, tmp, target, _ = self.open.pop(name)
            self.closed.append((tmp, target))
            try:
                writer.close()
                os.chmod(tmp, mode)
            except OSError as err:
                raise OutputError(target, f"cannot write the table ({problem(err)})") from None
        target = self.out / "load_report.csv"
        tmp = self._temp(target)
        self.closed.append((tmp, target))
        try:
            Path(tmp).write_bytes(csv_bytes(report))  # formula-like cells neutralised
            os.chmod(tmp, mode)
        except OSError as err:
            raise OutputError(target, f"cannot write the load report ({problem(err)})") from None
        moves = [[Path(tmp).name, target.name] for tmp, target in self.closed]
        journal = json.dumps({"moves": moves}, indent=1).encode("utf-8")
        try:
            write_bytes_atomic(self.out / JOURNAL, journal)
        except OutputError as err:
            cause = err.__context__ or err
            reason = problem(cause) if isinstance(cause, OSError) else str(err)
            raise OutputError(self.out / JOURNAL, f"cannot commit ({reason})") from None
        self.committing = True  # decided: from here on the new tables are the tables
        complete_commit(self.out)
        self.closed.clear()
        self.committing = False

    def abandon(self) -> None:
        """After a failure: remove the temp files; a commit already decided is finished."""
        if self.committing:
            with contextlib.suppress(OutputError):
                complete_commit(self.out)
            return
        for writer, tmp, _, _ in self.open.values():
            with contextlib.suppress(Exception):
                writer.close()
            self.closed.append((tmp, None))
        self.open.clear()
        for tmp, _ in self.closed:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        self.closed.clear()


def stable_schema(schema: pa.Schema) -> pa.Schema:
    """The column types every chunk is cast to: one dictionary type for categorical columns
    (each chunk's categories are its own), text for a column with no values yet."""

    def stable(field: pa.Field) -> pa.Field:
        if pa.types.is_dictionary(field.type):
            return pa.field(field.name, pa.dictionary(pa.int32(), pa.string()))
        if pa.types.is_null(field.type):
            return pa.field(field.name, pa.string())
        return field

    # pandas' own metadata stays, so a nullable Int64 year reads back as Int64
    return pa.schema([stable(f) for f in schema], metadata=schema.metadata)
