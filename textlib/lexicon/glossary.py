"""English glosses for terms shown in figures: the lexicon's glosses, then a small glossary."""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from textlib.package_data import data_path


@lru_cache(maxsize=1)
def _glossary() -> dict[str, str]:
    table = pd.read_csv(data_path("glossary.csv"), dtype=str)
    return dict(zip(table["term"], table["gloss"], strict=True))


def gloss_terms(terms, lexicon: pd.DataFrame) -> dict[str, str]:
    """``term → gloss`` for each term: the lexicon gloss of a formulation (or variant), else
    the bundled glossary (``textlib/data/glossary.csv``), else an empty string."""
    by_variant = dict(zip(lexicon["variant"], lexicon["gloss"], strict=True))
    glossary = _glossary()
    return {t: by_variant.get(t) or glossary.get(t, "") for t in terms}


def glossed(term: str, gloss: str, *, width: int = 40) -> str:
    """``"税务 · taxation"``; the gloss cut to ``width`` characters; the term alone if no gloss."""
    if not gloss:
        return term
    gloss = gloss if len(gloss) <= width else gloss[: width - 1].rstrip() + "…"
    return f"{term} · {gloss}"
