"""Figure-ready tables of outlines, sections and roles."""

from __future__ import annotations

import pandas as pd

from textlib.load.corpus import Corpus
from textlib.structure.headings import numbering_style
from textlib.structure.roles import ROLE_ORDER

MAX_ROWS = 40  # units (or plans) a row-per-unit figure shows; the rest stay in its table


def shown_rows(ids, max_rows: int = MAX_ROWS) -> list[bool]:
    """Which of ``ids`` (in figure order) a row-per-unit figure shows: the first ``max_rows``
    distinct ids; every row stays in the table with this flag as its ``shown`` column."""
    order = list(dict.fromkeys(ids))
    keep = set(order[:max_rows])
    return [i in keep for i in ids]


def structure_summary(
    corpus: Corpus,
    outline_table: pd.DataFrame,
    enum_table: pd.DataFrame,
    section_table: pd.DataFrame,
    *,
    units: list[str] | None = None,
    max_rows: int = MAX_ROWS,
) -> pd.DataFrame:
    """Per most specific unit (of ``units``; default: those ``section_table`` covers), headings
    per level, inline headings,
    level-2 numbering style, enumerations (and how many open a paragraph), sections and their
    mean length; ``shown`` marks the first ``max_rows`` units (those the figure draws)."""
    if units is None:
        covered = set(section_table["unit_id"].astype(str))
        units = [u for u in corpus.leaf_ids if u in covered]
    leaves = list(units)
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
    table["shown"] = shown_rows(leaves, max_rows)
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


def skyline_table(section_table: pd.DataFrame, *, max_rows: int = MAX_ROWS) -> pd.DataFrame:
    """Blocks for the outline skyline: per unit, a ``band`` 1 block per level-1 section (with
    its subsections; the preamble too) and a ``band`` 2 block per level-2 section, each with
    ``x0`` and ``width`` in Han characters, ``title`` and ``role``; ``shown`` marks the blocks
    of the first ``max_rows`` units (those the figure draws)."""
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
    table = pd.DataFrame(rows, columns=["unit_id", "plan", "band", "x0", "width", "title", "role"])
    table["shown"] = shown_rows(table["unit_id"].tolist(), max_rows)
    return table


def role_tables(
    hits_in_sections: pd.DataFrame,
    section_table: pd.DataFrame | None = None,
    *,
    top: int = 20,
    max_rows: int = MAX_ROWS,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Formulation hits by section role: (plans × roles, top formulations × roles).

    ``hits_in_sections`` is formulation hits with a ``role`` column (see ``locate_sections``
    and ``assign_roles``). Without ``section_table`` both tables are counts. With it (sections
    with ``plan``, ``role`` and ``han_chars``) they are long tables, one row per cell, with
    ``hits``, ``role_han_chars`` (Han characters of the sections with that role: the plan's
    for plans, all plans' for formulations) and ``per_1k_han`` (hits per 1,000 of them), so a
    role with little text is not read as carrying few formulations; plan rows carry
    ``shown`` (the first ``max_rows`` plans)."""
    by_plan = pd.crosstab(hits_in_sections["plan"], hits_in_sections["role"])
    roles = [r for r in ROLE_ORDER if r in by_plan.columns]
    if section_table is not None:
        text_roles = set(section_table.loc[section_table["han_chars"] > 0, "role"])
        roles = [r for r in ROLE_ORDER if r in by_plan.columns or r in text_roles]
    by_plan = by_plan.reindex(columns=roles, fill_value=0)
    totals = hits_in_sections["formulation"].value_counts()
    chosen = sorted(totals.index, key=lambda f: (-totals[f], f))[:top]
    by_form = pd.crosstab(hits_in_sections["formulation"], hits_in_sections["role"]).reindex(
        index=chosen, columns=roles, fill_value=0
    )
    if section_table is None:
        return by_plan, by_form
    plans = list(dict.fromkeys(section_table["plan"]))
    by_plan = by_plan.reindex(index=plans, fill_value=0)
    plan_text = section_table.pivot_table(
        index="plan", columns="role", values="han_chars", aggfunc="sum", fill_value=0
    ).reindex(index=plans, columns=roles, fill_value=0)
    role_text = plan_text.sum(axis=0)
    form_text = pd.DataFrame([role_text] * len(chosen), index=by_form.index)
    return (
        _rates(by_plan, plan_text, "plan").assign(
            shown=lambda t: shown_rows(t["plan"].tolist(), max_rows)
        ),
        _rates(by_form, form_text, "formulation"),
    )


def _rates(counts: pd.DataFrame, text: pd.DataFrame, name: str) -> pd.DataFrame:
    """Long table of ``hits``, ``role_han_chars`` and ``per_1k_han`` per (row, role)."""
    hits = counts.rename_axis(index=name, columns="role").stack().rename("hits")
    han = text.rename_axis(index=name, columns="role").stack().rename("role_han_chars")
    table = pd.concat([hits, han.reindex(hits.index, fill_value=0)], axis=1).reset_index()
    table["hits"] = table["hits"].astype(int)
    table["role_han_chars"] = table["role_han_chars"].astype(int)
    rate = table["hits"] / table["role_han_chars"].where(table["role_han_chars"] > 0) * 1000
    table["per_1k_han"] = rate.round(2)
    return table
