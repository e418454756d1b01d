"""Topics (NMF on TF-IDF) and distinctive terms (signed log-likelihood keyness)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from textlib.compare.features import DocumentTerms, expect_dtm, tfidf


def nmf_topics(
    dt: DocumentTerms, *, n_topics: int = 4, n_terms: int = 10, seed: int = 0
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """NMF on TF-IDF with a deterministic NNDSVD start.

    Returns ``(top_terms, weights)``: top terms per topic (``topic``, ``rank``, ``term``,
    ``weight``) and unit × topic weights, each unit's row summing to 1.
    """
    expect_dtm("nmf_topics", dt)
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


KEYNESS_COLUMNS = ["unit_id", "term", "count", "rest", "g2", "log_ratio", "p"]
_DENSE_CELLS = 4_000_000  # cells of one batch of units in the all-terms table


def _g2_cells(a, b, c, d) -> tuple[np.ndarray, np.ndarray]:
    """Signed G² and log ratio of cells (``a`` in a target of ``c`` tokens, ``b`` in a
    reference of ``d``), elementwise; 0 where the target or the reference is empty."""
    valid = (c > 0) & (d > 0)
    c1 = np.where(valid, c, 1.0)
    d1 = np.where(valid, d, 1.0)
    e1 = c1 * (a + b) / (c1 + d1)
    e2 = d1 * (a + b) / (c1 + d1)
    with np.errstate(divide="ignore", invalid="ignore"):
        t1 = np.where(a > 0, a * np.log(np.where(a > 0, a, 1) / e1), 0.0)
        t2 = np.where(b > 0, b * np.log(np.where(b > 0, b, 1) / e2), 0.0)
    g2 = 2 * (t1 + t2)
    g2 = np.where(a / c1 >= b / d1, g2, -g2)
    ratio = np.log2(((a + 0.5) / c1) / ((b + 0.5) / d1))
    return np.where(valid, g2, 0.0), np.where(valid, ratio, 0.0)


def keyness(dt: DocumentTerms, *, min_count: int = 5, top: int | None = 15) -> pd.DataFrame:
    """Distinctive terms of each unit against the rest of the set.

    One row per unit × term with ``count`` (in the unit), ``rest``, ``g2`` (signed G²,
    :func:`log_likelihood`), ``log_ratio`` (binary log of the relative-frequency ratio, +0.5
    smoothing) and ``p`` (χ² with 1 df). Only terms seen at least ``min_count`` times in the
    whole set; the ``top`` highest G² per unit (all when None), ties by term. Vectorised:
    with ``top``, G² is computed on the non-zero cells of the sparse matrix at once (a term
    a unit does not use has negative G², so it can only enter the top of a unit with fewer
    than ``top`` terms, whose rows are computed whole); without it, in batches of units.
    Rows by unit (in ``dt.units`` order), then G² descending and term."""
    expect_dtm("keyness", dt)
    from scipy.stats import chi2

    counts = dt.counts.tocsr().astype(np.float64)
    totals = np.asarray(counts.sum(axis=1)).ravel()
    term_totals = np.asarray(counts.sum(axis=0)).ravel()
    keep = np.flatnonzero(term_totals >= min_count)
    grand = totals.sum()
    sub = counts[:, keep].tocsr()
    sub.sum_duplicates()
    kept_totals = term_totals[keep]
    terms = np.array([dt.terms[j] for j in keep], dtype=object)
    term_rank = np.empty(len(keep), dtype=np.int64)
    term_rank[np.argsort(terms, kind="stable")] = np.arange(len(keep))
    n_units = len(dt.units)

    def dense_rows(rows: np.ndarray) -> tuple[np.ndarray, ...]:
        a = sub[rows].toarray().ravel()
        unit = np.repeat(rows, len(keep))
        col = np.tile(np.arange(len(keep)), len(rows))
        return unit, col, a

    parts = []
    if top is None:
        step = max(1, _DENSE_CELLS // max(len(keep), 1))
        for lo in range(0, n_units, step):
            parts.append(dense_rows(np.arange(lo, min(lo + step, n_units))))
    else:
        coo = sub.tocoo()
        nnz = np.bincount(coo.row, minlength=n_units)
        short = np.flatnonzero(nnz < min(top, len(keep)))
        full = ~np.isin(coo.row, short)
        parts.append(
            (coo.row[full].astype(np.int64), coo.col[full].astype(np.int64), coo.data[full])
        )
        if len(short):
            parts.append(dense_rows(short))
    unit = np.concatenate([p[0] for p in parts]) if parts else np.zeros(0, np.int64)
    col = np.concatenate([p[1] for p in parts]) if parts else np.zeros(0, np.int64)
    a = np.concatenate([p[2] for p in parts]) if parts else np.zeros(0)
    b = kept_totals[col] - a
    c = totals[unit]
    g2, ratio = _g2_cells(a, b, c, grand - c)
    order = np.lexsort((term_rank[col], -g2, unit))
    unit, col, a, b, g2, ratio = (
        unit[order],
        col[order],
        a[order],
        b[order],
        g2[order],
        ratio[order],
    )
    if top is not None and len(unit):
        starts = np.flatnonzero(np.r_[True, unit[1:] != unit[:-1]])
        within = np.arange(len(unit)) - np.repeat(starts, np.diff(np.r_[starts, len(unit)]))
        sel = within < top
        unit, col, a, b, g2, ratio = unit[sel], col[sel], a[sel], b[sel], g2[sel], ratio[sel]
    if not len(unit):
        return pd.DataFrame(columns=KEYNESS_COLUMNS)
    table = pd.DataFrame(
        {
            "unit_id": np.array(dt.units, dtype=object)[unit],
            "term": terms[col],
            "count": a.astype(int),
            "rest": b.astype(int),
            "g2": g2,
            "log_ratio": ratio,
            "p": chi2.sf(np.abs(g2), 1),
        }
    )
    return table[KEYNESS_COLUMNS]


def topic_stability(
    dt: DocumentTerms, *, n_topics: int = 4, seeds: range = range(5), spread: int = 1
) -> pd.DataFrame:
    """How reproducible NMF topics are, for ``n_topics`` and its neighbours (± ``spread``).

    For each k, NMF is fitted from ``len(seeds)`` random starts; every pair of runs is matched
    topic to topic (Hungarian assignment on the cosine similarity of their term weights), and
    ``agreement`` is the mean matched similarity over pairs (1 = the same topics every time).
    ``assignment`` is the share of units whose dominant topic is the same between runs, and
    ``single_unit_topics`` the mean number of topics that one unit holds at least half of (a
    topic that fingerprints one document). ``supported`` is True when agreement and assignment
    are ≥ 0.8 and fewer than half the topics are single-unit: topics that move with the random
    start, or that only re-describe single documents, are not findings.
    """
    expect_dtm("topic_stability", dt)
    from scipy.optimize import linear_sum_assignment
    from sklearn.decomposition import NMF

    x = tfidf(dt.counts)
    limit = min(len(dt.units), len(dt.terms))
    rows = []
    for k in range(max(1, n_topics - spread), n_topics + spread + 1):
        if k > limit:
            continue
        runs, single = [], []
        for seed in seeds:
            model = NMF(n_components=k, init="random", random_state=seed, max_iter=400, tol=1e-4)
            w = model.fit_transform(x)
            h = model.components_
            norms = np.linalg.norm(h, axis=1, keepdims=True)
            runs.append((w.argmax(axis=1), h / np.where(norms > 0, norms, 1)))
            column = w.sum(axis=0)
            share = w.max(axis=0) / np.where(column > 0, column, 1)
            single.append(int((share >= 0.5).sum()))
        scores, same = [], []
        for i in range(len(runs)):
            for j in range(i + 1, len(runs)):
                sim = runs[i][1] @ runs[j][1].T
                r, c = linear_sum_assignment(-sim)
                scores.append(float(sim[r, c].mean()))
                mapping = dict(zip(r, c, strict=True))
                same.append(
                    float(
                        np.mean(
                            [mapping[a] == b for a, b in zip(runs[i][0], runs[j][0], strict=True)]
                        )
                    )
                )
        agreement = round(float(np.mean(scores)), 4) if scores else 1.0
        assignment = round(float(np.mean(same)), 4) if same else 1.0
        fingerprints = round(float(np.mean(single)), 2)
        supported = agreement >= 0.8 and assignment >= 0.8 and fingerprints < k / 2
        rows.append((k, agreement, assignment, fingerprints, supported))
    columns = ["n_topics", "agreement", "assignment", "single_unit_topics", "supported"]
    return pd.DataFrame(rows, columns=columns)


def nmf_errors(dt: DocumentTerms, ks=range(2, 7), *, seed: int = 0) -> pd.DataFrame:
    """Relative reconstruction error of NMF for each number of topics in ``ks`` (≤ units): a
    guide for choosing the number of topics (look for where the error stops falling fast)."""
    expect_dtm("nmf_errors", dt)
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
