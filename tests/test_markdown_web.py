"""Markdown files and web pages as units; boilerplate that is not body text; bad HTML.

Every fixture is written here (tmp_path): a city report in the Markdown of published report
collections (YAML front matter, bold headings, ``**`` emphasis), and web pages laid out as
government sites lay them out (navigation, breadcrumbs, related links, copyright footer).
"""

from __future__ import annotations

import textwrap

import pandas as pd
import pytest

import textlib
from textlib.errors import DocumentFormatError, EmptyCorpusError
from textlib.explore.diagnostics import noise
from textlib.load.boilerplate import boilerplate_passages
from textlib.load.readers import read_directory
from textlib.stream import stream_directory

REPORT = textwrap.dedent(
    """\
    ---
    title: 某市政府工作报告（2021年1月18日）
    source: https://www.example.gov.cn/zfgzbg/2021.html
    date: 2021-01-18
    delegates: 412
    ---

    各位代表：

    **一、2020年工作回顾**

    我们坚持**以人民为中心**的发展思想，经济运行稳中向好。
    全市经济增速回升。**以创新生态引领产业升级。**加快推进科技创新。

    # 二、2021年主要任务

    ## （一）深化改革开放

    - 推进营商环境改革
    - 落实减税降费政策

    1. 建设[数字政府](https://www.example.gov.cn/szzf)平台。

    ![会场照片](photo.jpg)

    | 指标 | 目标 |
    |---|---|
    | 地区生产总值 | 增长6% |

    编号XX***XX的项目按期完工。
    """
)


@pytest.fixture
def report(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "city.md").write_text(REPORT, encoding="utf-8")
    return folder


def test_front_matter_is_typed_metadata_not_text(report):
    corpus = read_directory(report)
    unit = corpus.unit("city")
    assert unit["format"] == "md"
    assert unit["title"] == "某市政府工作报告（2021年1月18日）"
    assert unit["source_url"] == "https://www.example.gov.cn/zfgzbg/2021.html"
    assert corpus.units["date"].dtype.kind == "M"  # a date column, not text
    assert unit["date"] == pd.Timestamp("2021-01-18")
    assert str(corpus.units["delegates"].dtype) == "Int64" and unit["delegates"] == 412
    for front in ("title:", "source:", "example.gov.cn", "---", "2021-01-18"):
        assert front not in unit["text"] and front not in unit["raw"]
    assert unit["start_line"] == 8  # 各位代表： — the front matter belongs to no unit
    assert "date" in corpus.metadata_columns


def test_manifest_value_wins_over_front_matter(report):
    (report / "manifest.csv").write_text(
        "path,title,year\ncity.md,清单标题,2021\n", encoding="utf-8"
    )
    corpus = read_directory(report, metadata="manifest.csv")
    assert corpus.unit("city")["title"] == "清单标题"
    assert corpus.unit("city")["year"] == 2021
    assert corpus.unit("city")["source_url"].startswith("https://")


def test_markup_removed_line_for_line(report):
    corpus = read_directory(report)
    # the unit's source is the file without markup, line for line (front matter blank)
    lines = corpus.source("city").lines
    assert len(lines) == len(REPORT.split("\n")) and lines[:6] == [""] * 6
    # emphasis inside a sentence, and the pair CommonMark leaves because 。 precedes **
    assert lines[11] == "我们坚持以人民为中心的发展思想，经济运行稳中向好。"
    assert lines[12] == "全市经济增速回升。以创新生态引领产业升级。加快推进科技创新。"
    assert lines[18:20] == ["推进营商环境改革", "落实减税降费政策"]  # bullets gone
    assert lines[21] == "1. 建设数字政府平台。"  # the document's own numbering; no URL
    assert lines[23] == ""  # the image
    assert lines[25:28] == ["指标 目标", "", "地区生产总值 增长6%"]  # table rows, no rule
    text = corpus.unit("city")["text"].replace("XX***XX", "")  # a redaction, kept
    for markup in ("**", "#", "](", "https://", "photo.jpg", "会场照片", "|", "---", "- "):
        assert markup not in text


