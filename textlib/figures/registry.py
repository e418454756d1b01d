"""Every figure of the project: id → builder → file name. Builders compute tables, then plot."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

import pandas as pd
from matplotlib.figure import Figure

from textlib.comparison import Comparison
from textlib.errors import FigureBuildError
from textlib.formulations.counting import count_formulations, formulation_hits
from textlib.lexicon.loading import load_lexicon
from textlib.load.corpus import Corpus, load_seed
from textlib.structure.headings import outline, sections
from textlib.structure.roles import assign_roles
from textlib.tokens.segmentation import unit_tokens
from textlib.viz.labels import corpus_description, short_labels
from textlib.viz.style import plan_colors


@dataclass
class FigureContext:
    """What builders share: the corpus (loaded once) and the plan colours."""

    corpus_loader: Callable[[], Corpus] = load_seed

    @classmethod
    def for_corpus(cls, corpus: Corpus) -> FigureContext:
        """A context around an already-loaded corpus (e.g. a user's own)."""
        return cls(corpus_loader=lambda: corpus)

    @cached_property
    def corpus(self) -> Corpus:
        return self.corpus_loader()

    @cached_property
    def colors(self) -> dict[str, str]:
        return plan_colors(self.corpus.plan_ids)

    @cached_property
    def plan_labels(self) -> dict[str, str]:
        labels = short_labels(self.corpus)
        return {p: labels[p] for p in self.corpus.plan_ids}

    @cached_property
    def lexicon(self) -> pd.DataFrame:
        return load_lexicon()

    @cached_property
    def hits(self) -> pd.DataFrame:
        return formulation_hits(self.corpus, self.lexicon)

    @cached_property
    def counts(self) -> pd.DataFrame:
        return count_formulations(self.corpus, self.lexicon)

    @cached_property
    def tokens(self) -> pd.DataFrame:
        return unit_tokens(self.corpus)

    @cached_property
    def outline(self) -> pd.DataFrame:
        return outline(self.corpus)

    @cached_property
    def sections(self) -> pd.DataFrame:
        return assign_roles(sections(self.corpus))

    @cached_property
    def unit_short_labels(self) -> dict[str, str]:
        return short_labels(self.corpus).to_dict()

    @cached_property
    def comparison(self) -> Comparison:
        return Comparison(self.corpus)


@dataclass(frozen=True)
class FigureSpec:
    """A registered figure."""

    figure_id: str
    filename: str
    build: Callable[[FigureContext], Figure]
    description: str


def _corpus_overview(ctx: FigureContext) -> Figure:
    from textlib.tables import corpus_overview
    from textlib.viz.plots.overview import plot_corpus_overview

    return plot_corpus_overview(
        corpus_overview(ctx.corpus), ctx.colors, description=corpus_description(ctx.corpus)
    )


def _formulation_heatmap(ctx: FigureContext) -> Figure:
    from textlib.tables import formulation_heatmap_table
    from textlib.viz.plots.formulations import plot_formulation_heatmap

    table = formulation_heatmap_table(ctx.corpus, ctx.counts, ctx.lexicon)
    return plot_formulation_heatmap(table, ctx.plan_labels, ctx.colors)


def _formulation_totals(ctx: FigureContext) -> Figure:
    from textlib.tables import formulation_totals_table
    from textlib.viz.plots.formulations import plot_formulation_totals

    return plot_formulation_totals(formulation_totals_table(ctx.counts, ctx.lexicon))


def _formulation_dispersion(ctx: FigureContext) -> Figure:
    from textlib.tables import dispersion_table
    from textlib.viz.plots.formulations import plot_dispersion

    table = dispersion_table(ctx.corpus, ctx.hits, ctx.lexicon)
    return plot_dispersion(table, ctx.plan_labels, ctx.colors)


def _wordclouds(ctx: FigureContext) -> Figure:
    from textlib.tables import wordcloud_frequencies
    from textlib.viz.fonts import check_glyphs, cjk_font_path
    from textlib.viz.plots.wordclouds import plot_wordclouds, render_wordcloud
    from textlib.viz.style import unit_color

    frequencies = wordcloud_frequencies(ctx.tokens)
    words = [w for freq in frequencies.values() for w in freq]
    check_glyphs("wordclouds", words)  # wordcloud draws missing glyphs as silent boxes
    clouds = {
        plan: render_wordcloud(frequencies[plan], cjk_font_path(), unit_color(plan, ctx.colors))
        for plan in ctx.corpus.plan_ids
        if plan in frequencies
    }
    note = (
        "Tokens: textlib's domain tokenizer (jieba, HMM off,\n"
        "every lexicon formulation kept whole).\n"
        "Removed: stop-words (textlib/data/stopwords_zh.txt),\n"
        "punctuation, numbers, placeholders, single characters.\n"
        "Word size ∝ count within the plan (top 80 words).\n"
        "Layout seeded (random_state=2022): identical every build."
    )
    from textlib.viz.glossary import gloss_terms, glossed

    glosses = gloss_terms(words, ctx.lexicon)
    captions = {}
    for plan, freq in frequencies.items():
        top = [glossed(w, glosses[w], width=20) for w in list(freq)[:4]]
        captions[plan] = "top: " + ", ".join(top[:2]) + "\n        " + ", ".join(top[2:])
    return plot_wordclouds(clouds, ctx.plan_labels, ctx.colors, note=note, captions=captions)


def _skyline(ctx: FigureContext) -> Figure:
    from textlib.tables import skyline_table
    from textlib.viz.plots.structure import plot_skyline

    return plot_skyline(skyline_table(ctx.sections), ctx.unit_short_labels, ctx.colors)


def _roles(ctx: FigureContext) -> Figure:
    from textlib.lexicon.loading import label
    from textlib.structure.headings import locate_sections
    from textlib.tables import role_tables
    from textlib.viz.plots.structure import plot_roles

    located = locate_sections(ctx.hits, ctx.sections)
    located["role"] = located["section_id"].map(ctx.sections.set_index("section_id")["role"])
    by_plan, by_form = role_tables(located)
    gloss = ctx.lexicon.groupby("formulation")["gloss"].first()
    labels = {f: label(f, gloss[f], width=44) for f in by_form.index}
    return plot_roles(by_plan, by_form, ctx.plan_labels, labels, ctx.colors)


def _structure_summary(ctx: FigureContext) -> Figure:
    from textlib.structure.headings import enumerations
    from textlib.tables import structure_summary
    from textlib.viz.plots.structure import plot_structure_summary

    summary = structure_summary(ctx.corpus, ctx.outline, enumerations(ctx.corpus), ctx.sections)
    return plot_structure_summary(summary, ctx.unit_short_labels, ctx.colors)


def _duplicate_note(ctx: FigureContext) -> str:
    pairs = ctx.comparison.duplicates
    if not len(pairs):
        return ""
    shown = ", ".join(
        f"{a}~{b} ({m:.0%} shared)"
        for a, b, m in zip(pairs["a"], pairs["b"], pairs["mutual"], strict=True)
    )
    dropped = ", ".join(ctx.comparison.dropped)
    return f"near-duplicates {shown}: unit {dropped} collapsed into its fuller copy"


def _similarity(ctx: FigureContext) -> Figure:
    from textlib.viz.plots.comparison import plot_similarity

    comp = ctx.comparison
    clustering = comp.clustering
    return plot_similarity(
        comp.similarity,
        clustering.linkage,
        clustering.units,
        clustering.merges["support"].tolist(),
        ctx.unit_short_labels,
        ctx.colors,
        note=_duplicate_note(ctx),
    )


def _topics(ctx: FigureContext) -> Figure:
    from textlib.viz.glossary import gloss_terms, glossed
    from textlib.viz.plots.comparison import plot_topics

    top, weights = ctx.comparison.topics
    glosses = gloss_terms(top["term"], ctx.lexicon)
    labels = {}
    for topic, group in top.groupby("topic"):
        terms = [glossed(t, glosses[t], width=26) for t in group["term"].head(5)]
        labels[f"topic {topic}"] = f"topic {topic}\n" + "\n".join(terms)
    return plot_topics(
        weights, labels, ctx.unit_short_labels, ctx.colors, note=_duplicate_note(ctx)
    )


def _reuse(ctx: FigureContext) -> Figure:
    from textlib.viz.plots.comparison import plot_reuse

    note = _duplicate_note(ctx).replace(
        "collapsed into", "shown here; collapsed (in clustering and topics) into"
    )
    return plot_reuse(ctx.comparison.reuse, ctx.unit_short_labels, ctx.colors, note=note)


def _alignment(ctx: FigureContext) -> Figure:
    from textlib.compare.reuse import alignment_differences
    from textlib.viz.plots.comparison import plot_alignment
    from textlib.viz.style import unit_color

    pairs = ctx.comparison.duplicates
    if not len(pairs):
        raise FigureBuildError("alignment: the corpus has no near-duplicate pair")
    a, b = pairs["a"].iloc[0], pairs["b"].iloc[0]
    diffs = alignment_differences(ctx.corpus, a, b)
    examples = diffs[~diffs["category"].isin(["punctuation", "layout"])]
    labels = ctx.unit_short_labels
    return plot_alignment(
        diffs, examples, labels[a], labels[b], unit_color(a, ctx.colors), unit_color(b, ctx.colors)
    )


REGISTRY: tuple[FigureSpec, ...] = (
    FigureSpec(
        "corpus_overview",
        "01_corpus_overview.png",
        _corpus_overview,
        "Repaired length of each unit with its noise counts (placeholders, breaks, truncation).",
    ),
    FigureSpec(
        "formulation_heatmap",
        "02_formulation_heatmap.png",
        _formulation_heatmap,
        "Plans x formulations: rate per 10k Han characters, counts annotated, rows by kind.",
    ),
    FigureSpec(
        "formulation_totals",
        "03_formulation_totals.png",
        _formulation_totals,
        "Corpus totals per formulation, one bar segment per variant.",
    ),
    FigureSpec(
        "formulation_dispersion",
        "04_formulation_dispersion.png",
        _formulation_dispersion,
        "Lexical dispersion: where the most widespread formulations occur in each plan.",
    ),
    FigureSpec(
        "wordclouds",
        "05_wordclouds.png",
        _wordclouds,
        "One word cloud per plan from domain tokens minus stop-words.",
    ),
    FigureSpec(
        "outline_skyline",
        "06_outline_skyline.png",
        _skyline,
        "Outline skyline: sections of each unit as blocks sized by length, by level and role.",
    ),
    FigureSpec(
        "formulations_by_role",
        "07_formulations_by_role.png",
        _roles,
        "Which section roles carry which formulations, per plan and overall.",
    ),
    FigureSpec(
        "structure_summary",
        "08_structure_summary.png",
        _structure_summary,
        "Headings per level, enumerations and mean section length per unit.",
    ),
    FigureSpec(
        "similarity_clusters",
        "09_similarity_clusters.png",
        _similarity,
        "Cosine similarity heatmap with dendrogram and bootstrap support (duplicate collapsed).",
    ),
    FigureSpec(
        "topics",
        "10_topics.png",
        _topics,
        "NMF topic weights per unit with the top terms of each topic.",
    ),
    FigureSpec(
        "reuse_matrix",
        "11_reuse_matrix.png",
        _reuse,
        "Share of each unit's text found in passages shared with each other unit.",
    ),
    FigureSpec(
        "duplicate_alignment",
        "12_duplicate_alignment.png",
        _alignment,
        "Alignment of the near-duplicate pair: where the copies differ, by category.",
    ),
)


def get_spec(figure_id: str) -> FigureSpec:
    """The registered figure with this id."""
    for spec in REGISTRY:
        if spec.figure_id == figure_id:
            return spec
    valid = ", ".join(s.figure_id for s in REGISTRY)
    raise KeyError(f"unknown figure id {figure_id!r}; registered: {valid}")
