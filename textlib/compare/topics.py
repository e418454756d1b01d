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


def keyness(dt: DocumentTerms, *, min_count: int = 5, top: int | None = 15) -> pd.DataFrame:
    """Distinctive terms of each unit against the rest of the set.

    One row per unit × term with ``count`` (in the unit), ``rest``, ``g2`` (signed G²,
    :func:`log_likelihood`), ``log_ratio`` (binary log of the relative-frequency ratio, +0.5
    smoothing) and ``p`` (χ² with 1 df). Only terms seen at least ``min_count`` times in the
    whole set; the ``top`` highest positive G² per unit (all when None). Vectorised over the
    sparse matrix: one χ² call for the whole table, memory linear in its non-zero cells plus
    the rows returned.
    """
    expect_dtm("keyness", dt)
    from scipy.stats import chi2

    counts = dt.counts.tocsr().astype(np.float64)
    totals = np.asarray(counts.sum(axis=1)).ravel()
    term_totals = np.asarray(counts.sum(axis=0)).ravel()
    keep = np.flatnonzero(term_totals >= min_count)
    grand = totals.sum()
    frames = []
    for i, unit_id in enumerate(dt.units):
        a = counts[i, keep].toarray().ravel()
        b = term_totals[keep] - a
        c, d = totals[i], grand - totals[i]
        if c <= 0 or d <= 0:
            g2 = np.zeros(len(keep))
            ratio = np.zeros(len(keep))
        else:
            e1 = c * (a + b) / (c + d)
            e2 = d * (a + b) / (c + d)
            with np.errstate(divide="ignore", invalid="ignore"):
                t1 = np.where(a > 0, a * np.log(np.where(a > 0, a, 1) / e1), 0.0)
                t2 = np.where(b > 0, b * np.log(np.where(b > 0, b, 1) / e2), 0.0)
            g2 = 2 * (t1 + t2)
            g2 = np.where(a / c >= b / d, g2, -g2)
            ratio = np.log2(((a + 0.5) / c) / ((b + 0.5) / d))
        frame = pd.DataFrame(
            {
                "unit_id": unit_id,
                "term": [dt.terms[j] for j in keep],
                "count": a.astype(int),
                "rest": b.astype(int),
                "g2": g2,
                "log_ratio": ratio,
            }
        )
        frame = frame.sort_values(["g2", "term"], ascending=[False, True], kind="stable")
        frames.append(frame.head(top) if top is not None else frame)
    columns = ["unit_id", "term", "count", "rest", "g2", "log_ratio", "p"]
    if not frames:
        return pd.DataFrame(columns=columns)
    table = pd.concat(frames, ignore_index=True)
    table["p"] = chi2.sf(table["g2"].abs().to_numpy(), 1)
    return table[columns]


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
