"""One entry point for the comparative analyses of a corpus: reuse first, then clustering and
topics with near-duplicate copies collapsed."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from textlib.compare.clustering import Clustering, cluster, similarity_matrix
from textlib.compare.features import DocumentTerms, UnitSet, document_terms
from textlib.compare.reuse import (
    collapse_duplicates,
    near_duplicates,
    pairwise_passages,
    reuse_matrix,
)
from textlib.compare.topics import keyness, nmf_topics
from textlib.load.corpus import Corpus


@dataclass
class Comparison:
    """Comparative analyses of one corpus, computed lazily and cached.

    ``units`` selects the unit set for similarity, clustering, topics and keyness (``"plans"``
    or ``"parts"``); ``collapse`` drops one copy of every near-duplicate pair found by passage
    reuse (mutual share ≥ ``threshold``) so the duplicate does not pose as a topic cluster.
    """

    corpus: Corpus
    units: UnitSet = "parts"
    collapse: bool = True
    threshold: float = 0.8
    n_topics: int = 4
    k: int = 3
    n_boot: int = 200
    seed: int = 0

    @cached_property
    def passages(self) -> pd.DataFrame:
        return pairwise_passages(self.corpus)

    @cached_property
    def reuse(self) -> pd.DataFrame:
        return reuse_matrix(self.corpus, self.passages)

    @cached_property
    def duplicates(self) -> pd.DataFrame:
        return near_duplicates(self.reuse, threshold=self.threshold)

    @cached_property
    def dropped(self) -> tuple[str, ...]:
        return collapse_duplicates(self.corpus, self.duplicates) if self.collapse else ()

    @cached_property
    def dtm(self) -> DocumentTerms:
        return document_terms(self.corpus, units=self.units, drop=self.dropped)

    @cached_property
    def similarity(self) -> pd.DataFrame:
        return similarity_matrix(self.dtm)

    @cached_property
    def clustering(self) -> Clustering:
        return cluster(
            self.corpus,
            units=self.units,
            drop=self.dropped,
            k=self.k,
            n_boot=self.n_boot,
            seed=self.seed,
        )

    @cached_property
    def topics(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        return nmf_topics(self.dtm, n_topics=self.n_topics, seed=self.seed)

    @cached_property
    def keyness(self) -> pd.DataFrame:
        return keyness(self.dtm)
