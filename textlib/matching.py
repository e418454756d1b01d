"""Multi-pattern matching of lexicon variants: leftmost-longest, non-overlapping, all at once."""

from __future__ import annotations

from dataclasses import dataclass

import ahocorasick
import numpy as np
import pandas as pd

from textlib import patterns as P


@dataclass(frozen=True)
class Match:
    """A variant found at ``[start, end)`` of the searched text."""

    start: int
    end: int
    variant: str
    formulation: str


def build_matcher(lexicon: pd.DataFrame) -> ahocorasick.Automaton:
    """An Aho–Corasick automaton over every variant and every ``not_within`` blocker.

    Blockers are longer strings (``开创城市``) that claim their text so that a variant inside
    them (``创城``) is not counted.
    """
    automaton = ahocorasick.Automaton()
    for variant, form in zip(lexicon["variant"], lexicon["formulation"], strict=True):
        automaton.add_word(variant, (variant, form))
    for blockers in lexicon["not_within"]:
        for blocker in filter(None, (b.strip() for b in blockers.split("|"))):
            blocker = P.HSPACE_RUN.sub("", blocker)
            if blocker not in automaton:
                automaton.add_word(blocker, None)
    automaton.make_automaton()
    return automaton


def compact_view(text: str) -> tuple[str, np.ndarray]:
    """``text`` without horizontal spaces, and for each kept character its index in ``text``.

    Lexicon variants carry no spaces; the repair keeps a space between two Han characters
    (``好家庭 好家教``), so matching runs on this view. Newlines stay: no match spans paragraphs.
    """
    keep = np.fromiter((ch not in P.HSPACE for ch in text), dtype=bool, count=len(text))
    index = np.flatnonzero(keep)
    return "".join(text[i] for i in index), index


def find_matches(text: str, automaton: ahocorasick.Automaton) -> list[Match]:
    """Leftmost-longest, non-overlapping variant matches, as indices into ``text``."""
    if len(automaton) == 0 or not text:
        return []
    compact, index = compact_view(text)
    matches = []
    for end, value in automaton.iter_long(compact):
        if value is None:  # a not_within blocker
            continue
        variant, form = value
        start = end - len(variant) + 1
        matches.append(Match(int(index[start]), int(index[end]) + 1, variant, form))
    return matches
