"""One word cloud per plan from domain tokens (stop-words removed)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure

from textlib.viz.style import FULL_WIDTH, MAX_HEIGHT, SMALL_FONT, figure_title, unit_color
from textlib.viz.wrap import wrap_text

WORDCLOUD_SEED = 2022
MAX_CLOUDS = 12  # plans with most tokens drawn; the CSV keeps every plan


def _shades(hex_color: str):
    """A deterministic colour function: darker shades of the plan colour for bigger words."""
    r, g, b = (int(255 * c) for c in to_rgb(hex_color))

    def color_func(word, font_size, position, orientation, random_state=None, **kwargs):
        mix = max(0.0, min(0.55, 0.55 - font_size / 200))
        red, green, blue = (int(c + (255 - c) * mix) for c in (r, g, b))
        return f"rgb({red}, {green}, {blue})"

    return color_func


def render_wordcloud(frequencies: Mapping[str, int], font_path: Path, color: str) -> np.ndarray:
    """RGB array of a word cloud; a new seeded WordCloud each time, so output never varies."""
    from wordcloud import WordCloud

    cloud = WordCloud(
        font_path=str(font_path),
        width=640,
        height=420,
        background_color="white",
        random_state=WORDCLOUD_SEED,
        collocations=False,
        prefer_horizontal=1.0,
        max_words=len(frequencies),
        margin=4,
        color_func=_shades(color),
    )
    return cloud.generate_from_frequencies(dict(frequencies)).to_array()


def plot_wordclouds(
    clouds: Mapping[str, np.ndarray],
    plan_labels: Mapping[str, str],
    colors: Mapping[str, str],
    *,
    note: str = "",
    captions: Mapping[str, str] | None = None,
    hidden: int = 0,
) -> Figure:
    """A grid of pre-rendered word clouds (``clouds``: plan id → RGB array, at most
    ``MAX_CLOUDS`` of them), 4 per row at full width, each titled with its (wrapped) plan
    label and an optional caption underneath (e.g. its top words with English glosses);
    ``hidden`` plans not drawn are counted in the note."""
    plans = list(clouds)
    ncols = 4
    nrows = max(1, -(-len(plans) // ncols))
    height = min(MAX_HEIGHT, 1.75 * nrows + 0.75)
    fig = Figure(figsize=(FULL_WIDTH, height), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    for ax in axes:
        ax.axis("off")
    for ax, plan in zip(axes, plans, strict=False):
        ax.axis("on")
        ax.set_xticks([])
        ax.set_yticks([])
        for spine in ax.spines.values():
            spine.set_visible(False)
        ax.imshow(clouds[plan], interpolation="bilinear")
        ax.set_title(
            wrap_text(plan_labels[plan], 30), color=unit_color(plan, colors), loc="left", pad=2
        )
        if captions and captions.get(plan):
            ax.set_xlabel(wrap_text(captions[plan], 38), loc="left", fontsize=SMALL_FONT)
    more = f"{hidden} more plans with fewer tokens not shown; all are in the CSV." if hidden else ""
    footer = "\n".join(wrap_text(t, 160) for t in (note, more) if t)
    if footer:
        fig.supxlabel(footer, x=0.01, ha="left", fontsize=SMALL_FONT, color="#444444")
    figure_title(fig, "Word clouds per plan (词云): domain tokens, stop-words removed")
    return fig
