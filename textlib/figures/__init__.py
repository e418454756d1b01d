"""The figure registry and the build command (``python -m textlib.figures``)."""

from textlib.figures.build import build_figures, draw, save_figure
from textlib.figures.registry import REGISTRY, FigureContext, FigureSpec

__all__ = ["REGISTRY", "FigureContext", "FigureSpec", "build_figures", "draw", "save_figure"]
