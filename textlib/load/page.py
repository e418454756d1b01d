"""The page format: a scraped page of ``篇X:`` plans, some made of ``… 篇X`` parts."""

from __future__ import annotations

from pathlib import Path

from textlib.errors import EmptyCorpusError, PageFormatError
from textlib.load.corpus import Corpus, UnitSpan, _nonblank_bounds, build_corpus
from textlib.text import patterns as P
from textlib.text.source import SourceText, read_source


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
    """Parts of a plan: it has parts when two or more lines are ``… 篇X`` part headers."""
    starts = [
        (n, P.chinese_numeral(m.group(2)))
        for n in range(first, last + 1)
        if (m := P.PART_HEADER.match(lines[n - 1]))
    ]
    if len(starts) < 2:
        return []
    parts = []
    for k, (line_no, number) in enumerate(starts):
        end = starts[k + 1][0] - 1 if k + 1 < len(starts) else last
        bounds = _nonblank_bounds(lines, line_no, end)
        if bounds:
            parts.append(UnitSpan(f"{plan_id}.{number}", plan_id, source, *bounds))
    return parts


def read_page(path: Path | str, *, n_jobs: int = 1, progress: bool | None = None) -> Corpus:
    """Read a scraped page of ``篇X:`` plans into a corpus (plans, and parts of plans)."""
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
