"""Print checks of a drawn figure, from matplotlib's own text extents: no text under the minimum
size, none outside the canvas, no two texts overlapping."""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure
from matplotlib.text import Text

MIN_FONT_PT = 6.0
PRINT_WIDTHS_IN = (3.5, 7.2)  # one journal column, two columns


@dataclass(frozen=True)
class TextProblem:
    """One print problem: ``kind`` is ``small``, ``outside`` or ``overlap``."""

    kind: str
    text: str
    other: str = ""
    detail: str = ""

    def __str__(self) -> str:
        other = f" × {self.other!r}" if self.other else ""
        return f"{self.kind}: {self.text!r}{other} {self.detail}".rstrip()


def _drawn_texts(fig: Figure) -> tuple[list[tuple[Text, np.ndarray]], tuple[float, float]]:
    """The texts a PNG save of ``fig`` actually renders, each with its box as drawn (tick
    labels outside the view limits, hidden axes and empty strings are not drawn), and the
    canvas size in pixels. Measured during the same save a build makes, so the layout is the
    one that ends up in the file."""
    drawn: dict[int, tuple[Text, np.ndarray]] = {}
    original = Text.draw

    def record(self: Text, renderer) -> None:
        result = original(self, renderer)
        if self.get_visible() and self.get_text().strip():
            drawn[id(self)] = (self, np.array(self.get_window_extent(renderer).extents))
        return result

    Text.draw = record  # type: ignore[method-assign]
    try:
        fig.savefig(io.BytesIO(), format="png")
    finally:
        Text.draw = original  # type: ignore[method-assign]
    return list(drawn.values()), (fig.bbox.width, fig.bbox.height)


def text_problems(
    fig: Figure, *, min_size: float = MIN_FONT_PT, tolerance_px: float = 1.0
) -> list[TextProblem]:
    """Every text under ``min_size`` points, outside the canvas, or overlapping another text
    (boxes from ``get_window_extent`` as drawn by a PNG save; touching within
    ``tolerance_px`` is fine)."""
    drawn, (width, height) = _drawn_texts(fig)
    texts = [t for t, _ in drawn]
    problems = [
        TextProblem("small", t.get_text(), detail=f"{t.get_fontsize():.1f} pt")
        for t in texts
        if t.get_fontsize() < min_size - 1e-9
    ]
    boxes = np.array([box for _, box in drawn]).reshape(-1, 4)
    for t, (x0, y0, x1, y1) in zip(texts, boxes, strict=True):
        if (
            x0 < -tolerance_px
            or y0 < -tolerance_px
            or x1 > width + tolerance_px
            or y1 > height + tolerance_px
        ):
            problems.append(TextProblem("outside", t.get_text(), detail="beyond the canvas"))
    if len(boxes) > 1:
        x0, y0, x1, y1 = (boxes[:, i] for i in range(4))
        overlap_x = np.minimum(x1[:, None], x1[None, :]) - np.maximum(x0[:, None], x0[None, :])
        overlap_y = np.minimum(y1[:, None], y1[None, :]) - np.maximum(y0[:, None], y0[None, :])
        clash = (overlap_x > tolerance_px) & (overlap_y > tolerance_px)
        i_idx, j_idx = np.nonzero(np.triu(clash, k=1))
        for i, j in zip(i_idx.tolist(), j_idx.tolist(), strict=True):
            problems.append(TextProblem("overlap", texts[i].get_text(), texts[j].get_text()))
    return problems
