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


#: Limits on a .docx's zip members before python-docx opens it: a small file can unzip to
#: gigabytes (a zip bomb). Real documents stay far below them.
MAX_DOCX_MEMBER_BYTES = 256 * 1024 * 1024
MAX_DOCX_TOTAL_BYTES = 512 * 1024 * 1024
MAX_DOCX_RATIO = 200  # uncompressed / compressed, for members over 1 MB


def check_zip_sizes(
    data: bytes,
    path: Path | str,
    *,
    max_member: int = MAX_DOCX_MEMBER_BYTES,
    max_total: int = MAX_DOCX_TOTAL_BYTES,
    max_ratio: float = MAX_DOCX_RATIO,
) -> None:
    """Raise :class:`DocumentFormatError` when a zip member of ``data`` (a .docx) would unzip
    to more than ``max_member`` bytes, all members to more than ``max_total``, or a member
    over 1 MB is compressed more than ``max_ratio`` times: a zip bomb, refused before it
    fills memory. (A member's declared size is also the most zipfile will unzip.)"""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as err:
        raise DocumentFormatError(path, f"not a readable .docx file (not a zip: {err})") from None
    total = 0
    for info in members:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > max_member or (info.file_size > 1 << 20 and ratio > max_ratio):
            raise DocumentFormatError(
                path,
                f"zip member {info.filename!r} unzips to {info.file_size:,} bytes from "
                f"{info.compress_size:,} (limits: {max_member:,} bytes, {max_ratio:g}x); "
                "refused as a possible zip bomb",
            )
        if total > max_total:
            raise DocumentFormatError(
                path,
                f"unzips to more than {max_total:,} bytes in all; refused as a possible zip bomb",
            )


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
# wrappers whose content is the document's text (content controls, tracked insertions and
# moves, hyperlinks, simple fields' results, smart tags, custom XML)
_W_WRAPPERS = {
    f"{_W}{t}"
    for t in ("ins", "moveTo", "hyperlink", "fldSimple", "smartTag", "customXml", "dir", "bdo")
}
# tracked deletions and moves away, and formatting: not text
_W_SKIPPED = {f"{_W}{t}" for t in ("del", "moveFrom", "pPr", "rPr", "sdtPr", "sdtEndPr")}


@dataclass
class _DocxCounts:
    inserted: int = 0
    deleted: int = 0
    text_boxes: int = 0
    fields: int = 0
    controls: int = 0
    nested_tables: int = 0


def _chosen(element):
    """The content of an ``mc:AlternateContent`` that a reader shows: its first
    ``mc:Choice`` (the ``mc:Fallback`` repeats the same text for older readers)."""
    for child in element:
        if child.tag == f"{_MC}Choice":
            return child
    return next(iter(element), None)


def _docx_blocks(element, counts: _DocxCounts, depth: int = 0) -> list[str]:
    """Lines of a block container (body, table cell, text box, content control)."""
    lines: list[str] = []
    for child in element:
        tag = child.tag
        if tag == f"{_W}p":
            lines.extend(_docx_paragraph(child, counts))
        elif tag == f"{_W}tbl":
            counts.nested_tables += depth > 0
            lines.extend(_docx_table(child, counts, depth))
        elif tag == f"{_W}sdt":
            counts.controls += 1
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                lines.extend(_docx_blocks(content, counts, depth))
        elif tag in _W_WRAPPERS or tag == f"{_MC}AlternateContent":
            counts.inserted += tag == f"{_W}ins"
            inner = _chosen(child) if tag == f"{_MC}AlternateContent" else child
            if inner is not None:
                lines.extend(_docx_blocks(inner, counts, depth))
        elif tag in (f"{_W}del", f"{_W}moveFrom"):
            counts.deleted += 1
    return lines


def _docx_table(table, counts: _DocxCounts, depth: int) -> list[str]:
    """One line per row: its cells' text (paragraphs and nested tables) joined by spaces."""
    lines: list[str] = []
    for row in _docx_children(table, "tr", counts):
        cells = [
            " ".join(line for line in _docx_blocks(cell, counts, depth + 1) if line)
            for cell in _docx_children(row, "tc", counts)
        ]
        lines.append(" ".join(cells))
    return lines


def _docx_children(element, name: str, counts: _DocxCounts) -> list:
    """The ``w:<name>`` children of ``element``, also inside content controls and
    custom-XML wrappers (rows or cells a content control holds)."""
    found = []
    for child in element:
        if child.tag == f"{_W}{name}":
            found.append(child)
        elif child.tag == f"{_W}sdt":
            counts.controls += 1
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                found.extend(_docx_children(content, name, counts))
        elif child.tag == f"{_W}customXml":
            found.extend(_docx_children(child, name, counts))
    return found


