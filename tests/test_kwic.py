"""KWIC on the repaired text: slogans that the raw page splits are found whole."""

from __future__ import annotations

import pytest

import textlib


@pytest.mark.parametrize(
    "term, plan, line",
    [
        ("公园城市示范区", "3", 134),  # split across lines 134/136 and the page marker — 2 —
        ("践行社会主义核心价值观", "3", 140),  # split 社 / — 3 — 会主义核心价值观 (lines 140/142)
        ("党的创新理论", "3", 150),  # split 党的创新 / — 5 — 理论 (lines 150/152)
        ("学习兴税平台", "1", 32),  # split 学习兴 / 税平台 (lines 32/34)
        ("深化精神文明建设", "2", 66),  # split 深化精 / 神文明建设 (lines 66/68)
        ("示范区为统领", "7", 392),  # plan 7 splits it differently: 统 / 领 (lines 392/394)
    ],
)
def test_split_slogans_are_found_whole(seed, term, plan, line):
    raw_line = seed.source(plan).lines[line - 1]
    assert term not in raw_line.replace(" ", "")  # the raw line holds only the first half
    hits = textlib.kwic(seed, term)
    assert line in hits[hits.plan == plan]["line"].tolist()


def test_kwic_columns_and_contexts(seed):
    hits = textlib.kwic(seed, "两个确立", window=6)
    assert list(hits.columns[:6]) == ["plan", "unit_id", "line", "left", "match", "right"]
    # lines 20 (plan 1) and 72 (plan 2): “两个确立”
    assert hits[["plan", "line"]].values.tolist() == [["1", 20], ["2", 72]]
    first = hits.iloc[0]
    assert first["left"] == ",深刻认识“" and first["right"] == "”是深刻总结"
    assert " " not in "".join(hits["left"] + hits["right"])


def test_kwic_reports_most_specific_unit(seed):
    hits = textlib.kwic(seed, "考核办法")
    assert hits["unit_id"].tolist() == ["6.2"] and hits["plan"].tolist() == ["6"]
    assert hits["line"].tolist() == [304]


def test_kwic_sees_through_kept_spaces(seed):
    hits = textlib.kwic(seed, "好家庭好家教好家风")
    assert hits["match"].tolist() == ["好家庭 好家教 好家风"]
    assert hits["line"].tolist() == [192]


def test_kwic_counts_every_occurrence(seed):
    hits = textlib.kwic(seed, "新时代文明实践中心")
    # read: plan 1 line 22; plan 3 lines 128, 154; plan 4 lines 176 ×2, 180 ×2; plan 7 388, 408
    assert hits.groupby("plan").size().to_dict() == {"1": 1, "3": 2, "4": 4, "7": 2}
