"""Every figure of the project, in build order: textlib's own (declared as the entry point
``textlib.figures`` in ``pyproject.toml``) and any registered at run time with
:func:`register` (e.g. from a notebook), which then works with ``draw``, ``build_figures``,
``study.figure_data`` and the command line alike."""

from __future__ import annotations

from textlib import registry as _store
from textlib.figures.associations import SPECS as _ASSOCIATIONS
from textlib.figures.core import SPECS as _CORE
from textlib.figures.over_time import SPECS as _OVER_TIME
from textlib.figures.reuse_views import SPECS as _REUSE_VIEWS
from textlib.figures.spec import FigureSpec

#: textlib's own figures, in build order
BUILTIN: tuple[FigureSpec, ...] = (*_CORE, *_OVER_TIME, *_ASSOCIATIONS, *_REUSE_VIEWS)


def builtin_specs() -> tuple[FigureSpec, ...]:
    """The entry point: textlib's own figures."""
    return BUILTIN


def register(spec: FigureSpec, *, replace: bool = False) -> FigureSpec:
    """Register a figure (its ``data(study)`` reads Study tables, its ``plot(table)`` draws
    that table); returns it. An id already taken raises unless ``replace``."""
    if not isinstance(spec, FigureSpec):
        from textlib.errors import ArgumentTypeError

        raise ArgumentTypeError("register", "spec", spec, "a textlib.figures.FigureSpec")
    _store.add(spec, replace=replace)
    return spec


def figure_ids() -> list[str]:
    """The ids of every registered figure, in build order."""
    return _store.ids()


def specs() -> list[FigureSpec]:
    """Every registered figure, in build order."""
    return [_store.figure_spec(f) for f in _store.ids()]


def get_spec(figure_id: str) -> FigureSpec:
    """The registered figure with this id (:class:`UnknownFigureError` otherwise)."""
    return _store.figure_spec(figure_id)
