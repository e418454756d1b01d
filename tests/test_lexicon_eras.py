"""The bundled lexicon across eras (Mao to Xi): blockers, long forms, traditional script, the
``since`` column, ``lexicon_audit``, and counts on the shipped NPC resolutions read off the raw
files (``grep -c 四个全面 textlib/datasets/data/npc_resolutions/npc_resolution_*.txt`` …)."""

from __future__ import annotations

import pandas as pd
import pytest

import textlib
from textlib.datasets.npc import load_npc_resolutions
from textlib.errors import LexiconError
from textlib.lexicon.audit import lexicon_audit

BEFORE_FORMULATIONS = 238  # bundled lexicon before the eras were added (284 variant rows)
BEFORE_VARIANTS = 284

TEXTS = {
    "r1.txt": "会议要求，创新发展理念，转变发展方式，推动经济又好又快发展。\n"
    "坚持以邓小平理论和“三个代表”重要思想为指导。\n",
    "r2.txt": "完整准确全面贯彻新发展理念，加快构建新发展格局。\n"
    "坚持社會主義市場經濟改革方向，坚持四项基本原则。\n"
    "两手抓、两手都要硬；两手抓两手都要硬。\n",
    "r3.txt": "高举总路线、大跃进、人民公社三面红旗，贯彻对外政策总路线。\n"
    "六保任务，六保任务，六保任务。\n",
}


@pytest.fixture(scope="module")
def study(tmp_path_factory):
    folder = tmp_path_factory.mktemp("eras")
    for name, text in TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return textlib.Study(textlib.read_directory(folder))


def _count(study, form, unit=None):
    hits = study.hits[study.hits["formulation"] == form]
    if unit is not None:
        hits = hits[hits["unit_id"] == unit]
    return len(hits)


def test_new_development_philosophy_not_counted_in_innovate_the_concept(study):
    assert _count(study, "新发展理念", "r1") == 0  # 创新发展理念 is a blocker
    assert _count(study, "新发展理念", "r2") == 1


def test_three_represents_long_form_counted_once(study):
    hits = study.hits[study.hits["formulation"] == "三个代表"]
    assert hits["variant"].tolist() == ["“三个代表”重要思想"]
    assert _count(study, "邓小平理论") == 1


def test_traditional_script_and_split_forms(study):
    assert _count(study, "社会主义市场经济", "r2") == 1
    hits = study.hits[study.hits["formulation"] == "两手抓两手都要硬"]
    assert sorted(hits["variant"]) == ["两手抓、两手都要硬", "两手抓两手都要硬"]


def test_general_line_blocked_in_foreign_policy_line(study):
    assert _count(study, "总路线", "r3") == 1  # 对外政策总路线 not counted
    assert _count(study, "三面红旗", "r3") == 1
    assert _count(study, "大跃进", "r3") == 1


def test_since_is_nullable_int64_and_old_lexicons_still_load(tmp_path):
    lexicon = textlib.load_lexicon()
    assert str(lexicon["since"].dtype) == "Int64"
    first = lexicon.drop_duplicates("formulation").set_index("formulation")["since"]
    assert first["三个代表"] == 2000
    assert first["科学发展观"] == 2003
    assert first["四个全面"] == 2014
    assert first["实事求是"] == 1941
    assert pd.isna(first["坝坝会"])  # since "unknown" (a Sichuan colloquial word)
    old = tmp_path / "old.csv"
    old.write_text("formulation,variant,gloss,kind\n甲乙,甲乙,x,banner term\n", encoding="utf-8")
    table = textlib.load_lexicon(old)
    assert str(table["since"].dtype) == "Int64" and table["since"].isna().all()
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "formulation,variant,gloss,kind,since\n甲乙,甲乙,x,banner term,2000\n"
        "丙丁,丙丁,y,banner term,about 1990\n",
        encoding="utf-8",
    )
    with pytest.raises(LexiconError, match="line 3"):
        textlib.load_lexicon(bad)


def test_at_least_150_more_formulations():
    lexicon = textlib.load_lexicon()
    assert lexicon["formulation"].nunique() - BEFORE_FORMULATIONS >= 150
    assert len(lexicon) > BEFORE_VARIANTS
    assert set(lexicon["gloss_source"]) <= {"official", "own"}
    official = lexicon[lexicon["is_canonical"] & (lexicon["gloss_source"] == "official")]
    new = official[official["note"].str.contains("era;")]
    assert new["note"].str.contains("official gloss:").all()


def test_lexicon_audit_lists_short_variants_with_contexts(study):
    audit = study.lexicon_audit(max_len=3, samples=2)
    assert audit.equals(lexicon_audit(study.lexicon, study.hits, max_len=3, samples=2))
    row = audit.set_index("variant").loc["六保"]
    assert row["short"] and row["count"] == 3
    assert len(row["samples"]) == 2
    assert row["samples"][0].startswith("r3:2  ")
    assert "【六保】" in row["samples"][0]
    assert "六保任 ×3" in row["extensions"]
    inside = audit.set_index("variant").loc["新发展理念", "inside_variants"]
    assert "践行新发展理念的公园城市示范区" in inside


# counts per year read off the raw files (grep -c; one occurrence per file where found)
NPC = {
    "四个全面": dict.fromkeys(range(2016, 2020), 1),
    "五位一体": dict.fromkeys(range(2016, 2020), 1),
    "新发展理念": dict.fromkeys(range(2016, 2026), 1),
    "三个代表": dict.fromkeys(range(2007, 2018), 1),  # written “三个代表”重要思想
    "两个确立": dict.fromkeys(range(2022, 2026), 1),
}


def test_npc_counts_match_the_raw_files():
    counts = textlib.Study(load_npc_resolutions()).counts
    for form, expected in NPC.items():
        got = counts[counts["formulation"] == form].groupby("year")["count"].sum()
        assert got[got > 0].to_dict() == expected, form
    # the overlay keeps only bare 新时代; every other row moved to the bundled lexicon
    from textlib.datasets.npc import npc_lexicon

    assert npc_lexicon()["formulation"].tolist() == ["新时代"]
