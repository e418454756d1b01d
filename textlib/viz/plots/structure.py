"""Structure figures: outline skyline, formulations by section role, structure summary."""

from __future__ import annotations

import textwrap
import unicodedata
from collections.abc import Mapping

import numpy as np
import pandas as pd
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle
from matplotlib.ticker import MaxNLocator

from textlib.viz.style import (
    FONT,
    FULL_WIDTH,
    SMALL_FONT,
    color_tick_labels,
    figure_title,
    unit_color,
)

ROLE_HATCH = {
    "preamble": "",
    "guiding ideology": "////",
    "key tasks": "",
    "safeguards": "xxx",
    "assessment": "...",
    "other": "---",
}
ROLE_GLOSS = {
    "preamble": "preamble 前言",
    "guiding ideology": "guiding ideology 指导思想·总体要求",
    "key tasks": "key tasks 重点任务",
    "safeguards": "safeguards 保障措施·组织领导",
    "assessment": "assessment 考核",
    "other": "other 其他",
}
ROLE_SHORT = {
    "preamble": "preamble 前言",
    "guiding ideology": "guiding ideology 指导思想",
    "key tasks": "key tasks 重点任务",
    "safeguards": "safeguards 保障措施",
    "assessment": "assessment 考核",
    "other": "other 其他",
}
FEW_ROWS = 12  # up to this many rows, figures annotate every row; beyond, they stay sparse
ROLE_SHADE = {
    "preamble": "#D9D9D9",
    "guiding ideology": "#595959",
    "key tasks": "#8C8C8C",
    "safeguards": "#B3B3B3",
    "assessment": "#F0F0F0",
    "other": "#FFFFFF",
}


