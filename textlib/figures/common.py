"""Helpers shared by the figure modules: unit labels and colours as table columns (so a plot
needs nothing but its table), multi-panel tables, and the notes a figure prints about its
unit set."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import pandas as pd

from textlib.errors import NotApplicableError
from textlib.figures.labels import short_labels
from textlib.viz.style import plan_colors, unit_color

if TYPE_CHECKING:
    from textlib.study import Study


def colors(study: Study) -> dict[str, str]:
    """One colour per plan (parts share their plan's), the same in every figure."""
    return plan_colors(study.corpus.plan_ids)


def unit_labels(study: Study) -> dict[str, str]:
    return short_labels(study.corpus).to_dict()


def with_units(
    table: pd.DataFrame, study: Study, *, on: str = "unit_id", prefix: str = "unit"
) -> pd.DataFrame:
    """``table`` with ``<prefix>_label`` and ``<prefix>_color`` columns for the units in its
    ``on`` column: what the plot draws for each unit, read by :func:`unit_styles`."""
    labels, palette = unit_labels(study), colors(study)
    ids = table[on].astype(str)
    return table.assign(
        **{
            f"{prefix}_label": ids.map(lambda u: labels.get(u, u)).to_numpy(),
            f"{prefix}_color": ids.map(lambda u: _color(u, palette)).to_numpy(),
        }
    )


def _color(unit_id: str, palette: Mapping[str, str]) -> str:
    try:
        return unit_color(unit_id, palette)
    except KeyError:
        return "#777777"


def unit_styles(
    table: pd.DataFrame, *, on: str = "unit_id", prefix: str = "unit"
) -> tuple[dict[str, str], dict[str, str]]:
    """(labels, colours) by unit id, read back from the columns :func:`with_units` added."""
    rows = table.dropna(subset=[on]).drop_duplicates(on)
    ids = rows[on].astype(str)
    labels = dict(zip(ids, rows[f"{prefix}_label"].astype(str), strict=True))
    palette = dict(zip(ids, rows[f"{prefix}_color"].astype(str), strict=True))
    return labels, palette


def panels(**tables: pd.DataFrame) -> pd.DataFrame:
    """Several tables of one figure as one tidy table with a ``panel`` column."""
    frames = [t.assign(panel=name)[["panel", *t.columns]] for name, t in tables.items()]
    return pd.concat(frames, ignore_index=True)


def panel(table: pd.DataFrame, name: str) -> pd.DataFrame:
    part = table[table["panel"] == name].drop(columns="panel")
    return part.dropna(axis=1, how="all")


def with_text(table: pd.DataFrame, **texts: str) -> pd.DataFrame:
    """``table`` carrying the figure's words (title parts, notes) in ``table.attrs``: the
    plot reads them there, so it needs nothing but its table."""
    table = table.copy()
    table.attrs.update({k: v for k, v in texts.items()})
    return table


def text(table: pd.DataFrame, key: str) -> str:
    return str(table.attrs.get(key, ""))


def duplicate_note(study: Study) -> str:
    """What the unit set left out, in the words every figure uses."""
    pairs = study.duplicates
    if not len(pairs):
        return ""
    shown = ", ".join(
        f"{a}≈{b} ({m:.1%} shared)"
        for a, b, m in zip(pairs["a"], pairs["b"], pairs["mutual"], strict=True)
    )
    if not study.dropped:
        return f"near-duplicates {shown}: both copies kept (collapse_duplicates=False)"
    kept = ", ".join(
        f"{d} collapsed into {k}" for d, k in zip(pairs["dropped"], pairs["kept"], strict=True)
    )
    return f"near-duplicates {shown}: unit {kept} (study.duplicates says why)"


def civic_note(study: Study) -> str:
    civic = study.left_out
    if not civic:
        return ""
    return f"civic terms left out ({len(civic)}: {', '.join(civic[:4])} …)"


def scope_note(study: Study) -> str:
    """The note of every chart of 提法: civic terms left out, duplicates collapsed."""
    notes = [civic_note(study), duplicate_note(study) if study.dropped else ""]
    return "; ".join(n for n in notes if n)


def shown_rows(ids, max_rows: int = 40) -> list[bool]:
    """Which of ``ids`` (in figure order) a row-per-unit figure shows: the first ``max_rows``
    distinct ids; every row stays in the table with this flag as its ``shown`` column."""
    order = list(dict.fromkeys(ids))
    keep = set(order[:max_rows])
    return [i in keep for i in ids]


def more_note(total: int, shown: int, what: str = "units") -> str:
    return f"{total - shown} more {what} not shown; all are in the CSV." if total > shown else ""


def require(ok: bool, figure_id: str, reason: str) -> None:
    """Raise :class:`NotApplicableError` for ``figure_id`` unless ``ok``."""
    if not ok:
        raise NotApplicableError(f"figure {figure_id!r}", reason)
