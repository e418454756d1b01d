"""Stage 0: read a source file as text, with a line index for provenance."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np

from textlib.errors import (
    FileTooLargeError,
    NotUtf8Error,
    SourceFileNotFoundError,
    SourceReadError,
    printable_name,
)

BOM = "\ufeff"
#: The largest file read whole by default (256 MiB): a file larger than memory would
#: otherwise be read whole; ``max_file_bytes=`` sets another limit, None none.
MAX_FILE_BYTES = 256 * 1024 * 1024
_NEWLINE = re.compile("\n")


@dataclass(frozen=True)
class SourceText:
    """The decoded text of one source file.

    ``text`` is the file decoded as UTF-8 with a leading BOM dropped and ``\\r\\n`` / ``\\r``
    turned into ``\\n``; line numbers are those of the file. Offsets elsewhere in textlib
    are character offsets into ``text``.
    """

    path: Path
    text: str
    line_starts: tuple[int, ...] = field(repr=False)
    # page (1-based) of each line, for text extracted from a paginated document (PDF)
    pages: tuple[int, ...] | None = field(default=None, repr=False, compare=False)

    @classmethod
    def from_text(
        cls, path: Path | str, text: str, *, pages: tuple[int, ...] | None = None
    ) -> SourceText:
        """Build from already-decoded text (newlines are normalised); ``pages`` gives the page
        of each line of the normalised text."""
        text = text.removeprefix(BOM).replace("\r\n", "\n").replace("\r", "\n")
        starts = [0, *(m.end() for m in _NEWLINE.finditer(text))]
        if pages is not None and len(pages) != len(starts):
            raise ValueError(f"pages has {len(pages)} entries for {len(starts)} lines")
        return cls(Path(path), text, tuple(starts), pages)

    def page_of_line(self, line: int) -> int | None:
        """Page of 1-based ``line`` (None for a source without pages)."""
        if self.pages is None:
            return None
        return self.pages[min(max(line, 1), len(self.pages)) - 1]

    @cached_property
    def lines(self) -> list[str]:
        """The lines of the file, without their newline characters."""
        return self.text.split("\n")

    @property
    def n_lines(self) -> int:
        return len(self.line_starts)

    @cached_property
    def line_start_array(self) -> np.ndarray:
        return np.asarray(self.line_starts, dtype=np.int64)

    def lines_of(self, offsets: np.ndarray) -> np.ndarray:
        """1-based line numbers of many offsets at once."""
        return np.searchsorted(self.line_start_array, offsets, side="right")

    def line_of(self, offset: int) -> int:
        """1-based line number of the character at ``offset``."""
        return bisect.bisect_right(self.line_starts, offset)

    def line_span(self, first: int, last: int) -> tuple[int, int]:
        """Character offsets [start, end) of 1-based lines ``first``..``last`` inclusive."""
        start = self.line_starts[first - 1]
        end = self.line_starts[last] - 1 if last < self.n_lines else len(self.text)
        return start, end


def decode_utf8(data: bytes, path: Path | str) -> str:
    """Decode bytes as UTF-8 or raise :class:`NotUtf8Error` naming the byte offset."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise NotUtf8Error(path, err.start, err.reason) from None


def check_file_size(path: Path, limit: int | None, *, shown: Path | None = None) -> None:
    """Raise :class:`FileTooLargeError` when ``path`` is larger than ``limit`` bytes (a file
    larger than memory would otherwise be read whole); None: no limit."""
    if limit is None:
        return
    try:
        size = path.stat().st_size
    except OSError:
        return  # reading it names the problem
    if size > limit:
        raise FileTooLargeError(shown or path, size, limit)


def read_file_bytes(path: Path | str) -> bytes:
    """The bytes of ``path``; a missing file raises :class:`SourceFileNotFoundError`, one that
    cannot be read (permissions, a directory, an I/O error) :class:`SourceReadError`."""
    path = Path(path)
    if not path.exists():
        raise SourceFileNotFoundError(path)
    if path.is_dir():
        raise SourceReadError(path, "is a directory, expected a file")
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise SourceFileNotFoundError(path) from None
    except OSError as err:
        raise SourceReadError(path, err.strerror or type(err).__name__) from None


def name_note(name: str) -> str:
    """A load-report note for a file name that is not UTF-8 (empty for one that is), with
    its reading as GB18030 (how Chinese Windows names files) when that decodes."""
    shown = printable_name(name)
    if shown == name:
        return ""
    note = "file name is not UTF-8: its bytes are shown as \\xNN"
    try:
        guess = name.encode("utf-8", "surrogateescape").decode("gb18030")
    except (UnicodeError, LookupError):
        return note
    return f"{note} (as GB18030 it reads {Path(guess).name!r})"


def read_source(path: Path | str) -> SourceText:
    """Read ``path`` as a UTF-8 :class:`SourceText`."""
    path = Path(path)
    return SourceText.from_text(path, decode_utf8(read_file_bytes(path), path))


def csv_quote_problem(
    text: str, *, delimiter: str = ",", quote: str = '"', first_line: int = 1
) -> tuple[int, str] | None:
    """``(line, problem)`` for the first quoted CSV field that never closes, or that closes
    with something other than a delimiter or a line end after it; None for well-quoted text.

    Such a quote makes ``csv`` (and often pandas) silently swallow every later row into one
    field. ``line`` is the 1-based line where the quote opens (``text`` starting on line
    ``first_line``).
    """
    n, i, line, field_start = len(text), 0, first_line, True
    while i < n:
        ch = text[i]
        if field_start and ch == quote:
            opened = line
            i += 1
            while True:
                j = text.find(quote, i)
                if j == -1:
                    return opened, "double quote opened here is never closed"
                line += text.count("\n", i, j)
                if text.startswith(quote, j + 1):
                    i = j + 2
                    continue
                i = j + 1
                break
            if i < n and text[i] not in (delimiter, "\n", "\r"):
                return opened, (
                    f"double quote opened here closes on line {line} and is followed by "
                    f"{text[i]!r}, not {delimiter!r} or a line end"
                )
            field_start = False
            continue
        if ch == delimiter:
            field_start = True
        elif ch == "\n":
            line += 1
            field_start = True
        else:
            field_start = False
        i += 1
    return None
