"""Plans made of ``… 篇X`` parts: every non-blank line of a plan lies in exactly one leaf.

Text before the first part header is the leaf ``<plan>.0``; a repeated part number gets a
letter (``1.1``, ``1.1b``, ``1.1c``…), so no part's text is lost or reported twice.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import textlib
from textlib.lexicon.matching import build_matcher, find_matches
from textlib.text import patterns as P

CN = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]
BOILERPLATE = ["首页 > 范文大全 > 工作计划", "2022年工作方案(精选3篇)", ""]
FOOTER = ["", "推荐访问:工作方案 工作计划"]

# variants built from characters the filler never uses, so a match is always one whole
# inserted variant and never straddles two lines
VARIANTS = {
    "精神文明": "spiritual civilisation",
    "新时代文明实践中心": "civilisation practice centre of the new era",
    "文明实践": "civilisation practice",
    "社会主义核心价值观": "core socialist values",
}
FILLER = "工作要点加强推进开展活动组织领导各项任务全区年度2022"


def write_page(path: Path, plans: list[list[str]]) -> Path:
    """A page: boilerplate, then ``篇X:标题`` and the body lines of each plan, then a footer."""
    lines = list(BOILERPLATE)
    for k, body in enumerate(plans, start=1):
        lines += [f"篇{CN[k]}:2022年工作方案{k}", "", *body, ""]
    path.write_text("\n".join([*lines, *FOOTER]) + "\n", encoding="utf-8")
    return path


def part_header(number: int, title: str = "2022 年工作方案") -> str:
    return f"{title} 篇{CN[number]}"


@pytest.fixture(scope="module")
def lexicon(tmp_path_factory) -> pd.DataFrame:
    path = tmp_path_factory.mktemp("lexicon") / "lexicon.csv"
    rows = [f"{v},{v},{g},term" for v, g in VARIANTS.items()]
    path.write_text("\n".join(["formulation,variant,gloss,kind", *rows]) + "\n", encoding="utf-8")
    return textlib.load_lexicon(path)


def test_text_before_the_first_part_is_its_own_leaf(tmp_path, lexicon):
    page = write_page(
        tmp_path / "page.txt",
        [
            [
                "引言:本方案说明精神文明工作的总体安排。",
                "",
                part_header(1),
                "第一部分正文。",
                part_header(2),
                "第二部分正文。",
            ],
            ["第二篇正文,没有分部。"],
        ],
    )
    corpus = textlib.read_page(page)
    assert corpus.leaf_ids == ["1.0", "1.1", "1.2", "2"]
    assert corpus.parts_of("1") == ["1.0", "1.1", "1.2"]
    preamble = corpus.unit("1.0")
    assert preamble["parent"] == "1"
    assert preamble["raw"] == "引言:本方案说明精神文明工作的总体安排。"
    assert (preamble["start_line"], preamble["end_line"]) == (6, 6)
    hits = textlib.kwic(corpus, "总体安排")
    assert list(hits["unit_id"]) == ["1.0"] and list(hits["line"]) == [6]
    counts = textlib.count_formulations(corpus, lexicon)
    assert counts.loc[counts["unit_id"] == "1.0", "count"].sum() == 1


def test_blank_lines_before_the_first_part_make_no_leaf(tmp_path):
    page = write_page(
        tmp_path / "page.txt",
        [["", "   ", part_header(1), "甲。", part_header(2), "乙。"], ["正文。"]],
    )
    assert textlib.read_page(page).leaf_ids == ["1.1", "1.2", "2"]


def test_repeated_part_numbers_keep_every_part(tmp_path, lexicon):
    page = write_page(
        tmp_path / "page.txt",
        [
            ["正文。"],
            [
                part_header(1),
                "第一份方案:加强精神文明建设。",
                part_header(1),
                "第二份方案:建设新时代文明实践中心。",
                part_header(2),
                "第三份方案。",
                part_header(1),
                "第四份方案。",
            ],
        ],
    )
    corpus = textlib.read_page(page)
    assert corpus.leaf_ids == ["1", "2.1", "2.1b", "2.2", "2.1c"]
    assert corpus.units.index.is_unique
    assert "第一份方案" in corpus.unit("2.1")["text"]
    assert "第二份方案" in corpus.unit("2.1b")["text"]
    assert "第四份方案" in corpus.unit("2.1c")["text"]
    hits = textlib.formulation_hits(corpus, lexicon)
    assert list(zip(hits["unit_id"], hits["variant"], strict=True)) == [
        ("2.1", "精神文明"),
        ("2.1b", "新时代文明实践中心"),
    ]
    assert textlib.kwic(corpus, "第一份方案")["unit_id"].tolist() == ["2.1"]


def test_seed_parts_unchanged(seed):
    assert seed.parts_of("6") == ["6.1", "6.2", "6.3"]
    ranges = {u: (seed.unit(u)["start_line"], seed.unit(u)["end_line"]) for u in seed.parts_of("6")}
    assert ranges == {"6.1": (246, 300), "6.2": (302, 348), "6.3": (350, 382)}


# -- property: leaves partition each plan's body, hits map back to their line ---------------

SPACE = st.sampled_from(["", "", "", " ", "\u3000"])


@st.composite
def sentence(draw) -> str:
    """A body line: filler and whole variants, maybe spaced, maybe without end punctuation."""
    pieces = draw(
        st.lists(
            st.text(alphabet=FILLER, min_size=1, max_size=6) | st.sampled_from(sorted(VARIANTS)),
            min_size=1,
            max_size=5,
        )
    )
    line = "".join(p + draw(SPACE) for p in pieces)
    return draw(SPACE) + line + draw(st.sampled_from(["。", "。", ",", ""]))


BODY_LINE = sentence() | st.sampled_from(["", "  "])


@st.composite
def plan_body(draw) -> list[str]:
    """Body lines of one plan: either plain, or an optional preamble then parts whose
    numbers repeat at random."""
    preamble = draw(st.lists(BODY_LINE, max_size=3))
    numbers = draw(st.lists(st.integers(1, 4), max_size=4))
    body = list(preamble)
    for number in numbers:
        title = draw(st.sampled_from(["2022 年工作方案", "2022 年精神文明建设工作方案"]))
        body += [part_header(number, title), *draw(st.lists(BODY_LINE, max_size=3))]
    if not any(line.strip() for line in body):
        body.append(draw(sentence()))
    return body


def compact(line: str) -> str:
    return P.HSPACE_RUN.sub("", line)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(plan_body(), min_size=2, max_size=4))
def test_leaves_partition_plans_and_hits_map_to_their_line(tmp_path_factory, lexicon, plans):
    page = write_page(tmp_path_factory.mktemp("page") / "page.txt", plans)
    corpus = textlib.read_page(page)
    lines = corpus.source("1").lines
    leaves = corpus.leaf_ids
    assert corpus.units.index.is_unique
    for plan in corpus.plan_ids:
        first, last = corpus.unit(plan)[["start_line", "end_line"]]
        spans = [
            (corpus.unit(u)["start_line"], corpus.unit(u)["end_line"])
            for u in leaves
            if corpus.plan_of(u) == plan
        ]
        for n in range(first, last + 1):
            owners = sum(a <= n <= b for a, b in spans)
            assert owners == (1 if lines[n - 1].strip() else owners), (plan, n, spans)
        assert all(first <= a <= b <= last for a, b in spans)
    # no leaf reaches outside its plan, and plans do not overlap: each line has <= 1 leaf
    for n in range(1, len(lines) + 1):
        owners = [
            u for u in leaves if corpus.unit(u)["start_line"] <= n <= corpus.unit(u)["end_line"]
        ]
        assert len(owners) <= 1, (n, owners)
    hits = textlib.formulation_hits(corpus, lexicon)
    matcher = build_matcher(lexicon)
    for plan in corpus.plan_ids:  # the leaves of a plan find what the whole plan holds
        in_plan = find_matches(corpus.tracked(plan).text, matcher)
        assert (hits["plan"] == plan).sum() == len(in_plan), plan
    for hit in hits.itertuples():
        assert hit.variant in compact(lines[hit.line - 1]), (hit.line, hit.variant)
        assert compact(hit.matched) == hit.variant
