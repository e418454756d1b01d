"""Lexicon additions, the civic kind, metadata corrections and whole tokens from a close reading
of the seed page; every count checked by reading the raw lines (cited in the comments)."""

from __future__ import annotations

import pytest

import textlib
from textlib.lexicon.loading import formulations


@pytest.fixture(scope="module")
def study(seed):
    # counts read off the page, unit by unit: both copies of the speech are kept here
    return textlib.Study(seed, collapse_duplicates=False)


@pytest.fixture(scope="module")
def counts(study):
    return study.counts


def by_unit(counts, form):
    rows = counts[(counts.formulation == form) & (counts["count"] > 0)]
    return {
        str(u): int(n) for u, n in rows.groupby("unit_id", observed=True)["count"].sum().items()
    }


def by_variant(counts, form):
    rows = counts[(counts.formulation == form) & (counts["count"] > 0)]
    return {v: int(n) for v, n in rows.groupby("variant")["count"].sum().items()}


# formulation -> {unit: count}, each read off the raw page
NEW_ENTRIES = {
    # 174+4=178: 党的十九大和十九届历次全会精神 (plan 4); 220: 党的十九大和 XX 届历次全会精神
    # (plan 5, redacted variant in the seed overlay)
    "十九届历次全会": {"4": 1, "5": 1},
    # 96 (广泛开展理想信念教育), 150 (要持续强化理想信念教育), 196 (学生理想信念教育),
    # 260 (加强理想信念教育), 368 (heading (一)加强理想信念教育), 406 (= 150)
    "理想信念教育": {"2": 1, "3": 1, "4": 1, "6.1": 1, "6.3": 1, "7": 1},
    # 210: 深化未成年人思想道德建设; 《全国未成年人思想道德建设工作测评体系》
    "未成年人思想道德建设": {"4": 2},
    # 286: 加强党风廉政建设 / 把反腐败和党风廉政建设工作; 324: 党风廉政建设责任制
    "党风廉政建设": {"6.1": 2, "6.2": 1},
    # 84: 坚决反对形式主义、官僚主义 (no split form on the page)
    "形式主义、官僚主义": {"2": 1},
    # 28 (参观革命纪念馆、爱国主义教育基地), 96 (革命旧址、爱国主义教育基地), 184 (…教育基地、博物馆)
    "爱国主义教育基地": {"1": 1, "2": 1, "4": 1},
    # 110: 实施网络文明行动; 206: 网络文明建设, 网络文明传播, 网络文明矩阵, 网络文明自律;
    # 272: 网络文明传播志愿者组织
    "网络文明": {"2": 1, "4": 4, "6.1": 1},
    # 102: 推进企业诚信建设; 204: 推动诚信建设制度化常态化
    "诚信建设": {"2": 1, "4": 1},
    # 200: “文明餐桌”“光盘行动”“空瓶行动”“反对浪费、崇尚节约”
    "空瓶行动": {"4": 1},
    "反对浪费、崇尚节约": {"4": 1},
    # 106: 12 月 5 日“国际志愿者日”
    "国际志愿者日": {"2": 1},
    # 102: 中国好人、陕西好人、最美交控人; 90 “***好人” and 116 ***好人 (the same lists, redacted)
    "陕西好人": {"2": 3},
    # 208: 山东好人、中国好人
    "山东好人": {"4": 1},
    # 116: 陕西好青年; 90: “***好青年” (same list, redacted); not “交***好青年” (90)
    "陕西好青年": {"2": 2},
    # 376: 马克思主义民族观和宗教观宣传教育; “民族团结月”活动
    "马克思主义民族观和宗教观": {"6.3": 1},
    "民族团结月": {"6.3": 1},
    # 150: 扎实开展新思想“七进”活动; 406: 新思想"七进"活动
    "新思想七进": {"3": 1, "7": 1},
    # 162: 持续开展法律“七进"活动; 416: 法律"七进"活动
    "七进": {"3": 1, "7": 1},
    # 38: 努力营造“比学赶超”的良好氛围 (plan 1); 278: 营造出比学赶帮超的良好氛围 (plan 6.1)
    "比学赶超": {"1": 1},
    "比学赶帮超": {"6.1": 1},
}


@pytest.mark.parametrize("form", sorted(NEW_ENTRIES))
def test_new_entry_counts(counts, form):
    assert by_unit(counts, form) == NEW_ENTRIES[form]


