"""One word cloud per plan from domain tokens (stop-words removed)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure

from textlib.viz.style import figure_title, unit_color

WORDCLOUD_SEED = 2022


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
) -> Figure:
    """A grid of pre-rendered word clouds (``clouds``: plan id → RGB array), each with an
    optional caption underneath (e.g. its top words with English glosses)."""
    plans = list(clouds)
    ncols = 4
    nrows = -(-(len(plans) + (1 if note else 0)) // ncols)
    fig = Figure(figsize=(16, 3.3 * nrows + 0.6), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    for ax in axes:
        ax.axis("off")
    for ax, plan in zip(axes, plans, strict=False):
        ax.imshow(clouds[plan], interpolation="bilinear")
        ax.set_title(plan_labels[plan], color=unit_color(plan, colors), fontsize=10, loc="left")
        if captions and captions.get(plan):
            ax.text(
                0.0,
                -0.02,
                captions[plan],
                va="top",
                ha="left",
                fontsize=7.5,
                transform=ax.transAxes,
                in_layout=False,
            )
    if note:
        axes[len(plans)].text(
            0.0,
            0.95,
            note,
            va="top",
            ha="left",
            fontsize=9,
            wrap=True,
            transform=axes[len(plans)].transAxes,
        )
    figure_title(fig, "Word clouds per plan (词云): domain tokens, stop-words removed")
    return fig
