"""Corpus overview: how long each unit is and how noisy its source was."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
from matplotlib.figure import Figure

from textlib.viz.style import FULL_WIDTH, MAX_HEIGHT, SMALL_FONT, figure_title, unit_color
from textlib.viz.wrap import wrap_text

NOISE_LABELS = {
    "placeholder": "place-\nholders\n占位符",
    "broken_line": "rejoined\nbreaks\n断行",
    "page_marker": "page\nmarkers\n页码",
    "truncation": "truncated\nending\n截断",
}
COMPACT_ROWS = 16  # more rows than this: one-line labels (the unit's first label line)


def _row_label(label: str, compact: bool) -> str:
    """A unit's label wrapped for its row: ``id · gloss`` then the title, each wrapped; with
    many rows only the first line (``id · gloss``, or ``id · title`` without a gloss)."""
    lines = label.split("\n")
    if compact:
        return wrap_text(lines[0], 46)
    return "\n".join([wrap_text(lines[0], 46), *(wrap_text(line, 32) for line in lines[1:])])


def _hidden_note(table: pd.DataFrame) -> str:
    hidden = list(table.index[~table["shown"]])
    if not hidden:
        return ""
    span = hidden[0] if len(hidden) == 1 else f"{hidden[0]} to {hidden[-1]}"
    return f"{len(hidden)} more units not shown ({span}); all are in the CSV."


def plot_corpus_overview(
    table: pd.DataFrame, colors: Mapping[str, str], *, description: str = "the corpus"
) -> Figure:
    """Bars of repaired Han characters per unit, next to a grid of its noise counts.

    ``table`` is :func:`textlib.tables.corpus_overview` with a ``label`` per unit and, when it
    has one, a boolean ``shown`` column (only those rows are drawn; a note counts the rest);
    ``colors`` maps plan id to colour.
    """
    note = _hidden_note(table) if "shown" in table.columns else ""
    if "shown" in table.columns:
        table = table[table["shown"].astype(bool)]
    compact = len(table) > COMPACT_ROWS
    labels = [_row_label(str(text), compact) for text in table["label"]]
    lines = max((label.count("\n") + 1 for label in labels), default=1)
    row_height = max(0.17, 0.125 * lines + 0.06)
    height = min(MAX_HEIGHT, row_height * len(table) + 1.35 + (0.15 if note else 0.0))
    fig = Figure(figsize=(FULL_WIDTH, height), layout="constrained")
    left, right = fig.subplots(1, 2, width_ratios=[3, 1.5], sharey=True)
    y = list(range(len(table)))[::-1]
    bar_colors = [unit_color(u, colors) for u in table.index]
    left.barh(y, table["han_chars"], color=bar_colors, height=0.7)
    for yi, value in zip(y, table["han_chars"], strict=True):
        left.text(value, yi, f" {value:,}", va="center", fontsize=SMALL_FONT)
    left.set_yticks(y, labels)
    left.set_ylim(-0.5, len(y) - 0.5)
    left.set_xlabel("Han characters after repair (汉字数)")
    left.set_xlim(0, max(table["han_chars"].max(), 1) * 1.18)
    left.set_title("Length of each unit (单元长度)", loc="left")

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
            right.text(col, yi, shown, ha="center", va="center", fontsize=SMALL_FONT)
    right.set_xticks(range(len(kinds)), [NOISE_LABELS[k] for k in kinds], fontsize=SMALL_FONT)
    right.tick_params(axis="y", left=False)
    right.tick_params(axis="x", length=0)
    for spine in right.spines.values():
        spine.set_visible(False)
    right.set_title("Noise repaired (噪声)", loc="left")
    if note:
        fig.supxlabel(note, x=0.01, ha="left", fontsize=SMALL_FONT, color="#444444")
    figure_title(fig, wrap_text(f"Corpus overview: {description}", 120))
    return fig
