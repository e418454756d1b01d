"""Figure specs of formulations over time (issue 12): rate by year with bootstrap intervals, and
a presence timeline. Both need a numeric ``year`` column of the corpus's units; without one,
their data is an empty table and their plot a small figure saying so.

``SPECS`` is meant to be appended to :data:`textlib.figures.registry.REGISTRY`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
from matplotlib.figure import Figure

from textlib.figures.spec import FigureSpec
from textlib.formulations.trend import TREND_COLUMNS, trend
from textlib.lexicon.glossary import gloss_terms

if TYPE_CHECKING:
    from textlib.study import Study

BY = "year"
TREND_PANELS = 12  # formulations in the small multiples
TIMELINE_ROWS = 30  # formulations in the timeline
NO_YEAR = "no year column in this corpus"


def has_years(study: Study) -> bool:
    """Whether the corpus's units have a numeric ``year`` column with at least one value."""
    units = study.corpus.units
    return (
        BY in units.columns and pd.api.types.is_numeric_dtype(units[BY]) and units[BY].notna().any()
    )


def _with_labels(study: Study, table: pd.DataFrame, width: int) -> pd.DataFrame:
    from textlib.viz.plots.over_time import glossed_title

    glosses = gloss_terms(table["formulation"].unique(), study.lexicon)
    table = table.assign(gloss=table["formulation"].map(glosses))
    labels = {f: glossed_title(f, g, width) for f, g in glosses.items()}
    return table.assign(label=table["formulation"].map(labels))


def _empty(*columns: str) -> pd.DataFrame:
    return pd.DataFrame(columns=[BY, *TREND_COLUMNS, *columns])


def _trend_data(study: Study, *, top: int = TREND_PANELS) -> pd.DataFrame:
    """The ``top`` formulations most frequent over all years, each year's rate and interval."""
    if not has_years(study):
        return _empty("gloss", "label", "panel")
    full = trend(study, by=BY, n_boot=0)
    totals = full.groupby("formulation", sort=False)["count"].sum()
    totals = totals[totals > 0]
    order = full.drop_duplicates("formulation").set_index("formulation")["first"]
    ranked = (
        pd.DataFrame({"count": totals, "first": order.reindex(totals.index)})
        .rename_axis("formulation")
        .reset_index()
        .sort_values(["count", "first", "formulation"], ascending=[False, True, True])
    )
    chosen = ranked["formulation"].head(top).tolist()
    if not chosen:
        return _empty("gloss", "label", "panel")
    table = trend(study, by=BY, formulations=chosen, n_boot=study.n_boot, seed=study.seed)
    table = _with_labels(study, table, width=34)
    table["panel"] = table["formulation"].map({f: k for k, f in enumerate(chosen)})
    return table.sort_values(["panel", BY], kind="stable", ignore_index=True)


def _trend_plot(study: Study, table: pd.DataFrame) -> Figure:
    from textlib.viz.plots.over_time import plot_formulation_trend

    note = "" if has_years(study) else NO_YEAR
    if has_years(study) and table.empty:
        note = "no formulation of the lexicon occurs in this corpus"
    return plot_formulation_trend(table, by=BY, note=note)


def _timeline_data(study: Study, *, top: int = TIMELINE_ROWS) -> pd.DataFrame:
    """The ``top`` formulations present in the most years, with every year's count."""
    if not has_years(study):
        return _empty("gloss", "label", "row")
    full = trend(study, by=BY, n_boot=0)
    present = full[full["count"] > 0]
    if present.empty:
        return _empty("gloss", "label", "row")
    stats = present.groupby("formulation").agg(
        years=(BY, "nunique"), total=("count", "sum"), first=(BY, "min"), last=(BY, "max")
    )
    chosen = stats.sort_values(["years", "total", "first"], ascending=[False, False, True]).head(
        top
    )
    rows = chosen.sort_values(["first", "last", "years"], ascending=[True, True, False]).index
    table = full[full["formulation"].isin(rows)]
    table = _with_labels(study, table, width=60)
    table["row"] = table["formulation"].map({f: k for k, f in enumerate(rows)})
    table = table.drop(columns=["low", "high"])
    return table.sort_values(["row", BY], kind="stable", ignore_index=True)


def _timeline_plot(study: Study, table: pd.DataFrame) -> Figure:
    from textlib.viz.plots.over_time import plot_formulation_timeline

    note = "" if has_years(study) else NO_YEAR
    if has_years(study) and table.empty:
        note = "no formulation of the lexicon occurs in this corpus"
    return plot_formulation_timeline(table, by=BY, note=note)


SPECS: tuple[FigureSpec, ...] = (
    FigureSpec(
        "formulation_trend",
        "16_formulation_trend",
        _trend_data,
        _trend_plot,
        "Rate of the most frequent formulations by year, with bootstrap intervals over paragraphs.",
    ),
    FigureSpec(
        "formulation_timeline",
        "17_formulation_timeline",
        _timeline_data,
        _timeline_plot,
        "Presence timeline: first and last year of each formulation and the years it occurs.",
    ),
)
