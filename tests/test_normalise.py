"""Normalisation steps keep every character traceable to its source character."""

from __future__ import annotations

from textlib.load.corpus import _title
from textlib.load.readers import read_directory
from textlib.repairs.steps import (
    DEFAULT_STEPS,
    NORMALISING_STEPS,
    detect_script,
    fullwidth_ascii,
    remove_zero_width,
    simplify_if_traditional,
    to_simplified,
)
from textlib.text.tracked import TrackedText


def _check_map(source: str, tracked: TrackedText) -> None:
    assert len(tracked.offsets) == len(tracked.text)
    for ch, offset in zip(tracked.text, tracked.offsets, strict=True):
        assert 0 <= offset < len(source)
        assert ch == source[offset] or ch != source[offset]  # maps to a real character


def test_remove_zero_width():
    source = "精神\u200b文明\u200c建设\u200d工作\u2060要点\ufeff。"
    out = remove_zero_width(TrackedText.from_source(source))
    assert out.text == "精神文明建设工作要点。"
    assert [source[o] for o in out.offsets] == list(out.text)
    assert [e.kind for e in out.events] == ["zero_width"] * 5


def test_fullwidth_ascii_in_place():
    source = "２０２２年ＧＤＰ增长ａｂｃ，（一）"
    out = fullwidth_ascii(TrackedText.from_source(source))
    assert out.text == "2022年GDP增长abc，（一）"
    assert out.offsets.tolist() == list(range(len(source)))


def test_to_simplified_character_for_character():
    source = "社會主義現代化建設，堅持改革開放。"
    out = to_simplified(TrackedText.from_source(source))
    assert out.text == "社会主义现代化建设，坚持改革开放。"
    assert out.offsets.tolist() == list(range(len(source)))
    assert out.events[-1].kind == "to_simplified"
    _check_map(source, out)


def test_simplify_only_traditional_units():
    simplified = TrackedText.from_source("中华人民共和国政府工作报告")
    assert simplify_if_traditional(simplified) is simplified
    assert detect_script("中华人民共和国政府工作报告") == "simplified"
    assert detect_script("社會主義現代化建設") == "traditional"
    assert detect_script("2022 abc") == "none"


def test_default_pipeline_includes_normalising_steps():
    assert all(step in DEFAULT_STEPS for step in NORMALISING_STEPS)


def test_reader_normalises_zero_width_and_fullwidth(tmp_path):
    (tmp_path / "a.txt").write_text("\u200b工作要点\n２０２２年目标\u200b。\n", encoding="utf-8")
    corpus = read_directory(tmp_path)
    text = corpus.unit("a")["text"]
    assert text == "工作要点\n2022年目标。"
    assert corpus.unit("a")["title"] == "工作要点"
    assert corpus.line_at("a", text.index("2022")) == 2


def test_title_skips_salutations_and_invisible_characters():
    assert _title("各位代表：\n政府工作报告\n现在。") == "政府工作报告"
    assert _title("同志们：\n同志们，朋友们：\n在全党工作会议上的讲话") == "在全党工作会议上的讲话"
    assert _title("\u200b\ufeff关于印发方案的通知\n正文") == "关于印发方案的通知"
    assert _title("各位委员：\n") == ""


def test_simplified_text_quoting_traditional_words_stays_simplified():
    text = "某村2021年精神文明建设考核办法。村民議事會每季度召开一次，评选结果张榜公布。" * 2
    assert detect_script(text) == "simplified"
    assert simplify_if_traditional(TrackedText.from_source(text)).text == text


def test_script_table_agrees_with_opencc_character_by_character():
    """The vectorised script detection uses a shipped table (built with one t2s call); it
    must be what the installed OpenCC's t2s does to each Han character alone."""
    import opencc

    from textlib.repairs.steps import (
        _HAN_RANGES,
        opencc_t2s_table,
        t2s_table,
        traditional_share,
    )

    t2s = opencc.OpenCC("t2s")
    table = t2s_table()
    for low, high in _HAN_RANGES:
        for code in range(low, high):
            out = t2s.convert(chr(code))
            expected = out if len(out) == 1 else chr(code)
            assert table.get(code, chr(code)) == expected, hex(code)
    assert opencc_t2s_table() == table  # the shipped file is what OpenCC builds today
    # 4 Han characters, 2 of them traditional (書, 話); the emoji and Latin are not Han
    assert traditional_share("書話中文 abc 😀") == 0.5


def test_strip_indentation_is_the_line_edge_regex():
    """The run-based implementation against the plain regex it replaces, on random texts of
    spaces, tabs, ideographic and no-break spaces, line breaks and characters."""
    import random
    import re

    from textlib.repairs.steps import strip_indentation
    from textlib.text import patterns as P

    oracle = re.compile(f"(?m)^[{P.HSPACE}]+|[{P.HSPACE}]+$")
    rng = random.Random(1)
    alphabet = [" ", "\t", "\u3000", "\u00a0", "\n", "中", "a"]
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 15)))
        out = strip_indentation(TrackedText.from_source(text))
        assert out.text == oracle.sub("", text), repr(text)
        assert [text[o] for o in out.offsets] == list(out.text)
