"""Formulation counts, each verified by reading the seed page."""

from __future__ import annotations

import pandas as pd
import pytest

import textlib
from textlib.formulations.counting import plan_formulation_counts


@pytest.fixture(scope="module")
def counts(seed):
    return textlib.count_formulations(seed)


@pytest.fixture(scope="module")
def hits(seed):
    return textlib.formulation_hits(seed)


def by_unit(counts, form):
    rows = counts[(counts.formulation == form) & (counts["count"] > 0)]
    return rows.groupby("unit_id")["count"].sum().to_dict()


def by_variant(counts, form):
    rows = counts[(counts.formulation == form) & (counts["count"] > 0)]
    return rows.groupby("variant")["count"].sum().to_dict()


def test_tidy_grid(seed, counts):
    lexicon = textlib.Study(seed).lexicon  # bundled lexicon + the seed's local overlay
    assert list(counts.columns) == ["plan", "unit_id", "formulation", "variant", "count", "per_10k"]
    assert len(counts) == len(seed.leaf_ids) * len(lexicon)
    assert "6" not in set(counts.unit_id)


def test_four_consciousnesses_and_two_upholds(counts):
    # 增强“四个意识” lines 16 (plan 1), 174 (4), 220 (5), 252 (6.1), 360 (6.3)
    assert by_unit(counts, "四个意识") == {"1": 1, "4": 1, "5": 1, "6.1": 1, "6.3": 1}
    # 两个维护 also in plan 2 (line 72) and unquoted in 6.1 (line 252: 坚决做到两个维护)
    assert by_unit(counts, "两个维护") == {"1": 1, "2": 1, "4": 1, "5": 1, "6.1": 1, "6.3": 1}


def test_core_socialist_values_with_short_variant(counts):
    # plan 2: line 70, 86, 98 ×2, 100 ×5; plans 3 and 7 also say 核心价值观 twice (lines 154/408)
    assert by_unit(counts, "社会主义核心价值观") == {
        "1": 2,
        "2": 9,
        "3": 4,
        "4": 1,
        "5": 2,
        "6.1": 1,
        "6.2": 1,
        "6.3": 2,
        "7": 4,
    }
    assert by_variant(counts, "社会主义核心价值观") == {"社会主义核心价值观": 22, "核心价值观": 4}


def test_xi_thought_variants(counts):
    # 总书记 inserted in all three parts of plan 6 (lines 252, 308, 358, 370 ×2); bare form in
    # plan 5 (line 220); the 学习问答 book title (line 370) is another formulation.
    # Short form 新思想 (added with the seed-reading lexicon pass; re-read lines 150 and 406):
    # 学习宣传贯彻新思想的信仰之城 and 用新思想凝心聚魂, ×2 in each copy of the speech; not
    # 新思想新观点新要求 (lines 132, 390), 新时代新思想新实践 (line 22) or 新思想"七进" (150, 406)
    assert by_variant(counts, "习近平新时代中国特色社会主义思想") == {
        "习近平新时代中国特色社会主义思想": 11,
        "习近平总书记新时代中国特色社会主义思想": 5,
        "新时代中国特色社会主义思想": 1,
        "新思想": 4,
    }
    assert by_unit(counts, "习近平新时代中国特色社会主义思想学习问答") == {"6.3": 1}


def test_nested_civilization_practice_counted_once(counts):
    # plan 4, lines 176-206: 中心 ×4 (176 ×2, 180 ×2); 新时代文明实践 ×5 (176 工作, 178, 180 阵地,
    # 180 基地, 206 网络平台); bare 文明实践 ×3 (176: 深化文明实践工作, 区级文明实践志愿服务队,
    # 站文明实践项目); 15分钟文明实践服务圈 and 党建引领+文明实践+乡村振兴 claim the rest
    assert by_unit(counts, "新时代文明实践中心")["4"] == 4
    assert by_unit(counts, "新时代文明实践")["4"] == 5
    assert by_unit(counts, "文明实践")["4"] == 3
    assert by_unit(counts, "15分钟文明实践服务圈") == {"4": 1}
    assert by_unit(counts, "党建引领+文明实践+乡村振兴") == {"4": 1}


def test_term_split_by_line_break_and_page_marker(counts, hits):
    # 公园城市示范区: plan 3 lines 134 (split: 公园城市 / — 2 — 示范区) and 136; plan 7 lines 392, 394
    assert by_unit(counts, "公园城市示范区") == {"3": 2, "7": 2}
    rows = hits[(hits.formulation == "公园城市示范区") & (hits.plan == "3")]
    assert rows["line"].tolist() == [134, 136]
    # 学习兴税平台 is split 学习兴 / 税平台 across lines 32/34
    assert hits[hits.formulation == "学习兴税平台"]["line"].tolist() == [32]


