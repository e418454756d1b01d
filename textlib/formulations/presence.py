"""Which unit adopts, localises or omits each core formulation (Qian Gang's reading of 提法)."""

from __future__ import annotations

import pandas as pd

CORE_KINDS = ("banner term", "numbered formulation")
STATUS_ORDER = ("canonical", "variant only", "absent")


def presence_table(
    counts: pd.DataFrame,
    lexicon: pd.DataFrame,
    *,
    kinds: tuple[str, ...] = CORE_KINDS,
    drop: tuple[str, ...] = (),
    top: int = 30,
) -> pd.DataFrame:
    """Units × core formulations (lexicon ``kind`` in ``kinds``), long form: ``status`` is
    ``canonical`` (the canonical wording occurs), ``variant only`` (only another wording: the
    unit localises or abbreviates it) or ``absent``; ``count`` all wordings; ``units`` how many
    units use it at all; ``shown`` for the ``top`` most widely adopted (every row is kept, so a
    CSV of the table is complete). Units in ``drop`` (collapsed near-duplicates) are left out."""
    kind_of = lexicon.groupby("formulation", sort=False)["kind"].first()
    core = counts[counts["formulation"].map(kind_of).isin(kinds) & ~counts["unit_id"].isin(drop)]
    canonical = core["variant"] == core["formulation"]
    grouped = core.assign(canonical_count=core["count"].where(canonical, 0)).groupby(
        ["unit_id", "formulation"], sort=False
    )
    table = grouped.agg(count=("count", "sum"), canonical=("canonical_count", "sum"))
    table = table.reset_index()
    table["status"] = "absent"
    table.loc[table["count"] > 0, "status"] = "variant only"
    table.loc[table["canonical"] > 0, "status"] = "canonical"
    adopted = table[table["count"] > 0].groupby("formulation")["unit_id"].nunique()
    table["units"] = table["formulation"].map(adopted).fillna(0).astype(int)
    table = table[table["units"] > 0]
    ranked = sorted(adopted.index, key=lambda f: (-adopted[f], f))
    order = {f: k for k, f in enumerate(ranked)}
    table["order"] = table["formulation"].map(order)
    table["shown"] = table["order"] < top
    table["kind"] = table["formulation"].map(kind_of)
    unit_order = {u: k for k, u in enumerate(dict.fromkeys(counts["unit_id"]))}
    table = table.sort_values(
        ["order", "unit_id"], key=lambda s: s.map(unit_order) if s.name == "unit_id" else s
    )
    columns = ["unit_id", "formulation", "kind", "status", "count", "units", "order", "shown"]
    return table[columns].reset_index(drop=True)
