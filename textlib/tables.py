"""Figure-ready tables assembled from the pipeline stages."""

from __future__ import annotations

import pandas as pd

from textlib import patterns as P
from textlib.corpus import Corpus
from textlib.diagnostics import noise_summary
from textlib.formulations import plan_formulation_counts
from textlib.labels import unit_labels
from textlib.lexicon import label
from textlib.roles import ROLE_ORDER
from textlib.structure import numbering_style


def corpus_overview(corpus: Corpus) -> pd.DataFrame:
    """Per most specific unit: plan, label, source lines, repaired length and noise counts."""
    leaves = corpus.leaf_ids
    units = corpus.units.loc[leaves]
    table = pd.DataFrame(
        {
            "plan": [corpus.plan_of(u) for u in leaves],
            "label": unit_labels(corpus).loc[leaves].to_numpy(),
            "start_line": units["start_line"].to_numpy(),
            "end_line": units["end_line"].to_numpy(),
            "chars": units["text"].str.len().to_numpy(),
            "han_chars": [P.count_han(t) for t in units["text"]],
        },
        index=pd.Index(leaves, name="unit_id"),
    )
    return table.join(noise_summary(corpus))


KIND_ORDER = (
    "banner term",
    "numbered formulation",
    "value or spirit",
    "campaign or programme",
    "institution",
    "honour or title",
    "meeting or document",
    "local slogan",
)


def _formulation_info(lexicon: pd.DataFrame) -> pd.DataFrame:
    info = lexicon.groupby("formulation", sort=False)[["gloss", "kind"]].first()
    info["label"] = [label(f, g, width=46) for f, g in zip(info.index, info["gloss"], strict=True)]
    return info


def select_formulations(plan_counts: pd.DataFrame, *, top: int) -> list[str]:
    """The ``top`` formulations by number of plans they occur in, then by total count."""
    present = plan_counts[plan_counts["count"] > 0]
    spread = present.groupby("formulation").agg(plans=("plan", "nunique"), total=("count", "sum"))
    spread = spread.sort_values(["plans", "total"], ascending=False, kind="stable")
    return sorted(
        spread.index[:top], key=lambda f: (-spread.at[f, "plans"], -spread.at[f, "total"], f)
    )


def formulation_heatmap_table(
    corpus: Corpus, counts: pd.DataFrame, lexicon: pd.DataFrame, *, top: int = 36
) -> pd.DataFrame:
    """Plans × formulations, long form, for the heatmap: ``formulation``, ``plan``, ``count``,
    ``per_10k``, ``label``, ``kind`` and the row ``order`` (grouped by kind, then by spread
    across plans and total count)."""
    plan_counts = plan_formulation_counts(corpus, counts)
    chosen = select_formulations(plan_counts, top=top)
    info = _formulation_info(lexicon)
    rank = {f: i for i, f in enumerate(chosen)}
    kind_rank = {k: i for i, k in enumerate(KIND_ORDER)}
    ordered = sorted(chosen, key=lambda f: (kind_rank.get(info.at[f, "kind"], 99), rank[f]))
    table = plan_counts[plan_counts["formulation"].isin(chosen)].copy()
    table["label"] = table["formulation"].map(info["label"])
    table["kind"] = table["formulation"].map(info["kind"])
    table["order"] = table["formulation"].map({f: i for i, f in enumerate(ordered)})
    return table.sort_values(["order", "plan"], kind="stable").reset_index(drop=True)


