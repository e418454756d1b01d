"""Passage reuse: aligned blocks of text shared by two units, and what it says about templates.

Alignment uses :class:`difflib.SequenceMatcher` on the repaired text with spaces removed and
placeholders (``XX``, ``xx``, ``***``) folded to one mark, so a redacted copy still aligns with
the full copy; matching blocks separated by small gaps on both sides (a redaction, an OCR
error, a dropped word) are merged into one passage. difflib is quadratic in the worst case:
the benchmark reports its cost as units grow, and :func:`reuse_matrix` caps the text it compares.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import combinations

import numpy as np
import pandas as pd

from textlib.errors import ReuseLimitError
from textlib.lexicon.matching import compact_view
from textlib.load.corpus import Corpus
from textlib.text import patterns as P

PLACEHOLDER_MARK = "□"
PASSAGE_COLUMNS = [
    "a",
    "b",
    "a_start",
    "a_end",
    "b_start",
    "b_end",
    "a_lines",
    "b_lines",
    "chars",
    "matched",
    "text",
    "b_text",
]


@dataclass(frozen=True)
class AlignmentText:
    """A unit's text prepared for alignment: ``text`` and, per character, its repaired index."""

    unit_id: str
    text: str
    index: np.ndarray


def alignment_text(corpus: Corpus, unit_id: str) -> AlignmentText:
    """Spaces removed, placeholder runs folded to one ``□`` (mapped to the run's first char)."""
    repaired = corpus.tracked(unit_id).text
    compact, index = compact_view(repaired)
    pieces, positions, pos = [], [], 0
    for match in P.PLACEHOLDER.finditer(compact):
        pieces.append(compact[pos : match.start()])
        positions.append(index[pos : match.start()])
        pieces.append(PLACEHOLDER_MARK)
        positions.append(index[match.start() : match.start() + 1])
        pos = match.end()
    pieces.append(compact[pos:])
    positions.append(index[pos:])
    return AlignmentText(
        unit_id, "".join(pieces), np.concatenate(positions) if positions else index
    )


def _merge_blocks(blocks, max_gap: int) -> list[list[int]]:
    """Merge matching blocks ``(i, j, n)`` whose gaps on both sides are at most ``max_gap``."""
    merged: list[list[int]] = []
    for i, j, n in blocks:
        if n == 0:
            continue
        if merged:
            a0, a1, b0, b1, matched = merged[-1]
            if 0 <= i - a1 <= max_gap and 0 <= j - b1 <= max_gap:
                merged[-1] = [a0, i + n, b0, j + n, matched + n]
                continue
        merged.append([i, i + n, j, j + n, n])
    return merged


def shared_passages(
    corpus: Corpus, a: str, b: str, *, min_chars: int = 20, max_gap: int = 8
) -> pd.DataFrame:
    """Aligned passages of units ``a`` and ``b``: one row per block of at least ``min_chars``
    matched characters, with start/end indices in each unit's repaired text, the source lines on
    both sides (``first-last``), ``chars`` (span length in ``a``), ``matched`` (characters that
    align exactly) and the text on both sides."""
    ta, tb = (
        alignment_text(corpus, corpus.check_unit(a)),
        alignment_text(corpus, corpus.check_unit(b)),
    )
    matcher = SequenceMatcher(None, ta.text, tb.text, autojunk=False)
    rows = []
    for a0, a1, b0, b1, matched in _merge_blocks(matcher.get_matching_blocks(), max_gap):
        if matched < min_chars:
            continue
        ra0, ra1 = int(ta.index[a0]), int(ta.index[a1 - 1]) + 1
        rb0, rb1 = int(tb.index[b0]), int(tb.index[b1 - 1]) + 1
        text_a, text_b = corpus.tracked(a).text, corpus.tracked(b).text
        rows.append(
            (
                a,
                b,
                ra0,
                ra1,
                rb0,
                rb1,
                f"{corpus.line_at(a, ra0)}-{corpus.line_at(a, ra1 - 1)}",
                f"{corpus.line_at(b, rb0)}-{corpus.line_at(b, rb1 - 1)}",
                a1 - a0,
                matched,
                text_a[ra0:ra1],
                text_b[rb0:rb1],
            )
        )
    return pd.DataFrame(rows, columns=PASSAGE_COLUMNS)


