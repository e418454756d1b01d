"""Property-based tests: parsers never fail with anything but a TextlibError, and provenance
always holds, whatever the text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import textlib
from textlib.errors import TextlibError
from textlib.lexicon.matching import build_matcher, find_matches
from textlib.repairs.steps import repair
from textlib.structure.headings import unit_headings
from textlib.text.tracked import TrackedText

# text drawn from the characters these documents are made of, plus anything else
ALPHABET = st.sampled_from(
    [
        *list(
            '精神文明建设工作要点一二三四五六七八九十、。，,;；:：“”"()（）XxX*— -.0123456789篇\n\n\n \u3000'
        ),
        "社会主义核心价值观",
        "新时代文明实践中心",
        "— 3 —",
        "mdash; 1 —",
        "篇一:",
        "篇二:",
        "(一)",
        "1.",
        "...",
    ]
)
TEXT = st.lists(ALPHABET, max_size=80).map("".join) | st.text(max_size=200)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(TEXT)
def test_repair_offsets_always_land_on_the_same_character(text):
    tracked = repair(TrackedText.from_source(text, start=7))
    assert len(tracked.offsets) == len(tracked.text)
    for ch, offset in zip(tracked.text, tracked.offsets, strict=True):
        assert 7 <= offset < 7 + len(text)
        source = text[offset - 7]
        assert source == ch or (ch == " " and source.isspace())


@SETTINGS
@given(TEXT)
def test_read_page_raises_only_textlib_errors(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("page") / "page.txt"
    path.write_text(text, encoding="utf-8")
    try:
        corpus = textlib.read_page(path)
    except TextlibError:
        return
    for unit_id in corpus.units.index:
        tracked = corpus.tracked(unit_id)
        assert all(0 <= o < len(corpus.source(unit_id).text) for o in tracked.offsets)
    textlib.outline(corpus)
    textlib.noise(corpus)
    textlib.kwic(corpus, "文明")
    textlib.count_formulations(corpus)


@SETTINGS
@given(TEXT)
def test_outline_never_raises(text):
    for heading in unit_headings(text):
        assert 1 <= heading.level <= 3 and heading.number >= 0


LEXICON = textlib.load_lexicon()
AUTOMATON = build_matcher(LEXICON)


@SETTINGS
@given(TEXT)
def test_every_match_maps_back_to_text_containing_its_variant(text):
    tracked = repair(TrackedText.from_source(text))
    for match in find_matches(tracked.text, AUTOMATON):
        span = tracked.text[match.start : match.end]
        assert span.replace(" ", "").replace("\u3000", "") == match.variant
        first, last = tracked.offsets[match.start], tracked.offsets[match.end - 1]
        raw = text[first : last + 1]
        # in the source, the variant is there once whitespace and page markers are removed
        cleaned = textlib.repair_text(raw).replace(" ", "").replace("\n", "")
        assert cleaned == match.variant


@SETTINGS
@given(st.text(min_size=1, max_size=12))
def test_kwic_raises_only_textlib_errors(term):
    corpus = _tiny()
    try:
        textlib.kwic(corpus, term)
    except TextlibError:
        assert not term.strip()


_CORPUS = None


def _tiny():
    global _CORPUS
    if _CORPUS is None:
        import tempfile
        from pathlib import Path

        folder = Path(tempfile.mkdtemp())
        (folder / "a.txt").write_text(
            "一、总体要求\n\n培育和践行社\n\n— 3 — 会主义核心价值观。XX", encoding="utf-8"
        )
        _CORPUS = textlib.read_directory(folder)
    return _CORPUS


@SETTINGS
@given(TEXT)
def test_repaired_text_travels_to_a_worker_and_back_whole(text):
    """A worker returns a repaired text pickled with its offsets as runs: text, every offset
    and every event come back as they were."""
    import pickle

    import numpy as np

    tracked = repair(TrackedText.from_source(text, 17))
    back = pickle.loads(pickle.dumps(tracked))
    assert back.text == tracked.text
    assert back.offsets.dtype == np.int64
    assert np.array_equal(back.offsets, tracked.offsets)
    assert back.events == tracked.events
