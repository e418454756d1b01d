"""Print checks of a drawn figure, from matplotlib's own text extents: no text under the minimum
size, none outside the canvas, no two texts overlapping."""

from __future__ import annotations

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


def _drawn_texts(canvas) -> list[Text]:
    """The texts a draw of ``canvas`` actually renders (tick labels outside the view limits,
    hidden axes and empty strings are not drawn, so they are not checked)."""
    drawn: dict[int, Text] = {}
    original = Text.draw

    def record(self: Text, renderer) -> None:
        if self.get_visible() and self.get_text().strip():
            drawn.setdefault(id(self), self)
        return original(self, renderer)

    Text.draw = record  # type: ignore[method-assign]
    try:
        canvas.draw()
    finally:
        Text.draw = original  # type: ignore[method-assign]
    return list(drawn.values())


def text_problems(
    fig: Figure, *, min_size: float = MIN_FONT_PT, tolerance_px: float = 1.0
) -> list[TextProblem]:
    """Every text under ``min_size`` points, outside the canvas, or overlapping another text
    (boxes from ``get_window_extent`` after a draw; touching within ``tolerance_px`` is fine)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)  # a bare Figure has no renderer of its own
    canvas.draw()  # final layout first (constrained layout runs at draw time)
    texts = _drawn_texts(canvas)
    renderer = canvas.get_renderer()
    problems = [
        TextProblem("small", t.get_text(), detail=f"{t.get_fontsize():.1f} pt")
        for t in texts
        if t.get_fontsize() < min_size - 1e-9
    ]
    boxes = np.array([t.get_window_extent(renderer).extents for t in texts]).reshape(-1, 4)
    width, height = canvas.get_width_height()
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
