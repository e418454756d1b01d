"""Figures of shared text: where the template and the copies sit in each unit, and how much of
a reference each unit takes up clause by clause. Data from a Study's passages, passage clusters,
outline and uptake only; plots from those tables."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from textlib.figures.common import colors, duplicate_note, more_note
from textlib.figures.spec import FigureSpec
from textlib.viz.labels import short_labels

if TYPE_CHECKING:
    from textlib.study import Study

MAX_UNITS = 40  # rows of the template map, columns of the uptake matrix
MAX_CLAUSES = 45  # rows of the uptake matrix
TEMPLATE_MIN_UNITS = 3  # a text is template where at least this many units share it
TEMPLATE_COLUMNS = [
    "unit_id",
    "unit_length",
    "shown",
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


# -- template map ------------------------------------------------------------------------------
def _sharing(study: Study) -> tuple[pd.DataFrame, list[np.ndarray], list[list[str]]]:
    """Every stretch of ``passage_clusters`` with, per character, which units of its cluster
    share it: each passage maps its two sides onto each other (linearly), and sharing spreads
    along those maps until nothing changes, so a sentence copied 1→4 and 4→6.3 counts three
    units in each of them although 1 and 6.3 were never aligned directly."""
    clusters = study.passage_clusters.reset_index(drop=True)
    members = {c: list(dict.fromkeys(group["unit_id"])) for c, group in clusters.groupby("cluster")}
    masks = []
    for rec in clusters.itertuples(index=False):
        units = members[rec.cluster]
        mask = np.zeros((int(rec.end) - int(rec.start), len(units)), dtype=bool)
        mask[:, units.index(rec.unit_id)] = True
        masks.append(mask)
    by_unit = {u: group for u, group in clusters.groupby("unit_id")}

    def stretch(unit: str, start: int, end: int) -> int | None:
        group = by_unit.get(unit)
        if group is None:
            return None
        inside = group[(group["start"] <= start) & (group["end"] >= end)]
        return int(inside.index[0]) if len(inside) else None

    maps = []  # (row a, positions in a, row b, positions in b): b's sharing flows into a
    for p in study.passages.itertuples(index=False):
        ra = stretch(str(p.a), int(p.a_start), int(p.a_end))
        rb = stretch(str(p.b), int(p.b_start), int(p.b_end))
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


def _template_data(study: Study) -> pd.DataFrame:
    corpus = study.corpus
    clusters, masks, members = _sharing(study)
    rows = []
    for rec, mask, units in zip(clusters.itertuples(index=False), masks, members, strict=True):
        text = corpus.tracked(rec.unit_id).text
        count = mask.sum(axis=1)
        template = count >= TEMPLATE_MIN_UNITS
        cuts = np.flatnonzero(np.diff(template.astype(np.int8))) + 1
        for lo, hi in zip(np.r_[0, cuts], np.r_[cuts, len(template)], strict=True):
            start, end = int(rec.start) + int(lo), int(rec.start) + int(hi)
            shared = mask[lo:hi].any(axis=0)
            partners = [u for u, s in zip(units, shared, strict=True) if s and u != rec.unit_id]
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
        "unit_length", "shown", "rel_start", "rel_end", "chars")])  # fmt: skip
    order = {u: k for k, u in enumerate(corpus.leaf_ids)}
    lengths = {u: len(corpus.tracked(u).text) for u in corpus.leaf_ids}
    bare = [u for u in corpus.leaf_ids if u not in set(spans["unit_id"])]
    none = pd.DataFrame({"unit_id": bare, "kind": "none", "partners": "", "text": ""})
    table = pd.concat([spans, none], ignore_index=True) if bare else spans
    table["unit_length"] = table["unit_id"].map(lengths).astype(int)
    table["rel_start"] = (table["start"] / table["unit_length"]).round(4)
    table["rel_end"] = (table["end"] / table["unit_length"]).round(4)
    table["chars"] = table["end"] - table["start"]
    table["shown"] = table["unit_id"].map(order) < MAX_UNITS
    table["_order"] = table["unit_id"].map(order)
    table = table.sort_values(["_order", "start"], kind="stable", na_position="first")
    table = table.drop(columns="_order")[TEMPLATE_COLUMNS].reset_index(drop=True)
    for col in ("cluster", "cluster_units", "shared_by", "start", "end", "chars"):
        table[col] = table[col].astype("Int64")
    table["cluster_template"] = table["cluster_template"].astype("boolean")
    return table


def _template_plot(study: Study, table: pd.DataFrame) -> Figure:
    from textlib.viz.plots.reuse_views import plot_template_map

    units = list(dict.fromkeys(table["unit_id"]))
    shown = table[table["shown"].astype(bool)]
    note = " ".join(
        filter(None, [more_note(len(units), shown["unit_id"].nunique()), duplicate_note(study)])
    )
    return plot_template_map(shown, short_labels(study.corpus).to_dict(), colors(study), note=note)


# -- uptake matrix -----------------------------------------------------------------------------
def reference_unit(study: Study) -> tuple[str, str]:
    """The reference of the uptake matrix and why: the first unit of the first near-duplicate
    pair, else the longest unit (first in corpus order on a tie)."""
    pairs = study.duplicates
    if len(pairs):
        a, b = str(pairs["a"].iloc[0]), str(pairs["b"].iloc[0])
        return a, f"first copy of the near-duplicate pair {a}≈{b}"
    lengths = {u: len(study.corpus.tracked(u).text) for u in study.corpus.leaf_ids}
    longest = max(lengths, key=lambda u: lengths[u])  # first of the longest on a tie
    return longest, f"longest unit ({lengths[longest]:,} characters; no near-duplicates)"


def _clause_groups(study: Study, reference: str, n_clauses: int) -> pd.DataFrame:
    """Per clause of the reference, the level-1 and level-2 heading it sits under (the last
    one starting at or before the clause)."""
    from textlib.compare.uptake import split_clauses

    spans = split_clauses(study.corpus.tracked(reference).text)
    starts = np.array([s for s, _ in spans][:n_clauses] + [0] * max(0, n_clauses - len(spans)))
    heads = study.outline[
        (study.outline["unit_id"].astype(str) == reference) & study.outline["level"].isin([1, 2])
    ].sort_values("start", kind="stable")
    out = {"clause_start": starts}
    for level in (1, 2):
        out[f"heading{level}"] = [""] * n_clauses
        out[f"heading{level}_start"] = [pd.NA] * n_clauses
    current: dict[int, tuple[str, int] | None] = {1: None, 2: None}
    idx = 0
    for k in range(n_clauses):
        while idx < len(heads) and int(heads["start"].iloc[idx]) <= starts[k]:
            h = heads.iloc[idx]
            label = f"{h['marker']}{h['title']}".strip()
            current[int(h["level"])] = (label, int(h["start"]))
            if int(h["level"]) == 1:
                current[2] = None
            idx += 1
        for level in (1, 2):
            if current[level] is not None:
                out[f"heading{level}"][k] = current[level][0]
                out[f"heading{level}_start"][k] = current[level][1]
    groups = pd.DataFrame(out)
    for level in (1, 2):
        groups[f"heading{level}_start"] = groups[f"heading{level}_start"].astype("Int64")
    return groups


def _uptake_data(study: Study) -> pd.DataFrame:
    reference, reason = reference_unit(study)
    table = study.uptake(reference).table.copy()
    n_clauses = int(table["clause"].max()) + 1 if len(table) else 0
    groups = _clause_groups(study, reference, n_clauses)
    table = table.join(groups, on="clause")
    taken = (table["status"] != "absent").groupby(table["unit_id"], sort=False).mean()
    order = {u: k for k, u in enumerate(study.corpus.leaf_ids)}
    ranked = sorted(taken.index, key=lambda u: (-taken[u], order.get(u, 0)))
    columns = set(ranked[:MAX_UNITS])  # the units taking up most, drawn in corpus order
    table.insert(0, "reference", reference)
    table.insert(1, "reference_reason", reason)
    table["shown"] = (table["clause"] < MAX_CLAUSES) & table["unit_id"].isin(columns)
    return table


def _uptake_plot(study: Study, table: pd.DataFrame) -> Figure:
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
    order = {u: k for k, u in enumerate(study.corpus.leaf_ids)}
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
    return plot_uptake_matrix(
        shown,
        reference,
        reason,
        short_labels(study.corpus).to_dict(),
        colors(study),
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
    ),
    FigureSpec(
        "uptake_matrix",
        "22_uptake_matrix",
        _uptake_data,
        _uptake_plot,
        "Clause × unit uptake of a reference: verbatim, adapted (score) or absent, by heading.",
    ),
)
