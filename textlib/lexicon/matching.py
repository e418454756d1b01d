"""Multi-pattern matching of lexicon variants: leftmost-longest over all variants at once, then
context rules, then the matches that overlap a longer one without being nested in it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
import pandas as pd
from ahocorasick_rs import AhoCorasick, Implementation, MatchKind

from textlib.text import patterns as P

_SPACE_CHAR = re.compile(f"[{P.HSPACE}]")
CONTEXT_CHARS = 60  # how far a not_after / not_before rule looks (same paragraph only)


class Match(NamedTuple):
    """A variant found at ``[start, end)`` of the searched text; ``overlaps`` holds the
    formulations of counted matches it overlaps without either being nested in the other
    (``|``-separated, ``""`` when none)."""

    start: int
    end: int
    variant: str
    formulation: str
    overlaps: str = ""


@dataclass(frozen=True, eq=False)
class Matcher:
    """A compiled multi-pattern matcher: ``values[i]`` is ``(variant, formulation)`` for pattern
    ``i``, or None for a ``not_within`` blocker.

    ``automaton`` finds leftmost-longest matches (blockers included); ``overlapping`` (variants
    only, same pattern ids) finds every match, for the partial overlaps; ``context`` maps a
    pattern id to its compiled ``(not_after, not_before)`` rules; ``within`` to its blockers;
    ``reaches`` holds the ids of patterns a variant can start inside of and end beyond (a proper
    suffix of the pattern is a proper prefix of a variant)."""

    automaton: AhoCorasick
    values: tuple[tuple[str, str] | None, ...]
    overlapping: AhoCorasick | None = None
    context: dict[int, tuple[re.Pattern | None, re.Pattern | None]] = field(default_factory=dict)
    within: dict[int, tuple[str, ...]] = field(default_factory=dict)
    reaches: frozenset[int] = frozenset()
    longest: int = 0

    def __len__(self) -> int:
        return len(self.values)


def _column(lexicon: pd.DataFrame, name: str) -> list[str]:
    if name not in lexicon.columns:
        return [""] * len(lexicon)
    return ["" if pd.isna(v) else str(v).strip() for v in lexicon[name]]


def compile_context(pattern: str, *, side: str) -> re.Pattern | None:
    """A ``not_after`` rule as a regex anchored at the end of the left context, a
    ``not_before`` rule anchored at the start of the right context (None when empty)."""
    if not pattern:
        return None
    return re.compile(f"(?:{pattern})$" if side == "after" else f"(?:{pattern})")


def build_matcher(lexicon: pd.DataFrame) -> Matcher:
    """Aho–Corasick automata (``ahocorasick_rs``) over every variant and ``not_within`` blocker.

    Blockers are longer strings (``开创城市``) that claim their text so that a variant inside
    them (``创城``) is not counted. ``not_after`` / ``not_before`` are regular expressions on
    the text just before / after a match (spaces ignored, same paragraph); a match they hit is
    dropped and, like a blocker, claims its text.
    """
    patterns: list[str] = []
    values: list[tuple[str, str] | None] = []
    for variant, form in zip(lexicon["variant"], lexicon["formulation"], strict=True):
        patterns.append(variant)
        values.append((variant, form))
    n_variants = len(patterns)
    known = set(patterns)
    within: dict[int, tuple[str, ...]] = {}
    for k, blockers in enumerate(_column(lexicon, "not_within")):
        own = tuple(P.HSPACE_RUN.sub("", b.strip()) for b in blockers.split("|") if b.strip())
        if own:
            within[k] = own
        for blocker in own:
            if blocker not in known:
                known.add(blocker)
                patterns.append(blocker)
                values.append(None)
    context = {}
    for k, (after, before) in enumerate(
        zip(_column(lexicon, "not_after"), _column(lexicon, "not_before"), strict=True)
    ):
        if after or before:
            context[k] = (
                compile_context(after, side="after"),
                compile_context(before, side="before"),
            )
    automaton = AhoCorasick(
        patterns, matchkind=MatchKind.LeftmostLongest, implementation=Implementation.DFA
    )
    variants = patterns[:n_variants]
    prefixes = {v[:j] for v in variants for j in range(1, len(v))}
    reaches = frozenset(
        k
        for k, pattern in enumerate(patterns)
        if any(pattern[i:] in prefixes for i in range(1, len(pattern)))
    )
    overlapping = (
        AhoCorasick(variants, matchkind=MatchKind.Standard) if reaches and variants else None
    )
    longest = max(map(len, variants), default=0)
    return Matcher(automaton, tuple(values), overlapping, context, within, reaches, longest)


def compact_view(text: str) -> tuple[str, np.ndarray]:
    """``text`` without horizontal spaces, and for each kept character its index in ``text``.

    Lexicon variants carry no spaces; the repair keeps a space between two Han characters
    (``好家庭 好家教``), so matching runs on this view. Newlines stay: no match spans paragraphs.
    """
    positions = [m.start() for m in _SPACE_CHAR.finditer(text)]
    index = np.arange(len(text), dtype=np.int64)
    if not positions:
        return text, index
    return _SPACE_CHAR.sub("", text), np.delete(index, positions)


def _context_blocks(compact: str, k: int, start: int, end: int, matcher: Matcher) -> bool:
    rules = matcher.context.get(k)
    if rules is None:
        return False
    after, before = rules
    if after is not None:
        left = compact[max(0, start - CONTEXT_CHARS) : start].rsplit("\n", 1)[-1]
        if after.search(left):
            return True
    if before is not None:
        right = compact[end : end + CONTEXT_CHARS].split("\n", 1)[0]
        if before.match(right):
            return True
    return False


def _inside_own_blocker(compact: str, k: int, start: int, end: int, matcher: Matcher) -> bool:
    variant = matcher.values[k][0]
    for blocker in matcher.within.get(k, ()):
        offset = blocker.find(variant)
        while offset >= 0:
            if compact[start - offset : start - offset + len(blocker)] == blocker:
                return True
            offset = blocker.find(variant, offset + 1)
    return False


def counted_matches(compact: str, matcher: Matcher) -> list[tuple[int, int, int, str]]:
    """The counted matches of a space-free text: ``(pattern id, start, end, overlaps)`` sorted
    by start, where ``overlaps`` names the formulations of the counted matches it overlaps.

    1. Leftmost-longest, non-overlapping matches over variants and blockers; blockers and
       matches refused by their context rule claim their text and are not counted.
    2. A variant that starts inside one of these spans and ends beyond it (改革开放 in
       全面深化改革开放) is counted too, unless it is nested in another counted or claimed span,
       sits inside one of its own blockers, its context rule refuses it, or it overlaps a
       counted match of its own formulation (one occurrence, counted once).
    """
    values = matcher.values
    spans = []  # (start, end, id, counted)
    for k, start, end in matcher.automaton.find_matches_as_indexes(compact):
        counted = values[k] is not None and not _context_blocks(compact, k, start, end, matcher)
        spans.append((start, end, k, counted))
    if matcher.overlapping is not None:
        extra = _overlap_candidates(compact, spans, matcher)
        if extra:
            spans = sorted(spans + extra)
    kept = [(s, e, k) for s, e, k, counted in spans if counted]
    overlaps = [[] for _ in kept]
    for i in range(len(kept)):
        s_i, e_i, k_i = kept[i]
        j = i + 1
        while j < len(kept) and kept[j][0] < e_i:
            s_j, e_j, k_j = kept[j]
            if e_j > e_i and s_j > s_i:
                overlaps[i].append(values[k_j][1])
                overlaps[j].append(values[k_i][1])
            j += 1
    return [
        (k, s, e, "|".join(dict.fromkeys(o))) for (s, e, k), o in zip(kept, overlaps, strict=True)
    ]


def _overlap_candidates(compact: str, spans: list, matcher: Matcher) -> list:
    """Variants starting inside a leftmost-longest span and ending beyond it, not nested in
    any other span, their own blockers or each other, and allowed by their context rules."""
    found = []
    reach = matcher.longest
    for start, end, k, _ in spans:
        if k not in matcher.reaches:
            continue
        window = compact[start + 1 : end + reach - 1]
        for j, s, e in matcher.overlapping.find_matches_as_indexes(window, overlapping=True):
            s, e = s + start + 1, e + start + 1
            if s < end < e:
                found.append((s, e, j))
    if not found:
        return []
    bounds = [(s, e) for s, e, _, _ in spans]
    candidates = []
    for s, e, j in sorted(set(found)):
        if any(bs <= s and e <= be for bs, be in bounds):
            continue
        if _inside_own_blocker(compact, j, s, e, matcher):
            continue
        if _context_blocks(compact, j, s, e, matcher):
            continue
        candidates.append((s, e, j))
    maximal = [
        (s, e, j)
        for s, e, j in candidates
        if not any((os <= s and e <= oe) and (os, oe) != (s, e) for os, oe, _ in candidates)
    ]
    # two variants of one formulation that overlap are one occurrence (农村人民公社 and
    # 人民公社化 in 农村人民公社化): the earlier match stands for it
    values = matcher.values
    taken = [(bs, be, values[k][1]) for bs, be, k, counted in spans if counted]
    kept = []
    for s, e, j in maximal:
        form = values[j][1]
        if any(bs < e and s < be and f == form for bs, be, f in taken):
            continue
        taken.append((s, e, form))
        kept.append((s, e, j, True))
    return kept


def count_matches(text: str, matcher: Matcher) -> np.ndarray:
    """How often each pattern of ``matcher`` is counted in ``text`` (spaces ignored): an array
    aligned with ``matcher.values`` (blockers always 0). The fast path for counting, the same
    matches as :func:`find_matches` without their positions."""
    if len(matcher) == 0 or not text:
        return np.zeros(len(matcher), dtype=np.int64)
    compact = _SPACE_CHAR.sub("", text)
    ids = [k for k, _, _, _ in counted_matches(compact, matcher)]
    return np.bincount(np.asarray(ids, dtype=np.int64), minlength=len(matcher))


def find_matches(text: str, matcher: Matcher) -> list[Match]:
    """The counted variant matches of ``text`` (see :func:`counted_matches`), as indices into
    ``text``, sorted by start."""
    if len(matcher) == 0 or not text:
        return []
    compact, index = compact_view(text)
    values = matcher.values
    found = counted_matches(compact, matcher)
    if not found:
        return []
    spans = np.array([(s, e - 1) for _, s, e, _ in found], dtype=np.int64)
    starts = index[spans[:, 0]].tolist()
    ends = (index[spans[:, 1]] + 1).tolist()
    return [
        Match(start, end, *values[k], overlaps)
        for (k, _, _, overlaps), start, end in zip(found, starts, ends, strict=True)
    ]
