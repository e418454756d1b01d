"""Stage 1: load a page (or a directory of files) into a corpus of units with provenance."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from textlib import patterns as P
from textlib.batch import map_batches
from textlib.errors import (
    EmptyCorpusError,
    PageFormatError,
    SourceFileNotFoundError,
    UnknownUnitError,
)
from textlib.repairs import repair
from textlib.source import SourceText, decode_utf8, read_source
from textlib.tracked import TrackedText

SEED_NAME = "000_7632ef7902941c7c.txt"
TABLE_SUFFIXES = (".csv", ".parquet")
UNIT_COLUMNS = ["parent", "title", "header", "source", "start_line", "end_line", "raw", "text"]


@dataclass(frozen=True)
class UnitSpan:
    """Where a unit sits in its source: 1-based inclusive line range."""

    unit_id: str
    parent: str | None
    source: str
    start_line: int
    end_line: int
    header: str = ""


@dataclass(frozen=True, eq=False)
class Corpus:
    """Units of text (plans and their parts) with their raw lines, repaired text and provenance.

    ``units`` is a DataFrame indexed by ``unit_id``; ``tracked(unit_id)`` gives the repaired
    text with its map back to source offsets; ``source(unit_id)`` the file it came from.
    """

    units: pd.DataFrame
    sources: dict[str, SourceText] = field(repr=False)
    repaired: dict[str, TrackedText] = field(repr=False)
    name: str = "corpus"
    metadata_columns: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.units.empty:
            raise EmptyCorpusError(self.name)

    def annotate(self, table: pd.DataFrame) -> pd.DataFrame:
        """Add the corpus's metadata columns (year, region, issuer…) to a table with
        ``unit_id``; a no-op for corpora without metadata."""
        if not self.metadata_columns or "unit_id" not in table.columns:
            return table
        meta = self.units[list(self.metadata_columns)]
        values = {c: table["unit_id"].map(meta[c]) for c in self.metadata_columns}
        return table.assign(**values)

    def __len__(self) -> int:
        return len(self.units)

    def __iter__(self) -> Iterator[str]:
        return iter(self.units.index)

    def check_unit(self, unit_id: object) -> str:
        """Return ``unit_id`` as a str if the corpus has it, else raise UnknownUnitError."""
        key = str(unit_id)
        if key not in self.repaired:
            raise UnknownUnitError(unit_id, self.units.index)
        return key

    def unit(self, unit_id: object) -> pd.Series:
        """The row of ``units`` for ``unit_id``."""
        return self.units.loc[self.check_unit(unit_id)]

    def tracked(self, unit_id: object) -> TrackedText:
        """Repaired text of a unit with its source-offset map."""
        return self.repaired[self.check_unit(unit_id)]

    @cached_property
    def _source_of(self) -> dict[str, SourceText]:
        return {u: self.sources[s] for u, s in self.units["source"].items()}

    @cached_property
    def _plan_of(self) -> dict[str, str]:
        return {
            u: (u if p is None or pd.isna(p) else str(p)) for u, p in self.units["parent"].items()
        }

    def source(self, unit_id: object) -> SourceText:
        """The source file a unit was read from."""
        return self._source_of[self.check_unit(unit_id)]

    def line_at(self, unit_id: object, index: int) -> int:
        """Source line of character ``index`` of a unit's repaired text."""
        return self.source(unit_id).line_of(self.tracked(unit_id).source_offset(index))

    def lines_at(self, unit_id: object, indices) -> np.ndarray:
        """Source lines of many characters of a unit's repaired text at once."""
        tracked = self.tracked(unit_id)
        idx = np.asarray(indices, dtype=np.int64)
        if not len(tracked.text):
            return np.zeros(len(idx), dtype=np.int64)
        offsets = tracked.offsets[np.clip(idx, 0, len(tracked.text) - 1)]
        return self.source(unit_id).lines_of(offsets)

    @property
    def plan_ids(self) -> list[str]:
        """Top-level units (plans)."""
        return [u for u, p in self.units["parent"].items() if pd.isna(p)]

    @property
    def leaf_ids(self) -> list[str]:
        """The most specific units: each plan, or its parts where it has parts.

        Every character of a plan's text belongs to exactly one leaf, so per-leaf counts sum
        to plan totals.
        """
        parents = set(self.units["parent"].dropna())
        return [u for u in self.units.index if u not in parents]

    def plan_of(self, unit_id: object) -> str:
        """The top-level plan id of a unit (itself for a plan)."""
        return self._plan_of[self.check_unit(unit_id)]

    def parts_of(self, unit_id: object) -> list[str]:
        """The part ids of a plan (empty when it has none)."""
        key = self.check_unit(unit_id)
        return [u for u, p in self.units["parent"].items() if p == key]


def _nonblank_bounds(lines: list[str], first: int, last: int) -> tuple[int, int] | None:
    """Shrink the 1-based inclusive range to its first and last non-blank lines."""
    while first <= last and not lines[first - 1].strip():
        first += 1
    while last >= first and not lines[last - 1].strip():
        last -= 1
    return (first, last) if first <= last else None


def _title(text: str) -> str:
    """Title of a unit: its first paragraph, cut after the genre word when it runs on."""
    first = text.split("\n", 1)[0]
    if len(first) <= 40:
        return first
    match = P.TITLE_PREFIX.match(first)
    return match.group(0) if match else first[:30] + "…"


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


def repair_batch(batch: list[tuple[str, int]], _context: object = None) -> list[TrackedText]:
    return [repair(TrackedText.from_source(raw, start)) for raw, start in batch]


