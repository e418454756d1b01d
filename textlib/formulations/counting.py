"""Counting political formulations (提法) in the repaired text, with every hit traceable."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pyarrow as pa

from textlib.batch import map_batches
from textlib.checks import corpus_arg, frame_arg, int_arg, shown_value
from textlib.errors import StudyParameterError
from textlib.formulations.body import body_han
from textlib.lexicon.matching import Match, build_matcher, count_matches, find_matches
from textlib.lexicon.overlay import lexicon_for
from textlib.load.corpus import Corpus
from textlib.text import patterns as P

HIT_COLUMNS = [
    "plan",
    "unit_id",
    "formulation",
    "variant",
    "matched",
    "line",
    "start",
    "end",
    "left",
    "right",
    "overlaps",
]
COUNT_COLUMNS = ["plan", "unit_id", "formulation", "variant", "count", "per_10k"]
QUOTE_COLUMNS = [
    "plan",
    "unit_id",
    "line",
    "start",
    "phrase",
    "quotes",
    "in_lexicon",
    "formulation",
]


def match_batch(batch: list[tuple[str, str]], lexicon: pd.DataFrame) -> list[list[Match]]:
    automaton = build_matcher(lexicon)
    return [find_matches(text, automaton) for _, text in batch]


def formulation_hits(
    corpus: Corpus,
    lexicon: pd.DataFrame | None = None,
    *,
    window: int = 15,
    n_jobs: int = 1,
    progress: bool | None = None,
) -> pd.DataFrame:
    """One row per formulation occurrence, under the most specific unit.

    Matching is leftmost-longest over all variants at once, so a nested term (文明实践 inside
    新时代文明实践中心) is counted once, under the longer match; a term that overlaps a longer
    match without being nested in it (改革开放 in 全面深化改革开放) is counted too, and both
    hits name the other's formulation in ``overlaps`` (``""`` for the rest). Matches refused by
    a ``not_within``, ``not_after`` or ``not_before`` rule are not rows. ``matched`` is the
    text as written (it may hold a space the repair kept), ``line`` the source line where the
    match starts, ``start``/``end`` indices in the unit's repaired text.
    """
    corpus = corpus_arg("corpus", corpus)
    int_arg("window", window, minimum=0)
    items = [(u, corpus.tracked(u).text) for u in corpus.leaf_ids]
    found = map_batches(
        match_batch,
        items,
        lexicon_for(corpus, lexicon),
        n_jobs=n_jobs,
        progress=progress,
        desc="formulations",
    )
    rows = []
    for (unit_id, text), matches in zip(items, found, strict=True):
        plan = corpus.plan_of(unit_id)
        lines = corpus.lines_at(unit_id, [m.start for m in matches]).tolist()
        for m, line in zip(matches, lines, strict=True):
            left = text[max(0, m.start - window) : m.start].rsplit("\n", 1)[-1]
            right = text[m.end : m.end + window].split("\n", 1)[0]
            rows.append(
                (
                    plan,
                    unit_id,
                    m.formulation,
                    m.variant,
                    text[m.start : m.end],
                    line,
                    m.start,
                    m.end,
                    left,
                    right,
                    m.overlaps,
                )
            )
    return corpus.annotate(corpus.with_pages(pd.DataFrame(rows, columns=HIT_COLUMNS)))


def _titles(corpus: Corpus) -> pd.Series:
    units = corpus.units
    return units["title"].fillna("") if "title" in units else pd.Series("", index=units.index)


def han_counts(corpus: Corpus) -> pd.Series:
    """Han characters of each unit's body (:mod:`textlib.formulations.body`: the repaired
    text without title, date and licence-footer lines): the denominator of ``per_10k``."""
    titles = _titles(corpus)
    return pd.Series(
        {u: body_han(t, str(titles.get(u, ""))) for u, t in corpus.units["text"].items()},
        name="han_chars",
    )


_LAST_MATCHER: list = []  # [(key, matcher)]: one automaton per lexicon per process


def matcher_for(lexicon: pd.DataFrame):
    """The automaton of ``lexicon``, built once for consecutive batches of the same lexicon
    (keyed on its variants, formulations, blockers and context rules, so an edited lexicon is
    rebuilt)."""
    key = tuple(
        tuple(lexicon[c].tolist()) if c in lexicon.columns else ()
        for c in ("variant", "formulation", "not_within", "not_after", "not_before")
    )
    if _LAST_MATCHER and _LAST_MATCHER[0][0] == key:
        return _LAST_MATCHER[0][1]
    matcher = build_matcher(lexicon)
    _LAST_MATCHER[:] = [(key, matcher)]
    return matcher


def count_batch(batch: list[tuple[str, str]], lexicon: pd.DataFrame) -> list[np.ndarray]:
    """Per item, how often each lexicon variant occurs (in lexicon row order)."""
    matcher = matcher_for(lexicon)
    return [count_matches(text, matcher)[: len(lexicon)] for _, text in batch]


def repeated_strings(values: list[str], times: int) -> pd.api.extensions.ExtensionArray:
    """A ``str`` column holding each of ``values`` ``times`` times in a row (``a a b b``),
    built from its UTF-8 bytes and offsets rather than gathered string by string."""
    encoded = [value.encode("utf-8") for value in values]
    data = b"".join(value * times for value in encoded)
    sizes = np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded))
    offsets = np.concatenate(([0], np.cumsum(np.repeat(sizes, times))))
    column = pa.LargeStringArray.from_buffers(
        len(offsets) - 1, pa.py_buffer(offsets), pa.py_buffer(data)
    )
    return pd.array(column, dtype=pd.StringDtype("pyarrow", na_value=np.nan))


def tiled_strings(values: list[str], times: int) -> pd.api.extensions.ExtensionArray:
    """A ``str`` column holding ``values`` ``times`` times over (``a b a b``)."""
    one = pa.array(values, pa.large_string())
    column = pa.concat_arrays([one] * times) if times else one.slice(0, 0)
    return pd.array(column, dtype=pd.StringDtype("pyarrow", na_value=np.nan))


def count_formulations(
    corpus: Corpus,
    lexicon: pd.DataFrame | None = None,
    *,
    n_jobs: int = 1,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Tidy counts: one row per most specific unit × formulation × variant (zeros included).

    ``per_10k`` is per 10,000 Han characters of the unit's body (its repaired text without
    title, date and licence-footer lines, :mod:`textlib.formulations.body`; hits in those
    lines still count). Summing ``count``
    by ``plan`` gives plan totals (parts of plan 6 are counted under 6.1–6.3, never twice).
    Counts use the same matcher as :func:`formulation_hits` without building a row per hit,
    so they scale to large corpora; the two always agree. The tidy table is assembled by
    taking from per-unit and per-variant arrays (no Python loop over its rows).
    """
    corpus = corpus_arg("corpus", corpus)
    lexicon = lexicon_for(corpus, lexicon)
    leaves = corpus.leaf_ids
    items = [(u, corpus.tracked(u).text) for u in leaves]
    per_unit = map_batches(
        count_batch, items, lexicon, n_jobs=n_jobs, progress=progress, desc="counts"
    )
    n, m = len(lexicon), len(leaves)
    titles = _titles(corpus)
    han = np.array([body_han(text, str(titles.get(u, ""))) for u, text in items], dtype=np.int64)
    del items
    unit_rows = np.repeat(np.arange(m, dtype=np.intp), n)
    count = np.concatenate(per_unit) if per_unit else np.zeros(0, dtype=np.int64)
    counts = pd.DataFrame(
        {
            "plan": repeated_strings([corpus.plan_of(u) for u in leaves], n),
            "unit_id": repeated_strings(leaves, n),
            "formulation": tiled_strings(lexicon["formulation"].tolist(), m),
            "variant": tiled_strings(lexicon["variant"].tolist(), m),
            "count": count,
            "per_10k": count / np.maximum(han, 1)[unit_rows] * 10_000,
        }
    )
    return corpus.annotate(counts[COUNT_COLUMNS])


