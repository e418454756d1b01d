"""Formulations over time (or over any metadata grouping): rates with bootstrap intervals, and
the watchwords that appear, disappear or change most between consecutive groups.

The interval is a percentile bootstrap over the *paragraphs* of a group's units: paragraphs are
resampled with replacement and the rate recomputed. With one document per group (one NPC
resolution per year) it says how much the rate rests on one or two paragraphs of that document,
not how much it would vary across documents of that year.
"""

from __future__ import annotations

from itertools import pairwise

import numpy as np
import pandas as pd

from textlib.errors import StudyParameterError, TextlibError, expect_table
from textlib.formulations.body import paragraph_body_han
from textlib.load.corpus import Corpus

TREND_COLUMNS = [
    "formulation",
    "count",
    "han_chars",
    "per_10k",
    "low",
    "high",
    "units",
    "paragraphs",
    "first",
    "last",
]
WATCHWORD_COLUMNS = [
    "before",
    "after",
    "formulation",
    "change",
    "count_before",
    "count_after",
    "per_10k_before",
    "per_10k_after",
    "delta",
    "lines",
]
# columns of corpus.units that describe where a unit sits, not what it is
_STRUCTURAL = frozenset(["parent", "header", "source", "start_line", "end_line", "raw", "text"])


class UnknownGroupingError(TextlibError, KeyError):
    """A grouping column (``by=``) that the corpus's units do not have."""

    def __init__(self, column: object, available: list[str]) -> None:
        self.column = column
        self.available = list(available)
        shown = ", ".join(self.available) or "none"
        super().__init__(
            f"no column {column!r} to group units by; available columns: {shown} "
            "(add metadata with read_directory(..., metadata=...) or a CSV column)"
        )

    def __str__(self) -> str:  # KeyError would repr() the message
        return str(self.args[0])


def grouping_columns(corpus: Corpus) -> list[str]:
    """The columns of ``corpus.units`` that units can be grouped by (metadata such as
    ``year``, ``level``, ``region``, and descriptive ones such as ``title``)."""
    return [c for c in corpus.units.columns if c not in _STRUCTURAL]


def column_of(corpus: Corpus, name: str) -> str:
    """The units' column for the metadata name a user wrote: itself, or ``meta_<name>`` when
    the reader renamed it because a computed column has that name (a manifest's ``level``)."""
    columns = corpus.units.columns
    return f"meta_{name}" if name not in columns and f"meta_{name}" in columns else name


def _groups(corpus: Corpus, by: str, units: list[str] | None) -> pd.Series:
    """The group value of each most specific unit (units without a value are left out)."""
    by = column_of(corpus, by)
    if by not in grouping_columns(corpus):
        raise UnknownGroupingError(by, grouping_columns(corpus))
    leaves = corpus.leaf_ids if units is None else [u for u in corpus.leaf_ids if u in set(units)]
    values = corpus.units.loc[leaves, by]
    return values[values.notna()]


def _formulations(lexicon: pd.DataFrame, formulations) -> list[str]:
    known = list(dict.fromkeys(lexicon["formulation"]))
    if formulations is None:
        return known
    if isinstance(formulations, str):
        formulations = [formulations]
    chosen = list(dict.fromkeys(formulations))
    unknown = [f for f in chosen if f not in set(known)]
    if unknown:
        raise StudyParameterError("formulations", unknown[0], "a formulation of the lexicon")
    return chosen


def _paragraphs(corpus: Corpus, unit_ids: list[str]) -> tuple[np.ndarray, dict[str, int], dict]:
    """Han characters of the body in every paragraph of these units (``\\n``-separated, in
    unit order; 0 for title, date and licence-footer lines), the index of each unit's first
    paragraph, and each unit's newline positions."""
    han, first, newlines = [], {}, {}
    for unit_id in unit_ids:
        text = corpus.tracked(unit_id).text
        first[unit_id] = len(han)
        codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
        newlines[unit_id] = np.flatnonzero(codes == 10)
        han.extend(paragraph_body_han(text, str(corpus.unit(unit_id).get("title", ""))))
    return np.asarray(han, dtype=np.float64), first, newlines


