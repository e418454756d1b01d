"""The per-10k denominator is the body text: no title, date or licence-footer lines."""

from __future__ import annotations

import pytest

from textlib.datasets.npc import load_npc_resolutions
from textlib.formulations.body import body_bounds, body_han
from textlib.formulations.counting import count_formulations, han_counts
from textlib.text import patterns as P

RESOLUTION = (
    "第九届全国人民代表大会第一次会议关于政府工作报告的决议\n"
    "（1998年3月19日第九届全国人民代表大会第一次会议通过）\n"
    "会议听取和审议了政府工作报告，决定批准这个报告。\n"
    "会议号召，全国各族人民团结奋斗！\n"
    # a footer whose long line was dropped as boilerplate and whose pieces repair joined
    "中华人民共和国著作权法》第五条，本作品不适用于该法，所以属于公有领域。\n"
    "Public domainPublic domainfalsefalse"
)


def test_body_of_a_resolution():
    start, end = body_bounds(RESOLUTION, "第九届全国人民代表大会第一次会议关于政府工作报告的决议")
    assert RESOLUTION[start:end] == (
        "会议听取和审议了政府工作报告，决定批准这个报告。\n会议号召，全国各族人民团结奋斗！"
    )
    assert body_han(RESOLUTION, "") == P.count_han(RESOLUTION[start:end])


def test_title_joined_to_the_first_paragraph():
    text = "2022年度精神文明创建工作计划2022年是开局之年。\n全年工作安排如下。"
    start, _ = body_bounds(text, "2022年度精神文明创建工作计划")
    assert text[start:].startswith("2022年是开局之年")


def test_a_body_line_that_looks_like_a_title_is_kept_after_the_date_line():
    # NPC 2020: the line after the adoption line ends in 报告 (a genre word), but it is body
    text = "关于政府工作报告的决议\n（2020年5月28日通过）\n会议审议了政府工作报告\n。会议决定批准。"
    start, _ = body_bounds(text, "关于政府工作报告的决议")
    assert text[start:].startswith("会议审议了政府工作报告")


def test_npc_rates_use_the_body():
    corpus = load_npc_resolutions()
    han = han_counts(corpus)
    text = corpus.tracked("npc_resolution_2020").text
    # 2020 (read in the file): 475 Han characters, of which the licence footer (31) is
    # dropped as boilerplate by the loader, and the title (28) and adoption line (22) are
    # left out of the denominator
    assert P.count_han(text) == 475 - 31
    assert han["npc_resolution_2020"] == 475 - 28 - 22 - 31
    assert han["npc_resolution_2010"] == P.count_han(corpus.tracked("npc_resolution_2010").text)
    counts = count_formulations(corpus)
    row = counts[(counts.unit_id == "npc_resolution_2020") & (counts.variant == "疫情防控")]
    assert int(row["count"].iloc[0]) == 2
    assert row["per_10k"].iloc[0] == pytest.approx(2 / han["npc_resolution_2020"] * 10_000)
