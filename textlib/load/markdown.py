"""Markdown files as units: markup removed line for line, front matter as typed metadata.

The file is parsed with markdown-it-py (CommonMark with GFM tables and strikethrough, and the
front-matter plugin of mdit-py-plugins), and the parser's tokens say which characters are
markup. Those characters are deleted from their line (never a line break), so line ``k`` of
the extracted text is line ``k`` of the file and every character of a unit keeps its source
line: emphasis markers, ``#`` heading marks, bullet markers, blockquote marks, link targets,
images, HTML tags and table pipes go; link text, table cells (one row per line, cells joined
by a space), code and the document's own ordered-list numbers (``12.``, the level-3 numbering
of official documents) stay. ``**一、总体要求**`` becomes ``一、总体要求``, a heading line the
outline finds; a ``***`` that is text, not emphasis (``XX***XX``), is kept as written.

The YAML front matter is parsed with PyYAML's safe loader into a flat dict (dates stay
dates): it becomes unit metadata, never text. Its lines are left blank in the text.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from textlib.errors import DocumentFormatError

MARKDOWN_SUFFIXES = (".md", ".markdown")
#: Front-matter keys renamed so they do not read as a computed column (``source`` is the file).
FRONT_MATTER_RENAMES = {"source": "source_url"}

# what may stand between two kept pieces of one line: markup only (a bullet, a heading mark,
# a blockquote mark, emphasis delimiters, table pipes, indentation, a list number)
_GAP = re.compile(r"[\s>#|*+\-_~=.)\d\\]*")


@dataclass(frozen=True)
class MarkdownText:
    """What a Markdown file gives: its text without markup (same lines as the file), the
    front matter as a flat dict, how many characters were removed, notes for the load report."""

    text: str
    front_matter: dict
    removed: int
    notes: tuple[str, ...] = ()


@cache
def _parser():
    from markdown_it import MarkdownIt
    from mdit_py_plugins.front_matter import front_matter_plugin

    md = MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(front_matter_plugin)
    md.disable("text_join")  # keep escapes and entities as their own tokens (their source)
    return md


class _Strip:
    """Which characters of a Markdown source are kept, deleted or replaced."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.keep = np.ones(len(text), dtype=bool)
        self.replace: dict[int, tuple[int, str]] = {}
        starts = [0, *(m.end() for m in re.finditer("\n", text))]
        self.line_starts = starts
        self.failed = 0

    def line_start(self, line: int) -> int:
        return self.line_starts[line] if line < len(self.line_starts) else len(self.text)

    def line_end(self, line: int) -> int:
        """Offset of the newline ending 0-based ``line`` (or the end of the text)."""
        nxt = self.line_start(line + 1)
        return nxt - 1 if nxt > 0 and self.text[nxt - 1 : nxt] == "\n" else nxt

    def drop_lines(self, first: int, last: int) -> None:
        """Delete the content of 0-based lines ``first``..``last - 1`` (not their breaks)."""
        for line in range(first, last):
            self.keep[self.line_start(line) : self.line_end(line)] = False

    def result(self) -> tuple[str, int]:
        keep = self.keep.copy()
        keep[[s - 1 for s in self.line_starts[1:]]] = True  # line breaks always stay
        pieces, pos = [], 0
        for start in sorted(self.replace):
            end, new = self.replace[start]
            pieces.append(_kept(self.text, keep, pos, start))
            pieces.append(new)
            pos = end
        pieces.append(_kept(self.text, keep, pos, len(self.text)))
        out = "".join(pieces)
        return out, len(self.text) - len(out)


def _kept(text: str, keep: np.ndarray, start: int, end: int) -> str:
    if start >= end:
        return ""
    idx = np.flatnonzero(keep[start:end]) + start
    return "".join(text[i] for i in idx) if len(idx) < end - start else text[start:end]


def _skip_brackets(text: str, pos: int, end: int) -> int:
    """End of a link or image target starting at ``pos``: ``](dest "title")``, ``][ref]`` or
    ``]``; nested brackets and parentheses and backslash escapes are respected."""
    if text.startswith("]", pos):
        pos += 1
    else:
        return pos
    if pos < end and text[pos] in "([":
        close = ")" if text[pos] == "(" else "]"
        opener = text[pos]
        depth, i = 0, pos
        while i < end:
            ch = text[i]
            if ch == "\\":
                i += 2
                continue
            if ch == opener:
                depth += 1
            elif ch == close:
                depth -= 1
                if depth == 0:
                    return i + 1
            i += 1
        return end
    return pos


