"""Keyword in context over the repaired text, with the source line of every match."""

from __future__ import annotations

import re

import pandas as pd

from textlib.checks import corpus_arg, int_arg
from textlib.errors import EmptyTermError, StudyParameterError
from textlib.load.corpus import Corpus
from textlib.text import patterns as P

KWIC_COLUMNS = ["plan", "unit_id", "line", "left", "match", "right", "start"]


def term_pattern(term: str) -> re.Pattern[str]:
    """A pattern for ``term`` that also matches it with spaces between its characters.

    The repair keeps a space between two Han characters (``好家庭 好家教``), so a search for
    ``好家庭好家教`` must see through it. Spaces and line breaks in ``term`` itself are
    ignored (a match never spans a paragraph break); a term of nothing else raises
    :class:`EmptyTermError`, a term that is not a str :class:`StudyParameterError`.
    """
    if not isinstance(term, str):
        raise StudyParameterError("term", term, "a str (the characters to search for)")
    chars = [re.escape(ch) for ch in "".join(term.split())]
    if not chars:
        raise EmptyTermError(term)
    return re.compile(f"[{P.HSPACE}]?".join(chars))


def kwic(corpus: Corpus, term: str, *, window: int = 20) -> pd.DataFrame:
    """Every occurrence of ``term`` in the repaired text, one row each.

    ``plan`` is the top-level plan, ``unit_id`` the most specific unit, ``line`` the source line
    where the match starts, ``start`` its index in the unit's repaired text. Contexts are up to
    ``window`` characters, cut at paragraph ends, with no spaces inserted.
    """
    corpus = corpus_arg("corpus", corpus)
    int_arg("window", window, minimum=0)
    pattern = term_pattern(term)
    rows = []
    for unit_id in corpus.leaf_ids:
        text = corpus.tracked(unit_id).text
        plan = corpus.plan_of(unit_id)
        for match in pattern.finditer(text):
            s, e = match.span()
            left = text[max(0, s - window) : s].rsplit("\n", 1)[-1]
            right = text[e : e + window].split("\n", 1)[0]
            rows.append((plan, unit_id, corpus.line_at(unit_id, s), left, match.group(0), right, s))
    return corpus.annotate(corpus.with_pages(pd.DataFrame(rows, columns=KWIC_COLUMNS)))
