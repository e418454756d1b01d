"""The corpus model: units with their raw lines, repaired text and provenance."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from textlib.batch import map_batches
from textlib.errors import (
    EmptyCorpusError,
    TextIndexError,
    UnknownColumnError,
    UnknownUnitError,
)
from textlib.repairs.steps import DEFAULT_STEPS, RepairStep, repair
from textlib.text import patterns as P
from textlib.text.source import SourceText
from textlib.text.tracked import TrackedText

UNIT_COLUMNS = ["parent", "title", "header", "source", "start_line", "end_line", "raw", "text"]
# Columns that textlib's own tables compute: a metadata column with one of these names is kept
# as ``meta_<name>`` so that it can never replace a computed value.
RESERVED_COLUMNS = frozenset(
    [
        *UNIT_COLUMNS,
        "unit_id",
        "plan",
        "kind",
        "count",
        "per_10k",
        "line",
        "lines",
        "start",
        "end",
        "formulation",
        "variant",
        "matched",
        "context",
        "left",
        "match",
        "right",
        "level",
        "marker",
        "number",
        "inline",
        "section",
        "section_id",
        "section_level",
        "role",
        "rule",
        "token",
        "content",
        "han_chars",
        "chars",
        "position",
        "order",
        "term",
        "topic",
        "weight",
        "a",
        "b",
        "label",
        "path",
        "preamble",
        "in_lexicon",
        "phrase",
        "support",
        "cluster",
        "encoding",
        "script",
        "format",
        "page",
        "tokens",
        "segmenter",
    ]
)
DESCRIPTIVE_COLUMNS = ("title", "gloss")  # metadata describing a unit, not a computed value


def namespace_metadata(metadata: pd.DataFrame) -> pd.DataFrame:
    """Rename metadata columns that clash with a computed column to ``meta_<name>``."""
    clash = {c: f"meta_{c}" for c in metadata.columns if c in RESERVED_COLUMNS}
    return metadata.rename(columns=clash)


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
    # lexicon rows that belong to this corpus only (a dataset's local slogans), added to the
    # bundled lexicon wherever no lexicon is given
    overlay_lexicon: pd.DataFrame | None = field(default=None, repr=False)
    # one row per file a reader saw (read_directory): path, unit_id, status, reason, …
    load_report: pd.DataFrame | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.units.empty:
            raise EmptyCorpusError(self.name)

    def annotate(self, table: pd.DataFrame) -> pd.DataFrame:
        """Add the corpus's metadata columns (year, region, issuer…) to a table with
        ``unit_id``; a no-op for corpora without metadata."""
        if not self.metadata_columns or "unit_id" not in table.columns:
            return table
        meta = self.units[list(self.metadata_columns)]
        unit_ids = table["unit_id"]
        if isinstance(unit_ids.dtype, pd.CategoricalDtype):  # a token table: take by code
            rows = meta.reindex(unit_ids.cat.categories)
            codes = unit_ids.cat.codes.to_numpy()
            values = {c: rows[c].take(codes).set_axis(table.index) for c in meta.columns}
            if (codes < 0).any():  # a unit id not in the corpus: no metadata
                values = {c: v.where(codes >= 0) for c, v in values.items()}
        else:
            values = {c: unit_ids.map(meta[c]) for c in meta.columns}
        return table.assign(
            **{(c if c not in table.columns else f"meta_{c}"): v for c, v in values.items()}
        )

    def with_columns(
        self,
        *,
        name: str | None = None,
        overlay_lexicon: pd.DataFrame | None = None,
        metadata: dict[str, list] | None = None,
        **columns,
    ) -> Corpus:
        """A copy whose ``units`` has these descriptive columns added or replaced (``gloss``,
        ``title``, ``label``), and ``metadata`` columns that flow into every table like a
        manifest's; optionally renamed or with an overlay lexicon. Texts and sources are
        shared."""
        metadata = namespace_metadata(pd.DataFrame(metadata or {}, index=self.units.index))
        units = self.units.assign(**columns, **{c: metadata[c] for c in metadata.columns})
        added = tuple(c for c in metadata.columns if c not in self.metadata_columns)
        return Corpus(
            units,
            self.sources,
            self.repaired,
            name or self.name,
            self.metadata_columns + added,
            self.overlay_lexicon if overlay_lexicon is None else overlay_lexicon,
            self.load_report,
        )

    def reordered(self, column: str) -> Corpus:
        """A copy with its plans in the order of ``column`` (stable: ties keep the corpus
        order; parts stay under their plan), so every table and figure groups units by it."""
        if column not in self.units.columns:
            raise UnknownColumnError(column, self.units.columns)
        plans = self.plan_ids
        position = {p: k for k, p in enumerate(plans)}
        values = self.units[column]
        ordered = sorted(plans, key=lambda p: (pd.isna(values[p]), str(values[p]), position[p]))
        rows = [u for p in ordered for u in [p, *self.parts_of(p)]]
        return Corpus(
            self.units.loc[rows],
            self.sources,
            self.repaired,
            self.name,
            self.metadata_columns,
            self.overlay_lexicon,
            self.load_report,
        )

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
        """Source line of character ``index`` of a unit's repaired text (``0`` to its length,
        the length meaning the end); another index raises :class:`TextIndexError`."""
        key = self.check_unit(unit_id)
        tracked = self.tracked(key)
        if isinstance(index, bool) or not isinstance(index, int | np.integer):
            raise TextIndexError(key, index, len(tracked.text))
        if not 0 <= index <= len(tracked.text):
            raise TextIndexError(key, int(index), len(tracked.text))
        return self.source(key).line_of(tracked.source_offset(int(index)))

    def lines_at(self, unit_id: object, indices) -> np.ndarray:
        """Source lines of many characters of a unit's repaired text at once; checked like
        :meth:`line_at`."""
        key = self.check_unit(unit_id)
        tracked = self.tracked(key)
        idx = np.asarray(indices)
        if idx.size and not np.issubdtype(idx.dtype, np.integer):
            whole = np.issubdtype(idx.dtype, np.floating) and bool((idx == np.round(idx)).all())
            if not whole:  # text, booleans, fractions: not character indices
                raise TextIndexError(key, idx.ravel()[0].item(), len(tracked.text))
        idx = idx.astype(np.int64).ravel()
        outside = (idx < 0) | (idx > len(tracked.text))
        if outside.any():
            raise TextIndexError(key, int(idx[outside][0]), len(tracked.text))
        if not len(tracked.text):
            return np.zeros(len(idx), dtype=np.int64)
        offsets = tracked.offsets[np.minimum(idx, len(tracked.text) - 1)]
        return self.source(key).lines_of(offsets)

    def page_at(self, unit_id: object, index: int) -> int | None:
        """Page (1-based) of character ``index`` of a unit's repaired text, for units read
        from a PDF; None for sources without pages."""
        source = self.source(unit_id)
        if source.pages is None:
            return None
        line = self.line_at(unit_id, index)
        return source.pages[min(max(line, 1), len(source.pages)) - 1]

    def with_pages(self, table: pd.DataFrame) -> pd.DataFrame:
        """``table`` (with ``unit_id`` and ``line``) with a ``page`` column after ``line`` when
        the corpus has paged sources (PDFs), so a hit says page and line; else unchanged."""
        if not any(s.pages is not None for s in self.sources.values()):
            return table
        if not {"unit_id", "line"} <= set(table.columns) or "page" in table.columns:
            return table
        pages = [
            self.source(u).page_of_line(int(line))
            for u, line in zip(table["unit_id"], table["line"], strict=True)
        ]
        table = table.copy()
        table.insert(table.columns.get_loc("line") + 1, "page", pd.array(pages, dtype="Int64"))
        return table

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


_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))


def _title(text: str) -> str:
    """Title of a unit: its first paragraph (skipping salutations such as ``各位代表：`` and
    invisible characters), cut after the genre word when it runs on."""
    first = ""
    for line in text.split("\n"):
        line = line.translate(_INVISIBLE).strip()
        if line and not P.SALUTATION.match(line):
            first = line
            break
    if len(first) <= 40:
        return first
    match = P.TITLE_PREFIX.match(first)
    return match.group(0) if match else first[:30] + "…"


def repair_batch(
    batch: list[tuple[str, int]], steps: RepairStep | Sequence[RepairStep] | None = None
) -> list[TrackedText]:
    """Repair each ``(raw, start offset)`` item with ``steps`` (default: :data:`DEFAULT_STEPS`);
    a single step or a ``make_pipeline`` result is accepted."""
    if steps is None:
        steps = DEFAULT_STEPS
    elif callable(steps):
        steps = (steps,)
    return [repair(TrackedText.from_source(raw, start), steps) for raw, start in batch]


def build_corpus(
    spans: list[UnitSpan],
    sources: dict[str, SourceText],
    name: str,
    *,
    n_jobs: int = 1,
    progress: bool | None = None,
    metadata: pd.DataFrame | None = None,
    repair: RepairStep | Sequence[RepairStep] | None = None,
) -> Corpus:
    """Cut each span out of its source, repair it (``n_jobs`` workers) and assemble the corpus.

    ``repair`` is the repair pipeline (a step, a ``make_pipeline`` result or a sequence of
    steps; default: every step of :data:`textlib.repairs.steps.DEFAULT_STEPS`; ``()`` for none).
    ``metadata`` (indexed by unit id) adds columns to ``units`` that flow into every table."""
    if not spans:
        raise EmptyCorpusError(name)
    cuts = []
    for span in spans:
        src = sources[span.source]
        start, end = src.line_span(span.start_line, span.end_line)
        cuts.append((src.text[start:end], start))
    tracked_units = map_batches(
        repair_batch, cuts, repair, n_jobs=n_jobs, progress=progress, desc="repair"
    )
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
        for column in DESCRIPTIVE_COLUMNS:
            if column in metadata.columns:
                if column not in units.columns:
                    units[column] = ""
                given = metadata[column].reindex(units.index)
                has = given.notna() & (given.astype(str).str.strip() != "")
                units.loc[has, column] = given[has].astype(str).str.strip()
                metadata = metadata.drop(columns=column)
        metadata = namespace_metadata(metadata)
        units = units.join(metadata, how="left")
        meta_columns = tuple(metadata.columns)
    return Corpus(units, sources, repaired, name, meta_columns)