def plan_formulation_counts(corpus: Corpus, counts: pd.DataFrame) -> pd.DataFrame:
    """Counts summed over variants and parts: one row per plan × formulation, with per_10k."""
    corpus = corpus_arg("corpus", corpus)
    counts = frame_arg("counts", counts)
    missing = [c for c in ("plan", "formulation", "count") if c not in counts.columns]
    if missing:
        raise StudyParameterError(
            "counts", shown_value(counts), f"the table of count_formulations (lacks {missing})"
        )
    table = counts.groupby(["plan", "formulation"], sort=False)["count"].sum().reset_index()
    han = han_counts(corpus)
    table["per_10k"] = table["count"] / table["plan"].map(han).clip(lower=1) * 10_000
    return table


_OPEN, _CLOSE = '“"「', '”"」'


def _quoted_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, quote pair) of each quoted span in a paragraph, with mixed pairs allowed.

    The page pairs “ with ” but also with an ASCII ", and " with ”: a quote opens on “ or "
    and closes on the next ” or "; an unmatched “ restarts the span.
    """
    spans, opened = [], None
    for i, ch in enumerate(text):
        if opened is None:
            if ch in _OPEN:
                opened = i
        elif ch in _CLOSE:
            if i > opened + 1:
                spans.append((opened + 1, i, text[opened] + ch))
            opened = None
        elif ch == "“":
            opened = i
    return spans


def quoted_phrases(
    corpus: Corpus, lexicon: pd.DataFrame | None = None, *, max_chars: int = 40
) -> pd.DataFrame:
    """Every span quoted with “…”, "…", 「…」 or the mixed pairs, with unit and source line.

    Quotation marks are how these texts flag slogans: ``in_lexicon`` tells whether the phrase
    (spaces aside) is a lexicon variant, so the rows with False are candidates the lexicon
    lacks. Spans longer than ``max_chars`` (quoted sentences) and spans that are only a
    placeholder (“***”) are skipped.
    """
    corpus = corpus_arg("corpus", corpus)
    lexicon = lexicon_for(corpus, lexicon)
    variants = dict(zip(lexicon["variant"], lexicon["formulation"], strict=True))
    rows = []
    for unit_id in corpus.leaf_ids:
        text = corpus.tracked(unit_id).text
        plan = corpus.plan_of(unit_id)
        offset = 0
        for paragraph in text.split("\n"):
            for start, end, quotes in _quoted_spans(paragraph):
                phrase = paragraph[start:end]
                if len(phrase) > max_chars or P.PLACEHOLDER.fullmatch(phrase):
                    continue
                key = re.sub(rf"[{P.HSPACE}]+", "", phrase)
                rows.append(
                    (
                        plan,
                        unit_id,
                        corpus.line_at(unit_id, offset + start),
                        offset + start,
                        phrase,
                        quotes,
                        key in variants,
                        variants.get(key),
                    )
                )
            offset += len(paragraph) + 1
    return corpus.annotate(pd.DataFrame(rows, columns=QUOTE_COLUMNS))
