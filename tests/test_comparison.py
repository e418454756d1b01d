"""Clustering, topics, keyness and passage reuse: deterministic, and right on the seed."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pytest

import textlib
from textlib.compare.features import count_matrix, document_terms, unit_set
from textlib.compare.reuse import (
    alignment_differences,
    pairwise_passages,
    reuse_matrix,
    shared_passages,
)
from textlib.compare.topics import keyness, log_likelihood


@pytest.fixture(scope="module")
def comparison(seed):
    return textlib.Study(seed, n_boot=30)


@pytest.fixture(scope="module")
def both_copies(seed):
    """A study that keeps both copies of the near-duplicate pair (for the terms of each)."""
    return textlib.Study(seed, collapse_duplicates=False)


def terms_of(study, units):
    return document_terms(study.tokens, corpus=study.corpus, lexicon=study.lexicon, units=units)


def test_unit_sets(seed):
    assert unit_set(seed, "plans") == ["1", "2", "3", "4", "5", "6", "7"]
    assert unit_set(seed, "parts") == ["1", "2", "3", "4", "5", "6.1", "6.2", "6.3", "7"]
    assert unit_set(seed, "plans", drop=("3",)) == ["1", "2", "4", "5", "6", "7"]
    with pytest.raises(textlib.UnknownUnitError):
        unit_set(seed, ["1", "9"])


def test_document_terms_formulations_are_single_features(both_copies):
    dt = terms_of(both_copies, "plans")
    frame = dt.to_frame()
    plan2 = frame[frame.unit_id == "2"].set_index("term")["count"]
    # canonical features: 社会主义核心价值观 is one feature, counted 9 times in plan 2
    assert plan2["社会主义核心价值观"] == 9
    assert "核心价值观" not in dt.terms  # folded into its canonical formulation
    assert "的" not in dt.terms and "," not in dt.terms
    # plan 6 is the sum of its parts
    parts = terms_of(both_copies, ["6.1", "6.2", "6.3"]).counts.sum(axis=0)
    whole = terms_of(both_copies, ["6"])
    assert int(parts.sum()) == int(whole.counts.sum())


def test_near_duplicate_pair_found(comparison):
    pairs = comparison.duplicates
    assert pairs[["a", "b"]].values.tolist() == [["3", "7"]]
    assert pairs["mutual"].iloc[0] > 0.95
    assert comparison.dropped == ("3",)  # plan 3 is the redacted, shorter copy
    assert "3" not in comparison.similarity.index


def test_document_terms_are_read_off_the_study_tokens_not_segmented_again(both_copies):
    from textlib.tokens import segmentation

    calls = []
    original = segmentation.DomainTokenizer.tokenize
    segmentation.DomainTokenizer.tokenize = lambda self, text: calls.append(text) or original(
        self, text
    )
    try:
        _ = both_copies.tokens
        before = len(calls)
        terms_of(both_copies, "parts")
        assert len(calls) == before
    finally:
        segmentation.DomainTokenizer.tokenize = original


def test_wrong_argument_types_are_named_errors(comparison):
    from textlib.compare import ca, cluster, similarity_matrix

    with pytest.raises(textlib.ArgumentTypeError, match="DocumentTerms"):
        cluster(comparison.corpus)
    with pytest.raises(textlib.ArgumentTypeError, match="DocumentTerms"):
        similarity_matrix(comparison.counts)
    with pytest.raises(textlib.ArgumentTypeError, match="table"):
        ca(comparison.dtm)
    with pytest.raises(textlib.ArgumentTypeError, match="Corpus"):
        document_terms(comparison.tokens, corpus=comparison.tokens, lexicon=comparison.lexicon)


def test_similarity_of_the_duplicate_pair(both_copies):
    from textlib.compare import similarity_matrix

    sim = similarity_matrix(terms_of(both_copies, "plans"))
    assert sim.loc["3", "7"] > 0.9
    others = sim.where(~np.eye(len(sim), dtype=bool)).drop(index=["3", "7"], columns=["3", "7"])
    assert others.max().max() < 0.5
    assert np.allclose(sim.to_numpy(), sim.to_numpy().T)


def test_clustering_has_support_and_labels(comparison):
    result = comparison.clustering
    assert len(result.merges) == len(result.units) - 1
    assert result.merges["support"].between(0, 1).all()
    assert result.merges["support"].iloc[-1] == 1.0  # the root clade is always there
    assert sorted(result.leaf_order) == sorted(result.units)
    assert set(result.labels) <= {1, 2, 3}
    assert 0 < result.cophenetic <= 1


def test_topics_weights_sum_to_one(comparison):
    top, weights = comparison.topics
    assert np.allclose(weights.sum(axis=1), 1, atol=1e-5)
    assert top.groupby("topic").size().eq(10).all()
    # the assessment rules (6.2) are a topic of their own, led by its scoring vocabulary
    topic = weights.loc["6.2"].idxmax().split()[-1]
    assert "考核" in top[top.topic == int(topic)]["term"].tolist()


def test_log_likelihood_hand_computed():
    # a=10 of c=100 in the target, b=5 of d=200 in the reference: E1=5, E2=10,
    # G² = 2(10 ln 2 + 5 ln 0.5) = 10 ln 2
    assert log_likelihood(10, 5, 100, 200) == pytest.approx(10 * np.log(2))
    assert log_likelihood(5, 10, 200, 100) == pytest.approx(-10 * np.log(2))  # underused: negative
    assert log_likelihood(0, 0, 100, 200) == 0.0


def test_keyness_on_a_small_example():
    from textlib.compare.features import DocumentTerms

    paragraphs = {"a": [["税务"] * 10 + ["文明"] * 90], "b": [["税务"] * 5 + ["文明"] * 195]}
    counts, terms = count_matrix(paragraphs, ["a", "b"])
    dt = DocumentTerms(["a", "b"], terms, counts, paragraphs)
    table = keyness(dt, min_count=1, top=None).set_index(["unit_id", "term"])
    assert table.loc[("a", "税务"), "g2"] == pytest.approx(10 * np.log(2))
    assert table.loc[("b", "税务"), "g2"] == pytest.approx(-10 * np.log(2))
    assert table.loc[("a", "税务"), "count"] == 10 and table.loc[("a", "税务"), "rest"] == 5


def test_keyness_on_the_seed(comparison):
    table = comparison.keyness
    top_terms = table.groupby("unit_id")["term"].first().to_dict()
    assert top_terms["1"] == "税务"  # the tax bureau
    assert top_terms["2"] == "分公司"  # the highway company branch
    assert (table["g2"] > 0).all()


def test_shared_passage_of_the_two_speeches(seed):
    passages = shared_passages(seed, "3", "7")
    assert len(passages) == 1  # one block despite 30 redactions: gaps are bridged
    row = passages.iloc[0]
    assert (row["a_lines"], row["b_lines"]) == ("126-168", "386-422")
    assert row["matched"] > 5000


def test_alignment_differences_verified_by_reading(seed):
    diffs = alignment_differences(seed, "3", "7")
    found = {(r.a_text, r.b_text, r.a_line, r.b_line, r.category) for r in diffs.itertuples()}
    assert ("髙", "高", 136, 394, "character variant") in found  # 髙品质生活 (OCR)
    assert ("由", "山", 136, 394, "character variant") in found  # 由水人城 / 山水人城
    assert ("□", "西部", 136, 394, "redaction") in found  # 中国 XX / 中国西部
    assert ("□", "87.75", 144, 400, "redaction") in found  # the city's score
    assert ("", "30个", 144, 400, "insertion") in found  # issue 11: was "dropped text"
    assert ("省", "市", 136, 394, "substitution") in found  # 省第十四次党代会 / 市第xx次: a level
    assert ("城市", "天府", 164, 418, "substitution") in found  # a place name, not rewording
    assert ("□", "蓉", 150, 406, "redaction") in found  # “X城先锋” / "蓉城先锋"


def test_reuse_matrix_and_templates(seed):
    passages = pairwise_passages(seed)
    reuse = reuse_matrix(seed, passages)
    assert reuse.loc["3", "7"] > 0.99 and reuse.loc["7", "3"] > 0.99
    # plans 5 and 6.1 open with the same template sentence (lines 216 / 248)
    assert reuse.loc["5", "6.1"] > 0.05
    templates = textlib.compare.template_passages(seed, passages, exclude=("3",))
    assert (templates["n_units"] >= 3).all()
    first = templates.iloc[0]
    assert "以习近平新时代中国特色社会主义思想为指导" in first["text"]


def test_pairwise_alignment_is_capped(seed):
    with pytest.raises(ValueError, match="max_units"):
        pairwise_passages(seed, max_units=3)


def _run_analysis(threads: str) -> str:
    code = (
        "import json, textlib;"
        "c = textlib.Study(textlib.load_seed(), n_boot=20);"
        "top, w = c.topics;"
        "print(json.dumps([c.similarity.round(10).values.tolist(), c.clustering.merges.to_dict('list'),"
        " top.round(10).to_dict('list'), w.round(8).values.tolist(), c.keyness.round(8).to_dict('list'),"
        " c.reuse.values.tolist(), textlib.compare.nmf_errors(c.dtm).values.tolist()]))"
    )
    env = {
        **os.environ,
        "OMP_NUM_THREADS": threads,
        "OPENBLAS_NUM_THREADS": threads,
        "MKL_NUM_THREADS": threads,
    }
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return out.stdout


def test_tables_identical_across_runs_and_thread_counts():
    one, two, again = _run_analysis("1"), _run_analysis("2"), _run_analysis("1")
    assert one == again
    assert json.loads(one) == json.loads(two)


def test_keyness_vectorised_matches_the_cell_formula(seed):
    study = textlib.Study(seed, n_boot=5)
    table = keyness(study.dtm, top=None)
    dense = study.dtm.counts.toarray()
    totals = dense.sum(axis=1)
    row = {u: i for i, u in enumerate(study.dtm.units)}
    for r in table.sample(200, random_state=0).itertuples():
        c = totals[row[r.unit_id]]
        expected = log_likelihood(r.count, r.rest, c, totals.sum() - c)
        assert abs(expected - r.g2) < 1e-9


def test_topic_stability_separates_real_from_unsupported_topics():
    from scipy import sparse

    from textlib.compare.features import DocumentTerms
    from textlib.compare.topics import topic_stability

    # two clear groups of documents with disjoint vocabularies: k=2 is supported
    rows = [[5, 4, 3, 0, 0, 0], [4, 5, 2, 0, 0, 1], [0, 0, 1, 5, 4, 3], [0, 1, 0, 4, 5, 4]]
    dt = DocumentTerms(
        ["a", "b", "c", "d"],
        ["税务", "税收", "干部", "公路", "企业", "运营"],
        sparse.csr_matrix(np.array(rows, dtype=float)),
        {},
    )
    table = topic_stability(dt, n_topics=2, spread=0)
    assert table["n_topics"].tolist() == [2]
    assert bool(table["supported"].iloc[0]) and table["agreement"].iloc[0] > 0.95
    # three topics on four documents: at least one topic holds a single document
    three = topic_stability(dt, n_topics=3, spread=0)
    assert three["single_unit_topics"].iloc[0] >= 1
