"""Comparison figures: similarity with dendrogram and support, topics, reuse, alignment."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from textlib.compare.clustering import DendrogramLayout
from textlib.viz.style import color_tick_labels, figure_title

# deliberately outside the plan palette (textlib.viz.style.PALETTE): categories are not plans
CATEGORY_COLORS = {
    "redaction": "#000000",
    "character variant": "#7B3294",
    "dropped text": "#8C510A",
    "rewording": "#C51B7D",
    "punctuation": "#C8C8C8",
    "layout": "#E4E4E4",
}
CATEGORY_GLOSS = {
    "redaction": "redaction 涂改/占位符",
    "character variant": "character variant 异体字/OCR",
    "dropped text": "dropped text 缺漏",
    "rewording": "rewording 改写",
    "punctuation": "punctuation 标点",
    "layout": "line break 换行",
}


def plot_similarity(
    similarity: pd.DataFrame,
    tree_layout: DendrogramLayout,
    leaf_order: list[str],
    support: list[float],
    unit_labels: Mapping[str, str],
    colors: Mapping[str, str],
    *,
    note: str = "",
) -> Figure:
    """Dendrogram (cosine distance, with bootstrap support at each merge) beside the cosine
    similarity heatmap in leaf order (``leaf_order`` from the clustering)."""
    leaf_ids = list(leaf_order)
    fig = Figure(figsize=(13, 0.55 * len(leaf_ids) + 2.4), layout="constrained")
    tree, heat = fig.subplots(1, 2, width_ratios=[1, 1.6])
    segments, nodes = tree_layout.segments, tree_layout.nodes
    for xs, ys in segments:
        tree.plot(xs, ys, color="#333333", linewidth=1.2)
    n = len(leaf_ids)
    for k, value in enumerate(support[:-1]):
        x, y = nodes[n + k]
        tree.text(
            x,
            y,
            f"{value:.0%}",
            ha="center",
            va="center",
            fontsize=7.5,
            color="#8B0000",
            bbox={"facecolor": "white", "edgecolor": "#8B0000", "pad": 1.2, "linewidth": 0.6},
        )
    tree.yaxis.tick_right()
    tree.set_yticks(range(n), [unit_labels[u] for u in reversed(leaf_ids)], fontsize=8)
    color_tick_labels(tree.get_yticklabels(), reversed(leaf_ids), colors)
    tree.set_ylim(-0.6, n - 0.4)
    tree.set_xlim(0, max(tree_layout.height * 1.05, 0.1))
    tree.invert_xaxis()
    tree.set_xlabel("cosine distance (average linkage)")
    tree.set_title("Clustering, bootstrap support in red (自助法支持率)", loc="left", fontsize=10)
    for spine in ("top", "left"):
        tree.spines[spine].set_visible(False)
    tree.spines["right"].set_visible(False)

    matrix = similarity.loc[leaf_ids, leaf_ids].to_numpy()
    off = matrix[~np.eye(n, dtype=bool)]
    image = heat.imshow(matrix, cmap="Blues", vmin=0, vmax=max(off.max(), 0.01) * 1.15)
    fig.colorbar(image, ax=heat, shrink=0.6, label="cosine similarity")
    for (i, j), value in np.ndenumerate(matrix):
        if i != j:
            heat.text(
                j,
                i,
                f"{value:.2f}",
                ha="center",
                va="center",
                fontsize=7.5,
                color="white" if value > off.max() * 0.7 else "black",
            )
    heat.set_xticks(range(n), leaf_ids, fontsize=8)
    heat.set_yticks(range(n), leaf_ids, fontsize=8)
    color_tick_labels(heat.get_yticklabels(), leaf_ids, colors)
    color_tick_labels(heat.get_xticklabels(), leaf_ids, colors)
    heat.set_title("Cosine similarity of TF-IDF vectors (余弦相似度)", loc="left", fontsize=10)
    figure_title(
        fig, "Which plans resemble each other (相似度与聚类)" + (f"\n{note}" if note else "")
    )
    return fig


def plot_topics(
    weights: pd.DataFrame,
    topic_labels: Mapping[str, str],
    unit_labels: Mapping[str, str],
    colors: Mapping[str, str],
    *,
    note: str = "",
) -> Figure:
    """Heatmap of unit × topic weights; each column headed by its top terms (with glosses)."""
    units, topics = list(weights.index), list(weights.columns)
    fig = Figure(figsize=(14, 0.5 * len(units) + 3.4), layout="constrained")
    ax = fig.subplots()
    matrix = weights.to_numpy()
    image = ax.imshow(matrix, aspect="auto", cmap="Purples", vmin=0, vmax=1)
    fig.colorbar(image, ax=ax, shrink=0.6, label="topic weight (row sums to 1)")
    for (i, j), value in np.ndenumerate(matrix):
        if value >= 0.005:
            ax.text(
                j,
                i,
                f"{value:.2f}",
                ha="center",
                va="center",
                fontsize=8,
                color="white" if value > 0.6 else "black",
            )
    ax.set_yticks(range(len(units)), [unit_labels[u] for u in units], fontsize=8)
    color_tick_labels(ax.get_yticklabels(), units, colors)
    ax.set_xticks(range(len(topics)), [topic_labels[t] for t in topics], fontsize=7.5)
    ax.xaxis.tick_top()
    for spine in ax.spines.values():
        spine.set_visible(False)
    figure_title(
        fig,
        "Topics (NMF on TF-IDF, NNDSVD start): weight of each topic in each unit (主题)"
        + (f"\n{note}" if note else ""),
    )
    return fig


def plot_reuse(
    reuse: pd.DataFrame,
    unit_labels: Mapping[str, str],
    colors: Mapping[str, str],
    *,
    note: str = "",
) -> Figure:
    """Heatmap of the share of each row unit's text found in passages shared with the column."""
    units = list(reuse.index)
    fig = Figure(figsize=(10, 0.55 * len(units) + 2.2), layout="constrained")
    ax = fig.subplots()
    matrix = reuse.to_numpy().copy()
    np.fill_diagonal(matrix, np.nan)
    image = ax.imshow(np.sqrt(np.nan_to_num(matrix)), cmap="Oranges", vmin=0, vmax=1)
    bar = fig.colorbar(
        image, ax=ax, shrink=0.6, label="share of the row's text (square-root scale)"
    )
    bar.set_ticks(np.sqrt([0, 0.05, 0.25, 0.5, 1.0]), labels=["0", "5%", "25%", "50%", "100%"])
    for (i, j), value in np.ndenumerate(matrix):
        if i != j:
            ax.text(
                j,
                i,
                "·" if value == 0 else f"{value:.0%}" if value >= 0.01 else "<1%",
                ha="center",
                va="center",
                fontsize=8,
                color="white" if value > 0.5 else "black",
            )
    ax.set_yticks(range(len(units)), [unit_labels[u] for u in units], fontsize=8)
    ax.set_xticks(range(len(units)), units, fontsize=8)
    color_tick_labels(ax.get_yticklabels(), units, colors)
    color_tick_labels(ax.get_xticklabels(), units, colors)
    ax.set_xlabel("found in … (column unit)")
    ax.set_title(
        "Share of each row's text in passages (≥ 20 characters) shared with the column "
        "(文本复用)" + (f"\n{note}" if note else ""),
        loc="left",
        fontsize=10,
    )
    return fig


