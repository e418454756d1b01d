"""One unit set, one quantity: what several figures show of the same thing is the same number.

On the seed, plan 3 is a shorter copy of the speech in plan 7 (mutual reuse 99.4%): the study
counts the speech once, and every figure says so in the same words and numbers.
"""

from __future__ import annotations

import re

import pytest

import textlib


@pytest.fixture(scope="module")
def study(seed):
    return textlib.Study(seed, n_boot=5)


@pytest.fixture(scope="module")
def data(study):
    shown = {}
    for figure_id in textlib.figure_ids():
        try:
            shown[figure_id] = study.figure_data(figure_id)
        except textlib.NotApplicableError:
            continue
    return shown


def test_the_unit_set_is_decided_once_with_its_reason(study):
    assert study.dropped == ("3",)
    pair = study.duplicates.iloc[0]
    assert (pair["a"], pair["b"], pair["kept"], pair["dropped"]) == ("3", "7", "7", "3")
    assert "longer copy" in pair["reason"]  # no year to weigh: 7 keeps more of the text
    assert study.n_units == 8 and "3" not in study.unit_ids


@pytest.mark.parametrize(
    "figure_id, column",
    [
        ("corpus_overview", "unit_id"),
        ("outline_skyline", "unit_id"),
        ("structure_summary", "unit_id"),
        ("reuse_matrix", "unit_id"),
        ("template_map", "unit_id"),
        ("dating_evidence", "unit_id"),
        ("keyness", "unit_id"),
        ("formulation_presence", "unit_id"),
    ],
)
def test_every_unit_figure_shows_the_unit_set(study, data, figure_id, column):
    units = set(data[figure_id][column].astype(str))
    assert "3" not in units
    assert units <= set(study.unit_ids)
    if figure_id in ("corpus_overview", "outline_skyline", "structure_summary", "template_map"):
        assert units == set(study.unit_ids)  # N is the same in each


def test_n_is_the_same_in_the_similarity_and_the_correspondence_map(study, data):
    similarity = data["similarity_clusters"]
    assert set(similarity.loc[similarity["panel"] == "similarity", "a"]) == set(study.unit_ids)
    rows = data["correspondence_map"]
    assert set(rows.loc[rows["panel"] == "rows", "unit_id"]) == set(study.unit_ids)
    uptake = data["uptake_matrix"]
    assert set(uptake["unit_id"]) | set(uptake["reference"]) == set(study.unit_ids)


def test_a_formulation_total_is_the_same_in_every_figure(study, data):
    totals = data["formulation_totals"].groupby("formulation")["count"].sum()
    heatmap = data["formulation_heatmap"].groupby("formulation")["count"].sum()
    labels = data["collocations"].drop_duplicates("formulation")
    collocations = {
        f: int(re.search(r"\((\d+)×\)", label).group(1))
        for f, label in zip(labels["formulation"], labels["formulation_label"], strict=True)
    }
    nodes = data["cooccurrence_network"]
    nodes = nodes[nodes["panel"] == "nodes"].set_index("formulation")["frequency"]
    checked = 0
    for formulation, total in totals.items():
        for other in (heatmap, collocations, nodes):
            if formulation in other:
                assert int(other[formulation]) == int(total), formulation
                checked += 1
    assert checked >= 10
    # 精神文明建设 counts the speech once: 66 in the nine units, less the 5 of plan 3 (the
    # issue's "61 in figure 03, 66 in figure 18" is now 61 in both)
    both = study.replace(collapse_duplicates=False).counts
    in_all = both.loc[both["formulation"] == "精神文明建设", "count"]
    in_3 = both.loc[(both["formulation"] == "精神文明建设") & (both["unit_id"] == "3"), "count"]
    assert (int(in_all.sum()), int(in_3.sum())) == (66, 5)
    assert int(totals["精神文明建设"]) == collocations["精神文明建设"] == 61


def test_the_pair_share_reads_the_same_wherever_it_is_said(study, data):
    mutual = f"{study.duplicates['mutual'].iloc[0]:.1%}"
    said = [
        text
        for table in data.values()
        for text in table.attrs.values()
        if isinstance(text, str) and "≈" in text
    ]
    assert len(said) >= 8
    for text in said:
        assert f"3≈7 ({mutual} shared)" in text and "3 collapsed into 7" in text


def test_a_corpus_left_with_one_unit_declines_what_it_cannot_show(tmp_path):
    # two copies of one text: after collapsing the pair one unit is left; clustering, topics,
    # keyness and the similarity figure decline with a reason, the others are drawn
    text = "坚持以习近平新时代中国特色社会主义思想为指导，深入推进精神文明建设。" * 8
    for name in ("a", "b"):
        (tmp_path / f"{name}.txt").write_text(text + "\n全面加强社会主义核心价值观建设。", "utf-8")
    study = textlib.Study(textlib.read_directory(tmp_path, drop_boilerplate=False), n_boot=5)
    assert study.n_units == 1 and study.dropped == ("b",)
    for name in ("clustering", "topics", "keyness"):
        with pytest.raises(textlib.NotApplicableError, match="at least"):
            getattr(study, name)
    outcomes = []
    textlib.build_figures(study, tmp_path / "out", formats=["png"], report=outcomes)
    status = {o.figure_id: o.status for o in outcomes}
    assert "failed" not in status.values(), [o for o in outcomes if o.status == "failed"]
    assert status["similarity_clusters"] == "skipped" and status["corpus_overview"] == "built"


def test_figures_that_cannot_carry_a_corpus_say_why(tmp_path):
    # more units than a unit × unit matrix can label, and a single year, are declined
    from textlib.datasets import synthetic_corpus

    many = textlib.Study(synthetic_corpus(70), n_boot=0)
    assert many.n_units > 60
    for figure_id in ("similarity_clusters", "reuse_matrix"):
        with pytest.raises(textlib.NotApplicableError, match="more than the 60"):
            many.figure_data(figure_id)
    for name, text in (("a", "坚持稳中求进工作总基调。" * 5), ("b", "推进乡村振兴。" * 5)):
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    meta = __import__("pandas").DataFrame({"year": [2021, 2021]}, index=["a", "b"])
    one_year = textlib.Study(textlib.read_directory(tmp_path, metadata=meta), n_boot=0)
    for figure_id in ("formulation_trend", "formulation_timeline"):
        with pytest.raises(textlib.NotApplicableError, match="one year only"):
            one_year.figure_data(figure_id)
