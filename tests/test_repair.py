"""Each repair step alone, on passages of the seed page (line numbers of the raw page)."""

from __future__ import annotations

import pytest

from textlib.repairs.steps import (
    drop_pdf_spaces,
    join_broken_lines,
    make_pipeline,
    remove_page_markers,
    repair_text,
    should_join,
    strip_indentation,
)
from textlib.text.tracked import TrackedText


def run(step, text: str) -> str:
    return step(TrackedText.from_source(text)).text


@pytest.mark.parametrize(
    "text_in, text_out",
    [
        # line 136: marker at the start of a continuation line
        ("  — 2 — 示范区为统领", "示范区为统领"),
        # line 126: an HTML entity that lost its '&'
        ("mdash; 1 — 在 2022 年市精神文明建设委员会", "在 2022 年市精神文明建设委员会"),
        ("- 4 -\n正文", "\n正文"),
        # an em dash inside a slogan is not a page marker (line 156)
        ("拓展“友善城市—美在志愿”等活动", "拓展“友善城市—美在志愿”等活动"),
        # '3-4 人' (line 272) is not a marker either
        ("成立 3-4 人的网络宣传小组", "成立 3-4 人的网络宣传小组"),
    ],
)
def test_remove_page_markers(text_in, text_out):
    assert run(remove_page_markers, text_in) == text_out


@pytest.mark.parametrize(
    "text_in, text_out",
    [
        ("  一、坚定不移推进\n \n\u3000(一)", "一、坚定不移推进\n\n(一)"),
        ("正文  ", "正文"),
    ],
)
def test_strip_indentation(text_in, text_out):
    assert run(strip_indentation, text_in) == text_out


@pytest.mark.parametrize(
    "text_in, text_out",
    [
        # lines 20/22: a sentence broken at a page end (时代 / 特点)
        (
            "准确把握精神文明建设的政治站位、时代\n\n特点、职责使命。",
            "准确把握精神文明建设的政治站位、时代特点、职责使命。",
        ),
        # lines 32/34: the platform name 学习兴税 split in two
        (
            "中国税务报、学习兴\n\n税平台 “建党百年”专题专栏内容。",
            "中国税务报、学习兴税平台 “建党百年”专题专栏内容。",
        ),
        # lines 338/340: a numbered item is a body paragraph, not a heading (互帮 / 互助)
        (
            "9、积极参加我村的公益活动,同事之间团结友善、互帮\n\n互助、家庭和谐。",
            "9、积极参加我村的公益活动,同事之间团结友善、互帮互助、家庭和谐。",
        ),
        # a heading is never joined to the next paragraph (lines 18/20)
        (
            "一、坚定不移推进思想走深走实\n\n(一)坚定不移。",
            "一、坚定不移推进思想走深走实\n(一)坚定不移。",
        ),
        # title block: three front-matter lines (lines 58-62) stay separate
        (
            "2022 年国有企业精神文明建设“十四五”规划\n\n公司精神文明建设工作计划安排(2022 年)\n\n“十四五”时期是第一个五年。",
            "2022 年国有企业精神文明建设“十四五”规划\n公司精神文明建设工作计划安排(2022 年)\n“十四五”时期是第一个五年。",
        ),
        # a part header inside plan 6 is not joined to its first sentence (line 302)
        (
            "圆满完成。\n\n2022 年精神文明建设工作方案 篇二\n\n为健全和完善。",
            "圆满完成。\n2022 年精神文明建设工作方案 篇二\n为健全和完善。",
        ),
        # a truncated ending is not joined
        ("统筹推进文明创建与运营...\n\n下一段。", "统筹推进文明创建与运营...\n下一段。"),
    ],
)
def test_join_broken_lines(text_in, text_out):
    assert run(join_broken_lines, text_in) == text_out


@pytest.mark.parametrize(
    "text_in, text_out",
    [
        ("2022 年是党的二十大召开之年", "2022年是党的二十大召开之年"),
        ("以 40 岁以下青年干部为主体", "以40岁以下青年干部为主体"),
        ("做好税务系统 QQ 群、微信群", "做好税务系统QQ群、微信群"),
        ("开展 “两优一先”表彰大会", "开展“两优一先”表彰大会"),
        ("精神文明建设委员会 (扩大)会议", "精神文明建设委员会(扩大)会议"),
        # placeholders keep their place: XXXXX 精神 → XXXXX精神 (line 16)
        ("重要一年,XXXXX 精神文明", "重要一年,XXXXX精神文明"),
        # a space between two Han characters separates slogan parts: kept (line 192)
        ("开展“好家庭  好家教 好家风”", "开展“好家庭 好家教 好家风”"),
        ("Copyright © 2002", "Copyright © 2002"),
    ],
)
def test_drop_pdf_spaces(text_in, text_out):
    assert run(drop_pdf_spaces, text_in) == text_out


def test_should_join_rules():
    assert should_join("建设的政治站位、时代", "特点、职责使命", front_matter=False)
    assert not should_join("句子结束。", "下一句", front_matter=False)
    assert not should_join("2022年精神文明工作要点", "正文", front_matter=True)
    assert not should_join("市第十四次党代会提出以建设", "(二)标题", front_matter=False)
    assert should_join("提高了指标要求、", "(二)标题", front_matter=False)


def test_pipeline_composes_steps_in_order():
    pipeline = make_pipeline(remove_page_markers, strip_indentation, join_broken_lines)
    # lines 132-136: the second paragraph is broken across the page marker — 2 —
    text = "为我们提供了重要遵循。\n\n  市第十四次党代会提出以建设践行新发展理念的公园城市\n\n  — 2 — 示范区为统领,要在"
    assert pipeline(TrackedText.from_source(text)).text == (
        "为我们提供了重要遵循。\n市第十四次党代会提出以建设践行新发展理念的公园城市示范区为统领,要在"
    )


def test_repair_text_full_pipeline():
    # lines 140/142, shortened
    raw = " 测评项目,培育和践行社\n\n  — 3 — 会主义核心价值观、促进"
    assert repair_text(raw) == "测评项目,培育和践行社会主义核心价值观、促进"


def test_first_line_without_a_sentence_is_front_matter():
    assert repair_text("标题一行\n\n正文") == "标题一行\n正文"
    assert repair_text("前文。\n\n标题一行\n\n正文") == "前文。\n标题一行正文"


def test_offsets_survive_every_step():
    text = "  培育和践行社\n\n  — 3 — 会主义 核心价值观"
    tracked = make_pipeline(
        remove_page_markers, strip_indentation, join_broken_lines, drop_pdf_spaces
    )(TrackedText.from_source(text, start=100))
    for ch, offset in zip(tracked.text, tracked.offsets, strict=True):
        assert text[offset - 100] == ch
