"""Collocations of formulations: which words attach to each formulation (坚决, 深入, 践行, 弘扬…),
scored by Dunning's log-likelihood G² against the rest of the corpus."""

from __future__ import annotations

import re
from typing import Literal

import numpy as np
import pandas as pd

from textlib.errors import StudyParameterError
from textlib.load.corpus import Corpus

CLAUSE_BREAKS = frozenset("。；！？，、;!?,")  # full- and half-width: the repair keeps both
_HAN = re.compile(r"[\u3400-\u9fff]")
COLUMNS = ["formulation", "collocate", "count", "expected", "g2", "side", "lines"]


def _g2(a: np.ndarray, row: np.ndarray, col: np.ndarray, n: np.ndarray) -> np.ndarray:
    """G² = 2 Σ O ln(O/E) of the 2×2 table [[a, row−a], [col−a, n−row−col+a]] (0 ln 0 = 0)."""
    observed = np.stack([a, row - a, col - a, n - row - col + a]).astype(float)
    rows = np.stack([row, row, n - row, n - row]).astype(float)
    cols = np.stack([col, n - col, col, n - col]).astype(float)
    expected = rows * cols / n
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(observed > 0, observed * np.log(observed / expected), 0.0)
    return 2 * terms.sum(axis=0)


def variant_map(lexicon: pd.DataFrame) -> dict[str, str]:
    """``variant → formulation`` for every lexicon row (a formulation is its own variant)."""
    mapping = dict(zip(lexicon["variant"], lexicon["formulation"], strict=True))
    mapping.update({f: f for f in lexicon["formulation"]})
    return mapping


def token_frame(tokens: pd.DataFrame, *, corpus: Corpus, lexicon: pd.DataFrame) -> pd.DataFrame:
    """The tokens (:func:`textlib.tokens.unit_tokens`) in text order with ``pos`` (global
    index), ``paragraph`` (index of the ``\\n``-separated paragraph of the unit's repaired
    text), ``clause`` (a global clause id: a new clause after every 。；！？，、 and at every
    paragraph), ``formulation`` (the lexicon formulation a token is a variant of, else "")
    and ``eligible`` (may be a collocate: has a Han character and is two or more characters
    long or a content word — so 坚决, 深入, 全面 count and 的, 和, punctuation, numbers and
    placeholders do not)."""
    order = {u: k for k, u in enumerate(dict.fromkeys(tokens["unit_id"].astype(str)))}
    tokens = tokens.assign(unit_id=tokens["unit_id"].astype(str))
    tokens = tokens.sort_values(
        ["unit_id", "start"], key=lambda s: s.map(order) if s.name == "unit_id" else s
    ).reset_index(drop=True)
    paragraph = np.zeros(len(tokens), dtype=np.int64)
    for unit_id, idx in tokens.groupby("unit_id", sort=False).indices.items():
        text = corpus.tracked(unit_id).text
        breaks = np.array([m.start() for m in re.finditer("\n", text)], dtype=np.int64)
        paragraph[idx] = np.searchsorted(breaks, tokens["start"].to_numpy()[idx], side="right")
    token = tokens["token"].astype(str)
    unit_codes = tokens["unit_id"].map(order).to_numpy()
    new_para = np.r_[True, (unit_codes[1:] != unit_codes[:-1]) | (paragraph[1:] != paragraph[:-1])]
    is_break = token.isin(CLAUSE_BREAKS).to_numpy()
    # a break token closes its clause: the next token opens a new one
    clause = np.cumsum(new_para | np.r_[False, is_break[:-1]]) - 1
    mapping = variant_map(lexicon)
    has_han = token.str.contains(_HAN).to_numpy()
    eligible = has_han & ((token.str.len().to_numpy() >= 2) | tokens["content"].to_numpy(bool))
    return tokens.assign(
        token=token,
        pos=np.arange(len(tokens)),
        paragraph=paragraph,
        para_id=np.cumsum(new_para) - 1,
        clause=clause,
        formulation=token.map(mapping).fillna("").to_numpy(),
        eligible=eligible,
    )


