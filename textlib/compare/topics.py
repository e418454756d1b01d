"""Topics (NMF on TF-IDF) and distinctive terms (signed log-likelihood keyness)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from textlib.compare.features import DocumentTerms, tfidf


def nmf_topics(
    dt: DocumentTerms, *, n_topics: int = 4, n_terms: int = 10, seed: int = 0
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """NMF on TF-IDF with a deterministic NNDSVD start.

    Returns ``(top_terms, weights)``: top terms per topic (``topic``, ``rank``, ``term``,
    ``weight``) and unit × topic weights, each unit's row summing to 1.
    """
    from sklearn.decomposition import NMF

    n_topics = max(1, min(n_topics, len(dt.units), len(dt.terms)))
    model = NMF(n_components=n_topics, init="nndsvd", random_state=seed, max_iter=2000, tol=1e-6)
    w = model.fit_transform(tfidf(dt.counts))
    h = model.components_
    rows = []
    for topic, row in enumerate(h, start=1):
        order = sorted(range(len(row)), key=lambda j: (-row[j], dt.terms[j]))[:n_terms]
        rows.extend((topic, rank, dt.terms[j], float(row[j])) for rank, j in enumerate(order, 1))
    top = pd.DataFrame(rows, columns=["topic", "rank", "term", "weight"])
    totals = w.sum(axis=1, keepdims=True)
    weights = pd.DataFrame(
        np.divide(w, totals, out=np.zeros_like(w), where=totals > 0),
        index=dt.units,
        columns=[f"topic {t}" for t in range(1, n_topics + 1)],
    )
    return top, weights.round(6)


def log_likelihood(a: float, b: float, c: float, d: float) -> float:
    """Signed log-likelihood G² (Dunning; Rayson & Garside) of a term seen ``a`` times in a
    target of ``c`` tokens and ``b`` times in a reference of ``d`` tokens. Positive when the
    target uses the term relatively more."""
    if c <= 0 or d <= 0 or a + b == 0:
        return 0.0
    e1 = c * (a + b) / (c + d)
    e2 = d * (a + b) / (c + d)
    g2 = 2 * ((a * math.log(a / e1) if a else 0.0) + (b * math.log(b / e2) if b else 0.0))
    return g2 if a / c >= b / d else -g2


def keyness(dt: DocumentTerms, *, min_count: int = 5, top: int | None = 15) -> pd.DataFrame:
    """Distinctive terms of each unit against the rest of the set.

    One row per unit × term with ``count`` (in the unit), ``rest``, ``g2`` (signed G²),
    ``log_ratio`` (binary log of the relative-frequency ratio, +0.5 smoothing) and ``p``
    (χ² with 1 df). Only terms seen at least ``min_count`` times in the whole set; the ``top``
    highest positive G² per unit (all when None).
    """
    from scipy.stats import chi2

    dense = dt.counts.toarray()
    totals = dense.sum(axis=1)
    term_totals = dense.sum(axis=0)
    keep = np.flatnonzero(term_totals >= min_count)
    rows = []
    for i, unit_id in enumerate(dt.units):
        c = totals[i]
        d = totals.sum() - c
        for j in keep:
            a = dense[i, j]
            b = term_totals[j] - a
            g2 = log_likelihood(a, b, c, d)
            ratio = math.log2(((a + 0.5) / c) / ((b + 0.5) / d)) if c and d else 0.0
            rows.append(
                (unit_id, dt.terms[j], int(a), int(b), g2, ratio, float(chi2.sf(abs(g2), 1)))
            )
    table = pd.DataFrame(rows, columns=["unit_id", "term", "count", "rest", "g2", "log_ratio", "p"])
    table = table.sort_values(
        ["unit_id", "g2", "term"], ascending=[True, False, True], kind="stable"
    )
    if top is not None:
        table = table.groupby("unit_id", sort=False).head(top)
    table["_order"] = table["unit_id"].map({u: k for k, u in enumerate(dt.units)})
    table = table.sort_values(["_order", "g2"], ascending=[True, False], kind="stable")
    return table.drop(columns="_order").reset_index(drop=True)


def nmf_errors(dt: DocumentTerms, ks=range(2, 7), *, seed: int = 0) -> pd.DataFrame:
    """Relative reconstruction error of NMF for each number of topics in ``ks`` (≤ units): a
    guide for choosing the number of topics (look for where the error stops falling fast)."""
    from sklearn.decomposition import NMF

    x = tfidf(dt.counts)
    norm = float(np.sqrt(x.multiply(x).sum()))
    rows = []
    for k in ks:
        if k > min(len(dt.units), len(dt.terms)):
            continue
        model = NMF(n_components=k, init="nndsvd", random_state=seed, max_iter=2000, tol=1e-6)
        model.fit(x)
        # rounded: BLAS threads change the last bits, never the first ten digits
        rows.append((k, round(model.reconstruction_err_ / norm, 10) if norm else 0.0))
    return pd.DataFrame(rows, columns=["n_topics", "relative_error"])
