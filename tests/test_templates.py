"""Templates from n-gram document frequency, and passage clusters that never chain."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from textlib.compare.passages import (
    FOUND_COLUMNS,
    find_passages,
    passage_cluster_labels,
    passage_clusters,
)
from textlib.compare.templates import (
    COVERAGE_COLUMNS,
    TEMPLATE_COLUMNS,
    find_templates,
    template_passages,
)
from textlib.errors import StudyParameterError
from textlib.load.corpus import UnitSpan, build_corpus
from textlib.text.source import SourceText

# the opening template of the 2021 city reports (guiding ideology, then the plenums)
OPENING = "以习近平新时代中国特色社会主义思想为指导，全面贯彻党的十九大和十九届二中、三中、四中、五中全会精神。"
# a second template some reports write right after the opening
STABLE = "坚持稳中求进工作总基调，立足新发展阶段，贯彻新发展理念，构建新发展格局。"


def _corpus(texts: dict[str, str]):
    sources, spans = {}, []
    for unit_id, text in texts.items():
        name = f"test#{unit_id}"
        sources[name] = SourceText.from_text(name, text)
        spans.append(UnitSpan(unit_id, None, name, 1, sources[name].n_lines))
    return build_corpus(spans, sources, "test", repair=())


def _local(rng: np.random.Generator, chars: int) -> str:
    """Local text: random Han characters in clauses, shared with no other unit."""
    out, size = [], 0
    while size < chars:
        k = int(rng.integers(8, 20))
        out.append("".join(chr(c) for c in rng.integers(0x4E00, 0x9FA5, size=k)) + "，。"[k % 2])
        size += k + 1
    return "".join(out)


def _reports(k: int = 10, seed: int = 0) -> dict[str, str]:
    """``k`` units of local text; units 0..k-2 hold OPENING (after 200 + 37·i local
    characters), units 0..4 follow it directly with STABLE, unit k-1 holds neither."""
    rng = np.random.default_rng(seed)
    texts = {}
    for i in range(k):
        head, tail = _local(rng, 200 + 37 * i), _local(rng, 600)
        middle = ""
        if i < k - 1:
            middle = OPENING + (STABLE if i < 5 else "")
        texts[f"r{i:02d}"] = head + "\n" + middle + tail
    return texts


@pytest.fixture(scope="module")
def reports():
    return _corpus(_reports())


@pytest.fixture(scope="module")
def found(reports):
    return find_templates(reports)


def test_headline_template_found_with_its_share(found):
    assert list(found.templates.columns) == TEMPLATE_COLUMNS
    top = found.templates.iloc[0]
    # the opening sentence, as the units write it, held by 9 of the 10 units
    assert top["text"].rstrip("。") in OPENING
    assert len(top["text"]) >= len(OPENING) - 2
    assert top["n_units"] == 9 and top["share"] == 0.9 and bool(top["headline"])
    assert top["units"].split() == [f"r{i:02d}" for i in range(9)]


def test_template_written_after_another_is_its_own_row(found):
    # STABLE follows OPENING in five units: OPENING keeps its nine, STABLE has five
    stable = found.templates[found.templates["text"].str.contains("坚持稳中求进工作总基调")]
    assert len(stable) == 1
    assert stable["n_units"].iloc[0] == 5 and not stable["headline"].iloc[0]
    assert stable["units"].iloc[0].split() == [f"r{i:02d}" for i in range(5)]
    assert found.templates["n_units"].tolist() == [9, 5]  # random local text shares nothing


def test_spans_point_at_the_template_in_each_unit(reports, found):
    spans = found.spans[found.spans["template"] == 0]
    assert sorted(spans["unit_id"]) == [f"r{i:02d}" for i in range(9)]
    for rec in spans.itertuples():
        text = reports.tracked(rec.unit_id).text
        assert text[rec.start : rec.end] == rec.text
        assert OPENING.startswith(rec.text)
        assert rec.lines == "2-2"  # the template sits on the unit's second line


def test_coverage_is_template_versus_local_text(reports, found):
    cov = found.coverage.set_index("unit_id")
    assert list(found.coverage.columns) == COVERAGE_COLUMNS
    assert cov.at["r09", "template_chars"] == 0 and cov.at["r09", "share"] == 0
    for i in range(9):
        unit = f"r{i:02d}"
        expected = len(OPENING) + (len(STABLE) if i < 5 else 0)
        chars = len(reports.tracked(unit).text.replace("\n", ""))
        assert cov.at[unit, "chars"] == chars
        # the template characters and nothing else (one character of slack at a boundary)
        assert abs(cov.at[unit, "template_chars"] - expected) <= 1, unit
        assert cov.at[unit, "local_chars"] == chars - cov.at[unit, "template_chars"]


def test_a_copy_with_an_edit_still_holds_the_template():
    texts = _reports()
    # one holder writes 十九大 as 十九届: one character of 43 differs
    texts["r03"] = texts["r03"].replace("党的十九大", "党的十九届", 1)
    found = find_templates(_corpus(texts))
    assert found.templates.iloc[0]["n_units"] == 9


def test_deterministic_and_independent_of_unit_order(reports, found):
    again = find_templates(reports, units=list(reversed(reports.leaf_ids)))
    pd.testing.assert_frame_equal(found.templates, again.templates)
    pd.testing.assert_frame_equal(found.spans, again.spans)
    pd.testing.assert_frame_equal(found.coverage, again.coverage)


def test_exclude_and_thresholds(reports):
    # without two holders: 7 of 8 units
    found = find_templates(reports, exclude=("r00", "r01"))
    assert found.n_units == 8 and found.templates.iloc[0]["n_units"] == 7
    # a share above what STABLE reaches keeps only the opening
    high = find_templates(reports, min_share=0.6)
    assert high.threshold == 6 and high.templates["n_units"].tolist() == [9]
    with pytest.raises(StudyParameterError):
        find_templates(reports, n=1)
    with pytest.raises(StudyParameterError):
        find_templates(reports, min_share=0)
    with pytest.raises(StudyParameterError):
        find_templates(reports, min_chars=4)


def test_template_passages_without_passages_sees_the_headline(reports):
    table = template_passages(reports)
    opening = table[table["text"].str.startswith("以习近平新时代")]
    assert len(opening) == 9 and (opening["n_units"] == 9).all()
    first = opening.iloc[0]
    assert first["shared_with"].split() == [f"r{i:02d}" for i in range(1, 9)]
    # the passage path misses it: find_passages pairs nobody through n-grams in > max_df units
    texts = _reports(24)
    big = _corpus(texts)
    passages = find_passages(big)
    assert not passages["text"].str.contains("中国特色社会主义思想为指导").any()
    assert (template_passages(big)["n_units"] == 23).any()


# -- passage clusters -------------------------------------------------------------------------
def _passage(a, b, a_span, b_span, text, b_text=None):
    b_text = text if b_text is None else b_text
    return {
        "a": a,
        "b": b,
        "a_start": a_span[0],
        "a_end": a_span[1],
        "b_start": b_span[0],
        "b_end": b_span[1],
        "a_lines": "1-1",
        "b_lines": "1-1",
        "chars": a_span[1] - a_span[0],
        "matched": len(text),
        "text": text,
        "b_text": b_text,
        "similarity": 1.0,
    }


def test_unrelated_stretches_overlapping_in_a_unit_are_never_one_cluster():
    rng = np.random.default_rng(5)
    one, two, joint = _local(rng, 40)[:40], _local(rng, 40)[:40], "建设工作"
    # unit x shares one+joint with y and joint+two with z: the two sides overlap in x
    passages = pd.DataFrame(
        [
            _passage("x", "y", (0, 44), (10, 54), one + joint),
            _passage("x", "z", (40, 84), (5, 49), joint + two),
            _passage("w", "y", (100, 144), (10, 54), one + joint),
        ],
        columns=FOUND_COLUMNS,
    )
    labels = passage_cluster_labels(passages)
    assert labels.tolist() == [0, 1, 0]
    clusters = passage_clusters(passages, method="text")
    in_x = clusters[clusters["unit_id"] == "x"]
    assert in_x["cluster"].nunique() == 2
    assert sorted(clusters.groupby("cluster")["unit_id"].apply(lambda s: "".join(sorted(s)))) == [
        "wxy",
        "xz",
    ]
    # the overlap method chains them (the reason "text" exists)
    assert passage_clusters(passages)["cluster"].nunique() == 1


def test_text_clusters_hold_one_text_up_to_edits(reports):
    texts = _reports(6, seed=3)
    rng = np.random.default_rng(9)
    # u4 and u5 share a long local passage that overlaps u4's opening sentence
    shared = _local(rng, 120)
    texts["r04"] = texts["r04"].replace(OPENING, OPENING[:-1] + shared, 1)
    texts["r05"] = texts["r05"].replace(OPENING, "", 1) + "\n" + shared
    corpus = _corpus(texts)
    passages = find_passages(corpus, max_df=10)
    clusters = passage_clusters(passages, method="text")
    # each cluster is one text: all its stretches hold the opening or none do, and likewise
    # the stable-growth sentence and u4/u5's shared passage
    for _, members in clusters.groupby("cluster"):
        for part in ("中国特色社会主义思想", "坚持稳中求进", shared[30:50]):
            holds = members["text"].str.contains(part, regex=False)
            assert holds.all() or not holds.any(), part
    # the opening alone (written without the next sentence in u4's passages): one cluster
    alone = clusters[
        clusters["text"].str.contains("中国特色社会主义思想")
        & ~clusters["text"].str.contains("坚持稳中求进")
    ]
    assert alone["cluster"].nunique() == 1 and alone["unit_id"].nunique() == 5
    assert (alone["n_units"] == 5).all() and alone["template"].all()
    assert passage_clusters(passages.iloc[:0], method="text").empty
    with pytest.raises(StudyParameterError):
        passage_clusters(passages, method="chain")


def _template_stretches_slowly(corpus, passages, units, min_chars):
    """The definition: per unit, characters covered by passages with ≥ 2 other units."""
    rows = []
    for unit in units:
        text = corpus.tracked(unit).text
        others = [o for o in units if o != unit]
        masks = []
        for other in others:
            mask = np.zeros(len(text), dtype=bool)
            for side, partner in (("a", "b"), ("b", "a")):
                hit = passages[(passages[side] == unit) & (passages[partner] == other)]
                for s, e in zip(hit[f"{side}_start"], hit[f"{side}_end"], strict=True):
                    mask[s:e] = True
            masks.append(mask)
        count = np.sum(masks, axis=0) if masks else np.zeros(len(text))
        on = np.r_[False, count >= 2, False]
        edges = np.flatnonzero(on[1:] != on[:-1])
        for s, e in zip(edges[::2], edges[1::2], strict=True):
            if e - s >= min_chars:
                shared = [o for o, m in zip(others, masks, strict=True) if m[s:e].any()]
                rows.append((unit, int(s), int(e), " ".join(shared), len(shared) + 1))
    return rows


def test_template_passages_from_passages_equals_its_definition():
    texts = _reports(12, seed=4)
    corpus = _corpus(texts)
    passages = find_passages(corpus, max_df=20)
    table = template_passages(corpus, passages, min_chars=20)
    columns = ["unit_id", "start", "end", "shared_with", "n_units"]
    got = list(table[columns].itertuples(index=False, name=None))
    assert got == _template_stretches_slowly(corpus, passages, corpus.leaf_ids, 20)
    assert len(got) == 11 and all(n == 11 for *_, n in got)  # the opening, in 11 of 12


def test_cluster_labels_name_the_stretches_holding_each_passage(seed):
    passages = find_passages(seed)
    labels = passage_cluster_labels(passages)
    clusters = passage_clusters(passages, method="text")
    assert sorted(set(labels)) == sorted(set(clusters["cluster"]))
    for label, p in zip(labels, passages.itertuples(index=False), strict=True):
        for unit, start, end in ((p.a, p.a_start, p.a_end), (p.b, p.b_start, p.b_end)):
            holder = clusters[
                (clusters["cluster"] == label)
                & (clusters["unit_id"] == unit)
                & (clusters["start"] <= start)
                & (clusters["end"] >= end)
            ]
            assert len(holder) == 1