def _spans(frame: pd.DataFrame, by: str, window: int) -> tuple[np.ndarray, np.ndarray]:
    """(node positions, candidate positions, offsets) pairs: every token within ±``window``
    tokens of a node in the same paragraph (``by="window"``) or in the node's clause."""
    seg = frame["para_id" if by == "window" else "clause"].to_numpy()
    nodes = np.flatnonzero(frame["formulation"].to_numpy() != "")
    bounds = np.r_[0, np.flatnonzero(seg[1:] != seg[:-1]) + 1, len(seg)]
    seg_lo = bounds[np.searchsorted(bounds, nodes, side="right") - 1]
    seg_hi = bounds[np.searchsorted(bounds, nodes, side="right")]  # exclusive
    if by == "window":
        lo = np.maximum(nodes - window, seg_lo)
        hi = np.minimum(nodes + window + 1, seg_hi)
    else:
        lo, hi = seg_lo, seg_hi
    sizes = hi - lo
    node_rep = np.repeat(nodes, sizes)
    cand = np.repeat(lo - np.cumsum(np.r_[0, sizes[:-1]]), sizes) + np.arange(sizes.sum())
    return node_rep, cand


def _collocations(frame: pd.DataFrame, by: str, window: int, min_count: int) -> pd.DataFrame:
    form = frame["formulation"].to_numpy()
    eligible = frame["eligible"].to_numpy()
    node, cand = _spans(frame, by, window)
    keep = (cand != node) & eligible[cand] & (form[cand] != form[node])
    node, cand = node[keep], cand[keep]
    pairs = pd.DataFrame(
        {"formulation": form[node], "pos": cand, "offset": cand - node, "dist": np.abs(cand - node)}
    )
    # a position in the span of two occurrences of one formulation counts once (the nearest)
    pairs = pairs.sort_values(["formulation", "pos", "dist", "offset"], kind="stable")
    pairs = pairs.drop_duplicates(["formulation", "pos"], keep="first")
    pairs["collocate"] = frame["token"].to_numpy()[pairs["pos"].to_numpy()]
    n = int(eligible.sum())
    totals = frame.loc[eligible, "token"].value_counts()
    # positions of a formulation's own variants are not eligible in its span, nor in the total
    own = frame[eligible & (form != "")].groupby("formulation").size()
    span = pairs.groupby("formulation").size()
    if not len(pairs):
        return pd.DataFrame(columns=COLUMNS)
    ref = frame["unit_id"].astype(str) + ":" + frame["line"].astype(str)
    pairs["ref"] = ref.to_numpy()[pairs["pos"].to_numpy()]
    pairs["side"] = np.where(pairs["offset"] < 0, "left", "right")
    grouped = pairs.groupby(["formulation", "collocate"], sort=False)
    table = grouped.agg(
        count=("pos", "size"),
        sides=("side", lambda s: s.iloc[0] if s.nunique() == 1 else "both"),
        lines=("ref", lambda r: " ".join(dict.fromkeys(r))),
    ).reset_index()
    table = table[table["count"] >= min_count]
    if not len(table):
        return pd.DataFrame(columns=COLUMNS)
    a = table["count"].to_numpy(float)
    w = table["formulation"].map(span).to_numpy(float)
    c = table["collocate"].map(totals).to_numpy(float)
    nn = n - table["formulation"].map(own).fillna(0).to_numpy(float)
    table["expected"] = w * c / nn
    table["g2"] = _g2(a, w, c, nn)
    table = table[a > table["expected"]].rename(columns={"sides": "side"})
    return table[COLUMNS]


