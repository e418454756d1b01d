"""Similarity and hierarchical clustering of units, with bootstrap support over paragraphs.

Everything here is deterministic: cosine similarity on TF-IDF, scipy's hierarchical clustering
(average linkage by default), and a seeded bootstrap that resamples each unit's paragraphs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.cluster.hierarchy import cophenet, fcluster, leaves_list, linkage
from scipy.spatial.distance import pdist

from textlib.compare.features import DocumentTerms, UnitSet, count_matrix, document_terms, tfidf
from textlib.load.corpus import Corpus


def _vectors(dt: DocumentTerms) -> np.ndarray:
    return tfidf(dt.counts).toarray()


def similarity_matrix(dt: DocumentTerms) -> pd.DataFrame:
    """Square, labelled cosine similarity of the TF-IDF vectors of ``dt``."""
    x = _vectors(dt)
    sim = x @ x.T
    np.fill_diagonal(sim, 1.0)
    return pd.DataFrame(sim.round(12), index=dt.units, columns=dt.units)


def similarity(
    corpus: Corpus, *, units: UnitSet = "parts", drop: tuple[str, ...] = ()
) -> pd.DataFrame:
    """Cosine similarity of units (TF-IDF of domain content tokens)."""
    return similarity_matrix(document_terms(corpus, units=units, drop=drop))


def _clades(z: np.ndarray, labels: list[str]) -> list[frozenset[str]]:
    """The set of leaves under each merge of a linkage, in merge order."""
    members: list[frozenset[str]] = [frozenset([lab]) for lab in labels]
    clades = []
    for left, right, *_ in z:
        clade = members[int(left)] | members[int(right)]
        members.append(clade)
        clades.append(clade)
    return clades


@dataclass(frozen=True)
class Clustering:
    """Result of :func:`cluster`."""

    units: list[str]
    linkage: np.ndarray
    leaf_order: list[str]
    labels: pd.Series
    cophenetic: float
    merges: pd.DataFrame  # one row per merge: members, height, support
    method: str
    n_boot: int


def _linkage(x: np.ndarray, method: str) -> np.ndarray:
    distances = np.clip(pdist(x, metric="cosine"), 0.0, None)
    return linkage(distances, method=method)


def cluster(
    dt: DocumentTerms,
    *,
    k: int = 3,
    method: str = "average",
    n_boot: int = 200,
    seed: int = 0,
) -> Clustering:
    """Hierarchical clustering of the units of a document-term matrix on cosine distance of
    their TF-IDF vectors, flat labels for ``k`` clusters, and bootstrap support: the share of
    ``n_boot`` resamples (each unit's paragraphs drawn with replacement, ``seed`` fixed) whose
    tree contains the same clade as each merge."""
    x = _vectors(dt)
    z = _linkage(x, method)
    coph, _ = cophenet(z, pdist(x, metric="cosine"))
    clades = _clades(z, dt.units)
    rng = np.random.default_rng(seed)
    hits = np.zeros(len(clades))
    for _ in range(n_boot):
        sample = {}
        for unit_id in dt.units:
            paras = dt.paragraphs[unit_id]
            picks = rng.integers(0, len(paras), size=len(paras)) if paras else []
            sample[unit_id] = [paras[i] for i in picks]
        counts, _ = count_matrix(sample, dt.units, dt.terms)
        boot = set(_clades(_linkage(tfidf(counts).toarray(), method), dt.units))
        hits += [clade in boot for clade in clades]
    merges = pd.DataFrame(
        {
            "merge": range(1, len(clades) + 1),
            "members": [" ".join(sorted(c, key=_natural)) for c in clades],
            "size": [len(c) for c in clades],
            "height": z[:, 2],
            "support": hits / max(n_boot, 1),
        }
    )
    labels = pd.Series(fcluster(z, t=k, criterion="maxclust"), index=dt.units, name="cluster")
    order = [dt.units[i] for i in leaves_list(z)]
    return Clustering(dt.units, z, order, labels, float(coph), merges, method, n_boot)


def _natural(unit_id: str) -> tuple:
    """Sort key: digit runs as numbers, the rest as text (``6.2`` < ``6.10``, ``6.1b``)."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"(\d+)", unit_id))


@dataclass(frozen=True)
class DendrogramLayout:
    """Where a dendrogram drawn sideways puts its lines: ``segments`` ((x0, x1), (y0, y1)) and
    the (x, y) of every node (leaves ``0..n-1`` in unit order, merge ``k`` at ``n + k``)."""

    segments: list[tuple[tuple[float, float], tuple[float, float]]]
    nodes: dict[int, tuple[float, float]]
    height: float


def dendrogram_layout(clustering: Clustering) -> DendrogramLayout:
    """Coordinates of the clustering's tree, leaves in leaf order from top to bottom."""
    z, units = clustering.linkage, clustering.units
    n = len(units)
    index = {u: i for i, u in enumerate(units)}
    position = {index[u]: float(n - 1 - i) for i, u in enumerate(clustering.leaf_order)}
    nodes = {leaf: (0.0, position[leaf]) for leaf in range(n)}
    segments = []
    for k, (left, right, height, _) in enumerate(z):
        (x1, y1), (x2, y2) = nodes[int(left)], nodes[int(right)]
        segments += [
            ((x1, float(height)), (y1, y1)),
            ((x2, float(height)), (y2, y2)),
            ((float(height), float(height)), (y1, y2)),
        ]
        nodes[n + k] = (float(height), (y1 + y2) / 2)
    return DendrogramLayout(segments, nodes, float(z[:, 2].max()) if len(z) else 0.0)