def _image_end(text: str, pos: int, end: int) -> int:
    """End of ``![alt](dest)`` starting at ``pos``."""
    depth, i = 0, pos + 1
    while i < end:
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
            if depth == 0:
                return _skip_brackets(text, i, end)
        i += 1
    return end


class _Inline:
    """Align an inline token's children with the source: mark what they keep."""

    def __init__(self, strip: _Strip, start: int, end: int, keep_marker: str = "") -> None:
        self.s, self.pos, self.end = strip, start, end
        self.kept: list[tuple[int, int]] = []
        self.replaced: dict[int, tuple[int, str]] = {}
        self.keep_marker = keep_marker
        self.ok = True

    def find(self, piece: str, *, literal_gap: bool = False) -> int:
        """Where ``piece`` starts at or after the cursor, with only markup before it."""
        at = self.s.text.find(piece, self.pos, self.end)
        if at < 0 or (not literal_gap and not _GAP.fullmatch(self.s.text, self.pos, at)):
            self.ok = False
            return -1
        return at

    def keep(self, piece: str) -> None:
        at = self.find(piece)
        if at >= 0:
            self.kept.append((at, at + len(piece)))
            self.pos = at + len(piece)

    def skip(self, piece: str) -> None:
        at = self.find(piece)
        if at >= 0:
            self.pos = at + len(piece)

    def run(self, children) -> bool:
        text = self.s.text
        if self.keep_marker:
            at = text.find(self.keep_marker, self.pos, self.end)
            if at >= 0 and _GAP.fullmatch(text, self.pos, at):
                end = at + len(self.keep_marker)
                while end < self.end and text[end] in " \t":
                    end += 1  # ``12. 条目`` keeps its space, as a text file would
                self.kept.append((at, end))
                self.pos = end
        for tok in children:
            if not self.ok:
                break
            kind = tok.type
            if kind == "text" or kind == "code_inline":
                if tok.content:
                    self.keep(tok.content)
            elif kind == "text_special":
                at = self.find(tok.markup)
                if at >= 0:
                    if tok.info == "escape":  # \* → *: the backslash goes
                        self.kept.append((at + 1, at + len(tok.markup)))
                    else:  # an entity: &amp; → &
                        self.replaced[at] = (at + len(tok.markup), tok.content)
                    self.pos = at + len(tok.markup)
            elif kind in ("softbreak", "hardbreak"):
                at = text.find("\n", self.pos, self.end)
                if at < 0:
                    self.ok = False
                else:
                    self.pos = at + 1
            elif kind.endswith(("_open", "_close")) and kind[: kind.rindex("_")] in (
                "strong",
                "em",
                "s",
            ):
                self.skip(tok.markup)
            elif kind == "link_open":
                self.skip("<" if tok.markup == "autolink" else "[")
            elif kind == "link_close":
                if tok.markup == "autolink":
                    self.skip(">")
                else:
                    self.pos = _skip_brackets(text, self.pos, self.end)
            elif kind == "image":
                at = self.find("![")
                if at >= 0:
                    self.pos = _image_end(text, at, self.end)
            elif kind == "html_inline":
                self.skip(tok.content)
            else:  # an inline kind this reader does not know: keep the block as written
                self.ok = False
        return self.ok


