"""Bad input of each kind gets a named error or a word in the load report: never a raw
exception, a silent wrong answer or text lost without a word. One test per kind."""

from __future__ import annotations

import codecs

import pandas as pd
import pytest

import textlib
from textlib.errors import (
    EmptyTermError,
    LexiconError,
    StudyParameterError,
    TextIndexError,
)
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
    lexicon = textlib.seed_lexicon()
    with pytest.raises(LexiconError, match="missing column.*variant, gloss"):
        textlib.count_formulations(seed, lexicon[["formulation", "kind"]])
    with pytest.raises(LexiconError, match="missing column"):
        textlib.load_lexicon(pd.DataFrame({"a": [1]}))
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
        (lambda c: textlib.plan_formulation_counts(c, "counts"), "counts"),
        (lambda c: textlib.quoted_phrases([1]), "corpus"),
        (lambda c: textlib.kwic("text", "改革"), "corpus"),
        (lambda c: textlib.kwic(c, 5), "term"),
        (lambda c: textlib.kwic(c, "改革", window=None), "window"),
    ],
)
def test_wrong_argument_types_say_what_was_expected(seed, call, parameter):
    with pytest.raises(StudyParameterError, match=f"parameter {parameter}=.*expected") as info:
        call(seed)
    assert len(str(info.value)) < 200  # a large object is named by its type, not printed
