"""Text out of the file types a corpus folder may hold: plain text, Markdown, .docx, .pdf and
.html.

Each reader returns an :class:`Extracted`: the unit's text (one paragraph or extracted line per
line), the encoding used (text and HTML files), the format and, for PDFs, the page of each
line so that hits can name a page (:meth:`textlib.Corpus.page_at`).
"""

from __future__ import annotations

import codecs
import io
import logging
import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from textlib.errors import DocumentFormatError, NoTextLayerError, TextlibError
from textlib.load.encodings import _common_share, _plausible_share, detect_and_decode
from textlib.load.html import page_text
from textlib.load.markdown import MARKDOWN_SUFFIXES, strip_markdown

TEXT_SUFFIXES = (".txt",)
DOCX_SUFFIXES = (".docx",)
PDF_SUFFIXES = (".pdf",)
HTML_SUFFIXES = (".html", ".htm")
UNIT_SUFFIXES = (
    *TEXT_SUFFIXES,
    *MARKDOWN_SUFFIXES,
    *DOCX_SUFFIXES,
    *PDF_SUFFIXES,
    *HTML_SUFFIXES,
)


@dataclass(frozen=True)
class Extracted:
    text: str
    format: str
    encoding: str | None = None
    pages: tuple[int, ...] | None = None  # page of each line of ``text``
    notes: tuple[str, ...] = ()  # what the reader worked around (for the load report)
    metadata: dict | None = None  # a Markdown file's front matter (typed values)
    removed: int | None = None  # characters of the file's text the reader did not keep


def file_format(path: Path | str) -> str | None:
    """``txt``, ``md``, ``docx``, ``pdf`` or ``html`` from the suffix (any case); None
    otherwise."""
    suffix = Path(path).suffix.lower()
    for name, suffixes in (
        ("txt", TEXT_SUFFIXES),
        ("md", MARKDOWN_SUFFIXES),
        ("docx", DOCX_SUFFIXES),
        ("pdf", PDF_SUFFIXES),
        ("html", HTML_SUFFIXES),
    ):
        if suffix in suffixes:
            return name
    return None


def extract(data: bytes, path: Path | str, *, encoding: str = "auto") -> Extracted:
    """The text of a unit file's bytes, by its suffix."""
    kind = file_format(path)
    if kind == "docx":
        return extract_docx(data, path)
    if kind == "pdf":
        return extract_pdf(data, path)
    if kind == "html":
        text, used, notes = read_html_bytes(data, path, encoding)
        page = page_text(text)
        if page.removed:
            notes += (f"{page.removed} characters outside the main content removed",)
        return Extracted(page.text, "html", used, notes=notes + page.notes, removed=page.removed)
    text, used = detect_and_decode(data, path, encoding)
    if kind == "md":
        text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
        md = strip_markdown(text, path)
        return Extracted(
            md.text, "md", used, notes=md.notes, metadata=md.front_matter, removed=md.removed
        )
    return Extracted(text, "txt", used)


_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
# what browsers decode these labels with (the WHATWG Encoding Standard): supersets
_CHARSET_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030"}


def declared_label(data: bytes) -> str | None:
    """The charset label an HTML page declares in a ``<meta charset>`` or ``http-equiv``
    tag within its first 1,024 bytes (as browsers prescan), lower-cased; None without one."""
    match = _META_CHARSET.search(data[:1024])
    return None if match is None else match.group(1).decode("ascii").lower()


def declared_charset(data: bytes) -> str | None:
    """The text codec for the charset an HTML page declares, or None (no tag, or a label
    that names no text encoding Python has: ``x-unknown``, ``base64``, ``idna``)."""
    label = declared_label(data)
    if label is None:
        return None
    label = _CHARSET_SUPERSETS.get(label, label)
    try:
        info = codecs.lookup(label)
    except LookupError:
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_PAGE_CODECS:
        return None
    return info.name


# text codecs Python has that no web page is written in (they raise on ordinary bytes)
_NOT_PAGE_CODECS = frozenset(["idna", "punycode", "raw-unicode-escape", "unicode-escape"])


def _fit(text: str) -> float:
    """How plausible a decoding is: the share of ASCII/CJK/full-width characters, times the
    share of its Han characters that are common (GB 2312 level 1 or Big5 frequent)."""
    return _plausible_share(text) * max(_common_share(text, "gb18030"), _common_share(text, "big5"))


