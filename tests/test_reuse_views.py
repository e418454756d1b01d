"""Template map and uptake matrix: where shared text sits, and clause uptake of a reference."""

from __future__ import annotations

import pytest

import textlib
from textlib.figures.check import text_problems
from textlib.figures.reuse_views import SPECS
from textlib.viz.style import FULL_WIDTH, MAX_HEIGHT, figure_style

GUIDING_IDEOLOGY = "以习近平新时代中国特色社会主义思想为指导"


@pytest.fixture(scope="module")
def study(seed):
    return textlib.Study(seed, n_boot=5)


@pytest.fixture(scope="module")
def specs():
    return {spec.figure_id: spec for spec in SPECS}


@pytest.fixture(scope="module")
def template(study, specs):
    return specs["template_map"].data(study)


@pytest.fixture(scope="module")
def matrix(study, specs):
    return specs["uptake_matrix"].data(study)


def test_specs_ids_and_stems(specs):
    assert specs["template_map"].stem == "21_template_map"
    assert specs["uptake_matrix"].stem == "22_uptake_matrix"


def test_template_map_copy_3_7_is_pairwise_over_its_whole_length(seed):
    both = textlib.Study(seed, n_boot=5, collapse_duplicates=False)
    template = both.template_map
    for unit, partner in (("3", "7"), ("7", "3")):
        rows = template[template["unit_id"] == unit]
        pairwise = rows[rows["kind"] == "pairwise"]
        share = pairwise["chars"].sum() / rows["unit_length"].iloc[0]
        assert share > 0.95, (unit, share)
        assert set(pairwise["partners"]) == {partner}
        assert pairwise["chars"].max() > 4000


def test_template_map_guiding_ideology_sentence_is_template(template):
    spans = template[
        (template["kind"] == "template") & template["text"].str.contains(GUIDING_IDEOLOGY)
    ]
    assert {"1", "2", "4"} <= set(spans["unit_id"])
    assert (spans["shared_by"] >= 3).all()
    # passages are clustered by their text: the sentence (in six units, with its variants) and
    # a longer passage three units share around it are two clusters, never one chain
    assert spans["cluster_units"].max() >= 6


def test_template_map_table_is_complete(study, template):
    assert list(dict.fromkeys(template["unit_id"])) == list(study.unit_ids)
    assert "3" not in set(template["unit_id"])  # the study's unit set: 3 is collapsed into 7
    assert template["shown"].all()  # 8 units ≤ 40
    spans = template[template["kind"] != "none"]
    assert (spans["end"] > spans["start"]).all()
    for rec in spans.head(10).itertuples():
        assert study.corpus.tracked(rec.unit_id).text[rec.start : rec.end] == rec.text
    assert spans["rel_end"].le(1).all() and spans["rel_start"].ge(0).all()


def test_uptake_of_3_by_7_when_both_copies_are_kept(seed):
    both = textlib.Study(seed, n_boot=5, collapse_duplicates=False)
    table = both.uptake("3").table
    counts = table[table["unit_id"] == "7"]["status"].value_counts().to_dict()
    # every clause of plan 3 is in plan 7 (the 6 once reported absent were scored in the
    # wrong window: see tests/test_uptake.py::test_seed_plan_3_in_plan_7)
    assert counts == {"verbatim": 52, "adapted": 22}
    others = table[~table["unit_id"].isin(["3", "7"])]
    assert (others["status"] == "absent").mean() > 0.95
    # clause groups: the reference's two level-1 headings, clauses before them ungrouped
    headings = table.drop_duplicates("clause")["heading1"]
    assert headings.iloc[0] == ""
    assert headings.str.startswith("一、").any() and headings.str.startswith("二、").any()


def test_uptake_matrix_uses_the_unit_set_and_says_why_its_reference(study, matrix):
    reference, reason = study.uptake_reference
    assert set(matrix["reference"]) == {reference} and "share most" in reason
    assert set(matrix["unit_id"]) == set(study.unit_ids) - {reference}
    assert "3" not in set(matrix["unit_id"])  # collapsed into 7
    # the reference is the unit the others share most of (study.reuse, diagonal aside)
    reuse = study.reuse
    mean = {u: (reuse.loc[u].sum() - 1) / (len(reuse) - 1) for u in reuse.index}
    assert reference == max(mean, key=mean.get)


@pytest.mark.parametrize("figure_id", ["template_map", "uptake_matrix"])
def test_figures_print_cleanly_on_seed(study, specs, figure_id):
    spec = specs[figure_id]
    table = spec.data(study)
    with figure_style():
        fig = spec.plot(table)
        assert text_problems(fig) == []
    width, height = fig.get_size_inches()
    assert width == pytest.approx(FULL_WIDTH) and height <= MAX_HEIGHT + 1e-9
