"""Figures a China-studies reader expects: distinctive vocabulary (keyness), adoption of core
formulations (presence matrix), and the internal dating evidence of each unit."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from textlib.viz.style import (
    FONT,
    FULL_WIDTH,
    SMALL_FONT,
    color_tick_labels,
    figure_title,
    unit_color,
)

# categories, deliberately outside the plan palette
DATING_STYLE = {
    "congress": ("#B2182B", "s"),
    "plenum": ("#EF8A62", "D"),
    "anniversary": ("#762A83", "*"),
    "plan period": ("#1B7837", "|"),
    "year": ("#404040", "o"),
}
PRESENCE_STYLE = {"canonical": "#252525", "variant only": "#9E9E9E"}


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width=width, break_long_words=True)) or text


def plot_keyness(
    table: pd.DataFrame,
    unit_labels: Mapping[str, str],
    colors: Mapping[str, str],
    *,
    min_count: int,
    note: str = "",
) -> Figure:
    """Small multiples: each unit's most distinctive terms by signed G² (bars), the English
    gloss beside each bar. ``table`` has ``unit_id``, ``term``, ``gloss``, ``g2`` and
    ``shown``; only shown rows are drawn. Each panel has its own G² scale."""
    shown = table[table["shown"]]
    units = list(dict.fromkeys(shown["unit_id"]))
    ncols = 3
    nrows = max(1, -(-len(units) // ncols))
    fig = Figure(figsize=(FULL_WIDTH, 0.5 + 1.75 * nrows), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    for ax in axes[len(units) :]:
        ax.axis("off")
    for ax, unit_id in zip(axes, units, strict=False):
        rows = shown[shown["unit_id"] == unit_id].iloc[::-1]
        y = np.arange(len(rows))
        top = float(rows["g2"].max())
        ax.barh(y, rows["g2"], color=unit_color(unit_id, colors), height=0.65)
        for yi, value, gloss in zip(y, rows["g2"], rows["gloss"], strict=True):
            if gloss:
                ax.text(value + top * 0.04, yi, _wrap(gloss, 30), va="center", fontsize=SMALL_FONT)
        ax.set_yticks(y, rows["term"], fontsize=SMALL_FONT)
        ax.set_xlim(0, top * 2.6)
        ax.set_ylim(-0.6, max(len(rows), 6) - 0.4)
        if top > 3.84:
            ax.axvline(3.84, color="#999999", linewidth=0.6, linestyle=":")
        ax.tick_params(axis="x", labelsize=SMALL_FONT)
        ax.set_title(_wrap(unit_labels[unit_id], 30), loc="left", fontsize=FONT)
        ax.title.set_color(unit_color(unit_id, colors))
        ax.set_xlabel("signed G²", fontsize=SMALL_FONT, labelpad=1)
    caption = (
        f"Terms seen ≥ {min_count} times in the set; signed log-likelihood G² of the unit against "
        "all the others (对数似然); dotted line G² = 3.84 (p = 0.05, 1 df)."
        + (f" {note}" if note else "")
    )
    figure_title(fig, "Distinctive vocabulary of each unit (关键词)")
    fig.supxlabel(_wrap(caption, 140), fontsize=SMALL_FONT, x=0.01, ha="left")
    return fig


def plot_presence(
    table: pd.DataFrame,
    formulation_labels: Mapping[str, str],
    unit_labels: Mapping[str, str],
    colors: Mapping[str, str],
    *,
    note: str = "",
) -> Figure:
    """Units × core formulations: a dark square where the canonical wording occurs, a grey one
    where only another wording does (localised or shortened), nothing where it is absent."""
    shown = table[table["shown"]]
    forms = list(dict.fromkeys(shown.sort_values("order", kind="stable")["formulation"]))
    units = list(dict.fromkeys(shown["unit_id"]))
    lines = max((formulation_labels[f].count("\n") + 1 for f in forms), default=1)
    height = 1.2 + (0.1 + 0.09 * lines) * len(forms)
    fig = Figure(figsize=(FULL_WIDTH, height), layout="constrained")
    ax = fig.subplots()
    column = {u: k for k, u in enumerate(units)}
    row = {f: k for k, f in enumerate(forms)}
    for status, color in PRESENCE_STYLE.items():
        cells = shown[shown["status"] == status]
        ax.scatter(
            cells["unit_id"].map(column),
            cells["formulation"].map(row),
            marker="s",
            s=22,
            color=color,
            linewidths=0,
        )
    ax.set_xticks(range(len(units)), units, fontsize=SMALL_FONT, rotation=90)
    color_tick_labels(ax.get_xticklabels(), units, colors)
    ax.xaxis.tick_top()
    ax.set_yticks(range(len(forms)), [formulation_labels[f] for f in forms], fontsize=SMALL_FONT)
    ax.set_xlim(-0.6, len(units) - 0.4)
    ax.set_ylim(len(forms) - 0.5, -0.5)
    ax.set_xticks(np.arange(len(units)) - 0.5, minor=True)
    ax.set_yticks(np.arange(len(forms)) - 0.5, minor=True)
    ax.grid(which="minor", color="#EEEEEE", linewidth=0.5)
    ax.tick_params(which="minor", length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    handles = [
        Patch(color=PRESENCE_STYLE["canonical"], label="canonical wording (标准表述)"),
        Patch(color=PRESENCE_STYLE["variant only"], label="another wording only (变体)"),
        Patch(facecolor="white", edgecolor="#CCCCCC", label="absent (未出现)"),
    ]
    fig.legend(handles=handles, loc="outside lower left", ncols=3, frameon=False)
    title = "Which unit adopts, rewords or omits each core formulation (核心提法)"
    figure_title(fig, title + (f"\n{_wrap(note, 120)}" if note else ""))
    return fig


def plot_dating(
    table: pd.DataFrame,
    unit_labels: Mapping[str, str],
    colors: Mapping[str, str],
    *,
    note: str = "",
) -> Figure:
    """One row per unit: its internal time markers on a year axis (plan periods as spans)."""
    shown = table[table["shown"]]
    units = list(dict.fromkeys(shown["unit_id"]))
    row = 0.24 if len(units) <= 20 else 0.18
    fig = Figure(figsize=(FULL_WIDTH, 1.2 + row * max(len(units), 1)), layout="constrained")
    ax = fig.subplots()
    y = {u: k for k, u in enumerate(units)}
    offsets = {kind: (k - 2) * 0.12 for k, kind in enumerate(DATING_STYLE)}
    for kind, (color, marker) in DATING_STYLE.items():
        rows = shown[shown["kind"] == kind]
        if not len(rows):
            continue
        ys = rows["unit_id"].map(y) + offsets[kind]
        if kind == "plan period":
            ax.hlines(ys, rows["year"] - 0.4, rows["year_end"] + 0.4, color=color, linewidth=2)
        ax.scatter(rows["year"], ys, color=color, marker=marker, s=14, linewidths=0.8, zorder=3)
    ax.set_yticks(range(len(units)), [unit_labels[u] for u in units], fontsize=SMALL_FONT)
    color_tick_labels(ax.get_yticklabels(), units, colors)
    ax.set_ylim(len(units) - 0.5, -0.5)
    years = pd.concat([shown["year"], shown["year_end"]])
    if len(years):
        ax.set_xlim(years.min() - 1, years.max() + 1)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_xlabel("year a marker points to (时间标记所指年份)", fontsize=FONT)
    ax.grid(axis="x", color="#EEEEEE", linewidth=0.5)
    handles = [
        Line2D([], [], color=c, marker=m, linestyle="", label=k, markersize=4)
        for k, (c, m) in DATING_STYLE.items()
    ]
    fig.legend(handles=handles, loc="outside lower left", ncols=5, frameon=False)
    title = "Dating evidence inside each unit (内部时间标记): congresses, plenums, periods, years"
    figure_title(fig, title + (f"\n{_wrap(note, 120)}" if note else ""))
    return fig
