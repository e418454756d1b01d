"""Where shared text sits in each unit: template (shared by three or more units) and pairwise
reuse, per character, from aligned passages and their clusters."""

from __future__ import annotations

import numpy as np
import pandas as pd

from textlib.load.corpus import Corpus

TEMPLATE_MIN_UNITS = 3  # a text is template where at least this many units share it
TEMPLATE_COLUMNS = [
    "unit_id",
    "unit_length",
    "kind",
    "cluster",
    "cluster_units",
    "cluster_template",
    "shared_by",
    "partners",
    "start",
    "end",
    "rel_start",
    "rel_end",
    "chars",
    "lines",
    "text",
]


def _sharing(
    passages: pd.DataFrame, clusters: pd.DataFrame, labels: pd.Series
) -> tuple[pd.DataFrame, list[np.ndarray], list[list[str]]]:
    """Every stretch of ``passage_clusters`` with, per character, which units of its cluster
    share it: each passage maps its two sides onto each other (linearly), and sharing spreads
    along those maps until nothing changes, so a sentence copied 1→4 and 4→6.3 counts three
    units in each of them although 1 and 6.3 were never aligned directly. ``labels``
    gives each passage's cluster (:func:`textlib.compare.passage_cluster_labels`): its sides
    are looked up among its own cluster's stretches (clusters by text may overlap)."""
    clusters = clusters.reset_index(drop=True)
    members = {c: list(dict.fromkeys(group["unit_id"])) for c, group in clusters.groupby("cluster")}
    masks = []
    for rec in clusters.itertuples(index=False):
        units = members[rec.cluster]
        mask = np.zeros((int(rec.end) - int(rec.start), len(units)), dtype=bool)
        mask[:, units.index(rec.unit_id)] = True
        masks.append(mask)
    by_unit = {key: group for key, group in clusters.groupby(["cluster", "unit_id"])}

    def stretch(cluster: int, unit: str, start: int, end: int) -> int | None:
        group = by_unit.get((cluster, unit))
        if group is None:
            return None
        inside = group[(group["start"] <= start) & (group["end"] >= end)]
        return int(inside.index[0]) if len(inside) else None

    maps = []  # (row a, positions in a, row b, positions in b): b's sharing flows into a
    for p, label in zip(passages.itertuples(index=False), labels, strict=True):
        ra = stretch(int(label), str(p.a), int(p.a_start), int(p.a_end))
        rb = stretch(int(label), str(p.b), int(p.b_start), int(p.b_end))
        if ra is None or rb is None or p.a_end <= p.a_start or p.b_end <= p.b_start:
            continue
        for (r1, s1, e1), (r2, s2, e2) in (
            ((ra, int(p.a_start), int(p.a_end)), (rb, int(p.b_start), int(p.b_end))),
            ((rb, int(p.b_start), int(p.b_end)), (ra, int(p.a_start), int(p.a_end))),
        ):
            pos = np.arange(s1, e1)
            other = np.minimum(s2 + (pos - s1) * (e2 - s2) // (e1 - s1), e2 - 1)
            maps.append(
                (r1, pos - int(clusters.at[r1, "start"]), r2, other - int(clusters.at[r2, "start"]))
            )
    for _ in range(max((len(m) for m in members.values()), default=0) + 1):
        changed = False
        for r1, i1, r2, i2 in maps:
            merged = masks[r1][i1] | masks[r2][i2]
            if not np.array_equal(merged, masks[r1][i1]):
                masks[r1][i1] = merged
                changed = True
        if not changed:
            break
    return clusters, masks, [members[c] for c in clusters["cluster"]]


def template_map(
    corpus: Corpus,
    passages: pd.DataFrame,
    clusters: pd.DataFrame,
    labels: pd.Series,
    *,
    min_units: int = TEMPLATE_MIN_UNITS,
    units: list[str] | None = None,
) -> pd.DataFrame:
    """Where shared text sits in each unit (``clusters``: ``passage_clusters(passages,
    method="text")``, ``labels``: ``passage_cluster_labels(passages)``): one row per stretch
    of a unit that other units
    share, ``kind`` ``template`` (shared by ``min_units`` or more units, counting the unit)
    or ``pairwise``, with the ``partners`` sharing it, its span, source ``lines`` and
    ``text``; a unit sharing nothing has one row of kind ``none``. ``units``: the units
    drawn (default: every most specific unit), in that order. ``rel_start``/``rel_end`` are
    positions relative to the unit's length."""
    units = list(corpus.leaf_ids if units is None else units)
    clusters, masks, members = _sharing(passages, clusters, labels)
    rows = []
    for rec, mask, sharing in zip(clusters.itertuples(index=False), masks, members, strict=True):
        text = corpus.tracked(rec.unit_id).text
        count = mask.sum(axis=1)
        template = count >= min_units
        cuts = np.flatnonzero(np.diff(template.astype(np.int8))) + 1
        for lo, hi in zip(np.r_[0, cuts], np.r_[cuts, len(template)], strict=True):
            start, end = int(rec.start) + int(lo), int(rec.start) + int(hi)
            shared = mask[lo:hi].any(axis=0)
            partners = [u for u, s in zip(sharing, shared, strict=True) if s and u != rec.unit_id]
            first, last = corpus.line_at(rec.unit_id, start), corpus.line_at(rec.unit_id, end - 1)
            rows.append(
                {
                    "unit_id": rec.unit_id,
                    "kind": "template" if template[lo] else "pairwise",
                    "cluster": int(rec.cluster),
                    "cluster_units": int(rec.n_units),
                    "cluster_template": bool(rec.template),
                    "shared_by": int(count[lo:hi].max()),
                    "partners": ",".join(partners),
                    "start": start,
                    "end": end,
                    "lines": f"{first}-{last}",
                    "text": text[start:end],
                }
            )
    spans = pd.DataFrame(rows, columns=[c for c in TEMPLATE_COLUMNS if c not in (
        "unit_length", "rel_start", "rel_end", "chars")])  # fmt: skip
    spans = spans[spans["unit_id"].isin(set(units))]
    order = {u: k for k, u in enumerate(units)}
    lengths = {u: len(corpus.tracked(u).text) for u in units}
    bare = [u for u in units if u not in set(spans["unit_id"])]
    none = pd.DataFrame({"unit_id": bare, "kind": "none", "partners": "", "text": ""})
    table = pd.concat([spans, none], ignore_index=True) if bare else spans
    table["unit_length"] = table["unit_id"].map(lengths).astype(int)
    table["rel_start"] = (table["start"] / table["unit_length"]).round(4)
    table["rel_end"] = (table["end"] / table["unit_length"]).round(4)
    table["chars"] = table["end"] - table["start"]
    table["_order"] = table["unit_id"].map(order)
    table = table.sort_values(["_order", "start"], kind="stable", na_position="first")
    table = table.drop(columns="_order")[TEMPLATE_COLUMNS].reset_index(drop=True)
    for col in ("cluster", "cluster_units", "shared_by", "start", "end", "chars"):
        table[col] = table[col].astype("Int64")
    table["cluster_template"] = table["cluster_template"].astype("boolean")
    return table
