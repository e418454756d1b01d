"""CSV and Parquet tables of documents (one per row): parsed whole (:func:`table_rows`, for
:func:`textlib.read_table`) or a batch of rows at a time (:func:`iter_table`, for
:func:`textlib.stream_directory`), with the same checks and the same column types either way.

A CSV's quoting is checked strictly before pandas reads it (a stray quote would otherwise
merge rows silently); only an empty cell is a missing id or text, while metadata cells also
read as missing when they hold one of pandas' usual markers (``NA``, ``NULL``, ``N/A`` …);
header names are stripped of spaces; a tab-separated header (Excel's "Unicode text") is read
with tabs.
"""

from __future__ import annotations

import csv
import io
import re
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from textlib.errors import (
    EmptyCorpusError,
    SourceFileNotFoundError,
    SourceReadError,
    TableFormatError,
)
from textlib.load.encodings import detect_and_decode, detect_file_encoding
from textlib.text.source import csv_quote_problem, read_file_bytes

#: Metadata cells read as missing (pandas' default markers); an id or a text cell is missing
#: only when it is empty.
MISSING_CELLS = (
    "",
    "#N/A",
    "#N/A N/A",
    "#NA",
    "-1.#IND",
    "-1.#QNAN",
    "-NaN",
    "-nan",
    "1.#IND",
    "1.#QNAN",
    "<NA>",
    "N/A",
    "NA",
    "NULL",
    "NaN",
    "None",
    "n/a",
    "nan",
    "null",
)

_PANDAS_LINE = re.compile(r"\bline (\d+)")
_PANDAS_ROW = re.compile(r"\brow (\d+)")


def one_line(text: str) -> str:
    return " ".join(text.split())


def first_rows(rows: list[int], limit: int = 10) -> str:
    shown = ", ".join(map(str, rows[:limit]))
    return shown + (f" and {len(rows) - limit} more" if len(rows) > limit else "")


@dataclass(frozen=True)
class CsvLayout:
    """A CSV's delimiter and its header's column names as written."""

    sep: str
    columns: tuple[str, ...]

    def raw(self, name: str) -> str:
        """The header name whose stripped form is ``name`` (``name`` when none is)."""
        return next((c for c in self.columns if c.strip() == name), name)

    def read_options(self, id_column: str, text_column: str) -> dict:
        """``pandas.read_csv`` options: every column read as text (metadata is typed by
        :func:`typed_metadata`, the same way whole or in batches), and the missing-cell
        markers of :data:`MISSING_CELLS` for metadata only."""
        keys = {self.raw(id_column), self.raw(text_column)}
        na_values: dict[str, list[str]] = {
            c: list(MISSING_CELLS) for c in self.columns if c not in keys
        }
        na_values.update({key: [""] for key in keys})
        return {
            "sep": self.sep,
            "dtype": str,
            "keep_default_na": False,
            "na_values": na_values,
            "index_col": False,  # never a first column taken for the index
        }


def csv_layout(header: str, path: Path) -> CsvLayout:
    """The layout of a CSV from its first line: comma-separated, or, when the line has no
    comma, tab- or semicolon-separated if it has tabs or semicolons."""
    header = header.removeprefix("\ufeff").rstrip("\r\n")
    sep = ","
    if "," not in header:  # Excel's "Unicode text" uses tabs, European locales semicolons
        sep = next((c for c in "\t;" if c in header), ",")
    with _long_fields():
        columns = tuple(next(csv.reader([header], delimiter=sep), []))
    stripped = [c.strip() for c in columns]
    if len(set(stripped)) < len(set(columns)):
        raise TableFormatError(path, f"header names differ only by spaces: {list(columns)}")
    named = [c for c in stripped if c]
    repeated = sorted({c for c in named if named.count(c) > 1})
    if repeated:  # pandas would rename the second one to "id.1" without a word
        raise TableFormatError(path, f"header names repeated: {repeated}", line=1)
    return CsvLayout(sep, columns)


@contextmanager
def _long_fields():
    """Let ``csv`` read cells of any length (a whole document is one cell)."""
    limit = csv.field_size_limit()
    csv.field_size_limit(sys.maxsize)
    try:
        yield
    finally:
        csv.field_size_limit(limit)


