"""The body text of a unit: the denominator of every per-10k rate.

A unit's repaired text can still hold lines that are not the document's words: its title (and
a title joined to the first paragraph), an adoption or date line under it
(``（2020年5月28日第十三届全国人民代表大会第三次会议通过）``), and at its end the remains of a
licence footer that boilerplate removal missed because repair joined its short pieces into a
new line (``中华人民共和国著作权法》第五条，本作品不适用于该法，所以属于公有领域。``,
``Public domain``, ``false``). The body is the text between them; its Han characters are
the denominator of ``per_10k``. Hits are counted wherever they are (a formulation in a title is
still a hit): only the denominator leaves these lines out.
"""

from __future__ import annotations

import re

from textlib.text import patterns as P

_NUM = "0-9〇○零一二三四五六七八九十"
_DATE = rf"(?:[0-9]{{4}}|[〇○零一二三四五六七八九]{{4}})年[{_NUM}]{{1,3}}月(?:[{_NUM}]{{1,3}}日)?"
#: A line that is only a date, or a parenthesised note holding one (an adoption line).
DATE_LINE = re.compile(rf"^(?:[（(][^（）()]*{_DATE}[^（）()]*[）)]|{_DATE}[^。，,；;]{{0,12}})$")
#: Words of a licence or copyright footer.
LICENCE = re.compile(
    r"著作权法|公有领域|版权所有|本作品|本模板|知识共享|Public domain|Copyright|Creative Commons"
    r"|CC[ -]?BY|©",
    re.IGNORECASE,
)
HEAD_LINES = 3  # title and date lines are looked for among the first non-empty paragraphs


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    spans, offset = [], 0
    for paragraph in text.split("\n"):
        spans.append((offset, offset + len(paragraph)))
        offset += len(paragraph) + 1
    return spans


def body_bounds(text: str, title: str = "") -> tuple[int, int]:
    """``[start, end)`` of the body of a unit's repaired ``text`` (``title``: the unit's
    title, as in ``corpus.units``). Leading paragraphs that are the title or a title line
    (``…工作要点``), up to and including a date line under them, are left out, as is the
    title when it opens a longer first paragraph; so are trailing paragraphs that hold
    licence words, no Han character, or only a date."""
    spans = _paragraph_spans(text)
    title = title.strip().removesuffix("…")
    start, seen = 0, 0
    for s, e in spans:
        line = text[s:e].strip()
        if not line:
            start = e + 1
            continue
        seen += 1
        if seen > HEAD_LINES:
            break
        if DATE_LINE.match(line):
            start = e + 1
            break  # the adoption or date line closes the head
        if (title and line == title) or P.TITLE_LINE.match(line):
            start = e + 1
            continue
        if seen == 1 and len(title) >= 4 and text.startswith(title, s + text[s:e].find(line)):
            start = s + text[s:e].find(line) + len(title)
        break
    end = len(text)
    for s, e in reversed(spans):
        if s < start:
            break
        line = text[s:e].strip()
        if not line or not P.count_han(line) or LICENCE.search(line) or DATE_LINE.match(line):
            end = max(start, s - 1) if s > 0 else 0
            continue
        break
    return min(start, len(text)), max(min(start, len(text)), end)


def paragraph_body_han(text: str, title: str = "") -> list[int]:
    """Han characters of the body in each ``\\n``-separated paragraph of ``text`` (0 for the
    title, date and footer lines)."""
    start, end = body_bounds(text, title)
    return [P.count_han(text[max(s, start) : min(e, end)]) for s, e in _paragraph_spans(text)]


def body_han(text: str, title: str = "") -> int:
    """Han characters of the body of ``text`` (the denominator of ``per_10k``)."""
    start, end = body_bounds(text, title)
    return P.count_han(text[start:end])
