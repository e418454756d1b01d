"""Argument checks for the public load and count functions: a wrong type gets a named error
saying what was expected, never an ``AttributeError`` or ``TypeError`` from deep inside."""

from __future__ import annotations

import os
from pathlib import Path

from textlib.errors import StudyParameterError


def shown_value(value: object) -> object:
    """``value`` itself when it is a short scalar (text, number, path, None), else a
    stand-in naming its type (a table or a corpus is not printed into a message)."""
    scalar = value is None or isinstance(value, str | int | float | bool | os.PathLike)
    if scalar and len(repr(value)) <= 60:
        return value
    return _TypeOnly(type(value).__name__)


class _TypeOnly:
    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"<a {self.name}>"


def _refuse(name: str, value: object, expected: str) -> StudyParameterError:
    got = type(value).__name__
    return StudyParameterError(name, shown_value(value), f"{expected} (got {got})")


def path_arg(name: str, value: object) -> Path:
    """``value`` as a Path: a str or an ``os.PathLike`` (not bytes, not empty)."""
    if isinstance(value, str) and value.strip():
        return Path(value)
    if isinstance(value, os.PathLike) and not isinstance(value, bytes):
        path = os.fspath(value)
        if isinstance(path, str):
            return Path(path)
    raise _refuse(name, value, "a path (a non-empty str or a pathlib.Path)")


def str_arg(name: str, value: object, *, allow_none: bool = False) -> str | None:
    if value is None and allow_none:
        return None
    if isinstance(value, str):
        return value
    raise _refuse(name, value, "a str" + (" or None" if allow_none else ""))


def bool_arg(name: str, value: object) -> bool:
    if isinstance(value, bool):
        return value
    raise _refuse(name, value, "True or False")


def int_arg(name: str, value: object, *, minimum: int | None = None) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        if minimum is None or value >= minimum:
            return value
        raise StudyParameterError(name, value, f"a whole number of at least {minimum}")
    raise _refuse(name, value, "a whole number" + (f" ≥ {minimum}" if minimum is not None else ""))


def corpus_arg(name: str, value: object):
    """``value`` when it is a :class:`textlib.Corpus`."""
    from textlib.load.corpus import Corpus

    if isinstance(value, Corpus):
        return value
    raise _refuse(name, value, "a Corpus (from read_directory, read_table or load_seed)")


def frame_arg(name: str, value: object, *, allow_none: bool = False):
    import pandas as pd

    if value is None and allow_none:
        return None
    if isinstance(value, pd.DataFrame):
        return value
    raise _refuse(name, value, "a pandas DataFrame" + (" or None" if allow_none else ""))
