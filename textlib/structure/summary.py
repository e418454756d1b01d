"""Figure-ready tables of outlines, sections and roles."""

from __future__ import annotations

import pandas as pd

from textlib.load.corpus import Corpus
from textlib.structure.headings import numbering_style
from textlib.structure.roles import ROLE_ORDER


def structure_summary(
    corpus: Corpus,
    outline_table: pd.DataFrame,
    enum_table: pd.DataFrame,
    section_table: pd.DataFrame,
) -> pd.DataFrame:
    """Per most specific unit: headings per level, inline headings, level-2 numbering style,
    enumerations (and how many open a paragraph), sections and their mean length."""
    leaves = corpus.leaf_ids
    levels = pd.crosstab(outline_table["unit_id"], outline_table["level"]).reindex(
        index=leaves, columns=[1, 2, 3], fill_value=0
    )
    table = pd.DataFrame(index=pd.Index(leaves, name="unit_id"))
    table["plan"] = [corpus.plan_of(u) for u in leaves]
    for level in (1, 2, 3):
        table[f"l{level}_headings"] = levels[level].astype(int)
    table["inline_headings"] = (
        outline_table.groupby("unit_id")["inline"].sum().reindex(leaves, fill_value=0).astype(int)
    )
    table["l2_numbering"] = numbering_style(outline_table).reindex(leaves, fill_value="none")
    table["enumerations"] = (
        enum_table.groupby("unit_id").size().reindex(leaves, fill_value=0).astype(int)
    )
    table["enumerations_opening_paragraph"] = (
        enum_table.groupby("unit_id")["starts_paragraph"]
        .sum()
        .reindex(leaves, fill_value=0)
        .astype(int)
    )
    body = section_table[section_table["level"] > 0]
    table["sections"] = body.groupby("unit_id").size().reindex(leaves, fill_value=0).astype(int)
    table["mean_section_han"] = body.groupby("unit_id")["han_chars"].mean().reindex(leaves).round(1)
    table["han_chars"] = (
        section_table.groupby("unit_id")["han_chars"].sum().reindex(leaves).astype(int)
    )
    return table


def _block(sec, x: int, band: int, width: int, title: str) -> dict:
    return {
        "unit_id": sec.unit_id,
        "plan": sec.plan,
        "band": band,
        "x0": x,
        "width": width,
        "title": title,
        "role": sec.role,
    }


def skyline_table(section_table: pd.DataFrame) -> pd.DataFrame:
    """Blocks for the outline skyline: per unit, a ``band`` 1 block per level-1 section (with
    its subsections; the preamble too) and a ``band`` 2 block per level-2 section, each with
    ``x0`` and ``width`` in Han characters, ``title`` and ``role``."""
    rows = []
    for _, group in section_table.groupby("unit_id", sort=False):
        x, current = 0, None
        for sec in group.itertuples(index=False):
            if sec.level <= 1:
                if current:
                    rows.append(current)
                current = _block(sec, x, 1, 0, "(preamble)" if sec.level == 0 else sec.l1_title)
            if sec.level == 2:
                rows.append(_block(sec, x, 2, sec.han_chars, sec.l2_title))
                if current is None:
                    current = _block(sec, x, 1, 0, sec.l1_title)
            current["width"] += sec.han_chars
            x += sec.han_chars
        if current:
            rows.append(current)
    return pd.DataFrame(rows, columns=["unit_id", "plan", "band", "x0", "width", "title", "role"])


def role_tables(
    hits_in_sections: pd.DataFrame, *, top: int = 20
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Formulation hits by section role: (plans × roles counts, top formulations × roles counts).

    ``hits_in_sections`` is formulation hits with a ``role`` column (see
    ``locate_sections`` and ``assign_roles``)."""
    by_plan = pd.crosstab(hits_in_sections["plan"], hits_in_sections["role"])
    by_plan = by_plan.reindex(columns=[r for r in ROLE_ORDER if r in by_plan.columns], fill_value=0)
    totals = hits_in_sections["formulation"].value_counts()
    chosen = sorted(totals.index, key=lambda f: (-totals[f], f))[:top]
    by_form = pd.crosstab(hits_in_sections["formulation"], hits_in_sections["role"]).reindex(
        index=chosen, columns=by_plan.columns, fill_value=0
    )
    return by_plan, by_form