def check_csv_quoting(text: str, path: Path, sep: str, *, first_line: int = 1) -> None:
    """Raise :class:`TableFormatError` naming the line where a quoted cell opens that is not
    closed, or is followed by something other than the delimiter (``""推进…``): pandas would
    read on and merge or shift rows without a word. ``first_line`` is the line ``text``
    starts on."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=True)
    fields = _FieldCount(path, first_line)
    try:
        with _long_fields():
            for record in reader:
                fields.check(record, reader.line_num)
    except csv.Error as err:
        raise _quote_error(path, text, sep, err, first_line, reader.line_num) from None


class _FieldCount:
    """Checks that no row has more fields than the header (pandas would take a first
    column for the index and shift every cell, or stop with a tokenizer message)."""

    def __init__(self, path: Path, first_line: int = 1) -> None:
        self.path, self.first_line = path, first_line
        self.expected: int | None = None
        self.ended = first_line - 1  # the file line where the last record ended

    def check(self, record: list[str], line_num: int) -> None:
        start, self.ended = self.ended + 1, self.first_line - 1 + line_num
        if not record:  # a blank line
            return
        if self.expected is None:
            self.expected = len(record)
        elif len(record) > self.expected:
            raise TableFormatError(
                self.path,
                f"row has {len(record)} fields, expected {self.expected} (the header's "
                "columns); quote a cell that holds the delimiter",
                line=start,
            )


def _quote_error(
    path: Path, text: str, sep: str, err: csv.Error, first_line: int, failed: int
) -> TableFormatError:
    quote = csv_quote_problem(text, delimiter=sep, first_line=first_line)
    if quote is not None:
        return TableFormatError(path, quote[1], line=quote[0])
    return TableFormatError(path, f"malformed quoting ({err})", line=first_line - 1 + failed)


def check_csv_file_quoting(path: Path, codec: str, sep: str, *, window: int = 1 << 22) -> None:
    """:func:`check_csv_quoting` over a file too large to hold: read once with ``csv``; at a
    fault, the text from the start of the faulty row (up to ``window`` characters) is
    examined, so the line named is the one where the quote opens, as for a whole file."""
    with open(path, encoding=codec, newline="") as handle:
        reader = csv.reader(handle, delimiter=sep, strict=True)
        fields = _FieldCount(path)
        row_start = 1
        try:
            with _long_fields():
                for record in reader:
                    fields.check(record, reader.line_num)
                    row_start = reader.line_num + 1
        except csv.Error as caught:
            error, failed = caught, reader.line_num
        else:
            return
    with open(path, encoding=codec, newline="") as handle:
        for _ in range(row_start - 1):
            handle.readline()
        rest = handle.read(window)
    raise _quote_error(path, rest, sep, error, row_start, failed - row_start + 1)


def _strip_columns(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.rename(columns=lambda c: c.strip() if isinstance(c, str) else c)


_PANDAS_FIELDS = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")
_PANDAS_PREFIX = re.compile(r"^(Error tokenizing data\. )?C error: ")


def _pandas_error(path: Path, err: Exception) -> TableFormatError:
    """pandas' parser error in the words of this module (no tokenizer internals), naming
    the line when pandas does."""
    message = one_line(str(err))
    if (m := _PANDAS_FIELDS.search(message)) is not None:
        return TableFormatError(
            path,
            f"row has {m.group(3)} fields, expected {m.group(1)} (the header's columns); "
            "quote a cell that holds the delimiter",
            line=int(m.group(2)),
        )
    if isinstance(err, pd.errors.EmptyDataError):
        return TableFormatError(path, "not a parsable CSV (it is empty: no header row)")
    if (m := _PANDAS_LINE.search(message)) is not None:
        line = int(m.group(1))
    elif (m := _PANDAS_ROW.search(message)) is not None:
        line = int(m.group(1)) + 1  # pandas counts rows from 0 at the header
    else:
        line = None
    detail = _PANDAS_PREFIX.sub("", message)
    return TableFormatError(path, f"not a parsable CSV ({detail})", line=line)


def parse_csv(path: Path, text: str, id_column: str, text_column: str) -> pd.DataFrame:
    """A whole CSV table (metadata columns keep their inferred types: a numeric year stays
    numeric), or :class:`TableFormatError` naming the file and the line to blame."""
    layout = csv_layout(text.split("\n", 1)[0], path)
    check_csv_quoting(text, path, layout.sep)
    try:
        frame = pd.read_csv(io.StringIO(text), **layout.read_options(id_column, text_column))
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        raise _pandas_error(path, err) from None
    frame = _strip_columns(frame)
    kinds = {c: text_kinds(frame[c]) for c in frame.columns if c not in (id_column, text_column)}
    return typed_metadata(frame, {c: kind_of(k) for c, k in kinds.items()})


def _utf8_columns(table, names: Iterable[str], path: Path):
    """An Arrow table whose binary ``names`` columns (Parquet without a UTF-8 annotation) are
    decoded as UTF-8; bytes that are not UTF-8 raise :class:`TableFormatError`."""
    import pyarrow as pa

    for name in names:
        if name not in table.column_names:
            continue
        column = table.column(name)
        if pa.types.is_dictionary(column.type):  # categorical ids or texts: plain values
            column = column.cast(column.type.value_type)
        if pa.types.is_nested(column.type):  # stored as its Python repr, "['a']", otherwise
            raise TableFormatError(
                path,
                f"column {name!r} holds {_kind_of_nested(column.type)} (Arrow type {column.type}); "
                "an id or a text cell holds one value (flatten or join the column first)",
            )
        if pa.types.is_binary(column.type) or pa.types.is_large_binary(column.type):
            try:
                decoded = column.cast(pa.large_string())
            except pa.ArrowInvalid as err:
                raise TableFormatError(
                    path, f"column {name!r} holds bytes that are not UTF-8 ({one_line(str(err))})"
                ) from None
            table = table.set_column(table.schema.get_field_index(name), name, decoded)
    return table


_ARROW_SOURCE = re.compile(r"^Could not open Parquet input source '[^']*': ")


def _kind_of_nested(arrow_type) -> str:
    import pyarrow as pa

    if pa.types.is_struct(arrow_type):
        return "records"
    if pa.types.is_map(arrow_type):
        return "mappings"
    return "lists"


def parse_parquet(path: Path, data: bytes, id_column: str, text_column: str) -> pd.DataFrame:
    """A whole Parquet table, or :class:`TableFormatError` naming the file."""
    try:
        import pyarrow.parquet as pq

        table = pq.read_table(io.BytesIO(data))
    except ImportError as err:
        raise TableFormatError(path, f"reading Parquet needs pyarrow ({err})") from None
    except (ValueError, OSError, TypeError) as err:  # pyarrow's ArrowInvalid is a ValueError
        reason = str(err).replace(str(path), "").strip() or type(err).__name__
        reason = _ARROW_SOURCE.sub("", one_line(reason))  # "…input source '<Buffer>': "
        raise TableFormatError(path, f"not a readable Parquet file ({reason})") from None
    table = _utf8_columns(table, (id_column, text_column), path)
    return _strip_columns(table.to_pandas())


def check_columns(frame: pd.DataFrame, path: Path, id_column: str, text_column: str) -> None:
    """Both columns are there and no metadata cell holds a list (one value a cell)."""
    missing = [c for c in (id_column, text_column) if c not in frame.columns]
    if missing:
        raise TableFormatError(
            path, f"missing column(s) {', '.join(missing)}; has {list(frame.columns)}"
        )
    if id_column == text_column:
        raise TableFormatError(path, f"the id and the text column are both {id_column!r}")
    for column in frame.columns.drop([id_column, text_column]):
        if "list" in cell_kinds(frame[column]):
            raise TableFormatError(
                path, f"column {column!r} holds lists or records; a metadata cell holds one value"
            )


def unit_ids(path: Path, column: pd.Series, id_column: str) -> pd.Series:
    """The stripped unit ids; an empty or missing id, or an id used twice, raises
    :class:`TableFormatError` naming the data rows (1 = the first row after the header)."""
    blank = column.isna() | (column.astype(str).str.strip() == "")
    if blank.any():
        rows = [int(i) + 1 for i in blank.to_numpy().nonzero()[0]]
        raise TableFormatError(path, f"empty {id_column!r} in data row(s) {first_rows(rows)}")
    ids = column.astype(str).str.strip()
    dup = ids.duplicated(keep=False)
    if dup.any():
        positions: dict[str, list[int]] = {}
        for k, unit_id in enumerate(ids):
            if dup.iloc[k]:
                positions.setdefault(unit_id, []).append(k + 1)
        raise TableFormatError(path, f"duplicate ids: {duplicates_shown(positions)}")
    return ids


def duplicates_shown(positions: dict[str, list[int]]) -> str:
    return "; ".join(f"{u!r} in data rows {first_rows(r)}" for u, r in list(positions.items())[:5])


def table_rows(
    path: Path, *, id_column: str, text_column: str, encoding: str
) -> tuple[pd.DataFrame, str, pd.Series]:
    """A CSV or Parquet table parsed whole and checked (both columns present, at least one
    row, ids unique and non-empty): the table, the encoding used (``parquet`` for Parquet)
    and the stripped ids."""
    data = read_file_bytes(path)
    if path.suffix.lower() == ".parquet":
        table, used = parse_parquet(path, data, id_column, text_column), "parquet"
    else:
        text, used = detect_and_decode(data, path, encoding)
        table = parse_csv(path, text, id_column, text_column)
    del data
    check_columns(table, path, id_column, text_column)
    if table.empty:
        raise EmptyCorpusError(path, "table has no rows")
    return table, used, unit_ids(path, table[id_column], id_column)


def iter_table(
    path: Path,
    *,
    id_column: str = "id",
    text_column: str = "text",
    encoding: str = "auto",
    rows: int = 2000,
    check_quoting: bool = False,
) -> tuple[str, Iterator[pd.DataFrame]]:
    """A CSV or Parquet table read ``rows`` rows at a time, never whole: the encoding used
    (``parquet`` for Parquet; a CSV's is decided by :func:`detect_file_encoding`) and an
    iterator of DataFrames, each checked like :func:`table_rows` checks a whole table.

    A CSV's cells all come as text (type metadata with :func:`text_kinds` over the whole
    table, then :func:`typed_metadata`); ``check_quoting`` runs
    :func:`check_csv_file_quoting` first. A Parquet batch is converted with the file's
    schema, so its types are those of the whole table."""
    path = Path(path)
    if not path.exists():
        raise SourceFileNotFoundError(path)
    if not path.is_file():
        raise SourceReadError(path, "not a regular file, expected a table")
    if path.suffix.lower() == ".parquet":
        return "parquet", _parquet_batches(path, id_column, text_column, rows)
    codec, used = detect_file_encoding(path, encoding)
    with open(path, encoding=codec, newline="") as handle:
        layout = csv_layout(handle.readline(), path)
    if check_quoting:
        check_csv_file_quoting(path, codec, layout.sep)
    options = layout.read_options(id_column, text_column)
    return used, _csv_batches(path, codec, options, rows, id_column, text_column)


def _csv_batches(
    path: Path, codec: str, options: dict, rows: int, id_column: str, text_column: str
) -> Iterator[pd.DataFrame]:
    seen_rows = 0
    try:
        with pd.read_csv(path, encoding=codec, chunksize=rows, **options) as reader:
            for frame in reader:
                frame = _strip_columns(frame)
                if not seen_rows:
                    check_columns(frame, path, id_column, text_column)
                seen_rows += len(frame)
                yield frame
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        raise _pandas_error(path, err) from None
    if not seen_rows:
        raise EmptyCorpusError(path, "table has no rows")


def _parquet_batches(
    path: Path, id_column: str, text_column: str, rows: int
) -> Iterator[pd.DataFrame]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
        schema = parquet.schema_arrow
    except (ValueError, OSError, TypeError) as err:
        reason = one_line(str(err).replace(str(path), "").strip() or type(err).__name__)
        raise TableFormatError(path, f"not a readable Parquet file ({reason})") from None
    seen_rows = 0
    with parquet:
        for batch in parquet.iter_batches(batch_size=rows):
            table = pa.Table.from_batches([batch], schema=schema)
            table = _utf8_columns(table, (id_column, text_column), path)
            frame = _strip_columns(table.to_pandas())
            if not seen_rows:
                check_columns(frame, path, id_column, text_column)
            seen_rows += len(frame)
            yield frame
    if not seen_rows:
        raise EmptyCorpusError(path, "table has no rows")


# -- metadata typed from text, the same whole or in batches ---------------------------------
_BOOL = {"True": True, "TRUE": True, "true": True, "False": False, "FALSE": False, "false": False}
_INT = r"\s*[+-]?\d+\s*"
_FLOAT = r"\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*"
_ZERO_PADDED = r"\s*[+-]?0\d.*"  # 0101, 007: codes, not numbers


def text_kinds(column: pd.Series) -> set[str]:
    """What a column of text cells holds: ``null`` (a missing cell), ``bool``
    (True/False), ``int``, ``float`` or ``text``; zero-padded digits (``0101``) are text.
    The kinds of a whole column are the union of the kinds of its parts, so batches can be
    typed as the whole column would be."""
    found = {"null"} if column.isna().any() else set()
    values = column.dropna().astype(str)
    if not len(values):
        return found
    if values.isin(_BOOL.keys()).all():
        return found | {"bool"}
    if values.str.fullmatch(_ZERO_PADDED).any():
        return found | {"text"}
    ints = values.str.fullmatch(_INT)
    if ints.all():
        return found | {"int"}
    if values.str.fullmatch(_FLOAT).all():
        return found | ({"float", "int"} if ints.any() else {"float"})
    return found | {"text"}


def kind_of(kinds: set[str]) -> str:
    """One column type from the union of :func:`text_kinds`: ``text`` when any cell is text
    or booleans meet numbers; ``float`` for numbers with a decimal part or a missing cell;
    ``int``; ``bool``; ``empty`` when every cell is missing."""
    values = kinds - {"null"}
    if not values:
        return "empty"
    if "text" in values or ("bool" in values and len(values) > 1):
        return "text"
    if values == {"bool"}:
        return "bool"
    return "int" if values == {"int"} and "null" not in kinds else "float"


def typed_metadata(frame: pd.DataFrame, kinds: dict[str, str]) -> pd.DataFrame:
    """``frame`` with each column of ``kinds`` typed: numbers as int64 or float64, True/False
    as booleans (objects when a cell is missing), an empty column as float64, text as str."""
    typed = {}
    for column, kind in kinds.items():
        values = frame[column]
        if kind == "int":
            typed[column] = pd.to_numeric(values.str.strip()).astype("int64")
        elif kind in ("float", "empty"):
            typed[column] = pd.to_numeric(values.str.strip()).astype("float64")
        elif kind == "bool":
            mapped = values.map(_BOOL)
            typed[column] = mapped.astype(bool) if mapped.notna().all() else mapped.astype(object)
        else:
            typed[column] = values.astype("str")
    return frame.assign(**typed) if typed else frame


# -- metadata types across batches -----------------------------------------------------------
def cell_kinds(column: pd.Series) -> set[str]:
    """What a column holds: ``null`` (a missing cell), ``bool``, ``int``, ``float``, ``time``
    (dates, times), ``list`` (lists or arrays) or ``text``."""
    found = {"null"} if column.isna().any() else set()
    values = column.dropna()
    if not len(values):
        return found
    inferred = pd.api.types.infer_dtype(values, skipna=True)
    if inferred == "boolean":
        return found | {"bool"}
    if inferred == "integer":
        return found | {"int"}
    if inferred in ("floating", "mixed-integer-float", "decimal"):
        return found | {"float"}
    if inferred in ("datetime64", "datetime", "date", "timedelta64", "timedelta", "time"):
        return found | {"time"}
    if inferred == "mixed" and values.map(_is_list).any():
        return found | {"list"}
    return found | {"text"}


def _is_list(value) -> bool:
    return isinstance(value, list | tuple | np.ndarray | dict)


def unified_dtype(kinds: set[str], dtypes: set[str]) -> str | None:
    """The type pandas gives a column when it reads the whole table, from what each batch
    held (``kinds``) and the types each batch got (``dtypes``); None: keep each batch's type
    (they are all the same)."""
    values = kinds - {"null"}
    if len(dtypes) == 1 or values == {"time"}:
        return None
    if not values or values <= {"int", "float"}:
        return "int64" if values == {"int"} and "null" not in kinds else "float64"
    if values == {"bool"}:
        return "object"  # True/False with missing cells
    return "str"
