"""Readers for a user's own corpus: a folder of text files, or a CSV / Parquet table."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from textlib.errors import EmptyCorpusError, PageFormatError, SourceFileNotFoundError
from textlib.load.corpus import Corpus, UnitSpan, _nonblank_bounds, build_corpus
from textlib.text.source import SourceText, decode_utf8, read_source


TABLE_SUFFIXES = (".csv", ".parquet")


def read_directory(
    path: Path | str,
    *,
    id_column: str = "id",
    text_column: str = "text",
    n_jobs: int = 1,
    progress: bool | None = None,
) -> Corpus:
    """Read a user's corpus: every ``*.txt`` file of a directory as one unit (id = file stem,
    sorted), or a table file (``.csv``, ``.parquet``) with an id column, a text column and
    optional metadata columns (year, region, issuer…) that flow into every table."""
    folder = Path(path)
    if folder.is_file() and folder.suffix.lower() in TABLE_SUFFIXES:
        return read_table(
            folder, id_column=id_column, text_column=text_column, n_jobs=n_jobs, progress=progress
        )
    if not folder.is_dir():
        raise SourceFileNotFoundError(folder)
    files = sorted(folder.glob("*.txt"))
    if not files:
        raise EmptyCorpusError(folder, "directory holds no *.txt files")
    sources, spans = {}, []
    for file in files:
        source = read_source(file)
        bounds = _nonblank_bounds(source.lines, 1, source.n_lines)
        if bounds is None:
            raise EmptyCorpusError(file, "file is empty")
        sources[str(file)] = source
        spans.append(UnitSpan(file.stem, None, str(file), *bounds))
    return build_corpus(spans, sources, folder.name, n_jobs=n_jobs, progress=progress)


def read_table(
    path: Path | str,
    *,
    id_column: str = "id",
    text_column: str = "text",
    n_jobs: int = 1,
    progress: bool | None = None,
) -> Corpus:
    """A corpus from a CSV (UTF-8) or Parquet file: one unit per row.

    Each row's text is its own source, named ``file#id``; line numbers count lines inside the
    text cell. Every other column is unit metadata (kept in ``units`` and added to tables)."""
    path = Path(path)
    if not path.is_file():
        raise SourceFileNotFoundError(path)
    if path.suffix.lower() == ".parquet":
        try:
            table = pd.read_parquet(path)
        except ImportError as err:
            raise PageFormatError(path, f"reading Parquet needs pyarrow ({err})") from None
    else:
        decoded = decode_utf8(path.read_bytes(), path).removeprefix("\ufeff")
        # metadata columns keep their inferred types (a numeric year stays numeric)
        table = pd.read_csv(io.StringIO(decoded), dtype={id_column: str, text_column: str})
    missing = [c for c in (id_column, text_column) if c not in table.columns]
    if missing:
        raise PageFormatError(
            path, f"missing column(s) {', '.join(missing)}; has {list(table.columns)}"
        )
    if table.empty:
        raise EmptyCorpusError(path, "table has no rows")
    ids = table[id_column].astype(str).str.strip()
    duplicated = ids[ids.duplicated()].tolist()
    if duplicated:
        raise PageFormatError(path, f"duplicate ids {duplicated[:5]}")
    sources, spans = {}, []
    for unit_id, text in zip(ids, table[text_column], strict=True):
        name = f"{path}#{unit_id}"
        source = SourceText.from_text(name, "" if pd.isna(text) else str(text))
        bounds = _nonblank_bounds(source.lines, 1, source.n_lines)
        if bounds is None:
            raise EmptyCorpusError(name, "row has no text")
        sources[name] = source
        spans.append(UnitSpan(unit_id, None, name, *bounds))
    metadata = table.drop(columns=[id_column, text_column]).set_index(ids)
    metadata.index.name = "unit_id"
    return build_corpus(
        spans, sources, path.name, n_jobs=n_jobs, progress=progress, metadata=metadata
    )
