"""Users' own corpora: directories, CSV and Parquet tables, messy encodings, batch processing."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import textlib
from textlib.batch import map_batches, map_batches_dask
from textlib.errors import EmptyCorpusError, PageFormatError
from textlib.formulations.counting import match_batch

DATA = Path(__file__).resolve().parent / "data"
SAMPLE_DIR = DATA / "sample_corpus"
SAMPLE_CSV = DATA / "sample_corpus.csv"


@pytest.fixture(scope="module")
def sample():
    return textlib.read_directory(SAMPLE_DIR)


@pytest.fixture(scope="module")
def sample_table():
    return textlib.read_directory(SAMPLE_CSV)


def test_directory_with_bom_crlf_fullwidth_and_u3000(sample):
    assert list(sample.units.index) == [
        "a_county_2023",
        "b_bureau_2023",
        "c_notice_v1",
        "d_notice_v2",
        "e_village_2021",
    ]
    text = sample.unit("a_county_2023")["text"]
    assert text.startswith("某县2023年精神文明建设工作要点\n2023年是")  # BOM, CRLF and U+3000 gone
    assert "\r" not in text and "\u3000" not in text and "\ufeff" not in text
    # the file breaks 学雷锋志愿 / 服务活动 across a blank line (line 9): rejoined
    hits = textlib.kwic(sample, "学雷锋志愿服务")
    assert hits[["unit_id", "line"]].values.tolist() == [["a_county_2023", 9]]
    events = textlib.noise(sample)
    assert events[events.kind == "broken_line"]["line"].tolist() == [9]
    # traditional-looking characters load as they are
    assert "村民議事會" in sample.unit("e_village_2021")["text"]


def test_fullwidth_outline(sample):
    table = textlib.outline(sample)
    county = table[table.unit_id == "a_county_2023"]
    assert county["marker"].tolist() == [
        "一、",
        "（一）",
        "（二）",
        "二、",
        "（一）",
        "（二）",
        "三、",
    ]
    assert textlib.enumerations(sample)["marker"].tolist() == ["一是", "二是"]


def test_csv_metadata_flows_into_tables(sample, sample_table):
    assert list(sample_table.units.index) == list(sample.units.index)
    assert (
        sample_table.unit("b_bureau_2023")["year"] == 2023
    )  # typed metadata (was the string "2023")
    counts = textlib.count_formulations(sample_table)
    assert {"year", "region", "issuer"} <= set(counts.columns)
    by_year = counts.groupby("year")["count"].sum()
    # 2021: 精神文明建设 (title), 乡村振兴, 我们的节日, 婚事新办、丧事简办, 文明家庭 (in 「」)
    assert by_year.to_dict() == {2021: 5, 2022: 15, 2023: 36}  # typed years
    for table in (
        textlib.formulation_hits(sample_table),
        textlib.outline(sample_table),
        textlib.kwic(sample_table, "文明"),
        textlib.noise(sample_table),
    ):
        assert "region" in table.columns
    # the same texts give the same counts whichever way they were read
    plain = textlib.count_formulations(sample)
    assert plain["count"].tolist() == counts["count"].tolist()


def test_parquet(tmp_path, sample_table):
    table = pd.read_csv(SAMPLE_CSV, dtype=str)
    path = tmp_path / "corpus.parquet"
    table.to_parquet(path)
    corpus = textlib.read_directory(path)
    assert corpus.units["text"].tolist() == sample_table.units["text"].tolist()


def test_table_errors(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("name,body\na,文本\n", encoding="utf-8")
    with pytest.raises(PageFormatError, match="missing column"):
        textlib.read_directory(bad)
    empty = tmp_path / "empty.csv"
    empty.write_text("id,text\n", encoding="utf-8")
    with pytest.raises(EmptyCorpusError):
        textlib.read_directory(empty)
    dup = tmp_path / "dup.csv"
    dup.write_text("id,text\na,甲。\na,乙。\n", encoding="utf-8")
    with pytest.raises(PageFormatError, match="duplicate ids"):
        textlib.read_directory(dup)
    blank = tmp_path / "blank.csv"
    blank.write_text("id,text\na,\n", encoding="utf-8")
    with pytest.raises(EmptyCorpusError, match="blank.csv#a"):
        textlib.read_directory(blank)


def test_analyses_run_on_a_users_corpus(sample):
    comparison = textlib.Study(sample, n_boot=10)
    assert comparison.duplicates[["a", "b"]].values.tolist() == [["c_notice_v1", "d_notice_v2"]]
    assert comparison.dropped == ("d_notice_v2",)  # the copy with a placeholder is shorter
    _top, weights = comparison.topics
    assert len(weights) == 4
    assert len(comparison.clustering.merges) == 3
    for figure_id in ("corpus_overview", "formulation_heatmap", "outline_skyline", "topics"):
        assert textlib.draw(figure_id, comparison) is not None
    assert textlib.metadata(sample).empty


@pytest.mark.parametrize("n_jobs", [2])
def test_results_identical_for_any_n_jobs(seed, n_jobs):
    serial = textlib.formulation_hits(seed)
    parallel = textlib.formulation_hits(seed, n_jobs=n_jobs)
    pd.testing.assert_frame_equal(serial, parallel)
    pd.testing.assert_frame_equal(textlib.outline(seed), textlib.outline(seed, n_jobs=n_jobs))
    pd.testing.assert_frame_equal(
        textlib.unit_tokens(seed), textlib.unit_tokens(seed, n_jobs=n_jobs)
    )
    again = textlib.read_page(textlib.seed_path(), n_jobs=n_jobs)
    pd.testing.assert_frame_equal(again.units, seed.units[again.units.columns])


def test_map_batches_keeps_order():
    items = list(range(103))

    def double(batch, factor):
        return [x * factor for x in batch]

    assert map_batches(double, items, 2) == [x * 2 for x in items]


def test_dask_local_cluster_gives_the_same_hits(seed):
    distributed = pytest.importorskip("dask.distributed")
    lexicon = textlib.load_lexicon()
    items = [(u, seed.tracked(u).text) for u in seed.leaf_ids]
    serial = map_batches(match_batch, items, lexicon)
    with (
        distributed.LocalCluster(
            n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        on_dask = map_batches_dask(match_batch, items, lexicon, client=client, npartitions=3)
    assert on_dask == serial
