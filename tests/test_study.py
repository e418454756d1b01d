"""The Study: one set of parameters, every table built once from it, every figure following it."""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import sys

import pandas as pd
import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text

import textlib
from textlib.datasets.seed import seed_path
from textlib.figures.build import render_png
from textlib.viz.style import figure_style

TWO_FORMS = (
    "formulation,variant,gloss,kind\n"
    "社会主义核心价值观,社会主义核心价值观,core socialist values,value or spirit\n"
    "社会主义核心价值观,核心价值观,core socialist values,value or spirit\n"
    "新时代文明实践中心,新时代文明实践中心,New-Era Civilization Practice Centres,institution\n"
)


@pytest.fixture(scope="module")
def study(seed):
    return textlib.Study(seed, n_boot=20)


@pytest.fixture(scope="module")
def two_forms(tmp_path_factory):
    path = tmp_path_factory.mktemp("lex") / "two.csv"
    path.write_text(TWO_FORMS, encoding="utf-8")
    return path


def test_study_is_immutable_and_replace_recomputes(study):
    with pytest.raises(dataclasses.FrozenInstanceError):
        study.k = 5  # type: ignore[misc]
    assert study.clustering.labels.max() == 3
    five = study.replace(k=5)
    assert five.clustering.labels.max() == 5
    assert study.clustering.labels.max() == 3  # the original keeps its own tables
    assert five.k == 5 and study.k == 3


def test_unknown_or_bad_parameters_are_named_errors(seed):
    with pytest.raises(textlib.StudyParameterError, match="n_clusters"):
        textlib.Study(seed).replace(n_clusters=4)
    with pytest.raises(textlib.StudyParameterError, match="units='sections'"):
        textlib.Study(seed, units="sections")
    with pytest.raises(textlib.StudyParameterError, match="k=0"):
        textlib.Study(seed, k=0)
    with pytest.raises(textlib.TextlibError, match="n_boot"):
        textlib.Study(seed, n_boot=-1)


def test_tables_are_built_once_from_one_document_term_matrix(study):
    assert study.dtm is study.dtm
    assert list(study.similarity.index) == study.dtm.units
    assert study.clustering.units == study.dtm.units
    assert list(study.topics[1].index) == study.dtm.units
    direct = textlib.compare.cluster(study.dtm, k=study.k, n_boot=study.n_boot, seed=study.seed)
    pd.testing.assert_frame_equal(direct.merges, study.clustering.merges)


def test_figure_data_is_what_the_figure_shows(study):
    table = study.figure_data("similarity_clusters")
    merges = table[table["panel"] == "merges"]
    assert merges["support"].tolist() == study.clustering.merges["support"].round(4).tolist()
    fig = textlib.draw("similarity_clusters", study)
    shown = {t.get_text() for t in fig.findobj(Text)}
    for support in study.clustering.merges["support"].iloc[:-1]:
        assert f"{support:.0%}" in shown
    # the default study resamples 200 times: a different support table, never mixed up
    default = textlib.Study(study.corpus).figure_data("similarity_clusters")
    assert len(default[default["panel"] == "merges"]) == len(merges)


def test_custom_lexicon_reaches_counts_tokens_dtm_and_heatmap(seed, two_forms):
    study = textlib.Study(seed, lexicon=two_forms, n_boot=5)
    assert set(study.counts["formulation"]) == {"社会主义核心价值观", "新时代文明实践中心"}
    heat = study.figure_data("formulation_heatmap")
    assert set(heat["formulation"]) == {"社会主义核心价值观", "新时代文明实践中心"}
    # the tokenizer and the document-term matrix use the study's lexicon: 核心价值观 is folded
    assert "社会主义核心价值观" in study.dtm.terms and "核心价值观" not in study.dtm.terms
    assert study.tokenizer.lexicon is study.lexicon
    # 四个意识 is a bundled formulation, not in this lexicon: segmented as ordinary words
    assert "四个意识" not in study.dtm.terms


def test_seed_recognised_by_content_not_file_name(tmp_path):
    copy = tmp_path / "renamed_page.txt"
    shutil.copyfile(seed_path(), copy)
    same = textlib.read_page(copy)
    assert textlib.datasets.is_seed(same)
    assert not textlib.datasets.metadata(same).empty
    edited = tmp_path / seed_path().name  # the seed's file name, edited content
    edited.write_text(
        seed_path().read_text(encoding="utf-8") + "\n多出的一行。\n", encoding="utf-8"
    )
    other = textlib.read_page(edited)
    assert not textlib.datasets.is_seed(other)
    assert textlib.datasets.metadata(other).empty  # no curated claims at the wrong lines
    assert "gloss" not in textlib.Study(other).corpus.units.columns
    assert textlib.Study(same).corpus.units.at["1", "gloss"] == "Tax bureau work points"


