"""Bad input of each kind gets a named error or a word in the load report: never a raw
exception, a silent wrong answer or text lost without a word. One test per kind."""

from __future__ import annotations

import codecs
import io
import os

import pandas as pd
import pytest

import textlib
from textlib.datasets.seed import seed_lexicon, seed_path
from textlib.errors import (
    DocumentFormatError,
    EmptyTermError,
    LexiconError,
    SourceReadError,
    StudyParameterError,
    TableFormatError,
    TextIndexError,
)
from textlib.formulations.counting import plan_formulation_counts, quoted_phrases
from textlib.load.encodings import detect_and_decode
from textlib.load.readers import read_directory

REPORT = "中华人民共和国政府工作报告\n一、总体要求。坚持稳中求进。"


# -- silently wrong ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("bom", "codec", "expected"),
    [
        (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32-be"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
    ],
)
def test_byte_order_marks_checked_longest_first(tmp_path, bom, codec, expected):
    """The UTF-32 LE mark starts with the UTF-16 LE one: read as UTF-16 it gave a NUL after
    every character."""
    data = bom + REPORT.encode(codec)
    assert detect_and_decode(data, "x.txt") == (REPORT, expected)
    (tmp_path / "a.txt").write_bytes(data)
    corpus = read_directory(tmp_path)
    assert corpus.unit("a")["encoding"] == expected
    assert "\x00" not in corpus.unit("a")["text"]


def test_character_index_outside_the_text_is_a_named_error(seed):
    """line_at / lines_at took any index (negative counted from the end, past the end
    clipped), so a wrong offset gave a plausible line."""
    unit = seed.leaf_ids[0]
    n = len(seed.tracked(unit).text)
    assert seed.line_at(unit, n) == seed.lines_at(unit, [n])[0]  # the end is allowed
    for bad in (-1, n + 1, 2.5, "3", True):
        with pytest.raises(TextIndexError, match=f"unit '{unit}': character index"):
            seed.line_at(unit, bad)
    for bad in ([0, -1], [n + 1], [0.5], ["a"]):
        with pytest.raises(TextIndexError, match="outside its repaired text|not a whole"):
            seed.lines_at(unit, bad)


@pytest.mark.parametrize("term", ["\n", " \n\t", "\u3000\r\n"])
def test_term_of_only_spaces_and_line_breaks_is_refused(seed, term):
    """kwic(c, "\\n") matched every paragraph break."""
    with pytest.raises(EmptyTermError, match="line breaks"):
        textlib.kwic(seed, term)


# -- misleading errors ------------------------------------------------------------------------
def test_gbk_file_of_rare_characters_is_read(tmp_path):
    """GB2312 level-2 and GBK-only characters (none of them common) were refused as
    undecodable, or taken for Korean by the last-resort detector."""
    rare = "鼗鼙鼹齄龠龃龉龊龋龌\n佘丌丨丶乂乜亍亓亟亠亢亹亳仂仃仉仨仫仳仵"
    (tmp_path / "rare.txt").write_bytes(rare.encode("gbk"))
    corpus = read_directory(tmp_path)
    assert corpus.unit("rare")["encoding"] == "gb18030"
    assert corpus.source("rare").text == rare
    # a Big5 text of second-level characters is not taken for GB18030 (it would decode to
    # private-use characters there)
    big5 = bytes.fromhex("C940C941C942C943C944C945C946C947C948C949F9D0F9D1F9D2")
    assert detect_and_decode(big5, "b.txt") == (big5.decode("big5"), "big5")


# -- raw exceptions ---------------------------------------------------------------------------
def test_lexicon_table_missing_columns_is_a_lexicon_error(seed):
    lexicon = seed_lexicon()
    with pytest.raises(LexiconError, match="missing column.*variant, gloss"):
        textlib.count_formulations(seed, lexicon[["formulation", "kind"]])
    with pytest.raises(LexiconError, match="missing column"):
        textlib.load_lexicon(pd.DataFrame({"a": [1]}))
    with pytest.raises(LexiconError, match="missing column.*kind"):
        textlib.stream_directory(seed_path(), "unused", lexicon=lexicon.drop(columns=["kind"]))
    # optional columns may be absent: added empty (no not_within: no blocking context)
    slim = lexicon[["formulation", "variant", "gloss", "kind"]]
    counts = textlib.count_formulations(seed, slim)
    full = textlib.count_formulations(seed, lexicon.assign(not_within=""))
    assert counts["count"].tolist() == full["count"].tolist()