def pairwise_passages(
    corpus: Corpus,
    units: list[str] | None = None,
    *,
    min_chars: int = 20,
    max_units: int = 200,
    max_chars: int = 200_000,
) -> pd.DataFrame:
    """:func:`shared_passages` for every pair of ``units`` (default: the most specific units).

    Cost grows with the square of the number of units (and, per pair, up to the product of
    their lengths): more than ``max_units`` units or a unit longer than ``max_chars`` raise
    :class:`ReuseLimitError` (a ``ValueError``); sample or pre-filter a large corpus first."""
    units = units or corpus.leaf_ids
    if len(units) > max_units:
        raise ReuseLimitError(
            f"{len(units)} units exceed max_units={max_units} for pairwise alignment; "
            "pass fewer units or raise max_units"
        )
    for unit_id in units:
        if (length := len(corpus.tracked(unit_id).text)) > max_chars:
            raise ReuseLimitError(
                f"unit {unit_id!r} has {length} characters, more than max_chars={max_chars} "
                "for alignment; leave it out or raise max_chars"
            )
    frames = [shared_passages(corpus, a, b, min_chars=min_chars) for a, b in combinations(units, 2)]
    frames = [f for f in frames if len(f)]
    if not frames:
        return pd.DataFrame(columns=PASSAGE_COLUMNS)
    return pd.concat(frames, ignore_index=True)


def _nonspace(text: str) -> np.ndarray:
    """Mask of the characters of ``text`` that are neither horizontal space nor a newline."""
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    spaces = np.array([ord(ch) for ch in P.HSPACE + "\n"], dtype=np.uint32)
    return ~np.isin(codes, spaces)


def unit_spans(passages: pd.DataFrame, units) -> pd.DataFrame:
    """Both sides of every passage as (``unit``, ``other``, ``start``, ``end``) rows, for the
    units in ``units``."""
    sides = [
        passages[[side, partner, f"{side}_start", f"{side}_end"]].set_axis(
            ["unit", "other", "start", "end"], axis=1
        )
        for side, partner in (("a", "b"), ("b", "a"))
    ]
    spans = pd.concat(sides, ignore_index=True)
    return spans[spans["unit"].isin(units) & spans["other"].isin(units)]


def reuse_matrix(
    corpus: Corpus, passages: pd.DataFrame, units: list[str] | None = None
) -> pd.DataFrame:
    """Share of each row unit's characters (spaces and newlines aside) found in a passage it
    shares with the column unit (``passages`` from :func:`find_passages` or
    :func:`pairwise_passages`). Work grows with the passages, not with the square of the
    number of units: only pairs that share a passage are visited."""
    units = units or corpus.leaf_ids
    index = {u: k for k, u in enumerate(units)}
    share = np.eye(len(units))
    spans = unit_spans(passages, index)
    masks: dict[str, np.ndarray] = {}
    for (unit, other), rows in spans.groupby(["unit", "other"], sort=True):
        if unit == other:
            continue
        if unit not in masks:
            masks[unit] = _nonspace(corpus.tracked(unit).text)
        nonspace = masks[unit]
        covered = np.zeros(len(nonspace), dtype=bool)
        for start, end in zip(rows["start"], rows["end"], strict=True):
            covered[int(start) : int(end)] = True
        share[index[unit], index[other]] = float(
            (covered & nonspace).sum() / max(int(nonspace.sum()), 1)
        )
    return pd.DataFrame(share, index=units, columns=units).round(4)


def pairwise_reuse(
    corpus: Corpus, passages: pd.DataFrame, units: list[str] | None = None
) -> pd.DataFrame:
    """Like :func:`reuse_matrix`, but a character counts for the column unit only when no
    third unit shares it: characters shared with two or more other units are template
    (genre boilerplate such as a common opening sentence), not copying between two units."""
    units = units or corpus.leaf_ids
    index = {u: k for k, u in enumerate(units)}
    share = np.eye(len(units))
    spans = unit_spans(passages, index)
    for unit, rows in spans.groupby("unit", sort=True):
        nonspace = _nonspace(corpus.tracked(unit).text)
        covers = {}
        for other, part in rows.groupby("other", sort=True):
            if other == unit:
                continue
            mask = np.zeros(len(nonspace), dtype=bool)
            for start, end in zip(part["start"], part["end"], strict=True):
                mask[int(start) : int(end)] = True
            covers[other] = mask
        if not covers:
            continue
        partners = np.sum(list(covers.values()), axis=0)
        only = (partners == 1) & nonspace
        total = max(int(nonspace.sum()), 1)
        for other, mask in covers.items():
            share[index[unit], index[other]] = float((mask & only).sum() / total)
    return pd.DataFrame(share, index=units, columns=units).round(4)


def near_duplicates(reuse: pd.DataFrame, *, threshold: float = 0.8) -> pd.DataFrame:
    """Pairs of units whose mutual reuse (the smaller of the two shares) reaches ``threshold``."""
    rows = []
    for a, b in combinations(reuse.index, 2):
        mutual = min(reuse.at[a, b], reuse.at[b, a])
        if mutual >= threshold:
            rows.append((a, b, reuse.at[a, b], reuse.at[b, a], mutual))
    return pd.DataFrame(rows, columns=["a", "b", "share_a_in_b", "share_b_in_a", "mutual"])


