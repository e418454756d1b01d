"""Figures above the Study: each registered figure's data reads only Study tables and its plot
draws only that table; ``python -m textlib.figures`` builds them all."""

from textlib.figures.build import FigureOutcome, build_figures, draw, save_figure
from textlib.figures.registry import FigureSpec, figure_ids, get_spec, register, specs

__all__ = [
    "FigureOutcome",
    "FigureSpec",
    "build_figures",
    "draw",
    "figure_ids",
    "get_spec",
    "register",
    "save_figure",
    "specs",
]
