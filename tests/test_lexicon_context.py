"""Context rules of lexicon variants (not_after / not_before) and overlapping matches.

Each kind is tested with passages read in the shipped NPC resolutions or, for work-report
wording the package does not ship, with the sentence written out here.
"""

from __future__ import annotations

import pandas as pd
import pytest

import textlib
from textlib.datasets.npc import load_npc_resolutions
from textlib.errors import LexiconError
from textlib.formulations.counting import count_formulations, formulation_hits
from textlib.lexicon.loading import load_lexicon
from textlib.lexicon.matching import build_matcher, count_matches, find_matches

XI_THOUGHT = "习近平新时代中国特色社会主义思想"


@pytest.fixture(scope="module")
def matcher():
    return build_matcher(load_lexicon())


@pytest.fixture(scope="module")
def npc():
    return load_npc_resolutions()


@pytest.fixture(scope="module")
def npc_hits(npc):
    return formulation_hits(npc)


def forms(text, matcher):
    return [m.formulation for m in find_matches(text, matcher)]


@pytest.mark.parametrize(
    "text, form, counted",
    [
        # 新思想 as the short form of Xi Thought (seed plans 3, 7, lines 150, 406)
        ("建设模范学习宣传贯彻新思想的信仰之城", XI_THOUGHT, True),
        ("我们要坚持用新思想凝心聚魂", XI_THOUGHT, True),
        # ... but not in a list of "new ideas" (2014–2016 work reports, before the Thought)
        ("深入贯彻治国理政新理念、新思想、新战略", XI_THOUGHT, False),
        ("适应发展社会主义商品经济要求的新思想新观念得到传播", XI_THOUGHT, False),
        ("提出了一系列新思想、新观点", XI_THOUGHT, False),
        # ... nor inside 创新思想政治教育 (innovate ideological-political education)
        ("创新思想政治教育，稳妥推进", XI_THOUGHT, False),
        # 更新发展理念: 'renew the development concept', not 新发展理念
        ("各级政府要更新发展理念，转变职能", "新发展理念", False),
        ("完整、准确、全面贯彻新发展理念，加快构建新发展格局", "新发展理念", True),
        # 高质量发展高等教育: 'develop higher education with high quality'
        ("高质量发展高等教育和职业教育", "高质量发展", False),
        ("推动高质量发展，促进共同富裕", "高质量发展", True),
        # 和平统一 of Korea (work reports 1954–1988) is not China's peaceful reunification
        ("我们坚决支持朝鲜人民争取自主和平统一祖国的正义斗争", "和平统一", False),
        ("努力实现祖国的和平统一，是我们坚定不移的奋斗目标", "和平统一", True),
        # generic words inside longer phrases (sentences of the kind city work reports write)
        ("适时动态调整风险等级，分区分级精准防控", "整风运动", False),  # 调整 + 风险
        ("加快建设航空科创城、中医药科创城", "创城", False),  # science-and-innovation parks
        ("坚持协调发展，开创城乡融合发展新局面", "创城", False),
        ("完善创城创卫常态长效机制", "创城", True),
        ("开展“三讲一评颂党恩”活动", "三讲", False),  # a local campaign, not Jiang's 三讲
        ("建设美丽生态和谐社会主义现代化新城", "社会主义和谐社会", False),
        ("以主商业中心组团作为核心", "理论学习中心组", False),  # an urban cluster
        ("坚持以项目为中心组织经济工作", "理论学习中心组", False),
        ("坚持中心组理论学习常态化制度化", "理论学习中心组", True),
        # 生态文明 compounds are not civility titles: 水生态文明城市, 生态文明实践中心
        ("获评全国水生态文明城市", "文明城市", False),
        ("新安江生态文明实践中心开馆运行", "新时代文明实践中心", False),
        ("获评全国水生态文明城市", "生态文明", True),
    ],
)
def test_context_rules(matcher, text, form, counted):
    assert (form in forms(text, matcher)) is counted


def test_foreign_policy_line_is_not_the_general_line(npc_hits):
    # npc_resolution_1962 line 7: 我国在对外关系中一贯遵循的总路线和各项具体政策 (foreign
    # policy); line 3 and 13: 社会主义建设总路线 / 举起总路线、大跃进、人民公社三面红旗
    rows = npc_hits[
        (npc_hits.unit_id == "npc_resolution_1962") & (npc_hits.formulation == "总路线")
    ]
    assert sorted(rows.line) == [3, 13]


