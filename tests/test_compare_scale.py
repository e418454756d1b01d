"""The vectorised term bootstrap of ``cluster`` and the vectorised keyness, against their
definitions computed the slow way."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import sparse
from scipy.cluster.hierarchy import linkage
from scipy.spatial.distance import pdist

from textlib.compare.clustering import _clade_bits, _term_blocks, cluster
from textlib.compare.features import DocumentTerms, tfidf
from textlib.compare.topics import keyness, log_likelihood
from textlib.errors import StudyParameterError


def _dt(counts: np.ndarray, prefix: str = "u") -> DocumentTerms:
    units = [f"{prefix}{i}" for i in range(counts.shape[0])]
    terms = [f"t{j:03d}" for j in range(counts.shape[1])]
    paragraphs = {
        u: [[t for j, t in enumerate(terms) for _ in range(int(counts[i, j]))]]
        for i, u in enumerate(units)
    }
    return DocumentTerms(units, terms, sparse.csr_matrix(counts.astype(float)), paragraphs)


def _groups(seed: int = 0, per: int = 6, vocab: int = 40) -> DocumentTerms:
    """Two groups of units over disjoint halves of the vocabulary, plus shared noise."""
    rng = np.random.default_rng(seed)
    counts = rng.poisson(0.3, size=(2 * per, 2 * vocab))
    counts[:per, :vocab] += rng.poisson(4, size=(per, vocab))
    counts[per:, vocab:] += rng.poisson(4, size=(per, vocab))
    return _dt(counts)


def test_term_bootstrap_equals_its_definition():
    """Each resample: terms weighted by multinomial draws, cosine of the weighted TF-IDF rows,
    average linkage; support = share of resamples holding each clade (one term per block)."""
    dt = _groups(3)
    n_boot, seed = 30, 7
    result = cluster(dt, n_boot=n_boot, seed=seed)
    x = tfidf(dt.counts).toarray()
    n, v = x.shape
    rng = np.random.default_rng(seed)
    blocks = _term_blocks(v, n, rng)
    assert sorted(blocks.tolist()) == list(range(v))  # 80 terms: one per block
    weights = rng.multinomial(v, np.full(v, 1 / v), size=n_boot)
    z = linkage(np.clip(pdist(x, "cosine"), 0, None), method="average")
    clades = _clade_bits(z, n)
    hits = np.zeros(len(clades))
    for w in weights:
        xb = x * np.sqrt(w[blocks])
        boot = set(_clade_bits(linkage(pdist(xb, "cosine").round(12), method="average"), n))
        hits += [c in boot for c in clades]
    np.testing.assert_allclose(result.merges["support"].to_numpy(), hits / n_boot)


def test_bootstrap_supports_the_planted_groups_and_is_seeded():
    dt = _groups(1)
    result = cluster(dt, k=2, n_boot=50, seed=0)
    merges = result.merges.set_index("members")
    first = " ".join(f"u{i}" for i in range(6))
    second = " ".join(f"u{i}" for i in range(6, 12))
    assert merges.at[first, "support"] == 1.0 and merges.at[second, "support"] == 1.0
    assert result.merges["support"].iloc[-1] == 1.0  # the root
    assert result.labels.nunique() == 2
    again = cluster(dt, k=2, n_boot=50, seed=0)
    pd.testing.assert_frame_equal(result.merges, again.merges)
    other = cluster(dt, k=2, n_boot=50, seed=1)
    assert not result.merges["support"].equals(other.merges["support"])


def test_many_terms_are_resampled_in_blocks():
    rng = np.random.default_rng(0)
    blocks = _term_blocks(5000, 1000, rng)
    sizes = np.bincount(blocks)
    assert len(sizes) == 67 and sizes.max() - sizes.min() <= 1  # 67 blocks: grams in 256 MB
    assert len(np.bincount(_term_blocks(5000, 50, rng))) == 512
    # support from blocks: still 1.0 for planted groups
    dt = _groups(2, per=5, vocab=600)
    merges = cluster(dt, n_boot=20).merges.set_index("members")
    assert merges.at["u0 u1 u2 u3 u4", "support"] == 1.0


def test_paragraph_bootstrap_kept_on_request():
    dt = _groups(4)
    result = cluster(dt, n_boot=10, resample="paragraphs")
    assert result.merges["support"].between(0, 1).all()
    assert result.merges["support"].iloc[-1] == 1.0
    with pytest.raises(StudyParameterError):
        cluster(dt, resample="units")
    assert (cluster(dt, n_boot=0).merges["support"] == 0).all()


def test_keyness_vectorised_equals_the_per_unit_table():
    rng = np.random.default_rng(5)
    counts = rng.poisson(1.5, size=(7, 30))
    counts[2, :] = 0
    counts[2, [3, 4]] = [9, 1]  # a unit with two terms: fewer than top
    counts[5, :] = 0  # an empty unit
    dt = _dt(counts)
    totals = counts.sum(axis=1)
    term_totals = counts.sum(axis=0)
    for top, min_count in ((5, 1), (None, 8), (40, 3)):
        table = keyness(dt, top=top, min_count=min_count)
        rows = []
        keep = [j for j in range(30) if term_totals[j] >= min_count]
        for i, unit in enumerate(dt.units):
            c, d = totals[i], totals.sum() - totals[i]
            cells = [
                (-log_likelihood(counts[i, j], term_totals[j] - counts[i, j], c, d), dt.terms[j])
                for j in keep
            ]
            cells.sort()
            rows += [(unit, term, -neg) for neg, term in (cells if top is None else cells[:top])]
        assert list(zip(table["unit_id"], table["term"], strict=True)) == [r[:2] for r in rows]
        np.testing.assert_allclose(table["g2"], [r[2] for r in rows], atol=1e-9)
    short = keyness(dt, top=5, min_count=1)
    assert short[short["unit_id"] == "u2"]["term"].tolist()[:2] == ["t003", "t004"]
    assert len(short[short["unit_id"] == "u2"]) == 5  # filled with the least negative terms
    assert (short[short["unit_id"] == "u5"]["g2"] == 0).all()