def test_seed_only_variants_live_in_the_overlay(seed, tmp_path):
    bundled = textlib.load_lexicon()
    assert not bundled["variant"].isin(["XX文化", "理响XX", "天府文化"]).any()
    assert set(textlib.datasets.seed_lexicon()["variant"]) >= {"XX文化", "理响XX", "天府文化"}
    study = textlib.Study(seed)
    assert study.lexicon["variant"].isin(["XX文化"]).any()  # applied on the seed
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "a.txt").write_text("加强XX文化建设,推进文明城市创建。\n", encoding="utf-8")
    other = textlib.Study(textlib.read_directory(folder))
    counts = other.counts
    assert "天府文化" not in set(counts["formulation"])


MANIFEST = (
    "id,text,kind,count,line,plan,unit_id,year,title\n"
    'a,"某县精神文明建设工作要点\n深入践行社会主义核心价值观。\n弘扬社会主义核心价值观XX。",'
    "work points,99,7,P,zzz,2007,某县要点\n"
    'b,"某局工作方案\n建设新时代文明实践中心。",speech,42,3,Q,yyy,2019,\n'
)


def test_metadata_never_overwrites_computed_columns(tmp_path):
    path = tmp_path / "manifest.csv"
    path.write_text(MANIFEST, encoding="utf-8")
    corpus = textlib.read_directory(path)
    assert corpus.units["year"].dtype.kind == "i"  # typed, not '2007'
    assert corpus.units.at["a", "title"] == "某县要点"  # a title column names the unit
    assert corpus.units.at["b", "title"] == "某局工作方案"  # empty cell: the first line
    study = textlib.Study(corpus)
    counts = study.counts
    value = counts.query("unit_id == 'a' and variant == '社会主义核心价值观'")
    assert value["count"].tolist() == [2]
    assert value["meta_count"].tolist() == [99]
    values = counts[counts["formulation"] == "社会主义核心价值观"]
    assert values.groupby("year")["count"].sum().to_dict() == {2007: 2, 2019: 0}
    assert counts.groupby("year")["count"].sum().index.tolist() == [2007, 2019]
    assert set(study.noise["kind"]) == {"placeholder"}
    assert study.noise["meta_kind"].tolist() == ["work points"]
    hits = study.hits[study.hits["formulation"] != "精神文明建设"]
    assert hits["line"].tolist() == [2, 3, 2]
    assert hits["unit_id"].tolist() == ["a", "a", "b"]
    assert hits["plan"].tolist() == ["a", "a", "b"]


def _run_cli(*args: str, cwd) -> subprocess.CompletedProcess:
    env = {**os.environ, "OMP_NUM_THREADS": "1", "MPLBACKEND": "Agg"}
    return subprocess.run(
        [sys.executable, "-m", "textlib.figures", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
    )


def test_cli_builds_for_any_corpus_and_lexicon(tmp_path, two_forms):
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "a.txt").write_text("甲方案\n践行社会主义核心价值观。\n", encoding="utf-8")
    (folder / "b.txt").write_text(
        "乙方案\n建设新时代文明实践中心,弘扬核心价值观。\n", encoding="utf-8"
    )
    result = _run_cli(
        "--corpus", str(folder), "--lexicon", str(two_forms), "--out", "out",
        "--only", "formulation_heatmap", cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    data = pd.read_csv(tmp_path / "out" / "02_formulation_heatmap.csv")
    assert set(data["formulation"]) == {"社会主义核心价值观", "新时代文明实践中心"}
    assert (tmp_path / "out" / "02_formulation_heatmap.png").read_bytes()[:4] == b"\x89PNG"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--only", "no_such_figure"), "unknown figure id 'no_such_figure'"),
        (("--corpus", "missing_folder"), "missing_folder: no such file or directory"),
        (("--out", "a_file", "--only", "corpus_overview"), "a_file: is a file"),
    ],
)
def test_cli_errors_are_one_line_without_traceback(tmp_path, args, expected):
    (tmp_path / "a_file").write_text("x", encoding="utf-8")
    result = _run_cli(*args, cwd=tmp_path)
    assert result.returncode == 1
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_dollar_signs_are_drawn_literally():
    with figure_style():
        fig = Figure(figsize=(3, 1))
        title = fig.subplots().set_title("cost $5 and $6 资金")
        png = render_png(fig, "demo")
    assert png[:4] == b"\x89PNG"
    assert title.get_parse_math() is False


def test_order_by_groups_units_in_every_table_and_figure(seed):
    study = textlib.Study(seed, n_boot=5, order_by="genre")
    # the two copies of the speech sit together; parts stay under their plan
    assert study.corpus.leaf_ids == ["6.1", "6.2", "6.3", "2", "3", "7", "5", "1", "4"]
    kept = [u for u in study.corpus.leaf_ids if u != "3"]  # 3 is collapsed into 7
    assert study.figure_data("corpus_overview")["unit_id"].tolist() == kept
    assert list(dict.fromkeys(study.counts["unit_id"])) == kept
    with pytest.raises(textlib.UnknownColumnError, match="'region'"):
        textlib.Study(seed, order_by="region")


