"""The lexicon: bundled file valid, malformed files rejected with the row named."""

from __future__ import annotations

import pytest

import textlib
from textlib.errors import LexiconError, NotUtf8Error, SourceFileNotFoundError
from textlib.lexicon.loading import components, formulations

HEADER = "formulation,variant,gloss,gloss_source,kind,components,not_within,note\n"


def write(tmp_path, body: str, header: str = HEADER):
    path = tmp_path / "lex.csv"
    path.write_text(header + body, encoding="utf-8")
    return path


def test_bundled_lexicon_is_valid_and_large(seed):
    lexicon = textlib.load_lexicon()
    forms = formulations(lexicon)
    assert len(forms) >= 60
    assert lexicon["variant"].is_unique
    assert set(lexicon["gloss_source"]) <= {"official", "own"}
    # every formulation named in the issue is there
    for form in [
        "四个意识",
        "四个自信",
        "两个维护",
        "两个确立",
        "两个一以贯之",
        "七进",
        "三会一课",
        "十四五",
        "习近平新时代中国特色社会主义思想",
        "社会主义核心价值观",
        "新时代文明实践中心",
        "文明城市",
        "全国文明典范城市",
        "志愿服务",
        "移风易俗",
        "学雷锋",
    ]:
        assert form in forms.index, form


def test_numbered_formulations_list_components():
    parts = components(textlib.load_lexicon())
    four = parts[parts.formulation == "四个意识"]["component"].tolist()
    assert four == ["政治意识", "大局意识", "核心意识", "看齐意识"]


def test_variant_spaces_are_ignored(tmp_path):
    lexicon = textlib.load_lexicon(
        write(tmp_path, "四个100,四个 100,four 100s,own,campaign or programme,,,\n")
    )
    assert lexicon["variant"].tolist() == ["四个100"]


@pytest.mark.parametrize(
    "body, header, problem",
    [
        ("a,a,gloss,own,kind,,,\n", "formulation,variant,kind\n", "missing column"),
        ("甲,甲,,own,banner term,,,\n", HEADER, "line 2: empty 'gloss'"),
        (
            "甲,甲,g,own,banner term,,,\n乙, ,g,own,banner term,,,\n",
            HEADER,
            "line 3: empty 'variant'",
        ),
        (
            "甲,甲,g,own,banner term,,,\n乙,甲,h,own,banner term,,,\n",
            HEADER,
            "line 3: variant '甲' already listed at line 2",
        ),
        (
            "甲,甲,g,own,banner term,,,\n甲,甲乙,h,own,banner term,,,\n",
            HEADER,
            "line 3: gloss of '甲' differs",
        ),
        ("甲,甲,g,own,banner term,,,,extra\n", HEADER, "line 2: more fields"),
        ("", HEADER, "no lexicon rows"),
    ],
)
def test_malformed_lexicon_names_file_and_row(tmp_path, body, header, problem):
    with pytest.raises(LexiconError) as info:
        textlib.load_lexicon(write(tmp_path, body, header))
    assert "lex.csv" in str(info.value) and problem in str(info.value)


def test_lexicon_file_errors(tmp_path):
    with pytest.raises(SourceFileNotFoundError):
        textlib.load_lexicon(tmp_path / "none.csv")
    bad = tmp_path / "bad.csv"
    bad.write_bytes(HEADER.encode() + "甲".encode("gbk"))
    with pytest.raises(NotUtf8Error):
        textlib.load_lexicon(bad)


def test_components_may_contain_the_enumeration_comma():
    parts = components(textlib.load_lexicon())
    two = parts[parts.formulation == "两个维护"]["component"].tolist()
    assert two == [
        "坚决维护习近平总书记党中央的核心、全党的核心地位",
        "坚决维护党中央权威和集中统一领导",
    ]
