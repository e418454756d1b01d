"""Named errors. Every message names the file, unit, line or characters at fault."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path


def printable_name(name: str) -> str:
    """A file name as text that can be printed and stored: bytes that are not UTF-8 (which
    Python keeps as lone surrogates) become visible ``\\xNN`` escapes; other text is
    unchanged."""
    try:
        data = name.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # surrogates that do not stand for bytes
        return name.encode("utf-8", "backslashreplace").decode("utf-8")
    return data.decode("utf-8", "backslashreplace")


class TextlibError(Exception):
    """Base class of every error textlib raises on purpose. Its message is printable even
    when it names a file whose name is not UTF-8 (see :func:`printable_name`)."""

    def __str__(self) -> str:
        return printable_name(super().__str__())

    def __reduce__(self):
        # rebuilt without calling __init__ (whose signature differs per error), so an error
        # raised in a worker process reaches the caller whole: message and attributes
        return (_rebuild, (type(self), self.args, dict(self.__dict__)))


def _rebuild(cls: type, args: tuple, state: dict) -> TextlibError:
    error = cls.__new__(cls, *args)
    error.args = args
    error.__dict__.update(state)
    return error


class SourceFileNotFoundError(TextlibError, FileNotFoundError):
    """A corpus file or directory does not exist."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        super().__init__(f"{self.path}: no such file or directory")


class NotUtf8Error(TextlibError, UnicodeError):
    """A file is not valid UTF-8."""

    def __init__(self, path: Path | str, byte_offset: int, reason: str) -> None:
        self.path = Path(path)
        self.byte_offset = byte_offset
        super().__init__(
            f"{self.path}: not valid UTF-8 at byte offset {byte_offset} ({reason}); "
            "re-save the file as UTF-8"
        )


class PageFormatError(TextlibError, ValueError):
    """A page lacks the structure read_page expects (e.g. no 篇X markers)."""

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path = Path(path)
        super().__init__(f"{self.path}: {problem}")


class EmptyCorpusError(TextlibError, ValueError):
    """A corpus, directory or file holds no text to analyse."""

    def __init__(self, where: Path | str, problem: str = "holds no text units") -> None:
        self.where = str(where)
        super().__init__(f"{where}: {problem}")


class UnknownUnitError(TextlibError, KeyError):
    """A unit id that the corpus does not contain."""

    def __init__(self, unit_id: object, valid: Iterable[str]) -> None:
        self.unit_id = unit_id
        self.valid = list(valid)
        super().__init__(f"unknown unit id {unit_id!r}; valid ids: {', '.join(self.valid)}")

    def __str__(self) -> str:  # KeyError would repr() the message
        return str(self.args[0])


class EmptyTermError(TextlibError, ValueError):
    """A search term with nothing to search for."""

    def __init__(self, term: str) -> None:
        super().__init__(f"search term {term!r} is empty once spaces and line breaks are removed")


class LexiconError(TextlibError, ValueError):
    """A malformed lexicon file."""

    def __init__(self, path: Path | str, row: int | None, problem: str) -> None:
        self.path = str(path)
        self.row = row
        where = f"{path}" if row is None else f"{path}, line {row}"
        super().__init__(f"{where}: {problem}")


class FontNotFoundError(TextlibError, FileNotFoundError):
    """No font with Chinese glyphs could be found."""

    def __init__(self, tried: Iterable[str]) -> None:
        self.tried = list(tried)
        lines = "\n".join(f"  - {t}" for t in self.tried)
        super().__init__(
            "no CJK font found; tried:\n"
            f"{lines}\n"
            "Remedies: `pip install zhplot` (bundles Noto Sans SC), "
            "`apt-get install fonts-wqy-microhei`, or set TEXTLIB_CJK_FONT=/path/to/font.ttf"
        )


