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
    assert textlib.structure.enumerations(sample)["marker"].tolist() == ["一是", "二是"]


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
    assert textlib.datasets.metadata(sample).empty


@pytest.mark.parametrize("n_jobs", [2])
def test_results_identical_for_any_n_jobs(seed, n_jobs):
    serial = textlib.formulation_hits(seed)
    parallel = textlib.formulation_hits(seed, n_jobs=n_jobs)
    pd.testing.assert_frame_equal(serial, parallel)
    pd.testing.assert_frame_equal(textlib.outline(seed), textlib.outline(seed, n_jobs=n_jobs))
    pd.testing.assert_frame_equal(
        textlib.tokens.unit_tokens(seed), textlib.tokens.unit_tokens(seed, n_jobs=n_jobs)
    )
    again = textlib.read_page(textlib.datasets.seed_path(), n_jobs=n_jobs)
    pd.testing.assert_frame_equal(again.units, seed.units[again.units.columns])


def test_map_batches_keeps_order():
    items = list(range(103))

    def double(batch, factor):
        return [x * factor for x in batch]

    assert map_batches(double, items, 2) == [x * 2 for x in items]


def test_dask_cluster_gives_the_same_hits(seed, dask_client):
    """On the command-line cluster of conftest (a scheduler and two worker processes)."""
    lexicon = textlib.load_lexicon()
    items = [(u, seed.tracked(u).text) for u in seed.leaf_ids]
    serial = map_batches(match_batch, items, lexicon)
    on_dask = map_batches_dask(match_batch, items, lexicon, client=dask_client, npartitions=3)
    assert on_dask == serial


FOOTER = "本网站所刊登的信息均由各地精神文明建设办公室提供，转载请注明出处。"


def _table_and_folder(tmp_path):
    """The same four texts as a CSV and as a folder: one in traditional script, and a
    footer line repeated in three of them (boilerplate)."""
    texts = {
        "trad": "二〇二三年工作要點\n加強社會主義核心價值觀建設，推進精神文明建設，"
        "開展誌願服務，樹立時代新風，營造濃厚氛圍。\n" + FOOTER,
        "simp": "二〇二三年工作要点\n深化新时代文明实践中心建设。\n" + FOOTER,
        "more": "二〇二四年工作要点\n推进精神文明建设，践行社会主义核心价值观。\n" + FOOTER,
        "last": "二〇二四年工作方案\n培育和践行社会主义核心价值观。",
    }
    folder = tmp_path / "folder"
    folder.mkdir()
    for unit_id, text in texts.items():
        (folder / f"{unit_id}.txt").write_text(text, encoding="utf-8")
    table = tmp_path / "table.csv"
    pd.DataFrame({"id": list(texts), "text": list(texts.values())}).to_csv(table, index=False)
    return table, folder


def test_a_table_and_a_folder_of_the_same_texts_give_the_same_corpus(tmp_path):
    """Tables used to skip the traditional-script conversion and the boilerplate step that
    folders get: 加強社會主義核心價值觀 went uncounted."""
    table, folder = _table_and_folder(tmp_path)
    from_table, from_folder = textlib.read_directory(table), textlib.read_directory(folder)
    ids = sorted(from_folder.units.index)
    assert from_table.units.loc[ids, "text"].tolist() == from_folder.units.loc[ids, "text"].tolist()
    assert from_table.units.loc["trad", "script"] == "traditional"
    assert from_table.units.loc["trad", "text"].startswith(
        "二〇二三年工作要点\n加强社会主义核心价值观"
    )
    assert FOOTER not in "".join(from_table.units["text"])  # in 3 of 4 rows: boilerplate
    assert from_table.units["format"].unique().tolist() == ["csv"]
    counts = textlib.count_formulations(from_table)
    core = counts[counts.formulation == "社会主义核心价值观"].groupby("unit_id")["count"].sum()
    assert core.to_dict() == {"last": 1, "more": 1, "simp": 0, "trad": 1}
    folder_counts = textlib.count_formulations(from_folder)
    key = ["unit_id", "variant"]
    assert (
        counts.sort_values(key)["count"].tolist()
        == folder_counts.sort_values(key)["count"].tolist()
    )
    report = from_table.load_report.set_index("unit_id")
    assert report.loc["trad", "path"] == f"{table}#trad"
    assert report.loc["trad", "reason"] == "1 boilerplate line(s) dropped"
    kept = textlib.read_directory(table, simplify=False, drop_boilerplate=False)
    assert "加強社會主義" in kept.unit("trad")["text"] and FOOTER in kept.unit("trad")["text"]


def test_table_rows_without_text_are_skipped_and_reported(tmp_path):
    path = tmp_path / "rows.csv"
    path.write_text("id,text,year\na,精神文明建设。,2023\nb,,2023\nc,   ,2024\nd,文明实践。,2024\n")
    with pytest.raises(textlib.TextlibError, match="2 rows could not be read"):
        textlib.read_directory(path)
    corpus = textlib.read_table(path, errors="skip")
    assert list(corpus.units.index) == ["a", "d"]
    assert corpus.units["year"].tolist() == [2023, 2024]
    report = corpus.load_report.set_index("unit_id")
    assert report["status"].to_dict() == {"a": "read", "b": "skipped", "c": "skipped", "d": "read"}
    assert report.loc["b", "reason"] == "row has no text"
    with pytest.raises(textlib.TextlibError, match="manifest|metadata"):
        textlib.read_directory(path, metadata=pd.DataFrame({"x": [1]}, index=["a"]))
