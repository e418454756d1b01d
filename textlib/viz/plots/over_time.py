"""Formulations over time: small multiples of each formulation's rate by year with bootstrap
intervals, and a presence timeline (first use, last use and the years in between where present).

Plot functions take the tables of :mod:`textlib.figures.over_time` and compute nothing. Years
are drawn at evenly spaced positions (one per year in the corpus); a dotted vertical line marks
a gap of missing years, so 1962 next to 2007 does not squash the recent decades.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from textlib.viz.style import (
    COLUMN_WIDTH,
    FONT,
    FULL_WIDTH,
    MAX_HEIGHT,
    SMALL_FONT,
    figure_title,
)
from textlib.viz.wrap import wrap_text as _wrap

POINT = "#0072B2"
INTERVAL = "#7FB2D9"
ZERO = "#BBBBBB"
SPAN = "#9E9E9E"


def glossed_title(term: str, gloss: str, width: int) -> str:
    """``"科学发展观 · Scientific Outlook on Development"`` wrapped at ``width`` display units
    (the term alone without a gloss); the gloss is never cut."""
    return _wrap(f"{term} · {gloss}" if gloss else term, width)


def _year_axis(ax, years: list, *, labelsize: float = SMALL_FONT, max_ticks: int = 5) -> None:
    """Evenly spaced year positions, a few labelled ticks, dotted lines at gaps of years."""
    n = len(years)
    positions = list(range(n))
    numeric = all(isinstance(y, int | np.integer | float) for y in years)
    if numeric:
        for k in range(1, n):
            if years[k] - years[k - 1] > 1:
                ax.axvline(k - 0.5, color="#777777", linewidth=0.5, linestyle=":")
    step = max(1, -(-n // max_ticks))
    ticks = positions[::step]
    if numeric:  # prefer round years, and the first one
        rounds = [k for k in positions if int(years[k]) % 5 == 0]
        chosen = [0]
        for k in rounds:
            if k - chosen[-1] >= step:
                chosen.append(k)
        ticks = chosen if len(chosen) >= 2 else ticks
    ax.set_xticks(ticks, [str(int(years[k])) if numeric else str(years[k]) for k in ticks])
    ax.tick_params(axis="x", labelsize=labelsize, pad=1)
    ax.set_xlim(-0.7, n - 0.3)


def plot_empty(title: str, message: str) -> Figure:
    """A small figure that says why there is nothing to draw."""
    fig = Figure(figsize=(COLUMN_WIDTH, 1.2), layout="constrained")
    figure_title(fig, _wrap(title, 56))
    fig.text(0.5, 0.4, message, ha="center", va="center", fontsize=FONT)
    return fig


def plot_formulation_trend(table: pd.DataFrame, *, by: str = "year", note: str = "") -> Figure:
    """Small multiples, one panel per formulation (``panel`` order): the rate per 10,000 Han
    characters in each group (dot), its bootstrap interval (bar), zeros as grey dots.
    ``table`` is a :func:`textlib.formulations.trend.trend` table with ``label`` (the glossed
    panel title, wrapped) and ``panel`` columns."""
    title = "Formulations over time: rate per 10,000 Han characters"
    if table.empty:
        return plot_empty(title, note or f"no {by} column in this corpus")
    years = sorted(table[by].unique())
    position = {y: k for k, y in enumerate(years)}
    forms = list(dict.fromkeys(table.sort_values("panel", kind="stable")["formulation"]))
    ncols = 4 if len(forms) > 9 else 3
    nrows = -(-len(forms) // ncols)
    height = min(MAX_HEIGHT, 0.9 + 1.55 * nrows)
    fig = Figure(figsize=(FULL_WIDTH, height), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    for ax in axes[len(forms) :]:
        ax.axis("off")
    for ax, form in zip(axes, forms, strict=False):
        rows = table[table["formulation"] == form]
        x = rows[by].map(position).to_numpy()
        rate = rows["per_10k"].to_numpy()
        present = rows["count"].to_numpy() > 0
        low = rows["low"].to_numpy(dtype=float)
        high = rows["high"].to_numpy(dtype=float)
        has = present & np.isfinite(low) & np.isfinite(high)
        ax.vlines(x[has], low[has], high[has], color=INTERVAL, linewidth=1.6)
        ax.plot(x[present], rate[present], "o", color=POINT, markersize=2.6)
        ax.plot(x[~present], rate[~present], "o", color=ZERO, markersize=1.6)
        _year_axis(ax, years)
        ax.set_ylim(bottom=0)
        ax.tick_params(axis="y", labelsize=SMALL_FONT, pad=1)
        ax.set_title(rows["label"].iloc[0], loc="left", fontsize=SMALL_FONT)
    for ax in axes[::ncols][:nrows]:
        ax.set_ylabel("per 10k Han chars", fontsize=SMALL_FONT, labelpad=1)
    figure_title(fig, title)
    caption = (
        "Dot: count per 10,000 Han characters of all units of the year; grey dot: absent. "
        "Bar: 95% percentile bootstrap interval over the paragraphs of that year's units "
        "(a measure of how much the rate rests on single paragraphs, not of variation between "
        "documents). Dotted line: years missing from the corpus." + (f" {note}" if note else "")
    )
    fig.supxlabel(_wrap(caption, 150), fontsize=SMALL_FONT, x=0.01, ha="left")
    return fig


def plot_formulation_timeline(table: pd.DataFrame, *, by: str = "year", note: str = "") -> Figure:
    """One row per formulation (``row`` order, top to bottom): a grey line from its first to
    its last year, a dot in every year where it occurs (area ∝ count). ``table`` has ``by``,
    ``formulation``, ``label``, ``row``, ``count``, ``first`` and ``last``."""
    title = "When each formulation is used: first and last year, and the years between"
    if table.empty:
        return plot_empty(title, note or f"no {by} column in this corpus")
    years = sorted(table[by].unique())
    position = {y: k for k, y in enumerate(years)}
    order = table.drop_duplicates("formulation").sort_values("row", kind="stable")
    forms = order["formulation"].tolist()
    lines = max(label.count("\n") + 1 for label in order["label"])
    height = min(MAX_HEIGHT, 1.3 + (0.08 + 0.1 * lines) * len(forms))
    fig = Figure(figsize=(FULL_WIDTH, height), layout="constrained")
    ax = fig.subplots()
    y_of = {f: k for k, f in enumerate(forms)}
    spans = order.dropna(subset=["first", "last"])
    ax.hlines(
        spans["formulation"].map(y_of),
        spans["first"].map(position),
        spans["last"].map(position),
        color=SPAN,
        linewidth=0.8,
        zorder=1,
    )
    hit = table[table["count"] > 0]
    ax.scatter(
        hit[by].map(position),
        hit["formulation"].map(y_of),
        s=6 + 10 * np.minimum(hit["count"], 6),
        color=POINT,
        linewidths=0,
        zorder=2,
    )
    ax.set_yticks(range(len(forms)), order["label"], fontsize=SMALL_FONT)
    ax.set_ylim(len(forms) - 0.5, -0.5)
    _year_axis(ax, years, labelsize=FONT, max_ticks=12)
    ax.grid(axis="x", color="#EEEEEE", linewidth=0.5)
    ax.set_axisbelow(True)
    handles = [
        Line2D([], [], marker="o", linestyle="", color=POINT, markersize=np.sqrt(6 + 10 * c))
        for c in (1, 3)
    ]
    handles.append(Line2D([], [], color=SPAN, linewidth=0.8))
    ax.legend(
        handles,
        ["1 occurrence", "3 occurrences", "first to last use"],
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
        fontsize=SMALL_FONT,
        frameon=False,
    )
    figure_title(fig, title)
    caption = (
        "Rows: the formulations present in the most years, ordered by first use. Years are "
        "evenly spaced; a dotted line marks years missing from the corpus."
        + (f" {note}" if note else "")
    )
    fig.supxlabel(_wrap(caption, 150), fontsize=SMALL_FONT, x=0.01, ha="left")
    return fig
