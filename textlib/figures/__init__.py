"""The figure registry and the build command (``python -m textlib.figures``)."""

from textlib.figures.build import build_figures, draw, save_figure
from textlib.figures.registry import REGISTRY, FigureSpec, figure_ids, get_spec

__all__ = [
    "REGISTRY",
    "FigureSpec",
    "build_figures",
    "draw",
    "figure_ids",
    "get_spec",
    "save_figure",
]
