"""One study of one corpus: parameters fixed once, every table derived from them once, lazily.

A :class:`Study` is immutable. It builds one lexicon → one tokenizer → every table, each only
when first asked for, and ``study.replace(k=5)`` returns a new study with fresh tables. Every
figure is drawn from a study's tables (:func:`textlib.draw`), so a parameter set here reaches
every table and figure built from it.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import KW_ONLY, dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd

from textlib.compare.clustering import Clustering, cluster, similarity_matrix
from textlib.compare.features import DocumentTerms, UnitSet, document_terms
from textlib.compare.passages import find_passages, passage_clusters
from textlib.compare.reuse import (
    collapse_duplicates,
    near_duplicates,
    reuse_matrix,
)
from textlib.compare.topics import keyness, nmf_topics, topic_stability
from textlib.compare.uptake import Uptake, uptake
from textlib.datasets.seed import is_seed, with_seed_columns
from textlib.errors import StudyParameterError
from textlib.explore.diagnostics import noise
from textlib.explore.overview import corpus_overview
from textlib.formulations.counting import count_formulations, formulation_hits
from textlib.lexicon.loading import load_lexicon
from textlib.lexicon.overlay import lexicon_for
from textlib.load.corpus import Corpus
from textlib.structure.headings import enumerations, outline, sections
from textlib.structure.roles import assign_roles
from textlib.tokens.segmentation import (
    DomainTokenizer,
    check_segmenter,
    tokenizer_for,
    unit_tokens,
)

UNIT_SETS = ("plans", "parts")


@dataclass(frozen=True, eq=False)
class Study:
    """An immutable study of one corpus.

    ``lexicon`` is a lexicon table or CSV path (default: the bundled lexicon, plus the seed's
    local overlay on the seed page). ``units`` (``"parts"`` or ``"plans"``) is the unit set of
    the document-term matrix, clustering, topics and keyness; ``collapse_duplicates`` drops the
    shorter copy of every near-duplicate pair (mutual reuse ≥ ``duplicate_threshold``) from
    them. ``k`` flat clusters, ``n_boot`` bootstrap resamples, ``n_topics`` NMF topics,
    ``seed`` for every random step, ``n_jobs`` workers for the per-unit stages, ``hmm`` for
    jieba's guesser (off: it invents words), ``segmenter`` the backend (``"jieba"``, or
    ``"rjieba"``: jieba-rs with the same dictionary and protection, several times faster).
    ``order_by`` a metadata column (genre, level, region, year…): plans in that order in every
    table and figure, so units of a group sit together.
    """

    corpus: Corpus
    _: KW_ONLY
    lexicon: pd.DataFrame | Path | str | None = None
    units: UnitSet = "parts"
    collapse_duplicates: bool = True
    duplicate_threshold: float = 0.8
    n_topics: int = 4
    k: int = 3
    n_boot: int = 200
    cluster_method: str = "average"
    keyness_min_count: int = 5
    seed: int = 0
    n_jobs: int = 1
    hmm: bool = False
    segmenter: str = "jieba"
    order_by: str | None = None
    progress: bool | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if not isinstance(self.corpus, Corpus):
            raise StudyParameterError("corpus", self.corpus, "a textlib Corpus")
        if isinstance(self.units, str) and self.units not in UNIT_SETS:
            raise StudyParameterError("units", self.units, "'plans', 'parts' or a list of ids")
        for name in ("n_topics", "k", "n_boot", "n_jobs", "keyness_min_count"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool):
                raise StudyParameterError(name, value, "an integer")
        for name in ("n_topics", "k", "keyness_min_count"):
            if getattr(self, name) < 1:
                raise StudyParameterError(name, getattr(self, name), "at least 1")
        if self.n_boot < 0:
            raise StudyParameterError("n_boot", self.n_boot, "0 or more")
        if not 0 < self.duplicate_threshold <= 1:
            raise StudyParameterError("duplicate_threshold", self.duplicate_threshold, "in (0, 1]")
        if self.cluster_method not in ("average", "complete", "single", "weighted"):
            raise StudyParameterError(
                "cluster_method", self.cluster_method, "average, complete, single or weighted"
            )
        check_segmenter(self.segmenter)
        object.__setattr__(self, "corpus", with_seed_columns(self.corpus))
        if self.order_by is not None:
            object.__setattr__(self, "corpus", self.corpus.reordered(self.order_by))
        if isinstance(self.lexicon, str | Path):
            object.__setattr__(self, "lexicon", load_lexicon(self.lexicon))
        elif self.lexicon is None:
            object.__setattr__(self, "lexicon", lexicon_for(self.corpus))
        elif not isinstance(self.lexicon, pd.DataFrame):
            raise StudyParameterError("lexicon", self.lexicon, "a lexicon table or a CSV path")

    def replace(self, **changes) -> Study:
        """A new study with some parameters changed; its tables are computed afresh."""
        unknown = sorted(set(changes) - {f.name for f in dataclasses.fields(self)} - {"_"})
        if unknown:
            raise StudyParameterError(unknown[0], changes[unknown[0]], "a Study parameter")
        return dataclasses.replace(self, **changes)

    @cached_property
    def fingerprint(self) -> str:
        """SHA-256 of everything the study's tables depend on: source texts, unit table
        (titles, metadata, repaired text), lexicon and parameters (not ``n_jobs``/``progress``,
        which never change a result, nor file locations)."""
        digest = hashlib.sha256()
        # texts, not where they sit on disk: a clone elsewhere has the same fingerprint
        texts = sorted(
            hashlib.sha256(s.text.encode("utf-8")).hexdigest() for s in self.corpus.sources.values()
        )
        digest.update("\n".join(texts).encode("ascii"))
        units = self.corpus.units.drop(columns=["raw", "source"], errors="ignore")
        digest.update(units.to_csv(lineterminator="\n").encode("utf-8"))
        digest.update(self.lexicon.to_csv(lineterminator="\n").encode("utf-8"))
        params = {
            f.name: getattr(self, f.name)
            for f in dataclasses.fields(self)
            if f.name not in ("corpus", "lexicon", "n_jobs", "progress", "_")
        }
        digest.update(repr(sorted(params.items())).encode("utf-8"))
        return digest.hexdigest()

    @property
    def is_seed(self) -> bool:
        """Whether the corpus is the seed page (recognised by content hash)."""
        return is_seed(self.corpus)

    # -- formulations and tokens ------------------------------------------------------------
    @cached_property
    def tokenizer(self) -> DomainTokenizer:
        """The domain tokenizer of this study's lexicon (shared when it is the bundled one)."""
        if self.lexicon is lexicon_for(self.corpus):
            return tokenizer_for(self.corpus, hmm=self.hmm, segmenter=self.segmenter)
        return DomainTokenizer(self.lexicon, hmm=self.hmm, segmenter=self.segmenter)

    @cached_property
    def hits(self) -> pd.DataFrame:
        """One row per formulation occurrence (:func:`textlib.formulation_hits`)."""
        return formulation_hits(
            self.corpus, self.lexicon, n_jobs=self.n_jobs, progress=self.progress
        )

    @cached_property
    def counts(self) -> pd.DataFrame:
        """Unit × formulation × variant counts with zeros (:func:`textlib.count_formulations`)."""
        return count_formulations(
            self.corpus, self.lexicon, n_jobs=self.n_jobs, progress=self.progress
        )

    @cached_property
    def tokens(self) -> pd.DataFrame:
        """One row per token of each most specific unit (:func:`textlib.unit_tokens`)."""
        return unit_tokens(self.corpus, self.tokenizer, n_jobs=self.n_jobs, progress=self.progress)

    # -- reading aids and structure ---------------------------------------------------------
    @cached_property
    def noise(self) -> pd.DataFrame:
        """What the repair changed and what is missing (:func:`textlib.noise`)."""
        return noise(self.corpus)

    @cached_property
    def overview(self) -> pd.DataFrame:
        """Per unit: lines, length and noise counts (:func:`textlib.corpus_overview`)."""
        return corpus_overview(self.corpus)

    @cached_property
    def outline(self) -> pd.DataFrame:
        """One row per heading (:func:`textlib.outline`)."""
        return outline(self.corpus, n_jobs=self.n_jobs, progress=self.progress)

    @cached_property
    def enumerations(self) -> pd.DataFrame:
        """一是…二是… items (:func:`textlib.enumerations`)."""
        return enumerations(self.corpus)

    @cached_property
    def sections(self) -> pd.DataFrame:
        """Sections of each unit with their roles (:func:`textlib.sections`, ``assign_roles``)."""
        return assign_roles(sections(self.corpus))

    # -- comparison -------------------------------------------------------------------------
    @cached_property
    def passages(self) -> pd.DataFrame:
        """Aligned passages shared by pairs of most specific units: candidates from hashed
        character n-grams (no all-pairs step), aligned only where they share a seed run."""
        return find_passages(self.corpus, n_jobs=self.n_jobs, progress=self.progress)

    @cached_property
    def passage_clusters(self) -> pd.DataFrame:
        """Each shared text with all its copies (connected passages), ``template`` when it
        spans three or more units, apart from pairwise reuse."""
        return passage_clusters(self.passages)

    def uptake(self, reference, *, by: str = "clause", threshold: float = 0.8) -> Uptake:
        """Uptake of a reference (a unit id, a text or another corpus) by every unit, clause by
        clause: verbatim, adapted (with score and span) or absent (:func:`textlib.uptake`)."""
        return uptake(self, reference, by=by, threshold=threshold)

    @cached_property
    def reuse(self) -> pd.DataFrame:
        """Share of each unit's text found in passages shared with each other unit."""
        return reuse_matrix(self.corpus, self.passages)

    @cached_property
    def duplicates(self) -> pd.DataFrame:
        """Near-duplicate pairs (mutual reuse ≥ ``duplicate_threshold``)."""
        return near_duplicates(self.reuse, threshold=self.duplicate_threshold)

    @cached_property
    def dropped(self) -> tuple[str, ...]:
        """Units left out of the comparison as the shorter copy of a near-duplicate pair."""
        if not self.collapse_duplicates:
            return ()
        return collapse_duplicates(self.corpus, self.duplicates)

    @cached_property
    def dtm(self) -> DocumentTerms:
        """The document-term matrix, built once (:func:`textlib.document_terms`)."""
        return document_terms(
            self.corpus, units=self.units, drop=self.dropped, tokenizer=self.tokenizer
        )

    @cached_property
    def similarity(self) -> pd.DataFrame:
        """Cosine similarity of the units' TF-IDF vectors."""
        return similarity_matrix(self.dtm)

    @cached_property
    def clustering(self) -> Clustering:
        """Hierarchical clustering with bootstrap support (:func:`textlib.cluster`)."""
        return cluster(
            self.dtm, k=self.k, method=self.cluster_method, n_boot=self.n_boot, seed=self.seed
        )

    @cached_property
    def topics(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """NMF topics: (top terms per topic, unit × topic weights)."""
        return nmf_topics(self.dtm, n_topics=self.n_topics, seed=self.seed)

    @cached_property
    def topic_stability(self) -> pd.DataFrame:
        """Whether ``n_topics`` (and its neighbours) give reproducible, non-trivial topics."""
        return topic_stability(self.dtm, n_topics=self.n_topics)

    @cached_property
    def keyness(self) -> pd.DataFrame:
        """Signed log-likelihood keyness of each unit against the rest."""
        return keyness(self.dtm, min_count=self.keyness_min_count)

    # -- figures ----------------------------------------------------------------------------
    def figure_data(self, figure_id: str) -> pd.DataFrame:
        """Exactly the table the registered figure ``figure_id`` shows."""
        from textlib.figures.registry import get_spec

        return get_spec(figure_id).data(self)