def strip_markdown(text: str, path: Path | str = "") -> MarkdownText:
    """``text`` (a whole Markdown file, newlines normalised) without its markup, line for
    line; the front matter parsed. Raises :class:`DocumentFormatError` for front matter that
    is not a YAML mapping."""
    strip = _Strip(text)
    tokens = _parser().parse(text)
    front: dict = {}
    ordered: list[str] = []  # marker of the innermost open ordered-list item, or ""
    first_inline_of_item = False
    row_cursor: dict[int, int] = {}
    for k, tok in enumerate(tokens):
        kind = tok.type
        if kind == "front_matter":
            front = _front_matter(tok.content, path, tok.map)
            strip.drop_lines(*tok.map)
        elif kind == "list_item_open":
            ordered.append(f"{tok.info}{tok.markup}" if tok.info else "")
            first_inline_of_item = True
        elif kind == "list_item_close":
            ordered.pop()
        elif kind == "hr" or (kind == "html_block" and _only_tags(tok.content)):
            strip.drop_lines(*tok.map)
        elif kind == "html_block":
            first, last = tok.map
            start, end = strip.line_start(first), strip.line_end(last - 1)
            for m in re.finditer(r"<[^>\n]*>", text[start:end]):
                strip.keep[start + m.start() : start + m.end()] = False
        elif kind == "fence":
            first, last = tok.map
            strip.drop_lines(first, first + 1)
            closing = text[strip.line_start(last - 1) : strip.line_end(last - 1)].strip()
            if last - 1 > first and closing.startswith(tok.markup[:1] * 3):
                strip.drop_lines(last - 1, last)
        elif kind == "inline" and tok.map is not None:
            first, last = tok.map
            in_cell = k > 0 and tokens[k - 1].type in ("th_open", "td_open")
            start = row_cursor.get(first, strip.line_start(first)) if in_cell else None
            if start is None:
                start = strip.line_start(first)
            end = strip.line_end(last - 1)
            marker = ordered[-1] if ordered and first_inline_of_item else ""
            first_inline_of_item = False
            aligner = _Inline(strip, start, end, marker)
            if aligner.run(tok.children or []):
                strip.keep[start:end] = False
                for a, b in aligner.kept:
                    strip.keep[a:b] = True
                for a in _unflanked_strong(text, aligner.kept):
                    strip.keep[a : a + 2] = False
                strip.replace.update(aligner.replaced)
                if in_cell:
                    row_cursor[first] = aligner.pos
                    if aligner.kept and aligner.pos < end and _cells_follow(tokens, k):
                        # the pipe between two cells becomes one space
                        gap_end = text.find("|", aligner.pos, end)
                        if gap_end >= 0:
                            strip.replace[gap_end] = (gap_end + 1, " ")
            else:
                strip.failed += 1
                if in_cell:
                    row_cursor[first] = end
        elif kind == "heading_open" and tok.markup in ("=", "-") and tok.map is not None:
            strip.drop_lines(tok.map[1] - 1, tok.map[1])  # a setext underline
    _drop_table_rules(tokens, strip)
    out, removed = strip.result()
    notes = ()
    if strip.failed:
        notes = (f"{strip.failed} Markdown block(s) kept as written (markup not understood)",)
    return MarkdownText(out, front, removed, notes)


_DOUBLE_STAR = re.compile(r"(?<!\*)\*\*(?!\*)")


def _unflanked_strong(text: str, kept: list[tuple[int, int]]) -> list[int]:
    """Offsets of ``**`` pairs left as text because CommonMark's flanking rules ignore
    Chinese punctuation (``升级。**加快`` cannot close): in one block, literal ``**`` runs of
    exactly two stars are paired left to right and removed as emphasis; an unpaired one and
    every other run of stars (``XX***XX``, a redaction) stay."""
    found = [m.start() for a, b in kept for m in _DOUBLE_STAR.finditer(text, a, b)]
    return found[: len(found) // 2 * 2]


def _cells_follow(tokens, k: int) -> bool:
    """Whether another cell of the same row follows the inline token at ``k``."""
    return k + 2 < len(tokens) and tokens[k + 2].type in ("th_open", "td_open")


def _drop_table_rules(tokens, strip: _Strip) -> None:
    """Delete the delimiter row (``|---|---|``) under each table's header."""
    for tok in tokens:
        if tok.type == "thead_open" and tok.map is not None:
            rule = tok.map[1]
            strip.drop_lines(rule, rule + 1)


def _only_tags(html: str) -> bool:
    return not re.sub(r"<[^>]*>", "", html).strip()


def _front_matter(content: str, path: Path | str, where) -> dict:
    import yaml

    first, last = (where[0] + 1, where[1]) if where else (1, 1)
    try:
        data = yaml.safe_load(content) if content.strip() else {}
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = first + 1 + mark.line if mark is not None else first
        raise DocumentFormatError(
            path, f"front matter (lines {first}–{last}) is not valid YAML: line {line}"
        ) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise DocumentFormatError(
            path, f"front matter (lines {first}–{last}) is not a YAML mapping of keys to values"
        )
    return _flat(data)


def _flat(data: dict, prefix: str = "") -> dict:
    """Front matter as one level of scalar values: nested keys joined with ``.``, lists of
    scalars joined with ``|``; keys renamed by :data:`FRONT_MATTER_RENAMES` at the top."""
    out: dict = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if not prefix:
            name = FRONT_MATTER_RENAMES.get(str(key), str(key))
        if isinstance(value, dict):
            out.update(_flat(value, f"{name}."))
        elif isinstance(value, list | tuple):
            out[name] = "|".join("" if v is None else str(v) for v in value)
        elif value is None or isinstance(value, str | bool | int | float | dt.date):
            out[name] = value.strip() if isinstance(value, str) else value
        else:
            out[name] = str(value)
    return out
