"""Noise counts, each counted by reading the raw page."""

from __future__ import annotations

import textlib

# Placeholders per unit, counted by hand: plan 1 XXXXX ×2 and X (line 16); plan 2 **, ***, *,
# ***, ***好青年, 交***好青年, ***好人, *, ***好人, 最美***人; plan 3 16 XX/X; plan 5 XXX, XX, XXX;
# 6.2 20xx and (X 分制); 6.3 X 周年 ×3; plan 7 25 xx/xxx.
PLACEHOLDERS = {"1": 3, "2": 10, "3": 16, "4": 0, "5": 3, "6.1": 0, "6.2": 2, "6.3": 3, "7": 25}
# Sentences broken across lines (a blank line, sometimes a page marker, in between).
BREAKS = {"1": 5, "2": 8, "3": 7, "4": 4, "5": 3, "6.1": 2, "6.2": 2, "6.3": 3, "7": 6}
BREAK_LINES = {
    "1": [20, 26, 32, 40, 50],
    "3": [134, 140, 146, 150, 154, 160, 164],
    "6.2": [326, 338],
    "7": [392, 396, 402, 408, 414, 418],
}
TRUNCATED = {"2": 122, "3": 168, "6.3": 382, "7": 422}


def test_columns(seed):
    table = textlib.noise(seed)
    assert list(table.columns[:5]) == ["plan", "unit_id", "kind", "line", "text"]


def test_placeholder_counts(seed):
    summary = textlib.explore.noise_summary(seed)
    assert summary["placeholder"].to_dict() == PLACEHOLDERS


def test_placeholders_are_kept_in_text(seed):
    table = textlib.noise(seed)
    rows = table[(table.unit_id == "2") & (table.kind == "placeholder")]
    assert rows["text"].tolist() == [
        "**",
        "***",
        "*",
        "***",
        "***",
        "***",
        "***",
        "*",
        "***",
        "***",
    ]
    assert "“***”战略" in seed.unit("2")["text"]


def test_broken_line_counts_and_lines(seed):
    table = textlib.noise(seed)
    summary = textlib.explore.noise_summary(seed)
    assert summary["broken_line"].to_dict() == BREAKS
    for unit_id, lines in BREAK_LINES.items():
        got = table[(table.unit_id == unit_id) & (table.kind == "broken_line")]["line"].tolist()
        assert got == lines, unit_id


def test_page_markers_only_in_plan_3(seed):
    table = textlib.noise(seed)
    markers = table[table.kind == "page_marker"]
    assert set(markers.unit_id) == {"3"}
    assert markers["line"].tolist() == [126, 136, 142, 148, 152, 156, 162, 166]
    assert markers["text"].iloc[0] == "mdash; 1 —"


def test_truncations(seed):
    table = textlib.noise(seed)
    cut = table[table.kind == "truncation"]
    assert dict(zip(cut.unit_id, cut.line, strict=True)) == TRUNCATED
    assert (cut["text"] == "...").all()


def test_noise_of_plan_6_is_under_its_parts(seed):
    table = textlib.noise(seed)
    assert "6" not in set(table.unit_id)
    assert set(table[table.plan == "6"].unit_id) == {"6.1", "6.2", "6.3"}
