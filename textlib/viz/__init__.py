"""Presentation: style, fonts, plot functions (tables in, Figures out; no statistics) and the
interactive tables of notebooks."""

from textlib._exports import lazy_exports

_EXPORTS = {
    "interactive_table": ".interactive:interactive_table",
    "figure_style": ".style:figure_style",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())
