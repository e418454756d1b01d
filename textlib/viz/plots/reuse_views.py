"""Figures of shared text: the template map (where template and pairwise copies sit in each
unit) and the uptake matrix (a reference's clauses × units). Each takes its table and computes
nothing but the layout."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from textlib.viz.style import (
    FONT,
    FULL_WIDTH,
    MAX_HEIGHT,
    SMALL_FONT,
    TITLE_FONT,
    figure_title,
    unit_color,
)
from textlib.viz.wrap import display_width, wrap_text

# kinds of shared text: categories, deliberately outside the plan palette
TEMPLATE_COLOR = "#762A83"  # purple
PAIRWISE_COLOR = "#35978F"  # teal
UNIT_BAR = "#E3E3E3"
# uptake statuses
VERBATIM_COLOR = "#08306B"
ADAPTED_LOW, ADAPTED_HIGH = "#C6DBEF", "#4292C6"
ABSENT_COLOR = "#F4F4F4"
PT = 1 / 72  # inch


def _cut(text: str, width: int) -> str:
    """``text`` on one line of at most ``width`` display units (an ellipsis marks a cut)."""
    text = " ".join(text.split())
    if display_width(text) <= width:
        return text
    out = ""
    for ch in text:
        if display_width(out + ch) > width - 1:
            break
        out += ch
    return out.rstrip() + "…"


def _lines(text: str, width: int, n: int) -> str:
    wrapped = wrap_text(" ".join(text.split()), width).split("\n")
    if len(wrapped) <= n:
        return "\n".join(wrapped)
    return "\n".join([*wrapped[: n - 1], _cut(wrapped[n - 1] + "…", width)])


def _row_label(label: str, unit_id: str, limit: int) -> str:
    return label if display_width(label) <= limit else unit_id


# -- template map ------------------------------------------------------------------------------
def plot_template_map(
    table: pd.DataFrame,
    labels: Mapping[str, str],
    colors: Mapping[str, str],
    *,
    note: str = "",
    max_key: int = 6,
) -> Figure:
    """One row per unit: a grey bar for the unit's text (0–1 of its repaired length), purple
    spans of template text (shared by ≥ 3 units), teal spans of pairwise reuse; numbers on the
    template spans refer to a key of the template texts; right of each bar the share of the
    unit in each kind and its main pairwise partner. ``table`` rows: ``unit_id``,
    ``unit_length``, ``kind`` (template / pairwise / none), ``rel_start``, ``rel_end``,
    ``cluster``, ``cluster_units``, ``shared_by``, ``partners``, ``chars``, ``text``."""
    units = list(dict.fromkeys(table["unit_id"]))
    n = max(1, len(units))
    few = n <= 12
    row_h = 0.30 if few else (0.17 if n <= 30 else 0.15)
    spans = table[table["kind"].isin(["template", "pairwise"])]
    tpl = spans[spans["kind"] == "template"]
    # the key: template texts, the most widely shared first
    key_rows = (
        tpl.groupby("cluster", sort=True)
        .agg(units=("shared_by", "max"), n=("unit_id", "nunique"))
        .reset_index()
        .sort_values(["n", "cluster"], ascending=[False, True], kind="stable")
        .head(max_key)
    )
    numbers = {int(c): k + 1 for k, c in enumerate(key_rows["cluster"])}
    key_texts = []
    for rec in key_rows.itertuples(index=False):
        first = tpl[tpl["cluster"] == rec.cluster].iloc[0]
        head = f"{numbers[int(rec.cluster)]} · " if few else ""
        key_texts.append(
            _lines(
                f"{head}{rec.n} units (e.g. {first['unit_id']}, lines {first['lines']}): "
                f"{first['text']}",
                150,
                2,
            )
        )

    def key_height(texts: list[str]) -> float:
        lines = sum((t.count("\n") + 1) * 1.25 + 0.35 for t in texts) * SMALL_FONT
        return (1.6 * FONT + lines) * PT + (0 if texts else 1.3 * SMALL_FONT * PT)

    key_h = key_height(key_texts)
    note_text = wrap_text(
        "Bars: each unit's repaired text, start (0) to end (1). Purple: text shared by ≥ 3 units "
        "(template; character by character, through chains of aligned passages), teal: text "
        "shared with one other unit (pairwise reuse). Right: share of the unit's characters in "
        "each kind, and the unit sharing most of its pairwise text. Every span with its text and "
        "lines is in the CSV." + (f" {note}" if note else ""),
        150,
    )
    note_h = (note_text.count("\n") + 1) * 1.25 * SMALL_FONT * PT + 0.08
    title_h = 0.36
    axes_h = n * row_h + 0.35
    while key_texts and title_h + axes_h + 0.5 + key_h + note_h + 0.1 > MAX_HEIGHT:
        key_texts = key_texts[:-1]  # fewer template texts in the key: the CSV has them all
        key_h = key_height(key_texts)
    numbers = {c: k for c, k in numbers.items() if k <= len(key_texts)}
    height = min(MAX_HEIGHT, title_h + axes_h + 0.5 + key_h + note_h + 0.1)
    fig = Figure(figsize=(FULL_WIDTH, height))
    left, right = (2.35 if few else 1.6), 1.45
    ax_w = FULL_WIDTH - left - right
    bottom = 0.1 + note_h + key_h + 0.5
    ax = fig.add_axes((left / FULL_WIDTH, bottom / height, ax_w / FULL_WIDTH, axes_h / height))
    ax.set_xlim(0, 1)
    ax.set_ylim(n - 0.5, -0.5)
    ax.spines[["left", "top", "right"]].set_visible(False)
    bar_h = 0.62
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    renderer = FigureCanvasAgg(fig).get_renderer()
    for y, unit in enumerate(units):
        ax.barh(y, 1, height=bar_h, color=UNIT_BAR, linewidth=0)
        rows = spans[spans["unit_id"] == unit]
        for kind, color in (("pairwise", PAIRWISE_COLOR), ("template", TEMPLATE_COLOR)):
            part = rows[rows["kind"] == kind]
            if len(part):
                ax.barh(
                    [y] * len(part), part["rel_end"] - part["rel_start"], left=part["rel_start"],
                    height=bar_h, color=color, linewidth=0,
                )  # fmt: skip
        placed = []
        for rec in rows[rows["kind"] == "template"].itertuples(index=False):
            num = numbers.get(int(rec.cluster))
            if not few or num is None or any(p == num for p, _ in placed):
                continue
            label = ax.text(
                (rec.rel_start + rec.rel_end) / 2, y - bar_h / 2 - 0.04, str(num),
                ha="center", va="bottom", fontsize=SMALL_FONT, color=TEMPLATE_COLOR,
            )  # fmt: skip
            box = label.get_window_extent(renderer)
            if any(box.overlaps(b) for _, b in placed):
                label.remove()
                continue
            placed.append((num, box))
        chars = rows.groupby("kind")["chars"].sum()
        length = int(table.loc[table["unit_id"] == unit, "unit_length"].iloc[0])
        t_share = float(chars.get("template", 0)) / length
        p_share = float(chars.get("pairwise", 0)) / length
        pw = rows[rows["kind"] == "pairwise"]
        partner = ""
        if len(pw):
            by = pw.assign(p=pw["partners"].str.split(",")).explode("p")
            partner = str(by.groupby("p")["chars"].sum().idxmax())
        fs = FONT if few else SMALL_FONT
        ax.text(1.02, y, f"{t_share:.0%}", ha="left", va="center", fontsize=fs,
                color=TEMPLATE_COLOR, transform=ax.get_yaxis_transform())  # fmt: skip
        ax.text(1.17, y, f"{p_share:.0%}" + (f" (with {partner})" if partner else ""),
                ha="left", va="center", fontsize=fs, color=PAIRWISE_COLOR,
                transform=ax.get_yaxis_transform())  # fmt: skip
    ax.text(1.02, -0.5, "template", ha="left", va="bottom", fontsize=SMALL_FONT,
            color=TEMPLATE_COLOR, transform=ax.get_yaxis_transform())  # fmt: skip
    ax.text(1.17, -0.5, "pairwise", ha="left", va="bottom", fontsize=SMALL_FONT,
            color=PAIRWISE_COLOR, transform=ax.get_yaxis_transform())  # fmt: skip
    limit = 44 if few else 30
    ticks = [
        wrap_text(labels.get(u, u), 30) if few else _row_label(labels.get(u, u), u, limit)
        for u in units
    ]
    ax.set_yticks(range(n), ticks, fontsize=FONT if few else SMALL_FONT)
    for tick, unit in zip(ax.get_yticklabels(), units, strict=True):
        tick.set_color(unit_color(unit, colors))
    ax.tick_params(axis="y", length=0)
    ax.set_xticks(np.linspace(0, 1, 6), ["0", "0.2", "0.4", "0.6", "0.8", "1"])
    ax.tick_params(axis="x", labelsize=SMALL_FONT)
    ax.set_xlabel("position in the unit (share of its repaired length)", fontsize=SMALL_FONT,
                  labelpad=1)  # fmt: skip
    figure_title(
        fig, "Where shared text sits: template and pairwise reuse in each unit (套话与照搬)"
    )
    # key of template texts
    y = (0.1 + note_h + key_h) / height
    heading = (
        "Template texts (number on the bars)" if few else "The most widely shared template texts"
    )
    fig.text(0.01, y, heading, fontsize=FONT, va="top", ha="left")
    y -= 1.6 * FONT * PT / height
    for text in key_texts:
        fig.text(0.01, y, text, fontsize=SMALL_FONT, va="top", ha="left", color="#222222")
        y -= ((text.count("\n") + 1) * 1.25 + 0.35) * SMALL_FONT * PT / height
    if not len(key_rows):
        fig.text(0.01, y, "no text is shared by three or more units", fontsize=SMALL_FONT,
                 va="top", ha="left")  # fmt: skip
    fig.text(0.01, 0.1 / height, note_text, fontsize=SMALL_FONT, va="bottom", ha="left")
    return fig


# -- uptake matrix -----------------------------------------------------------------------------
def plot_uptake_matrix(
    table: pd.DataFrame,
    reference: str,
    reason: str,
    labels: Mapping[str, str],
    colors: Mapping[str, str],
    *,
    summary: str = "",
    note: str = "",
) -> Figure:
    """Rows: the reference's clauses (line and start of the clause), grouped by the
    reference's level-1 (bracket labels at the left) and level-2 headings (thin separators);
    columns: units (ids in plan colours); cells: verbatim (dark), adapted (blue, shade by
    score, the score annotated when cells are wide enough) or absent (pale). ``table`` rows:
    ``clause``, ``clause_text``, ``reference_line``, ``unit_id``, ``status``, ``score``,
    ``heading1``, ``heading2``."""
    clauses = (
        table.drop_duplicates("clause").sort_values("clause", kind="stable").reset_index(drop=True)
    )
    units = list(dict.fromkeys(table["unit_id"]))
    n_rows, n_cols = max(1, len(clauses)), max(1, len(units))
    row_h = min(0.22, max(0.135, 5.6 / n_rows))
    legend_h = 0.3
    caption = wrap_text(
        "Clauses: the reference split at 。；！？ and line breaks. Verbatim: the clause's text "
        "(spaces, placeholders and punctuation variants folded) occurs in the unit; adapted: "
        "the best-matching window scores ≥ 0.8 (rapidfuzz partial ratio; the score in % where "
        "cells allow); absent otherwise. Rows grouped by the reference's headings (level 1 "
        "bracketed at the left, level 2 by thin lines). " + (summary + " " if summary else "")
        + note,
        150,
    )  # fmt: skip
    caption_h = (caption.count("\n") + 1) * 1.25 * SMALL_FONT * PT + 0.1
    title = wrap_text(
        f"Clause uptake (条款采纳) of unit {reference} by the other units · reference: {reason}",
        104,
    )
    title_h = (title.count("\n") + 1) * 1.3 * (TITLE_FONT + 1) * PT + 0.12
    header_h = 0.32
    axes_h = n_rows * row_h
    height = min(MAX_HEIGHT, title_h + header_h + axes_h + legend_h + caption_h + 0.1)
    axes_h = height - (title_h + header_h + legend_h + caption_h + 0.1)
    row_h = axes_h / n_rows
    fig = Figure(figsize=(FULL_WIDTH, height))
    group_w = 1.05
    ax_w = min(FULL_WIDTH - group_w - 1.5 - 0.2, n_cols * 0.45)
    clause_w = FULL_WIDTH - group_w - ax_w - 0.2
    left = group_w + clause_w + 0.05
    bottom = 0.1 + caption_h + legend_h
    ax = fig.add_axes((left / FULL_WIDTH, bottom / height, ax_w / FULL_WIDTH, axes_h / height))
    # cells
    col_of = {u: k for k, u in enumerate(units)}
    row_of = {c: k for k, c in enumerate(clauses["clause"])}
    rgba = np.ones((n_rows, n_cols, 4))
    cmap = LinearSegmentedColormap.from_list("adapted", [ADAPTED_LOW, ADAPTED_HIGH])
    from matplotlib.colors import to_rgba

    cell_w = ax_w / n_cols
    annotate = cell_w >= 0.2 and row_h >= 0.12
    for rec in table.itertuples(index=False):
        r, c = row_of[rec.clause], col_of[rec.unit_id]
        if rec.status == "verbatim":
            rgba[r, c] = to_rgba(VERBATIM_COLOR)
        elif rec.status == "adapted":
            rgba[r, c] = cmap(float(np.clip((rec.score - 0.8) / 0.2, 0, 1)))
            if annotate:
                ax.text(c, r, f"{round(rec.score * 100):d}", ha="center", va="center",
                        fontsize=SMALL_FONT, color="#08306B")  # fmt: skip
        else:
            rgba[r, c] = to_rgba(ABSENT_COLOR)
    ax.imshow(rgba, aspect="auto", interpolation="nearest")
    ax.set_xticks(np.arange(n_cols + 1) - 0.5, minor=True)
    ax.grid(which="minor", axis="x", color="white", linewidth=0.6)
    ax.tick_params(which="minor", length=0)
    ax.spines[:].set_visible(False)
    # column labels: unit ids on top in plan colours
    ax.xaxis.tick_top()
    rotate = n_cols > 12
    ax.set_xticks(range(n_cols), units, fontsize=SMALL_FONT if rotate else FONT,
                  rotation=90 if rotate else 0)  # fmt: skip
    for tick, unit in zip(ax.get_xticklabels(), units, strict=True):
        tick.set_color(unit_color(unit, colors))
    ax.tick_params(axis="x", length=0, pad=1)
    # row labels: the clause's reference line and its start
    clause_chars = max(8, int(clause_w * 72 / SMALL_FONT * 2) - 4)
    row_labels = [
        _cut(f"{line} {text}", clause_chars)
        for line, text in zip(clauses["reference_line"], clauses["clause_text"], strict=True)
    ]
    ax.set_yticks(range(n_rows), row_labels, fontsize=SMALL_FONT)
    ax.tick_params(axis="y", length=0, pad=2)
    # level-2 separators, level-1 brackets with labels in the left column
    h1 = clauses["heading1"].fillna("").tolist()
    h2 = clauses["heading2"].fillna("").tolist()
    for k in range(1, n_rows):
        if h1[k] != h1[k - 1]:
            ax.axhline(k - 0.5, color="#333333", linewidth=0.8)
        elif h2[k] != h2[k - 1]:
            ax.axhline(k - 0.5, color="#9A9A9A", linewidth=0.4)
    line_in = 1.2 * SMALL_FONT * PT
    label_chars = int(group_w * 72 / SMALL_FONT * 2) - 2
    x_text = 0.08 / FULL_WIDTH
    k = 0
    while k < n_rows:
        j = k
        while j + 1 < n_rows and h1[j + 1] == h1[k]:
            j += 1
        y_top = bottom + axes_h - k * row_h
        y_bot = bottom + axes_h - (j + 1) * row_h
        fig.add_artist(
            Line2D(
                [group_w / FULL_WIDTH - 0.004] * 2,
                [(y_top - 0.02) / height, (y_bot + 0.02) / height],
                color="#555555",
                linewidth=0.6,
            )
        )
        n_lines = int((y_top - y_bot - 0.02) / line_in)
        if n_lines >= 1:
            text = h1[k] or "(before the first heading)"
            fig.text(x_text, (y_top - 0.01) / height, _lines(text, label_chars, n_lines),
                     fontsize=SMALL_FONT, va="top", ha="left", color="#333333")  # fmt: skip
        k = j + 1
    figure_title(fig, title)
    handles = [
        Patch(color=VERBATIM_COLOR, label="verbatim"),
        Patch(color=ADAPTED_HIGH, label="adapted (≥ 0.8; paler = lower score)"),
        Patch(facecolor=ABSENT_COLOR, edgecolor="#BBBBBB", linewidth=0.5, label="absent"),
    ]
    fig.legend(handles=handles, loc="lower left", ncols=3, frameon=False, fontsize=FONT,
               bbox_to_anchor=(0.0, (0.1 + caption_h) / height), borderaxespad=0.2,
               handlelength=1.2)  # fmt: skip
    fig.text(0.01, 0.1 / height, caption, fontsize=SMALL_FONT, va="bottom", ha="left")
    return fig
