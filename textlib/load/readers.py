"""Readers for a user's own corpus: a folder of text files, or a CSV / Parquet table."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pandas as pd

from textlib.errors import (
    EmptyCorpusError,
    SourceFileNotFoundError,
    SourceReadError,
    TableFormatError,
)
from textlib.load.corpus import Corpus, UnitSpan, _nonblank_bounds, build_corpus
from textlib.text.source import (
    SourceText,
    csv_quote_problem,
    decode_utf8,
    read_file_bytes,
    read_source,
)

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
    if folder.is_file():
        raise SourceReadError(
            folder, "expected a directory of *.txt files or a .csv/.parquet table"
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
    data = read_file_bytes(path)
    if path.suffix.lower() == ".parquet":
        table = _parse_parquet(path, data)
    else:
        table = _parse_csv(
            path, decode_utf8(data, path).removeprefix("\ufeff"), id_column, text_column
        )
    missing = [c for c in (id_column, text_column) if c not in table.columns]
    if missing:
        raise TableFormatError(
            path, f"missing column(s) {', '.join(missing)}; has {list(table.columns)}"
        )
    if table.empty:
        raise EmptyCorpusError(path, "table has no rows")
    ids = _unit_ids(path, table[id_column], id_column)
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


_PANDAS_LINE = re.compile(r"\bline (\d+)")
_PANDAS_ROW = re.compile(r"\brow (\d+)")


def _parse_parquet(path: Path, data: bytes) -> pd.DataFrame:
    """A Parquet table, or :class:`TableFormatError` naming the file."""
    try:
        return pd.read_parquet(io.BytesIO(data))
    except ImportError as err:
        raise TableFormatError(path, f"reading Parquet needs pyarrow ({err})") from None
    except (ValueError, OSError, TypeError) as err:  # pyarrow's ArrowInvalid is a ValueError
        reason = str(err).replace(str(path), "").strip() or type(err).__name__
        raise TableFormatError(path, f"not a readable Parquet file ({_one_line(reason)})") from None


def _parse_csv(path: Path, text: str, id_column: str, text_column: str) -> pd.DataFrame:
    """A CSV table (metadata columns keep their inferred types: a numeric year stays numeric),
    or :class:`TableFormatError` naming the file and the line pandas or the quote check blames."""
    try:
        return pd.read_csv(io.StringIO(text), dtype={id_column: str, text_column: str})
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        message = _one_line(str(err))
        quote = csv_quote_problem(text)
        if quote is not None:
            raise TableFormatError(path, quote[1], line=quote[0]) from None
        if (m := _PANDAS_LINE.search(message)) is not None:
            line = int(m.group(1))
        elif (m := _PANDAS_ROW.search(message)) is not None:
            line = int(m.group(1)) + 1  # pandas counts rows from 0 at the header
        else:
            line = None
        raise TableFormatError(path, f"not a parsable CSV ({message})", line=line) from None


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _unit_ids(path: Path, column: pd.Series, id_column: str) -> pd.Series:
    """The stripped unit ids; an empty or missing id, or an id used twice, raises
    :class:`TableFormatError` naming the data rows (1 = the first row after the header)."""
    blank = column.isna() | (column.astype(str).str.strip() == "")
    if blank.any():
        rows = [int(i) + 1 for i in blank.to_numpy().nonzero()[0]]
        raise TableFormatError(path, f"empty {id_column!r} in data row(s) {_first(rows)}")
    ids = column.astype(str).str.strip()
    dup = ids.duplicated(keep=False)
    if dup.any():
        positions: dict[str, list[int]] = {}
        for k, unit_id in enumerate(ids):
            if dup.iloc[k]:
                positions.setdefault(unit_id, []).append(k + 1)
        shown = "; ".join(f"{u!r} in data rows {_first(r)}" for u, r in list(positions.items())[:5])
        raise TableFormatError(path, f"duplicate ids: {shown}")
    return ids


def _first(rows: list[int], limit: int = 10) -> str:
    text = ", ".join(str(r) for r in rows[:limit])
    return text + (f" (and {len(rows) - limit} more)" if len(rows) > limit else "")
