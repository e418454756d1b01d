"""Figures of the reading toolkit: collocates of the main formulations, the co-occurrence
network, and the correspondence-analysis map. Each takes its table and computes nothing."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from textlib.viz.style import FONT, FULL_WIDTH, SMALL_FONT, figure_title, unit_color
from textlib.viz.wrap import wrap_text as wrap

# community colours, deliberately outside the plan palette (ColorBrewer Dark2 minus the
# Okabe–Ito-like hues, then greys)
COMMUNITY_COLORS = (
    "#1B9E77",
    "#7570B3",
    "#E7298A",
    "#66A61E",
    "#A6761D",
    "#D95F02",
    "#E6AB02",
    "#1F78B4",
    "#B15928",
    "#6A3D9A",
)
OTHER_COMMUNITY = "#A0A0A0"


def lines(text: str, width: int, n: int) -> str:
    """``text`` wrapped at ``width`` and cut to ``n`` lines (an ellipsis marks the cut)."""
    wrapped = wrap(text, width).split("\n")
    if len(wrapped) <= n:
        return "\n".join(wrapped)
    return "\n".join([*wrapped[: n - 1], wrapped[n - 1].rstrip() + "…"])


def short(term: str, n: int = 7) -> str:
    """A term cut to ``n`` characters with an ellipsis (its full form is in the key)."""
    return term if len(term) <= n else term[: n - 1] + "…"


def place_labels(ax, xs, ys, texts, *, colors=None, fontsize=SMALL_FONT, avoid=()) -> list:
    """Labels beside points, each at the first of a ring of candidate offsets (growing radii)
    where its box overlaps no label already placed, no text in ``avoid`` and stays inside the
    axes; the point order is the priority order. Deterministic."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = ax.figure
    if not hasattr(fig.canvas, "get_renderer"):
        FigureCanvasAgg(fig)
    renderer = fig.canvas.get_renderer()
    placed = [t.get_window_extent(renderer) for t in avoid]
    axbox = ax.get_window_extent(renderer)
    angles = np.deg2rad([0, 180, 90, 270, 45, 135, 225, 315, 22, 158, 202, 338])
    out = []
    colors = colors if colors is not None else ["#222222"] * len(texts)
    for x, y, text, color in zip(xs, ys, texts, colors, strict=True):
        label = ax.annotate(
            text, (x, y), xytext=(4, 0), textcoords="offset points", fontsize=fontsize,
            color=color, va="center", ha="left",
        )  # fmt: skip
        best = None
        for radius in (4, 9, 15, 22, 30):
            for angle in angles:
                dx, dy = radius * np.cos(angle), radius * np.sin(angle)
                label.set_position((dx, dy))
                label.set_ha("left" if dx > 0.5 else "right" if dx < -0.5 else "center")
                label.set_va("bottom" if dy > 0.5 else "top" if dy < -0.5 else "center")
                box = label.get_window_extent(renderer)
                inside = (
                    box.x0 >= axbox.x0 and box.x1 <= axbox.x1 and box.y0 >= axbox.y0
                    and box.y1 <= axbox.y1
                )  # fmt: skip
                if inside and not any(box.overlaps(p) for p in placed):
                    best = box
                    break
            if best is not None:
                break
        if best is None:  # nowhere free: leave it out rather than print over another label
            label.remove()
            continue
        placed.append(best)
        out.append(label)
    return out


