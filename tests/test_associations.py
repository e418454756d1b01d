"""Associations and reading aids: collocations (G²), co-occurrence network, correspondence
analysis, the unit reader, from the Study and below it."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import textlib
from textlib.compare import ca
from textlib.figures.check import text_problems
from textlib.formulations.collocations import _g2
from textlib.viz.style import MAX_HEIGHT, figure_style


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    root = tmp_path_factory.mktemp("tiny")
    (root / "a.txt").write_text(
        "甲文件\n我们坚决践行社会主义核心价值观。\n大家践行社会主义核心价值观。\n", encoding="utf-8"
    )
    (root / "b.txt").write_text(
        "乙文件\n继续践行社会主义核心价值观,推进工作。\n工作很好。\n", encoding="utf-8"
    )
    return textlib.Study(textlib.read_directory(root))


@pytest.fixture(scope="module")
def study(seed):
    return textlib.Study(seed)


def test_g2_matches_hand_computation():
    # [[a, W-a], [C-a, N-W-C+a]] = [[3, 6], [0, 3]], N = 12: E = [[2.25, 6.75], [0.75, 2.25]]
    by_hand = 2 * (3 * math.log(3 / 2.25) + 6 * math.log(6 / 6.75) + 3 * math.log(3 / 2.25))
    got = _g2(np.array([3]), np.array([9]), np.array([3]), np.array([12]))[0]
    assert got == pytest.approx(by_hand) == pytest.approx(2.038788, abs=1e-6)


def test_collocations_tiny_corpus_by_hand(tiny):
    # eligible tokens: 文件×2 我们 坚决 践行×3 社会主义核心价值观×3 大家 继续 推进 工作×2 = 15;
    # N = 15 − 3 (the formulation itself) = 12. Spans (±5 in the paragraph): 我们 坚决 践行 |
    # 大家 践行 | 继续 践行 推进 工作 → W = 9. 践行: a = 3, C = 3, expected 9·3/12 = 2.25.
    table = tiny.collocations(min_count=1)
    row = table[table["collocate"] == "践行"].iloc[0]
    assert row["formulation"] == "社会主义核心价值观"
    assert row["count"] == 3
    assert row["expected"] == pytest.approx(2.25)
    assert row["g2"] == pytest.approx(2.038788, abs=1e-6)
    assert row["side"] == "left"
    assert row["lines"] == "a:2 a:3 b:2"
    assert table.loc[table["collocate"] == "推进", "side"].item() == "right"
    assert "工作" not in set(table["collocate"])  # a = 1 < expected 9·2/12: repelled, dropped
    assert table["g2"].is_monotonic_decreasing
    # clause: 推进/工作 fall after the comma; W = 3 + 2 + 2 = 7, expected 7·3/12
    clause = tiny.collocations(by="clause", min_count=1)
    assert "推进" not in set(clause["collocate"])
    assert clause.loc[clause["collocate"] == "践行", "expected"].item() == pytest.approx(1.75)
    assert tiny.collocations(min_count=4).empty
    grouped = tiny.collocations(min_count=1, group="unit_id")
    assert (
        grouped.loc[(grouped["group"] == "a") & (grouped["collocate"] == "践行"), "count"].item()
        == 2
    )


def test_collocations_seed_verbs_before_core_values(study, seed, seed_lines):
    table = study.collocations()
    core = table[table["formulation"] == "社会主义核心价值观"].set_index("collocate")
    # 践行 and 培育 (as in 培育和践行社会主义核心价值观) lead, both always before it
    assert list(core.index[:2]) == ["践行", "培育"]
    # 10 times on the page, one of them (line 140) in plan 3, the copy of the speech in plan 7
    # that the study's unit set leaves out: 9
    assert core.loc["践行", "count"] == 9 and core.loc["践行", "side"] == "left"
    assert core.loc["培育", "count"] == 7
    assert "3:140" not in core.loc["践行", "lines"]
    both = textlib.Study(seed, collapse_duplicates=False).collocations()
    both = both[both["formulation"] == "社会主义核心价值观"].set_index("collocate")
    assert both.loc["践行", "count"] == 10 and "3:140" in both.loc["践行", "lines"]
    assert core.loc["践行", "g2"] > 10.83
    # every evidence line of the source page holds 践行 (the formulation may follow a break)
    refs = core.loc["践行", "lines"].split()
    assert refs[:3] == ["1:38", "2:70", "2:86"]
    # each evidence line of the source page holds 践行; the formulation follows (maybe after a break)
    for ref in refs:
        line = int(ref.rsplit(":", 1)[1])
        here = "".join(text.strip() for text in seed_lines[line - 1 : line + 3])
        assert "践行" in seed_lines[line - 1] and "核心价值观" in here, ref  # the collocate's line
    assert (table["count"] >= 3).all()
    assert table.equals(study.collocations())


def test_cooccurrence_seed(study):
    result = study.cooccurrence()
    edges, nodes = result.edges, result.nodes
    assert len(edges) == 60
    assert (edges["a"] < edges["b"]).all()
    jaccard = edges["n_both"] / (edges["n_a"] + edges["n_b"] - edges["n_both"])
    assert np.allclose(edges["weight"], jaccard)
    assert edges["weight"].is_monotonic_decreasing
    first = edges.iloc[0]  # 四德 and 道德讲堂 share all four of their paragraphs
    assert (first["a"], first["b"], first["n_both"]) == ("四德", "道德讲堂", 4)
    assert first["paragraphs"].split() == ["1:38", "2:102", "6.1:266", "6.3:376"]
    assert set(nodes["formulation"]) == set(edges["a"]) | set(edges["b"])
    assert nodes["x"].abs().max() <= 1 and nodes["y"].abs().max() <= 1
    again = study.cooccurrence()
    assert again.nodes.equals(nodes) and again.edges.equals(edges)
    dice = study.cooccurrence(within="section", measure="dice", top=10)
    assert np.allclose(
        dice.edges["weight"], 2 * dice.edges["n_both"] / (dice.edges["n_a"] + dice.edges["n_b"])
    )


def test_ca_smoking_data_greenacre():
    # Greenacre, Correspondence Analysis in Practice: staff groups × smoking
    smoking = pd.DataFrame(
        [[4, 2, 3, 2], [4, 3, 7, 4], [25, 10, 12, 4], [18, 24, 33, 13], [10, 6, 7, 2]],
        index=["SM", "JM", "SE", "JE", "SC"],
        columns=["none", "light", "medium", "heavy"],
    )
    result = ca(smoking)
    assert result.total_inertia == pytest.approx(0.08519, abs=5e-5)
    assert result.inertia["share"].round(3).tolist() == [0.878, 0.118, 0.005]
    # principal row coordinates (book signs: SM −0.066, JM 0.259, SE −0.381, JE 0.233, SC −0.201)
    dim1 = result.rows["dim1"].round(3).abs().tolist()
    assert dim1 == [0.066, 0.259, 0.381, 0.233, 0.201]
    assert result.rows["dim2"].round(3).abs().tolist() == [0.194, 0.243, 0.011, 0.058, 0.079]
    assert result.columns["dim1"].round(3).abs().tolist() == [0.393, 0.099, 0.196, 0.294]
    # the mass-weighted mean of coordinates is 0 on every axis
    assert (result.rows["mass"] * result.rows["dim1"]).sum() == pytest.approx(0, abs=1e-12)


def test_ca_two_by_three_by_hand():
    # rows (1,0,1) and (0,1,1), n = 4: expected counts (.5,.5,1) per row, χ² = 4 × .25/.5 = 2,
    # inertia χ²/n = 1/2 on one axis; row profile (.5,0,.5) vs centroid (.25,.25,.5):
    # χ²-distance² = .25²/.25 + .25²/.25 = .5, so each row sits at ±√.5
    table = pd.DataFrame([[1, 0, 1], [0, 1, 1]], index=["r1", "r2"], columns=["a", "b", "c"])
    result = ca(table)
    assert result.total_inertia == pytest.approx(0.5)
    assert len(result.inertia) == 1
    assert result.rows["dim1"].abs().tolist() == [pytest.approx(math.sqrt(0.5))] * 2
    assert result.columns.loc["c", "dim1"] == pytest.approx(0)


def test_correspondence_seed(study):
    result = study.correspondence()
    assert list(result.rows.index) == ["1", "2", "4", "5", "6.1", "6.2", "6.3", "7"]
    assert result.inertia["share"].sum() == pytest.approx(1)
    # with both copies kept, plans 3 and 7 (one speech twice) sit together on the first axes
    both = textlib.Study(study.corpus, collapse_duplicates=False).correspondence()
    three, seven = both.rows.loc["3", ["dim1", "dim2"]], both.rows.loc["7", ["dim1", "dim2"]]
    assert np.hypot(*(three - seven)) < 0.1


def test_reader_html(study):
    page = study.reader("1")
    assert page._repr_html_() == str(page)
    assert '<mark title="社会主义核心价值观 · core socialist values">' in page
    assert 'class="tl-ph"' in page and "XXXXX" in page  # placeholders boxed
    assert "⏎" in page  # a repaired line break in the margin
    assert "<h2>一、坚定不移推进" in page
    assert "<script" not in page
    assert "6.2 · " in study.reader("6")


def test_reader_escapes(tmp_path):
    (tmp_path / "x.txt").write_text("标题\n<b>社会主义核心价值观</b> & 更多\n", encoding="utf-8")
    page = textlib.Study(textlib.read_directory(tmp_path)).reader("x")
    assert "&lt;b&gt;" in page and "&amp;" in page and "<b>" not in page


def test_kwic_of_hits_in_an_interactive_table(study):
    kwic = study.kwic("社会主义核心价值观")
    # 26 on the page, 4 of them in plan 3 (the copy of the speech the unit set leaves out)
    assert len(kwic) == 22 and set(kwic["formulation"]) == {"社会主义核心价值观"}
    page = textlib.interactive_table(kwic, caption="KWIC")._repr_html_()
    assert "<script" in page and "社会主义核心价值观" in page and "KWIC" in page


@pytest.mark.parametrize("which", ["seed", "synthetic"])
def test_toolkit_figures_print(which, seed):
    from textlib.datasets.synthetic import synthetic_corpus
    from textlib.figures.associations import SPECS

    study = (
        textlib.Study(seed) if which == "seed" else textlib.Study(synthetic_corpus(60), n_boot=5)
    )
    for spec in SPECS:
        with figure_style():
            table = spec.data(study)
            fig = spec.plot(table)
            problems = text_problems(fig)
        width, height = fig.get_size_inches()
        assert width in (3.5, 7.2) and height <= MAX_HEIGHT, spec.figure_id
        assert not problems, (spec.figure_id, [str(p) for p in problems])


def test_cooccurrence_layout_does_not_depend_on_the_hash_seed():
    import os
    import subprocess
    import sys

    code = (
        "import hashlib, textlib;"
        "s = textlib.Study(textlib.load_seed());"
        "print(hashlib.sha256(s.figure_data('cooccurrence_network').to_csv().encode()).hexdigest())"
    )
    outs = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "4242")
    }
    assert len(outs) == 1