def test_fourteenth_five_year_plan(counts):
    # plan 2: lines 58, 62, 64, 66 ×2, 92, 118; 6.1 十四五规划 (248); 6.3 lines 358, 378
    assert by_unit(counts, "十四五") == {"2": 7, "6.1": 1, "6.3": 2}


def test_not_within_blocks_false_hit(counts, hits):
    # 创城 (创建文明城市) is not counted inside 开创城市管理工作新局面 (plan 6.1, line 248)
    assert "6.1" not in by_unit(counts, "创城")
    assert by_unit(counts, "创城") == {"3": 1, "4": 6, "7": 1}


def test_spaced_source_form_matches(counts, hits):
    # the page writes 四个 100 (line 190) and 15 分钟 (lines 158, 166, 180, 412, 420)
    assert by_unit(counts, "四个100") == {"4": 1}
    assert by_unit(counts, "15分钟公共服务圈") == {"3": 1, "7": 1}
    row = hits[hits.formulation == "好家庭好家教好家风"].iloc[0]
    assert row["matched"] == "好家庭 好家教 好家风" and row["line"] == 192


def test_hits_sum_to_counts_and_plans(seed, counts, hits):
    assert len(hits) == counts["count"].sum()
    plan_totals = plan_formulation_counts(seed, counts).groupby("plan")["count"].sum()
    assert plan_totals.to_dict() == hits.groupby("plan").size().to_dict()


def test_per_10k(seed, counts):
    row = counts[(counts.unit_id == "2") & (counts.variant == "社会主义核心价值观")].iloc[0]
    # the denominator is the body: plan 2 opens with three title lines (seed lines 58–62:
    # …“十四五”规划 / 公司精神文明建设工作计划安排(2022年) / …“十四五”规划), left out
    titles, body = (
        seed.unit("2")["text"].split("\n", 3)[:3],
        seed.unit("2")["text"].split("\n", 3)[3],
    )
    assert titles[1] == "公司精神文明建设工作计划安排(2022年)"
    assert body.startswith("“十四五”时期是我国开启全面建设社会主义现代化国家新征程")
    han = sum(1 for ch in body if "\u4e00" <= ch <= "\u9fff")
    assert row["per_10k"] == pytest.approx(9 / han * 10_000)


def test_every_hit_maps_back_to_its_source_text(seed, hits):
    for hit in hits.itertuples(index=False):
        tracked = seed.tracked(hit.unit_id)
        source = seed.source(hit.unit_id).text
        first, last = tracked.source_offset(hit.start), tracked.source_offset(hit.end - 1)
        raw = source[first : last + 1]
        # the raw span holds the variant once spaces, newlines and page markers are removed
        cleaned = textlib.repair_text(raw).replace(" ", "").replace("\n", "")
        assert cleaned == hit.variant, (hit.unit_id, hit.line, raw)


def test_custom_lexicon(seed, tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text(
        "formulation,variant,gloss,kind\n创城,创城,city campaign,campaign\n", encoding="utf-8"
    )
    counts = textlib.count_formulations(seed, textlib.load_lexicon(path))
    # without the not_within rule, 开创城市 in 6.1 (line 248) counts too
    assert counts.groupby("unit_id")["count"].sum()[lambda s: s > 0].to_dict() == {
        "3": 1,
        "4": 6,
        "6.1": 1,
        "7": 1,
    }


def test_quoted_phrases(seed):
    quotes = textlib.formulations.quoted_phrases(seed)
    assert {"plan", "unit_id", "line", "phrase", "in_lexicon"} <= set(quotes.columns)
    # mixed pairs of plan 7, line 406: "学习强国"“蓉城先锋"
    row = quotes[(quotes.unit_id == "7") & (quotes.phrase == "蓉城先锋")].iloc[0]
    assert row["quotes"] == '“"' and row["line"] == 406 and row["in_lexicon"]
    # not in the lexicon: 必访必谈清单 (plan 1, line 40)
    row = quotes[quotes.phrase == "必访必谈清单"].iloc[0]
    assert not row["in_lexicon"] and row["line"] == 40
    assert isinstance(quotes, pd.DataFrame) and quotes["in_lexicon"].sum() > 100


def test_repeated_and_tiled_string_columns_are_the_gathered_ones():
    """The count table's text columns are built from bytes and offsets; they must equal
    gathering each string by position, for any text and any count, none included."""
    import numpy as np
    import pandas as pd

    from textlib.formulations.counting import repeated_strings, tiled_strings

    values = ["社会主义核心价值观", "", "a/b", "𠀀 emoji 😀", "plan 1"]
    for times in (0, 1, 3):
        expected = pd.array(values, dtype="str").take(np.repeat(np.arange(len(values)), times))
        pd.testing.assert_extension_array_equal(repeated_strings(values, times), expected)
        expected = pd.array(values, dtype="str").take(np.tile(np.arange(len(values)), times))
        pd.testing.assert_extension_array_equal(tiled_strings(values, times), expected)
    assert len(repeated_strings([], 4)) == len(tiled_strings([], 4)) == 0
