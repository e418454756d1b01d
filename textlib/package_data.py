"""Absolute paths of files shipped in ``textlib/data`` (safe whatever the working directory)."""

from __future__ import annotations

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def data_path(name: str) -> Path:
    """Absolute path of a package data file."""
    return DATA_DIR / name
