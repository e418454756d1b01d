"""Figure-ready shaping of a Study's formulation tables: which formulations and plans a chart
shows, in which order, with which labels (pandas only; every count comes from the Study)."""

from __future__ import annotations

import pandas as pd

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
    # the whole gloss: figures wrap it, never cut it
    info["label"] = [
        f"{f} · {g}" if g else f for f, g in zip(info.index, info["gloss"], strict=True)
    ]
    return info


def top_plans(totals: pd.Series, order: list[str], *, top: int) -> list[str]:
    """The ``top`` plans with the largest ``totals`` (ties: earlier in ``order`` first),
    returned in ``order`` (the corpus order), so a figure can show only them."""
    position = {p: i for i, p in enumerate(order)}
    ranked = sorted(totals.index, key=lambda p: (-totals[p], position.get(p, len(order)), p))
    chosen = set(ranked[:top])
    return [p for p in order if p in chosen]


def select_formulations(plan_counts: pd.DataFrame, *, top: int) -> list[str]:
    """The ``top`` formulations by number of plans they occur in, then by total count."""
    present = plan_counts[plan_counts["count"] > 0]
    spread = present.groupby("formulation").agg(plans=("plan", "nunique"), total=("count", "sum"))
    spread = spread.sort_values(["plans", "total"], ascending=False, kind="stable")
    return sorted(
        spread.index[:top], key=lambda f: (-spread.at[f, "plans"], -spread.at[f, "total"], f)
    )


def formulation_heatmap_table(
    plan_counts: pd.DataFrame,
    lexicon: pd.DataFrame,
    plan_ids: list[str],
    *,
    top: int = 36,
    max_plans: int | None = None,
) -> pd.DataFrame:
    """Plans × formulations, long form, for the heatmap: ``formulation``, ``plan``, ``count``,
    ``per_10k``, ``label``, ``kind``, the row ``order`` (grouped by kind, then by spread
    across plans and total count) and ``shown``: the plan is one of the ``max_plans`` with
    most occurrences of these formulations (every plan when ``max_plans`` is None)."""
    chosen = select_formulations(plan_counts, top=top)
    info = _formulation_info(lexicon)
    rank = {f: i for i, f in enumerate(chosen)}
    kind_rank = {k: i for i, k in enumerate(KIND_ORDER)}
    ordered = sorted(chosen, key=lambda f: (kind_rank.get(info.at[f, "kind"], 99), rank[f]))
    table = plan_counts[plan_counts["formulation"].isin(chosen)].copy()
    table["label"] = table["formulation"].map(info["label"])
    table["kind"] = table["formulation"].map(info["kind"])
    table["order"] = table["formulation"].map({f: i for i, f in enumerate(ordered)})
    plans = [p for p in plan_ids if p in set(table["plan"])]
    totals = table.groupby("plan")["count"].sum().reindex(plans, fill_value=0)
    shown = top_plans(totals, plans, top=max_plans if max_plans else len(plans))
    table["shown"] = table["plan"].isin(shown)
    plan_rank = {p: i for i, p in enumerate(plans)}
    table = table.assign(_plan=table["plan"].map(plan_rank))
    table = table.sort_values(["order", "_plan"], kind="stable").drop(columns="_plan")
    return table.reset_index(drop=True)


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
    positions: pd.DataFrame,
    lexicon: pd.DataFrame,
    plan_ids: list[str],
    *,
    top: int = 12,
    max_plans: int | None = None,
) -> pd.DataFrame:
    """Where in each plan the key formulations occur: the ``positions`` of hits (see
    :func:`textlib.formulations.tables.hit_positions`) of the ``top`` formulations (most widely
    spread), with ``label``, row ``order`` and ``shown``: the plan is one of the ``max_plans``
    with most of these hits (all when None)."""
    plan_counts = positions.groupby(["plan", "formulation"]).size().rename("count").reset_index()
    chosen = select_formulations(plan_counts, top=top)
    info = _formulation_info(lexicon)
    table = positions[positions["formulation"].isin(chosen)].reset_index(drop=True)
    table["label"] = table["formulation"].map(info["label"])
    table["order"] = table["formulation"].map({f: i for i, f in enumerate(chosen)})
    plans = [p for p in plan_ids if p in set(table["plan"])]
    totals = table.groupby("plan").size().reindex(plans, fill_value=0)
    shown = top_plans(totals, plans, top=max_plans if max_plans else len(plans))
    table["shown"] = table["plan"].isin(shown)
    plan_rank = {p: i for i, p in enumerate(plans)}
    table = table.assign(_plan=table["plan"].map(plan_rank))
    table = table.sort_values(["order", "_plan", "position"], kind="stable")
    return table.drop(columns="_plan").reset_index(drop=True)


def wordcloud_frequencies(tokens: pd.DataFrame, *, top: int = 80) -> dict[str, dict[str, int]]:
    """Per plan: content-token counts, the ``top`` most frequent, ordered by (-count, token)."""
    content = tokens[tokens["content"]]
    result = {}
    for plan, group in content.groupby("plan", sort=False):
        counts = group["token"].value_counts()
        ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
        result[str(plan)] = {token: int(n) for token, n in ordered}
    return result