def test_charts_of_formulations_leave_out_civic_terms_and_the_dropped_copy(study):
    totals = study.figure_data("formulation_totals")
    kinds = study.lexicon.groupby("formulation")["kind"].first()
    assert not (totals["formulation"].map(kinds) == "civic term").any()
    # 全国文明典范城市: 16 in each copy of the speech and 4 in plan 4; the copy counts once
    model = totals[totals["formulation"] == "全国文明典范城市"]["count"].sum()
    assert model == 20
    dispersion = study.figure_data("formulation_dispersion")
    assert "3" not in set(dispersion["unit_id"])


def test_reuse_figure_sets_template_passages_apart(study):
    pairwise = study.figure_data("reuse_matrix").set_index("unit_id")
    # the guiding-ideology sentence is template: it no longer counts as reuse between plans
    assert pairwise.loc["6.3", "1"] < study.reuse.loc["6.3", "1"]
    # the copied speech is collapsed: one copy in the unit set, its pair's share in the note
    assert "3" not in pairwise.index and "3" not in pairwise.columns
    assert "3≈7 (99.4% shared)" in study.figure_data("reuse_matrix").attrs["note"]


def test_topics_figure_says_whether_k_is_supported(study):
    fig = textlib.draw("topics", study)
    title = fig._suptitle.get_text()
    assert "topics supported" in title or "NOT supported" in title


def test_fingerprint_follows_content_not_location(seed, tmp_path):
    copy = tmp_path / "elsewhere.txt"
    shutil.copyfile(seed_path(), copy)
    here = textlib.Study(seed)
    there = textlib.Study(textlib.read_page(copy))
    assert here.fingerprint == there.fingerprint
    assert here.replace(k=4).fingerprint != here.fingerprint
    assert here.replace(n_jobs=2).fingerprint == here.fingerprint


@pytest.mark.parametrize(
    "parameters, named",
    [
        ({"n_jobs": 0}, "n_jobs"),
        ({"n_jobs": -2}, "n_jobs"),
        ({"seed": "x"}, "seed"),
        ({"seed": -1}, "seed"),
        ({"keep": "newest"}, "keep"),
        ({"duplicate_threshold": "high"}, "duplicate_threshold"),
        ({"leave_out_kinds": "civic term"}, "leave_out_kinds"),
    ],
)
def test_bad_study_parameters_are_named(seed, parameters, named):
    with pytest.raises(textlib.StudyParameterError, match=named):
        textlib.Study(seed, **parameters)


def test_a_lexicon_table_missing_columns_is_a_lexicon_error(seed):
    lexicon = textlib.load_lexicon().drop(columns=["gloss", "kind"])
    with pytest.raises(textlib.LexiconError, match="gloss"):
        textlib.Study(seed, lexicon=lexicon)
    with pytest.raises(textlib.StudyParameterError, match="lexicon"):
        textlib.Study(seed, lexicon=42)


def test_keep_rule_chooses_the_copy_and_says_why(seed):
    first = textlib.Study(seed, keep="first")
    assert first.dropped == ("7",) and "first in corpus order" in first.duplicates["reason"][0]
    named = textlib.Study(seed, keep=["3"])
    assert named.dropped == ("7",) and "named in keep=" in named.duplicates["reason"][0]
    assert textlib.Study(seed).dropped == ("3",)  # the default: the longer, better-kept copy


def test_the_correctly_dated_copy_is_kept_over_a_mislabelled_one(tmp_path):
    # one report filed twice: the copy under 2021 agrees with its own year markers (2020年,
    # 2021年), the copy filed under 2015 does not; the first in corpus order is the wrong one
    report = (
        "2020年全市经济运行稳中向好，2021年是“十四五”开局之年。"
        "坚持以习近平新时代中国特色社会主义思想为指导，深入推进精神文明建设。" * 6
    )
    other = "加强社会主义核心价值观建设，推动新时代文明实践中心建设。" * 8
    for name, text in {"a_2015": report, "b_2021": report, "c": other, "d": other[::-1]}.items():
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    meta = pd.DataFrame(
        {"year": [2015, 2021, 2021, 2021]}, index=pd.Index(["a_2015", "b_2021", "c", "d"])
    )
    corpus = textlib.read_directory(tmp_path, metadata=meta, drop_boilerplate=False)
    study = textlib.Study(corpus, n_boot=0)
    pair = study.duplicates.iloc[0]
    assert (pair["kept"], pair["dropped"]) == ("b_2021", "a_2015")
    assert "year 2021 agrees with 12 of its year markers" in pair["reason"]  # 2 × 6 repeats
    assert textlib.Study(corpus, n_boot=0, keep="first").dropped == ("b_2021",)