def _docx_paragraph(paragraph, counts: _DocxCounts) -> list[str]:
    """A paragraph's text (line breaks inside it kept), then the lines of any text box
    anchored in it."""
    parts: list[str] = []
    boxes: list[str] = []

    def inline(element) -> None:
        for child in element:
            tag = child.tag
            if tag == f"{_W}r":
                run(child)
            elif tag == f"{_W}sdt":
                counts.controls += 1
                content = child.find(f"{_W}sdtContent")
                if content is not None:
                    inline(content)
            elif tag in _W_WRAPPERS:
                counts.inserted += tag == f"{_W}ins"
                counts.fields += tag == f"{_W}fldSimple"
                inline(child)
            elif tag == f"{_MC}AlternateContent":
                chosen = _chosen(child)
                if chosen is not None:
                    inline(chosen)
            elif tag in (f"{_W}del", f"{_W}moveFrom"):
                counts.deleted += 1

    def run(element) -> None:
        for child in element:
            tag = child.tag
            if tag == f"{_W}t":
                parts.append(child.text or "")
            elif tag in (f"{_W}tab", f"{_W}ptab"):
                parts.append("\t")
            elif tag in (f"{_W}br", f"{_W}cr"):
                parts.append("\n")
            elif tag == f"{_W}noBreakHyphen":
                parts.append("-")
            elif tag == f"{_W}instrText":  # a field's code (PAGE, HYPERLINK …), not text
                counts.fields += 1
            elif tag not in (f"{_W}rPr", f"{_W}delText", f"{_W}delInstrText"):
                boxes.extend(_docx_text_boxes(child, counts))

    inline(paragraph)
    return ["".join(parts), *boxes]


def _docx_text_boxes(element, counts: _DocxCounts) -> list[str]:
    """Lines of the text boxes (``w:txbxContent``) inside a drawing or VML shape, each
    once (of an ``mc:AlternateContent`` only the chosen branch)."""
    if element.tag == f"{_W}txbxContent":
        counts.text_boxes += 1
        return _docx_blocks(element, counts, 1)
    if element.tag == f"{_MC}AlternateContent":
        chosen = _chosen(element)
        return [] if chosen is None else _docx_text_boxes(chosen, counts)
    lines: list[str] = []
    for child in element:
        lines.extend(_docx_text_boxes(child, counts))
    return lines


def _docx_notes_not_read(document) -> dict[str, int]:
    """How many footnotes and endnotes with text the document has (they are not read)."""
    from lxml import etree

    found: dict[str, int] = {}
    for part in document.part.package.iter_parts():
        name = str(part.partname)
        kind = {"/word/footnotes.xml": "footnote", "/word/endnotes.xml": "endnote"}.get(name)
        if kind is None:
            continue
        try:
            root = etree.fromstring(part.blob)
        except etree.XMLSyntaxError:
            continue
        count = sum(
            1
            for note in root.iter(f"{_W}{kind}")
            if note.get(f"{_W}type") is None and "".join(note.itertext()).strip()
        )
        if count:
            found[kind] = count
    return found


def extract_docx(data: bytes, path: Path | str) -> Extracted:
    """Paragraphs (and table rows, cells joined by a space) of a .docx in document order.

    Read as Word shows the document with tracked changes accepted: insertions are text,
    deletions are not; content controls, text boxes (after the paragraph they are anchored
    in), nested tables (inside their row) and field results are text, field codes
    (``w:instrText``) are not. The load report's ``reason`` says when tracked changes or
    text boxes were met, and how many footnotes and endnotes were not read. A zip member
    that would unzip too large is refused first (:func:`check_zip_sizes`)."""
    check_zip_sizes(data, path)
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
    except ImportError as err:
        raise DocumentFormatError(path, f"reading .docx needs python-docx ({err})") from None
    except Exception as err:  # python-docx raises zipfile / KeyError / ValueError variants
        raise DocumentFormatError(path, f"not a readable .docx file ({err})") from None
    counts = _DocxCounts()
    lines = _docx_blocks(document.element.body, counts)
    notes = []
    if counts.inserted or counts.deleted:
        notes.append(
            f"tracked changes read as accepted ({counts.inserted} insertion(s) kept, "
            f"{counts.deleted} deletion(s) left out)"
        )
    if counts.text_boxes:
        notes.append(f"{counts.text_boxes} text box(es) read after their paragraph")
    for kind, count in _docx_notes_not_read(document).items():
        notes.append(f"{count} {kind}(s) not read")
    return Extracted("\n".join(lines), "docx", notes=tuple(notes))


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
    PDF without any text raises :class:`NoTextLayerError`, pages without text (a partly
    scanned PDF) are named in a load-report note. What pypdf works around (and
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
    blank = [k for k, t in enumerate(page_texts, start=1) if not t.strip()]
    notes = _summary("pypdf", notes)
    if blank:
        shown = ", ".join(map(str, blank[:10])) + (" …" if len(blank) > 10 else "")
        notes = (
            f"{len(blank)} of {len(page_texts)} pages have no text layer (page(s) {shown}: "
            "scans or images? run OCR to read them)",
            *notes,
        )
    lines: list[str] = []
    pages: list[int] = []
    for number, text in enumerate(page_texts, start=1):
        for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
            lines.append(line)
            pages.append(number)
    return Extracted("\n".join(lines), "pdf", None, tuple(pages), notes)


def html_main_text(html: str) -> str:
    """The main text of an HTML page, one block per line (:func:`textlib.load.html.page_text`)."""
    return page_text(html).text
