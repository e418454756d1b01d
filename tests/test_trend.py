"""Formulations over time on the shipped NPC resolutions, against counts read off the raw files
(``grep -o 科学发展观 npc_resolution_*.txt`` …), and the dataset's integrity check."""

from __future__ import annotations

import shutil

import numpy as np
import pandas as pd
import pytest

import textlib
from textlib.datasets.npc import (
    DatasetIntegrityError,
    check_npc_files,
    load_npc_resolutions,
    npc_manifest,
    npc_path,
)
from textlib.errors import StudyParameterError, TextlibError
from textlib.formulations.trend import UnknownGroupingError, trend, watchwords
from textlib.text import patterns as P

YEARS = [1962, *range(2007, 2026)]
# counts per year read off the raw files with grep -o (years not listed: 0)
GREP = {
    "科学发展观": dict.fromkeys(range(2007, 2018), 1),
    "新常态": {2015: 1, 2016: 1, 2017: 1},
    "疫情防控": {2020: 2, 2021: 1, 2022: 1, 2023: 1},
    "人民公社": {1962: 3},
}


@pytest.fixture(scope="module")
def study():
    return textlib.Study(load_npc_resolutions())


@pytest.fixture(scope="module")
def table(study):
    return study.trend("year", formulations=list(GREP), n_boot=200)


def test_npc_dataset_has_twenty_years_with_titles():
    corpus = load_npc_resolutions()
    assert len(corpus) == 20
    assert corpus.units["year"].tolist() == YEARS
    assert pd.api.types.is_integer_dtype(corpus.units["year"])
    assert "year" in corpus.metadata_columns
    assert corpus.unit("npc_resolution_2010")["title"] == (
        "第十一届全国人民代表大会第三次会议关于政府工作报告的决议"
    )
    assert corpus.units["wikisource_url"].str.startswith("https://zh.wikisource.org/").all()
    manifest = npc_manifest()
    assert set(manifest.columns) >= {"file", "kind", "year", "title", "wikisource_url", "sha256"}
    assert sorted(p.name for p in npc_path().glob("*.txt")) == sorted(manifest["file"])


def test_npc_sha256_check_names_the_changed_file(tmp_path):
    folder = tmp_path / "npc"
    shutil.copytree(npc_path(), folder)
    assert len(check_npc_files(folder)) == 20
    changed = folder / "npc_resolution_2015.txt"
    changed.write_bytes(changed.read_bytes() + b"\n")
    with pytest.raises(DatasetIntegrityError, match="npc_resolution_2015.txt") as err:
        load_npc_resolutions(folder)
    assert isinstance(err.value, TextlibError)
    changed.unlink()
    with pytest.raises(DatasetIntegrityError, match="is missing"):
        check_npc_files(folder)


def test_trend_counts_match_grep(table):
    for form, expected in GREP.items():
        rows = table[table["formulation"] == form].set_index("year")
        assert rows.index.tolist() == YEARS
        got = rows["count"].to_dict()
        assert got == {y: expected.get(y, 0) for y in YEARS}, form


def test_trend_first_and_last(table):
    first = table.groupby("formulation")["first"].first()
    last = table.groupby("formulation")["last"].first()
    assert (first["科学发展观"], last["科学发展观"]) == (2007, 2017)
    assert (first["新常态"], last["新常态"]) == (2015, 2017)
    assert (first["疫情防控"], last["疫情防控"]) == (2020, 2023)
    assert (first["人民公社"], last["人民公社"]) == (1962, 1962)


def test_overlapping_formulation_keeps_its_late_years(study):
    # 改革开放 inside 全面深化改革开放 (2022–2024) overlaps 全面深化改革 and counts too:
    # grep -o 改革开放 finds it in 2007, 2008, 2010, 2013, 2018, 2020 and 2022–2024
    table = study.trend(formulations=["改革开放"], n_boot=0)
    assert table.loc[table["count"] > 0, "year"].tolist() == [
        2007, 2008, 2010, 2013, 2018, 2020, 2022, 2023, 2024,
    ]  # fmt: skip
    assert (table["first"].iloc[0], table["last"].iloc[0]) == (2007, 2024)


def test_trend_rate_units_and_han(study, table):
    rows = table[table["formulation"] == "科学发展观"].set_index("year")
    assert (rows["units"] == 1).all()

    # the denominator is the body: no title and adoption lines (2020–2023 open with the
    # resolution's title and （…通过）) and no licence footer (2013–2025 end with what is left
    # of the Wikisource footer once its repeated line is dropped: 中华人民共和国著作权法》…)
    def body(text):
        text = text.split("\n中华人民共和国著作权法》")[0].split("\n本作品来自")[0]
        return text.split("会议通过）\n", 1)[-1]

    texts = study.corpus.units.set_index("year")["text"]
    han = texts.map(body).map(P.count_han)
    assert rows["han_chars"].to_dict() == han.to_dict()
    # what the loader leaves of the footer: 本作品来自中华人民共和国法律。依据《
    assert texts.map(P.count_han)[2017] - han[2017] == 16
    assert rows.loc[2010, "per_10k"] == pytest.approx(1 / han[2010] * 10_000)


def test_interval_contains_estimate_and_is_reproducible(study, table):
    finite = table[np.isfinite(table["low"])]
    assert len(finite) == len(table)
    assert (finite["low"] <= finite["per_10k"] + 1e-9).all()
    assert (finite["high"] >= finite["per_10k"] - 1e-9).all()
    again = study.trend("year", formulations=list(GREP), n_boot=200)
    pd.testing.assert_frame_equal(table, again)
    other = study.replace(seed=1).trend("year", formulations=list(GREP), n_boot=200)
    assert not other["high"].equals(table["high"])
    absent = table[table["count"] == 0]
    assert (absent["low"] == 0).all() and (absent["high"] == 0).all()


