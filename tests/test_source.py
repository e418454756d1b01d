"""Reading files: UTF-8 errors name the byte offset; newlines and BOM are normalised."""

from __future__ import annotations

import pytest

from textlib.errors import NotUtf8Error, SourceFileNotFoundError, TextlibError
from textlib.text.source import SourceText, read_source


def test_missing_file_is_named(tmp_path):
    with pytest.raises(SourceFileNotFoundError, match="nope.txt"):
        read_source(tmp_path / "nope.txt")


def test_non_utf8_names_file_and_byte_offset(tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes("精神".encode() + "文明".encode("gbk"))
    with pytest.raises(NotUtf8Error) as info:
        read_source(path)
    assert info.value.byte_offset == 6  # two 3-byte UTF-8 characters come first
    assert "gbk.txt" in str(info.value) and "byte offset 6" in str(info.value)
    assert isinstance(info.value, TextlibError)


def test_bom_and_crlf_are_normalised_and_lines_kept():
    source = SourceText.from_text("x.txt", "\ufeff第一行\r\n第二行\r\n\r\n第四行")
    assert source.lines == ["第一行", "第二行", "", "第四行"]
    assert source.line_of(source.text.index("第四行")) == 4


def test_line_span_covers_inclusive_lines():
    source = SourceText.from_text("x.txt", "a\nbb\nccc\n")
    start, end = source.line_span(2, 3)
    assert source.text[start:end] == "bb\nccc"
