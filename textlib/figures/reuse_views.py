"""Figures of shared text: where the template and the copies sit in each unit, and how much of
a reference each unit takes up clause by clause. Data from the Study's template map and uptake
only; plots from those tables."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
from matplotlib.figure import Figure

from textlib.figures.common import (
    duplicate_note,
    more_note,
    require,
    text,
    unit_styles,
    with_text,
    with_units,
)
from textlib.figures.spec import FigureSpec

if TYPE_CHECKING:
    from textlib.study import Study

MAX_UNITS = 40  # rows of the template map, columns of the uptake matrix
MAX_CLAUSES = 45  # rows of the uptake matrix


# -- template map ------------------------------------------------------------------------------
def _template_data(study: Study) -> pd.DataFrame:
    table = study.template_map.copy()
    order = {u: k for k, u in enumerate(study.unit_ids)}
    table.insert(2, "shown", table["unit_id"].map(order) < MAX_UNITS)
    table = with_units(table, study)
    units = table["unit_id"].nunique()
    shown = table.loc[table["shown"], "unit_id"].nunique()
    note = " ".join(filter(None, [more_note(units, shown), duplicate_note(study)]))
    return with_text(table, note=note)


def _template_plot(table: pd.DataFrame) -> Figure:
    from textlib.viz.plots.reuse_views import plot_template_map

    labels, colors = unit_styles(table)
    shown = table[table["shown"].astype(bool)].drop(columns=["unit_label", "unit_color"])
    return plot_template_map(shown, labels, colors, note=text(table, "note"))


# -- uptake matrix -----------------------------------------------------------------------------
def _uptake_data(study: Study) -> pd.DataFrame:
    require(
        study.n_units >= 2,
        "uptake_matrix",
        f"it needs a reference and another unit; the unit set has {study.n_units}",
    )
    reference, reason = study.uptake_reference
    table = study.uptake(reference).table.copy()
    taken = (table["status"] != "absent").groupby(table["unit_id"], sort=False).mean()
    order = {u: k for k, u in enumerate(study.unit_ids)}
    ranked = sorted(taken.index, key=lambda u: (-taken[u], order.get(u, 0)))
    columns = set(ranked[:MAX_UNITS])  # the units taking up most, drawn in corpus order
    table.insert(0, "reference", reference)
    table.insert(1, "reference_reason", reason)
    table["shown"] = (table["clause"] < MAX_CLAUSES) & table["unit_id"].isin(columns)
    table["order"] = table["unit_id"].map(order)
    styles = with_units(pd.DataFrame({"unit_id": [reference]}), study)
    table = with_units(table, study)
    return table.assign(
        reference_label=styles["unit_label"].iloc[0], reference_color=styles["unit_color"].iloc[0]
    )


def _uptake_plot(table: pd.DataFrame) -> Figure:
    from textlib.viz.plots.reuse_views import plot_uptake_matrix

    reference = str(table["reference"].iloc[0])
    reason = str(table["reference_reason"].iloc[0])
    n_clauses = table["clause"].nunique()
    n_units = table["unit_id"].nunique()
    shown = table[table["shown"].astype(bool)]
    notes = [
        more_note(n_clauses, shown["clause"].nunique(), "clauses"),
        more_note(n_units, shown["unit_id"].nunique(), "units (those taking up least)"),
    ]
    counts = table.groupby(["unit_id", "status"]).size().unstack(fill_value=0)
    for status in ("verbatim", "adapted", "absent"):
        if status not in counts.columns:
            counts[status] = 0
    counts["taken"] = counts["verbatim"] + counts["adapted"]
    order = dict(zip(table["unit_id"], table["order"], strict=True))
    best = sorted(counts.index, key=lambda u: (-counts.at[u, "taken"], order.get(u, 0)))
    takers = [u for u in best if counts.at[u, "taken"]][:3]
    if takers:
        parts = [
            f"unit {u} takes up {counts.at[u, 'taken']} of {n_clauses} clauses "
            f"({counts.at[u, 'verbatim']} verbatim, {counts.at[u, 'adapted']} adapted)"
            for u in takers
        ]
        rest = n_units - len([u for u in best if counts.at[u, "taken"]])
        summary = "; ".join(parts) + (f"; {rest} units take up none." if rest else ".")
    else:
        summary = "no unit takes up any clause."
    summary = summary[0].upper() + summary[1:]
    labels, colors = unit_styles(table)
    labels[reference] = str(table["reference_label"].iloc[0])
    colors[reference] = str(table["reference_color"].iloc[0])
    shown = shown.drop(
        columns=["order", "unit_label", "unit_color", "reference_label", "reference_color"]
    )
    return plot_uptake_matrix(
        shown,
        reference,
        reason,
        labels,
        colors,
        summary=summary,
        note=" ".join(filter(None, notes)),
    )


SPECS: tuple[FigureSpec, ...] = (
    FigureSpec(
        "template_map",
        "21_template_map",
        _template_data,
        _template_plot,
        "Where shared text sits in each unit: template (≥ 3 units) and pairwise reuse spans.",
        caption=(
            "Where shared text sits in each unit: template spans (shared by three or more "
            "units, directly or through a chain of copies: e.g. the opening "
            "以习近平新时代中国特色社会主义思想为指导) and pairwise reuse (shared with one "
            "other unit: a copy), with each unit's shares and main partner. Passages come "
            "from the n-gram reuse engine; short common phrases under 20 characters are "
            "not passages."
        ),
    ),
    FigureSpec(
        "uptake_matrix",
        "22_uptake_matrix",
        _uptake_data,
        _uptake_plot,
        "Clause × unit uptake of a reference: verbatim, adapted (score) or absent, by heading.",
        caption=(
            "Uptake of a reference, clause by clause (rows, grouped by the reference's "
            "outline), in every other unit (columns): verbatim, adapted (shaded by "
            "similarity) or absent. The reference is the kept copy of a near-duplicate "
            "pair (a text the corpus holds twice), else the longest unit; the targets are "
            "the other units of the study's unit set; `study.uptake(reference)` gives it "
            "for any unit or text."
        ),
    ),
)
