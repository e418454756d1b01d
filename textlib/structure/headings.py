"""Stage 3a: the outline of each unit (headings, enumerations) and its sections.

Official documents number their outline with ``一、`` (level 1), ``(一)`` / ``（一）`` (level 2)
and ``1.`` / ``1、`` (level 3). A heading opens a paragraph, or follows another heading's title
on the same line (``一、…总体目标 (一)面临形势。`` — an *inline* heading). ``一是…二是…`` and
``一要…二要…`` are enumerations inside the text, not headings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from textlib.batch import map_batches
from textlib.load.corpus import Corpus
from textlib.text import patterns as P

CN = P.CN_DIGITS
LEVEL_PATTERNS = {
    1: re.compile(rf"([{CN}]+)、"),
    2: re.compile(rf"[(（]([{CN}]+)[)）]"),
    3: re.compile(r"(\d{1,2})(?:[.．](?!\d)|、)"),
}
# the characters a paragraph holding a heading can start with, besides any decimal digit (what
# \d matches): a Chinese numeral (一、, a bare 一), an opening parenthesis, a space before a
# bare numeral
_HEADING_START = frozenset(CN + "(（" + P.HSPACE)
# markers of a deeper level than the key, for finding inline headings without a loop
_DEEPER = {
    level: re.compile("|".join(f"(?:{LEVEL_PATTERNS[k].pattern})" for k in range(level + 1, 4)))
    for level in (1, 2)
}
ENUMERATION = re.compile(rf"(?:^|(?<=[。;\uff1b:\uff1a!?\uff01\uff1f]))([{CN}]{{1,3}})(是|要)")
TITLE_STOP = re.compile(rf"[。;\uff1b!?\uff01\uff1f]|[{P.HSPACE}]")

OUTLINE_COLUMNS = [
    "plan",
    "unit_id",
    "level",
    "marker",
    "number",
    "title",
    "line",
    "inline",
    "start",
]
ENUM_COLUMNS = [
    "plan",
    "unit_id",
    "marker",
    "number",
    "kind",
    "line",
    "starts_paragraph",
    "text",
    "start",
]
SECTION_COLUMNS = [
    "plan",
    "unit_id",
    "section_id",
    "level",
    "l1_title",
    "l2_title",
    "path",
    "start",
    "end",
    "start_line",
    "end_line",
    "han_chars",
    "text",
]


@dataclass(frozen=True)
class Heading:
    level: int
    marker: str
    number: int
    title: str
    start: int  # index of the marker in the unit's repaired text
    inline: bool


def _number(level: int, digits: str) -> int:
    return int(digits) if level == 3 else P.chinese_numeral(digits)


def _heading_at(text: str, pos: int, min_level: int = 1) -> tuple[int, re.Match[str]] | None:
    for level in (1, 2, 3):
        if level < min_level:
            continue
        match = LEVEL_PATTERNS[level].match(text, pos)
        if match:
            return level, match
    return None


def paragraph_headings(paragraph: str, offset: int = 0) -> list[Heading]:
    """Headings of one paragraph: the one it opens with, and any inline ones after its title.

    An inline heading must be of a deeper level and start right where the previous heading's
    title ends (its title runs to the first ``。``, a kept space or the next marker).
    """
    headings: list[Heading] = []
    pos, min_level, inline = 0, 1, False
    while (found := _heading_at(paragraph, pos, min_level)) is not None:
        level, match = found
        body_start = match.end()
        stop = TITLE_STOP.search(paragraph, body_start)
        title_end = stop.start() if stop else len(paragraph)
        nested = _next_inline(paragraph, body_start, title_end, level)
        if nested is not None:
            title_end = nested
        title = paragraph[body_start:title_end].strip()
        headings.append(
            Heading(
                level,
                match.group(0),
                _number(level, match.group(1)),
                title,
                offset + match.start(),
                inline,
            )
        )
        if nested is None:
            break
        pos, min_level, inline = nested, level + 1, True
    return headings


def _next_inline(paragraph: str, start: int, end: int, level: int) -> int | None:
    """Start of a deeper-level marker inside a heading title, if any.

    A numbered marker inside a number (``80、`` of ``1980、1981年``) or followed by a digit
    (an enumeration of years or figures) is not a heading."""
    deeper = _DEEPER.get(level)
    i = start + 1
    while deeper is not None and i < end:
        # the next position where a deeper marker matches (what _heading_at tries at each)
        candidate = deeper.search(paragraph, i)
        if candidate is None or candidate.start() >= end:
            return None
        i = candidate.start()
        found = _heading_at(paragraph, i, level + 1)
        if found and (found[0] > level):
            if found[0] == 3 and _in_number(paragraph, i, found[1].end()):
                i += 1
                continue
            return i
        i += 1
    return None


def _in_number(paragraph: str, start: int, end: int) -> bool:
    before = paragraph[start - 1] if start > 0 else ""
    after = paragraph[end] if end < len(paragraph) else ""
    return before.isdigit() or after.isdigit()


def _bare_heading(paragraph: str, offset: int, breaks: frozenset[int]) -> Heading | None:
    """A level-1 heading of older documents written as a bare numeral on its own line
    (``一`` / ``二``): the whole paragraph, or a numeral that repair joined to the next line
    (``breaks`` holds the repaired-text indices after which a broken line was joined)."""
    match = P.BARE_NUMERAL_LINE.match(paragraph)
    if match is None and breaks:
        lead = re.match(rf"[{CN}]{{1,3}}", paragraph)
        if lead and offset + lead.end() - 1 in breaks:
            match = lead
            numeral = lead.group(0)
        else:
            return None
    elif match is None:
        return None
    else:
        numeral = match.group(1)
    try:
        number = P.chinese_numeral(numeral)
    except ValueError:
        return None
    body = paragraph[match.end() :]
    stop = TITLE_STOP.search(body)
    end = stop.start() if stop else len(body)
    # a title joined to its body by repair ends where its own source line ended
    joined = [i - offset - match.end() + 1 for i in breaks if offset + match.end() <= i]
    end = min([end, *(j for j in joined if 0 < j < end)])
    title = body[:end].strip()
    return Heading(1, numeral, number, title, offset + paragraph.index(numeral), False)


def _paragraphs(text: str):
    offset = 0
    for paragraph in text.split("\n"):
        yield offset, paragraph
        offset += len(paragraph) + 1


def unit_headings(text: str, breaks: frozenset[int] = frozenset()) -> list[Heading]:
    """All headings of a unit's repaired text, in order.

    Bare numeral lines (``一``) are level-1 headings (see :func:`_bare_heading`; ``breaks``
    are the indices after which repair joined a broken line, :func:`joined_breaks`). A
    heading whose marker stands alone on its line (``一、`` / ``（二）``) takes its title from
    the next line, unless its number restarts its level's sequence: then it is the item of a
    list, not a heading (:func:`_without_list_items`)."""
    paragraphs = list(_paragraphs(text))
    found: list[Heading] = []
    alone: list[bool] = []  # the heading's marker stands alone on its line
    for k, (offset, para) in enumerate(paragraphs):
        if not para or (para[0] not in _HEADING_START and not para[0].isdecimal()):
            continue  # no marker can start this paragraph
        bare = _bare_heading(para, offset, breaks)
        headings = [bare] if bare is not None else paragraph_headings(para, offset)
        marker_only = len(headings) == 1 and para.strip() == headings[0].marker
        if marker_only and not headings[0].title and k + 1 < len(paragraphs):
            next_offset, following = paragraphs[k + 1]
            if not P.HEADING_MARKER.match(following):
                stop = TITLE_STOP.search(following)
                end = stop.start() if stop else len(following)
                # a title line joined to its body by repair ends where its source line ended
                joined = [
                    b - next_offset + 1 for b in breaks if next_offset <= b < next_offset + end
                ]
                title = following[: min([end, *joined])].strip()
                headings[-1] = replace(headings[-1], title=title)
        found.extend(headings)
        alone.extend([marker_only, *[False] * (len(headings) - 1)][: len(headings)])
    return _without_list_items(found, alone)


def _without_list_items(headings: list[Heading], alone: list[bool]) -> list[Heading]:
    """Drop the items of numbered lists written like headings.

    Older reports number the points of a section on marker-only lines (``一、`` then the
    point on the next line) with the same markers as their sections: under section 三、 the
    points run 一、…四、 again. A marker-only heading whose number restarts the sequence of
    its level (1 where the previous heading of that level, under the same parent, was n ≥ 1)
    opens such a list; the marker-only headings that continue it (2, 3 …) are its items. A
    heading with its title on its line, or any heading of another level, ends the list.
    """
    kept: list[Heading] = []
    last: dict[int, int] = {}  # level -> number of the last real heading under its parent
    listing: dict[int, int] = {}  # level -> number of the last list item
    for heading, only in zip(headings, alone, strict=True):
        level = heading.level
        if only and listing.get(level) is not None and heading.number == listing[level] + 1:
            listing[level] = heading.number
            continue
        listing.clear()
        if only and heading.number == 1 and last.get(level, 0) >= 1:
            listing[level] = 1
            continue
        last[level] = heading.number
        for deeper in [k for k in last if k > level]:
            del last[deeper]
        kept.append(heading)
    return kept


def joined_breaks(tracked) -> frozenset[int]:
    """Indices of a repaired text after which repair joined a broken line (the characters
    whose source offset carries a ``broken_line`` event)."""
    offsets = {e.offset for e in tracked.events if e.kind == "broken_line"}
    if not offsets:
        return frozenset()
    return frozenset(int(i) for i in np.flatnonzero(np.isin(tracked.offsets, list(offsets))))


def headings_batch(
    batch: list[tuple[str, str, frozenset[int]]], _context: object = None
) -> list[list[Heading]]:
    return [unit_headings(text, breaks) for _, text, breaks in batch]


def outline(corpus: Corpus, *, n_jobs: int = 1, progress: bool | None = None) -> pd.DataFrame:
    """One row per heading of every most specific unit.

    ``level`` 1–3, ``marker`` as written (``一、``, ``(三)``, ``2.``), ``number`` the integer it
    denotes, ``title`` up to its first ``。`` (or the space or marker that ends it), ``line``
    the source line, ``inline`` True when the heading does not start its line, ``start`` its
    index in the repaired text.
    """
    items = [(u, corpus.tracked(u).text, joined_breaks(corpus.tracked(u))) for u in corpus.leaf_ids]
    found = map_batches(
        headings_batch, items, None, n_jobs=n_jobs, progress=progress, desc="outline"
    )
    rows = []
    for (unit_id, _, _), headings in zip(items, found, strict=True):
        plan = corpus.plan_of(unit_id)
        for h in headings:
            rows.append(
                (
                    plan,
                    unit_id,
                    h.level,
                    h.marker,
                    h.number,
                    h.title,
                    corpus.line_at(unit_id, h.start),
                    h.inline,
                    h.start,
                )
            )
    return corpus.annotate(pd.DataFrame(rows, columns=OUTLINE_COLUMNS))


def enumerations(corpus: Corpus) -> pd.DataFrame:
    """``一是…二是…`` / ``一要…二要…`` enumerations: not headings, but the plans' other way of
    listing tasks. ``starts_paragraph`` tells whether the item opens its paragraph; ``text``
    runs to the item's first ``。``."""
    rows = []
    for unit_id in corpus.leaf_ids:
        plan = corpus.plan_of(unit_id)
        text = corpus.tracked(unit_id).text
        for offset, paragraph in _paragraphs(text):
            for match in ENUMERATION.finditer(paragraph):
                try:
                    number = P.chinese_numeral(match.group(1))
                except ValueError:
                    continue
                end = paragraph.find("。", match.end())
                item = paragraph[match.start() : end if end >= 0 else len(paragraph)]
                start = offset + match.start()
                rows.append(
                    (
                        plan,
                        unit_id,
                        match.group(0),
                        number,
                        match.group(2),
                        corpus.line_at(unit_id, start),
                        match.start() == 0,
                        item,
                        start,
                    )
                )
    return corpus.annotate(pd.DataFrame(rows, columns=ENUM_COLUMNS))


