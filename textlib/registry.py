"""Where the registered figures are found: a store below the Study that the figures stage fills.

The Study lists no figure and imports nothing above it; ``study.figure_data(id)`` looks the
figure up here. Figures arrive in two ways: packages declare an entry point in the group
``textlib.figures`` (textlib's own figures are declared in ``pyproject.toml``), loaded on first
use; and :func:`textlib.figures.register` adds one at run time (e.g. from a notebook).
"""

from __future__ import annotations

from importlib.metadata import entry_points
from typing import Any

from textlib.errors import UnknownFigureError

ENTRY_POINT_GROUP = "textlib.figures"
_SPECS: dict[str, Any] = {}
_LOADED: list[bool] = []


def _load_entry_points() -> None:
    if _LOADED:
        return
    _LOADED.append(True)
    for point in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda p: p.name):
        for spec in point.load()():
            _SPECS.setdefault(spec.figure_id, spec)


def add(spec: Any, *, replace: bool = False) -> None:
    """Register ``spec`` (a :class:`textlib.figures.FigureSpec`) under its ``figure_id``."""
    _load_entry_points()
    if spec.figure_id in _SPECS and not replace and _SPECS[spec.figure_id] is not spec:
        raise UnknownFigureError(
            f"{spec.figure_id} (already registered; pass replace=True to replace it)", ids()
        )
    _SPECS[spec.figure_id] = spec


def ids() -> list[str]:
    """Every registered figure id, in registration order (textlib's own first)."""
    _load_entry_points()
    return list(_SPECS)


def figure_spec(figure_id: str) -> Any:
    """The registered figure ``figure_id`` (:class:`UnknownFigureError` listing the others)."""
    _load_entry_points()
    spec = _SPECS.get(figure_id)
    if spec is None:
        raise UnknownFigureError(figure_id, ids())
    return spec
