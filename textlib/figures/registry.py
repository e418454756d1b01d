"""Every figure of the project: id → (data from a Study, plot of that data) → file stem.

A figure's ``data(study)`` is exactly the table it shows (written beside it as CSV); its
``plot(study, table)`` turns that table into a Figure with the corpus's labels and colours and
computes nothing. Both read only the study's tables, so every parameter of the study reaches
the figure.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
from matplotlib.figure import Figure

from textlib.compare.clustering import dendrogram_layout
from textlib.compare.reuse import alignment_differences, pairwise_reuse
from textlib.errors import FigureBuildError, UnknownFigureError
from textlib.figures import common
from textlib.figures.over_time import SPECS as _OVER_TIME
from textlib.figures.reuse_views import SPECS as _REUSE_VIEWS
from textlib.figures.spec import FigureSpec
from textlib.figures.toolkit import SPECS as _TOOLKIT
from textlib.formulations.tables import (
    dispersion_table,
    formulation_heatmap_table,
    formulation_totals_table,
    wordcloud_frequencies,
)
from textlib.lexicon.glossary import gloss_terms
from textlib.structure.headings import locate_sections
from textlib.structure.summary import role_tables, skyline_table, structure_summary
from textlib.viz.labels import corpus_description, unit_labels
from textlib.viz.style import unit_color

if TYPE_CHECKING:
    from textlib.study import Study


# -- presentation helpers: labels and colours from corpus columns ------------------------------


CIVIC_KIND = "civic term"  # generic civic vocabulary: left out of the charts of 提法


def _kinds(study: Study) -> pd.Series:
    return study.lexicon.groupby("formulation", sort=False)["kind"].first()


def _scope(study: Study) -> tuple[pd.DataFrame, pd.DataFrame, str]:
    """Counts and hits for the charts of 提法: civic terms (志愿服务, 文明城市 …) left out, and
    the dropped copy of each near-duplicate pair too (its text would count twice); with a note
    that says so."""
    kind = _kinds(study)
    civic = set(kind[kind == CIVIC_KIND].index)
    drop = set(study.dropped)
    counts = study.counts[~study.counts["formulation"].isin(civic)]
    counts = counts[~counts["unit_id"].isin(drop)]
    hits = study.hits[~study.hits["formulation"].isin(civic) & ~study.hits["unit_id"].isin(drop)]
    notes = [_civic_note(study)] + ([common.duplicate_note(study)] if drop else [])
    return counts, hits, "; ".join(n for n in notes if n)


def _civic_note(study: Study) -> str:
    kind = _kinds(study)
    civic = sorted(kind[kind == CIVIC_KIND].index)
    if not civic:
        return ""
    return f"civic terms left out ({len(civic)}: {', '.join(civic[:4])} …)"


# -- 01 overview -------------------------------------------------------------------------------
def _overview_data(study: Study, *, max_rows: int = 40) -> pd.DataFrame:
    from textlib.viz.labels import unit_glosses

    table = study.overview.copy()
    units = study.corpus.units.reindex(table.index)
    if "label" in units.columns:  # the corpus's own labels win
        labels = unit_labels(study.corpus).reindex(table.index)
    else:  # the whole title and gloss: the plot wraps them, never cuts them
        glosses = unit_glosses(study.corpus).reindex(table.index).fillna("")
        labels = pd.Series(
            [
                f"{u} · {g}\n{t}" if g else f"{u} · {t}"
                for u, g, t in zip(table.index, glosses, units["title"], strict=True)
            ],
            index=table.index,
        )
    table.insert(1, "label", labels.to_numpy())
    table["shown"] = [k < max_rows for k in range(len(table))]  # the first, in corpus order
    return table.reset_index()


def _overview_plot(study: Study, table: pd.DataFrame) -> Figure:
    from textlib.viz.plots.overview import plot_corpus_overview

    return plot_corpus_overview(
        table.set_index("unit_id"),
        common.colors(study),
        description=corpus_description(study.corpus),
    )


# -- 02–05 formulations ------------------------------------------------------------------------
def _heatmap_data(study: Study) -> pd.DataFrame:
    counts = study.counts[study.counts["formulation"].map(_kinds(study)) != CIVIC_KIND]
    table = formulation_heatmap_table(study.corpus, counts, study.lexicon, top=30, max_plans=20)
    copies = {}  # the shorter (dropped) copy of each near-duplicate pair → its fuller copy
    for a, b in zip(study.duplicates["a"], study.duplicates["b"], strict=True):
        copy, kept = (a, b) if a in study.dropped or b not in study.dropped else (b, a)
        copies[copy.split(".", 1)[0]] = kept.split(".", 1)[0]
    return table.assign(
        plan_label=table["plan"].map(common.plan_labels(study)), copy_of=table["plan"].map(copies)
    )


def _heatmap_plot(study: Study, table: pd.DataFrame) -> Figure:
    from textlib.viz.plots.formulations import plot_formulation_heatmap

    return plot_formulation_heatmap(
        table, common.plan_labels(study), common.colors(study), scope=_civic_note(study)
    )


def _totals_data(study: Study) -> pd.DataFrame:
    counts, _, _ = _scope(study)
    return formulation_totals_table(counts, study.lexicon)


def _totals_plot(study: Study, table: pd.DataFrame) -> Figure:
    from textlib.viz.plots.formulations import plot_formulation_totals

    return plot_formulation_totals(table, scope=_scope(study)[2])


def _dispersion_data(study: Study) -> pd.DataFrame:
    _, hits, _ = _scope(study)
    table = dispersion_table(study.corpus, hits, study.lexicon, max_plans=12)
    return table.assign(plan_label=table["plan"].map(common.plan_labels(study)))


def _dispersion_plot(study: Study, table: pd.DataFrame) -> Figure:
    from textlib.viz.plots.formulations import plot_dispersion

    return plot_dispersion(
        table, common.plan_labels(study), common.colors(study), scope=_scope(study)[2]
    )


def _wordcloud_data(study: Study, *, max_clouds: int = 12) -> pd.DataFrame:
    from textlib.formulations.tables import top_plans
    from textlib.viz.labels import unit_glosses

    frequencies = wordcloud_frequencies(study.tokens)
    rows = [
        (plan, rank, token, count)
        for plan, freq in frequencies.items()
        for rank, (token, count) in enumerate(freq.items(), start=1)
    ]
    table = pd.DataFrame(rows, columns=["plan", "rank", "token", "count"])
    glosses = gloss_terms(table["token"], study.lexicon)
    table["gloss"] = table["token"].map(glosses)
    plans = [p for p in study.corpus.plan_ids if p in frequencies]
    content = study.tokens[study.tokens["content"]]
    totals = content["plan"].astype(str).value_counts().reindex(plans, fill_value=0)
    table["shown"] = table["plan"].isin(top_plans(totals, plans, top=max_clouds))
    unit_gloss, titles = unit_glosses(study.corpus), study.corpus.units["title"]
    table["plan_label"] = [  # whole gloss (or title): the plot wraps it
        f"{p} · {unit_gloss.get(p) or titles[p]}" for p in table["plan"]
    ]
    return table


def _wordcloud_plot(study: Study, table: pd.DataFrame) -> Figure:
    from textlib.viz.fonts import check_glyphs, cjk_font_path
    from textlib.viz.plots.wordclouds import plot_wordclouds, render_wordcloud

    colors = common.colors(study)
    shown = table[table["shown"].astype(bool)]
    check_glyphs("wordclouds", shown["token"])  # wordcloud draws missing glyphs as silent boxes
    clouds, captions, labels = {}, {}, {}
    for plan, group in shown.groupby("plan", sort=False):
        freq = dict(zip(group["token"], group["count"], strict=True))
        clouds[plan] = render_wordcloud(freq, cjk_font_path(), unit_color(plan, colors))
        top = [
            f"{t} · {g}" if g else t
            for t, g in zip(group["token"].head(4), group["gloss"].head(4), strict=True)
        ]
        captions[plan] = "top: " + ", ".join(top)
        labels[plan] = group["plan_label"].iloc[0]
    note = (
        "Tokens: textlib's domain tokenizer (jieba, HMM off, every lexicon formulation kept "
        "whole). Removed: stop-words (textlib/data/stopwords_zh.txt), punctuation, numbers, "
        "placeholders, single characters. Word size ∝ count within the plan (top 80 words). "
        "Layout seeded (random_state=2022): identical every build."
    )
    hidden = table["plan"].nunique() - len(clouds)
    return plot_wordclouds(clouds, labels, colors, note=note, captions=captions, hidden=hidden)


# -- 06–08 structure ---------------------------------------------------------------------------
def _skyline_data(study: Study) -> pd.DataFrame:
    return skyline_table(study.sections)


def _skyline_plot(study: Study, table: pd.DataFrame) -> Figure:
    from textlib.viz.plots.structure import plot_skyline

    return plot_skyline(table, common.unit_labels(study), common.colors(study))


def _roles_data(study: Study) -> pd.DataFrame:
    from textlib.viz.plots.structure import wrapped_label

    sections = study.sections[~study.sections["unit_id"].isin(study.dropped)]
    located = locate_sections(_scope(study)[1], sections)
    located["role"] = located["section_id"].map(sections.set_index("section_id")["role"])
    by_plan, by_form = role_tables(located, sections)
    gloss = study.lexicon.groupby("formulation")["gloss"].first()
    by_form = by_form.assign(label=[wrapped_label(f, gloss[f]) for f in by_form["formulation"]])
    return common.panels(
        by_plan=by_plan.rename(columns={"plan": "row"}),
        by_formulation=by_form.rename(columns={"formulation": "row"}),
    )


def _roles_plot(study: Study, table: pd.DataFrame) -> Figure:
    from textlib.viz.plots.structure import plot_roles

    by_plan = common.panel(table, "by_plan")
    by_form = common.panel(table, "by_formulation")
    shown = by_plan["shown"].astype(bool)
    hidden = by_plan.loc[~shown, "row"].nunique()
    by_plan = by_plan[shown]
    labels = dict(zip(by_form["row"], by_form["label"], strict=True))
    roles = list(dict.fromkeys(by_plan["role"]))
    rates = {}
    for name, part in (("plan", by_plan), ("formulation", by_form)):
        order = list(dict.fromkeys(part["row"]))
        rates[name] = (
            part.pivot(index="row", columns="role", values="per_1k_han")
            .reindex(index=order, columns=roles)
            .rename_axis(index=name, columns=None)
        )
    return plot_roles(
        rates["plan"],
        rates["formulation"],
        common.plan_labels(study),
        labels,
        common.colors(study),
        hidden=hidden,
        scope=_scope(study)[2],
    )


def _structure_data(study: Study) -> pd.DataFrame:
    summary = structure_summary(study.corpus, study.outline, study.enumerations, study.sections)
    return summary.reset_index()


def _structure_plot(study: Study, table: pd.DataFrame) -> Figure:
    from textlib.viz.plots.structure import plot_structure_summary

    return plot_structure_summary(
        table.set_index("unit_id"), common.unit_labels(study), common.colors(study)
    )


# -- 09–12 comparison --------------------------------------------------------------------------
def _similarity_data(study: Study) -> pd.DataFrame:
    clustering = study.clustering
    sim = study.similarity.loc[clustering.units, clustering.units]
    long = sim.rename_axis(index="a", columns="b").stack().rename("similarity").reset_index()
    merges = clustering.merges.assign(support=clustering.merges["support"].round(4))
    return common.panels(similarity=long, merges=merges)


def _similarity_plot(study: Study, table: pd.DataFrame) -> Figure:
    from textlib.viz.plots.comparison import plot_similarity

    clustering = study.clustering
    long = common.panel(table, "similarity")
    order = list(dict.fromkeys(long["a"]))
    sim = long.pivot(index="a", columns="b", values="similarity").loc[order, order]
    return plot_similarity(
        sim,
        dendrogram_layout(clustering),
        clustering.leaf_order,
        common.panel(table, "merges")["support"].tolist(),
        common.unit_labels(study),
        common.colors(study),
        note=common.duplicate_note(study),
    )


def _topics_data(study: Study) -> pd.DataFrame:
    from textlib.structure.summary import shown_rows

    top, weights = study.topics
    glosses = gloss_terms(top["term"], study.lexicon)
    terms = top.assign(gloss=top["term"].map(glosses))
    long = weights.rename_axis(index="unit_id", columns="topic").stack().rename("weight")
    long = long.reset_index()
    long["shown"] = shown_rows(long["unit_id"].tolist())
    return common.panels(weights=long, terms=terms)


def _topics_plot(study: Study, table: pd.DataFrame) -> Figure:
    from textlib.viz.plots.comparison import plot_topics

    long = common.panel(table, "weights")
    shown = long["shown"].astype(bool)
    hidden = long.loc[~shown, "unit_id"].nunique()
    long = long[shown]
    units = list(dict.fromkeys(long["unit_id"]))
    topics = list(dict.fromkeys(long["topic"]))
    weights = long.pivot(index="unit_id", columns="topic", values="weight").loc[units, topics]
    terms = common.panel(table, "terms")
    topic_terms = {
        f"topic {int(topic)}": [
            f"{t} · {g}" if g else t
            for t, g in zip(group["term"].head(5), group["gloss"].head(5).fillna(""), strict=True)
        ]
        for topic, group in terms.groupby("topic")
    }
    return plot_topics(
        weights,
        topic_terms,
        common.unit_labels(study),
        common.colors(study),
        note=" ".join(filter(None, [_stability_note(study), common.duplicate_note(study)])),
        hidden=hidden,
    )


def _stability_note(study: Study) -> str:
    """Say plainly whether the number of topics is supported (:func:`topic_stability`)."""
    table = study.topic_stability.set_index("n_topics")
    k = len(study.topics[1].columns)
    if k not in table.index:
        return ""
    row = table.loc[k]
    verdict = "supported" if row["supported"] else "NOT supported"
    better = [int(n) for n, r in table.iterrows() if r["supported"] and n != k]
    return (
        f"k = {k} topics {verdict}: agreement across random starts {row['agreement']:.2f}, "
        f"units keep their topic {row['assignment']:.0%}, "
        f"{row['single_unit_topics']:.1f} topics held by one unit"
        + (f"; k = {', '.join(map(str, better))} supported" if better else "")
        + "."
    )


def _reuse_data(study: Study) -> pd.DataFrame:
    """Pairwise reuse: the share of each row unit's characters shared with the column unit
    and with no other unit. Characters shared with two or more other units are template (see
    the template map) and left out, so what remains is copying between two units."""
    return pairwise_reuse(study.corpus, study.passages).rename_axis(index="unit_id").reset_index()


def _reuse_plot(study: Study, table: pd.DataFrame) -> Figure:
    from textlib.viz.plots.comparison import plot_reuse

    note = common.duplicate_note(study).replace(
        "collapsed into", "shown here; collapsed (in clustering and topics) into"
    )
    note = "Text shared by three or more units (template) left out: see the template map. " + note
    reuse = table.set_index("unit_id")
    return plot_reuse(reuse, common.unit_labels(study), common.colors(study), note=note)


def _duplicate_pair(study: Study) -> tuple[str, str]:
    pairs = study.duplicates
    if not len(pairs):
        raise FigureBuildError("duplicate_alignment: the corpus has no near-duplicate pair")
    return pairs["a"].iloc[0], pairs["b"].iloc[0]


def _alignment_data(study: Study) -> pd.DataFrame:
    a, b = _duplicate_pair(study)
    return alignment_differences(study.corpus, a, b).assign(a=a, b=b)


def _alignment_plot(study: Study, table: pd.DataFrame) -> Figure:
    from textlib.viz.plots.comparison import plot_alignment

    a, b = _duplicate_pair(study)
    diffs = table.drop(columns=["a", "b"])
    examples = diffs[~diffs["category"].isin(["punctuation", "layout"])]
    labels, colors = common.unit_labels(study), common.colors(study)
    return plot_alignment(
        diffs,
        examples,
        labels[a],
        labels[b],
        unit_color(a, colors),
        unit_color(b, colors),
        category_counts=diffs["category"].value_counts().to_dict(),
    )


# -- 13–15 reading: keyness, core formulations, dating -----------------------------------------
MAX_PANELS = 12  # small multiples shown at most; the CSV keeps every unit
MAX_ROWS = 40  # rows (units) shown at most in row-per-unit figures


def _keyness_data(study: Study, *, per_unit: int = 6) -> pd.DataFrame:
    table = study.keyness.copy()
    table = table[table["g2"] > 0]
    table["gloss"] = table["term"].map(gloss_terms(table["term"], study.lexicon))
    units = list(dict.fromkeys(table["unit_id"]))[:MAX_PANELS]
    rank = table.groupby("unit_id", sort=False).cumcount()
    table["shown"] = table["unit_id"].isin(units) & (rank < per_unit)
    return table.reset_index(drop=True)


def _keyness_plot(study: Study, table: pd.DataFrame) -> Figure:
    from textlib.viz.plots.reading import plot_keyness

    total = table["unit_id"].nunique()
    shown = table.loc[table["shown"], "unit_id"].nunique()
    note = " ".join(filter(None, [common.more_note(total, shown), common.duplicate_note(study)]))
    return plot_keyness(
        table,
        common.unit_labels(study),
        common.colors(study),
        min_count=study.keyness_min_count,
        note=note,
    )


def _presence_data(study: Study) -> pd.DataFrame:
    from textlib.formulations.presence import presence_table

    table = presence_table(study.counts, study.lexicon, drop=study.dropped, top=26)
    units = list(dict.fromkeys(table["unit_id"]))[:MAX_ROWS]
    table["shown"] = table["shown"] & table["unit_id"].isin(units)
    return table


def _presence_plot(study: Study, table: pd.DataFrame) -> Figure:
    from textlib.viz.plots.reading import plot_presence

    gloss = study.lexicon.groupby("formulation")["gloss"].first()
    forms = table.loc[table["shown"], "formulation"].unique()
    labels = {f: _short(f"{f} · {gloss[f]}", 70) for f in forms}
    notes = [
        common.more_note(
            table["unit_id"].nunique(), table.loc[table["shown"], "unit_id"].nunique()
        ),
        common.duplicate_note(study),
    ]
    return plot_presence(
        table,
        labels,
        common.unit_labels(study),
        common.colors(study),
        note=" ".join(filter(None, notes)),
    )


def _short(text: str, width: int) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width=width)) or text


def _dating_data(study: Study) -> pd.DataFrame:
    from textlib.explore.dating import dating_evidence

    table = dating_evidence(study.corpus)
    units = list(dict.fromkeys(table["unit_id"]))[:MAX_ROWS]
    return table.assign(shown=table["unit_id"].isin(units))


def _dating_plot(study: Study, table: pd.DataFrame) -> Figure:
    from textlib.viz.plots.reading import plot_dating

    note = common.more_note(
        table["unit_id"].nunique(), table.loc[table["shown"], "unit_id"].nunique()
    )
    return plot_dating(table, common.unit_labels(study), common.colors(study), note=note)


_CORE: tuple[FigureSpec, ...] = (
    FigureSpec(
        "corpus_overview",
        "01_corpus_overview",
        _overview_data,
        _overview_plot,
        "Repaired length of each unit with its noise counts (placeholders, breaks, truncation).",
    ),
    FigureSpec(
        "formulation_heatmap",
        "02_formulation_heatmap",
        _heatmap_data,
        _heatmap_plot,
        "Plans x formulations: rate per 10k Han characters, counts annotated, rows by kind.",
    ),
    FigureSpec(
        "formulation_totals",
        "03_formulation_totals",
        _totals_data,
        _totals_plot,
        "Corpus totals per formulation, one bar segment per variant.",
    ),
    FigureSpec(
        "formulation_dispersion",
        "04_formulation_dispersion",
        _dispersion_data,
        _dispersion_plot,
        "Lexical dispersion: where the most widespread formulations occur in each plan.",
    ),
    FigureSpec(
        "wordclouds",
        "05_wordclouds",
        _wordcloud_data,
        _wordcloud_plot,
        "One word cloud per plan from domain tokens minus stop-words.",
    ),
    FigureSpec(
        "outline_skyline",
        "06_outline_skyline",
        _skyline_data,
        _skyline_plot,
        "Outline skyline: sections of each unit as blocks sized by length, by level and role.",
    ),
    FigureSpec(
        "formulations_by_role",
        "07_formulations_by_role",
        _roles_data,
        _roles_plot,
        "Which section roles carry which formulations, per plan and overall.",
    ),
    FigureSpec(
        "structure_summary",
        "08_structure_summary",
        _structure_data,
        _structure_plot,
        "Headings per level, enumerations and mean section length per unit.",
    ),
    FigureSpec(
        "similarity_clusters",
        "09_similarity_clusters",
        _similarity_data,
        _similarity_plot,
        "Cosine similarity heatmap with dendrogram and bootstrap support (duplicate collapsed).",
    ),
    FigureSpec(
        "topics",
        "10_topics",
        _topics_data,
        _topics_plot,
        "NMF topic weights per unit with the top terms of each topic.",
    ),
    FigureSpec(
        "reuse_matrix",
        "11_reuse_matrix",
        _reuse_data,
        _reuse_plot,
        "Share of each unit's text found in passages shared with each other unit.",
    ),
    FigureSpec(
        "duplicate_alignment",
        "12_duplicate_alignment",
        _alignment_data,
        _alignment_plot,
        "Alignment of the near-duplicate pair: where the copies differ, by category.",
    ),
    FigureSpec(
        "keyness",
        "13_keyness",
        _keyness_data,
        _keyness_plot,
        "Distinctive vocabulary: each unit's top terms by signed G² against the rest, glossed.",
    ),
    FigureSpec(
        "formulation_presence",
        "14_formulation_presence",
        _presence_data,
        _presence_plot,
        "Core formulations adopted (canonical), reworded (variant only) or omitted, per unit.",
    ),
    FigureSpec(
        "dating_evidence",
        "15_dating_evidence",
        _dating_data,
        _dating_plot,
        "Internal time markers of each unit (congresses, plenums, plan periods, years).",
    ),
)


# figures of later stages register here: formulations over time (a corpus with years), the
# analyst's toolkit (collocations, co-occurrence network, correspondence analysis) and the reuse
# views (where the template sits in each unit, uptake of a reference clause by clause)
REGISTRY: tuple[FigureSpec, ...] = (*_CORE, *_OVER_TIME, *_TOOLKIT, *_REUSE_VIEWS)


def figure_ids() -> list[str]:
    """The ids of every registered figure, in build order."""
    return [spec.figure_id for spec in REGISTRY]


def get_spec(figure_id: str) -> FigureSpec:
    """The registered figure with this id (:class:`UnknownFigureError` otherwise)."""
    for spec in REGISTRY:
        if spec.figure_id == figure_id:
            return spec
    raise UnknownFigureError(figure_id, figure_ids())