def sections(corpus: Corpus) -> pd.DataFrame:
    """One row per section of each most specific unit, at level 1 and 2.

    A section runs from its heading to the next level-1 or level-2 heading; the text before
    the first heading is the ``(preamble)``. Every character of a unit belongs to exactly one
    section, so hits and paragraphs join to sections by ``unit_id`` and ``start``
    (:func:`locate_sections`). ``path`` is ``L1 title › L2 title``.
    """
    rows = []
    for unit_id in corpus.leaf_ids:
        plan = corpus.plan_of(unit_id)
        tracked = corpus.tracked(unit_id)
        text = tracked.text
        cuts = [h for h in unit_headings(text, joined_breaks(tracked)) if h.level <= 2]
        bounds = [(0, None), *((h.start, h) for h in cuts)]
        l1_title = ""
        for k, (start, heading) in enumerate(bounds):
            end = bounds[k + 1][0] if k + 1 < len(bounds) else len(text)
            if heading is None:
                if end == 0:
                    continue
                level, l1, l2, path = 0, "", "", "(preamble)"
            elif heading.level == 1:
                l1_title = heading.title
                level, l1, l2, path = 1, l1_title, "", l1_title
            else:
                level, l1, l2 = 2, l1_title, heading.title
                path = f"{l1_title} › {heading.title}" if l1_title else heading.title
            body = text[start:end].rstrip("\n")
            rows.append(
                (
                    plan,
                    unit_id,
                    f"{unit_id}:{len(rows)}",
                    level,
                    l1,
                    l2,
                    path,
                    start,
                    end,
                    corpus.line_at(unit_id, start),
                    corpus.line_at(unit_id, max(start, start + len(body) - 1)),
                    P.count_han(body),
                    body,
                )
            )
    table = pd.DataFrame(rows, columns=SECTION_COLUMNS)
    table["section_id"] = [
        f"{u}:{i}" for u, i in zip(table.unit_id, table.groupby("unit_id").cumcount(), strict=True)
    ]
    return corpus.annotate(table)


