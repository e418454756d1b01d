"""Where the streamed path's units come from: the first pass over a folder or a table, and
the chunks of the second pass.

The first pass reads every file (or table row) once: its status for the load report, the
hashes of its long lines (boilerplate, counted across the corpus without keeping lines) and
a digest of its text, so that the second pass finds a file that changed in between.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from textlib.errors import TableFormatError
from textlib.load.sources import (
    Candidate,
    UnitRead,
    iter_table,
    long_line_hashes,
    read_file,
    read_row,
    skipped,
    text_digest,
)
from textlib.load.tables import (
    cell_kinds,
    duplicates_shown,
    first_rows,
    kind_of,
    text_kinds,
    typed_metadata,
    unified_dtype,
)

#: Rows a table is read in (each pass); a chunk of the second pass holds ``chunk_chars``.
TABLE_ROWS = 2000

#: Rows of the counts table (units × lexicon variants, zeros included) one chunk may hold:
#: with many short documents the counts, not the texts, are what fills memory.
CHUNK_COUNT_ROWS = 250_000

#: A chunk of the second pass: the units (files without their text, or table rows with
#: it), their metadata (or None) and the digest of each unit's text in the first pass.
Chunk = tuple[list[UnitRead], pd.DataFrame | None, tuple[str, ...]]


def chunk_units(variants: int) -> int:
    """Units in one chunk at most, so that its counts table holds :data:`CHUNK_COUNT_ROWS`
    rows at most (one unit at least)."""
    return max(1, CHUNK_COUNT_ROWS // max(1, variants))


def outside(entry: Candidate | UnitRead, out: Path) -> Candidate | UnitRead:
    """A listed file, or a skipped one when it lies in the output folder ``out`` (resolved):
    a previous run's tables are no documents."""
    if entry.path.resolve().is_relative_to(out):
        return skipped(entry.path, entry.rel, "inside the output folder")
    return entry


def first_pass_batch(batch: list[Candidate], encoding: str) -> list[tuple]:
    """Per candidate file: what reading it gave (without its text), the hashes of its long
    lines and the digest of its text (None when it was not read)."""
    out = []
    for candidate in batch:
        done = read_file(candidate, encoding=encoding)
        hashes: set[int] = set()
        digest = None
        if done.status == "read":
            hashes, digest = long_line_hashes(done), text_digest(done)
            done.source = None
        out.append((done, hashes, digest))
    return out


def folder_chunks(
    read: list[UnitRead],
    digests: dict[str, str],
    meta_table: pd.DataFrame | None,
    chunk_chars: int,
    max_units: int,
) -> Iterator[Chunk]:
    """The files read, in order, in chunks of about ``chunk_chars`` characters (a larger file
    is a chunk of its own) and at most ``max_units`` files, with their metadata."""
    chunk: list[UnitRead] = []
    size = 0
    for item in read:
        if _full(chunk, size, item.chars or 0, chunk_chars, max_units):
            yield _folder_chunk(chunk, meta_table, digests)
            chunk, size = [], 0
        chunk.append(item)
        size += item.chars or 0
    if chunk:
        yield _folder_chunk(chunk, meta_table, digests)


def _full(chunk: list, size: int, item_chars: int, chunk_chars: int, max_units: int) -> bool:
    return bool(chunk) and (size + item_chars > chunk_chars or len(chunk) >= max_units)


def _folder_chunk(chunk: list[UnitRead], meta_table, digests: dict[str, str]) -> Chunk:
    """A chunk of files with their metadata (None without a table) and first-pass digests."""
    ids = [s.unit_id for s in chunk]
    meta = None if meta_table is None else meta_table.reindex(ids).dropna(how="all")
    return chunk, meta, tuple(digests[i] for i in ids)


