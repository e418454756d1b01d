"""Corpus overview: how long each unit is and how noisy its source was."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
from matplotlib.figure import Figure

from textlib.viz.style import figure_title, unit_color

NOISE_LABELS = {
    "placeholder": "placeholders\n占位符",
    "broken_line": "rejoined\nline breaks\n断行",
    "page_marker": "page\nmarkers\n页码",
    "truncation": "truncated\nending\n截断",
}


def plot_corpus_overview(
    table: pd.DataFrame, colors: Mapping[str, str], *, description: str = "the corpus"
) -> Figure:
    """Bars of repaired Han characters per unit, next to a grid of its noise counts.

    ``table`` is :func:`textlib.tables.corpus_overview`; ``colors`` maps plan id to colour.
    """
    fig = Figure(figsize=(12, 0.55 * len(table) + 1.8), layout="constrained")
    left, right = fig.subplots(1, 2, width_ratios=[3, 2.3], sharey=True)
    y = list(range(len(table)))[::-1]
    bar_colors = [unit_color(u, colors) for u in table.index]
    left.barh(y, table["han_chars"], color=bar_colors, height=0.7)
    for yi, value in zip(y, table["han_chars"], strict=True):
        left.text(value, yi, f" {value:,}", va="center", fontsize=8)
    left.set_yticks(y, table["label"], fontsize=8)
    left.set_xlabel("Han characters after repair (汉字数)")
    left.set_xlim(0, table["han_chars"].max() * 1.15)
    left.set_title("Length of each unit (单元长度); titles as printed on the page", loc="left")

    kinds = list(NOISE_LABELS)
    values = table[kinds].to_numpy()
    right.imshow(
        values,
        aspect="auto",
        cmap="Greys",
        vmin=0,
        vmax=max(values.max(), 1) * 1.6,
        extent=(-0.5, len(kinds) - 0.5, -0.5, len(y) - 0.5),
    )
    for row, yi in enumerate(y):
        for col, kind in enumerate(kinds):
            value = int(table.iloc[row][kind])
            shown = (
                ("yes" if value else "–")
                if kind == "truncation"
                else (str(value) if value else "–")
            )
            right.text(col, yi, shown, ha="center", va="center", fontsize=9)
    right.set_xticks(range(len(kinds)), [NOISE_LABELS[k] for k in kinds], fontsize=8)
    right.xaxis.tick_top()
    right.tick_params(axis="y", left=False)
    for spine in right.spines.values():
        spine.set_visible(False)
    right.set_title("Noise found and repaired (噪声)", loc="left", pad=40)
    figure_title(fig, f"Corpus overview: {description}")
    return fig
