"""Comparison figures: similarity with dendrogram and support, topics, reuse, alignment."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.transforms import blended_transform_factory

from textlib.viz.plots.structure import FEW_ROWS, display_width, wrapped_label
from textlib.viz.style import (
    FONT,
    FULL_WIDTH,
    SMALL_FONT,
    color_tick_labels,
    figure_title,
)

# deliberately outside the plan palette (textlib.viz.style.PALETTE): categories are not plans
CATEGORY_COLORS = {
    "redaction": "#E41A1C",
    "substitution": "#FF7F00",
    "character variant": "#6A3D9A",
    "insertion": "#66A61E",
    "deletion": "#A6761D",
    "rewording": "#F781BF",
    "punctuation": "#C8C8C8",
    "layout": "#E4E4E4",
}
CATEGORY_GLOSS = {
    "redaction": "redaction 涂改/占位符",
    "substitution": "substitution 替换 (name, place, number)",
    "character variant": "character variant 异体字/OCR",
    "insertion": "insertion 增补 (second copy only)",
    "deletion": "deletion 删减 (first copy only)",
    "rewording": "rewording 改写",
    "punctuation": "punctuation 标点",
    "layout": "line break 换行",
}


MANY_SUPPORTS = 12  # with more units, support is shown at most at this many top merges


def wrap_cells(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` cells (CJK characters count two), never cut."""
    lines, line = [], ""
    for ch in text:
        if display_width(line + ch) > width:
            lines.append(line)
            line = ""
        line += ch
    return [*lines, line] if line else lines or [""]


def _term_lines(text: str, width: int) -> list[str]:
    """A ``"术语 · gloss"`` entry in lines: the gloss wrapped at word boundaries, never cut."""
    if " · " in text:
        term, gloss = text.split(" · ", 1)
        return wrapped_label(term, gloss, width=width).split("\n")
    return wrap_cells(text, width)


def _note_lines(note: str, width: int = 120) -> str:
    return "\n".join(textwrap.wrap(note, width)) if note else ""


def _unit_ticks(ax, units: Sequence[str], labels: Sequence[str], colors, *, x: bool) -> None:
    """Tick labels for a unit axis: all on one side when few; when many, short ids alternating
    between the two sides (so 6-pt labels have two rows of room each)."""
    n = len(units)
    set_ticks = ax.set_xticks if x else ax.set_yticks
    if n <= FEW_ROWS or n <= 20:
        set_ticks(range(n), labels, fontsize=FONT if n <= FEW_ROWS else SMALL_FONT)
        color_tick_labels(ax.get_xticklabels() if x else ax.get_yticklabels(), units, colors)
        if x:
            ax.tick_params(axis="x", labelrotation=90 if n > FEW_ROWS else 0)
        return
    set_ticks(range(0, n, 2), list(units[0::2]), fontsize=SMALL_FONT)
    color_tick_labels(ax.get_xticklabels() if x else ax.get_yticklabels(), units[0::2], colors)
    other = ax.secondary_xaxis("top") if x else ax.secondary_yaxis("right")
    (other.set_xticks if x else other.set_yticks)(
        range(1, n, 2), list(units[1::2]), fontsize=SMALL_FONT
    )
    color_tick_labels(
        other.get_xticklabels() if x else other.get_yticklabels(), units[1::2], colors
    )
    if x:
        ax.tick_params(axis="x", labelrotation=90)
        other.tick_params(axis="x", labelrotation=90)
    other.spines[:].set_visible(False)


