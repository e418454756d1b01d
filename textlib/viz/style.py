"""One look for every figure: plan colours, fonts and deterministic save settings."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager

# Okabe–Ito colour-blind-safe palette plus two neutrals; plan k always gets PALETTE[k-1].
PALETTE = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # green
    "#CC79A7",  # purple-pink
    "#56B4E9",  # sky
    "#D55E00",  # vermilion
    "#7F7F7F",  # grey
    "#F0E442",  # yellow
    "#000000",  # black
)

FIGURE_DPI = 150


def plan_colors(plan_ids: list[str]) -> dict[str, str]:
    """A colour per plan id, stable across figures: ids ``"1"``… use PALETTE in order.

    Non-numeric ids (users' own corpora) are coloured by their sorted position.
    """
    numeric = all(p.isdigit() for p in plan_ids)
    order = sorted(plan_ids, key=int) if numeric else sorted(plan_ids)
    colors = {}
    for pos, plan in enumerate(order):
        idx = int(plan) - 1 if numeric else pos
        colors[plan] = PALETTE[idx % len(PALETTE)]
    return colors


def unit_color(unit_id: str, colors: Mapping[str, str]) -> str:
    """A unit's colour: its plan's colour (parts ``6.1`` share plan ``6``'s)."""
    return colors.get(unit_id) or colors[unit_id.split(".", 1)[0]]


def figure_title(fig, text: str) -> None:
    """The project's figure title: left-aligned at the top, 12 pt."""
    fig.suptitle(text, x=0.01, ha="left", fontsize=12)


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
        "font.size": 9,
        "axes.titlesize": 11,
        "axes.labelsize": 9,
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