def test_context_rule_counts_agree(matcher):
    text = "深入贯彻治国理政新理念、新思想、新战略，学习宣传贯彻新思想。"
    ids = count_matches(text, matcher)
    found = find_matches(text, matcher)
    assert int(ids.sum()) == len(found)
    assert [m.variant for m in found] == ["新思想"]  # only the second one


def test_overlap_counts_both_and_is_flagged(npc, npc_hits):
    # npc_resolution_2022 line 15: 加快构建新发展格局，全面深化改革开放，坚持创新驱动发展
    rows = npc_hits[(npc_hits.unit_id == "npc_resolution_2022") & (npc_hits.line == 15)]
    deep = rows[rows.formulation == "全面深化改革"]
    opening = rows[rows.formulation == "改革开放"]
    assert len(deep) == 1 and len(opening) == 1
    assert deep.iloc[0].overlaps == "改革开放" and opening.iloc[0].overlaps == "全面深化改革"
    assert opening.iloc[0].start == deep.iloc[0].start + 4
    # 改革开放 is found in 2022–2024 (全面深化改革开放), not in 2025 (进一步全面深化改革)
    years = sorted(npc_hits[npc_hits.formulation == "改革开放"].unit_id.str[-4:].astype(int))
    assert years[-3:] == [2022, 2023, 2024]
    # hits without an overlap carry an empty flag
    assert (npc_hits.overlaps == "").sum() == len(npc_hits) - 6


def test_overlapping_variants_of_one_formulation_count_once(matcher):
    # 农村人民公社化: 农村人民公社 and 人民公社化 are both variants of 人民公社, one occurrence
    found = find_matches("农村人民公社化的实现，使农业生产向前发展", matcher)
    assert [(m.variant, m.overlaps) for m in found] == [("农村人民公社", "")]


def test_nested_match_counts_once(matcher):
    # 文明实践 inside 新时代文明实践中心 counts once, under the longer term, with no flag
    found = find_matches("建设新时代文明实践中心", matcher)
    assert [(m.formulation, m.overlaps) for m in found] == [("新时代文明实践中心", "")]


def test_counts_agree_with_hits(npc, npc_hits):
    counts = count_formulations(npc)
    from_counts = counts[counts["count"] > 0].groupby("variant")["count"].sum()
    from_hits = npc_hits.groupby("variant").size()
    pd.testing.assert_series_equal(
        from_counts.sort_index(), from_hits.sort_index(), check_names=False
    )


def test_overlap_in_a_written_text_both_paths(tmp_path):
    (tmp_path / "a.txt").write_text("全面深化改革开放。全面深化改革。改革开放。\n", "utf-8")
    corpus = textlib.read_directory(tmp_path)
    hits = formulation_hits(corpus)
    assert hits.groupby("formulation").size().to_dict() == {"全面深化改革": 2, "改革开放": 2}
    counts = count_formulations(corpus)
    assert counts.groupby("formulation")["count"].sum()[["全面深化改革", "改革开放"]].tolist() == [
        2,
        2,
    ]


LEX_HEADER = "formulation,variant,gloss,gloss_source,kind,not_after,not_before,since,note\n"


def test_context_rule_must_compile(tmp_path):
    path = tmp_path / "lex.csv"
    path.write_text(LEX_HEADER + "新思想,新思想,new thought,own,banner term,(新,,2017,x\n", "utf-8")
    with pytest.raises(LexiconError, match=r"line 2.*not_after.*regular expression"):
        load_lexicon(path)


def test_since_unknown_needs_a_reason(tmp_path):
    path = tmp_path / "lex.csv"
    path.write_text(
        LEX_HEADER + "三农,三农,three rural issues,own,banner term,,,unknown,\n", "utf-8"
    )
    with pytest.raises(LexiconError, match=r"line 2.*unknown.*reason"):
        load_lexicon(path)
    path.write_text(
        LEX_HEADER + "三农,三农,three rural issues,own,banner term,,,Unknown,first use unclear\n"
        "六稳,六稳,six stabilities,own,numbered formulation,,,2018,x\n",
        "utf-8",
    )
    table = load_lexicon(path)
    assert str(table.since.dtype) == "Int64"
    assert table.since.isna().tolist() == [True, False]
    assert table.since_unknown.tolist() == [True, False]
    path.write_text(LEX_HEADER + "三农,三农,x,own,banner term,,,2000s,x\n", "utf-8")
    with pytest.raises(LexiconError, match=r"'since' must be a year"):
        load_lexicon(path)
