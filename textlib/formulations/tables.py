"""Tables of formulation counts and hits by plan."""

from __future__ import annotations

import pandas as pd

from textlib.formulations.counting import plan_formulation_counts
from textlib.load.corpus import Corpus


def hit_positions(corpus: Corpus, hits: pd.DataFrame) -> pd.DataFrame:
    """Where each hit sits in its plan: ``plan``, ``unit_id``, ``formulation``, ``line`` and
    ``position``, its relative place in the plan (0 = start, 1 = end, by source offset)."""
    rows = []
    spans: dict[str, tuple[int, int]] = {}
    for hit in hits.itertuples(index=False):
        if hit.plan not in spans:
            plan = corpus.unit(hit.plan)
            spans[hit.plan] = corpus.source(hit.plan).line_span(
                plan["start_line"], plan["end_line"]
            )
        first, last = spans[hit.plan]
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
    return pd.DataFrame(rows, columns=["plan", "unit_id", "formulation", "line", "position"])


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
