"""read_directory on folders the tests write: encodings, nested folders, .TXT, .docx, .pdf,
.html, the load report, errors="skip", manifests and boilerplate."""

from __future__ import annotations

import io
import os

import pandas as pd
import pytest

import textlib
from textlib.errors import (
    CorpusLoadError,
    EmptyCorpusError,
    NoTextLayerError,
    SourceReadError,
    TextlibError,
    UndecodableFileError,
    UnsupportedFormatError,
)
from textlib.load.boilerplate import boilerplate_passages
from textlib.load.encodings import detect_and_decode
from textlib.load.readers import REPORT_COLUMNS, read_directory

GBK = "中华人民共和国政府工作报告\n一、总体要求。坚持稳中求进。"
BIG5 = "社會主義現代化建設\n堅持改革開放。"


@pytest.mark.parametrize(
    ("text", "encoding", "expected"),
    [
        ("中华人民共和国政府工作报告", "gbk", "gb18030"),
        ("国务院关于印发𠀀的通知", "gb18030", "gb18030"),
        ("社會主義現代化建設", "big5", "big5"),
        (GBK, "utf-16-le", "utf-16-le"),
        (GBK, "utf-16-be", "utf-16-be"),
        ("中华人民共和国政府工作报告", "utf-16-le", "utf-16-le"),
        (GBK, "utf-8", "utf-8"),
    ],
)
def test_encoding_detection(text, encoding, expected):
    assert detect_and_decode(text.encode(encoding), "x.txt") == (text, expected)


@pytest.mark.parametrize(
    ("codec", "expected"),
    [("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16-le")],  # Python's utf-16 writes a LE BOM
)
def test_bom_wins(codec, expected):
    text, used = detect_and_decode(GBK.encode(codec), "x.txt")
    assert text == GBK and used == expected


def test_big_endian_bom():
    data = b"\xfe\xff" + GBK.encode("utf-16-be")
    assert detect_and_decode(data, "x.txt") == (GBK, "utf-16-be")


def test_explicit_encoding_wins_and_names_file(tmp_path):
    assert detect_and_decode("文明".encode("gbk"), "x.txt", "gbk") == ("文明", "gbk")
    with pytest.raises(UndecodableFileError, match=r"x\.txt: cannot be decoded as utf-8"):
        detect_and_decode("文明".encode("gbk"), "x.txt", "utf-8")


def _write_encodings(folder):
    (folder / "nested" / "deeper").mkdir(parents=True)
    (folder / "gbk.txt").write_bytes(GBK.encode("gbk"))
    (folder / "nested" / "big5.txt").write_bytes(BIG5.encode("big5"))
    (folder / "nested" / "deeper" / "u16.txt").write_bytes(GBK.encode("utf-16"))
    (folder / "u16nobom.txt").write_bytes(GBK.encode("utf-16-le"))
    (folder / "bom.txt").write_bytes(GBK.encode("utf-8-sig"))
    (folder / "UPPER.TXT").write_bytes(GBK.encode("gb18030"))


def test_folder_of_encodings_nested_and_upper_case(tmp_path):
    _write_encodings(tmp_path)
    corpus = read_directory(tmp_path)
    assert list(corpus.units.index) == sorted(
        ["UPPER", "bom", "gbk", "nested/big5", "nested/deeper/u16", "u16nobom"]
    )
    enc = corpus.units["encoding"].to_dict()
    assert enc == {
        "UPPER": "gb18030",
        "bom": "utf-8-sig",
        "gbk": "gb18030",
        "nested/big5": "big5",
        "nested/deeper/u16": "utf-16-le",
        "u16nobom": "utf-16-le",
    }
    assert corpus.unit("gbk")["text"].startswith("中华人民共和国政府工作报告")
    # the Big5 unit is traditional and converted to simplified for analysis
    assert corpus.unit("nested/big5")["script"] == "traditional"
    assert corpus.unit("nested/big5")["text"].startswith("社会主义现代化建设")
    assert corpus.unit("gbk")["script"] == "simplified"
    assert set(corpus.units["format"]) == {"txt"}
    assert corpus.load_report["status"].eq("read").all()