@pytest.mark.parametrize(
    ("call", "parameter"),
    [
        (lambda c: textlib.read_directory(123), "path"),
        (lambda c: textlib.read_directory(c), "path"),
        (lambda c: textlib.read_table("t.csv", id_column=1), "id_column"),
        (lambda c: textlib.read_page(None), "path"),
        (lambda c: textlib.read_directory(".", recursive="no"), "recursive"),
        (lambda c: textlib.read_directory(".", encoding=8), "encoding"),
        (lambda c: textlib.load_lexicon(3), "path"),
        (lambda c: textlib.count_formulations("text"), "corpus"),
        (lambda c: textlib.count_formulations(pd.DataFrame({"a": range(99)})), "corpus"),
        (lambda c: textlib.count_formulations(c, "lexicon.csv"), "lexicon"),
        (lambda c: textlib.formulation_hits(None), "corpus"),
        (lambda c: textlib.formulation_hits(c, window="5"), "window"),
        (lambda c: plan_formulation_counts(c, "counts"), "counts"),
        (lambda c: quoted_phrases([1]), "corpus"),
        (lambda c: textlib.kwic("text", "改革"), "corpus"),
        (lambda c: textlib.kwic(c, 5), "term"),
        (lambda c: textlib.kwic(c, "改革", window=None), "window"),
        (lambda c: textlib.stream_directory(123, "out"), "path"),
        (lambda c: textlib.stream_directory(".", None), "out"),
        (lambda c: textlib.stream_directory(".", "out", simplify="yes"), "simplify"),
    ],
)
def test_wrong_argument_types_say_what_was_expected(seed, call, parameter):
    with pytest.raises(StudyParameterError, match=f"parameter {parameter}=.*expected") as info:
        call(seed)
    assert len(str(info.value)) < 200  # a large object is named by its type, not printed