class TableSource:
    """A CSV or Parquet table read twice, :data:`TABLE_ROWS` rows at a time: a first pass
    that checks ids and rows, hashes long lines (boilerplate), keeps a digest of each text
    and learns each metadata column's type over the whole table, and a second pass that
    yields chunks of rows with their texts and metadata of those types, as
    :func:`textlib.read_table` would type them."""

    def __init__(self, path: Path, id_column: str, text_column: str, encoding: str) -> None:
        self.path = path
        self.id_column, self.text_column = id_column.strip(), text_column.strip()
        self.encoding = encoding
        self.kind = "parquet" if path.suffix.lower() == ".parquet" else "csv"
        self.dtypes: dict[str, str] = {}  # Parquet: the type of columns whose batches differ
        self.text_kinds: dict[str, str] = {}  # CSV: each metadata column's kind (all text)
        self.digests: dict[str, str] = {}  # each row read: the digest of its text
        self.vanished: list[UnitRead] = []  # rows of the first pass the second did not find

    def _frames(self, **options) -> tuple[str, Iterator[pd.DataFrame]]:
        return iter_table(
            self.path,
            id_column=self.id_column,
            text_column=self.text_column,
            encoding=self.encoding,
            rows=TABLE_ROWS,
            **options,
        )

    def _row(self, unit_id: str, text, used: str) -> UnitRead:
        return read_row(self.path, unit_id, text, kind=self.kind, encoding=used)

    def first_pass(self) -> tuple[list[UnitRead], Counter]:
        """Every row's status (texts let go) and in how many rows each long line occurs."""
        used, frames = self._frames(check_quoting=True)
        seen: list[UnitRead] = []
        line_units: Counter = Counter()
        blank_rows: list[int] = []
        first_row: dict[str, int] = {}
        duplicates: dict[str, list[int]] = {}
        kinds: dict[str, set[str]] = {}
        dtypes: dict[str, set[str]] = {}
        row = 0
        for frame in frames:
            for column in frame.columns.drop([self.id_column, self.text_column]):
                if self.kind == "csv":  # cells are text: kinds as read_table finds them
                    kinds.setdefault(column, set()).update(text_kinds(frame[column]))
                    continue
                found = cell_kinds(frame[column])
                if "list" in found:
                    raise TableFormatError(
                        self.path, f"column {column!r} holds lists; a metadata cell holds one value"
                    )
                kinds.setdefault(column, set()).update(found)
                dtypes.setdefault(column, set()).add(str(frame[column].dtype))
            for unit_id, text in zip(frame[self.id_column], frame[self.text_column], strict=True):
                row += 1
                if pd.isna(unit_id) or not str(unit_id).strip():
                    blank_rows.append(row)
                    continue
                unit_id = str(unit_id).strip()
                if unit_id in first_row:
                    duplicates.setdefault(unit_id, [first_row[unit_id]]).append(row)
                    continue
                first_row[unit_id] = row
                item = self._row(unit_id, text, used)
                if item.status == "read":
                    line_units.update(long_line_hashes(item))
                    self.digests[unit_id] = text_digest(item)
                    item.source = None
                seen.append(item)
        if blank_rows:
            shown = first_rows(blank_rows)
            raise TableFormatError(self.path, f"empty {self.id_column!r} in data row(s) {shown}")
        if duplicates:
            raise TableFormatError(self.path, f"duplicate ids: {duplicates_shown(duplicates)}")
        if self.kind == "csv":
            self.text_kinds = {column: kind_of(found) for column, found in kinds.items()}
        else:
            unified = {c: unified_dtype(kinds[c], dtypes[c]) for c in kinds}
            self.dtypes = {c: dtype for c, dtype in unified.items() if dtype is not None}
        return seen, line_units

    def chunks(self, read: list[UnitRead], chunk_chars: int, max_units: int) -> Iterator[Chunk]:
        """Chunks of the rows ``read`` in the first pass (about ``chunk_chars`` characters)
        with their texts, and their metadata typed as over the whole table. Rows the first
        pass read and this one does not find are left in :attr:`vanished`."""
        keep = {s.unit_id: s for s in read}
        found: set[str] = set()
        used, frames = self._frames()
        chunk: list[UnitRead] = []
        metas: list[pd.DataFrame] = []
        size = 0
        for frame in frames:
            ids = frame[self.id_column].astype(str).str.strip()
            meta = frame.drop(columns=[self.id_column, self.text_column]).set_index(ids)
            meta.index.name = "unit_id"
            meta = typed_metadata(meta, self.text_kinds)
            for column, dtype in self.dtypes.items():
                meta[column] = meta[column].astype(dtype)
            taken = []
            for unit_id, text in zip(ids, frame[self.text_column], strict=True):
                if unit_id not in keep or unit_id in found:
                    continue
                found.add(unit_id)
                item = self._row(unit_id, text, used)
                if _full(chunk, size, item.chars or 0, chunk_chars, max_units):
                    metas.append(meta.loc[taken])
                    yield self._chunk(chunk, metas)
                    chunk, metas, size, taken = [], [], 0, []
                chunk.append(item)
                taken.append(unit_id)
                size += item.chars or 0
            if taken:
                metas.append(meta.loc[taken])
        if chunk:
            yield self._chunk(chunk, metas)
        self.vanished = [s for unit_id, s in keep.items() if unit_id not in found]

    def _chunk(self, chunk: list[UnitRead], metas: list[pd.DataFrame]) -> Chunk:
        meta = pd.concat(metas) if len(metas) > 1 else metas[0]
        digests = tuple(self.digests[s.unit_id] for s in chunk)
        return chunk, (meta if len(meta.columns) else None), digests
