"""Helpers shared by the figure modules: labels and colours from corpus columns, multi-panel
tables, and the notes a figure prints about what it collapsed or left out."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from textlib.viz.labels import short_labels
from textlib.viz.style import plan_colors

if TYPE_CHECKING:
    from textlib.study import Study


def colors(study: Study) -> dict[str, str]:
    return plan_colors(study.corpus.plan_ids)


def plan_labels(study: Study) -> dict[str, str]:
    labels = short_labels(study.corpus)
    return {p: labels[p] for p in study.corpus.plan_ids}


def unit_labels(study: Study) -> dict[str, str]:
    return short_labels(study.corpus).to_dict()


def panels(**tables: pd.DataFrame) -> pd.DataFrame:
    """Several tables of one figure as one tidy table with a ``panel`` column."""
    frames = [t.assign(panel=name)[["panel", *t.columns]] for name, t in tables.items()]
    return pd.concat(frames, ignore_index=True)


def panel(table: pd.DataFrame, name: str) -> pd.DataFrame:
    part = table[table["panel"] == name].drop(columns="panel")
    return part.dropna(axis=1, how="all")


def duplicate_note(study: Study) -> str:
    pairs = study.duplicates
    if not len(pairs):
        return ""
    shown = ", ".join(
        f"{a}≈{b} ({m:.0%} shared)"
        for a, b, m in zip(pairs["a"], pairs["b"], pairs["mutual"], strict=True)
    )
    if not study.dropped:
        return f"near-duplicates {shown}: both copies kept (collapse_duplicates=False)"
    return (
        f"near-duplicates {shown}: unit {', '.join(study.dropped)} collapsed into its fuller copy"
    )


def more_note(total: int, shown: int, what: str = "units") -> str:
    return f"{total - shown} more {what} not shown; all are in the CSV." if total > shown else ""
