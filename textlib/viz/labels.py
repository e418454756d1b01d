"""Bilingual labels for units: the Chinese title with a short English gloss."""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

import pandas as pd

from textlib.load.corpus import SEED_NAME, Corpus
from textlib.package_data import data_path


@lru_cache(maxsize=1)
def _seed_glosses() -> dict[str, str]:
    with data_path("seed_units.csv").open(encoding="utf-8") as fh:
        return {row["unit_id"]: row["gloss"] for row in csv.DictReader(fh)}


def unit_glosses(corpus: Corpus) -> pd.Series:
    """Short English gloss of each unit: curated for the seed page, empty for other corpora."""
    is_seed = all(Path(src).name == SEED_NAME for src in corpus.units["source"])
    glosses = _seed_glosses() if is_seed else {}
    return pd.Series(
        [glosses.get(u, "") for u in corpus.units.index], index=corpus.units.index, name="gloss"
    )


def unit_labels(corpus: Corpus, *, max_title: int = 22) -> pd.Series:
    """``"1 · Tax bureau work points\\n2022年精神文明工作要点"``-style labels per unit."""
    glosses = unit_glosses(corpus)
    labels = {}
    for unit_id, title in corpus.units["title"].items():
        short = title if len(title) <= max_title else title[: max_title - 1] + "…"
        gloss = glosses[unit_id]
        labels[unit_id] = f"{unit_id} · {gloss}\n{short}" if gloss else f"{unit_id} · {short}"
    return pd.Series(labels, name="label")


def corpus_description(corpus: Corpus) -> str:
    """A phrase naming the corpus in figure titles."""
    if unit_glosses(corpus).astype(bool).any():
        return "seven 2022 精神文明建设 plans (plan 6 in three parts)"
    return f"{len(corpus.leaf_ids)} units from {corpus.name}"


def short_labels(corpus: Corpus) -> pd.Series:
    """One-line labels: ``"1 · Tax bureau work points"`` (the title's start when no gloss)."""
    glosses = unit_glosses(corpus)
    return pd.Series(
        {u: f"{u} · {glosses[u] or t[:12]}" for u, t in corpus.units["title"].items()}, name="label"
    )
