"""Co-occurrence network of formulations (KH Coder's 共起ネットワーク): which formulations
appear in the same paragraphs or sections, edges weighted by Jaccard or Dice."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from textlib.errors import StudyParameterError
from textlib.lexicon.glossary import gloss_terms
from textlib.load.corpus import Corpus

EDGE_COLUMNS = ["a", "b", "weight", "n_both", "n_a", "n_b", "paragraphs"]
NODE_COLUMNS = ["formulation", "frequency", "contexts", "community", "x", "y", "gloss"]


@dataclass(frozen=True)
class Cooccurrence:
    """``edges``: one row per edge (``a`` < ``b``), ``weight`` (Jaccard or Dice), ``n_both``
    (contexts holding both), ``n_a``/``n_b`` (contexts holding each) and ``paragraphs`` (the
    ``unit:line`` references of the shared contexts: each one's first source line).
    ``nodes``: every formulation on an edge, with ``frequency`` (hits), ``contexts``,
    ``community`` (0 = largest) and layout ``x``, ``y`` in [-1, 1]; ``gloss``."""

    edges: pd.DataFrame
    nodes: pd.DataFrame
    within: str
    measure: str


def contexts(
    hits: pd.DataFrame,
    *,
    corpus: Corpus,
    sections: pd.DataFrame | None = None,
    within: str = "paragraph",
) -> pd.DataFrame:
    """Every hit with the context it falls in: ``context`` (``unit:paragraph index`` or the
    section id) and ``ref`` (``unit:line``: the first source line of that context)."""
    hits = hits.assign(unit_id=hits["unit_id"].astype(str)).reset_index(drop=True)
    ctx = np.empty(len(hits), dtype=object)
    ref = np.empty(len(hits), dtype=object)
    if within == "paragraph":
        for unit_id, idx in hits.groupby("unit_id", sort=False).indices.items():
            text = corpus.tracked(unit_id).text
            starts = np.r_[0, [m.end() for m in re.finditer("\n", text)]].astype(np.int64)
            para = np.searchsorted(starts, hits["start"].to_numpy()[idx], side="right") - 1
            lines = corpus.lines_at(unit_id, starts[para])
            ctx[idx] = [f"{unit_id}:{p}" for p in para]
            ref[idx] = [f"{unit_id}:{line}" for line in lines]
    else:
        if sections is None:
            raise StudyParameterError("sections", None, "a sections table for within='section'")
        sections = sections.assign(unit_id=sections["unit_id"].astype(str))
        for unit_id, idx in hits.groupby("unit_id", sort=False).indices.items():
            own = sections[sections["unit_id"] == unit_id].sort_values("start")
            pos = np.searchsorted(own["start"].to_numpy(), hits["start"].to_numpy()[idx], "right")
            pos = np.clip(pos - 1, 0, len(own) - 1)
            ctx[idx] = own["section_id"].to_numpy()[pos]
            ref[idx] = [f"{unit_id}:{line}" for line in own["start_line"].to_numpy()[pos]]
    return hits.assign(context=ctx, ref=ref)


def _component_layout(graph) -> dict[str, tuple[float, float]]:
    """A deterministic layout: each connected component laid out on its own (Kamada–Kawai;
    no random start), components placed in a grid, largest first, so small components do
    not drift to the edges and a clique does not collapse onto itself."""
    import networkx as nx

    components = sorted(nx.connected_components(graph), key=lambda c: (-len(c), sorted(c)))
    columns = int(np.ceil(np.sqrt(len(components))))
    pos: dict[str, tuple[float, float]] = {}
    for k, component in enumerate(components):
        members = sorted(component)
        if len(members) == 1:
            local = {members[0]: np.zeros(2)}
        elif len(members) == 2:
            local = {members[0]: np.array([-0.6, 0.0]), members[1]: np.array([0.6, 0.0])}
        else:
            # a new graph in sorted order: a subgraph view iterates a set (hash-seed order)
            sub = nx.Graph()
            sub.add_nodes_from(members)
            sub.add_edges_from(graph.edges(members, data=True))
            local = nx.kamada_kawai_layout(sub)
            coords = np.array([local[m] for m in members])
            coords = coords - coords.mean(axis=0)
            coords = coords / (np.abs(coords).max() or 1.0)
            local = dict(zip(members, coords, strict=True))
        row, col = divmod(k, columns)
        for name, (x, y) in local.items():
            pos[name] = (col * 3.0 + float(x), -row * 3.0 + float(y))
    return pos


def cooccurrence(
    hits: pd.DataFrame,
    *,
    corpus: Corpus,
    lexicon: pd.DataFrame,
    sections: pd.DataFrame | None = None,
    within: Literal["paragraph", "section"] = "paragraph",
    measure: Literal["jaccard", "dice"] = "jaccard",
    top: int = 60,
    min_count: int = 2,
    seed: int = 0,
) -> Cooccurrence:
    """Formulations co-occurring within paragraphs (``\\n``-separated in the repaired text; a
    hit's paragraph from its ``start``) or sections (``sections``, needed for ``within="section"``).

    Each formulation is the set of contexts it occurs in; formulations in fewer than
    ``min_count`` contexts are left out. Edge weight: Jaccard |A∩B| / |A∪B| or Dice
    2|A∩B| / (|A|+|B|). The ``top`` strongest edges are kept (ties: more shared contexts,
    then names) — KH Coder's default, the top 60 edges by Jaccard, is the starting point here,
    not a finding. Communities: Louvain modularity (``networkx.community.louvain_communities``,
    weighted, ``seed``), numbered by size; layout: each connected component by Kamada–Kawai
    (no random start), components in a grid, largest first, rescaled to [-1, 1]. Both are
    deterministic; a different seed may give a different partition of the same edges.
    """
    import networkx as nx

    if within not in ("paragraph", "section"):
        raise StudyParameterError("within", within, "'paragraph' or 'section'")
    if measure not in ("jaccard", "dice"):
        raise StudyParameterError("measure", measure, "'jaccard' or 'dice'")
    hits = contexts(hits, corpus=corpus, sections=sections, within=within)
    ctx_ref = dict(zip(hits["context"], hits["ref"], strict=False))
    sets = hits.groupby("formulation")["context"].agg(lambda s: frozenset(s))
    sets = sets[sets.map(len) >= min_count].sort_index()
    forms = list(sets.index)
    rows = []
    for i, a in enumerate(forms):
        for b in forms[i + 1 :]:
            both = sets[a] & sets[b]
            if not both:
                continue
            na, nb, nab = len(sets[a]), len(sets[b]), len(both)
            weight = nab / (na + nb - nab) if measure == "jaccard" else 2 * nab / (na + nb)
            refs = " ".join(ctx_ref[c] for c in _ordered(both))
            rows.append((a, b, weight, nab, na, nb, refs))
    edges = pd.DataFrame(rows, columns=EDGE_COLUMNS)
    edges = edges.sort_values(
        ["weight", "n_both", "a", "b"], ascending=[False, False, True, True], kind="stable"
    )
    edges = edges.head(top).reset_index(drop=True)
    edges["weight"] = edges["weight"].round(12)

    graph = nx.Graph()
    names = sorted(set(edges["a"]) | set(edges["b"]))
    graph.add_nodes_from(names)
    graph.add_weighted_edges_from(edges[["a", "b", "weight"]].itertuples(index=False))
    community = {}
    if names:
        parts = nx.community.louvain_communities(graph, weight="weight", seed=seed)
        parts = sorted(parts, key=lambda p: (-len(p), sorted(p)))
        community = {n: k for k, part in enumerate(parts) for n in part}
        pos = _component_layout(graph)
        xy = np.array([pos[n] for n in names], dtype=float)
        xy = xy - (xy.max(axis=0) + xy.min(axis=0)) / 2
        span = np.abs(xy).max() or 1.0
        xy = xy / span
    else:
        xy = np.zeros((0, 2))
    frequency = hits.groupby("formulation").size()
    nodes = pd.DataFrame(
        {
            "formulation": names,
            "frequency": [int(frequency[n]) for n in names],
            "contexts": [len(sets[n]) for n in names],
            "community": [community[n] for n in names],
            "x": xy[:, 0].round(6) if len(names) else [],
            "y": xy[:, 1].round(6) if len(names) else [],
        }
    )
    glosses = lexicon.groupby("formulation")["gloss"].first()
    fallback = gloss_terms(names, lexicon)
    nodes["gloss"] = [glosses.get(n) or fallback.get(n, "") for n in names]
    nodes = nodes.sort_values(["frequency", "formulation"], ascending=[False, True])
    return Cooccurrence(edges, nodes.reset_index(drop=True)[NODE_COLUMNS], within, measure)


def _ordered(contexts_: frozenset[str]) -> list[str]:
    """Context ids in text order (``unit:paragraph`` / ``unit:section``, numeric parts)."""

    def key(c: str):
        unit, _, k = c.rpartition(":")
        return (
            [int(p) if p.isdigit() else p for p in unit.split(".")],
            int(k) if k.isdigit() else k,
        )

    return sorted(contexts_, key=key)