def _paragraph_counts(
    hits: pd.DataFrame, first: dict[str, int], newlines: dict, n_par: int, forms: list[str]
) -> np.ndarray:
    """Paragraphs × formulations hit counts of one group."""
    column = {f: k for k, f in enumerate(forms)}
    hits = hits[hits["formulation"].isin(column)]
    matrix = np.zeros((n_par, len(forms)), dtype=np.float64)
    if not len(hits):
        return matrix
    par = np.empty(len(hits), dtype=np.int64)
    for unit_id, rows in hits.groupby("unit_id", sort=False).indices.items():
        starts = hits["start"].to_numpy()[rows]
        par[rows] = first[unit_id] + np.searchsorted(newlines[unit_id], starts, side="right")
    cols = hits["formulation"].map(column).to_numpy()
    np.add.at(matrix, (par, cols), 1.0)
    return matrix


def _bootstrap(
    counts: np.ndarray, han: np.ndarray, n_boot: int, rng: np.random.Generator, per: float, q
) -> tuple[np.ndarray, np.ndarray]:
    """Percentile interval of the rate when paragraphs are resampled with replacement: each
    resample is a vector of paragraph multiplicities, so every rate is one matrix product."""
    n_par, n_form = counts.shape
    if n_boot == 0 or n_par == 0:
        nan = np.full(n_form, np.nan)
        return nan, nan.copy()
    draws = rng.integers(0, n_par, size=(n_boot, n_par))
    flat = (draws + np.arange(n_boot)[:, None] * n_par).ravel()
    weights = np.bincount(flat, minlength=n_boot * n_par).reshape(n_boot, n_par).astype(float)
    totals = weights @ han  # Han characters of each resample
    rates = (weights @ counts) / np.where(totals > 0, totals, np.nan)[:, None] * per
    low, high = (
        np.nanpercentile(rates, q, axis=0)
        if np.isfinite(rates).any()
        else (
            np.full(n_form, np.nan),
            np.full(n_form, np.nan),
        )
    )
    return low, high


def trend(
    corpus: Corpus,
    hits: pd.DataFrame,
    *,
    lexicon: pd.DataFrame,
    by: str = "year",
    units: list[str] | None = None,
    formulations=None,
    n_boot: int = 200,
    seed: int = 0,
    per: int = 10_000,
    level: float = 0.95,
) -> pd.DataFrame:
    """Formulation rates per group of units (``by``: any metadata column, e.g. ``year``,
    ``level``, ``region``), one row per group × formulation, zeros included.

    Columns: the grouping column, ``formulation``, ``count`` (hits in the group's units),
    ``han_chars`` (Han characters of the group), ``per_10k`` (count per ``per`` Han
    characters), ``low``/``high`` (percentile bootstrap interval at ``level`` over the
    paragraphs of the group: ``n_boot`` resamples, seeded by ``seed``; NaN when ``n_boot=0``),
    ``units`` and ``paragraphs`` in the group, and ``first``/``last``: the first and last group
    value where the formulation occurs (NaN if never). ``formulations`` restricts the table
    (default: every formulation of ``lexicon``); ``units`` restricts the most specific units
    counted (default: all; a Study passes its unit set). Units without a value of ``by`` are
    left out; a missing column raises :class:`UnknownGroupingError` listing the available ones.
    """
    for name, value in (("n_boot", n_boot), ("seed", seed)):
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise StudyParameterError(name, value, "an integer, 0 or more")
    if not 0 < level < 1:
        raise StudyParameterError("level", level, "in (0, 1)")
    if not per > 0:
        raise StudyParameterError("per", per, "a positive number")
    expect_table("trend", "hits", hits, ["unit_id", "formulation", "start"])
    groups = _groups(corpus, by, units)
    forms = _formulations(lexicon, formulations)
    hits = hits[["unit_id", "formulation", "start"]]
    q = [(1 - level) / 2 * 100, (1 + level) / 2 * 100]
    rng = np.random.default_rng(seed)
    frames = []
    for value in sorted(groups.unique()):
        unit_ids = groups.index[groups == value].tolist()
        han, first, newlines = _paragraphs(corpus, unit_ids)
        group_hits = hits[hits["unit_id"].isin(unit_ids)]
        counts = _paragraph_counts(group_hits, first, newlines, len(han), forms)
        total = counts.sum(axis=0)
        han_total = han.sum()
        low, high = _bootstrap(counts, han, n_boot, rng, per, q)
        frames.append(
            pd.DataFrame(
                {
                    by: value,
                    "formulation": forms,
                    "count": total.astype(np.int64),
                    "han_chars": int(han_total),
                    "per_10k": total / han_total * per if han_total else np.nan,
                    "low": low,
                    "high": high,
                    "units": len(unit_ids),
                    "paragraphs": len(han),
                }
            )
        )
    if not frames:
        return pd.DataFrame(columns=[by, *TREND_COLUMNS])
    table = pd.concat(frames, ignore_index=True)
    present = table[table["count"] > 0].groupby("formulation")[by]
    table["first"] = table["formulation"].map(present.min())
    table["last"] = table["formulation"].map(present.max())
    if pd.api.types.is_integer_dtype(groups):  # years stay whole numbers despite the gaps
        table[["first", "last"]] = table[["first", "last"]].astype("Int64")
    return table[[by, *TREND_COLUMNS]]


