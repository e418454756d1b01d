"""Formulation figures: plans × formulations heatmap, totals with variants, dispersion."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from matplotlib import colormaps as mpl_colormaps
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from textlib.viz.style import (
    FULL_WIDTH,
    MAX_HEIGHT,
    SMALL_FONT,
    color_tick_labels,
    figure_title,
    unit_color,
)
from textlib.viz.wrap import wrap_text

KEY_PLANS = 10  # a key of plan labels under the figure for at most this many plans
NOTE_COLOR = "#444444"


def _shown_plans(table: pd.DataFrame, plan_labels: Mapping[str, str]) -> tuple[list[str], int]:
    """Plans drawn (``shown`` rows of ``table``, in ``plan_labels`` order) and how many of
    the table's plans are left out."""
    plans_in_table = set(table["plan"])
    if "shown" not in table.columns:
        return [p for p in plan_labels if p in plans_in_table or not len(table)], 0
    shown = set(table.loc[table["shown"].astype(bool), "plan"])
    order = [p for p in plan_labels if p in plans_in_table]
    return [p for p in order if p in shown], len(plans_in_table - shown)


def _plan_key(plans: list[str], plan_labels: Mapping[str, str], width: int = 150) -> str:
    """``"1 · Tax bureau work points;  2 · …"`` wrapped under a figure whose columns are ids."""
    if len(plans) > KEY_PLANS:
        return ""
    return wrap_text(";  ".join(plan_labels[p] for p in plans), width)


def _footer(*parts: str) -> str:
    return "\n".join(p for p in parts if p)


def _plans_footer(fig, plans, plan_labels, hidden: int, where: str) -> None:
    """The key of plan ids and, when plans are left out, how many and where they are."""
    more = f"{hidden} more plans with fewer occurrences not shown; {where}" if hidden else ""
    footer = _footer(_plan_key(plans, plan_labels), more)
    if footer:
        fig.supxlabel(footer, x=0.01, ha="left", fontsize=SMALL_FONT, color=NOTE_COLOR)


def plot_formulation_heatmap(
    table: pd.DataFrame,
    plan_labels: Mapping[str, str],
    colors: Mapping[str, str],
    *,
    scope: str = "",
) -> Figure:
    """Heatmap of per-10k rates (colour) with raw counts written in each cell; columns are
    plan ids (a key of their labels underneath), only the ``shown`` plans are drawn, and a
    plan with a ``copy_of`` value is marked as the copy of that plan.

    ``table`` is :func:`textlib.tables.formulation_heatmap_table`.
    """
    rows = table.drop_duplicates("formulation").sort_values("order")
    plans, hidden = _shown_plans(table, plan_labels)
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
    copies = {}
    if "copy_of" in table.columns:
        marked = table.dropna(subset=["copy_of"]).drop_duplicates("plan")
        copies = {p: str(c) for p, c in zip(marked["plan"], marked["copy_of"], strict=True) if c}
    vertical = len(plans) > 10 or any(len(p) > 3 for p in plans)
    header = 0.5 if vertical and set(copies) & set(plans) else 0.0  # "d60 (copy of d01)"
    height = min(MAX_HEIGHT, 0.215 * len(rows) + 2.0 + header)
    fig = Figure(figsize=(FULL_WIDTH, height), layout="constrained")
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
                fontsize=SMALL_FONT,
                color="white" if dark else "black",
            )
    ax.set_yticks(range(len(rows)), [wrap_text(t, 70) for t in rows["label"]], fontsize=SMALL_FONT)
    mark = "{} (copy of {})" if vertical else "{}\ncopy\nof {}"
    column_labels = [mark.format(p, copies[p]) if p in copies else p for p in plans]
    ax.set_xticks(range(len(plans)), column_labels, rotation=90 if vertical else 0)
    ax.xaxis.tick_top()
    ax.tick_params(axis="x", length=0)
    color_tick_labels(ax.get_xticklabels(), plans, colors)
    # separators and labels for kind groups
    kinds = rows["kind"].tolist()
    for i in range(1, len(kinds)):
        if kinds[i] != kinds[i - 1]:
            ax.axhline(i - 0.5, color="black", linewidth=0.6)
    starts = [i for i in range(len(kinds)) if i == 0 or kinds[i] != kinds[i - 1]]
    for start in starts:
        ax.text(
            len(plans) - 0.4,
            start - 0.45,
            wrap_text(kinds[start], 12),
            fontsize=SMALL_FONT,
            style="italic",
            va="top",
            ha="left",
            color=NOTE_COLOR,
        )
    for spine in ax.spines.values():
        spine.set_visible(False)
    bar = fig.colorbar(image, ax=ax, shrink=0.5, pad=0.01, location="bottom", aspect=40)
    bar.set_label("occurrences per 10,000 Han characters (每万字)")
    bar.ax.tick_params(labelsize=SMALL_FONT)
    _plans_footer(fig, plans, plan_labels, hidden, "all are in the CSV.")
    figure_title(
        fig, "Formulations (提法) by plan: rate per 10k Han characters, counts in cells", note=scope
    )
    return fig