def test_bold_and_hash_headings_feed_the_outline(report):
    table = textlib.outline(read_directory(report))
    found = list(zip(table["level"], table["marker"], table["title"], table["line"], strict=True))
    assert found == [
        (1, "一、", "2020年工作回顾", 10),
        (1, "二、", "2021年主要任务", 15),
        (2, "（一）", "深化改革开放", 17),
        (3, "1.", "建设数字政府平台", 22),
    ]


def test_every_character_keeps_its_source_line(report):
    corpus = read_directory(report)
    text = corpus.unit("city")["text"]
    source_lines = REPORT.split("\n")
    for phrase, line in (("以人民为中心", 12), ("加快推进", 13), ("数字政府", 22), ("增长6%", 28)):
        index = text.index(phrase)
        assert corpus.line_at("city", index) == line
        assert phrase in source_lines[line - 1].replace("**", "").replace("[", "").replace("]", "")


def test_double_star_is_never_a_placeholder_but_a_redaction_is(report):
    table = noise(read_directory(report))
    placeholders = table[table["kind"] == "placeholder"]["text"].tolist()
    assert "**" not in placeholders
    assert placeholders == ["XX", "***", "XX"]  # 编号XX***XX: the redaction stays data


def test_markdown_suffix_single_file_and_empty_folder_message(tmp_path):
    (tmp_path / "a.markdown").write_text("**一、总则**\n\n正文。\n", encoding="utf-8")
    assert read_directory(tmp_path / "a.markdown").unit("a")["text"] == "一、总则\n正文。"
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(EmptyCorpusError, match=r"\*\.md"):
        read_directory(empty)


def test_bad_front_matter_names_file_and_line(tmp_path):
    (tmp_path / "bad.md").write_text("---\ntitle: a\n  b: [\n---\n正文。\n", encoding="utf-8")
    with pytest.raises(DocumentFormatError, match=r"bad\.md.*front matter.*line"):
        read_directory(tmp_path)
    (tmp_path / "good.md").write_text("正文。\n", encoding="utf-8")
    report = read_directory(tmp_path, errors="skip").load_report.set_index("unit_id")
    assert report.loc["bad", "status"] == "skipped" and "line 3" in report.loc["bad", "reason"]


def test_streamed_path_reads_markdown_the_same(report, tmp_path):
    streamed = stream_directory(report, tmp_path / "out")
    units = streamed.table("units").set_index("unit_id")
    corpus = read_directory(report)
    assert units.loc["city", "title"] == corpus.unit("city")["title"]
    assert units.loc["city", "source_url"] == corpus.unit("city")["source_url"]
    assert units.loc["city", "format"] == "md"
    outline = streamed.table("outline")
    assert outline["marker"].tolist() == ["一、", "二、", "（一）", "1."]
    assert streamed.load_report["removed_chars"].iloc[0] > 0


# --- web pages ---------------------------------------------------------------------------

ARTICLE = [
    "2021年1月12日，国务委员兼外交部长王毅在北京同来访的外交部长举行会谈。",
    "王毅表示，中方愿同各方一道，坚持相互尊重、合作共赢，推动构建人类命运共同体。",
    "双方还就共同关心的国际和地区问题交换了意见。",
]