def plot_collocations(table: pd.DataFrame, *, note: str = "") -> Figure:
    """Small multiples: for each formulation shown, its top collocates by G² (bars), left /
    right / both marked by the bar's shade, the collocate's gloss beside its bar. ``table``
    has ``formulation``, ``formulation_label``, ``collocate``, ``gloss``, ``g2``, ``count``,
    ``side`` and ``shown``."""
    shown = table[table["shown"]]
    forms = list(dict.fromkeys(shown["formulation"]))
    ncols = 3
    nrows = max(1, -(-len(forms) // ncols))
    fig = Figure(figsize=(FULL_WIDTH, 0.9 + 2.0 * nrows), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    for ax in axes[len(forms) :]:
        ax.axis("off")
    side_color = {"left": "#2166AC", "right": "#B2182B", "both": "#7F7F7F"}
    for ax, form in zip(axes, forms, strict=False):
        rows = shown[shown["formulation"] == form].iloc[::-1]
        y = np.arange(len(rows))
        top = float(rows["g2"].max())
        ax.barh(y, rows["g2"], color=[side_color[s] for s in rows["side"]], height=0.65)
        for yi, value, gloss, count in zip(
            y, rows["g2"], rows["gloss"], rows["count"], strict=True
        ):
            label = f"{lines(gloss, 26, 1)} ({count})" if gloss else f"({count})"
            ax.text(value + top * 0.03, yi, label, va="center", fontsize=SMALL_FONT)
        ax.set_yticks(y, [short(c, 8) for c in rows["collocate"]], fontsize=SMALL_FONT)
        ax.set_xlim(0, top * 3.3)
        ax.set_ylim(-0.6, max(len(rows), 8) - 0.4)
        if top > 3.84:
            ax.axvline(3.84, color="#999999", linewidth=0.6, linestyle=":")
        ax.tick_params(axis="x", labelsize=SMALL_FONT)
        ax.set_xlabel("G²", fontsize=SMALL_FONT, labelpad=1)
        ax.set_title(rows["formulation_label"].iloc[0], loc="left", fontsize=FONT)
    figure_title(fig, "What attaches to each formulation: collocates by log-likelihood (搭配)")
    caption = (
        "Bars: G² of the collocate within the formulation's span (blue: always before it, red: "
        "always after, grey: both); (n) times seen. Dotted line G² = 3.84 (p = 0.05, 1 df)."
        + (f" {note}" if note else "")
    )
    fig.text(0.01, 0.0, wrap(caption, 170), fontsize=SMALL_FONT, va="bottom", ha="left")
    fig.get_layout_engine().set(rect=(0, 0.05, 1, 0.95))
    return fig


def _key(fig, entries: list[tuple[str, str]], x: float, top: float, width: int, title: str):
    """A key of numbered entries as separate texts (one per entry), from ``top`` down."""
    texts = [fig.text(x, top, title, fontsize=FONT, va="top", ha="left")]
    line_h = 1.3 * SMALL_FONT / 72 / fig.get_figheight()
    y = top - 1.6 * FONT / 72 / fig.get_figheight()
    for text, color in entries:
        wrapped = wrap(text, width)
        texts.append(fig.text(x, y, wrapped, fontsize=SMALL_FONT, va="top", color=color))
        y -= line_h * (wrapped.count("\n") + 1) + line_h * 0.25
    return texts


def plot_network(nodes: pd.DataFrame, edges: pd.DataFrame, *, caption: str) -> Figure:
    """The co-occurrence network: nodes at their ``x``, ``y``, sized by ``frequency``, coloured
    by ``community``; edges by ``weight``; numbered labels with a key of terms and glosses."""
    fig = Figure(figsize=(FULL_WIDTH, 6.0))
    ax = fig.add_axes((0.01, 0.1, 0.56, 0.83))
    ax.set_axis_off()
    xy = nodes.set_index("formulation")[["x", "y"]]
    color = {
        f: COMMUNITY_COLORS[c] if c < len(COMMUNITY_COLORS) else OTHER_COMMUNITY
        for f, c in zip(nodes["formulation"], nodes["community"], strict=True)
    }
    wmax = float(edges["weight"].max()) if len(edges) else 1.0
    for a, b, w in zip(edges["a"], edges["b"], edges["weight"], strict=True):
        ax.plot(
            [xy.loc[a, "x"], xy.loc[b, "x"]], [xy.loc[a, "y"], xy.loc[b, "y"]],
            color="#9E9E9E", linewidth=0.4 + 1.6 * w / wmax, zorder=1, alpha=0.8,
        )  # fmt: skip
    freq = nodes["frequency"].to_numpy(float)
    sizes = 20 + 180 * np.sqrt(freq / freq.max()) if len(freq) else []
    ax.scatter(nodes["x"], nodes["y"], s=sizes, c=[color[f] for f in nodes["formulation"]],
               edgecolor="white", linewidth=0.5, zorder=2)  # fmt: skip
    ax.set_xlim(-1.15, 1.15)
    ax.set_ylim(-1.12, 1.12)
    numbers = [str(k + 1) for k in range(len(nodes))]
    place_labels(ax, nodes["x"], nodes["y"], numbers, colors=["#222222"] * len(nodes),
                 fontsize=SMALL_FONT)  # fmt: skip
    entries = [
        (f"{n} {f} · {g}" if g else f"{n} {f}", color[f])
        for n, f, g in zip(numbers, nodes["formulation"], nodes["gloss"], strict=True)
    ]
    _key(fig, entries, 0.59, 0.95, 62, "Formulations (by frequency)")
    figure_title(fig, "Which formulations share paragraphs: co-occurrence network (共现网络)")
    fig.text(0.01, 0.01, wrap(caption, 110), fontsize=SMALL_FONT, va="bottom", ha="left")
    return fig


def plot_correspondence_map(
    rows: pd.DataFrame,
    columns: pd.DataFrame,
    inertia: pd.DataFrame,
    unit_labels: Mapping[str, str],
    colors: Mapping[str, str],
    *,
    caption: str,
) -> Figure:
    """Symmetric CA biplot: units (``rows``: ``label``, ``dim1``, ``dim2``) as coloured dots
    with their labels, formulations (``columns``: ``label``, ``dim1``, ``dim2``, ``gloss``) as
    grey triangles numbered with a key; axes titled with their share of inertia."""
    fig = Figure(figsize=(FULL_WIDTH, 6.2))
    ax = fig.add_axes((0.08, 0.19, 0.5, 0.73))
    ax.axhline(0, color="#CCCCCC", linewidth=0.5, zorder=0)
    ax.axvline(0, color="#CCCCCC", linewidth=0.5, zorder=0)
    ax.scatter(columns["dim1"], columns["dim2"], marker="^", s=14, color="#7F7F7F", zorder=2)
    unit_colors = [unit_color(u, colors) for u in rows["label"]]
    ax.scatter(rows["dim1"], rows["dim2"], s=28, c=unit_colors, zorder=3, edgecolor="white",
               linewidth=0.5)  # fmt: skip
    xs = np.r_[rows["dim1"], columns["dim1"]]
    ys = np.r_[rows["dim2"], columns["dim2"]]
    pad_x, pad_y = 0.12 * np.ptp(xs), 0.12 * np.ptp(ys)
    ax.set_xlim(xs.min() - pad_x, xs.max() + pad_x)
    ax.set_ylim(ys.min() - pad_y, ys.max() + pad_y)
    share = inertia.set_index("axis")["share"]
    ax.set_xlabel(f"axis 1 ({share.get(1, 0):.1%} of inertia)", fontsize=FONT)
    ax.set_ylabel(f"axis 2 ({share.get(2, 0):.1%} of inertia)", fontsize=FONT)
    ax.tick_params(labelsize=SMALL_FONT)
    units = place_labels(
        ax, rows["dim1"], rows["dim2"], [unit_labels.get(u, u) for u in rows["label"]],
        colors=unit_colors, fontsize=SMALL_FONT,
    )  # fmt: skip
    numbers = [str(k + 1) for k in range(len(columns))]
    place_labels(ax, columns["dim1"], columns["dim2"], numbers, colors=["#555555"] * len(columns),
                 avoid=units)  # fmt: skip
    entries = [
        (f"{n} {f} · {g}" if g else f"{n} {f}", "#333333")
        for n, f, g in zip(numbers, columns["label"], columns["gloss"], strict=True)
    ]
    _key(fig, entries, 0.62, 0.95, 60, "Formulations (▲, by contribution)")
    figure_title(fig, "Units and formulations on the first two CA axes (对应分析)")
    fig.text(0.01, 0.01, wrap(caption, 110), fontsize=SMALL_FONT, va="bottom", ha="left")
    return fig