def test_redacted_and_quoted_variants(counts):
    assert by_variant(counts, "十九届历次全会") == {"十九届历次全会": 1, "XX届历次全会": 1}
    assert by_variant(counts, "陕西好人") == {"陕西好人": 1, "***好人": 2}
    assert by_variant(counts, "陕西好青年") == {"陕西好青年": 1, "***好青年": 1}
    assert by_variant(counts, "七进") == {'法律“七进"': 1, '法律"七进"': 1}
    assert by_variant(counts, "新思想七进") == {"新思想“七进”": 1, '新思想"七进"': 1}


def test_new_thought_short_form(counts):
    # 新思想 for Xi Thought: 150 and 406, 学习宣传贯彻新思想的信仰之城 and 用新思想凝心聚魂 (×2
    # each); not 一系列新思想新观点新要求 (132, 390), not 新时代新思想新实践 (22, plan 1), and
    # 新思想“七进” (150, 406) is counted under its own formulation
    rows = counts[(counts.variant == "新思想") & (counts["count"] > 0)]
    assert {str(u): int(n) for u, n in zip(rows.unit_id, rows["count"], strict=True)} == {
        "3": 2,
        "7": 2,
    }
    # the whole formulation: plan 1 keeps its 5 (16, 18, 20 ×2, 40), plans 3/7 gain 2 each
    # (line 150/406 also has the full name once: 习近平新时代中国特色社会主义思想是…)
    assert by_unit(counts, "习近平新时代中国特色社会主义思想") == {
        "1": 5,
        "2": 3,
        "3": 3,
        "4": 1,
        "5": 1,
        "6.1": 1,
        "6.2": 1,
        "6.3": 3,
        "7": 3,
    }


def test_quoted_lei_feng_volunteer_service_counts_once(counts):
    # 210: “学雷锋”志愿服务 is one 学雷锋志愿服务, not 学雷锋 + 志愿服务
    assert by_variant(counts, "学雷锋志愿服务") == {"学雷锋志愿服务": 6, "“学雷锋”志愿服务": 1}
    # 90, 106 ×2 (plan 2); 184, 210 (4); 270 (6.1); 378 (6.3)
    assert by_unit(counts, "学雷锋志愿服务") == {"2": 3, "4": 2, "6.1": 1, "6.3": 1}
    assert by_unit(counts, "学雷锋") == {}


def test_bi_xue_gan_chao_is_its_own_idiom():
    lexicon = textlib.load_lexicon()
    assert lexicon.set_index("variant").at["比学赶超", "formulation"] == "比学赶超"
    forms = formulations(lexicon)
    assert forms.at["比学赶超", "components"] == "比|学|赶|超"
    assert forms.at["比学赶帮超", "components"] == "比|学|赶|帮|超"


def test_corrected_glosses():
    forms = formulations(textlib.load_lexicon())
    # 308 lists 人居环境、乡风民风、文化生活 and names no region
    assert "Ningxia" not in forms.at["三个美起来", "gloss"]
    # 全国文明城市 is its own formulation, so 文明城市 counts the other uses only
    assert "any level" not in forms.at["文明城市", "gloss"]
    assert forms.at["七进", "gloss"].startswith("'Seven Entries' of law")


CIVIC = [
    "志愿服务",
    "文明单位",
    "文明城市",
    "文明交通",
    "文明旅游",
    "居民议事会",
    "坝坝会",
    "红白理事会",
    "职工之家",
]


def test_civic_term_kind(counts):
    forms = formulations(textlib.load_lexicon())
    assert {f: forms.at[f, "kind"] for f in CIVIC} == dict.fromkeys(CIVIC, "civic term")
    assert set(forms[forms["kind"] == "civic term"].index) == set(CIVIC)
    # 文明城市 outside 全国文明城市: 132 ×3, 136 ×2, 158, 162 in plan 3 (the same in 7 at 390,
    # 394, 412, 416); 186, 188, 190, 204 in plan 4; 382 (深化文明城市和自治区文明单位创建) in 6.3
    assert by_unit(counts, "文明城市") == {"3": 7, "4": 4, "6.3": 1, "7": 7}
    # 416: “居民议事会"“坝坝会" (plan 7); 162: “居民议事会”“坝坝会” (plan 3)
    assert by_unit(counts, "居民议事会") == {"3": 1, "7": 1}
    assert by_unit(counts, "坝坝会") == {"3": 1, "7": 1}