def read_html_bytes(
    data: bytes, path: Path | str, encoding: str = "auto"
) -> tuple[str, str, tuple[str, ...]]:
    """An HTML file's text, its encoding and notes for the load report. With
    ``encoding="auto"``: a BOM, else valid UTF-8, else the charset the page declares
    (``gb2312``/``gbk`` read as GB18030, as browsers do) unless the bytes do not decode with
    it or detection (:func:`detect_and_decode`) reads them far more plausibly (a wrong
    declaration, noted), else detection. An unknown label is noted and detection decides."""
    if encoding != "auto" or data.startswith((codecs.BOM_UTF8, b"\xff\xfe", b"\xfe\xff")):
        text, used = detect_and_decode(data, path, encoding)
        return text, used, ()
    label = declared_label(data)
    declared = declared_charset(data)
    notes: tuple[str, ...] = ()
    if label is not None and declared is None:
        notes = (f"declared charset {label!r} is not a known text encoding: detected",)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        declared = None  # valid UTF-8 is UTF-8 whatever the page says
    if declared is not None:
        try:
            text = data.decode(declared)
        except (UnicodeError, LookupError, ValueError):
            text = None
        try:
            found, used = detect_and_decode(data, path)
        except TextlibError:
            found = used = None
        if text is not None and (
            found is None or used == declared or _fit(found) <= _fit(text) + 0.15
        ):
            return text, declared, notes
        if found is not None:
            what = "do not decode" if text is None else "read as mojibake"
            return (
                found,
                used,
                (f"declared charset {label!r} does not fit the bytes ({what}): read as {used}",),
            )
    text, used = detect_and_decode(data, path, encoding)
    return text, used, notes


def decode_html(data: bytes, path: Path | str, encoding: str = "auto") -> tuple[str, str]:
    """An HTML file's text and encoding (:func:`read_html_bytes` without the notes)."""
    text, used, _ = read_html_bytes(data, path, encoding)
    return text, used


def extract_docx(data: bytes, path: Path | str) -> Extracted:
    """Paragraphs (and table rows, cells joined by a space) of a .docx in document order."""
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(io.BytesIO(data))
    except ImportError as err:
        raise DocumentFormatError(path, f"reading .docx needs python-docx ({err})") from None
    except Exception as err:  # python-docx raises zipfile / KeyError / ValueError variants
        raise DocumentFormatError(path, f"not a readable .docx file ({err})") from None
    lines: list[str] = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(child, document).text)
        elif tag == "tbl":
            for row in Table(child, document).rows:
                lines.append(" ".join(cell.text.replace("\n", " ") for cell in row.cells))
    return Extracted("\n".join(lines), "docx")


class _Collect(logging.Handler):
    def __init__(self, notes: list[str]) -> None:
        super().__init__(logging.WARNING)
        self.notes = notes

    def emit(self, record: logging.LogRecord) -> None:
        self.notes.append(record.getMessage())


@contextmanager
def _library_notes(logger_name: str) -> Iterator[list[str]]:
    """Collect what a reading library logs or warns (instead of letting it print on stderr)."""
    notes: list[str] = []
    logger = logging.getLogger(logger_name)
    handler, propagate = _Collect(notes), logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield notes
        notes.extend(str(w.message) for w in caught)
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def _summary(library: str, notes: list[str]) -> tuple[str, ...]:
    """One load-report note for a library's messages: the first distinct ones and a count."""
    distinct = list(dict.fromkeys(" ".join(n.split()) for n in notes if n.strip()))
    if not distinct:
        return ()
    shown = "; ".join(m[:80] for m in distinct[:2])
    more = f" (+{len(distinct) - 2} more)" if len(distinct) > 2 else ""
    return (f"{library} warned: {shown}{more}",)


def extract_pdf(data: bytes, path: Path | str) -> Extracted:
    """The text layer of a PDF, one extracted line per line, with the page of each line; a
    PDF without any text raises :class:`NoTextLayerError`. What pypdf works around (and
    would print) becomes a note in the load report's ``reason``."""
    try:
        import pypdf

        with _library_notes("pypdf") as notes:
            reader = pypdf.PdfReader(io.BytesIO(data))
            if reader.is_encrypted:
                reader.decrypt("")
            page_texts = [page.extract_text() or "" for page in reader.pages]
    except ImportError as err:
        raise DocumentFormatError(path, f"reading .pdf needs pypdf ({err})") from None
    except Exception as err:  # pypdf's PdfReadError and friends
        raise DocumentFormatError(
            path, f"not a readable PDF ({type(err).__name__}: {err})"
        ) from None
    if not any(t.strip() for t in page_texts):
        raise NoTextLayerError(path, len(page_texts))
    lines: list[str] = []
    pages: list[int] = []
    for number, text in enumerate(page_texts, start=1):
        for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
            lines.append(line)
            pages.append(number)
    return Extracted("\n".join(lines), "pdf", None, tuple(pages), _summary("pypdf", notes))


def html_main_text(html: str) -> str:
    """The main text of an HTML page, one block per line (:func:`textlib.load.html.page_text`)."""
    return page_text(html).text
