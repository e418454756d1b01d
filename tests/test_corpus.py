"""The seed page as a corpus: units, line ranges and titles checked by reading the page."""

from __future__ import annotations

import pandas as pd
import pytest

import textlib
from textlib.errors import EmptyCorpusError, PageFormatError, TextlibError, UnknownUnitError

# (unit, parent, first body line, last body line), read off the raw page
EXPECTED_RANGES = [
    ("1", None, 14, 54),
    ("2", None, 58, 122),
    ("3", None, 126, 168),
    ("4", None, 172, 212),
    ("5", None, 216, 242),
    ("6", None, 246, 382),
    ("6.1", "6", 246, 300),
    ("6.2", "6", 302, 348),
    ("6.3", "6", 350, 382),
    ("7", None, 386, 422),
]

EXPECTED_TITLES = {
    "1": "2022年精神文明工作要点",
    "2": "2022年国有企业精神文明建设“十四五”规划",
    "3": "在2022年市精神文明建设委员会(扩大)会议上的讲话",  # after the page marker 'mdash; 1 —'
    "4": "022年全区精神文明建设工作要点",  # the page lost the leading 2
    "5": "2022年度精神文明创建工作计划",  # the title runs on into the first sentence
    "6.1": "22年精神文明建设工作方案 篇一",
    "6.2": "2022年精神文明建设工作方案 篇二",
    "6.3": "2022年精神文明建设工作方案 篇三",
    "7": "精神文明建设委员会(扩大)会议上的讲话",
}


def test_unit_ids_in_page_order(seed):
    assert list(seed.units.index) == [u for u, *_ in EXPECTED_RANGES]
    assert seed.leaf_ids == ["1", "2", "3", "4", "5", "6.1", "6.2", "6.3", "7"]
    assert seed.plan_ids == ["1", "2", "3", "4", "5", "6", "7"]


@pytest.mark.parametrize("unit_id, parent, start, end", EXPECTED_RANGES)
def test_unit_line_ranges(seed, unit_id, parent, start, end):
    row = seed.unit(unit_id)
    assert (row["start_line"], row["end_line"]) == (start, end)
    assert row["parent"] == parent if parent else row["parent"] is None


@pytest.mark.parametrize("unit_id, title", EXPECTED_TITLES.items())
def test_titles(seed, unit_id, title):
    assert seed.unit(unit_id)["title"] == title


def test_raw_is_the_exact_source_lines(seed, seed_lines):
    raw = seed.unit("5")["raw"]
    assert raw == "\n".join(seed_lines[215:242])
    assert raw.startswith("2022 年度精神文明创建工作计划 2022 年是党的二十大召开之年")


def test_header_line_and_boilerplate_belong_to_no_unit(seed):
    all_raw = "".join(seed.units["raw"])
    assert "篇一:" not in all_raw and "推荐访问" not in all_raw and "十九范文网" not in all_raw
    assert seed.unit("1")["header"] == "2022年精神文明建设工作要点"


def test_plan_text_is_its_parts_joined(seed):
    parts = [seed.unit(p)["text"] for p in seed.parts_of("6")]
    assert seed.unit("6")["text"] == "\n".join(parts)


def test_every_repaired_character_maps_to_the_same_source_character(seed):
    for unit_id in seed.units.index:
        tracked = seed.tracked(unit_id)
        source = seed.source(unit_id).text
        mismatched = [
            (i, ch)
            for i, (ch, off) in enumerate(zip(tracked.text, tracked.offsets, strict=True))
            if source[off] != ch and not (ch == " " and source[off].isspace())
        ]
        assert mismatched == [], unit_id


def test_line_at_points_to_the_source_line(seed, seed_lines):
    text = seed.unit("3")["text"]
    index = text.index("示范区为统领")  # after the page marker of line 136
    assert seed.line_at("3", index) == 136
    assert "示范区为统领" in seed_lines[135]


def test_unknown_unit_lists_valid_ids(seed):
    with pytest.raises(UnknownUnitError) as info:
        seed.unit("8")
    message = str(info.value)
    assert "'8'" in message and "6.2" in message and "7" in message
    with pytest.raises(UnknownUnitError):
        seed.tracked(6.4)


def test_read_page_without_markers(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text("没有篇章标记的网页\n正文。\n", encoding="utf-8")
    with pytest.raises(PageFormatError, match="page.txt: no 篇X"):
        textlib.read_page(page)


def test_read_page_with_one_marker(tmp_path):
    page = tmp_path / "one.txt"
    page.write_text("篇一:标题\n\n正文。\n", encoding="utf-8")
    with pytest.raises(PageFormatError, match="only one 篇X"):
        textlib.read_page(page)


def test_read_page_empty_file(tmp_path):
    page = tmp_path / "empty.txt"
    page.write_text("", encoding="utf-8")
    with pytest.raises(EmptyCorpusError, match="empty.txt"):
        textlib.read_page(page)


def test_read_page_small_page_with_parts(tmp_path):
    page = tmp_path / "small.txt"
    page.write_text(
        "网站导航\n篇一:甲\n\n甲计划\n\n一、总体要求\n\n正文一。\n"
        "篇二:乙\n\n乙方案 篇一\n\n内容甲。\n\n乙方案 篇二\n\n内容\n\n乙。\n推荐访问:甲\n",
        encoding="utf-8",
    )
    corpus = textlib.read_page(page)
    assert list(corpus.units.index) == ["1", "2", "2.1", "2.2"]
    assert corpus.unit("2.2")["text"] == "乙方案 篇二\n内容乙。"
    assert corpus.unit("2")["end_line"] == 19  # the line before 推荐访问


def test_read_directory(tmp_path):
    (tmp_path / "b.txt").write_text("乙文件\n\n正文 2022 年。", encoding="utf-8")
    (tmp_path / "a.txt").write_text("\ufeff甲文件\r\n\r\n正文。", encoding="utf-8")
    (tmp_path / "notes.rtf").write_text("ignored", encoding="utf-8")
    corpus = textlib.read_directory(tmp_path)
    assert list(corpus.units.index) == ["a", "b"]
    assert corpus.unit("b")["text"] == "乙文件\n正文2022年。"
    assert pd.isna(corpus.unit("a")["parent"])
    assert corpus.leaf_ids == ["a", "b"]


def test_read_directory_errors(tmp_path):
    with pytest.raises(EmptyCorpusError, match="no \\*.txt"):
        textlib.read_directory(tmp_path)
    (tmp_path / "blank.txt").write_text("\n  \n", encoding="utf-8")
    with pytest.raises(EmptyCorpusError, match="blank.txt"):
        textlib.read_directory(tmp_path)
    with pytest.raises(TextlibError, match="missing"):
        textlib.read_directory(tmp_path / "missing")