def display_width(text: str) -> int:
    """Width in Latin character cells: full-width (CJK) characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrapped_label(term: str, gloss: str, *, width: int = 44) -> str:
    """``"术语 · gloss"`` on one line when it fits ``width`` cells, else the term on the first
    line and the gloss wrapped (never cut) beneath it."""
    if not gloss:
        return term
    one = f"{term} · {gloss}"
    if display_width(one) <= width:
        return one
    return "\n".join([f"{term} ·", *textwrap.wrap(gloss, width)])


def _row_height(n: int) -> float:
    """Inches per row: roomy for a few rows, compact (6-pt labels still clear) for many."""
    return 0.5 if n <= FEW_ROWS else 0.17


def _hidden_note(hidden: int) -> str:
    return f"{hidden} more units not shown; all in the CSV" if hidden else ""


def plot_skyline(
    table: pd.DataFrame, unit_labels: Mapping[str, str], colors: Mapping[str, str]
) -> Figure:
    """Each unit as a row of blocks sized by Han characters: level-1 sections on top, level-2
    sections below, hatched by section role, labelled with the start of their titles (when
    there are few units). Only rows with ``shown`` are drawn; the rest are counted in a note.

    ``table`` is :func:`textlib.structure.summary.skyline_table`.
    """
    hidden = table.loc[~table["shown"], "unit_id"].nunique()
    table = table[table["shown"]]
    units = list(dict.fromkeys(table["unit_id"]))
    few = len(units) <= FEW_ROWS
    fig = Figure(
        figsize=(FULL_WIDTH, _row_height(len(units)) * len(units) + 1.6), layout="constrained"
    )
    ax = fig.subplots()
    longest = float((table[table.band == 1].groupby("unit_id")["width"].sum()).max())
    for row_index, unit_id in enumerate(units):
        y = len(units) - 1 - row_index
        color = unit_color(unit_id, colors)
        for block in table[table["unit_id"] == unit_id].itertuples(index=False):
            top = block.band == 1
            height, base = (0.42, y + 0.02) if top else (0.36, y - 0.38)
            face = "#E6E6E6" if block.role == "preamble" else to_rgba(color, 1.0 if top else 0.45)
            ax.add_patch(
                Rectangle(
                    (block.x0, base),
                    block.width,
                    height,
                    facecolor=face,
                    edgecolor="white",
                    linewidth=0.5,
                    hatch=ROLE_HATCH[block.role],
                )
            )
            room = int(block.width / longest * 46) - 1  # CJK characters that fit at 6 pt
            if few and room >= 3:
                title = block.title if len(block.title) <= room else block.title[: room - 1] + "…"
                ax.text(
                    block.x0 + longest * 0.004,
                    base + height / 2,
                    title,
                    va="center",
                    fontsize=SMALL_FONT,
                    clip_on=True,
                    color="black",
                    bbox={"facecolor": "white", "alpha": 0.8, "edgecolor": "none", "pad": 0.4},
                )
    ax.set_xlim(0, longest * 1.01)
    ax.set_ylim(-0.6, len(units) - 0.4)
    ax.set_yticks(
        range(len(units)),
        [unit_labels[u] for u in reversed(units)],
        fontsize=FONT if few else SMALL_FONT,
    )
    color_tick_labels(ax.get_yticklabels(), reversed(units), colors)
    note = _hidden_note(hidden)
    ax.set_xlabel(
        "Han characters from the start of the unit (汉字数)\nupper band: level-1 sections (一、),"
        " lower band: level-2 sections ((一))" + (f"\n{note}" if note else "")
    )
    handles = [
        Patch(
            facecolor=ROLE_SHADE[r], hatch=ROLE_HATCH[r], edgecolor="#555555", label=ROLE_GLOSS[r]
        )
        for r in ROLE_HATCH
        if r in set(table["role"])
    ]
    fig.legend(
        handles=handles,
        loc="outside lower center",
        fontsize=SMALL_FONT,
        frameon=False,
        ncol=3,
        title="section role (章节功能), from level-1 titles; blocks in the unit's colour",
        title_fontsize=SMALL_FONT,
    )
    figure_title(fig, "Outline skyline: sections of each unit sized by length (大纲结构)")
    return fig


def plot_roles(
    by_plan: pd.DataFrame,
    by_formulation: pd.DataFrame,
    plan_labels: Mapping[str, str],
    formulation_labels: Mapping[str, str],
    colors: Mapping[str, str],
    *,
    hidden: int = 0,
    scope: str = "",
) -> Figure:
    """Two heatmaps of formulation hits per 1,000 Han characters of each section role's text
    (empty cell: no text with that role). Left: per plan. Right: the most frequent formulations,
    all plans. Both tables are rows × roles of rates, pivoted from
    :func:`textlib.structure.summary.role_tables`."""
    roles = list(by_plan.columns)
    plans = list(by_plan.index)
    lines = max((formulation_labels[f].count("\n") + 1 for f in by_formulation.index), default=1)
    rows = max(len(plans) * 0.17, len(by_formulation) * (0.08 + 0.08 * lines))
    fig = Figure(figsize=(FULL_WIDTH, rows + 2.0), layout="constrained")
    left, right = fig.subplots(1, 2, width_ratios=[0.8, 1.2])
    for ax, table, labels, fmt, title in (
        (
            left,
            by_plan,
            [plan_labels[p] for p in plans],
            "{:.0f}",
            "Each plan: hits per 1,000 Han\ncharacters of its sections\nwith that role",
        ),
        (
            right,
            by_formulation,
            [formulation_labels[f] for f in by_formulation.index],
            "{:.1f}",
            "Top formulations (提法), all plans: hits\nper 1,000 Han characters of the role",
        ),
    ):
        matrix = table.to_numpy(dtype=float)
        top = np.nanmax(matrix) if np.isfinite(matrix).any() else 1.0
        ax.imshow(np.nan_to_num(matrix), aspect="auto", cmap="Greys", vmin=0, vmax=top * 1.3)
        for (i, j), value in np.ndenumerate(matrix):
            if np.isfinite(value) and value > 0:
                ax.text(
                    j,
                    i,
                    fmt.format(value),
                    ha="center",
                    va="center",
                    fontsize=SMALL_FONT,
                    color="white" if value > top * 0.6 else "black",
                )
            elif not np.isfinite(value):
                ax.add_patch(
                    Rectangle(
                        (j - 0.5, i - 0.5),
                        1,
                        1,
                        facecolor="white",
                        edgecolor="#BBBBBB",
                        hatch="////",
                        linewidth=0,
                    )
                )
        ax.set_yticks(range(len(table)), labels, fontsize=SMALL_FONT)
        ax.set_xticks(range(len(roles)), [ROLE_SHORT[r] for r in roles], rotation=90)
        ax.tick_params(axis="x", labelsize=SMALL_FONT)
        ax.xaxis.tick_top()
        for spine in ax.spines.values():
            spine.set_visible(False)
        ax.set_title(title, loc="right", fontsize=FONT)
    color_tick_labels(left.get_yticklabels(), plans, colors)
    note = _hidden_note(hidden).replace("units", "plans")
    left.set_xlabel(
        "hatched: the plan has no section with that role" + (f"\n{note}" if note else "")
    )
    right.set_xlabel("darker = denser (per text, not raw counts)", loc="right")
    figure_title(fig, "Formulations by section role (提法与章节功能)", note=scope)
    return fig


def plot_structure_summary(
    summary: pd.DataFrame, unit_labels: Mapping[str, str], colors: Mapping[str, str]
) -> Figure:
    """Three panels per unit: headings per level, enumerations, mean section length. Only rows
    with ``shown`` are drawn; the rest are counted in a note.

    ``summary`` is :func:`textlib.structure.summary.structure_summary`."""
    hidden = int((~summary["shown"]).sum())
    summary = summary[summary["shown"]]
    units = list(summary.index)
    few = len(units) <= FEW_ROWS
    fig = Figure(
        figsize=(FULL_WIDTH, _row_height(len(units)) * 0.85 * len(units) + 1.8),
        layout="constrained",
    )
    axes = fig.subplots(1, 3, sharey=True)
    y = np.arange(len(units))[::-1]
    unit_colors = [unit_color(u, colors) for u in units]
    height = 0.27
    levels = (
        (1, 1.0, "level 1 一、 (top bar)"),
        (2, 0.65, "level 2 (一)"),
        (3, 0.35, "level 3 1. (bottom bar)"),
    )
    for k, (level, alpha, _) in enumerate(levels):
        values = summary[f"l{level}_headings"].to_numpy()
        axes[0].barh(
            y + (1 - k) * height,
            values,
            height=height,
            color=[to_rgba(c, alpha) for c in unit_colors],
        )
        for yi, v in zip(y + (1 - k) * height, values, strict=True):
            if v and few:
                axes[0].text(v, yi, f" {v}", va="center", fontsize=SMALL_FONT)
    heading_max = int(summary[["l1_headings", "l2_headings", "l3_headings"]].max().max())
    axes[0].set_xlim(0, max(heading_max, 1) * 1.15)
    axes[0].set_xlabel("headings (标题数)")
    axes[0].xaxis.set_major_locator(MaxNLocator(integer=True))
    axes[0].set_title("Headings per level\n(各级标题数)", loc="left", fontsize=FONT)
    enum = summary["enumerations"].to_numpy()
    opening = summary["enumerations_opening_paragraph"].to_numpy()
    axes[1].barh(y, enum, color=[to_rgba(c, 0.35) for c in unit_colors], height=0.6)
    axes[1].barh(y, opening, color=unit_colors, height=0.6)
    for yi, v, o in zip(y, enum, opening, strict=True):
        if v:
            axes[1].text(v, yi, f" {v} ({o})", va="center", fontsize=SMALL_FONT)
    axes[1].set_xlim(0, max(enum.max(), 1) * 1.45)
    axes[1].xaxis.set_major_locator(MaxNLocator(integer=True))
    axes[1].set_xlabel("enumeration items (列举项)\ntotal (opening a paragraph)")
    axes[1].set_title("Enumerations (列举)\n一是… / 一要…", loc="left", fontsize=FONT)
    means = summary["mean_section_han"].fillna(0).to_numpy()
    axes[2].barh(y, means, color=unit_colors, height=0.6)
    marks = {"continuous": " c", "restarting": " r"}
    for yi, v, style in zip(y, means, summary["l2_numbering"], strict=True):
        axes[2].text(v, yi, f" {v:.0f}{marks.get(style, '')}", va="center", fontsize=SMALL_FONT)
    axes[2].set_xlim(0, max(means.max(), 1) * 1.35)
    axes[2].set_xlabel("Han characters per section\nc / r: (一) numbering\ncontinuous / restarting")
    axes[2].set_title("Mean section length\n(平均章节长度)", loc="left", fontsize=FONT)
    axes[0].set_yticks(
        y, [unit_labels[u].replace("\n", "  ") for u in units], fontsize=FONT if few else SMALL_FONT
    )
    color_tick_labels(axes[0].get_yticklabels(), units, colors)
    handles = [Patch(facecolor=to_rgba("#555555", a), label=lab) for _, a, lab in levels] + [
        Patch(facecolor="#555555", label="enumerations opening a paragraph"),
        Patch(facecolor="#BBBBBB", label="inside a paragraph"),
    ]
    fig.legend(
        handles=handles, loc="outside lower center", ncol=5, fontsize=SMALL_FONT, frameon=False
    )
    note = _hidden_note(hidden)
    figure_title(fig, "Structure compared (结构比较)" + (f"; {note}" if note else ""))
    return fig