def _site_page(title: str, paragraphs: list[str], charset: str = "utf-8") -> str:
    """A page laid out in plain divs, as ministry sites are: no <nav>/<footer> tags."""
    body = "".join(f"<p>　　{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html><html><head><meta charset="{charset}">
<title>{title}_中华人民共和国外交部</title><script>var _hmt = [];</script></head><body>
<div class="top"><div class="menu"><ul><li><a href="/">首页</a></li><li><a href="/wjb/">外交部</a></li>
<li><a href="/wjdt/">外交动态</a></li><li><a href="/gjhdq/">国家和组织</a></li></ul></div></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/wjdt/">外交动态</a></div>
<div class="main"><h1>{title}</h1><div class="time">2021-01-12 21:30</div>
<div id="News_Body_Txt_A" class="content">{body}</div>
<div class="related"><h3>相关新闻</h3><ul><li><a href="/a.html">王毅会见总统特使</a></li>
<li><a href="/b.html">外交部发言人答记者问</a></li><li><a href="/c.html">王毅出席多边会议</a></li></ul></div>
</div><div class="bottom"><a href="/about">关于我们</a> | <a href="/map">网站地图</a><br>
版权所有：中华人民共和国外交部 京ICP备05069837号</div></body></html>"""


def test_page_with_navigation_footer_and_related_links_yields_the_article(tmp_path):
    (tmp_path / "talks.html").write_text(_site_page("王毅同外交部长举行会谈", ARTICLE))
    corpus = read_directory(tmp_path)
    assert corpus.unit("talks")["text"].split("\n") == ["王毅同外交部长举行会谈", *ARTICLE]
    row = corpus.load_report.set_index("unit_id").loc["talks"]
    assert row["removed_chars"] > 50  # menu, breadcrumb, related news, footer
    assert "outside the main content removed" in row["reason"]


def _txt_corpus(folder, shared_in: int, footer: bool):
    """8 documents; ``shared_in`` of them carry the same template sentence in their body."""
    shared = "会议认为，报告实事求是，符合实际。"
    for k in range(8):
        lines = [f"第{k}号文件", f"本文件第{k}段正文，内容各不相同。"]
        if k < shared_in:
            lines.append(shared)
        lines.append(f"第{k}号文件的结尾段落，说明执行要求。")
        if footer:
            lines += ["首页 | 政务公开 | 网站地图", "版权所有：某市人民政府办公室"]
        (folder / f"{k}.txt").write_text("\n".join(lines), encoding="utf-8")
    return shared


def test_sentence_shared_by_half_the_documents_is_kept(tmp_path):
    shared = _txt_corpus(tmp_path, 4, footer=False)
    corpus = read_directory(tmp_path)
    assert sum(shared in t for t in corpus.units["text"]) == 4
    assert boilerplate_passages(corpus).empty
    assert (corpus.load_report["reason"] == "").all()


def test_navigation_and_footer_lines_are_dropped_not_the_template(tmp_path):
    shared = _txt_corpus(tmp_path, 4, footer=True)
    corpus = read_directory(tmp_path)
    for text in corpus.units["text"]:
        assert "网站地图" not in text and "版权所有" not in text
    assert sum(shared in t for t in corpus.units["text"]) == 4
    assert set(boilerplate_passages(corpus)["text"]) == {
        "首页 | 政务公开 | 网站地图",
        "版权所有：某市人民政府办公室",
    }
    assert set(corpus.load_report["reason"]) == {"2 boilerplate line(s) dropped"}


def test_wikisource_style_footer_broken_over_lines_is_dropped(tmp_path):
    footer = [
        "注：中文维基文库社群认为，中华人民共和国公务演讲，",
        "不总是",
        "具有立法、行政、司法性质的文件。",
        "",
        "Public domain",
        "false",
    ]
    for k in range(4):
        body = [f"关于第{k}个五年计划的报告", f"第{k}份报告的正文。", "各位代表要团结奋斗。"]
        (tmp_path / f"{k}.txt").write_text("\n".join(body + [""] * 5 + footer), encoding="utf-8")
    corpus = read_directory(tmp_path)
    for text in corpus.units["text"]:
        assert text.split("\n")[-1] == "各位代表要团结奋斗。"  # shared sentence of the body kept
    assert set(boilerplate_passages(corpus)["text"]) == {*filter(None, footer)}


# --- bad HTML ----------------------------------------------------------------------------


@pytest.mark.parametrize("errors", ["raise", "skip"])
def test_legacy_html_with_a_thousand_unclosed_tags_is_read(tmp_path, errors):
    items = "".join(f"<li>第{k}条" for k in range(1000))
    paras = "".join(f"<p>第{k}段" for k in range(1000))
    cells = "".join(f"<tr><td>甲{k}<td>乙{k}" for k in range(1000))
    (tmp_path / "old.html").write_text(f"<html><body><ul>{items}</ul>{paras}<table>{cells}")
    corpus = read_directory(tmp_path, errors=errors)
    lines = corpus.source("old").lines  # one block per line, as a browser closes the tags
    assert len(lines) == 3000
    assert lines[999] == "第999条" and lines[1999] == "第999段" and lines[-1] == "甲999 乙999"


def test_deeply_nested_html_keeps_its_text_and_says_so(tmp_path):
    page = "<html><body>" + "<div>" * 3000 + "最深处的正文。" + "</div>" * 3000 + "</body></html>"
    (tmp_path / "deep.html").write_text(page)
    corpus = read_directory(tmp_path, errors="skip")
    assert corpus.unit("deep")["text"] == "最深处的正文。"
    reason = corpus.load_report.set_index("unit_id").loc["deep", "reason"]
    assert "nested deeper" in reason


@pytest.mark.parametrize("label", ["x-unknown-charset", "base64", "idna", "utf-7x"])
def test_unknown_charset_label_falls_back_to_detection(tmp_path, label):
    body = "坚持以人民为中心的发展思想，推进文明城市建设。"
    page = f'<html><head><meta charset="{label}"></head><body><p>{body}</p></body></html>'
    (tmp_path / "p.html").write_bytes(page.encode("gbk"))
    corpus = read_directory(tmp_path)
    assert corpus.unit("p")["text"] == body
    assert corpus.unit("p")["encoding"] == "gb18030"
    reason = corpus.load_report.set_index("unit_id").loc["p", "reason"]
    assert label in reason and "detected" in reason


def test_wrong_declared_charset_is_detected_and_noted(tmp_path):
    body = "坚持以人民为中心的发展思想，推进文明城市建设，巩固创建成果。"
    page = f'<html><head><meta charset="iso-8859-1"></head><body><p>{body}</p></body></html>'
    (tmp_path / "p.html").write_bytes(page.encode("gbk"))  # latin-1 decodes anything
    corpus = read_directory(tmp_path)
    assert corpus.unit("p")["text"] == body
    reason = corpus.load_report.set_index("unit_id").loc["p", "reason"]
    assert "'iso-8859-1' does not fit the bytes" in reason


def test_cdata_is_not_text(tmp_path):
    page = "<html><body><p>正文开始<![CDATA[var hidden = '隐藏';]]>正文继续。</p></body></html>"
    (tmp_path / "p.html").write_text(page)
    assert read_directory(tmp_path).unit("p")["text"] == "正文开始正文继续。"


@pytest.mark.parametrize("suffix", [".html", ".docx", ".md"])
def test_figures_cli_reads_a_document_by_its_format(tmp_path, suffix):
    from textlib.figures.__main__ import _load

    path = tmp_path / f"plan{suffix}"
    lines = ["篇一:文明城市工作要点", "一、总体要求", "坚持以人民为中心。"]
    if suffix == ".html":
        path.write_text("<html><body>" + "".join(f"<p>{x}</p>" for x in lines) + "</body></html>")
    elif suffix == ".md":
        path.write_text("\n\n".join(lines), encoding="utf-8")
    else:
        docx = pytest.importorskip("docx")
        document = docx.Document()
        for line in lines:
            document.add_paragraph(line)
        document.save(path)
    corpus = _load(path, None).corpus
    assert list(corpus.units.index) == ["plan"]  # one document, not a page of 篇X plans
    assert corpus.unit("plan")["format"] == suffix.lstrip(".")
