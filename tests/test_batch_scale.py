"""The vectorised batch path (token spans, token table, tidy counts) gives the tables of the
straightforward implementations it replaced (issue 14, items 5 and 6)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import textlib
from textlib.formulations.body import body_han
from textlib.formulations.counting import count_formulations
from textlib.lexicon.matching import build_matcher, count_matches
from textlib.lexicon.overlay import lexicon_for
from textlib.text import patterns as P
from textlib.tokens.segmentation import DomainTokenizer, compact_view, unit_tokens


def _reference_spans(tokenizer: DomainTokenizer, text: str) -> list[tuple[int, int, str]]:
    """The former token-by-token merge of jieba tokens and lexicon matches."""
    compact, index_array = compact_view(text)
    index = index_array.tolist()
    matcher = build_matcher(tokenizer.lexicon)
    out: list[tuple[int, int, str]] = []

    def emit(a: int, b: int, token: str) -> None:
        if not token.isspace():
            out.append((index[a], index[b - 1] + 1, token))

    def recut(a: int, b: int) -> None:
        for token in tokenizer.jieba.lcut(compact[a:b], HMM=tokenizer.hmm):
            emit(a, a + len(token), token)
            a += len(token)

    tokens, pos = [], 0
    for token in tokenizer.jieba.lcut(compact, HMM=tokenizer.hmm):
        tokens.append((pos, pos + len(token), token))
        pos += len(token)
    segments, pos = [], 0
    # the tokenizer protects every leftmost-longest lexicon string (context rules and
    # overlaps decide what is *counted*, not what is a token), so the raw automaton
    protected = [
        (a, b, matcher.values[k][0])
        for k, a, b in matcher.automaton.find_matches_as_indexes(compact)
        if matcher.values[k] is not None
    ]
    for start, end, variant in protected:
        if start > pos:
            segments.append((pos, start, None))
        segments.append((start, end, variant))
        pos = end
    if pos < len(compact):
        segments.append((pos, len(compact), None))
    ti = 0
    for a, b, variant in segments:
        if variant is not None:
            emit(a, b, variant)
            continue
        while ti < len(tokens) and tokens[ti][1] <= a:
            ti += 1
        cursor, j = a, ti
        while j < len(tokens) and tokens[j][0] < b:
            ta, tb, token = tokens[j]
            if ta >= a and tb <= b:
                if ta > cursor:
                    recut(cursor, ta)
                emit(ta, tb, token)
                cursor = tb
            j += 1
        if cursor < b:
            recut(cursor, b)
    return out


@pytest.fixture(scope="module")
def seed():
    return textlib.load_seed()


BACKENDS = ["jieba", pytest.param("rjieba", marks=pytest.mark.skipif(
    __import__("importlib").util.find_spec("rjieba") is None, reason="rjieba not installed"))]  # fmt: skip


@pytest.mark.parametrize("backend", BACKENDS)
def test_vectorised_spans_equal_the_reference_merge(seed, backend):
    tokenizer = DomainTokenizer(lexicon_for(seed), segmenter=backend)
    for unit_id in seed.leaf_ids:
        text = seed.tracked(unit_id).text
        assert tokenizer.spans(text) == _reference_spans(tokenizer, text), unit_id


@pytest.mark.parametrize("backend", BACKENDS)
def test_spans_on_edge_cases(backend):
    tokenizer = DomainTokenizer(segmenter=backend)
    rng = np.random.default_rng(0)
    variants = list(tokenizer.lexicon["variant"])
    blockers = [b for cell in tokenizer.lexicon["not_within"] for b in cell.split("|") if b]
    pieces = [
        *variants,
        *blockers,
        *"的了在和是 \n\u3000\t，。、“”ab1",
        "开创",
        "  ",
        "\n\n",
        "\r\n",
    ]
    texts = ["", " ", "\n", "\n \n", variants[0], f" {variants[0]} ", variants[0] * 3]
    for _ in range(400):
        texts.append("".join(pieces[int(k)] for k in rng.integers(len(pieces), size=12)))
    for text in texts:
        assert tokenizer.spans(text) == _reference_spans(tokenizer, text), repr(text)
        starts, ends, tokens = tokenizer.span_arrays(text)
        assert starts.dtype == ends.dtype == np.int64
        assert len(starts) == len(ends) == len(tokens)


def test_token_table_columns_and_dtypes(seed):
    table = unit_tokens(seed)
    assert list(table.columns[:8]) == [
        "plan", "unit_id", "token", "start", "end", "line", "content", "segmenter",
    ]  # fmt: skip
    assert table["start"].dtype == table["end"].dtype == table["line"].dtype == np.int64
    assert table["content"].dtype == bool
    assert isinstance(table["unit_id"].dtype, pd.CategoricalDtype)
    assert list(table["unit_id"].cat.categories) == seed.leaf_ids
    assert table["segmenter"].unique().tolist() == ["jieba"]
    for unit_id, rows in table.groupby("unit_id", observed=True, sort=False):
        text = seed.tracked(unit_id).text
        got = [text[a:b] for a, b in zip(rows["start"], rows["end"], strict=True)]
        # a token is the text it spans, spaces inside it aside
        assert [P.HSPACE_RUN.sub("", g) for g in got] == rows["token"].tolist()


def test_token_table_is_the_same_for_any_n_jobs(seed):
    pd.testing.assert_frame_equal(unit_tokens(seed), unit_tokens(seed, n_jobs=2))


def _reference_counts(corpus, lexicon):
    matcher = build_matcher(lexicon)
    rows = []
    for unit_id in corpus.leaf_ids:
        text = corpus.tracked(unit_id).text
        found = count_matches(text, matcher)[: len(lexicon)]
        han = max(body_han(text, corpus.unit(unit_id)["title"]), 1)  # the body only
        for (form, variant), count in zip(
            zip(lexicon["formulation"], lexicon["variant"], strict=True), found, strict=True
        ):
            rows.append((corpus.plan_of(unit_id), unit_id, form, variant, int(count),
                         count / han * 10_000))  # fmt: skip
    return pd.DataFrame(
        rows, columns=["plan", "unit_id", "formulation", "variant", "count", "per_10k"]
    )


def test_tidy_counts_equal_a_row_by_row_reference(seed):
    lexicon = lexicon_for(seed)
    got = count_formulations(seed, lexicon)
    pd.testing.assert_frame_equal(got, _reference_counts(seed, lexicon), check_dtype=False)
    assert got["count"].dtype == np.int64
    pd.testing.assert_frame_equal(got, count_formulations(seed, lexicon, n_jobs=2))


def test_counting_matcher_cache_follows_an_edited_lexicon(seed):
    lexicon = lexicon_for(seed).copy()
    before = count_formulations(seed, lexicon)
    used = before.loc[before["count"] > 0, "variant"].iloc[0]
    lexicon.loc[lexicon["variant"] == used, "variant"] = "不会出现的说法甲乙丙"
    after = count_formulations(seed, lexicon)
    assert after.loc[after["variant"] == "不会出现的说法甲乙丙", "count"].sum() == 0
