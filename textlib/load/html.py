"""The main text of a web page, one block (paragraph, heading, list item, table row) per line.

The page is parsed with lxml (libxml2's HTML parser: unclosed ``<p>``/``<li>``/``<td>`` are
closed as browsers close them, ``<![CDATA[…]]>`` is not text, and nothing here recurses, so
a legacy page cannot raise ``RecursionError``). The main content is the longest
``<article>``; else what readability-lxml picks as the article (it scores blocks by text
length and link density, so site navigation, breadcrumbs, related-news lists and copyright
footers built from plain ``<div>``/``<table>`` layout go). Elements that are never text
(scripts, forms) and, inside the content, navigation/header/footer/aside elements and
blocks made mostly of links are removed. What the extraction left out is counted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NEVER_TEXT = (
    "script",
    "style",
    "noscript",
    "template",
    "form",
    "button",
    "iframe",
    "svg",
    "select",
    "textarea",
)
_LAYOUT_BOILERPLATE = ("nav", "header", "footer", "aside")
_BOILERPLATE_ROLES = frozenset(["navigation", "banner", "contentinfo", "complementary", "search"])
_BLOCK = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "caption",
        "center",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "html",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "tfoot",
        "thead",
        "tr",
        "ul",
    ]
)
_CELL = frozenset(["td", "th"])
#: A block whose text is at least this share link text (and which holds two or more links)
#: is a list of links (related news, "share to"), not prose.
LINK_SHARE = 0.5
_TAG = re.compile(r"<[^>]*>")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)


@dataclass(frozen=True)
class PageText:
    """The main text of a page, how many characters of the page's text it left out, and
    notes for the load report."""

    text: str
    removed: int
    notes: tuple[str, ...] = ()


def _parse(html: str):
    """``(document, too_deep)``: the parsed page (None when empty) and whether libxml2 hit
    its nesting limit (2,048 levels), past which it drops the deeper text."""
    import lxml.html
    from lxml import etree

    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, huge_tree=True)
    html = _XML_DECLARATION.sub("", html, count=1)  # lxml refuses one in a str
    try:
        doc = lxml.html.document_fromstring(html, parser=parser)
    except (etree.ParserError, ValueError):  # an empty document
        return None, False
    too_deep = any("depth" in e.message.lower() for e in parser.error_log)
    return doc, too_deep


def _drop(root, tags) -> None:
    for el in list(root.iter(*tags)):
        if el.getparent() is not None:
            el.drop_tree()


def _drop_layout(root) -> None:
    """Remove navigation, header, footer and aside elements (and their ARIA roles)."""
    doomed = [
        el
        for el in root.iter()
        if isinstance(el.tag, str)
        and (el.tag in _LAYOUT_BOILERPLATE or el.get("role", "").lower() in _BOILERPLATE_ROLES)
    ]
    for el in doomed:
        if el.getparent() is not None and el is not root:
            el.drop_tree()


def block_lines(root) -> list[str]:
    """The text of an element, one block per line (table cells of a row joined by a space),
    spaces collapsed, empty lines dropped. Iterative: any depth of nesting is fine."""
    from lxml import etree

    parts: list[str] = []
    for event, el in etree.iterwalk(root, events=("start", "end")):
        tag = el.tag if isinstance(el.tag, str) else ""
        if event == "start":
            if tag in _BLOCK or tag == "br":
                parts.append("\n")
            elif tag in _CELL:
                parts.append(" ")
            if el.text and tag:
                parts.append(el.text)
        else:
            if tag in _BLOCK:
                parts.append("\n")
            elif tag in _CELL:
                parts.append(" ")
            if el.tail and el is not root:
                parts.append(el.tail)
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return [line for line in lines if line]


def _link_lists(root) -> int:
    """Remove the innermost blocks that are mostly link text (two or more links); return the
    characters removed."""
    removed = 0
    for el in list(root.iter("p", "div", "li", "ul", "ol", "td", "tr", "table", "dl", "section")):
        if el.getparent() is None or el is root:
            continue
        links = el.findall(".//a")
        if len(links) < 2:
            continue
        text = "".join(el.itertext())
        chars = len("".join(text.split()))
        linked = sum(len("".join("".join(a.itertext()).split())) for a in links)
        if chars and linked / chars >= LINK_SHARE:
            removed += chars
            el.drop_tree()
    return removed


def _count(lines: list[str]) -> int:
    return sum(len(line.replace(" ", "")) for line in lines)


def page_text(html: str) -> PageText:
    """The main text of an HTML page (see the module docstring) and what was left out."""
    import lxml.html

    doc, too_deep = _parse(html)
    if too_deep:
        return PageText(
            _tag_soup_text(html),
            0,
            (
                "page nested deeper than the HTML parser's limit of 2,048 levels: read as "
                "text without tags, main-content extraction skipped",
            ),
        )
    if doc is None:
        return PageText("", 0)
    _drop(doc, _NEVER_TEXT)
    body = doc.find("body")
    page = body if body is not None else doc
    page_lines = block_lines(page)
    notes: list[str] = []
    articles = list(page.iter("article"))
    if articles:
        content = max(articles, key=lambda a: len("".join(a.itertext()).strip()))
    else:
        content = _readability(lxml.html.tostring(page, encoding="unicode"))
        if content is None:
            notes.append("main-content extraction failed: the whole page body is kept")
            content = page
    _drop_layout(content)
    _link_lists(content)
    lines = block_lines(content)
    heading = _title_heading(page)
    if heading and heading not in lines[:3]:
        lines.insert(0, heading)
    removed = max(0, _count(page_lines) - _count(lines))
    return PageText("\n".join(lines), removed, tuple(notes))


_BLOCK_TAG = re.compile(
    r"</?(?:p|div|li|h[1-6]|tr|br|table|ul|ol|section|article|blockquote|pre|dd|dt)\b[^>]*>",
    re.I,
)


def _tag_soup_text(html: str) -> str:
    """The text of a page by tag removal alone (for a page the parser cannot hold): no
    scripts, styles, comments or CDATA; block tags break lines; entities decoded."""
    import html as html_lib

    html = re.sub(r"<!\[CDATA\[.*?\]\]>|<!--.*?-->", "", html, flags=re.S)
    html = re.sub(
        r"<(script|style|noscript|template|svg|head)\b.*?</\1\s*>", "", html, flags=re.S | re.I
    )
    text = html_lib.unescape(_TAG.sub("", _BLOCK_TAG.sub("\n", html)))
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _title_heading(page) -> str:
    """The page's first ``<h1>`` (the article title that layouts put outside the article)."""
    h1 = next(iter(page.iter("h1")), None)
    if h1 is None:
        return ""
    return " ".join("".join(h1.itertext()).split())


def _readability(html: str):
    """The element readability-lxml picks as the page's article, or None when it fails."""

    try:
        from readability import Document

        summary = Document(html).summary(html_partial=True)
    except Exception:  # readability raises its own Unparseable and lxml errors
        return None
    return _parse(summary)[0]