def build_corpus(
    spans: list[UnitSpan],
    sources: dict[str, SourceText],
    name: str,
    *,
    n_jobs: int = 1,
    progress: bool | None = None,
    metadata: pd.DataFrame | None = None,
) -> Corpus:
    """Cut each span out of its source, repair it (``n_jobs`` workers) and assemble the corpus.

    ``metadata`` (indexed by unit id) adds columns to ``units`` that flow into every table."""
    if not spans:
        raise EmptyCorpusError(name)
    cuts = []
    for span in spans:
        src = sources[span.source]
        start, end = src.line_span(span.start_line, span.end_line)
        cuts.append((src.text[start:end], start))
    tracked_units = map_batches(repair_batch, cuts, n_jobs=n_jobs, progress=progress, desc="repair")
    rows, repaired = [], {}
    for span, (raw, _), tracked in zip(spans, cuts, tracked_units, strict=True):
        repaired[span.unit_id] = tracked
        rows.append(
            {
                "unit_id": span.unit_id,
                "parent": span.parent,
                "title": _title(tracked.text),
                "header": span.header,
                "source": span.source,
                "start_line": span.start_line,
                "end_line": span.end_line,
                "raw": raw,
                "text": tracked.text,
            }
        )
    units = pd.DataFrame(rows, columns=["unit_id", *UNIT_COLUMNS]).set_index("unit_id")
    units["parent"] = units["parent"].astype(object).where(units["parent"].notna(), None)
    meta_columns: tuple[str, ...] = ()
    if metadata is not None and len(metadata.columns):
        clash = [c for c in metadata.columns if c in units.columns]
        metadata = metadata.rename(columns={c: f"meta_{c}" for c in clash})
        units = units.join(metadata, how="left")
        meta_columns = tuple(metadata.columns)
    return Corpus(units, sources, repaired, name, meta_columns)


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


def read_directory(
    path: Path | str,
    *,
    id_column: str = "id",
    text_column: str = "text",
    n_jobs: int = 1,
    progress: bool | None = None,
) -> Corpus:
    """Read a user's corpus: every ``*.txt`` file of a directory as one unit (id = file stem,
    sorted), or a table file (``.csv``, ``.parquet``) with an id column, a text column and
    optional metadata columns (year, region, issuer…) that flow into every table."""
    folder = Path(path)
    if folder.is_file() and folder.suffix.lower() in TABLE_SUFFIXES:
        return read_table(
            folder, id_column=id_column, text_column=text_column, n_jobs=n_jobs, progress=progress
        )
    if not folder.is_dir():
        raise SourceFileNotFoundError(folder)
    files = sorted(folder.glob("*.txt"))
    if not files:
        raise EmptyCorpusError(folder, "directory holds no *.txt files")
    sources, spans = {}, []
    for file in files:
        source = read_source(file)
        bounds = _nonblank_bounds(source.lines, 1, source.n_lines)
        if bounds is None:
            raise EmptyCorpusError(file, "file is empty")
        sources[str(file)] = source
        spans.append(UnitSpan(file.stem, None, str(file), *bounds))
    return build_corpus(spans, sources, folder.name, n_jobs=n_jobs, progress=progress)


def read_table(
    path: Path | str,
    *,
    id_column: str = "id",
    text_column: str = "text",
    n_jobs: int = 1,
    progress: bool | None = None,
) -> Corpus:
    """A corpus from a CSV (UTF-8) or Parquet file: one unit per row.

    Each row's text is its own source, named ``file#id``; line numbers count lines inside the
    text cell. Every other column is unit metadata (kept in ``units`` and added to tables)."""
    path = Path(path)
    if not path.is_file():
        raise SourceFileNotFoundError(path)
    if path.suffix.lower() == ".parquet":
        try:
            table = pd.read_parquet(path)
        except ImportError as err:
            raise PageFormatError(path, f"reading Parquet needs pyarrow ({err})") from None
    else:
        decoded = decode_utf8(path.read_bytes(), path).removeprefix("\ufeff")
        table = pd.read_csv(io.StringIO(decoded), dtype=str, keep_default_na=False)
    missing = [c for c in (id_column, text_column) if c not in table.columns]
    if missing:
        raise PageFormatError(
            path, f"missing column(s) {', '.join(missing)}; has {list(table.columns)}"
        )
    if table.empty:
        raise EmptyCorpusError(path, "table has no rows")
    ids = table[id_column].astype(str).str.strip()
    duplicated = ids[ids.duplicated()].tolist()
    if duplicated:
        raise PageFormatError(path, f"duplicate ids {duplicated[:5]}")
    sources, spans = {}, []
    for unit_id, text in zip(ids, table[text_column], strict=True):
        name = f"{path}#{unit_id}"
        source = SourceText.from_text(name, "" if pd.isna(text) else str(text))
        bounds = _nonblank_bounds(source.lines, 1, source.n_lines)
        if bounds is None:
            raise EmptyCorpusError(name, "row has no text")
        sources[name] = source
        spans.append(UnitSpan(unit_id, None, name, *bounds))
    metadata = table.drop(columns=[id_column, text_column]).set_index(ids)
    metadata.index.name = "unit_id"
    return build_corpus(
        spans, sources, path.name, n_jobs=n_jobs, progress=progress, metadata=metadata
    )


def seed_path() -> Path:
    """Path of the seed page: ``$TEXTLIB_SEED`` or ``seeds/`` beside the package."""
    override = os.environ.get("TEXTLIB_SEED")
    if override:
        return Path(override)
    return Path(__file__).resolve().parent.parent / "seeds" / SEED_NAME


def load_seed() -> Corpus:
    """The seed page: seven 2022 精神文明建设 work plans (plan 6 in three parts)."""
    return read_page(seed_path())
