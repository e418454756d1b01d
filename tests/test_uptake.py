"""uptake: clauses of a reference marked verbatim, adapted or absent in each unit."""

from __future__ import annotations

import pytest

from textlib.compare.uptake import UPTAKE_COLUMNS, Uptake, split_clauses, uptake
from textlib.errors import StudyParameterError
from textlib.load.corpus import UnitSpan, build_corpus
from textlib.text.source import SourceText

VERBATIM = "坚持以社会主义核心价值观引领精神文明建设。"
ADAPTED = "深入开展文明城市创建活动，持续提升市民文明素质和城市文明程度；"
ABSENT = "全面推进乡村振兴战略落地见效！"
REFERENCE = VERBATIM + ADAPTED + "\n" + ABSENT


def _corpus(texts):
    sources, spans = {}, []
    for unit_id, text in texts.items():
        name = f"test#{unit_id}"
        sources[name] = SourceText.from_text(name, text)
        spans.append(UnitSpan(unit_id, None, name, 1, sources[name].n_lines))
    return build_corpus(spans, sources, "test", repair=())


@pytest.fixture(scope="module")
def corpus():
    adapted = ADAPTED.replace("创建活动", "创建工作").replace("持续", "不断")
    return _corpus(
        {
            "ref": REFERENCE,
            "t1": f"今年的工作安排如下。\n{VERBATIM}\n各部门{adapted}\n其他事项另行通知。",
            "t2": "本文件与参考文本无关，只谈安全生产和消防检查。",
        }
    )


def test_split_clauses():
    spans = split_clauses(REFERENCE)
    assert [REFERENCE[s:e] for s, e in spans] == [VERBATIM, ADAPTED, ABSENT]
    assert len(split_clauses(REFERENCE, by="line")) == 2
    with pytest.raises(StudyParameterError):
        split_clauses(REFERENCE, by="word")


def test_statuses_from_a_unit_reference(corpus):
    result = uptake(corpus, "ref")
    assert isinstance(result, Uptake)
    assert list(result.table.columns) == UPTAKE_COLUMNS
    t1 = result.table[result.table["unit_id"] == "t1"].set_index("clause_text")
    assert t1.loc[VERBATIM, "status"] == "verbatim" and t1.loc[VERBATIM, "score"] == 1.0
    assert t1.loc[ADAPTED, "status"] == "adapted" and 0.8 <= t1.loc[ADAPTED, "score"] < 1
    assert t1.loc[ABSENT, "status"] == "absent"
    text = corpus.tracked("t1").text
    row = t1.loc[VERBATIM]
    assert text[row["target_start"] : row["target_end"]] == VERBATIM
    assert row["target_line"] == 2 and row["reference_line"] == 1
    assert t1.loc[ABSENT, "reference_line"] == 2
    assert set(result.table["unit_id"]) == {"t1", "t2"}  # the reference is not a target
    assert (result.table[result.table["unit_id"] == "t2"]["status"] == "absent").all()
    by_unit = result.by_unit.set_index("unit_id")
    assert by_unit.loc["t1", "uptake"] == pytest.approx(2 / 3)
    assert by_unit.loc["t1", "verbatim"] == pytest.approx(1 / 3)
    assert result.by_clause["uptake"].tolist() == [0.5, 0.5, 0.0]


def test_text_reference(corpus):
    from_text = uptake(corpus, REFERENCE, units=["t1"])
    statuses = from_text.table.set_index("clause_text")["status"]
    assert statuses.to_dict() == {VERBATIM: "verbatim", ADAPTED: "adapted", ABSENT: "absent"}


def test_bad_parameters(corpus):
    with pytest.raises(StudyParameterError):
        uptake(corpus, "ref", threshold=0)
    with pytest.raises(StudyParameterError):
        uptake(corpus, 42)


def test_a_reference_that_is_no_unit_and_no_chinese_text_is_an_unknown_unit(corpus):
    import textlib

    with pytest.raises(textlib.UnknownUnitError, match="'33'"):
        uptake(corpus, "33")
    with pytest.raises(textlib.ArgumentTypeError, match="Corpus"):
        uptake(corpus.units, "ref")