def locate_sections(table: pd.DataFrame, section_table: pd.DataFrame) -> pd.DataFrame:
    """Add ``section_id``, ``section`` (path) and ``section_level`` to any table with
    ``unit_id`` and ``start`` (formulation hits, KWIC rows, tokens, enumerations)."""
    out = table.copy()
    ids, paths, levels = [], [], []
    by_unit = {u: g.sort_values("start") for u, g in section_table.groupby("unit_id")}
    for unit_id, start in zip(out["unit_id"], out["start"], strict=True):
        group = by_unit.get(unit_id)
        row = None
        if group is not None:
            inside = group[(group["start"] <= start) & (group["end"] > start)]
            row = inside.iloc[0] if len(inside) else None
        ids.append(None if row is None else row["section_id"])
        paths.append(None if row is None else row["path"])
        levels.append(None if row is None else int(row["level"]))
    out["section_id"], out["section"], out["section_level"] = ids, paths, levels
    return out


def numbering_style(outline_table: pd.DataFrame) -> pd.Series:
    """Per unit: how level-2 headings are numbered under level-1 sections.

    ``continuous`` when the numbers run on across level-1 sections ((一)…(四) under 一、, then
    (五) under 二、), ``restarting`` when each level-1 section starts again at (一), ``flat``
    when there is at most one level-1 section with level-2 headings, ``none`` without them.
    """
    styles = {}
    for unit_id, group in outline_table.groupby("unit_id", sort=False):
        current_l1, firsts = None, []
        seen_l1 = set()
        for row in group.itertuples(index=False):
            if row.level == 1:
                current_l1 = row.start
            elif row.level == 2 and current_l1 not in seen_l1:
                seen_l1.add(current_l1)
                firsts.append(row.number)
        if not firsts:
            styles[unit_id] = "none"
        elif len(firsts) < 2:
            styles[unit_id] = "flat"
        else:
            styles[unit_id] = "restarting" if all(n == 1 for n in firsts) else "continuous"
    return pd.Series(styles, name="l2_numbering")
