"""Multi-pattern matching of lexicon variants: leftmost-longest, non-overlapping, all at once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pandas as pd
from ahocorasick_rs import AhoCorasick, Implementation, MatchKind

from textlib.text import patterns as P

_SPACE_CHAR = re.compile(f"[{P.HSPACE}]")


class Match(NamedTuple):
    """A variant found at ``[start, end)`` of the searched text."""

    start: int
    end: int
    variant: str
    formulation: str


@dataclass(frozen=True, eq=False)
class Matcher:
    """A compiled multi-pattern matcher: ``values[i]`` is ``(variant, formulation)`` for pattern
    ``i``, or None for a ``not_within`` blocker."""

    automaton: AhoCorasick
    values: tuple[tuple[str, str] | None, ...]

    def __len__(self) -> int:
        return len(self.values)


def build_matcher(lexicon: pd.DataFrame) -> Matcher:
    """An Aho–Corasick automaton (``ahocorasick_rs``, leftmost-longest, DFA) over every variant
    and every ``not_within`` blocker.

    Blockers are longer strings (``开创城市``) that claim their text so that a variant inside
    them (``创城``) is not counted.
    """
    patterns: list[str] = []
    values: list[tuple[str, str] | None] = []
    for variant, form in zip(lexicon["variant"], lexicon["formulation"], strict=True):
        patterns.append(variant)
        values.append((variant, form))
    known = set(patterns)
    for blockers in lexicon["not_within"]:
        for blocker in filter(None, (b.strip() for b in blockers.split("|"))):
            blocker = P.HSPACE_RUN.sub("", blocker)
            if blocker not in known:
                known.add(blocker)
                patterns.append(blocker)
                values.append(None)
    automaton = AhoCorasick(
        patterns, matchkind=MatchKind.LeftmostLongest, implementation=Implementation.DFA
    )
    return Matcher(automaton, tuple(values))


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


def count_matches(text: str, matcher: Matcher) -> np.ndarray:
    """How often each pattern of ``matcher`` matches ``text`` (leftmost-longest, spaces
    ignored): an array aligned with ``matcher.values`` (blockers included). The fast path for
    counting; :func:`find_matches` gives positions."""
    if len(matcher) == 0 or not text:
        return np.zeros(len(matcher), dtype=np.int64)
    compact = _SPACE_CHAR.sub("", text)
    ids = [k for k, _, _ in matcher.automaton.find_matches_as_indexes(compact)]
    return np.bincount(np.asarray(ids, dtype=np.int64), minlength=len(matcher))


def find_matches(text: str, matcher: Matcher) -> list[Match]:
    """Leftmost-longest, non-overlapping variant matches, as indices into ``text``."""
    if len(matcher) == 0 or not text:
        return []
    compact, index = compact_view(text)
    values = matcher.values
    found = [m for m in matcher.automaton.find_matches_as_indexes(compact) if values[m[0]]]
    if not found:
        return []
    spans = np.array([(s, e - 1) for _, s, e in found], dtype=np.int64)
    starts = index[spans[:, 0]].tolist()
    ends = (index[spans[:, 1]] + 1).tolist()
    return [
        Match(start, end, *values[k])
        for (k, _, _), start, end in zip(found, starts, ends, strict=True)
    ]