# -- text lost without a word -----------------------------------------------------------------
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = (
    f'xmlns:w="{W_NS}" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)


def _xml(fragment: str):
    from docx.oxml import parse_xml

    return parse_xml(f"<w:root {NS}>{fragment}</w:root>")[0]


def _run(text: str) -> str:
    return f"<w:r><w:t xml:space='preserve'>{text}</w:t></w:r>"


def _box(text: str) -> str:
    content = f"<w:txbxContent><w:p>{_run(text)}</w:p></w:txbxContent>"
    return (
        "<w:r><mc:AlternateContent>"
        f"<mc:Choice Requires='wps'><w:drawing><wps:txbx>{content}</wps:txbx></w:drawing>"
        "</mc:Choice>"
        f"<mc:Fallback><w:pict><v:shape><v:textbox>{content}</v:textbox></v:shape></w:pict>"
        "</mc:Fallback></mc:AlternateContent></w:r>"
    )


def _docx_with_every_construct(path):
    """A .docx written by python-docx, then given (as raw XML, which python-docx cannot
    author) a tracked insertion and deletion, content controls, a text box, a nested table,
    a simple and a complex field."""
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("关于印发工作要点的通知")
    body = document.element.body
    sect = body[-1]  # w:sectPr stays last
    for fragment in (
        # tracked changes: 稳中求进 inserted, 冒进 deleted
        f"<w:p>{_run('坚持')}<w:ins w:id='1' w:author='a'>{_run('稳中求进')}</w:ins>"
        "<w:del w:id='2' w:author='a'><w:r><w:delText>冒进</w:delText></w:r></w:del>"
        f"{_run('工作总基调。')}</w:p>",
        # a block content control and an inline one
        f"<w:sdt><w:sdtPr/><w:sdtContent><w:p>{_run('内容控件中的段落。')}</w:p>"
        "</w:sdtContent></w:sdt>",
        f"<w:p>{_run('发文机关：')}<w:sdt><w:sdtPr/><w:sdtContent>{_run('国务院办公厅')}"
        "</w:sdtContent></w:sdt></w:p>",
        # a text box (drawing, with its VML fallback repeating the text)
        f"<w:p>{_run('见文本框。')}{_box('文本框中的文字。')}</w:p>",
        # a nested table
        "<w:tbl><w:tr><w:tc><w:p>"
        + _run("外表格")
        + "</w:p><w:tbl><w:tr><w:tc><w:p>"
        + _run("内表格文字")
        + "</w:p></w:tc></w:tr></w:tbl><w:p/></w:tc>"
        "<w:tc><w:p>" + _run("第二格") + "</w:p></w:tc></w:tr></w:tbl>",
        # a simple field (its result is text) and a complex field (its code is not)
        f"<w:p>{_run('第')}<w:fldSimple w:instr=' PAGE '>{_run('3')}</w:fldSimple>"
        f"{_run('页')}</w:p>",
        "<w:p><w:r><w:fldChar w:fldCharType='begin'/></w:r>"
        "<w:r><w:instrText xml:space='preserve'> HYPERLINK \"http://example.org\" </w:instrText>"
        "</w:r><w:r><w:fldChar w:fldCharType='separate'/></w:r>"
        f"{_run('链接文字')}<w:r><w:fldChar w:fldCharType='end'/></w:r></w:p>",
    ):
        sect.addprevious(_xml(fragment))
    document.save(path)


def test_docx_constructs_are_read_not_lost(tmp_path):
    """python-docx's paragraph text skipped tracked insertions, content controls, text
    boxes, nested tables and simple fields: their text vanished without a word."""
    _docx_with_every_construct(tmp_path / "notice.docx")
    corpus = read_directory(tmp_path)
    lines = corpus.source("notice").text.split("\n")
    assert lines == [
        "关于印发工作要点的通知",
        "坚持稳中求进工作总基调。",  # insertion kept, deletion 冒进 left out
        "内容控件中的段落。",
        "发文机关：国务院办公厅",
        "见文本框。",
        "文本框中的文字。",  # once, not again from the fallback
        "外表格 内表格文字 第二格",
        "第3页",
        "链接文字",  # not the HYPERLINK field code
    ]
    reason = corpus.load_report.set_index("unit_id").loc["notice", "reason"]
    assert "tracked changes read as accepted (1 insertion(s) kept, 1 deletion(s) left out)" in (
        reason
    )
    assert "1 text box(es)" in reason


# -- security ---------------------------------------------------------------------------------
def test_docx_zip_bomb_is_refused_before_it_is_unzipped(tmp_path):
    """A small .docx whose members unzip to gigabytes filled memory; the declared sizes and
    compression ratios are checked before python-docx opens it."""
    import zipfile

    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("正文。")
    document.save(tmp_path / "ok.docx")
    with (
        zipfile.ZipFile(tmp_path / "ok.docx") as source,
        zipfile.ZipFile(tmp_path / "bomb.docx", "w", zipfile.ZIP_DEFLATED) as bomb,
    ):
        for item in source.infolist():
            bomb.writestr(item, source.read(item))
        bomb.writestr("word/media/filler.xml", b"\0" * (4 << 20))  # 4 MB from ~4 kB
    assert (tmp_path / "bomb.docx").stat().st_size < 100_000
    with pytest.raises(DocumentFormatError, match=r"'word/media/filler.xml' unzips to 4,194,304"):
        read_directory(tmp_path / "bomb.docx")
    corpus = read_directory(tmp_path, errors="skip")
    row = corpus.load_report.set_index("unit_id").loc["bomb"]
    assert row["status"] == "skipped" and "zip bomb" in row["reason"]
    assert list(corpus.units.index) == ["ok"]


def test_formula_cells_are_neutralised_in_every_csv_written(tmp_path):
    """Ids and titles from a user's table reached written CSVs raw: a spreadsheet runs
    ``=HYPERLINK(…)`` when a colleague opens the file. Text cells starting with = + - @ (or
    a tab or CR before them) get an apostrophe; numbers, and text that is a plain number,
    are unchanged; restore_table gives back the original cells."""
    from textlib.atomic import csv_bytes, restore_table

    table = pd.DataFrame(
        {
            "unit_id": ['=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "@SUM(1)", "a"],
            "title": ["-2+3", "\t=1+1", "'=x", "正常标题"],
            "year": [-3, 2020, 0, 1],
            "note": ["-3", "+1.5", "ok", None],
        }
    )
    written = pd.read_csv(io.BytesIO(csv_bytes(table)), keep_default_na=False)
    assert written["unit_id"].tolist() == [
        '\'=HYPERLINK("http://x","y")',
        "'+cmd|' /C calc'!A0",
        "'@SUM(1)",
        "a",
    ]
    assert written["title"].tolist() == ["'-2+3", "'\t=1+1", "''=x", "正常标题"]
    assert written["year"].tolist() == [-3, 2020, 0, 1]  # numbers are numbers
    assert written["note"].tolist() == ["-3", "+1.5", "ok", ""]  # plain numbers kept
    back = restore_table(pd.read_csv(io.BytesIO(csv_bytes(table)), dtype=str))
    assert back["unit_id"].tolist() == table["unit_id"].tolist()
    assert back["title"].tolist() == table["title"].tolist()
    # the load report that stream_directory writes
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "=HYPERLINK(1).txt").write_text("正文。", encoding="utf-8")
    (folder / "b.txt").write_text("正文二。", encoding="utf-8")
    textlib.stream_directory(folder, tmp_path / "out")
    report = (tmp_path / "out" / "load_report.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK(1)" in report
    assert not any(cell.startswith("=") for line in report.splitlines() for cell in line.split(","))


def test_image_only_pages_of_a_partly_scanned_pdf_are_reported(tmp_path):
    """Pages without a text layer were skipped in silence when other pages had text."""
    pytest.importorskip("pypdf")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np
    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.font_manager import FontProperties

    from textlib.viz.fonts import cjk_font_path

    font = FontProperties(fname=str(cjk_font_path()))
    with PdfPages(tmp_path / "plan.pdf") as pdf:
        for page in ("一、总体要求。", None, "二、重点任务。", None):
            fig = plt.figure(figsize=(3, 3))
            if page is None:  # a scanned page: an image, no text
                fig.figimage(np.random.default_rng(0).random((40, 40)))
            else:
                fig.text(0.1, 0.5, page, fontproperties=font)
            pdf.savefig(fig)
            plt.close(fig)
    corpus = read_directory(tmp_path)
    assert "二、重点任务。" in corpus.unit("plan")["text"]
    reason = corpus.load_report.set_index("unit_id").loc["plan", "reason"]
    assert "2 of 4 pages have no text layer (page(s) 2, 4" in reason


def test_unreadable_subfolder_is_in_the_load_report(tmp_path, monkeypatch):
    """A subfolder that cannot be listed (permission denied) was skipped by the folder walk
    in silence, with every file in it. (Simulated: the tests may run as root, whom
    permissions do not stop.)"""
    (tmp_path / "a.txt").write_text("正文。", encoding="utf-8")
    locked = tmp_path / "2021"
    locked.mkdir()
    (locked / "b.txt").write_text("正文二。", encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path="."):
        if os.fspath(path) == os.fspath(locked):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    with pytest.raises(SourceReadError, match="2021: cannot be read .folder cannot be read"):
        read_directory(tmp_path)
    corpus = read_directory(tmp_path, errors="skip")
    assert list(corpus.units.index) == ["a"]
    row = corpus.load_report.set_index("path").loc[str(locked)]
    assert row["status"] == "skipped"
    assert row["reason"] == (
        "folder cannot be read (Permission denied); the files in it were not read"
    )


def test_file_name_that_is_not_utf8_is_read_and_shown_escaped(tmp_path):
    """A GBK-named file (as a zip from Chinese Windows unpacks) made pyarrow raise
    UnicodeEncodeError when its id or path was stored; the name is shown with \\xNN
    escapes, and the load report says so."""
    name = "国务.txt".encode("gbk")
    with open(os.fsencode(tmp_path) + b"/" + name, "w", encoding="utf-8") as handle:
        handle.write("国务院关于印发工作要点的通知。")
    (tmp_path / "b.txt").write_text("正文二。", encoding="utf-8")
    corpus = read_directory(tmp_path)
    assert list(corpus.units.index) == ["b", r"\xb9\xfa\xce\xf1"]
    row = corpus.load_report.set_index("unit_id").loc[r"\xb9\xfa\xce\xf1"]
    assert row["path"] == str(tmp_path / r"\xb9\xfa\xce\xf1.txt")
    assert row["reason"].startswith("file name is not UTF-8")
    assert "'国务.txt'" in row["reason"]
    streamed = textlib.stream_directory(tmp_path, tmp_path / "out")
    assert set(streamed.table("units")["unit_id"]) == {"b", r"\xb9\xfa\xce\xf1"}
    counts = textlib.count_formulations(corpus)
    assert set(counts["unit_id"]) == {"b", r"\xb9\xfa\xce\xf1"}


@pytest.mark.parametrize(
    ("column", "values", "kind"),
    [
        ("text", [["正文一", "二"], ["三"]], "lists"),
        ("text", [{"x": "正文"}, {"x": "二"}], "records"),
        ("id", [["a"], ["b"]], "lists"),
        ("id", [{"k": 1}, {"k": 2}], "records"),
    ],
)
def test_parquet_list_and_struct_ids_and_texts_are_refused(tmp_path, column, values, kind):
    """A list text raised numpy's "truth value of an array is ambiguous"; struct texts and
    list or struct ids were stored as their Python repr ("['a']") as if that were text."""
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    data = {"id": ["a", "b"], "text": ["正文一", "正文二"], column: values}
    pq.write_table(pa.table(data), tmp_path / "t.parquet")
    match = f"column '{column}' holds {kind} \\(Arrow type"
    with pytest.raises(TableFormatError, match=match):
        textlib.read_table(tmp_path / "t.parquet")
    with pytest.raises(TableFormatError, match=match):
        textlib.stream_directory(tmp_path / "t.parquet", tmp_path / "out")


@pytest.mark.parametrize(
    ("rows", "line"),
    [
        ("a,正文一,多\nb,正文二\n", 2),  # blamed an empty text on id 正文二
        ("a,正文一\nb,正文二,多\n", 3),  # "Error tokenizing data. C error: …"
        ("a,正文一,多\nb,正文二,多\n", 2),  # ids silently became the texts
    ],
)
def test_csv_row_with_extra_fields_is_named_by_line(tmp_path, rows, line):
    path = tmp_path / "t.csv"
    path.write_text("id,text\n" + rows, encoding="utf-8")
    message = f"t.csv: line {line}: row has 3 fields, expected 2 \\(the header's columns\\)"
    for read in (textlib.read_table, lambda p: textlib.stream_directory(p, tmp_path / "out")):
        with pytest.raises(TableFormatError, match=message) as info:
            read(path)
        assert "C error" not in str(info.value) and "tokenizing" not in str(info.value)


def test_file_over_the_size_limit_is_not_read_whole(tmp_path, monkeypatch):
    """Nothing kept a file larger than memory from being read whole; now a limit (default
    256 MiB, max_file_bytes=) gives a named error or a skipped row saying why."""
    from textlib.errors import FileTooLargeError
    from textlib.load.readers import MAX_FILE_BYTES

    assert MAX_FILE_BYTES == 256 * 1024 * 1024
    (tmp_path / "small.txt").write_text("正文。", encoding="utf-8")
    (tmp_path / "big.txt").write_text("正文。" * 100, encoding="utf-8")  # 900 bytes
    with pytest.raises(FileTooLargeError, match="big.txt: .*900 bytes is over the limit of 100"):
        read_directory(tmp_path, max_file_bytes=100)
    corpus = read_directory(tmp_path, max_file_bytes=100, errors="skip")
    row = corpus.load_report.set_index("unit_id").loc["big"]
    assert row["status"] == "skipped" and "over the limit of 100 bytes" in row["reason"]
    assert list(corpus.units.index) == ["small"]
    assert len(read_directory(tmp_path, max_file_bytes=None)) == 2
    table = tmp_path / "t.csv"
    table.write_text("id,text\na," + "正文。" * 100 + "\n", encoding="utf-8")
    with pytest.raises(FileTooLargeError, match="stream_directory reads a table"):
        textlib.read_table(table, max_file_bytes=100)
    with pytest.raises(StudyParameterError, match="max_file_bytes"):
        read_directory(tmp_path, max_file_bytes="1 GB")
    import textlib.load.page as page

    monkeypatch.setattr(page, "MAX_FILE_BYTES", 100)
    with pytest.raises(FileTooLargeError, match="big.txt"):
        textlib.read_page(tmp_path / "big.txt")


def test_tables_that_pandas_would_misread_get_named_errors(tmp_path):
    """Internal pandas messages or silent renaming on the load path: a repeated header name
    became "id.1"; a metadata table with a repeated id or two index levels raised pandas'
    "Length of values (2) does not match length of index (3)"."""
    path = tmp_path / "t.csv"
    path.write_text("id,id,text\na,b,正文\n", encoding="utf-8")
    with pytest.raises(TableFormatError, match=r"t.csv: line 1: header names repeated: \['id'\]"):
        textlib.read_table(path)
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "a.txt").write_text("正文一。", encoding="utf-8")
    (folder / "b.txt").write_text("正文二。", encoding="utf-8")
    twice = pd.DataFrame({"year": [2020, 2021]}, index=["a", "a"])
    with pytest.raises(StudyParameterError, match=r"metadata=<a DataFrame>.*repeated: 'a'"):
        read_directory(folder, metadata=twice)
    levels = pd.DataFrame({"year": [1, 2]}, index=pd.MultiIndex.from_tuples([("a", 1), ("b", 2)]))
    with pytest.raises(StudyParameterError, match="one index level, not 2"):
        read_directory(folder, metadata=levels)
    (tmp_path / "bad.parquet").write_bytes(b"PAR1garbagePAR1")
    with pytest.raises(TableFormatError, match="not a readable Parquet file") as info:
        textlib.read_table(tmp_path / "bad.parquet")
    assert "<Buffer>" not in str(info.value)


def test_docx_footnotes_not_read_are_named(tmp_path):
    """Footnotes and endnotes are not read as unit text; the load report says how many."""
    import zipfile

    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("正文。")
    document.save(tmp_path / "plain.docx")
    footnotes = (
        f'<w:footnotes xmlns:w="{W_NS}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
        "</w:footnote>"
        f'<w:footnote w:id="1"><w:p>{_run("见国发〔2020〕1号。")}</w:p></w:footnote>'
        f'<w:footnote w:id="2"><w:p>{_run("同上。")}</w:p></w:footnote></w:footnotes>'
    )
    kind = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
    with (
        zipfile.ZipFile(tmp_path / "plain.docx") as source,
        zipfile.ZipFile(tmp_path / "noted.docx", "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/word/footnotes.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>',
                )
            elif item.filename == "word/_rels/document.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    f'<Relationship Id="rIdF" Type="{kind}" Target="footnotes.xml"/>'
                    "</Relationships>".encode(),
                )
            target.writestr(item, data)
        target.writestr("word/footnotes.xml", footnotes.encode("utf-8"))
    (tmp_path / "plain.docx").unlink()
    corpus = read_directory(tmp_path)
    assert corpus.unit("noted")["text"] == "正文。"
    reason = corpus.load_report.set_index("unit_id").loc["noted", "reason"]
    assert reason == "2 footnote(s) not read"
