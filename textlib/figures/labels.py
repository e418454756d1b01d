"""Bilingual labels for units, read from corpus columns (``title``, ``gloss``, ``label``)."""

from __future__ import annotations

import pandas as pd

from textlib.load.corpus import Corpus


def unit_glosses(corpus: Corpus) -> pd.Series:
    """Short English gloss of each unit: the corpus's ``gloss`` column, else empty."""
    if "gloss" in corpus.units.columns:
        gloss = corpus.units["gloss"].fillna("").astype(str)
    else:
        gloss = pd.Series("", index=corpus.units.index)
    return gloss.rename("gloss")


def unit_labels(corpus: Corpus, *, max_title: int = 22) -> pd.Series:
    """``"1 · Tax bureau work points\\n2022年精神文明工作要点"``-style labels per unit (a
    ``label`` column of the corpus wins)."""
    if "label" in corpus.units.columns:
        return corpus.units["label"].astype(str).rename("label")
    glosses = unit_glosses(corpus)
    labels = {}
    for unit_id, title in corpus.units["title"].items():
        short = title if len(title) <= max_title else title[: max_title - 1] + "…"
        gloss = glosses[unit_id]
        labels[unit_id] = f"{unit_id} · {gloss}\n{short}" if gloss else f"{unit_id} · {short}"
    return pd.Series(labels, name="label")


def corpus_description(corpus: Corpus) -> str:
    """A phrase naming the corpus in figure titles."""
    return f"{len(corpus.leaf_ids)} units of {corpus.name}"


def short_labels(corpus: Corpus) -> pd.Series:
    """One-line labels: ``"1 · Tax bureau work points"`` (the title's start when no gloss; a
    ``label`` column of the corpus wins)."""
    if "label" in corpus.units.columns:
        return corpus.units["label"].astype(str).rename("label")
    glosses = unit_glosses(corpus)
    return pd.Series(
        {u: f"{u} · {glosses[u] or t[:12]}" for u, t in corpus.units["title"].items()}, name="label"
    )