def plot_formulation_totals(table: pd.DataFrame, *, scope: str = "") -> Figure:
    """Horizontal bars of corpus totals, one segment per variant (canonical form solid,
    other variants hatched and named, whole, at the bar's end).

    ``table`` is :func:`textlib.tables.formulation_totals_table`.
    """
    forms = list(dict.fromkeys(table["formulation"]))
    height = min(MAX_HEIGHT, 0.25 * len(forms) + 1.2)
    fig = Figure(figsize=(FULL_WIDTH, height), layout="constrained")
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
                notes.append(f"{row.variant} ×{row.count}")
        text = f"{left}" + (f"  incl. {', '.join(notes)}" if notes else "")
        ax.text(left, y, " " + wrap_text(text, 60), va="center", fontsize=SMALL_FONT)
    ax.set_yticks(range(len(forms)), [wrap_text(labels[f], 62) for f in forms])
    ax.tick_params(axis="y", labelsize=SMALL_FONT)
    ax.set_ylim(len(forms) - 0.5, -0.5)
    ax.set_xlim(0, table["total"].max() * 2.1)
    ax.set_xlabel("occurrences in the corpus (出现次数), leftmost-longest matching")
    solid = Patch(facecolor=canonical_color, label="canonical form (规范表述)")
    hatched = Patch(
        facecolor=variant_color,
        hatch="///",
        edgecolor="white",
        label="variant (变体), named at the bar's end",
    )
    ax.legend(handles=[solid, hatched], loc="lower right", frameon=False)
    figure_title(fig, "Most frequent formulations (提法) and their variants", note=scope)
    return fig


def plot_dispersion(
    table: pd.DataFrame,
    plan_labels: Mapping[str, str],
    colors: Mapping[str, str],
    *,
    scope: str = "",
) -> Figure:
    """Lexical dispersion (x-ray): a tick where each key formulation occurs, one band per
    plan (plan ids under the bands, a key of their labels underneath; only ``shown`` plans).

    ``table`` is :func:`textlib.tables.dispersion_table`.
    """
    rows = table.drop_duplicates("formulation").sort_values("order")
    plans, hidden = _shown_plans(table, plan_labels)
    width = 0.86
    height = min(MAX_HEIGHT, 0.3 * len(rows) + 1.6)
    fig = Figure(figsize=(FULL_WIDTH, height), layout="constrained")
    ax = fig.subplots()
    for k, plan in enumerate(plans):
        ax.axvspan(k, k + width, color=to_rgba(unit_color(plan, colors), 0.07), linewidth=0)
    order = dict(zip(rows["formulation"], range(len(rows)), strict=True))
    column = {p: k for k, p in enumerate(plans)}
    for hit in table.itertuples(index=False):
        if hit.plan not in column:
            continue
        ax.vlines(
            column[hit.plan] + hit.position * width,
            order[hit.formulation] - 0.35,
            order[hit.formulation] + 0.35,
            color=unit_color(hit.plan, colors),
            linewidth=0.9,
        )
    ax.set_yticks(range(len(rows)), [wrap_text(t, 52) for t in rows["label"]])
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.set_xticks([k + width / 2 for k in range(len(plans))], plans)
    color_tick_labels(ax.get_xticklabels(), plans, colors)
    ax.set_xlim(-0.05, max(len(plans), 1))
    ax.tick_params(axis="x", length=0)
    ax.set_xlabel("plan; position within each plan (start → end) (在文中的位置)")
    for spine in ("top", "right", "bottom"):
        ax.spines[spine].set_visible(False)
    _plans_footer(fig, plans, plan_labels, hidden, "all hits are in the CSV.")
    figure_title(
        fig, "Where the most widespread formulations (提法) occur in each plan", note=scope
    )
    return fig
