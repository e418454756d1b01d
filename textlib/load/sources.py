"""The readers' public seam: a folder listed, one file or table row read, a table in chunks.

:func:`textlib.read_directory` and :func:`textlib.read_table` read a whole corpus at once.
A reader that takes the same files in pieces (:func:`textlib.stream_directory`, a cluster)
uses these steps instead, so that every file is seen, read, repaired and reported exactly
as those readers do it:

- :func:`list_folder`: the files of a folder as the folder reader sees them, in its order:
  each a :class:`Candidate` to read or a :data:`UnitRead` already skipped with its reason;
- :func:`read_file` / :func:`read_row`: one file or table row as a :data:`UnitRead` (its
  decoded text, the line bounds of its content, encoding, format, characters and status);
  :func:`read_unit`: one file as its repaired text, metadata and load-report row;
- :func:`files_read` (the checks every reader makes), :func:`repair_steps`,
  :func:`folder_metadata`, :func:`corpus_of_files` (the repaired units with their metadata)
  and :func:`load_report` (one row per file seen);
- :func:`iter_table`: a CSV or Parquet table a few thousand rows at a time.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from textlib.load.boilerplate import MIN_CHARS
from textlib.load.readers import (
    REPORT_COLUMNS,
    TABLE_SUFFIXES,
    _metadata,
    _pipeline,
    _read_unit,
    _report,
    _row_unit,
    _Seen,
    check_table_options,
    corpus_of_files,
    files_read,
    note_dropped_lines,
    scan_directory,
)
from textlib.load.tables import iter_table
from textlib.repairs.steps import RepairStep, passage_hash, passage_key

__all__ = [
    "REPORT_COLUMNS",
    "TABLE_SUFFIXES",
    "Candidate",
    "FolderListing",
    "UnitRead",
    "UnitText",
    "check_table_options",
    "corpus_of_files",
    "files_read",
    "folder_metadata",
    "iter_table",
    "list_folder",
    "load_report",
    "long_line_hashes",
    "note_dropped_lines",
    "read_file",
    "read_row",
    "read_unit",
    "repair_steps",
    "skipped",
    "text_digest",
]

#: One file or table row a reader saw and what became of it (a mutable dataclass):
#: ``path``, ``rel`` (relative to the folder), ``unit_id``, ``status`` (``read`` or
#: ``skipped``), ``reason``, ``encoding``, ``format``, ``chars``, ``error`` (the named error
#: ``errors="raise"`` raises), ``source`` (its :class:`textlib.text.source.SourceText` while
#: held; set it to ``None`` to let the text go) and ``bounds`` (first and last non-blank
#: line). ``row()`` is its load-report row (:data:`REPORT_COLUMNS`).
UnitRead = _Seen


@dataclass(frozen=True)
class Candidate:
    """A file of a folder that the folder reader will read: where it is, its path relative
    to the folder, the unit id it gives and its format (``txt``, ``docx``, ``pdf``, ...)."""

    path: Path
    rel: str
    unit_id: str
    format: str


@dataclass(frozen=True)
class FolderListing:
    """A folder as the folder reader sees it, before reading anything: its root (the folder,
    or a single file's folder), the corpus name, the manifest file (when ``metadata`` names
    one) and, in sorted order, every file as a :class:`Candidate` or a skipped
    :data:`UnitRead` (type, pattern, manifest, not a regular file) with its reason."""

    root: Path
    name: str
    manifest: Path | None
    entries: tuple[Candidate | UnitRead, ...]

    @property
    def candidates(self) -> list[Candidate]:
        """The files to read."""
        return [e for e in self.entries if isinstance(e, Candidate)]


def list_folder(
    folder: Path | str,
    *,
    recursive: bool = True,
    pattern: str | None = None,
    metadata: pd.DataFrame | Path | str | None = None,
) -> FolderListing:
    """The files of ``folder`` (or the one document ``folder`` names) as
    :func:`textlib.read_directory` sees them with the same options; nothing is read."""
    root, name, manifest, scanned = scan_directory(
        Path(folder), recursive=recursive, pattern=pattern, metadata=metadata
    )
    entries = tuple(e if isinstance(e, _Seen) else Candidate(*e) for e in scanned)
    return FolderListing(root, name, manifest, entries)


def read_file(candidate: Candidate, *, encoding: str = "auto") -> UnitRead:
    """One file read and decoded as the folder reader reads it: ``status`` ``read`` with its
    ``source``, or ``skipped`` with the reason and the named ``error`` (empty, undecodable,
    unreadable)."""
    return _read_unit(
        candidate.path, candidate.rel, candidate.unit_id, candidate.format, encoding=encoding
    )


@dataclass(frozen=True)
class UnitText:
    """One file as a folder reader makes it a unit: its repaired ``text`` (None when the
    file was skipped), its ``metadata`` and its load-report row (:data:`REPORT_COLUMNS`)."""

    unit_id: str
    text: str | None
    metadata: dict
    report: tuple


def read_unit(
    candidate: Candidate,
    *,
    encoding: str = "auto",
    repair: RepairStep | Sequence[RepairStep] | None = None,
    simplify: bool = True,
    metadata: pd.DataFrame | None = None,
) -> UnitText:
    """One file read, decoded and repaired as :func:`textlib.read_directory` does it (without
    the corpus-level boilerplate step), with its row of ``metadata`` (a DataFrame indexed by
    unit id) and its load-report row."""
    item = read_file(candidate, encoding=encoding)
    if item.status != "read":
        return UnitText(candidate.unit_id, None, {}, item.row())
    meta = None
    if metadata is not None and item.unit_id in metadata.index:
        meta = metadata.loc[[item.unit_id]]
    steps = repair_steps(repair, simplify=simplify)
    corpus = corpus_of_files([item], candidate.rel, steps=steps, metadata=meta)
    row = {} if meta is None else {c: corpus.units.at[item.unit_id, c] for c in meta.columns}
    return UnitText(item.unit_id, corpus.units.at[item.unit_id, "text"], row, item.row())


def read_row(path: Path | str, unit_id: str, text: object, *, kind: str, encoding: str) -> UnitRead:
    """One table row as :func:`textlib.read_table` reads it (its text a source named
    ``file#id``), or skipped when the row has no text; ``kind`` is ``csv`` or ``parquet``,
    ``encoding`` the table's."""
    return _row_unit(Path(path), unit_id, text, kind, encoding)


def skipped(path: Path | str, rel: str, reason: str) -> UnitRead:
    """A file seen and not read (no error: a deliberate choice such as its place), with the
    reason the load report gives."""
    return _Seen(Path(path), rel, None, "skipped", reason)


def repair_steps(repair: RepairStep | Sequence[RepairStep] | None, *, simplify: bool) -> tuple:
    """The repair pipeline the readers apply: ``repair`` (default
    :data:`textlib.repairs.steps.DEFAULT_STEPS`), after the conversion to simplified
    characters when ``simplify``."""
    return _pipeline(repair, simplify)


def folder_metadata(
    listing: FolderListing, metadata: pd.DataFrame | Path | str | None, read: list[UnitRead]
) -> tuple[pd.DataFrame | None, list[tuple]]:
    """The metadata of the files ``read`` (a DataFrame indexed by unit id, or the manifest of
    ``listing``), and the load-report rows of manifest rows matching no file; a file without
    a manifest row gets a note in its ``reason``."""
    return _metadata(listing.root, metadata, listing.manifest, read)


def load_report(seen: Sequence[UnitRead], missing: Sequence[tuple] = ()) -> pd.DataFrame:
    """The load report: a row per file or table row seen (:data:`REPORT_COLUMNS`), then the
    ``missing`` manifest rows."""
    return _report(list(seen), list(missing))


def long_line_hashes(item: UnitRead) -> set[int]:
    """The 64-bit hashes of a unit's long lines (the boilerplate candidates of
    :func:`textlib.load.boilerplate.boilerplate_passages`), so lines can be counted across
    a corpus without keeping them."""
    first, last = item.bounds
    keys = (passage_key(line) for line in item.source.lines[first - 1 : last])
    return {passage_hash(k) for k in keys if len(k) >= MIN_CHARS}


def text_digest(item: UnitRead) -> str:
    """A digest of a unit's decoded text: equal digests from two readings of a file mean
    the same text, so a file that changed in between is found."""
    return hashlib.blake2b(item.source.text.encode("utf-8"), digest_size=16).hexdigest()