def _references(hits: pd.DataFrame, by: str, value, formulation: str, limit: int) -> str:
    rows = hits[(hits[by] == value) & (hits["formulation"] == formulation)].head(limit)
    return "; ".join(f"{u}:{line}" for u, line in zip(rows["unit_id"], rows["line"], strict=True))


def watchwords(
    corpus: Corpus,
    hits: pd.DataFrame,
    *,
    lexicon: pd.DataFrame,
    by: str = "year",
    units: list[str] | None = None,
    top: int = 10,
    formulations=None,
    evidence: int = 3,
) -> pd.DataFrame:
    """Qian Gang's watchwords: for each pair of consecutive groups (sorted by ``by``), the
    formulations that ``appeared`` (0 → >0), ``disappeared`` (>0 → 0), and the ``top`` that
    ``rose`` or ``fell`` most in ``per_10k`` while present in both (at most ``top`` of each
    kind per pair, the most frequent first).

    Columns ``before``/``after`` (the two group values), ``formulation``, ``change``,
    ``count_before``/``count_after``, ``per_10k_before``/``per_10k_after``, ``delta``
    (after − before, per 10,000 Han characters) and ``lines``: up to ``evidence``
    ``unit:line`` references of the hits in the later group (the earlier one for a formulation
    that disappeared).
    """
    if not isinstance(top, int) or isinstance(top, bool) or top < 1:
        raise StudyParameterError("top", top, "an integer, at least 1")
    table = trend(
        corpus, hits, lexicon=lexicon, by=by, units=units, formulations=formulations, n_boot=0
    )
    if not len(table):
        return pd.DataFrame(columns=WATCHWORD_COLUMNS)
    wide_count = table.pivot(index="formulation", columns=by, values="count")
    wide_rate = table.pivot(index="formulation", columns=by, values="per_10k")
    values = list(wide_count.columns)
    hits = corpus.annotate(hits) if by not in hits.columns else hits
    if by not in hits.columns:  # a descriptive column (title …) rather than metadata
        hits = hits.assign(**{by: hits["unit_id"].map(corpus.units[column_of(corpus, by)])})
    hits = hits.sort_values(["unit_id", "start"], kind="stable")
    rows = []
    for before, after in pairwise(values):
        c0, c1 = wide_count[before], wide_count[after]
        r0, r1 = wide_rate[before], wide_rate[after]
        pair = pd.DataFrame(
            {
                "count_before": c0,
                "count_after": c1,
                "per_10k_before": r0,
                "per_10k_after": r1,
                "delta": r1 - r0,
            }
        )
        appeared = pair[(c0 == 0) & (c1 > 0)].sort_values("count_after", ascending=False)
        gone = pair[(c0 > 0) & (c1 == 0)].sort_values("count_before", ascending=False)
        both = pair[(c0 > 0) & (c1 > 0) & (pair["delta"] != 0)]
        moved = both.reindex(both["delta"].abs().sort_values(ascending=False).index).head(top)
        for change, part in (
            ("appeared", appeared.head(top)),
            ("disappeared", gone.head(top)),
            ("moved", moved),
        ):
            for form, row in part.iterrows():
                kind = change if change != "moved" else ("rose" if row["delta"] > 0 else "fell")
                where = before if change == "disappeared" else after
                rows.append(
                    (
                        before,
                        after,
                        form,
                        kind,
                        int(row["count_before"]),
                        int(row["count_after"]),
                        row["per_10k_before"],
                        row["per_10k_after"],
                        row["delta"],
                        _references(hits, by, where, form, evidence),
                    )
                )
    return pd.DataFrame(rows, columns=WATCHWORD_COLUMNS)
