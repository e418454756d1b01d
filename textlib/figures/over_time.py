"""Figures of formulations over time: rate by year with bootstrap intervals, and a presence
timeline. Both need a numeric ``year`` column of the corpus's units; without one they raise
:class:`textlib.NotApplicableError`, as they do when no formulation occurs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
from matplotlib.figure import Figure

from textlib.figures.common import require, text
from textlib.figures.spec import FigureSpec

if TYPE_CHECKING:
    from textlib.study import Study

BY = "year"
TREND_PANELS = 12  # formulations in the small multiples
TIMELINE_ROWS = 30  # formulations in the timeline
NO_YEAR = "no numeric year column in this corpus"
NO_HITS = "no formulation of the lexicon occurs in this corpus"


def has_years(study: Study) -> bool:
    """Whether the corpus's units have a numeric ``year`` column with at least one value."""
    units = study.corpus.units
    return (
        BY in units.columns and pd.api.types.is_numeric_dtype(units[BY]) and units[BY].notna().any()
    )


def _years(study: Study) -> list:
    units = study.corpus.units.reindex(list(study.unit_ids))
    return sorted(units[BY].dropna().unique())


def _one_year(study: Study) -> str:
    years = _years(study)
    return f"the units cover one year only ({int(years[0])}): nothing to follow over time"


def _with_labels(study: Study, table: pd.DataFrame, width: int) -> pd.DataFrame:
    from textlib.viz.plots.over_time import glossed_title

    glosses = study.gloss(table["formulation"].unique())
    table = table.assign(gloss=table["formulation"].map(glosses))
    labels = {f: glossed_title(f, g, width) for f, g in glosses.items()}
    return table.assign(label=table["formulation"].map(labels))


def _trend_data(study: Study, *, top: int = TREND_PANELS) -> pd.DataFrame:
    """The ``top`` formulations most frequent over all years, each year's rate and interval."""
    require(has_years(study), "formulation_trend", NO_YEAR)
    require(len(_years(study)) >= 2, "formulation_trend", _one_year(study))
    full = study.trend(BY, n_boot=0)
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
    if study.formulations is not None:  # the formulations the user chose, in their order
        chosen = [f for f in study.formulations if f in set(ranked["formulation"])]
    require(bool(chosen), "formulation_trend", NO_HITS)
    table = study.trend(BY, formulations=chosen)
    table = _with_labels(study, table, width=34)
    table["panel"] = table["formulation"].map({f: k for k, f in enumerate(chosen)})
    return table.sort_values(["panel", BY], kind="stable", ignore_index=True)


def _trend_plot(table: pd.DataFrame) -> Figure:
    from textlib.viz.plots.over_time import plot_formulation_trend

    return plot_formulation_trend(table, by=BY, note=text(table, "note"))


def _timeline_data(study: Study, *, top: int = TIMELINE_ROWS) -> pd.DataFrame:
    """The ``top`` formulations present in the most years, with every year's count."""
    require(has_years(study), "formulation_timeline", NO_YEAR)
    require(len(_years(study)) >= 2, "formulation_timeline", _one_year(study))
    full = study.trend(BY, n_boot=0)
    present = full[full["count"] > 0]
    require(not present.empty, "formulation_timeline", NO_HITS)
    stats = present.groupby("formulation").agg(
        years=(BY, "nunique"), total=("count", "sum"), first=(BY, "min"), last=(BY, "max")
    )
    if study.formulations is not None:
        stats = stats[stats.index.isin(set(study.formulations))]
    chosen = stats.sort_values(["years", "total", "first"], ascending=[False, False, True]).head(
        top
    )
    rows = chosen.sort_values(["first", "last", "years"], ascending=[True, True, False]).index
    table = full[full["formulation"].isin(rows)]
    table = _with_labels(study, table, width=60)
    table["row"] = table["formulation"].map({f: k for k, f in enumerate(rows)})
    table = table.drop(columns=["low", "high"])
    return table.sort_values(["row", BY], kind="stable", ignore_index=True)


def _timeline_plot(table: pd.DataFrame) -> Figure:
    from textlib.viz.plots.over_time import plot_formulation_timeline

    return plot_formulation_timeline(table, by=BY, note=text(table, "note"))


SPECS: tuple[FigureSpec, ...] = (
    FigureSpec(
        "formulation_trend",
        "16_formulation_trend",
        _trend_data,
        _trend_plot,
        "Rate of the most frequent formulations by year, with bootstrap intervals over paragraphs.",
        caption=(
            "Rate per 10,000 Han characters of the most frequent formulations by year, "
            "with a bootstrap interval over paragraphs. With one document a year the "
            "interval is over the paragraphs of that document, not over documents: it says "
            "how much the rate depends on a few paragraphs, not how typical the year is. "
            "Needs a numeric `year` column."
        ),
    ),
    FigureSpec(
        "formulation_timeline",
        "17_formulation_timeline",
        _timeline_data,
        _timeline_plot,
        "Presence timeline: first and last year of each formulation and the years it occurs.",
        caption=(
            "When each formulation is used: first and last year, and the years between "
            "where it occurs (Qian Gang's watchwords). A term absent in a year may be "
            "absent from that year's documents only; read it with the number of documents "
            "per year."
        ),
    ),
)
