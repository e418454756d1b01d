"""Structure figures: outline skyline, formulations by section role, structure summary."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle
from matplotlib.ticker import MaxNLocator

from textlib.viz.style import color_tick_labels, figure_title, unit_color

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
    "preamble": "preamble\n前言",
    "guiding ideology": "guiding\nideology\n指导思想",
    "key tasks": "key tasks\n重点任务",
    "safeguards": "safeguards\n保障措施",
    "assessment": "assessment\n考核",
    "other": "other\n其他",
}
ROLE_SHADE = {
    "preamble": "#D9D9D9",
    "guiding ideology": "#4D4D4D",
    "key tasks": "#8C8C8C",
    "safeguards": "#B3B3B3",
    "assessment": "#F0F0F0",
    "other": "#FFFFFF",
}


def plot_skyline(
    table: pd.DataFrame, unit_labels: Mapping[str, str], colors: Mapping[str, str]
) -> Figure:
    """Each unit as a row of blocks sized by Han characters: level-1 sections on top, level-2
    sections below, hatched by section role, labelled with the start of their titles.

    ``table`` is :func:`textlib.structure.summary.skyline_table`.
    """
    units = list(dict.fromkeys(table["unit_id"]))
    fig = Figure(figsize=(14, 0.95 * len(units) + 1.8), layout="constrained")
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
                    linewidth=0.8,
                    hatch=ROLE_HATCH[block.role],
                )
            )
            room = int(block.width / longest * 110) - 2  # characters that fit, roughly
            if room >= 3:
                title = block.title if len(block.title) <= room else block.title[: room - 1] + "…"
                ax.text(
                    block.x0 + longest * 0.003,
                    base + height / 2,
                    title,
                    va="center",
                    fontsize=6.5 if top else 6,
                    clip_on=True,
                    color="black",
                    bbox={"facecolor": "white", "alpha": 0.8, "edgecolor": "none", "pad": 0.6},
                )
    ax.set_xlim(0, longest * 1.01)
    ax.set_ylim(-0.6, len(units) - 0.4)
    ax.set_yticks(range(len(units)), [unit_labels[u] for u in reversed(units)], fontsize=8)
    color_tick_labels(ax.get_yticklabels(), reversed(units), colors)
    ax.set_xlabel(
        "Han characters from the start of the unit (汉字数); upper band: level-1 "
        "sections (一、), lower band: level-2 sections ((一))"
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
        fontsize=8,
        frameon=False,
        ncol=len(handles),
        title="section role (章节功能), classified from level-1 titles",
    )
    for spine in ("top", "right"):
        ax.spines[spine].set_visible(False)
    figure_title(fig, "Outline skyline: sections of each plan sized by length (大纲结构)")
    return fig


def plot_roles(
    by_plan: pd.DataFrame,
    by_formulation: pd.DataFrame,
    plan_labels: Mapping[str, str],
    formulation_labels: Mapping[str, str],
    colors: Mapping[str, str],
) -> Figure:
    """Left: share of each plan's formulation hits per section role. Right: counts of the most
    frequent formulations per role. Tables from :func:`textlib.structure.summary.role_tables`."""
    fig = Figure(figsize=(14, 0.33 * len(by_formulation) + 2.2), layout="constrained")
    left, right = fig.subplots(1, 2, width_ratios=[1, 1.25])
    roles = list(by_plan.columns)
    shares = by_plan.div(by_plan.sum(axis=1).replace(0, 1), axis=0)
    plans = list(by_plan.index)
    y = np.arange(len(plans))[::-1]
    start = np.zeros(len(plans))
    for role in roles:
        values = shares[role].to_numpy()
        left.barh(
            y,
            values,
            left=start,
            color=ROLE_SHADE[role],
            hatch=ROLE_HATCH[role],
            edgecolor="white",
            label=ROLE_GLOSS[role],
            height=0.7,
        )
        start += values
    left.set_yticks(
        y, [f"{plan_labels[p]}  (n={int(by_plan.loc[p].sum())})" for p in plans], fontsize=8
    )
    color_tick_labels(left.get_yticklabels(), plans, colors)
    left.set_xlim(0, 1)
    left.set_xlabel("share of the plan's formulation occurrences (占比)")
    left.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2, frameon=False)
    left.set_title("Where each plan's formulations sit", loc="left", fontsize=10)

    matrix = by_formulation.to_numpy()
    right.imshow(matrix, aspect="auto", cmap="Greys", vmin=0, vmax=max(matrix.max(), 1) * 1.3)
    for (i, j), n in np.ndenumerate(matrix):
        if n:
            right.text(
                j,
                i,
                str(n),
                ha="center",
                va="center",
                fontsize=7.5,
                color="white" if n > matrix.max() * 0.6 else "black",
            )
    right.set_yticks(
        range(len(by_formulation)),
        [formulation_labels[f] for f in by_formulation.index],
        fontsize=7.5,
    )
    right.set_xticks(range(len(roles)), [ROLE_SHORT[r] for r in roles], fontsize=7.5)
    right.xaxis.tick_top()
    for spine in right.spines.values():
        spine.set_visible(False)
    right.set_title(
        "Most frequent formulations (提法) by section role, all plans",
        loc="left",
        fontsize=10,
        pad=36,
    )
    figure_title(fig, "Formulations by section role (提法与章节功能)")
    return fig


def plot_structure_summary(
    summary: pd.DataFrame, unit_labels: Mapping[str, str], colors: Mapping[str, str]
) -> Figure:
    """Three panels per unit: headings per level, enumerations, mean section length.

    ``summary`` is :func:`textlib.structure.summary.structure_summary`."""
    units = list(summary.index)
    fig = Figure(figsize=(14, 0.5 * len(units) + 1.8), layout="constrained")
    axes = fig.subplots(1, 3, sharey=True)
    y = np.arange(len(units))[::-1]
    unit_colors = [unit_color(u, colors) for u in units]
    height = 0.26
    for k, (level, alpha) in enumerate(((1, 1.0), (2, 0.65), (3, 0.35))):
        values = summary[f"l{level}_headings"].to_numpy()
        axes[0].barh(
            y + (1 - k) * height,
            values,
            height=height,
            color=[to_rgba(c, alpha) for c in unit_colors],
        )
        for yi, v in zip(y + (1 - k) * height, values, strict=True):
            if v:
                axes[0].text(v, yi, f" {v}", va="center", fontsize=6.5)
    axes[0].set_xlabel("headings (标题数)")
    axes[0].legend(
        handles=[
            Patch(facecolor=to_rgba("#555555", a), label=lab)
            for a, lab in ((1.0, "level 1 一、"), (0.65, "level 2 (一)"), (0.35, "level 3 1."))
        ],
        fontsize=7,
        loc="lower right",
        frameon=False,
    )
    axes[1].set_xlabel("enumeration items (列举项)")
    axes[2].set_xlabel("Han characters per section")
    axes[0].xaxis.set_major_locator(MaxNLocator(integer=True))
    axes[1].xaxis.set_major_locator(MaxNLocator(integer=True))
    axes[0].set_title(
        "Headings per level (各级标题数)\nbars top→bottom: 一、 / (一) / 1.", loc="left", fontsize=9
    )
    enum = summary["enumerations"].to_numpy()
    opening = summary["enumerations_opening_paragraph"].to_numpy()
    axes[1].barh(y, enum, color=[to_rgba(c, 0.35) for c in unit_colors], height=0.6)
    axes[1].barh(y, opening, color=unit_colors, height=0.6)
    for yi, v, o in zip(y, enum, opening, strict=True):
        if v:
            axes[1].text(v, yi, f" {v} ({o} open a paragraph)", va="center", fontsize=7)
    axes[1].set_xlim(0, max(enum.max(), 1) * 1.8)
    axes[1].set_title("Enumerations 一是… / 一要… (列举)", loc="left", fontsize=9)
    axes[1].legend(
        handles=[
            Patch(facecolor="#555555", label="opening a paragraph"),
            Patch(facecolor="#BBBBBB", label="inside a paragraph"),
        ],
        fontsize=7,
        loc="upper right",
        frameon=False,
    )
    means = summary["mean_section_han"].fillna(0).to_numpy()
    axes[2].barh(y, means, color=unit_colors, height=0.6)
    for yi, v, style in zip(y, means, summary["l2_numbering"], strict=True):
        note = f"; (一) numbering: {style}" if style in ("continuous", "restarting") else ""
        axes[2].text(v, yi, f" {v:.0f}{note}", va="center", fontsize=7)
    axes[2].set_xlim(0, max(means.max(), 1) * 1.9)
    axes[2].set_title("Mean section length, Han characters (平均章节长度)", loc="left", fontsize=9)
    axes[0].set_yticks(y, [unit_labels[u].replace("\n", "  ") for u in units], fontsize=8)
    color_tick_labels(axes[0].get_yticklabels(), units, colors)
    figure_title(fig, "Structure compared (结构比较)")
    return fig
