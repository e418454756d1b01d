"""The page format: a scraped page of ``篇X:`` plans, some made of ``… 篇X`` parts."""

from __future__ import annotations

import string
from pathlib import Path

from textlib.checks import path_arg
from textlib.errors import EmptyCorpusError, PageFormatError
from textlib.load.corpus import Corpus, UnitSpan, _nonblank_bounds, build_corpus
from textlib.text import patterns as P
from textlib.text.source import MAX_FILE_BYTES, SourceText, check_file_size, read_source


def page_spans(source: SourceText) -> list[UnitSpan]:
    """Find the plans (``篇X:`` headers) and the parts of plans (``… 篇X`` lines) of a page."""
    lines = source.lines
    headers = [(i + 1, m) for i, line in enumerate(lines) if (m := P.PLAN_HEADER.match(line))]
    if not headers:
        raise PageFormatError(source.path, "no 篇X: plan markers (篇一:, 篇二:, …) found")
    if len(headers) == 1:
        raise PageFormatError(
            source.path,
            f"only one 篇X: plan marker (line {headers[0][0]}); a page holds at least two plans",
        )
    last_header = headers[-1][0]
    footer = next(
        (i + 1 for i in range(last_header, len(lines)) if P.FOOTER.match(lines[i])), len(lines) + 1
    )
    spans: list[UnitSpan] = []
    seen: dict[str, int] = {}
    for k, (line_no, match) in enumerate(headers):
        plan_id = str(P.chinese_numeral(match.group(1)))
        if plan_id in seen:
            raise PageFormatError(
                source.path,
                f"plan marker 篇{match.group(1)} at line {line_no} repeats line {seen[plan_id]}",
            )
        seen[plan_id] = line_no
        end = headers[k + 1][0] - 1 if k + 1 < len(headers) else footer - 1
        bounds = _nonblank_bounds(lines, line_no + 1, end)
        if bounds is None:
            raise EmptyCorpusError(
                source.path, f"plan 篇{match.group(1)} (line {line_no}) has no text"
            )
        header = match.group(2).strip()
        spans.append(UnitSpan(plan_id, None, str(source.path), *bounds, header=header))
        spans.extend(_part_spans(lines, plan_id, *bounds, source=str(source.path)))
    return spans


def _part_spans(
    lines: list[str], plan_id: str, first: int, last: int, *, source: str
) -> list[UnitSpan]:
    """Leaves of a plan with parts; empty when fewer than two lines are ``… 篇X`` headers.

    Every non-blank line of the plan body ``first``–``last`` lands in exactly one leaf:

    - a part runs from its header line to the line before the next part header, and is
      named ``<plan>.<number of its header>``: ``… 篇二`` in plan 6 is ``6.2``;
    - text before the first part header (an introduction, a title page) is the leaf
      ``<plan>.0``, made only when that text is non-blank;
    - a part number already used in the plan gets a letter, in page order: the second
      ``… 篇一`` of plan 6 is ``6.1b``, a third ``6.1c`` (after ``z``: ``6.1_27``…), so an
      id still names the number printed in its header and no part's text is lost.
    """
    starts = [
        (n, P.chinese_numeral(m.group(2)))
        for n in range(first, last + 1)
        if (m := P.PART_HEADER.match(lines[n - 1]))
    ]
    if len(starts) < 2:
        return []
    parts: list[UnitSpan] = []
    used: set[str] = set()
    preamble = _nonblank_bounds(lines, first, starts[0][0] - 1)
    if preamble:
        parts.append(UnitSpan(f"{plan_id}.0", plan_id, source, *preamble))
        used.add(f"{plan_id}.0")
    for k, (line_no, number) in enumerate(starts):
        end = starts[k + 1][0] - 1 if k + 1 < len(starts) else last
        bounds = _nonblank_bounds(lines, line_no, end)
        if bounds:
            unit_id = _unique_id(f"{plan_id}.{number}", used)
            used.add(unit_id)
            parts.append(UnitSpan(unit_id, plan_id, source, *bounds))
    return parts


def _unique_id(base: str, used: set[str]) -> str:
    """``base``, or ``base`` with the first free suffix ``b``…``z``, ``_27``, ``_28``…"""
    if base not in used:
        return base
    k = 1
    while True:
        suffix = string.ascii_lowercase[k] if k < 26 else f"_{k + 1}"
        if base + suffix not in used:
            return base + suffix
        k += 1


def read_page(path: Path | str, *, n_jobs: int = 1, progress: bool | None = None) -> Corpus:
    """Read a scraped page of ``篇X:`` plans into a corpus (plans, and parts of plans)."""
    path = path_arg("path", path)
    check_file_size(path, MAX_FILE_BYTES)
    source = read_source(path)
    if not source.text.strip():
        raise EmptyCorpusError(source.path, "file is empty")
    return build_corpus(
        page_spans(source),
        {str(source.path): source},
        source.path.name,
        n_jobs=n_jobs,
        progress=progress,
    )
