"""The corpus overview table: per unit, its lines, length and noise."""

from __future__ import annotations

import pandas as pd

from textlib.explore.diagnostics import noise_summary
from textlib.load.corpus import Corpus
from textlib.text import patterns as P


def corpus_overview(corpus: Corpus) -> pd.DataFrame:
    """Per most specific unit: plan, label, source lines, repaired length and noise counts."""
    leaves = corpus.leaf_ids
    units = corpus.units.loc[leaves]
    table = pd.DataFrame(
        {
            "plan": [corpus.plan_of(u) for u in leaves],
            "start_line": units["start_line"].to_numpy(),
            "end_line": units["end_line"].to_numpy(),
            "chars": units["text"].str.len().to_numpy(),
            "han_chars": [P.count_han(t) for t in units["text"]],
        },
        index=pd.Index(leaves, name="unit_id"),
    )
    return table.join(noise_summary(corpus))