def plot_alignment(
    differences: pd.DataFrame,
    examples: pd.DataFrame,
    a_label: str,
    b_label: str,
    a_color: str,
    b_color: str,
    *,
    category_counts: Mapping[str, int],
) -> Figure:
    """Two copies side by side as tracks; a mark where they differ, coloured by category;
    beneath, the differences that are not punctuation or layout, with their lines."""
    fig = Figure(figsize=(14, 3.2 + 0.24 * len(examples)), layout="constrained")
    track, table = fig.subplots(2, 1, height_ratios=[1.1, 0.24 * len(examples) + 0.4])
    for y, color in ((1, a_color), (0, b_color)):
        track.plot([0, 1], [y, y], color=color, linewidth=10, solid_capstyle="butt", alpha=0.35)
    for row in differences.itertuples(index=False):
        color = CATEGORY_COLORS[row.category]
        width = 0.8 if row.category in ("punctuation", "layout") else 2.0
        track.plot([row.a_pos, row.b_pos], [0.9, 0.1], color=color, linewidth=width, alpha=0.9)
    track.set_yticks([1, 0], [a_label, b_label], fontsize=8.5)
    track.get_yticklabels()[0].set_color(a_color)
    track.get_yticklabels()[1].set_color(b_color)
    track.set_xlim(-0.01, 1.01)
    track.set_ylim(-0.4, 1.4)
    track.set_xlabel("relative position in each copy (start → end)")
    for spine in ("top", "right", "left"):
        track.spines[spine].set_visible(False)
    counts = category_counts
    handles = [
        Line2D([], [], color=c, linewidth=3, label=f"{CATEGORY_GLOSS[k]} ({counts.get(k, 0)})")
        for k, c in CATEGORY_COLORS.items()
        if counts.get(k, 0)
    ]
    track.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, 1.38),
        ncol=len(handles),
        fontsize=7.5,
        frameon=False,
    )
    table.axis("off")
    header = 1 + 0.5 / max(len(examples), 1)
    for x, text in (
        (0.0, f"source lines ({a_label.split(' ', 1)[0]} / {b_label.split(' ', 1)[0]})"),
        (0.1, "category"),
        (0.24, "first copy → second copy (∅ = absent, □ = placeholder)"),
    ):
        table.text(
            x, header, text, fontsize=7.5, color="#444444", va="center", transform=table.transAxes
        )
    for i, row in enumerate(examples.itertuples(index=False)):
        y = 1 - (i + 0.5) / max(len(examples), 1)
        table.text(
            0.0,
            y,
            f"lines {row.a_line} / {row.b_line}",
            fontsize=7.5,
            va="center",
            transform=table.transAxes,
        )
        table.text(
            0.1,
            y,
            row.category,
            fontsize=7.5,
            va="center",
            color=CATEGORY_COLORS[row.category],
            transform=table.transAxes,
        )
        shown = f"{row.a_text or '∅'}  →  {row.b_text or '∅'}"
        table.text(
            0.24,
            y,
            shown if len(shown) <= 90 else shown[:89] + "…",
            fontsize=7.5,
            va="center",
            transform=table.transAxes,
        )
    figure_title(fig, "Where the two near-duplicate copies differ (对齐比较); □ = placeholder")
    return fig
