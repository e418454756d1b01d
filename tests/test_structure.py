"""Outline, enumerations, sections, roles and metadata, checked against the page as read."""

from __future__ import annotations

import pytest

import textlib
from textlib.structure.headings import paragraph_headings

# headings per level per unit, counted by reading the page
HEADING_COUNTS = {
    "1": {1: 4, 2: 10, 3: 0},  # 一…四, (一)…(十) numbered continuously
    "2": {1: 3, 2: 14, 3: 7},  # (三)基本原则 holds 1.…7.
    "3": {1: 2, 2: 0, 3: 0},  # the speech: 一要…六要 are enumerations
    "4": {1: 3, 2: 15, 3: 0},
    "5": {1: 3, 2: 6, 3: 0},
    "6.1": {1: 4, 2: 18, 3: 0},  # (一)…(十五) then (一)…(三)
    "6.2": {1: 5, 2: 0, 3: 12},  # scoring items 1、…9、 and 1、…3、
    "6.3": {1: 3, 2: 3, 3: 0},
    "7": {1: 2, 2: 0, 3: 0},
}


@pytest.fixture(scope="module")
def outline(seed):
    return textlib.outline(seed)


@pytest.mark.parametrize("unit_id, counts", HEADING_COUNTS.items())
def test_heading_counts_per_level(outline, unit_id, counts):
    rows = outline[outline.unit_id == unit_id]
    assert {lv: int((rows.level == lv).sum()) for lv in (1, 2, 3)} == counts


def test_inline_headings(outline):
    inline = outline[outline.inline][["unit_id", "marker", "title", "line"]].values.tolist()
    assert inline == [
        ["2", "(一)", "面临形势", 66],  # line 66: 一、…总体目标 (一)面临形势。
        ["2", "1.", "坚持党的领导", 72],  # line 72: (三)基本原则 1.坚持党的领导。
        ["2", "(一)", "深入学习贯彻习近平新时代中国特色社会主义思想", 92],
        ["2", "(一)", "加强组织领导", 118],
        ["4", "(一)", "深化拓展新时代文明实践中心建设", 176],
        ["4", "(一)", "深化文明城市创建", 186],
        ["4", "(一)", "持续加强精神文明教育", 198],
    ]
    row = outline[(outline.unit_id == "2") & (outline.line == 66) & (outline.level == 1)].iloc[0]
    assert row["title"] == "“十四五”精神文明建设面临的形势、指导思想、基本原则和总体目标"


def test_title_stops_at_the_space_before_body(outline):
    # plan 7, line 390: 一、提高政治站位,…思想认识 党的十八大以来…
    row = outline[(outline.unit_id == "7") & (outline.level == 1)].iloc[0]
    assert row["title"] == "提高政治站位,不断深化创建文明典范城市的思想认识" and row["line"] == 390


def test_continuous_and_restarting_numbering(outline):
    style = textlib.structure.numbering_style(outline)
    assert style["1"] == "continuous"  # (四) under 二、, (五) under 三、 …
    assert style[["2", "4", "5", "6.1"]].tolist() == ["restarting"] * 4
    numbers = outline[(outline.unit_id == "1") & (outline.level == 2)]["number"].tolist()
    assert numbers == list(range(1, 11))


def test_enumerations_are_not_headings(seed, outline):
    enum = textlib.structure.enumerations(seed)
    speech = enum[(enum.unit_id == "3") & (enum.kind == "要")]
    assert speech["marker"].tolist() == ["一要", "二要", "三要", "四要", "五要", "六要"]
    assert speech["starts_paragraph"].all()
    assert speech["line"].tolist() == [150, 154, 158, 160, 164, 168]
    listed = enum[(enum.unit_id == "3") & (enum.kind == "是")]
    assert listed["line"].tolist() == [144] * 4 and not listed["starts_paragraph"].any()
    assert "一要" not in set(outline["marker"]) and "一是" not in set(outline["marker"])
    assert enum.groupby("unit_id").size().to_dict() == {"3": 10, "5": 7, "6.3": 8, "7": 10}