class MissingGlyphError(TextlibError, ValueError):
    """A figure would render characters that its font lacks."""

    def __init__(self, figure: str, font_path: Path | str, missing: Iterable[str]) -> None:
        self.figure = figure
        self.font_path = str(font_path)
        self.missing = sorted(set(missing))
        shown = " ".join(f"{ch!r} (U+{ord(ch):04X})" for ch in self.missing)
        super().__init__(f"figure {figure!r}: font {font_path} has no glyph for {shown}")


class FigureBuildError(TextlibError, RuntimeError):
    """A registered figure failed to build."""


class NotApplicableError(TextlibError, ValueError):
    """An analysis or figure that cannot say anything for this corpus, and why (no
    near-duplicate pair, no year column, one unit, too few formulations…)."""

    def __init__(self, what: str, reason: str) -> None:
        self.what = what
        self.reason = reason
        super().__init__(f"{what}: not applicable to this corpus: {reason}")


def expect_table(function: str, name: str, value: object, columns: Iterable[str] = ()) -> None:
    """Raise :class:`ArgumentTypeError` unless ``value`` is a DataFrame with ``columns``."""
    import pandas as pd

    needed = list(columns)
    if not isinstance(value, pd.DataFrame):
        what = f"a table (DataFrame) with columns {needed}" if needed else "a table (DataFrame)"
        raise ArgumentTypeError(function, name, value, what)
    missing = [c for c in needed if c not in value.columns]
    if missing:
        raise ArgumentTypeError(
            function, name, value, f"a table with columns {needed} (missing: {missing})"
        )


class StudyParameterError(TextlibError, ValueError):
    """A Study (or analysis) parameter with a value it cannot take."""

    def __init__(self, name: str, value: object, expected: str) -> None:
        self.name = name
        super().__init__(f"parameter {name}={value!r}: expected {expected}")


class ArgumentTypeError(StudyParameterError, TypeError):
    """A function was given an argument of the wrong kind (a Corpus where a table is expected,
    a table where a document-term matrix is…): a parameter error that names the function."""

    def __init__(self, function: str, name: str, value: object, expected: str) -> None:
        self.name = name
        kind = type(value).__name__
        TextlibError.__init__(
            self, f"{function}(): argument {name!r} is a {kind}; expected {expected}"
        )


class UnknownFigureError(TextlibError, KeyError):
    """A figure id that the registry does not hold."""

    def __init__(self, figure_id: str, valid: Iterable[str]) -> None:
        self.figure_id = figure_id
        super().__init__(f"unknown figure id {figure_id!r}; registered: {', '.join(valid)}")

    def __str__(self) -> str:
        return str(self.args[0])


class OutputError(TextlibError, OSError):
    """An output folder or file that cannot be written."""

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path = Path(path)
        super().__init__(f"{self.path}: {problem}")


class SourceReadError(TextlibError, OSError):
    """A file that exists but cannot be read (permissions, a directory, an I/O error)."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = Path(path)
        super().__init__(f"{self.path}: cannot be read ({reason})")


class TableFormatError(PageFormatError):
    """A CSV or Parquet table that cannot be parsed, or whose id column is unusable."""

    def __init__(self, path: Path | str, problem: str, *, line: int | None = None) -> None:
        self.line = line
        super().__init__(path, problem if line is None else f"line {line}: {problem}")


class RoleRuleError(TextlibError, ValueError):
    """A section-role rule whose pattern is not a usable regular expression."""

    def __init__(self, path: Path | str, line: int, pattern: str, problem: str) -> None:
        self.path = Path(path)
        self.line = line
        self.pattern = pattern
        super().__init__(f"{self.path}, line {line}: role pattern {pattern!r} {problem}")


class BadFontError(TextlibError, ValueError):
    """A font file that cannot be loaded (not a font, or damaged)."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = Path(path)
        super().__init__(f"{self.path}: not a usable font ({reason})")


