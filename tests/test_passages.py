"""find_passages (n-gram seeded alignment), passage_clusters and the passim export."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from textlib.compare.passages import (
    FOUND_COLUMNS,
    default_max_df,
    find_passages,
    passage_clusters,
    to_passim_jsonl,
)
from textlib.compare.reuse import PASSAGE_COLUMNS, reuse_matrix
from textlib.datasets.synthetic import synthetic_corpus
from textlib.errors import StudyParameterError
from textlib.load.corpus import UnitSpan, build_corpus
from textlib.text.source import SourceText

TESTS = Path(__file__).resolve().parent


def _bench():
    name = "benchmarks_reuse"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            name, TESTS.parent / "benchmarks" / "reuse.py"
        )
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def _corpus(texts: dict[str, str]):
    sources, spans = {}, []
    for unit_id, text in texts.items():
        name = f"test#{unit_id}"
        sources[name] = SourceText.from_text(name, text)
        spans.append(UnitSpan(unit_id, None, name, 1, sources[name].n_lines))
    return build_corpus(spans, sources, "test", repair=())


def _fresh(k: int, chars: int, seed: int = 0) -> list[str]:
    bench = _bench()
    rng = np.random.default_rng(seed)
    pool, _ = bench._clause_pool()
    return [bench._document(rng, pool, chars) for _ in range(k)]


@pytest.fixture(scope="module")
def seed_passages(seed):
    return find_passages(seed)


def test_columns_are_those_of_pairwise_passages(seed_passages):
    assert list(seed_passages.columns) == FOUND_COLUMNS
    assert FOUND_COLUMNS[: len(PASSAGE_COLUMNS)] == PASSAGE_COLUMNS
    assert seed_passages["similarity"].between(0, 1).all()


def test_seed_speech_copies_found_with_lines_and_share(seed, seed_passages):
    pair = seed_passages[(seed_passages["a"] == "3") & (seed_passages["b"] == "7")]
    assert len(pair)
    a_first = pair["a_lines"].str.split("-").str[0].astype(int).min()
    a_last = pair["a_lines"].str.split("-").str[1].astype(int).max()
    b_first = pair["b_lines"].str.split("-").str[0].astype(int).min()
    b_last = pair["b_lines"].str.split("-").str[1].astype(int).max()
    assert (a_first, a_last, b_first, b_last) == (126, 168, 386, 422)
    reuse = reuse_matrix(seed, seed_passages)
    assert reuse.at["3", "7"] >= 0.95 and reuse.at["7", "3"] >= 0.95


def test_reordered_paragraphs_found():
    p1, p2, p3, p4 = (t[:150] for t in _fresh(4, 200, seed=3))
    corpus = _corpus({"a": f"{p1}\n{p2}\n", "b": f"{p3}\n{p2}\n{p1}\n{p4}\n"})
    found = find_passages(corpus)
    text_a = corpus.tracked("a").text
    for para in (p1, p2):
        start = text_a.index(para)
        assert any(
            (row.a_start <= start + 5) and (row.a_end >= start + len(para) - 5)
            for row in found.itertuples()
        ), para


def test_redactions_do_not_split_a_copy():
    (base,) = _fresh(1, 400, seed=5)
    original = base[:360]
    chars = list(original)
    for at, mark in ((40, "XX"), (110, "***"), (200, "XX"), (290, "***")):
        chars[at : at + 3] = [mark, "", ""]
    redacted = "".join(chars)
    other_a, other_b = _fresh(2, 200, seed=6)
    corpus = _corpus({"a": other_a[:150] + original, "b": redacted + other_b[:150]})
    found = find_passages(corpus)
    assert len(found) == 1
    row = found.iloc[0]
    assert row["a_end"] - row["a_start"] >= len(original) - 2
    assert row["similarity"] >= 0.95


def test_same_result_for_n_jobs_and_unit_order():
    corpus = synthetic_corpus(24)
    one = find_passages(corpus)
    assert len(one)
    pd.testing.assert_frame_equal(one, find_passages(corpus, n_jobs=2))
    shuffled = list(np.random.default_rng(1).permutation(corpus.leaf_ids))
    pd.testing.assert_frame_equal(one, find_passages(corpus, units=shuffled))


def test_same_result_for_any_partitioning():
    bench = _bench()
    corpus = bench.planted_corpus(40, chars=1500, seed=7).corpus()
    one = find_passages(corpus)
    assert len(one) >= 10
    for partitions, chunk_pairs in ((1, 10**9), (4, 300), (256, 1), (64, 5000)):
        pd.testing.assert_frame_equal(
            one, find_passages(corpus, partitions=partitions, chunk_pairs=chunk_pairs)
        )


def test_default_max_df_is_capped():
    assert [default_max_df(k) for k in (3, 200, 1000, 2000, 10_000, 10**6)] == [
        10,
        10,
        50,
        100,
        100,
        100,
    ]


def test_df_cap_drops_boilerplate():
    boiler = "为深入贯彻落实上级关于精神文明建设的决策部署，结合本单位实际，特制定如下工作方案。"
    texts = {f"u{k:02d}": t[:300] + boiler + t[300:500] for k, t in enumerate(_fresh(12, 600, 9))}
    corpus = _corpus(texts)
    assert find_passages(corpus).empty  # default max_df = 10 < 12 units
    found = find_passages(corpus, max_df=20)
    assert len(found) == 66 and found["text"].str.contains("特制定如下工作方案").all()


def test_planted_reuse_recall():
    bench = _bench()
    planted = bench.planted_corpus(120, chars=2000, seed=2)
    found = find_passages(planted.corpus())
    result = bench.score(planted.planted, found)
    assert result["planted"] >= 40
    assert result["recall"] >= 0.95
    assert result["precision"] >= 0.95


def test_passage_clusters(seed_passages):
    clusters = passage_clusters(seed_passages)
    speech = clusters[
        clusters["unit_id"].isin(["3", "7"]) & (clusters["end"] - clusters["start"] > 3000)
    ]
    assert speech["cluster"].nunique() == 1 and set(speech["unit_id"]) == {"3", "7"}
    assert (clusters["template"] == (clusters["n_units"] >= 3)).all()
    assert clusters["template"].any()
    assert passage_clusters(seed_passages.iloc[:0]).empty


def test_passim_export(seed, tmp_path):
    path = to_passim_jsonl(seed, tmp_path / "seed.jsonl")
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == seed.leaf_ids
    assert records[0]["text"] == seed.tracked(seed.leaf_ids[0]).text
    assert {r["series"] for r in records if r["id"].startswith("6.")} == {"6"}


def test_bad_parameters(seed):
    with pytest.raises(StudyParameterError):
        find_passages(seed, n=1)
    with pytest.raises(StudyParameterError):
        find_passages(seed, max_df=1)
    with pytest.raises(StudyParameterError):
        find_passages(seed, partitions=3)
    with pytest.raises(StudyParameterError):
        find_passages(seed, chunk_pairs=0)
