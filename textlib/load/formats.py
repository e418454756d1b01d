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

from textlib.errors import DocumentFormatError, NoTextLayerError
from textlib.load.encodings import detect_and_decode
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
        text, used = decode_html(data, path, encoding)
        return Extracted(html_main_text(text), "html", used)
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


def declared_charset(data: bytes) -> str | None:
    """The codec an HTML page declares in a ``<meta charset>`` or ``http-equiv`` tag within
    its first 1,024 bytes (as browsers prescan), or None (no tag, or a label Python lacks)."""
    match = _META_CHARSET.search(data[:1024])
    if match is None:
        return None
    label = match.group(1).decode("ascii").lower()
    label = _CHARSET_SUPERSETS.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode_html(data: bytes, path: Path | str, encoding: str = "auto") -> tuple[str, str]:
    """An HTML file's text and encoding. With ``encoding="auto"``: a BOM, else valid UTF-8,
    else the charset the page declares (``gb2312``/``gbk`` read as GB18030, as browsers do)
    when the bytes decode with it, else the detection of :func:`detect_and_decode`."""
    declared = declared_charset(data) if encoding == "auto" else None
    if declared is not None and not data.startswith((codecs.BOM_UTF8, b"\xff\xfe", b"\xfe\xff")):
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            try:
                return data.decode(declared), declared
            except UnicodeDecodeError:
                pass  # a wrong declaration: detection decides
    return detect_and_decode(data, path, encoding)


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


_BOILERPLATE_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "button",
    "iframe",
    "svg",
    "select",
)
_INLINE_TAGS = (
    "a",
    "b",
    "strong",
    "i",
    "em",
    "u",
    "span",
    "font",
    "sup",
    "sub",
    "small",
    "big",
    "mark",
    "abbr",
    "code",
    "cite",
    "q",
    "s",
    "del",
    "ins",
    "label",
    "time",
)
_BOILERPLATE_ROLES = re.compile(r"^(navigation|banner|contentinfo|complementary|search)$")


def html_main_text(html: str) -> str:
    """The main text of an HTML page, one block (paragraph, heading, list item) per line.

    Navigation, header, footer, aside, scripts and forms are removed (also elements with an
    ARIA role of navigation/banner/contentinfo); the main content is the longest
    ``<article>``, else ``<main>``, else the ``<body>``. Deterministic: no scoring model.
    """
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(_BOILERPLATE_TAGS):
        tag.decompose()
    for tag in soup.find_all(attrs={"role": _BOILERPLATE_ROLES}):
        tag.decompose()
    for tag in soup.find_all(_INLINE_TAGS):
        tag.unwrap()
    for br in soup.find_all("br"):
        br.replace_with("\n")
    soup.smooth()  # merge the strings that unwrapping left side by side
    articles = soup.find_all("article")
    if articles:
        root = max(articles, key=lambda a: len(a.get_text(strip=True)))
    else:
        root = soup.find("main") or soup.body or soup
    text = root.get_text("\n")
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)
