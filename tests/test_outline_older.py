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