def test_trend_without_bootstrap_has_no_interval(study):
    table = study.trend(formulations=["新常态"], n_boot=0)
    assert table["low"].isna().all() and table["high"].isna().all()


def test_overlay_keeps_xi_thought_from_misfiring_in_2017(study):
    # 2017 writes 治国理政新理念新思想新战略: its 新思想 is not the short form of Xi Thought,
    # whose full name first appears in the 2018 file (grep -l)
    table = study.trend(formulations=["习近平新时代中国特色社会主义思想"], n_boot=0)
    assert table["first"].iloc[0] == 2018 and table["last"].iloc[0] == 2025


def test_watchwords_finds_verified_appearance_and_disappearance(study):
    words = study.watchwords()
    new = words[(words["formulation"] == "新常态") & (words["change"] == "appeared")]
    assert new[["before", "after"]].values.tolist() == [[2014, 2015]]
    assert new["lines"].iloc[0] == "npc_resolution_2015:5"  # grep -n 新常态: line 5
    gone = words[(words["formulation"] == "科学发展观") & (words["change"] == "disappeared")]
    assert gone[["before", "after"]].values.tolist() == [[2017, 2018]]
    assert gone["lines"].iloc[0].startswith("npc_resolution_2017:")
    assert set(words["change"]) <= {"appeared", "disappeared", "rose", "fell"}


def test_missing_grouping_column_is_named(study):
    with pytest.raises(UnknownGroupingError, match="region") as err:
        study.trend(by="region")
    assert "year" in str(err.value) and "title" in str(err.value)
    assert isinstance(err.value, TextlibError)
    with pytest.raises(UnknownGroupingError):
        study.watchwords(by="region")


def test_unknown_formulation_is_a_parameter_error(study):
    with pytest.raises(StudyParameterError):
        study.trend(formulations=["不存在的提法"])


def test_trend_below_the_study_takes_tables(study):
    direct = trend(
        study.corpus, study.hits, lexicon=study.lexicon, formulations=["新常态"], n_boot=0
    )
    pd.testing.assert_frame_equal(direct, study.trend(formulations=["新常态"], n_boot=0))
    with pytest.raises(textlib.ArgumentTypeError, match="hits"):
        trend(study.corpus, study.counts.drop(columns="unit_id"), lexicon=study.lexicon)
    words = watchwords(study.corpus, study.hits, lexicon=study.lexicon)
    pd.testing.assert_frame_equal(words, study.watchwords())


def test_over_time_figures_pass_print_checks(study):
    from textlib.datasets.seed import load_seed
    from textlib.figures.check import text_problems
    from textlib.figures.over_time import SPECS
    from textlib.viz.style import figure_style

    seed = textlib.Study(load_seed())
    for spec in SPECS:
        with figure_style():
            data = spec.data(study)
            assert len(data) and data["year"].nunique() == 20
            assert text_problems(spec.plot(data)) == []
            with pytest.raises(textlib.NotApplicableError, match="no numeric year column"):
                spec.data(seed)  # the seed has no year column


def test_a_manifest_column_named_like_a_computed_one_groups_by_the_name_written(tmp_path):
    # a manifest's `level` arrives as meta_level (outline tables compute a `level`), and
    # trend(by="level") finds it by the name the user wrote
    (tmp_path / "a.txt").write_text("坚持稳中求进工作总基调。" * 4, encoding="utf-8")
    (tmp_path / "b.txt").write_text("推进新时代文明实践中心建设。" * 4, encoding="utf-8")
    (tmp_path / "manifest.csv").write_text("file,level\na.txt,province\nb.txt,city\n", "utf-8")
    corpus = textlib.read_directory(tmp_path, metadata="manifest.csv", drop_boilerplate=False)
    assert "meta_level" in corpus.units.columns
    study = textlib.Study(corpus, collapse_duplicates=False, n_boot=0)
    table = study.trend(by="level", formulations=["稳中求进"])
    assert dict(zip(table["level"], table["count"], strict=True)) == {"city": 0, "province": 4}
    words = study.watchwords(by="level")
    row = words[words["formulation"] == "稳中求进"].iloc[0]
    assert (row["before"], row["after"], row["change"]) == ("city", "province", "appeared")


def test_chosen_formulations_reach_every_chart(tmp_path):
    chosen = ("科学发展观", "新常态")
    study = textlib.Study(load_npc_resolutions(), formulations=chosen, n_boot=0)
    for figure_id in ("formulation_trend", "formulation_timeline", "formulation_totals"):
        assert set(study.figure_data(figure_id)["formulation"]) <= set(chosen), figure_id
    assert set(study.figure_data("formulation_trend")["formulation"]) == set(chosen)
    assert set(study.trend()["formulation"]) == set(chosen)
    with pytest.raises(StudyParameterError, match="不存在的提法"):
        textlib.Study(load_npc_resolutions(), formulations=["不存在的提法"])
    import subprocess
    import sys

    run = subprocess.run(
        [sys.executable, "-m", "textlib.figures", "--corpus", str(npc_path()), "--metadata",
         str(npc_path() / "manifest.csv"), "--out", str(tmp_path), "--format", "png", "--only",
         "formulation_trend", "--formulations", *chosen],
        capture_output=True, text=True,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    shown = pd.read_csv(tmp_path / "16_formulation_trend.csv")
    assert set(shown["formulation"]) == set(chosen)