def test_not_recursive_and_pattern(tmp_path):
    _write_encodings(tmp_path)
    flat = read_directory(tmp_path, recursive=False)
    assert "nested/big5" not in flat.units.index and "gbk" in flat.units.index
    only = read_directory(tmp_path, pattern="nested/*.txt")
    assert list(only.units.index) == ["nested/big5"]
    assert (only.load_report["status"] == "skipped").sum() == 5


def test_simplify_can_be_switched_off(tmp_path):
    (tmp_path / "t.txt").write_bytes(BIG5.encode("big5"))
    corpus = read_directory(tmp_path, simplify=False)
    assert corpus.unit("t")["text"].startswith("社會主義")
    assert corpus.unit("t")["script"] == "traditional"


def test_single_file(tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes(GBK.encode("gbk"))
    corpus = read_directory(path)
    assert list(corpus.units.index) == ["report"]
    assert corpus.unit("report")["encoding"] == "gb18030"


def test_unsupported_single_file_is_named(tmp_path):
    path = tmp_path / "notes.rtf"
    path.write_text("x", encoding="utf-8")
    with pytest.raises(UnsupportedFormatError, match="notes.rtf") as err:
        read_directory(path)
    assert isinstance(err.value, SourceReadError)


def _mixed_folder(folder):
    (folder / "good.txt").write_text("第一份文件\n正文。\n", encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (folder / "image.png").write_bytes(b"\x89PNG\r\n")


def test_errors_skip_reports_every_file(tmp_path):
    _mixed_folder(tmp_path)
    corpus = read_directory(tmp_path, errors="skip")
    assert list(corpus.units.index) == ["good"]
    report = corpus.load_report.set_index("unit_id", drop=False)
    assert list(corpus.load_report.columns) == REPORT_COLUMNS
    assert len(corpus.load_report) == 4
    by_name = corpus.load_report.assign(
        name=corpus.load_report["path"].map(lambda p: p.rsplit("/", 1)[-1])
    ).set_index("name")
    assert by_name.loc["good.txt", "status"] == "read"
    assert by_name.loc["good.txt", "chars"] == len("第一份文件\n正文。\n")
    assert by_name.loc["empty.txt", "reason"] == "file is empty"
    assert "cannot be decoded" in by_name.loc["binary.txt", "reason"]
    assert "unsupported file type" in by_name.loc["image.png", "reason"]
    assert (by_name.drop("good.txt")["status"] == "skipped").all()
    assert report is not None


def test_errors_raise_names_file_or_counts(tmp_path):
    (tmp_path / "good.txt").write_text("正文。\n", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.raises(EmptyCorpusError, match="empty.txt"):
        read_directory(tmp_path)
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 4)
    with pytest.raises(CorpusLoadError) as err:
        read_directory(tmp_path)
    message = str(err.value)
    assert "2 files could not be read" in message
    assert "binary.txt" in message and "empty.txt" in message
    assert len(err.value.errors) == 2 and isinstance(err.value, TextlibError)


def test_errors_must_be_raise_or_skip(tmp_path):
    (tmp_path / "a.txt").write_text("正文。", encoding="utf-8")
    with pytest.raises(TextlibError, match="errors="):
        read_directory(tmp_path, errors="ignore")


# --- documents -------------------------------------------------------------------------


def test_docx(tmp_path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("关于印发工作要点的通知")
    document.add_paragraph("一、总体要求")
    document.add_paragraph("坚持稳中求进工作总基调。")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "指标"
    table.rows[0].cells[1].text = "目标"
    document.save(tmp_path / "notice.docx")
    corpus = read_directory(tmp_path)
    unit = corpus.unit("notice")
    assert unit["format"] == "docx" and pd.isna(unit["encoding"])
    assert unit["text"].splitlines()[:3] == [
        "关于印发工作要点的通知",
        "一、总体要求",
        "坚持稳中求进工作总基调。",
    ]
    assert "指标 目标" in unit["text"]
    assert unit["title"] == "关于印发工作要点的通知"


def _pdf(path, pages):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.font_manager import FontProperties

    from textlib.viz.fonts import cjk_font_path

    font = FontProperties(fname=str(cjk_font_path()))
    with PdfPages(path) as pdf:
        for lines in pages:
            fig = plt.figure(figsize=(6, 4))
            for k, line in enumerate(lines):
                fig.text(0.1, 0.85 - 0.1 * k, line, fontproperties=font)
            pdf.savefig(fig)
            plt.close(fig)


def test_pdf_keeps_pages(tmp_path):
    pytest.importorskip("pypdf")
    _pdf(
        tmp_path / "plan.pdf",
        [["二〇二二年工作要点", "一、总体要求。"], ["二、重点任务。", "加强精神文明建设。"]],
    )
    corpus = read_directory(tmp_path / "plan.pdf")
    unit = corpus.unit("plan")
    assert unit["format"] == "pdf"
    text = unit["text"]
    assert "一、总体要求。" in text and "加强精神文明建设。" in text
    assert corpus.page_at("plan", text.index("总体要求")) == 1
    assert corpus.page_at("plan", text.index("精神文明")) == 2
    assert corpus.line_at("plan", text.index("精神文明")) > corpus.line_at("plan", 0)


def test_pdf_repaired_by_pypdf_is_read_and_its_warning_reported_not_printed(tmp_path, capfd):
    """A PDF whose ``startxref`` points to the wrong byte: pypdf rebuilds the cross-reference
    table and says so. The text is read; what pypdf said is in the load report's reason and
    nothing reaches stderr."""
    pytest.importorskip("pypdf")
    path = tmp_path / "plan.pdf"
    _pdf(path, [["二〇二二年工作要点", "一、总体要求。"]])
    data = path.read_bytes()
    head, _, tail = data.rpartition(b"startxref")
    offset = tail.split()[0]
    path.write_bytes(head + b"startxref" + tail.replace(offset, str(int(offset) + 7).encode(), 1))
    (tmp_path / "other.txt").write_text("二〇二二年工作要点\n一、总体要求。", encoding="utf-8")
    corpus = read_directory(tmp_path)
    assert "一、总体要求。" in corpus.unit("plan")["text"]
    report = corpus.load_report.set_index("unit_id")
    assert report.loc["plan", "status"] == "read"
    assert report.loc["plan", "reason"].startswith("pypdf warned: ")
    assert report.loc["other", "reason"] == ""
    assert capfd.readouterr().err == ""


def test_scanned_pdf_has_no_text_layer(tmp_path):
    pytest.importorskip("pypdf")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    fig = plt.figure(figsize=(3, 3))
    fig.figimage(np.random.default_rng(0).random((50, 50)))
    fig.savefig(tmp_path / "scan.pdf")
    plt.close(fig)
    with pytest.raises(NoTextLayerError, match="scan.pdf"):
        read_directory(tmp_path / "scan.pdf")
    (tmp_path / "ok.txt").write_text("正文。", encoding="utf-8")
    corpus = read_directory(tmp_path, errors="skip")
    row = corpus.load_report.set_index("unit_id").loc["scan"]
    assert row["status"] == "skipped" and "no text layer" in row["reason"]


def test_html_main_text_without_boilerplate(tmp_path):
    pytest.importorskip("bs4")
    html = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>站点</title>
    <script>var x = "脚本";</script></head><body>
    <header>网站首页 | 政策文件</header>
    <nav><a href="/">首页</a> <a href="/a">导航链接</a></nav>
    <article><h1>关于加强文明建设的意见</h1>
    <p>一、<b>总体要求</b></p><p>坚持以人民为中心。<br>推进文明建设。</p></article>
    <aside>相关推荐</aside><footer>版权所有 网站</footer></body></html>"""
    (tmp_path / "page.html").write_text(html, encoding="utf-8")
    corpus = read_directory(tmp_path)
    text = corpus.unit("page")["text"]
    assert text.splitlines() == [
        "关于加强文明建设的意见",
        "一、总体要求",
        "坚持以人民为中心。",
        "推进文明建设。",
    ]
    for noise in ("首页", "导航", "版权所有", "相关推荐", "脚本"):
        assert noise not in text
    assert corpus.unit("page")["format"] == "html"
    assert corpus.unit("page")["encoding"] == "utf-8"


def _page(body: str, head: str) -> str:
    return f"<html><head>{head}<title>t</title></head><body><p>{body}</p></body></html>"


@pytest.mark.parametrize(
    ("head", "encoding", "expected"),
    [
        # 镕 is in GBK, not in GB 2312: browsers read a gb2312 label as GBK, so does textlib
        ('<meta charset="gb2312">', "gbk", "gb18030"),
        ('<meta http-equiv="Content-Type" content="text/html; charset=GBK">', "gbk", "gb18030"),
        ("<meta charset=big5>", "big5", "big5"),
        # a Latin page: no detector step would name this codec, the declaration does
        ('<meta charset="windows-1252">', "cp1252", "cp1252"),
    ],
)
def test_html_declared_charset_is_used(tmp_path, head, encoding, expected):
    pytest.importorskip("bs4")
    body = (
        "café"
        if encoding == "cp1252"
        else "朱镕基同志在會議上講話"
        if encoding == "big5"
        else "朱镕基同志讲话"
    )
    if encoding == "big5":
        body = body.replace("镕", "鎔")
    (tmp_path / "page.html").write_bytes(_page(body, head).encode(encoding))
    corpus = read_directory(tmp_path, simplify=False)
    assert corpus.unit("page")["text"] == body
    assert corpus.unit("page")["encoding"] == expected


def test_html_wrong_declaration_falls_back_to_detection(tmp_path):
    pytest.importorskip("bs4")
    body = "加强社会主义精神文明建设，推进文化强国建设"
    # declared UTF-8 but saved as GBK (a common mistake); declared GBK but saved as UTF-8
    (tmp_path / "a.html").write_bytes(_page(body, '<meta charset="utf-8">').encode("gbk"))
    (tmp_path / "b.html").write_bytes(_page(body, '<meta charset="gbk">').encode("utf-8"))
    corpus = read_directory(tmp_path)
    assert corpus.unit("a")["text"] == body and corpus.unit("a")["encoding"] == "gb18030"
    assert corpus.unit("b")["text"] == body and corpus.unit("b")["encoding"] == "utf-8"


# --- manifest ----------------------------------------------------------------------------


def test_manifest_attaches_typed_metadata_and_reports_mismatches(tmp_path):
    (tmp_path / "2020").mkdir()
    (tmp_path / "2020" / "a.txt").write_text("甲文件\n正文。", encoding="utf-8")
    (tmp_path / "b.txt").write_text("乙文件\n正文。", encoding="utf-8")
    (tmp_path / "c.txt").write_text("丙文件\n正文。", encoding="utf-8")
    (tmp_path / "manifest.csv").write_text(
        "path,year,region,title\n2020/a.txt,2020,北京,甲标题\nb.txt,2021,上海,\nghost.txt,1999,x,\n",
        encoding="utf-8",
    )
    corpus = read_directory(tmp_path, metadata="manifest.csv")
    units = corpus.units
    assert units.loc["2020/a", "year"] == 2020 and pd.api.types.is_numeric_dtype(units["year"])
    assert units.loc["2020/a", "title"] == "甲标题"
    assert units.loc["b", "title"] == "乙文件"  # blank title cell: the first line names it
    assert pd.isna(units.loc["c", "region"])
    report = corpus.load_report
    assert "manifest" in set(report["reason"])
    ghost = report[report["status"] == "missing"]
    assert ghost["path"].tolist() == ["ghost.txt"]
    assert report.set_index("unit_id").loc["c", "reason"] == "no manifest row"
    # an absolute manifest path works too
    again = read_directory(tmp_path, metadata=str(tmp_path / "manifest.csv"))
    assert again.units.loc["b", "year"] == 2021


def test_computed_columns_are_not_overwritten_by_metadata(tmp_path):
    (tmp_path / "a.txt").write_bytes("文明".encode("gbk"))
    (tmp_path / "m.csv").write_text("file,encoding\na.txt,latin-1\n", encoding="utf-8")
    corpus = read_directory(tmp_path, metadata="m.csv")
    assert corpus.unit("a")["encoding"] == "gb18030"
    assert corpus.unit("a")["meta_encoding"] == "latin-1"


# --- boilerplate -------------------------------------------------------------------------

FOOTER = "本文来自维基文库，依据知识共享署名-相同方式共享许可协议授权发布，转载请注明出处。"


def test_boilerplate_is_reported_and_dropped(tmp_path):
    for k, body in enumerate(["甲", "乙", "丙", "丁"]):
        lines = [f"{body}文件", f"{body}正文。"] + ([FOOTER] if k < 3 else [])
        (tmp_path / f"{k}.txt").write_text("\n".join(lines), encoding="utf-8")
    corpus = read_directory(tmp_path)
    assert all(FOOTER not in t for t in corpus.units["text"])
    passages = boilerplate_passages(corpus)
    assert passages["text"].tolist() == [FOOTER]
    assert passages.loc[0, "n_units"] == 3 and passages.loc[0, "units"] == ("0", "1", "2")
    assert passages.loc[0, "lines"] == ("0:3", "1:3", "2:3")
    reasons = corpus.load_report.set_index("unit_id")["reason"]
    assert reasons["0"] == "1 boilerplate line(s) dropped" and reasons["3"] == ""
    kept = read_directory(tmp_path, drop_boilerplate=False)
    assert FOOTER in kept.unit("0")["text"]


def test_directory_error_messages_kept(tmp_path):
    with pytest.raises(EmptyCorpusError, match=r"no \*\.txt"):
        read_directory(tmp_path)


def test_load_report_is_kept_by_with_columns(tmp_path):
    (tmp_path / "a.txt").write_text("正文。", encoding="utf-8")
    corpus = read_directory(tmp_path)
    assert corpus.with_columns(gloss=["x"]).load_report is corpus.load_report
    assert io  # keep the import used


def test_pdf_hits_and_kwic_say_page_and_line(tmp_path):
    pytest.importorskip("pypdf")
    _pdf(
        tmp_path / "plan.pdf",
        [["二〇二二年工作要点", "一、总体要求。"], ["二、重点任务。", "加强精神文明建设。"]],
    )
    corpus = read_directory(tmp_path / "plan.pdf")
    hits = textlib.formulation_hits(corpus)
    row = hits[hits["formulation"] == "精神文明建设"].iloc[0]
    assert row["page"] == 2 and row["line"] == corpus.line_at("plan", int(row["start"]))
    kwic = textlib.kwic(corpus, "总体要求")
    assert kwic["page"].tolist() == [1]


@pytest.mark.parametrize("encoding", ["gbk", "utf-8-sig", "utf-16"])
def test_csv_tables_in_excel_encodings(tmp_path, encoding):
    # Excel on Chinese Windows writes GBK; "Unicode text" exports are UTF-16
    path = tmp_path / "plans.csv"
    path.write_bytes("id,text,year\na,深入践行社会主义核心价值观。,2019\n".encode(encoding))
    corpus = read_directory(path)
    assert corpus.unit("a")["text"] == "深入践行社会主义核心价值观。"
    assert corpus.units.at["a", "year"] == 2019
    assert corpus.units.at["a", "encoding"] in {"gb18030", "utf-8-sig", "utf-16-le"}


def test_pipes_and_broken_links_are_reported_not_read(tmp_path):
    """A FIFO named like a document would block a reader forever; a broken link cannot be
    read: both are problems named in the load report (raised with errors="raise")."""
    (tmp_path / "a.txt").write_text("加强精神文明建设", encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "missing.txt")
    with pytest.raises(textlib.CorpusLoadError, match="not a regular file"):
        read_directory(tmp_path)
    corpus = read_directory(tmp_path, errors="skip")
    report = corpus.load_report.set_index("path")
    for name in ("pipe.txt", "gone.txt"):
        assert report.loc[str(tmp_path / name), "status"] == "skipped"
    assert corpus.leaf_ids == ["a"]
