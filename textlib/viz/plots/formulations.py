"""Formulation figures: plans × formulations heatmap, totals with variants, dispersion."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

import numpy as np
import pandas as pd
from matplotlib import colormaps as mpl_colormaps
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from textlib.viz.style import color_tick_labels, figure_title, unit_color


def _wrap(text: str, width: int = 13) -> str:
    """Wrap a ``"1 · gloss"`` label over lines of at most ``width`` characters."""
    return "\n".join(textwrap.wrap(text.replace(" · ", " ", 1), width)) or text


def plot_formulation_heatmap(
    table: pd.DataFrame, plan_labels: Mapping[str, str], colors: Mapping[str, str]
) -> Figure:
    """Heatmap of per-10k rates (colour) with raw counts written in each cell.

    ``table`` is :func:`textlib.tables.formulation_heatmap_table`.
    """
    rows = table.drop_duplicates("formulation").sort_values("order")
    plans = list(plan_labels)
    rate = (
        table.pivot(index="formulation", columns="plan", values="per_10k")
        .reindex(index=rows["formulation"], columns=plans)
        .fillna(0.0)
    )
    count = (
        table.pivot(index="formulation", columns="plan", values="count")
        .reindex(index=rows["formulation"], columns=plans)
        .fillna(0)
        .astype(int)
    )
    fig = Figure(figsize=(11, 0.3 * len(rows) + 2.6), layout="constrained")
    ax = fig.subplots()
    cmap = mpl_colormaps["YlOrRd"].with_extremes(bad="white")  # zero cells stay white
    image = ax.imshow(np.ma.masked_equal(rate.to_numpy(), 0.0), aspect="auto", cmap=cmap, vmin=0)
    vmax = float(rate.to_numpy().max()) or 1.0
    for (i, j), n in np.ndenumerate(count.to_numpy()):
        if n:
            dark = rate.iat[i, j] > 0.6 * vmax
            ax.text(
                j,
                i,
                str(n),
                ha="center",
                va="center",
                fontsize=7.5,
                color="white" if dark else "black",
            )
    ax.set_yticks(range(len(rows)), rows["label"], fontsize=8)
    ax.set_xticks(range(len(plans)), [_wrap(plan_labels[p]) for p in plans], fontsize=8)
    ax.xaxis.tick_top()
    color_tick_labels(ax.get_xticklabels(), plans, colors)
    # separators and labels for kind groups
    kinds = rows["kind"].tolist()
    for i in range(1, len(kinds)):
        if kinds[i] != kinds[i - 1]:
            ax.axhline(i - 0.5, color="black", linewidth=0.8)
    starts = [i for i in range(len(kinds)) if i == 0 or kinds[i] != kinds[i - 1]]
    for start in starts:
        ax.text(
            len(plans) - 0.4,
            start - 0.45,
            kinds[start],
            fontsize=7.5,
            style="italic",
            va="top",
            ha="left",
            color="#444444",
        )
    for spine in ax.spines.values():
        spine.set_visible(False)
    bar = fig.colorbar(image, ax=ax, shrink=0.4, pad=0.01, location="bottom", aspect=40)
    bar.set_label("occurrences per 10,000 Han characters (每万字)")
    figure_title(fig, "Formulations (提法) by plan: rate per 10k Han characters, counts in cells")
    return fig


def plot_formulation_totals(table: pd.DataFrame) -> Figure:
    """Horizontal bars of corpus totals, one segment per variant (canonical form solid,
    other variants hatched and named at the bar's end).

    ``table`` is :func:`textlib.tables.formulation_totals_table`.
    """
    forms = list(dict.fromkeys(table["formulation"]))
    fig = Figure(figsize=(11, 0.32 * len(forms) + 1.6), layout="constrained")
    ax = fig.subplots()
    labels = table.drop_duplicates("formulation").set_index("formulation")["label"]
    canonical_color, variant_color = "#3B4B5C", "#A9B8C8"
    for y, form in enumerate(forms):
        rows = table[table["formulation"] == form]
        left, notes = 0, []
        for row in rows.itertuples(index=False):
            ax.barh(
                y,
                row.count,
                left=left,
                height=0.7,
                color=canonical_color if row.is_canonical else variant_color,
                hatch=None if row.is_canonical else "///",
                edgecolor="white",
                linewidth=0.6,
            )
            left += row.count
            if not row.is_canonical:
                shown = row.variant if len(row.variant) <= 16 else row.variant[:15] + "…"
                notes.append(f"{shown} ×{row.count}")
        text = f" {left}" + (f"   incl. {', '.join(notes)}" if notes else "")
        ax.text(left, y, text, va="center", fontsize=7.5)
    ax.set_yticks(range(len(forms)), [labels[f] for f in forms], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, table["total"].max() * 1.9)
    ax.set_xlabel("occurrences in the corpus (出现次数), leftmost-longest matching")
    solid = Patch(facecolor=canonical_color, label="canonical form (规范表述)")
    hatched = Patch(
        facecolor=variant_color,
        hatch="///",
        edgecolor="white",
        label="variant (变体), named at the bar's end",
    )
    ax.legend(handles=[solid, hatched], loc="lower right", fontsize=8, frameon=False)
    figure_title(fig, "Most frequent formulations (提法) and their variants")
    return fig


def plot_dispersion(
    table: pd.DataFrame, plan_labels: Mapping[str, str], colors: Mapping[str, str]
) -> Figure:
    """Lexical dispersion (x-ray): a tick where each key formulation occurs, one band per plan.

    ``table`` is :func:`textlib.tables.dispersion_table`.
    """
    rows = table.drop_duplicates("formulation").sort_values("order")
    plans = list(plan_labels)
    width = 0.86
    fig = Figure(figsize=(12, 0.42 * len(rows) + 2.0), layout="constrained")
    ax = fig.subplots()
    for k, plan in enumerate(plans):
        ax.axvspan(k, k + width, color=to_rgba(unit_color(plan, colors), 0.07), linewidth=0)
    order = dict(zip(rows["formulation"], range(len(rows)), strict=True))
    for hit in table.itertuples(index=False):
        k = plans.index(hit.plan)
        ax.vlines(
            k + hit.position * width,
            order[hit.formulation] - 0.35,
            order[hit.formulation] + 0.35,
            color=unit_color(hit.plan, colors),
            linewidth=1.4,
        )
    ax.set_yticks(range(len(rows)), rows["label"], fontsize=8)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.set_xticks(
        [k + width / 2 for k in range(len(plans))],
        [_wrap(plan_labels[p], 18) for p in plans],
        fontsize=8,
    )
    color_tick_labels(ax.get_xticklabels(), plans, colors)
    ax.set_xlim(-0.05, len(plans))
    ax.tick_params(axis="x", length=0)
    ax.set_xlabel("position within each plan (start → end) (在文中的位置)")
    for spine in ("top", "right", "bottom"):
        ax.spines[spine].set_visible(False)
    figure_title(fig, "Where the most widespread formulations (提法) occur in each plan")
    return fig