def test_metadata_corrections(seed):
    table = textlib.datasets.metadata(seed)
    lines = seed.source("1").lines
    for row in table.itertuples(index=False):
        assert row.evidence.replace(" ", "") in lines[row.line - 1].replace(" ", ""), row

    def claims(unit, field):
        rows = table[(table.unit_id == unit) & (table.field == field)]
        return list(zip(rows["value"], rows["line"], strict=True))

    # plan 1: 两优一先 (32) does not date the plan; 五中、六中全会 (16) does
    dating1 = claims("1", "dating")
    assert all("两优一先 awards)" not in v for v, _ in dating1)
    assert 16 in {line for _, line in dating1}
    # plan 2: the provincial level is shown at 66 (交通强省), not at 100
    assert [line for _, line in claims("2", "issuer_level")] == [66]
    # plans 3 and 7: the speaker's post is never stated (126, 386)
    for unit in ("3", "7"):
        ((value, _),) = claims(unit, "issuer_type")
        assert "never stated" in value and "secretary" not in value and "leader" not in value
    # plan 7 masks names (388 xxx 同志), the city in titles (388 xx 市) and congress numbers
    # (392 市第 xx 次, 406 省第 xx 次) that plan 3 keeps (134 市第十四次, 150 省第十二次)
    assert sorted(line for _, line in claims("7", "redaction")) == [388, 388, 392, 406]
    assert {line for _, line in claims("3", "dating")} >= {134, 150}
    assert "87.75" in lines[400 - 1] and "XX 分" in lines[144 - 1]


def test_speech_copies_glossed_for_what_they_are(study):
    gloss = study.corpus.units["gloss"]
    assert gloss["3"] == "Civilization committee speech (copy A)"
    assert gloss["7"] == "Civilization committee speech (copy B, more placeholders)"
    placeholders = study.noise[study.noise.kind == "placeholder"].groupby("unit_id").size()
    assert (int(placeholders["3"]), int(placeholders["7"])) == (16, 25)


@pytest.mark.parametrize(
    ("sentence", "whole"),
    [
        # line 150 / 406
        (
            "我们要坚持用新思想凝心聚魂,持续推动学习宣传贯彻走深走实、入脑入心",
            ["凝心聚魂", "走深走实", "入脑入心"],
        ),
        # line 18
        ("一、坚定不移推进习近平新时代中国特色社会主义思想走深走实", ["走深走实"]),
        # line 24
        ("重点抓牢党史、中国共产党宣传工作史常态化长效化学习", ["常态化长效化"]),
        # line 36
        ("三、服从服务大局,为奋进新征程凝聚强大精神力量", ["新征程"]),
        # line 32 and 242
        ("立足本职工作,建功新时代。", ["新时代"]),
        ("以新时代的新业绩迎接党的二十大胜利召开", ["新时代"]),
    ],
)
def test_domain_words_stay_whole(sentence, whole):
    tokens = textlib.tokenize(sentence)
    for word in whole:
        assert word in tokens, tokens


def test_domain_words_are_not_formulations():
    from textlib.tokens.segmentation import domain_words

    variants = set(textlib.load_lexicon()["variant"])
    assert set(domain_words()) == {
        "新时代",
        "新征程",
        "走深走实",
        "凝心聚魂",
        "入脑入心",
        "常态化长效化",
        # triads holding 新思想 where it is not Xi Thought (lines 22, 132, 390)
        "新思想新观点新要求",
        "新时代新思想新实践",
    }
    assert not set(domain_words()) & variants


def test_new_thought_not_cut_from_the_triads(seed):
    # the segmentation audit agrees with the counts for Xi Thought: no 新思想 token out of
    # 一系列新思想新观点新要求 (132, 390) or 充分展示新时代新思想新实践 (22)
    assert "新思想新观点新要求" in textlib.tokenize("提出一系列新思想新观点新要求,强调")
    assert "新时代新思想新实践" in textlib.tokenize("充分展示新时代新思想新实践,充分发挥")
    audit = textlib.tokens.segmentation_audit(seed)
    row = audit.loc["习近平新时代中国特色社会主义思想"]
    assert row["lexicon_count"] == row["domain_tokenizer"] == 21