def test_full_width_document_without_page_markers(tmp_path):
    (tmp_path / "doc.txt").write_text(
        "关于做好文明创建的通知\n\n一、总体要求\n\n坚持正确方向。\n\n二、主要任务\n\n"
        "（一）加强学习。一是读原著。二是学原文。\n\n（二）深化创建。\n\n1、开展活动。\n\n2．评选表彰。\n\n"
        "三、保障措施 （一）加强领导。明确责任。\n",
        encoding="utf-8",
    )
    corpus = textlib.read_directory(tmp_path)
    table = textlib.outline(corpus)
    assert table[["level", "marker", "number", "title"]].values.tolist() == [
        [1, "一、", 1, "总体要求"],
        [1, "二、", 2, "主要任务"],
        [2, "（一）", 1, "加强学习"],
        [2, "（二）", 2, "深化创建"],
        [3, "1、", 1, "开展活动"],
        [3, "2．", 2, "评选表彰"],
        [1, "三、", 3, "保障措施"],
        [2, "（一）", 1, "加强领导"],
    ]
    assert table["inline"].tolist()[-1]
    assert textlib.structure.enumerations(corpus)["marker"].tolist() == ["一是", "二是"]
    roles = textlib.structure.assign_roles(textlib.structure.sections(corpus))
    assert roles[roles.level == 1]["role"].tolist() == [
        "guiding ideology",
        "key tasks",
        "safeguards",
    ]


def test_marker_inside_text_is_not_a_heading():
    assert paragraph_headings("统一、规范管理") == []
    assert paragraph_headings("得 1.5 分") == []


def test_sections_partition_every_unit(seed):
    table = textlib.structure.sections(seed)
    for unit_id in seed.leaf_ids:
        rows = table[table.unit_id == unit_id]
        text = seed.unit(unit_id)["text"]
        assert rows["start"].iloc[0] == 0 and rows["end"].iloc[-1] == len(text)
        assert (rows["start"].iloc[1:].to_numpy() == rows["end"].iloc[:-1].to_numpy()).all()
    row = table[(table.unit_id == "2") & (table.l2_title == "基本原则")].iloc[0]
    assert row["path"] == "“十四五”精神文明建设面临的形势、指导思想、基本原则和总体目标 › 基本原则"
    assert (row["start_line"], row["end_line"]) == (72, 84)


def test_hits_join_their_section(seed):
    hits = textlib.formulation_hits(seed)
    located = textlib.structure.locate_sections(hits, textlib.structure.sections(seed))
    assert located["section"].notna().all()
    # 两个一以贯之 (plan 2, line 72) sits in (三)基本原则
    row = located[located.formulation == "两个一以贯之"].iloc[0]
    assert row["section"].endswith("› 基本原则")


def test_roles_with_the_rule_that_fired(seed):
    table = textlib.structure.assign_roles(textlib.structure.sections(seed))
    l1 = table[table.level == 1].set_index(["unit_id", "l1_title"])
    assert l1.loc[("2", "“十四五”精神文明建设重点任务"), "rule"] == "重点任务"
    assert l1.loc[("2", "“十四五”精神文明建设保障措施"), "role"] == "safeguards"
    assert set(l1.loc["6.2"]["role"]) == {"guiding ideology", "safeguards", "assessment"}
    assert l1.loc[("6.3", "工作目标"), "role"] == "guiding ideology"
    assert (table[table.level == 0]["role"] == "preamble").all()
    # level-2 sections inherit their level-1 role
    assert set(table[(table.unit_id == "6.1") & (table.l1_title == "保障措施")]["role"]) == {
        "safeguards"
    }


def test_metadata_evidence_is_at_its_line(seed):
    table = textlib.datasets.metadata(seed)
    lines = seed.source("1").lines
    for row in table.itertuples(index=False):
        assert row.evidence.replace(" ", "") in lines[row.line - 1].replace(" ", ""), row
    wide = textlib.datasets.metadata_wide(seed)
    assert list(wide.index) == seed.leaf_ids
    assert wide.at["6.3", "region"] == "Yinchuan, Ningxia"
    # issue 11: the redaction claims (what plan 7 masks that plan 3 keeps, and back) are a field
    assert set(wide.columns) == {
        "genre",
        "issuer_type",
        "issuer_level",
        "region",
        "dating",
        "redaction",
    }


def test_metadata_empty_for_other_corpora(tmp_path):
    (tmp_path / "a.txt").write_text("一、总体要求\n\n正文。", encoding="utf-8")
    assert textlib.datasets.metadata(textlib.read_directory(tmp_path)).empty


def test_structure_summary(seed):
    summary = textlib.structure.structure_summary(
        seed, textlib.outline(seed), textlib.structure.enumerations(seed), textlib.structure.sections(seed)
    )
    assert summary.loc["1", ["l1_headings", "l2_headings", "l3_headings"]].tolist() == [4, 10, 0]
    assert summary.at["1", "l2_numbering"] == "continuous"
    assert summary["han_chars"].to_dict() == {
        u: sum(1 for ch in seed.unit(u)["text"] if "\u4e00" <= ch <= "\u9fff")
        for u in seed.leaf_ids
    }
