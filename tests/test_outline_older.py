"""Outlines of older documents: bare numeral headings, year lists, marker-only lines."""

from __future__ import annotations

from textlib.load.readers import read_directory
from textlib.structure.headings import outline, sections, unit_headings

OLD = (
    "关于一九八〇年国民经济计划的报告\n"
    "各位代表：\n"
    "一\n"
    "\n"
    "调整国民经济的任务\n"
    "我们必须保证1980、1981年的增长。\n"
    "二\n"
    "（一）\n"
    "农业生产要发展。\n"
    "三、\n"
    "加强领导\n"
    "各级政府要加强领导。\n"
)


def test_bare_numeral_lines_are_level_one(tmp_path):
    (tmp_path / "old.txt").write_text(OLD, encoding="utf-8")
    corpus = read_directory(tmp_path)
    table = outline(corpus)
    assert table[["level", "marker", "number"]].values.tolist() == [
        [1, "一", 1],
        [1, "二", 2],
        [2, "（一）", 1],
        [1, "三、", 3],
    ]
    titles = table["title"].tolist()
    assert titles[0] == "调整国民经济的任务"  # joined to its body by repair, cut at its line end
    assert titles[3] == "加强领导"  # marker-only line: title from the next line
    assert table["line"].tolist() == [3, 7, 8, 10]
    assert corpus.unit("old")["title"] == "关于一九八〇年国民经济计划的报告"
    assert set(sections(corpus)["l1_title"]) >= {"调整国民经济的任务", "加强领导"}


def test_year_enumerations_are_not_headings():
    headings = unit_headings("一、保证1980、1981年的计划完成\n正文。")
    assert [(h.level, h.marker) for h in headings] == [(1, "一、")]
    inline = unit_headings("一、总体要求 1、坚持")
    assert [(h.level, h.marker) for h in inline] == [(1, "一、")] or inline[0].level == 1


def test_bare_numeral_line_without_join():
    headings = unit_headings("一\n调整任务\n二 \n（一）农业")
    assert [(h.level, h.marker, h.title) for h in headings][:2] == [
        (1, "一", "调整任务"),
        (1, "二", ""),
    ]
    assert headings[2].level == 2


def test_marker_only_line_takes_next_title():
    headings = unit_headings("（一）\n农业生产\n正文。")
    assert headings[0].title == "农业生产"


def test_inline_heading_search_is_the_position_by_position_scan():
    """_next_inline jumps to candidate markers with one regex search; on random paragraphs of
    markers, numerals, digits and stops it finds what trying every position finds."""
    import random

    from textlib.structure.headings import _heading_at, _in_number, _next_inline

    def scan(paragraph, start, end, level):
        for i in range(start + 1, end):
            found = _heading_at(paragraph, i, level + 1)
            if found and found[0] > level:
                if found[0] == 3 and _in_number(paragraph, i, found[1].end()):
                    continue
                return i
        return None

    rng = random.Random(3)
    alphabet = list("一二三十、（）()1234.．。 ；x中")
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 25)))
        start = rng.randint(0, max(0, len(text) - 1))
        end = rng.randint(start, len(text))
        for level in (1, 2, 3):
            assert _next_inline(text, start, end, level) == scan(text, start, end, level), text


def test_paragraph_prefilter_skips_only_paragraphs_without_headings(monkeypatch):
    """unit_headings skips paragraphs whose first character cannot start a marker; on random
    texts it finds what it finds with the filter off."""
    import random

    from textlib.structure import headings

    rng = random.Random(5)
    alphabet = list("一二三十、（）()12３.．。 　；x中\n\n")
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))) for _ in range(5000)]
    filtered = [headings.unit_headings(t, frozenset({3, 9})) for t in texts]
    monkeypatch.setattr(headings, "_HEADING_START", frozenset(alphabet))
    assert [headings.unit_headings(t, frozenset({3, 9})) for t in texts] == filtered


# A section whose points are numbered on marker-only lines with the sections' own markers
# (the layout of the 1955 government work report: under 三、 the points run 一、…四、 again)
RESTARTING = (
    "一、过渡时期的总任务\n"
    "总任务是逐步实现工业化。\n"
    "二、五年计划概要\n"
    "计划规定了各项指标。\n"
    "三、计划的若干问题\n"
    "（一）关于基本建设问题\n"
    "为此必须做到以下几点：\n"
    "一、\n"
    "提高设计工作的质量。\n"
    "二、\n"
    "加强施工的技术指导。\n"
    "三、\n"
    "保证设备和材料的供应。\n"
    "（二）关于农业的增产问题\n"
    "增产的办法是：\n"
    "一、\n"
    "开垦荒地。\n"
    "二、\n"
    "兴修水利。\n"
    "四、为完成五年计划而奋斗\n"
    "全国人民团结起来。\n"
)


def test_restarting_marker_only_lines_are_list_items(tmp_path):
    (tmp_path / "r.txt").write_text(RESTARTING, encoding="utf-8")
    table = outline(read_directory(tmp_path))
    assert table[["level", "marker", "title"]].values.tolist() == [
        [1, "一、", "过渡时期的总任务"],
        [1, "二、", "五年计划概要"],
        [1, "三、", "计划的若干问题"],
        [2, "（一）", "关于基本建设问题"],
        [2, "（二）", "关于农业的增产问题"],
        [1, "四、", "为完成五年计划而奋斗"],
    ]


def test_marker_only_headings_that_continue_are_sections():
    # marker-only section headings numbered 一、二、三 in order are sections, not a list
    headings = unit_headings(
        "一、\n总体要求\n正文。\n二、\n主要任务\n正文。\n三、\n保障措施\n正文。"
    )
    assert [(h.marker, h.title) for h in headings] == [
        ("一、", "总体要求"),
        ("二、", "主要任务"),
        ("三、", "保障措施"),
    ]


def test_bare_numeral_line_is_not_joined_to_a_year(tmp_path):
    # a bare 一 heading line followed by a paragraph opening with a year written in numerals
    # (the layout of the 1960 report): joined, it read 一一九五六年… and the heading was lost
    text = (
        "关于农业发展纲要的说明\n"
        "一\n"
        "一九五六年到一九六七年全国农业发展纲要，是在一九五六年一月公布的\n"
        "草案，经过四年的实践。\n"
        "二\n"
        "下面说一下纲要执行的情况。\n"
    )
    (tmp_path / "n.txt").write_text(text, encoding="utf-8")
    corpus = read_directory(tmp_path)
    repaired = corpus.tracked("n").text
    assert "一一九五六年" not in repaired
    assert "一\n一九五六年到一九六七年全国农业发展纲要" in repaired
    table = outline(corpus)
    assert table[["marker", "number", "line"]].values.tolist() == [["一", 1, 2], ["二", 2, 5]]
    assert table["title"].iloc[0].startswith("一九五六年到一九六七年全国农业发展纲要")