def collocations(
    tokens: pd.DataFrame,
    *,
    corpus: Corpus,
    lexicon: pd.DataFrame,
    window: int = 5,
    by: Literal["window", "clause"] = "window",
    min_count: int = 3,
    group: str | None = None,
) -> pd.DataFrame:
    """The words that attach to each formulation, by log-likelihood G² (Dunning 1993).

    Nodes are formulation tokens of ``tokens`` (of ``corpus``; the domain tokenizer keeps
    every lexicon variant whole; a variant maps to its formulation via the lexicon). A
    node's span is the tokens within ±``window`` tokens (every token counts toward the
    distance, punctuation too) in the same paragraph (``by="window"``), or the node's whole
    clause — the tokens between 。；！？，、 (and their half-width forms) in its paragraph
    (``by="clause"``). Collocates are *eligible* tokens (a Han character and two or more
    characters, or a content word: 坚决, 深入, 全面, 践行 count; 的, 和, 是 do not); the
    formulation's own variants are not its collocates. A position in the spans of two
    occurrences of the same formulation counts once, on the side of the nearer one.

    For formulation *f* and collocate *c* the 2×2 table is::

                          c        not c
        in f's span       a        W − a
        elsewhere       C − a      N − W − C + a

    with ``a`` = ``count`` (eligible positions in f's span holding c), ``W`` = eligible
    positions in f's span, ``C`` = occurrences of c (eligible positions) in the corpus and
    ``N`` = eligible positions in the corpus less f's own occurrences. ``expected`` = W·C/N;
    ``g2`` = 2 Σ O ln(O/E) over the four cells. Only attraction is kept (``count`` >
    ``expected``) and only pairs seen at least ``min_count`` times (3 by default; G² is
    unreliable under that). G² ≥ 3.84 is p < 0.05 and ≥ 10.83 is p < 0.001 (1 df), each
    test alone.

    ``side`` is ``left``/``right`` when every occurrence precedes/follows the formulation,
    else ``both``; ``lines`` are the evidence, ``unit:line`` source-line references of the
    collocate's positions, in text order. With ``group`` (a column of the corpus metadata,
    e.g. ``"plan"``, or ``"unit_id"``) the table is computed within each group (its own N, W,
    C) and has a leading ``group`` column. Rows sorted by group, formulation, G² descending.
    """
    if by not in ("window", "clause"):
        raise StudyParameterError("by", by, "'window' or 'clause'")
    if not isinstance(window, int) or window < 1:
        raise StudyParameterError("window", window, "a positive integer")
    if not isinstance(min_count, int) or min_count < 1:
        raise StudyParameterError("min_count", min_count, "a positive integer")
    frame = token_frame(tokens, corpus=corpus, lexicon=lexicon)
    if group is None:
        table = _collocations(frame, by, window, min_count)
        return _sorted(table, [])
    if group == "unit_id":
        keys = frame["unit_id"]
    elif group == "plan" and "plan" in frame.columns:
        keys = frame["plan"].astype(str)
    elif group in corpus.units.columns:
        values = corpus.units[group].astype(str)
        keys = frame["unit_id"].map(lambda u: values.get(u, values.get(corpus.plan_of(u))))
    else:
        raise StudyParameterError("group", group, "'unit_id' or a corpus metadata column")
    keys = keys.astype(str)
    parts = []
    for key in dict.fromkeys(keys):
        part = frame[keys.to_numpy() == key].reset_index(drop=True)
        part = part.assign(pos=np.arange(len(part)))
        table = _collocations(part, by, window, min_count)
        parts.append(table.assign(group=key)[["group", *COLUMNS]])
    table = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["group"])
    return _sorted(table, ["group"])


def _sorted(table: pd.DataFrame, first: list[str]) -> pd.DataFrame:
    if not len(table):
        return table.reset_index(drop=True)
    table = table.astype({"count": int, "expected": float, "g2": float})
    keys = [*first, "formulation", "g2", "collocate"]
    asc = [True] * len(first) + [True, False, True]
    return table.sort_values(keys, ascending=asc, kind="stable").reset_index(drop=True)
