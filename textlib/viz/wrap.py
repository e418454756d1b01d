"""Wrapping of figure texts by display width (a Han character is as wide as two Latin ones):
labels and glosses are wrapped over lines, never cut."""

from __future__ import annotations

import re
import unicodedata

# a Latin word (with its trailing spaces) or one wide character (with its trailing spaces)
_PIECE = re.compile(r"[^\s\u1100-\u9fff\uac00-\ud7a3\uf900-\ufaff\uff00-\uffef]+\s*|\S\s*|\s+")


def display_width(text: str) -> int:
    """Width of ``text`` in Latin-character units: wide (CJK) characters count two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def wrap_text(text: str, width: int) -> str:
    """``text`` over lines of at most ``width`` display units (see :func:`display_width`),
    broken between Latin words or between Han characters; existing line breaks are kept; a
    single word longer than ``width`` stays whole on its own line."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for piece in _PIECE.findall(paragraph):
            if line and display_width((line + piece).rstrip()) > width:
                lines.append(line.rstrip())
                line = piece.lstrip()
            else:
                line += piece
        lines.append(line.rstrip())
    return "\n".join(lines)


def glossed_label(term: str, gloss: str, width: int) -> str:
    """``"社会主义核心价值观 · core socialist values"`` wrapped at ``width`` display units (the
    term alone when there is no gloss); the gloss is never cut."""
    return wrap_text(f"{term} · {gloss}" if gloss else term, width)