def formulation_totals_table(
    counts: pd.DataFrame, lexicon: pd.DataFrame, *, top: int = 30
) -> pd.DataFrame:
    """Corpus totals per formulation and variant for the ``top`` formulations: ``formulation``,
    ``variant``, ``count``, ``is_canonical``, ``total``, ``label``; largest total first."""
    by_variant = counts.groupby(["formulation", "variant"], sort=False)["count"].sum().reset_index()
    totals = by_variant.groupby("formulation")["count"].sum()
    chosen = totals[totals > 0].sort_values(ascending=False, kind="stable").index[:top]
    table = by_variant[by_variant["formulation"].isin(chosen) & (by_variant["count"] > 0)].copy()
    table["total"] = table["formulation"].map(totals)
    table["is_canonical"] = table["variant"] == table["formulation"]
    table["label"] = table["formulation"].map(_formulation_info(lexicon)["label"])
    table = table.sort_values(
        ["total", "formulation", "is_canonical", "count"],
        ascending=[False, True, False, False],
        kind="stable",
    )
    return table.reset_index(drop=True)


def dispersion_table(
    corpus: Corpus, hits: pd.DataFrame, lexicon: pd.DataFrame, *, top: int = 12
) -> pd.DataFrame:
    """Where in each plan the key formulations occur: one row per hit of the ``top``
    formulations (most widely spread), with ``position`` = its relative place in the plan
    (0 = start, 1 = end, by source offset), ``plan``, ``label`` and row ``order``."""
    plan_counts = hits.groupby(["plan", "formulation"]).size().rename("count").reset_index()
    chosen = select_formulations(plan_counts, top=top)
    info = _formulation_info(lexicon)
    rows = []
    for hit in hits[hits["formulation"].isin(chosen)].itertuples(index=False):
        plan = corpus.unit(hit.plan)
        source = corpus.source(hit.plan)
        first, last = source.line_span(plan["start_line"], plan["end_line"])
        offset = corpus.tracked(hit.unit_id).source_offset(hit.start)
        rows.append(
            (
                hit.plan,
                hit.unit_id,
                hit.formulation,
                hit.line,
                (offset - first) / max(last - first, 1),
            )
        )
    table = pd.DataFrame(rows, columns=["plan", "unit_id", "formulation", "line", "position"])
    table["label"] = table["formulation"].map(info["label"])
    table["order"] = table["formulation"].map({f: i for i, f in enumerate(chosen)})
    return table.sort_values(["order", "plan", "position"], kind="stable").reset_index(drop=True)


def wordcloud_frequencies(tokens: pd.DataFrame, *, top: int = 80) -> dict[str, dict[str, int]]:
    """Per plan: content-token counts, the ``top`` most frequent, ordered by (-count, token)."""
    content = tokens[tokens["content"]]
    result = {}
    for plan, group in content.groupby("plan", sort=False):
        counts = group["token"].value_counts()
        ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
        result[str(plan)] = {token: int(n) for token, n in ordered}
    return result


def plan_formulation_matrix(
    corpus: Corpus, counts: pd.DataFrame, *, value: str = "count", top: int | None = 20
) -> pd.DataFrame:
    """Wide table: formulations (rows, most frequent first) × plans (columns) of ``value``
    (``count`` or ``per_10k``), with a ``total`` count column."""
    plan_counts = plan_formulation_counts(corpus, counts)
    wide = plan_counts.pivot(index="formulation", columns="plan", values=value)
    wide = wide.reindex(columns=corpus.plan_ids)
    wide["total"] = plan_counts.groupby("formulation")["count"].sum()
    wide = wide[wide["total"] > 0].sort_values("total", ascending=False, kind="stable")
    return wide.head(top) if top else wide


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
    :func:`textlib.structure.locate_sections` and :func:`textlib.roles.assign_roles`)."""
    by_plan = pd.crosstab(hits_in_sections["plan"], hits_in_sections["role"])
    by_plan = by_plan.reindex(columns=[r for r in ROLE_ORDER if r in by_plan.columns], fill_value=0)
    totals = hits_in_sections["formulation"].value_counts()
    chosen = sorted(totals.index, key=lambda f: (-totals[f], f))[:top]
    by_form = pd.crosstab(hits_in_sections["formulation"], hits_in_sections["role"]).reindex(
        index=chosen, columns=by_plan.columns, fill_value=0
    )
    return by_plan, by_form