def _drop_colliding(fig: Figure, candidates: list, keep_clear: list) -> int:
    """Hide candidate texts (in priority order) whose box meets a kept text or any of
    ``keep_clear``; a layout choice only. Returns how many stay visible."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    kept = [t.get_window_extent(renderer) for t in keep_clear if t.get_text().strip()]
    shown = 0
    for text in candidates:
        box = text.get_window_extent(renderer).expanded(1.08, 1.15)
        if any(box.overlaps(other) for other in kept):
            text.set_visible(False)
        else:
            kept.append(box)
            shown += 1
    return shown


def plot_similarity(
    similarity: pd.DataFrame,
    tree_layout: pd.DataFrame,
    leaf_order: list[str],
    support: list[float],
    unit_labels: Mapping[str, str],
    colors: Mapping[str, str],
    *,
    note: str = "",
) -> Figure:
    """Dendrogram (cosine distance, with bootstrap support on each merge) beside the cosine
    similarity heatmap in leaf order (``leaf_order`` from the clustering). With many units the
    leaves are labelled by id only, cells are not annotated, and support is shown for the top
    merges whose labels have room."""
    leaf_ids = list(leaf_order)
    n = len(leaf_ids)
    few = n <= FEW_ROWS
    fig = Figure(figsize=(FULL_WIDTH, 0.36 * n + 2.2 if few else 7.0), layout="constrained")
    tree, heat = fig.subplots(1, 2, width_ratios=[1, 1.6] if few else [1, 2.4])
    # ``tree_layout``: rows of kind "segment" (lines x0→x1, y0→y1) and "merge" (x0, y0: where
    # merge k sits), as :attr:`textlib.Study.dendrogram` gives them
    seg = tree_layout[tree_layout["kind"] == "segment"]
    segments = [((a, b), (c, d)) for a, b, c, d in seg[["x0", "x1", "y0", "y1"]].to_numpy()]
    joins = tree_layout[tree_layout["kind"] == "merge"].sort_values("merge")
    nodes = {n + int(k): (x, y) for k, x, y in joins[["merge", "x0", "y0"]].to_numpy()}
    for xs, ys in segments:
        tree.plot(xs, ys, color="#333333", linewidth=0.8 if few else 0.5)
    merges = sorted(
        range(len(support) - 1), key=lambda k: (-nodes[n + k][0], nodes[n + k][1])
    )  # the highest merges first: they get a label before lower ones
    if not few:
        merges = merges[:MANY_SUPPORTS]
    labels = []
    for k in merges:
        text = tree.text(
            nodes[n + k][0],
            nodes[n + k][1],
            f"{support[k]:.0%}",
            ha="right",
            va="bottom",
            fontsize=SMALL_FONT,
            color="#8B0000",
        )
        text.set_in_layout(False)
        labels.append(text)
    heights = [x for x, _ in (nodes[n + k] for k in range(len(support)))]
    low = min(heights, default=0.0)
    top = max(float(joins["x0"].max()) if len(joins) else 0.0, 0.1)
    tree.set_xlim(top * 1.02, max(0.0, low - 0.25 * (top - low)))
    tree.set_ylim(-0.5, n - 0.5)
    tree.set_xlabel("cosine distance\n(average linkage)")
    for spine in ("top", "left", "right"):
        tree.spines[spine].set_visible(False)
    tree.set_yticks([])
    # rows of the heatmap line up with the leaves of the tree (same height, same limits)
    matrix = similarity.loc[leaf_ids, leaf_ids].to_numpy()
    off = matrix[~np.eye(n, dtype=bool)]
    image = heat.imshow(
        matrix, cmap="Blues", vmin=0, vmax=max(off.max(), 0.01) * 1.15, aspect="auto"
    )
    bar = fig.colorbar(image, ax=heat, shrink=0.5, location="bottom" if few else "right")
    bar.set_label("cosine similarity", fontsize=FONT)
    bar.ax.tick_params(labelsize=SMALL_FONT)
    if few:
        for (i, j), value in np.ndenumerate(matrix):
            if i != j:
                heat.text(
                    j,
                    i,
                    f"{value:.2f}",
                    ha="center",
                    va="center",
                    fontsize=SMALL_FONT,
                    color="white" if value > off.max() * 0.7 else "black",
                )
        heat.yaxis.tick_right()
        heat.set_yticks(
            range(n),
            ["\n".join(textwrap.wrap(unit_labels[u], 30)) for u in leaf_ids],
            fontsize=SMALL_FONT,
        )
        color_tick_labels(heat.get_yticklabels(), leaf_ids, colors)
        heat.set_xticks(range(n), leaf_ids, fontsize=FONT)
        color_tick_labels(heat.get_xticklabels(), leaf_ids, colors)
    else:
        _unit_ticks(heat, leaf_ids, leaf_ids, colors, x=True)
        _unit_ticks(heat, leaf_ids, leaf_ids, colors, x=False)
    for spine in heat.spines.values():
        spine.set_visible(False)
    heat.set_title("Cosine similarity of TF-IDF vectors (余弦相似度)", loc="left", fontsize=FONT)
    shown = _drop_colliding(fig, labels, [*tree.get_yticklabels(), *tree.get_xticklabels()])
    which = "each merge" if shown == len(support) - 1 else f"{shown} of the highest merges"
    tree.set_title(
        f"Clustering; bootstrap support (自助法支持率)\nin red at {which}",
        loc="left",
        fontsize=FONT,
    )
    figure_title(
        fig,
        "Which units resemble each other (相似度与聚类)"
        + (f"\n{_note_lines(note)}" if note else ""),
    )
    return fig


def plot_topics(
    weights: pd.DataFrame,
    topic_terms: Mapping[str, Sequence[str]],
    unit_labels: Mapping[str, str],
    colors: Mapping[str, str],
    *,
    note: str = "",
    hidden: int = 0,
) -> Figure:
    """Heatmap of unit × topic weights (rows of the units shown); beside it, each topic's top
    terms with their glosses (``topic_terms``: column name → glossed terms)."""
    units, topics = list(weights.index), list(weights.columns)
    few = len(units) <= FEW_ROWS
    key_lines = [
        line
        for t in topics
        for line in [t, *(w for term in topic_terms[t] for w in _term_lines(term, 42)), ""]
    ]
    rows = max(len(units) * (0.3 if few else 0.17), len(key_lines) * 0.115)
    fig = Figure(figsize=(FULL_WIDTH, rows + 1.5), layout="constrained")
    ax, key = fig.subplots(1, 2, width_ratios=[1.3, 1])
    matrix = weights.to_numpy()
    image = ax.imshow(matrix, aspect="auto", cmap="Purples", vmin=0, vmax=1)
    bar = fig.colorbar(image, ax=ax, shrink=0.4, location="left", pad=0.02)
    bar.set_label("topic weight (row sums to 1)", fontsize=FONT)
    bar.ax.tick_params(labelsize=SMALL_FONT)
    for (i, j), value in np.ndenumerate(matrix):
        if value >= 0.005:
            ax.text(
                j,
                i,
                f"{value:.2f}",
                ha="center",
                va="center",
                fontsize=SMALL_FONT,
                color="white" if value > 0.6 else "black",
            )
    ax.yaxis.tick_right()
    ax.set_yticks(
        range(len(units)), [unit_labels[u] for u in units], fontsize=FONT if few else SMALL_FONT
    )
    color_tick_labels(ax.get_yticklabels(), units, colors)
    ax.set_xticks(range(len(topics)), topics, fontsize=FONT)
    ax.xaxis.tick_top()
    for spine in ax.spines.values():
        spine.set_visible(False)
    more = f"{hidden} more units not shown; all in the CSV" if hidden else ""
    if more:
        ax.set_xlabel(more, fontsize=SMALL_FONT)
    key.axis("off")
    key.set_ylim(len(key_lines), 0)
    key.set_xlim(0, 1)
    for i, line in enumerate(key_lines):
        key.text(
            0.02,
            i + 0.5,
            line,
            va="center",
            fontsize=FONT if line in topics else SMALL_FONT,
        )
    key.set_title("Top terms of each topic (主题词)", loc="left", fontsize=FONT)
    figure_title(
        fig,
        "Topics (NMF on TF-IDF, NNDSVD start): weight of each topic in each unit (主题)"
        + (f"\n{_note_lines(note)}" if note else ""),
    )
    return fig


def plot_reuse(
    reuse: pd.DataFrame,
    unit_labels: Mapping[str, str],
    colors: Mapping[str, str],
    *,
    note: str = "",
) -> Figure:
    """Heatmap of the share of each row unit's text found in passages shared with the column;
    cells annotated and rows labelled in full when few units, ids only when many."""
    units = list(reuse.index)
    n = len(units)
    few = n <= FEW_ROWS
    fig = Figure(figsize=(FULL_WIDTH, 0.38 * n + 2.0 if few else 7.4), layout="constrained")
    ax = fig.subplots()
    matrix = reuse.to_numpy().copy()
    np.fill_diagonal(matrix, np.nan)
    image = ax.imshow(np.sqrt(np.nan_to_num(matrix)), cmap="Oranges", vmin=0, vmax=1)
    bar = fig.colorbar(image, ax=ax, shrink=0.6)
    bar.set_label("share of the row's text (square-root scale)", fontsize=FONT)
    bar.set_ticks(np.sqrt([0, 0.05, 0.25, 0.5, 1.0]), labels=["0", "5%", "25%", "50%", "100%"])
    bar.ax.tick_params(labelsize=SMALL_FONT)
    if few:
        for (i, j), value in np.ndenumerate(matrix):
            if i != j:
                ax.text(
                    j,
                    i,
                    "·" if value == 0 else f"{value:.0%}" if value >= 0.01 else "<1%",
                    ha="center",
                    va="center",
                    fontsize=SMALL_FONT,
                    color="white" if value > 0.5 else "black",
                )
        ax.set_yticks(range(n), [unit_labels[u] for u in units], fontsize=FONT)
        color_tick_labels(ax.get_yticklabels(), units, colors)
        ax.set_xticks(range(n), units, fontsize=FONT)
        color_tick_labels(ax.get_xticklabels(), units, colors)
    else:
        _unit_ticks(ax, units, units, colors, x=True)
        _unit_ticks(ax, units, units, colors, x=False)
    ax.set_xlabel("found in … (column unit)")
    ax.set_title(
        "Share of each row's text in passages (≥ 20 characters) shared with the column"
        " (文本复用)" + (f"\n{_note_lines(note, 90)}" if note else ""),
        loc="left",
        fontsize=FONT,
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
    max_lines: int = 40,
) -> Figure:
    """Two copies side by side as tracks; a mark where they differ, coloured by category;
    beneath, the differences that are not punctuation or layout, with their lines (wrapped,
    never cut; as many as ``max_lines`` lines hold, the rest counted in a note)."""
    rows, used = [], 0
    for row in examples.itertuples(index=False):
        shown = f"{row.a_text or '∅'}  →  {row.b_text or '∅'}"
        lines = wrap_cells(shown, 100)
        if used + len(lines) > max_lines:
            break
        rows.append((row, lines))
        used += len(lines)
    more = len(examples) - len(rows)
    fig = Figure(figsize=(FULL_WIDTH, 2.3 + 0.135 * (used + 2)), layout="constrained")
    track, table = fig.subplots(2, 1, height_ratios=[1.0, 0.135 * (used + 2)])
    for y, color in ((1, a_color), (0, b_color)):
        track.plot([0, 1], [y, y], color=color, linewidth=6, solid_capstyle="butt", alpha=0.5)
    for row in differences.itertuples(index=False):
        color = CATEGORY_COLORS[row.category]
        width = 0.5 if row.category in ("punctuation", "layout") else 1.2
        track.plot([row.a_pos, row.b_pos], [0.9, 0.1], color=color, linewidth=width, alpha=0.9)
    track.set_yticks([1, 0], [a_label, b_label], fontsize=FONT)
    track.get_yticklabels()[0].set_color(a_color)
    track.get_yticklabels()[1].set_color(b_color)
    track.set_xlim(-0.01, 1.01)
    track.set_ylim(-0.3, 1.3)
    track.set_xlabel("relative position in each copy (start → end)")
    for spine in ("top", "right", "left"):
        track.spines[spine].set_visible(False)
    counts = category_counts
    handles = [
        Line2D([], [], color=c, linewidth=2, label=f"{CATEGORY_GLOSS[k]} ({counts.get(k, 0)})")
        for k, c in CATEGORY_COLORS.items()
        if counts.get(k, 0)
    ]
    track.legend(
        handles=handles,
        loc="lower center",
        bbox_to_anchor=(0.5, 1.0),
        ncol=2,
        fontsize=SMALL_FONT,
        frameon=False,
    )
    table.axis("off")
    table.set_ylim(used + 2, 0)
    across = blended_transform_factory(fig.transFigure, table.transData)  # x: the whole width

    def cell(x: float, y: float, text: str, **kwargs) -> None:
        t = table.text(x, y, text, fontsize=SMALL_FONT, transform=across, **kwargs)
        t.set_in_layout(False)

    a_id, b_id = a_label.split(" ", 1)[0], b_label.split(" ", 1)[0]
    for x, text in (
        (0.01, f"source lines ({a_id} / {b_id})"),
        (0.15, "category"),
        (0.29, "first copy → second copy (∅ = absent, □ = placeholder)"),
    ):
        cell(x, 0.5, text, color="#444444", va="center")
    y = 1
    for row, lines in rows:
        cell(0.01, y + 0.5, f"lines {row.a_line} / {row.b_line}", va="center")
        cell(0.15, y + 0.5, row.category, va="center", color=CATEGORY_COLORS[row.category])
        cell(0.29, y + 0.1, "\n".join(lines), va="top", linespacing=1.25)
        y += len(lines)
    if more:
        cell(0.01, y + 0.5, f"{more} more differences not shown; all in the CSV", va="center")
    figure_title(fig, "Where the two near-duplicate copies differ (对齐比较); □ = placeholder")
    return fig
