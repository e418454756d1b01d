"""Decoding damage (U+FFFD, mojibake) is reported as noise and counted in the load report."""

from __future__ import annotations

import pandas as pd
import pytest

import textlib
from textlib.explore.diagnostics import noise, noise_summary
from textlib.text import patterns as P

# 二〇三五年 with its 〇 lost by a decoder (two U+FFFD), and a phone number turned into
# 锟斤拷 (U+FFFD's UTF-8 bytes read again as GBK)
DAMAGED = (
    "关于远景目标的通知\n到二\ufffd\ufffd三五年基本实现社会主义现代化。\n联系电话：锟斤拷锟斤拷。\n"
)
CLEAN = "关于远景目标的通知\n到二〇三五年基本实现社会主义现代化。\n"


@pytest.mark.parametrize(
    "text, found",
    [
        ("二\ufffd\ufffd三五年", ["\ufffd\ufffd"]),
        ("锟斤拷锟斤拷", ["锟斤拷锟斤拷"]),
        ("中文规划".encode().decode("cp1252", errors="replace"), ["ä¸\xadæ–‡è§„åˆ’"]),
        ("屯屯屯屯", ["屯屯屯屯"]),
        ("热烫烫的汤", []),  # an ordinary reduplication
        ("café, Copyright © 2002, 二〇三五年", []),
    ],
)
def test_damage_pattern(text, found):
    assert [m.group(0) for m in P.DECODING_DAMAGE.finditer(text)] == found


def test_noise_kind_and_load_report(tmp_path):
    (tmp_path / "damaged.txt").write_text(DAMAGED, encoding="utf-8")
    (tmp_path / "clean.txt").write_text(CLEAN, encoding="utf-8")
    corpus = textlib.read_directory(tmp_path)
    table = noise(corpus)
    rows = table[table["kind"] == "decoding"]
    assert rows[["unit_id", "line", "text"]].values.tolist() == [
        ["damaged", 2, "\ufffd\ufffd"],
        ["damaged", 3, "锟斤拷锟斤拷"],
    ]
    assert noise_summary(corpus).loc["damaged", "decoding"] == 2
    assert noise_summary(corpus).loc["clean", "decoding"] == 0
    report = corpus.load_report.set_index("unit_id")
    assert report.loc["damaged", "decoding_damage"] == 2
    assert "2 run(s) of decoding damage" in report.loc["damaged", "reason"]
    assert report.loc["clean", "decoding_damage"] == 0


def test_table_rows_are_checked_too(tmp_path):
    pd.DataFrame({"id": ["a", "b"], "text": [DAMAGED, CLEAN]}).to_csv(
        tmp_path / "t.csv", index=False
    )
    corpus = textlib.read_table(tmp_path / "t.csv", id_column="id", text_column="text")
    report = corpus.load_report.set_index("unit_id")
    assert report["decoding_damage"].to_dict() == {"a": 2, "b": 0}
