"""One study of one corpus: parameters fixed once, one unit set, every table derived once.

A :class:`Study` is immutable and is the one owner of parameters and of the unit set. It
resolves one lexicon, builds one tokenizer and finds near-duplicates once; every table below
(counts, tokens, outline, comparison, reuse, dating…) is computed lazily over the same unit set
(one copy of each near-duplicate pair left out, by a reported rule) with the same parameters.
``study.replace(k=5)`` returns a new study with fresh tables. Figures read only these tables
(:func:`textlib.draw`), so a parameter set here reaches every table and figure.

Analyses live below the Study as table-level functions (they take a Corpus or tables and
keyword parameters, never a Study); the Study combines them.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import KW_ONLY, dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd

from textlib import registry
from textlib.compare.clustering import Clustering, cluster, dendrogram_layout, similarity_matrix
from textlib.compare.correspondence import Correspondence, ca
from textlib.compare.duplicates import check_keep, choose_copies
from textlib.compare.features import DocumentTerms, UnitSet, document_terms
from textlib.compare.passages import find_passages, passage_cluster_labels, passage_clusters
from textlib.compare.reuse import (
    alignment_differences,
    near_duplicates,
    pairwise_reuse,
    reuse_matrix,
)
from textlib.compare.template_map import template_map
from textlib.compare.topics import keyness, nmf_topics, topic_stability
from textlib.compare.uptake import Uptake, clause_headings, uptake
from textlib.datasets.seed import is_seed, load_seed, with_seed_columns
from textlib.errors import NotApplicableError, StudyParameterError
from textlib.explore.dating import dating_evidence
from textlib.explore.diagnostics import noise
from textlib.explore.overview import corpus_overview
from textlib.explore.reader import HTML, hits_kwic, reader
from textlib.formulations.collocations import collocations
from textlib.formulations.cooccurrence import Cooccurrence, cooccurrence
from textlib.formulations.counting import (
    count_formulations,
    formulation_hits,
    plan_formulation_counts,
)
from textlib.formulations.presence import presence_table
from textlib.formulations.tables import hit_positions
from textlib.formulations.trend import trend, watchwords
from textlib.lexicon.audit import lexicon_audit
from textlib.lexicon.glossary import gloss_terms
from textlib.lexicon.loading import check_lexicon_table, load_lexicon
from textlib.lexicon.overlay import lexicon_for
from textlib.load.corpus import Corpus
from textlib.structure.headings import enumerations, locate_sections, outline, sections
from textlib.structure.roles import assign_roles
from textlib.structure.summary import role_tables, skyline_table, structure_summary
from textlib.tokens.segmentation import (
    DomainTokenizer,
    check_segmenter,
    default_tokenizer,
    unit_tokens,
)

UNIT_SETS = ("plans", "parts")
CIVIC_KIND = "civic term"  # generic civic vocabulary (志愿服务, 文明单位 …), not 提法


@dataclass(frozen=True, eq=False)
class Study:
    """An immutable study of one corpus.

    ``lexicon`` is a lexicon table or CSV path (default: the bundled lexicon, plus the corpus's
    overlay, e.g. the seed's local slogans). ``units`` (``"parts"`` or ``"plans"``) is the unit
    set of the document-term matrix, clustering, topics and keyness.

    **One unit set.** With ``collapse_duplicates`` (default), near-duplicate pairs (mutual
    reuse ≥ ``duplicate_threshold``) are found once and one copy of each is left out of every
    table and figure; ``keep`` says which copy stays: ``"supported"`` (the copy whose metadata
    its text supports best; see :mod:`textlib.compare.duplicates`), ``"longest"``, ``"first"``
    or a list of unit ids to keep. ``study.duplicates`` reports each pair, the kept copy and
    why; ``study.unit_ids`` are the units kept.

    ``leave_out_kinds``: lexicon kinds left out of the charts of 提法 (``charted_counts``,
    ``charted_hits``; default: generic civic terms). ``formulations``: the formulations the
    charts show (a list of lexicon formulations; default None: each chart picks the most
    frequent or widespread). ``k`` flat clusters, ``n_boot``
    bootstrap resamples, ``n_topics`` NMF topics, ``seed`` for every random step, ``n_jobs``
    workers for the per-unit stages, ``hmm`` for jieba's guesser (off: it invents words),
    ``segmenter`` the backend (``"jieba"`` or ``"rjieba"``). ``order_by`` a metadata column:
    plans in that order in every table and figure. ``progress``: show progress bars (None:
    only for long runs).
    """

    corpus: Corpus
    _: KW_ONLY
    lexicon: pd.DataFrame | Path | str | None = None
    units: UnitSet = "parts"
    collapse_duplicates: bool = True
    duplicate_threshold: float = 0.8
    keep: str | tuple[str, ...] = "supported"
    leave_out_kinds: tuple[str, ...] = (CIVIC_KIND,)
    formulations: tuple[str, ...] | None = None
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
        for name in ("n_topics", "k", "n_boot", "n_jobs", "keyness_min_count", "seed"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool):
                raise StudyParameterError(name, value, "an integer")
        for name in ("n_topics", "k", "keyness_min_count"):
            if getattr(self, name) < 1:
                raise StudyParameterError(name, getattr(self, name), "at least 1")
        if self.n_jobs == 0 or self.n_jobs < -1:
            raise StudyParameterError("n_jobs", self.n_jobs, "1 or more workers, or -1 for all")
        for name in ("n_boot", "seed"):
            if getattr(self, name) < 0:
                raise StudyParameterError(name, getattr(self, name), "0 or more")
        threshold = self.duplicate_threshold
        if not isinstance(threshold, int | float) or not 0 < threshold <= 1:
            raise StudyParameterError("duplicate_threshold", threshold, "a number in (0, 1]")
        if self.cluster_method not in ("average", "complete", "single", "weighted"):
            raise StudyParameterError(
                "cluster_method", self.cluster_method, "average, complete, single or weighted"
            )
        if isinstance(self.leave_out_kinds, str) or not all(
            isinstance(k, str) for k in self.leave_out_kinds
        ):
            raise StudyParameterError("leave_out_kinds", self.leave_out_kinds, "a tuple of kinds")
        object.__setattr__(self, "leave_out_kinds", tuple(self.leave_out_kinds))
        if self.formulations is not None:
            if isinstance(self.formulations, str) or not all(
                isinstance(f, str) for f in self.formulations
            ):
                raise StudyParameterError(
                    "formulations", self.formulations, "a list of lexicon formulations or None"
                )
            object.__setattr__(self, "formulations", tuple(dict.fromkeys(self.formulations)))
        object.__setattr__(self, "keep", check_keep(self.keep))
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
        object.__setattr__(self, "lexicon", check_lexicon_table(self.lexicon))
        if self.formulations is not None:
            known = set(self.lexicon["formulation"])
            unknown = [f for f in self.formulations if f not in known]
            if unknown:
                raise StudyParameterError(
                    "formulations", unknown[0], "a formulation of the lexicon"
                )

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

    # -- the unit set -----------------------------------------------------------------------
    @cached_property
    def _all_passages(self) -> pd.DataFrame:
        return find_passages(self.corpus, n_jobs=self.n_jobs, progress=self.progress)

    @cached_property
    def duplicates(self) -> pd.DataFrame:
        """Near-duplicate pairs (mutual reuse ≥ ``duplicate_threshold``), found once over all
        units, with the copy ``kept``, the one ``dropped`` and the ``reason`` (the ``keep``
        rule). The pairs are always reported; with ``collapse_duplicates=False`` nothing is
        dropped (``dropped`` is empty)."""
        reuse = reuse_matrix(self.corpus, self._all_passages)
        pairs = near_duplicates(reuse, threshold=self.duplicate_threshold)
        table = choose_copies(self.corpus, pairs, keep=self.keep, dating=self._all_dating)
        if not self.collapse_duplicates:
            table = table.assign(dropped="", reason="both copies kept (collapse_duplicates=False)")
        return table

    @cached_property
    def dropped(self) -> tuple[str, ...]:
        """Units left out of every table and figure as the other copy of a near-duplicate."""
        if not self.collapse_duplicates:
            return ()
        return tuple(dict.fromkeys(u for u in self.duplicates["dropped"] if u))

    @cached_property
    def unit_ids(self) -> tuple[str, ...]:
        """The most specific units every table and figure uses: all, less ``dropped``."""
        dropped = set(self.dropped)
        return tuple(u for u in self.corpus.leaf_ids if u not in dropped)

    @property
    def n_units(self) -> int:
        """N: the number of distinct texts (most specific units, duplicates collapsed)."""
        return len(self.unit_ids)

    def _kept(self, table: pd.DataFrame) -> pd.DataFrame:
        if not self.dropped:
            return table
        return table[~table["unit_id"].astype(str).isin(set(self.dropped))].reset_index(drop=True)

    # -- formulations and tokens ------------------------------------------------------------
    @cached_property
    def tokenizer(self) -> DomainTokenizer:
        """The domain tokenizer of this study's lexicon (built once, owned by the study)."""
        if self.corpus.overlay_lexicon is None and self.lexicon is not None:
            default = default_tokenizer(self.hmm, self.segmenter)
            if self.lexicon.equals(default.lexicon):
                return default
        return DomainTokenizer(self.lexicon, hmm=self.hmm, segmenter=self.segmenter)

    @cached_property
    def hits(self) -> pd.DataFrame:
        """One row per formulation occurrence in the unit set (:func:`formulation_hits`)."""
        table = formulation_hits(
            self.corpus, self.lexicon, n_jobs=self.n_jobs, progress=self.progress
        )
        return self._kept(table)

    @cached_property
    def counts(self) -> pd.DataFrame:
        """Unit × formulation × variant counts with zeros, over the unit set."""
        table = count_formulations(
            self.corpus, self.lexicon, n_jobs=self.n_jobs, progress=self.progress
        )
        return self._kept(table)

    @cached_property
    def left_out(self) -> tuple[str, ...]:
        """Formulations of the lexicon kinds in ``leave_out_kinds`` (left out of the charts)."""
        kind = self.lexicon.groupby("formulation", sort=False)["kind"].first()
        return tuple(sorted(kind[kind.isin(self.leave_out_kinds)].index))

    @cached_property
    def charted_counts(self) -> pd.DataFrame:
        """``counts`` without the formulations in ``left_out`` (and only ``formulations`` when
        set): what the charts of 提法 show."""
        return self.counts[self._charted(self.counts["formulation"])]

    @cached_property
    def charted_hits(self) -> pd.DataFrame:
        """``hits`` without the formulations in ``left_out`` (and only ``formulations`` when
        set)."""
        return self.hits[self._charted(self.hits["formulation"])]

    def _charted(self, formulation: pd.Series) -> pd.Series:
        keep = ~formulation.isin(set(self.left_out))
        if self.formulations is not None:
            keep &= formulation.isin(set(self.formulations))
        return keep

    @cached_property
    def plan_counts(self) -> pd.DataFrame:
        """``charted_counts`` summed over variants and parts: plan × formulation, per_10k."""
        return plan_formulation_counts(self.corpus, self.charted_counts)

    @cached_property
    def hit_positions(self) -> pd.DataFrame:
        """Where each charted hit sits in its plan, 0 (start) to 1 (end)."""
        return hit_positions(self.corpus, self.charted_hits)

    @cached_property
    def tokens(self) -> pd.DataFrame:
        """One row per token of each unit of the unit set (:func:`unit_tokens`)."""
        table = unit_tokens(self.corpus, self.tokenizer, n_jobs=self.n_jobs, progress=self.progress)
        return self._kept(table)

    def gloss(self, terms) -> pd.Series:
        """English glosses of ``terms`` from this study's lexicon and the glossary."""
        return pd.Series(gloss_terms(terms, self.lexicon), dtype=object)

    def kwic(self, formulation: str | None = None) -> pd.DataFrame:
        """Formulation hits as a keyword-in-context table (``ref`` = ``unit:line``); for any
        other term use :func:`textlib.kwic`."""
        return hits_kwic(self.hits, formulation)

    @cached_property
    def presence(self) -> pd.DataFrame:
        """Which unit adopts, rewords or omits each core formulation (:func:`presence_table`)."""
        return presence_table(self.counts, self.lexicon, top=26)

    def trend(
        self, by: str = "year", *, formulations=None, n_boot: int | None = None
    ) -> pd.DataFrame:
        """Formulation rates per group of units (``by``: year, level, region…) with bootstrap
        intervals over paragraphs (``n_boot`` defaults to the study's, seeded by ``seed``)."""
        return trend(
            self.corpus,
            self.hits,
            lexicon=self.lexicon,
            by=by,
            units=list(self.unit_ids),
            formulations=self.formulations if formulations is None else formulations,
            n_boot=self.n_boot if n_boot is None else n_boot,
            seed=self.seed,
        )

    def watchwords(
        self, by: str = "year", *, top: int = 10, formulations=None, evidence: int = 3
    ) -> pd.DataFrame:
        """Formulations that appear, disappear, rise or fall between consecutive groups."""
        return watchwords(
            self.corpus,
            self.hits,
            lexicon=self.lexicon,
            by=by,
            units=list(self.unit_ids),
            top=top,
            formulations=self.formulations if formulations is None else formulations,
            evidence=evidence,
        )

    def collocations(
        self, *, window: int = 5, by: str = "window", min_count: int = 3, group: str | None = None
    ) -> pd.DataFrame:
        """Collocates of each formulation by log-likelihood G² (:func:`collocations`)."""
        return collocations(
            self.tokens,
            corpus=self.corpus,
            lexicon=self.lexicon,
            window=window,
            by=by,
            min_count=min_count,
            group=group,
        )

    def cooccurrence(
        self,
        *,
        within: str = "paragraph",
        measure: str = "jaccard",
        top: int = 60,
        min_count: int = 2,
    ) -> Cooccurrence:
        """Formulations sharing paragraphs or sections: a weighted network (seeded)."""
        return cooccurrence(
            self.hits,
            corpus=self.corpus,
            lexicon=self.lexicon,
            sections=self.sections if within == "section" else None,
            within=within,
            measure=measure,
            top=top,
            min_count=min_count,
            seed=self.seed,
        )

    def correspondence(self, *, columns: str = "formulations", n_axes: int = 2) -> Correspondence:
        """Correspondence analysis of units × formulations (hit counts summed over variants,
        most specific units) or units × terms (the document-term matrix)."""
        if columns == "formulations":
            counts = self.counts.assign(unit_id=self.counts["unit_id"].astype(str))
            order = list(dict.fromkeys(counts["unit_id"]))
            table = counts.pivot_table(
                index="unit_id", columns="formulation", values="count", aggfunc="sum", fill_value=0
            ).reindex(order)
        elif columns == "terms":
            dtm = self.dtm
            table = pd.DataFrame(dtm.counts.toarray(), index=dtm.units, columns=dtm.terms)
        else:
            raise StudyParameterError("columns", columns, "'formulations' or 'terms'")
        table = table.sort_index(axis=1)
        table.index.name, table.columns.name = "unit_id", None
        return ca(table, n_axes=n_axes)

    def lexicon_audit(self, *, max_len: int = 3, samples: int = 3) -> pd.DataFrame:
        """Short or ambiguous variants of the lexicon with their hits (:func:`lexicon_audit`)."""
        return lexicon_audit(self.lexicon, self.hits, max_len=max_len, samples=samples)

    # -- reading aids and structure ---------------------------------------------------------
    @cached_property
    def noise(self) -> pd.DataFrame:
        """What the repair changed and what is missing, over the unit set (:func:`noise`)."""
        return self._kept(noise(self.corpus))

    @cached_property
    def overview(self) -> pd.DataFrame:
        """Per unit of the unit set: lines, length and noise counts (:func:`corpus_overview`)."""
        table = corpus_overview(self.corpus)
        return table[table.index.isin(set(self.unit_ids))]

    @cached_property
    def outline(self) -> pd.DataFrame:
        """One row per heading (:func:`outline`)."""
        return self._kept(outline(self.corpus, n_jobs=self.n_jobs, progress=self.progress))

    @cached_property
    def enumerations(self) -> pd.DataFrame:
        """一是…二是… items (:func:`enumerations`)."""
        return self._kept(enumerations(self.corpus))

    @cached_property
    def sections(self) -> pd.DataFrame:
        """Sections of each unit with their roles (:func:`sections`, ``assign_roles``)."""
        return self._kept(assign_roles(sections(self.corpus)))

    @cached_property
    def structure_summary(self) -> pd.DataFrame:
        """Headings per level, enumerations and mean section length per unit."""
        return structure_summary(
            self.corpus,
            self.outline,
            self.enumerations,
            self.sections,
            units=list(self.unit_ids),
        )

    @cached_property
    def skyline(self) -> pd.DataFrame:
        """Blocks of each unit's outline, sized by Han characters (:func:`skyline_table`)."""
        return skyline_table(self.sections)

    @cached_property
    def roles(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Charted hits per 1,000 Han characters by section role: (plans, formulations)."""
        return role_tables(self.charted_hits_in_sections, self.sections)

    @cached_property
    def charted_hits_in_sections(self) -> pd.DataFrame:
        """``charted_hits`` with the section (and its role) each falls in."""
        located = locate_sections(self.charted_hits, self.sections)
        located["role"] = located["section_id"].map(self.sections.set_index("section_id")["role"])
        return located

    @cached_property
    def _all_dating(self) -> pd.DataFrame:
        return dating_evidence(self.corpus)

    @cached_property
    def dating(self) -> pd.DataFrame:
        """Internal time markers of each unit (:func:`dating_evidence`)."""
        return self._kept(self._all_dating)

    def reader(self, unit_id: str) -> HTML:
        """One unit as HTML: headings, hits glossed on hover, repairs beside source lines."""
        return reader(
            self.corpus,
            unit_id,
            hits=self.hits,
            outline=self.outline,
            noise=self.noise,
            lexicon=self.lexicon,
        )

    # -- comparison -------------------------------------------------------------------------
    @cached_property
    def passages(self) -> pd.DataFrame:
        """Aligned passages shared by pairs of units of the unit set: candidates from hashed
        character n-grams (no all-pairs step), aligned only where they share a seed run."""
        dropped = set(self.dropped)
        table = self._all_passages
        if not dropped:
            return table
        keep = ~table["a"].astype(str).isin(dropped) & ~table["b"].astype(str).isin(dropped)
        return table[keep].reset_index(drop=True)

    @cached_property
    def passage_clusters(self) -> pd.DataFrame:
        """Each shared text with all its copies (passages holding one core text up to edits,
        never a chain of unrelated stretches), ``template`` when it spans three or more units,
        apart from pairwise reuse."""
        return passage_clusters(self.passages, method="text", labels=self.passage_labels)

    @cached_property
    def passage_labels(self) -> pd.Series:
        """The cluster of each row of ``passages`` (:func:`passage_cluster_labels`)."""
        return passage_cluster_labels(self.passages)

    @cached_property
    def reuse(self) -> pd.DataFrame:
        """Share of each unit's text found in passages shared with each other unit."""
        return reuse_matrix(self.corpus, self.passages, list(self.unit_ids))

    @cached_property
    def pairwise_reuse(self) -> pd.DataFrame:
        """Share of each unit's text shared with one other unit only (template left out)."""
        return pairwise_reuse(self.corpus, self.passages, list(self.unit_ids))

    @cached_property
    def template_map(self) -> pd.DataFrame:
        """Where template and pairwise reuse sit in each unit (:func:`template_map`)."""
        return template_map(
            self.corpus,
            self.passages,
            self.passage_clusters,
            self.passage_labels,
            units=list(self.unit_ids),
        )

    @cached_property
    def duplicate_alignment(self) -> pd.DataFrame:
        """Where the two copies of the first near-duplicate pair differ, by category."""
        if not len(self.duplicates):
            raise NotApplicableError("duplicate alignment", "the corpus has no near-duplicate pair")
        a, b = str(self.duplicates["a"].iloc[0]), str(self.duplicates["b"].iloc[0])
        return alignment_differences(self.corpus, a, b).assign(a=a, b=b)

    @cached_property
    def uptake_reference(self) -> tuple[str, str]:
        """The default reference of :meth:`uptake` and why: the unit of the unit set whose
        text the other units share most (mean share of its text in passages shared with each
        other unit; ties: the longer, then the first), so the uptake shows what travelled."""
        if not self.unit_ids:
            raise NotApplicableError("uptake", "the unit set is empty")
        reuse = self.reuse.loc[list(self.unit_ids), list(self.unit_ids)]
        n = len(self.unit_ids)
        shared = (reuse.sum(axis=1) - 1.0) / max(n - 1, 1)  # the diagonal is 1
        lengths = {u: len(self.corpus.tracked(u).text) for u in self.unit_ids}
        best = max(self.unit_ids, key=lambda u: (round(float(shared[u]), 12), lengths[u]))
        return best, (
            f"the unit whose text the others share most ({float(shared[best]):.1%} of it, on "
            "average, in passages shared with each other unit)"
        )

    def uptake(self, reference=None, *, by: str = "clause", threshold: float = 0.8) -> Uptake:
        """Uptake of a reference (a unit id, a Chinese text or another corpus; default
        :attr:`uptake_reference`) by every other unit of the unit set, clause by clause:
        verbatim, adapted (with score and span) or absent, with the reference's headings.
        Computed once per reference and setting (the figure and a notebook share it)."""
        if reference is None:
            reference = self.uptake_reference[0]
        if isinstance(reference, Study):
            reference = reference.corpus
        key = (reference, by, threshold) if isinstance(reference, str) else None
        if key is not None and key in self._uptakes:
            return self._uptakes[key]
        result = uptake(
            self.corpus,
            reference,
            by=by,
            threshold=threshold,
            units=list(self.unit_ids),
            n_jobs=self.n_jobs,
            progress=self.progress,
        )
        if isinstance(reference, str) and reference in self.corpus.repaired:
            n_clauses = int(result.table["clause"].max()) + 1 if len(result.table) else 0
            heads = clause_headings(self.corpus, self.outline, reference, n_clauses, by=by)
            result = dataclasses.replace(result, table=result.table.join(heads, on="clause"))
        if key is not None:
            self._uptakes[key] = result
        return result

    @cached_property
    def _uptakes(self) -> dict:
        return {}

    @cached_property
    def dtm(self) -> DocumentTerms:
        """The document-term matrix of the unit set, read off ``tokens`` (no second pass)."""
        return document_terms(
            self.tokens,
            corpus=self.corpus,
            lexicon=self.lexicon,
            units=self.units,
            drop=self.dropped,
        )

    def _needs_units(self, what: str, fewest: int) -> None:
        n = len(self.dtm.units)
        if n < fewest:
            raise NotApplicableError(
                what, f"it needs at least {fewest} distinct units; the unit set has {n}"
            )

    @cached_property
    def similarity(self) -> pd.DataFrame:
        """Cosine similarity of the units' TF-IDF vectors."""
        return similarity_matrix(self.dtm)

    @cached_property
    def clustering(self) -> Clustering:
        """Hierarchical clustering with bootstrap support (:func:`cluster`)."""
        self._needs_units("clustering", 3)
        return cluster(
            self.dtm, k=self.k, method=self.cluster_method, n_boot=self.n_boot, seed=self.seed
        )

    @cached_property
    def dendrogram(self) -> pd.DataFrame:
        """The clustering's tree drawn sideways, leaves top to bottom: ``segment`` rows (a line
        from x0, y0 to x1, y1) and one ``merge`` row per merge (where it sits: x0, y0)."""
        layout = dendrogram_layout(self.clustering)
        n = len(self.clustering.units)
        rows = [("segment", -1, x0, x1, y0, y1) for (x0, x1), (y0, y1) in layout.segments]
        rows += [
            ("merge", node - n, x, x, y, y) for node, (x, y) in layout.nodes.items() if node >= n
        ]
        return pd.DataFrame(rows, columns=["kind", "merge", "x0", "x1", "y0", "y1"])

    @cached_property
    def topics(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """NMF topics: (top terms per topic, unit × topic weights)."""
        self._needs_units("topics", 3)
        return nmf_topics(self.dtm, n_topics=self.n_topics, seed=self.seed)

    @cached_property
    def topic_stability(self) -> pd.DataFrame:
        """Whether ``n_topics`` (and its neighbours) give reproducible, non-trivial topics."""
        self._needs_units("topic stability", 3)
        return topic_stability(self.dtm, n_topics=self.n_topics)

    @cached_property
    def keyness(self) -> pd.DataFrame:
        """Signed log-likelihood keyness of each unit against the rest."""
        self._needs_units("keyness", 2)
        return keyness(self.dtm, min_count=self.keyness_min_count)

    # -- figures ----------------------------------------------------------------------------
    def figure_data(self, figure_id: str) -> pd.DataFrame:
        """Exactly the table the registered figure ``figure_id`` shows (raises
        :class:`textlib.NotApplicableError` where the figure does not apply)."""
        return registry.figure_spec(figure_id).data(self)


def as_study(study: Study | Corpus | None, **parameters) -> Study:
    """``study`` itself, a study of a corpus with ``parameters``, or (None) of the seed page."""
    if isinstance(study, Study):
        return study.replace(**parameters) if parameters else study
    if study is None:
        study = load_seed()
    if isinstance(study, Corpus):
        return Study(study, **parameters)
    raise StudyParameterError("study", study, "a Study, a Corpus or None (the seed page)")