class ReuseLimitError(TextlibError, ValueError):
    """Pairwise alignment asked for more units, or longer units, than its limits allow."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)


class UndecodableFileError(TextlibError, UnicodeError):
    """A text file that no tried encoding decodes (or not the encoding asked for)."""

    def __init__(self, path: Path | str, tried: Iterable[str], detail: str = "") -> None:
        self.path = Path(path)
        self.tried = list(tried)
        extra = f" ({detail})" if detail else ""
        super().__init__(
            f"{self.path}: cannot be decoded as {', '.join(self.tried)}{extra}; "
            "pass encoding=... or re-save the file as UTF-8"
        )


class UnsupportedFormatError(SourceReadError):
    """A file whose type textlib does not read (expected .txt, .docx, .pdf, .html, or a
    .csv/.parquet table)."""

    def __init__(self, path: Path | str, expected: str) -> None:
        self.suffix = Path(path).suffix
        super().__init__(path, f"unsupported file type {self.suffix or '(none)'!r}; {expected}")


class NoTextLayerError(TextlibError, ValueError):
    """A PDF without a text layer (a scan): it needs OCR before textlib can read it."""

    def __init__(self, path: Path | str, pages: int) -> None:
        self.path = Path(path)
        self.pages = pages
        super().__init__(
            f"{self.path}: PDF of {pages} page(s) has no text layer (a scan?); "
            "run OCR on it first (e.g. ocrmypdf)"
        )


class DocumentFormatError(TextlibError, ValueError):
    """A .docx, .pdf or .html file that its reader cannot parse (damaged or mislabelled)."""

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path = Path(path)
        super().__init__(f"{self.path}: {problem}")


class CorpusLoadError(TextlibError, ValueError):
    """Several files of a folder could not be read (``errors="raise"``): names how many and
    the first few; ``errors`` holds each file's own named error, ``report`` the load report."""

    def __init__(
        self,
        where: Path | str,
        errors: list[Exception],
        report: object = None,
        *,
        what: str = "files",
    ) -> None:
        self.where = str(where)
        self.errors = list(errors)
        self.report = report
        shown = "; ".join(str(e) for e in self.errors[:3])
        more = f"; and {len(self.errors) - 3} more" if len(self.errors) > 3 else ""
        super().__init__(
            f"{where}: {len(self.errors)} {what} could not be read: {shown}{more} "
            "(pass errors='skip' to skip them and see corpus.load_report)"
        )


class UnknownColumnError(TextlibError, KeyError):
    """A column name that the table or corpus does not have."""

    def __init__(self, column: str, valid) -> None:
        self.column = column
        super().__init__(f"unknown column {column!r}; available: {', '.join(map(str, valid))}")

    def __str__(self) -> str:
        return str(self.args[0])


class ClusterError(TextlibError, RuntimeError):
    """A Dask cluster that cannot run the work: workers with another textlib than the
    caller's (or none), a worker lost, the scheduler gone."""

    def __init__(self, address: str, problem: str) -> None:
        self.address = address
        super().__init__(f"Dask cluster {address}: {problem}")


class TextIndexError(TextlibError, IndexError):
    """A character index outside a unit's repaired text (or not an integer)."""

    def __init__(self, unit_id: str, index: object, length: int) -> None:
        self.unit_id = unit_id
        self.index = index
        whole = isinstance(index, int) and not isinstance(index, bool)
        problem = "is outside its repaired text" if whole else "is not a whole number"
        super().__init__(
            f"unit {unit_id!r}: character index {index!r} {problem} "
            f"(valid: 0 to {length}, {length} = the end)"
        )


class FileTooLargeError(SourceReadError):
    """A file larger than the reader's size limit (``max_file_bytes``)."""

    def __init__(self, path: Path | str, size: int, limit: int) -> None:
        self.size = size
        self.limit = limit
        super().__init__(
            path,
            f"file of {size:,} bytes is over the limit of {limit:,} bytes "
            "(pass max_file_bytes=... or None to read it; stream_directory reads a table "
            "of any size in batches)",
        )
