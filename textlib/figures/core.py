"""Figures 01–15: corpus, formulations, structure, comparison and reading.

Each figure is a pair: ``data(study)`` reads only the Study's tables and returns exactly the
table the figure shows (labels, glosses and colours as columns, its words in ``table.attrs``);
``plot(table)`` draws that table and nothing else. Domain rules (which copy of a duplicate is
left out, which lexicon kinds are charted) belong to the Study, not here.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

import pandas as pd
from matplotlib.figure import Figure

from textlib.figures.common import (
    civic_note,
    colors,
    duplicate_note,
    more_note,
    panel,
    panels,
    require,
    scope_note,
    shown_rows,
    text,
    unit_styles,
    with_text,
    with_units,
)
from textlib.figures.labels import corpus_description, unit_glosses, unit_labels
from textlib.figures.shaping import (
    dispersion_table,
    formulation_heatmap_table,
    formulation_totals_table,
    top_plans,
    wordcloud_frequencies,
)
from textlib.figures.spec import FigureSpec

if TYPE_CHECKING:
    from textlib.study import Study

MAX_PANELS = 12  # small multiples shown at most; the CSV keeps every unit
MAX_ROWS = 40  # rows (units) shown at most in row-per-unit figures
MAX_MATRIX_UNITS = 60  # units a unit × unit matrix can label at print size


def _plan_styles(table: pd.DataFrame) -> tuple[dict[str, str], dict[str, str]]:
    return unit_styles(table, on="plan", prefix="plan")


# -- 01 overview -------------------------------------------------------------------------------
def _overview_data(study: Study, *, max_rows: int = MAX_ROWS) -> pd.DataFrame:
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
    table = with_units(table.reset_index(), study)
    return with_text(table, description=corpus_description(study.corpus))


def _overview_plot(table: pd.DataFrame) -> Figure:
    from textlib.viz.plots.overview import plot_corpus_overview

    _, colors = unit_styles(table)
    return plot_corpus_overview(
        table.drop(columns=["unit_label", "unit_color"]).set_index("unit_id"),
        colors,
        description=text(table, "description"),
    )


# -- 02–05 formulations ------------------------------------------------------------------------
def _heatmap_data(study: Study) -> pd.DataFrame:
    table = formulation_heatmap_table(
        study.plan_counts, study.lexicon, study.corpus.plan_ids, top=30, max_plans=20
    )
    table = with_units(table, study, on="plan", prefix="plan")
    return with_text(table, scope=civic_note(study))


def _heatmap_plot(table: pd.DataFrame) -> Figure:
    from textlib.viz.plots.formulations import plot_formulation_heatmap

    labels, colors = _plan_styles(table)
    return plot_formulation_heatmap(table, labels, colors, scope=text(table, "scope"))


def _totals_data(study: Study) -> pd.DataFrame:
    table = formulation_totals_table(study.charted_counts, study.lexicon)
    return with_text(table, scope=scope_note(study))


def _totals_plot(table: pd.DataFrame) -> Figure:
    from textlib.viz.plots.formulations import plot_formulation_totals

    return plot_formulation_totals(table, scope=text(table, "scope"))


def _dispersion_data(study: Study) -> pd.DataFrame:
    table = dispersion_table(
        study.hit_positions, study.lexicon, study.corpus.plan_ids, max_plans=12
    )
    table = with_units(table, study, on="plan", prefix="plan")
    return with_text(table, scope=scope_note(study))


def _dispersion_plot(table: pd.DataFrame) -> Figure:
    from textlib.viz.plots.formulations import plot_dispersion

    labels, colors = _plan_styles(table)
    return plot_dispersion(table, labels, colors, scope=text(table, "scope"))


def _wordcloud_data(study: Study, *, max_clouds: int = 12) -> pd.DataFrame:
    frequencies = wordcloud_frequencies(study.tokens)
    rows = [
        (plan, rank, token, count)
        for plan, freq in frequencies.items()
        for rank, (token, count) in enumerate(freq.items(), start=1)
    ]
    table = pd.DataFrame(rows, columns=["plan", "rank", "token", "count"])
    table["gloss"] = table["token"].map(study.gloss(table["token"]))
    plans = [p for p in study.corpus.plan_ids if p in frequencies]
    content = study.tokens[study.tokens["content"]]
    totals = content["plan"].astype(str).value_counts().reindex(plans, fill_value=0)
    table["shown"] = table["plan"].isin(top_plans(totals, plans, top=max_clouds))
    unit_gloss, titles = unit_glosses(study.corpus), study.corpus.units["title"]
    table["plan_label"] = [  # whole gloss (or title): the plot wraps it
        f"{p} · {unit_gloss.get(p) or titles[p]}" for p in table["plan"]
    ]
    palette = colors(study)
    table["plan_color"] = table["plan"].map(lambda p: palette.get(p, "#777777"))
    return table


def _wordcloud_plot(table: pd.DataFrame) -> Figure:
    from textlib.viz.fonts import check_glyphs, cjk_font_path
    from textlib.viz.plots.wordclouds import plot_wordclouds, render_wordcloud

    colors = dict(zip(table["plan"], table["plan_color"], strict=True))
    shown = table[table["shown"].astype(bool)]
    check_glyphs("wordclouds", shown["token"])  # wordcloud draws missing glyphs as silent boxes
    clouds, captions, labels = {}, {}, {}
    for plan, group in shown.groupby("plan", sort=False):
        freq = dict(zip(group["token"], group["count"], strict=True))
        clouds[plan] = render_wordcloud(freq, cjk_font_path(), colors[plan])
        top = [  # the first sense of each gloss: a caption of at most three lines
            f"{t} · {_first_sense(g)}" if isinstance(g, str) and g else t
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


def _first_sense(gloss: str) -> str:
    return gloss.split(" (")[0].split(" / ")[0].split("; ")[0]


# -- 06–08 structure ---------------------------------------------------------------------------
def _skyline_data(study: Study) -> pd.DataFrame:
    return with_units(study.skyline, study)


def _skyline_plot(table: pd.DataFrame) -> Figure:
    from textlib.viz.plots.structure import plot_skyline

    labels, colors = unit_styles(table)
    return plot_skyline(table.drop(columns=["unit_label", "unit_color"]), labels, colors)


def _roles_data(study: Study) -> pd.DataFrame:
    from textlib.viz.plots.structure import wrapped_label

    by_plan, by_form = study.roles
    gloss = study.lexicon.groupby("formulation")["gloss"].first()
    by_form = by_form.assign(label=[wrapped_label(f, gloss[f]) for f in by_form["formulation"]])
    by_plan = with_units(by_plan.rename(columns={"plan": "row"}), study, on="row", prefix="plan")
    table = panels(by_plan=by_plan, by_formulation=by_form.rename(columns={"formulation": "row"}))
    return with_text(table, scope=scope_note(study))


def _roles_plot(table: pd.DataFrame) -> Figure:
    from textlib.viz.plots.structure import plot_roles

    by_plan = panel(table, "by_plan")
    by_form = panel(table, "by_formulation")
    plan_labels, colors = unit_styles(by_plan, on="row", prefix="plan")
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
        plan_labels,
        labels,
        colors,
        hidden=hidden,
        scope=text(table, "scope"),
    )


def _structure_data(study: Study) -> pd.DataFrame:
    return with_units(study.structure_summary.reset_index(), study)


def _structure_plot(table: pd.DataFrame) -> Figure:
    from textlib.viz.plots.structure import plot_structure_summary

    labels, colors = unit_styles(table)
    data = table.drop(columns=["unit_label", "unit_color"]).set_index("unit_id")
    return plot_structure_summary(data, labels, colors)


# -- 09–12 comparison --------------------------------------------------------------------------
def _matrix_fits(study: Study, figure_id: str, table: str) -> None:
    require(
        study.n_units <= MAX_MATRIX_UNITS,
        figure_id,
        f"{study.n_units} units are more than the {MAX_MATRIX_UNITS} a unit × unit matrix can "
        f"label at print size; the table is {table}",
    )


def _similarity_data(study: Study) -> pd.DataFrame:
    _matrix_fits(study, "similarity_clusters", "study.similarity (and study.clustering)")
    clustering = study.clustering
    sim = study.similarity.loc[clustering.units, clustering.units]
    long = sim.rename_axis(index="a", columns="b").stack().rename("similarity").reset_index()
    long = with_units(long, study, on="a")
    merges = clustering.merges.assign(support=clustering.merges["support"].round(4))
    leaves = pd.DataFrame({"unit_id": clustering.leaf_order})
    table = panels(similarity=long, merges=merges, leaves=leaves, tree=study.dendrogram)
    return with_text(table, note=duplicate_note(study))


def _similarity_plot(table: pd.DataFrame) -> Figure:
    from textlib.viz.plots.comparison import plot_similarity

    long = panel(table, "similarity")
    labels, colors = unit_styles(long, on="a")
    order = list(dict.fromkeys(long["a"]))
    sim = long.pivot(index="a", columns="b", values="similarity").loc[order, order]
    return plot_similarity(
        sim,
        panel(table, "tree"),
        panel(table, "leaves")["unit_id"].tolist(),
        panel(table, "merges")["support"].tolist(),
        labels,
        colors,
        note=text(table, "note"),
    )


def _topics_data(study: Study) -> pd.DataFrame:
    top, weights = study.topics
    terms = top.assign(gloss=top["term"].map(study.gloss(top["term"])))
    long = weights.rename_axis(index="unit_id", columns="topic").stack().rename("weight")
    long = long.reset_index()
    long["shown"] = shown_rows(long["unit_id"].tolist(), MAX_ROWS)
    long = with_units(long, study)
    note = " ".join(filter(None, [_stability_note(study), duplicate_note(study)]))
    return with_text(panels(weights=long, terms=terms), note=note)


def _topics_plot(table: pd.DataFrame) -> Figure:
    from textlib.viz.plots.comparison import plot_topics

    long = panel(table, "weights")
    labels, colors = unit_styles(long)
    shown = long["shown"].astype(bool)
    hidden = long.loc[~shown, "unit_id"].nunique()
    long = long[shown]
    units = list(dict.fromkeys(long["unit_id"]))
    topics = list(dict.fromkeys(long["topic"]))
    weights = long.pivot(index="unit_id", columns="topic", values="weight").loc[units, topics]
    terms = panel(table, "terms")
    topic_terms = {
        f"topic {int(topic)}": [
            f"{t} · {g}" if g else t
            for t, g in zip(group["term"].head(5), group["gloss"].head(5).fillna(""), strict=True)
        ]
        for topic, group in terms.groupby("topic")
    }
    return plot_topics(
        weights, topic_terms, labels, colors, note=text(table, "note"), hidden=hidden
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
    _matrix_fits(study, "reuse_matrix", "study.pairwise_reuse")
    table = study.pairwise_reuse.rename_axis(index="unit_id").reset_index()
    note = "Text shared by three or more units (template) left out: see the template map. "
    return with_text(with_units(table, study), note=note + duplicate_note(study))


def _reuse_plot(table: pd.DataFrame) -> Figure:
    from textlib.viz.plots.comparison import plot_reuse

    labels, colors = unit_styles(table)
    reuse = table.drop(columns=["unit_label", "unit_color"]).set_index("unit_id")
    return plot_reuse(reuse, labels, colors, note=text(table, "note"))


def _alignment_data(study: Study) -> pd.DataFrame:
    table = study.duplicate_alignment
    pair = study.duplicates.iloc[0]
    require(
        len(table) > 0,
        "duplicate_alignment",
        f"the two copies {pair['a']} and {pair['b']} are identical: nothing to align",
    )
    styles = with_units(pd.DataFrame({"unit_id": [table["a"].iloc[0], table["b"].iloc[0]]}), study)
    return table.assign(
        a_label=styles["unit_label"].iloc[0],
        b_label=styles["unit_label"].iloc[1],
        a_color=styles["unit_color"].iloc[0],
        b_color=styles["unit_color"].iloc[1],
    )


def _alignment_plot(table: pd.DataFrame) -> Figure:
    from textlib.viz.plots.comparison import plot_alignment

    first = table.iloc[0]
    diffs = table.drop(columns=["a", "b", "a_label", "b_label", "a_color", "b_color"])
    examples = diffs[~diffs["category"].isin(["punctuation", "layout"])]
    return plot_alignment(
        diffs,
        examples,
        first["a_label"],
        first["b_label"],
        first["a_color"],
        first["b_color"],
        category_counts=diffs["category"].value_counts().to_dict(),
    )


# -- 13–15 reading: keyness, core formulations, dating -----------------------------------------
def _keyness_data(study: Study, *, per_unit: int = 6) -> pd.DataFrame:
    table = study.keyness.copy()
    table = table[table["g2"] > 0]
    table["gloss"] = table["term"].map(study.gloss(table["term"]))
    units = list(dict.fromkeys(table["unit_id"]))[:MAX_PANELS]
    rank = table.groupby("unit_id", sort=False).cumcount()
    table["shown"] = table["unit_id"].isin(units) & (rank < per_unit)
    table = with_units(table.reset_index(drop=True), study)
    total = table["unit_id"].nunique()
    shown = table.loc[table["shown"], "unit_id"].nunique()
    note = " ".join(filter(None, [more_note(total, shown), duplicate_note(study)]))
    return with_text(table.assign(min_count=study.keyness_min_count), note=note)


def _keyness_plot(table: pd.DataFrame) -> Figure:
    from textlib.viz.plots.reading import plot_keyness

    labels, colors = unit_styles(table)
    min_count = int(table["min_count"].iloc[0]) if len(table) else 0
    data = table.drop(columns=["unit_label", "unit_color", "min_count"])
    return plot_keyness(data, labels, colors, min_count=min_count, note=text(table, "note"))


def _presence_data(study: Study) -> pd.DataFrame:
    table = study.presence.copy()
    units = list(dict.fromkeys(table["unit_id"]))[:MAX_ROWS]
    table["shown"] = table["shown"] & table["unit_id"].isin(units)
    gloss = study.lexicon.groupby("formulation")["gloss"].first()
    table["label"] = [_short(f"{f} · {gloss[f]}", 70) for f in table["formulation"]]
    notes = [
        more_note(table["unit_id"].nunique(), table.loc[table["shown"], "unit_id"].nunique()),
        duplicate_note(study),
    ]
    return with_text(with_units(table, study), note=" ".join(filter(None, notes)))


def _presence_plot(table: pd.DataFrame) -> Figure:
    from textlib.viz.plots.reading import plot_presence

    labels, colors = unit_styles(table)
    forms = dict(zip(table["formulation"], table["label"], strict=True))
    data = table.drop(columns=["unit_label", "unit_color", "label"])
    return plot_presence(data, forms, labels, colors, note=text(table, "note"))


def _short(value: str, width: int) -> str:
    return "\n".join(textwrap.wrap(value, width=width)) or value


def _dating_data(study: Study) -> pd.DataFrame:
    table = study.dating
    units = list(dict.fromkeys(table["unit_id"]))[:MAX_ROWS]
    table = with_units(table.assign(shown=table["unit_id"].isin(units)), study)
    note = more_note(table["unit_id"].nunique(), table.loc[table["shown"], "unit_id"].nunique())
    return with_text(table, note=note)


def _dating_plot(table: pd.DataFrame) -> Figure:
    from textlib.viz.plots.reading import plot_dating

    labels, colors = unit_styles(table)
    data = table.drop(columns=["unit_label", "unit_color"])
    return plot_dating(data, labels, colors, note=text(table, "note"))


SPECS: tuple[FigureSpec, ...] = (
    FigureSpec(
        "corpus_overview",
        "01_corpus_overview",
        _overview_data,
        _overview_plot,
        "Repaired length of each unit with its noise counts (placeholders, breaks, truncation).",
        caption=(
            "How long each unit is after repair (Han characters) and how noisy its source "
            "was: placeholders (redactions such as XX, ***), line breaks the repair "
            "rejoined, PDF page markers, and whether the page cut the unit short. Read the "
            "noise before any count: a truncated or heavily redacted unit under-counts. "
            "Units are the most specific ones (parts of a compilation separately)."
        ),
    ),
    FigureSpec(
        "formulation_heatmap",
        "02_formulation_heatmap",
        _heatmap_data,
        _heatmap_plot,
        "Plans x formulations: rate per 10k Han characters, counts annotated, rows by kind.",
        caption=(
            "Rate per 10,000 Han characters of the most widespread formulations (提法) in "
            "each plan, counts in the cells, rows grouped by lexicon kind. Counting is "
            "leftmost-longest over every variant, so a nested term is counted once, under "
            "the longer one. Civic terms (志愿服务, 文明城市 …) are left out and said so. "
            "Caveat: short plans make rates jumpy. A near-duplicate text counts once: the "
            "study's unit set leaves the other copy out (said on the figure)."
        ),
    ),
    FigureSpec(
        "formulation_totals",
        "03_formulation_totals",
        _totals_data,
        _totals_plot,
        "Corpus totals per formulation, one bar segment per variant.",
        caption=(
            "Corpus totals of the most frequent formulations, one bar segment per wording "
            "(canonical wording dark, variants light and named). The dropped copy of a "
            "near-duplicate pair is left out, so a copied speech is not counted twice; "
            "civic terms are left out too. Both are said on the figure."
        ),
    ),
    FigureSpec(
        "formulation_dispersion",
        "04_formulation_dispersion",
        _dispersion_data,
        _dispersion_plot,
        "Lexical dispersion: where the most widespread formulations occur in each plan.",
        caption=(
            "Where in each plan the most widespread formulations occur (0 = start, 1 = "
            "end, by source position): a lexical dispersion plot. Clusters at the start "
            "are the guiding-ideology preamble typical of the genre. The dropped copy of a "
            "near-duplicate pair and civic terms are left out."
        ),
    ),
    FigureSpec(
        "wordclouds",
        "05_wordclouds",
        _wordcloud_data,
        _wordcloud_plot,
        "One word cloud per plan from domain tokens minus stop-words.",
        caption=(
            "Word clouds of each plan's content tokens (domain tokenizer, stop-words "
            "removed). An illustration, not evidence: genre words dominate; the keyness "
            "figure is the view to cite."
        ),
    ),
    FigureSpec(
        "outline_skyline",
        "06_outline_skyline",
        _skyline_data,
        _skyline_plot,
        "Outline skyline: sections of each unit as blocks sized by length, by level and role.",
        caption=(
            "Each unit's outline as blocks sized by Han characters: level-1 sections "
            "above, level-2 below, hatched by section role. Shows how much of a plan is "
            "ideology, tasks, safeguards or assessment. Roles come from keyword rules on "
            "the section titles."
        ),
    ),
    FigureSpec(
        "formulations_by_role",
        "07_formulations_by_role",
        _roles_data,
        _roles_plot,
        "Which section roles carry which formulations, per plan and overall.",
        caption=(
            "Which section roles carry the formulations: per plan, and for the most "
            "frequent formulations. Role rules are keyword heuristics on section titles; "
            "read shares with the amount of text each role has."
        ),
    ),
    FigureSpec(
        "structure_summary",
        "08_structure_summary",
        _structure_data,
        _structure_plot,
        "Headings per level, enumerations and mean section length per unit.",
        caption=(
            "Headings per level, enumerations (一是…二是…), numbering style and mean "
            "section length per unit: the documents' form, which varies with genre (work "
            "points, plans, speeches, assessment rules)."
        ),
    ),
    FigureSpec(
        "similarity_clusters",
        "09_similarity_clusters",
        _similarity_data,
        _similarity_plot,
        "Cosine similarity heatmap with dendrogram and bootstrap support (duplicate collapsed).",
        caption=(
            "Cosine similarity of TF-IDF vectors of content tokens (lexicon formulations "
            "as single features) and average-linkage clustering, with the share of "
            "bootstrap resamples (terms redrawn in blocks, as in pvclust) that recover each "
            "merge. Low support means the "
            "grouping is not stable; with a handful of units read it as a description, not "
            "a typology."
        ),
    ),
    FigureSpec(
        "topics",
        "10_topics",
        _topics_data,
        _topics_plot,
        "NMF topic weights per unit with the top terms of each topic.",
        caption=(
            "NMF topic weights per unit with each topic's top terms. With few documents, "
            "topics tend to fingerprint single documents; check `nmf_errors` and the "
            "stability across seeds before naming them."
        ),
    ),
    FigureSpec(
        "reuse_matrix",
        "11_reuse_matrix",
        _reuse_data,
        _reuse_plot,
        "Share of each unit's text shared with one other unit only (template left out).",
        caption=(
            "Pairwise reuse: the share of each unit's text found in passages (at least 20 "
            "characters, redactions tolerated) that it shares with the column unit and "
            "with no other unit. Text shared by three or more units is template (see the "
            "template map) and left out; a share near 1 is a copy."
        ),
    ),
    FigureSpec(
        "duplicate_alignment",
        "12_duplicate_alignment",
        _alignment_data,
        _alignment_plot,
        "Alignment of the near-duplicate pair: where the copies differ, by category.",
        caption=(
            "The near-duplicate pair aligned: where the two copies differ, by category "
            "(redaction, character variant, dropped text, rewording, punctuation, line "
            "break), with source lines on both sides. Two redacted copies can de-anonymise "
            "each other: what one hides the other may keep."
        ),
    ),
    FigureSpec(
        "keyness",
        "13_keyness",
        _keyness_data,
        _keyness_plot,
        "Distinctive vocabulary: each unit's top terms by signed G² against the rest, glossed.",
        caption=(
            "Each unit's most distinctive terms against all the others, by signed "
            "log-likelihood G² (Dunning), terms seen at least the minimum count in the "
            "set, glossed. The dotted line marks p = 0.05 (1 df); with many terms tested, "
            "treat small G² as descriptive."
        ),
    ),
    FigureSpec(
        "formulation_presence",
        "14_formulation_presence",
        _presence_data,
        _presence_plot,
        "Core formulations adopted (canonical), reworded (variant only) or omitted, per unit.",
        caption=(
            "Which unit adopts each core formulation (banner terms and numbered "
            "formulations) in its canonical wording, only in another wording (shortened or "
            "localised), or omits it: Qian Gang's reading of 提法. Absence in a short or "
            "truncated unit is weak evidence."
        ),
    ),
    FigureSpec(
        "dating_evidence",
        "15_dating_evidence",
        _dating_data,
        _dating_plot,
        "Internal time markers of each unit (congresses, plenums, plan periods, years).",
        caption=(
            "The time markers inside each unit: party congresses, plenums, the centenary, "
            "five-year-plan periods (as spans) and explicit years, placed at the year they "
            "point to. A marker can look back (十八大以来) or ahead (迎接二十大): a text "
            "is no older than its latest backward-looking marker. Compare with the date a "
            "page claims."
        ),
    ),
)
