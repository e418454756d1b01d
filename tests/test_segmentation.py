"""Domain segmentation: lexicon variants stay whole; jieba's global tokenizer is untouched."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

import textlib
from textlib.lexicon.overlay import lexicon_for
from textlib.tokens.segmentation import audit_headline, is_content_token


def test_every_lexicon_variant_is_one_token():
    lexicon = textlib.load_lexicon()
    for variant in lexicon["variant"]:
        assert textlib.tokenize(f"要{variant}。") == ["要", variant, "。"], variant


def test_real_sentence(seed):
    # plan 4, line 174: 持续深化文明实践、文明创建、文明培育
    tokens = textlib.tokenize("持续深化文明实践、文明创建、文明培育,着力提高市民素质")
    assert tokens[:3] == ["持续", "深化", "文明实践、文明创建、文明培育"]  # one formulation
    # line 192: the kept spaces inside the slogan do not break it
    assert "好家庭好家教好家风" in textlib.tokenize("开展“好家庭 好家教 好家风”主题宣传活动")


def test_global_jieba_untouched():
    code = (
        "import jieba, textlib;"
        "textlib.tokenize('践行社会主义核心价值观');"
        "textlib.tokens.segmentation_audit(textlib.load_seed());"
        "print(jieba.dt.initialized, len(jieba.dt.FREQ), len(jieba.dt.user_word_tag_tab));"
        "print(jieba.lcut('践行社会主义核心价值观', HMM=False))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    first, second = out.stdout.strip().splitlines()
    assert first == "False 0 0"  # textlib never initialised nor extended the global tokenizer
    assert "社会主义核心价值观" not in eval(second)  # default jieba still splits it


def test_audit(seed):
    audit = textlib.tokens.segmentation_audit(seed)
    assert audit["domain_tokenizer_agrees"].all()
    # default jieba never keeps the long banner terms whole
    assert audit.at["社会主义核心价值观", "default_jieba"] == 0
    assert audit.at["社会主义核心价值观", "lexicon_count"] == 26
    headline = audit_headline(audit)
    assert headline.at["domain_tokenizer", "share_whole"] == 1.0
    assert headline.at["default_jieba", "share_whole"] < 0.3


def test_content_tokens():
    assert is_content_token("文明城市")
    assert not is_content_token("的") and not is_content_token("开展")
    assert not is_content_token("XX") and not is_content_token("2022") and not is_content_token(",")


def test_unit_tokens_traceable(seed):
    tokens = textlib.tokens.unit_tokens(seed)
    row = tokens[(tokens.unit_id == "3") & (tokens.token == "践行新发展理念的公园城市示范区")].iloc[
        0
    ]
    assert row["line"] == 134
    text = seed.unit("3")["text"]
    assert text[row["start"] : row["end"]] == "践行新发展理念的公园城市示范区"


def test_rjieba_backend_keeps_every_formulation_whole_and_agrees_with_jieba(seed):
    jieba_study = textlib.Study(seed, n_boot=5)
    rust_study = jieba_study.replace(segmenter="rjieba")
    a, b = jieba_study.tokens, rust_study.tokens
    assert set(a["segmenter"]) == {"jieba"} and set(b["segmenter"]) == {"rjieba"}
    assert a["token"].tolist() == b["token"].tolist()  # identical on the seed
    audit = textlib.tokens.segmentation_audit(seed)
    present = audit[audit["lexicon_count"] > 0]
    assert present["domain_tokenizer_rjieba_agrees"].all()
    assert textlib.tokenize("坚持以习近平新时代中国特色社会主义思想为指导", segmenter="rjieba") == [
        "坚持", "以", "习近平新时代中国特色社会主义思想", "为", "指导"
    ]  # fmt: skip
    with pytest.raises(textlib.StudyParameterError, match="segmenter='hanlp'"):
        textlib.Study(seed, segmenter="hanlp")


@pytest.mark.parametrize("segmenter", ["jieba", "rjieba"])
def test_long_units_segmented_in_pieces_give_the_same_tokens(seed, monkeypatch, segmenter):
    """A unit longer than PIECE_CHARS is cut at line breaks into pieces: with pieces of a few
    dozen characters every token, offset and formulation is what one piece gives."""
    from textlib.tokens import segmentation

    tokenizer = segmentation.DomainTokenizer(lexicon_for(seed), segmenter=segmenter)
    whole = segmentation.unit_tokens(seed, tokenizer)
    monkeypatch.setattr(segmentation, "PIECE_CHARS", 30)
    pieces = segmentation.unit_tokens(seed, tokenizer)
    pd.testing.assert_frame_equal(pieces, whole)
    assert len(whole) > 10_000