DIFF_COLUMNS = ["op", "category", "a_text", "b_text", "a_line", "b_line", "a_pos", "b_pos"]
_PUNCT = set("“”\"'‘’,。.、;:!?()《》〈〉·—-…\uff0c\uff1b\uff1a\uff01\uff1f\uff08\uff09")


# administrative levels: swapping one for another is a substitution of place, not a variant
_LEVELS = set("省市区县州镇乡村")
_NUMBER = re.compile(r"[0-9０-９.%一二三四五六七八九十百千万两]")


def _category(op: str, a_text: str, b_text: str) -> str:
    """The kind of one difference event between two aligned copies."""
    both = a_text + b_text
    if not both.strip():
        return "layout"
    if all(ch in _PUNCT for ch in both):
        return "punctuation"
    if PLACEHOLDER_MARK in both:
        return "redaction"
    # punctuation changed along with text: classify the text
    a_text = "".join(ch for ch in a_text if ch not in _PUNCT and not ch.isspace())
    b_text = "".join(ch for ch in b_text if ch not in _PUNCT and not ch.isspace())
    if op == "delete" or not b_text:
        return "deletion"
    if op == "insert" or not a_text:
        return "insertion"
    if len(a_text) == len(b_text) == 1 and P.is_han(a_text) and P.is_han(b_text):
        if a_text in _LEVELS and b_text in _LEVELS:
            return "substitution"  # 省 ↔ 市: another issuer level, not a slip
        return "character variant"
    if _NUMBER.search(a_text) and _NUMBER.search(b_text):
        return "substitution"
    if max(len(a_text), len(b_text)) <= 4:
        return "substitution"  # a name, place or number swapped (城市 ↔ 天府)
    return "rewording"


def _events(op: str, a_text: str, b_text: str, a0: int, b0: int):
    """Split one difflib opcode into events: each placeholder run is one redaction (with what
    the other copy keeps there); the rest of the opcode is one event."""
    if op != "replace" or PLACEHOLDER_MARK not in a_text + b_text or len(a_text + b_text) <= 2:
        yield op, a_text, b_text, a0, b0
        return
    for side_text, other in ((a_text, b_text), (b_text, a_text)):
        if PLACEHOLDER_MARK in side_text and side_text.strip(PLACEHOLDER_MARK) == "":
            yield op, a_text, b_text, a0, b0  # a pure redaction run: one event
            return
        del other
    # mixed: redaction marks and other changes in one opcode; one event per mark, then the rest
    rest_a = a_text.replace(PLACEHOLDER_MARK, "")
    rest_b = b_text.replace(PLACEHOLDER_MARK, "")
    for k in range(a_text.count(PLACEHOLDER_MARK)):
        yield "replace", PLACEHOLDER_MARK, rest_b if k == 0 else "", a0, b0
    for k in range(b_text.count(PLACEHOLDER_MARK)):
        yield "replace", rest_a if k == 0 else "", PLACEHOLDER_MARK, a0, b0


def alignment_differences(corpus: Corpus, a: str, b: str) -> pd.DataFrame:
    """Where two aligned copies differ: one row per event, with both source lines.

    An event is one contiguous difference: a run of placeholders (one redaction, with what the
    other copy keeps there: ``□`` vs ``西部``), one substitution with its two sides, one
    inserted or deleted stretch. ``category``: ``redaction``; ``substitution`` (a name, place,
    number or administrative level swapped: 省/市, 城市/天府, 87.75/□); ``character variant``
    (one Han character for another: OCR slips 髙/高, 由/山); ``punctuation``; ``insertion``
    (text only in ``b``) / ``deletion`` (only in ``a``); ``rewording`` (longer changes);
    ``layout`` (line breaks). Texts show placeholders as ``□``; ``a_pos``/``b_pos`` are
    relative positions (0–1) in each unit."""
    ta, tb = (
        alignment_text(corpus, corpus.check_unit(a)),
        alignment_text(corpus, corpus.check_unit(b)),
    )
    matcher = SequenceMatcher(None, ta.text, tb.text, autojunk=False)
    rows = []
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            continue
        for kind, a_text, b_text, s0, t0 in _events(op, ta.text[a0:a1], tb.text[b0:b1], a0, b0):
            ra = int(ta.index[min(s0, len(ta.index) - 1)])
            rb = int(tb.index[min(t0, len(tb.index) - 1)])
            rows.append(
                (
                    kind,
                    _category(kind, a_text, b_text),
                    a_text,
                    b_text,
                    corpus.line_at(a, ra),
                    corpus.line_at(b, rb),
                    s0 / max(len(ta.text), 1),
                    t0 / max(len(tb.text), 1),
                )
            )
    return pd.DataFrame(rows, columns=DIFF_COLUMNS)
