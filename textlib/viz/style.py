"""One look for every figure: plan colours, fonts and deterministic save settings."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager

# Okabe–Ito colour-blind-safe palette, then three distinct darks; plan k gets PALETTE[k-1].
PALETTE = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # green
    "#CC79A7",  # purple-pink
    "#56B4E9",  # sky
    "#D55E00",  # vermilion
    "#7F7F7F",  # grey
    "#B8A100",  # dark yellow (Okabe–Ito yellow is too light on white)
    "#000000",  # black
    "#8B4513",  # brown
)
NEUTRAL = "#4D4D4D"  # every unit, when there are more plans than colours

# Print geometry: figures are designed at their final size.
FULL_WIDTH = 7.2  # inches: two journal columns
COLUMN_WIDTH = 3.5  # inches: one journal column
MAX_HEIGHT = 9.0  # inches: a page, less its caption
MIN_FONT = 6.0  # points, at the final size
FONT = 7.0  # body text, tick labels
SMALL_FONT = 6.0  # cell annotations, notes
TITLE_FONT = 8.0
FIGURE_DPI = 300  # PNG; SVG and PDF are vector


def plan_colors(plan_ids: list[str]) -> dict[str, str]:
    """A colour per plan id, unique within a figure and stable across figures: ids ``"1"``…
    use PALETTE in order; other ids are coloured by their sorted position. With more plans
    than colours, every plan gets the same neutral colour (colour then means nothing)."""
    numeric = all(p.isdigit() for p in plan_ids)
    order = sorted(plan_ids, key=int) if numeric else sorted(plan_ids)
    if len(order) > len(PALETTE) or (numeric and max(map(int, order), default=0) > len(PALETTE)):
        return dict.fromkeys(order, NEUTRAL)
    colors = {}
    for pos, plan in enumerate(order):
        idx = int(plan) - 1 if numeric else pos
        colors[plan] = PALETTE[idx]
    return colors


def unit_color(unit_id: str, colors: Mapping[str, str]) -> str:
    """A unit's colour: its plan's colour (parts ``6.1`` share plan ``6``'s)."""
    return colors.get(unit_id) or colors[unit_id.split(".", 1)[0]]


def figure_title(fig, text: str, *, note: str = "") -> None:
    """The project's figure title: left-aligned at the top; ``note`` (what was left out or
    collapsed) wrapped on the lines below it."""
    from textlib.viz.wrap import wrap_text

    if note:  # width in display columns (a Han character is two)
        text += "\n" + wrap_text(note, int(fig.get_figwidth() * 15))
    fig.suptitle(text, x=0.01, ha="left", fontsize=TITLE_FONT + 1)


def color_tick_labels(labels, unit_ids, colors: Mapping[str, str]) -> None:
    """Colour each tick label with its unit's plan colour."""
    for label, unit_id in zip(labels, list(unit_ids), strict=True):
        label.set_color(unit_color(unit_id, colors))


@contextmanager
def figure_style() -> Iterator[None]:
    """rc settings for textlib figures (CJK font first), applied only inside the block."""
    import matplotlib as mpl

    from textlib.viz.fonts import cjk_family

    rc = {
        "font.family": [cjk_family(), "DejaVu Sans"],
        "font.size": FONT,
        "axes.titlesize": TITLE_FONT,
        "axes.labelsize": FONT,
        "xtick.labelsize": FONT,
        "ytick.labelsize": FONT,
        "legend.fontsize": FONT,
        "legend.title_fontsize": FONT,
        "figure.titlesize": TITLE_FONT + 1,
        "axes.linewidth": 0.6,
        "xtick.major.width": 0.6,
        "ytick.major.width": 0.6,
        "xtick.major.size": 2.5,
        "ytick.major.size": 2.5,
        "lines.linewidth": 1.0,
        "hatch.linewidth": 0.5,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "figure.dpi": FIGURE_DPI,
        "savefig.dpi": FIGURE_DPI,
        "svg.hashsalt": "textlib",
        "pdf.fonttype": 42,
        "axes.unicode_minus": False,
        "text.parse_math": False,  # a "$" in a title or label is drawn as itself
    }
    with mpl.rc_context(rc):
        yield
