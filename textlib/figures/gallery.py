"""The figure gallery: ``README.md`` beside the figures, one entry per figure with a caption
that says what it shows, how to read it and its caveats, and links to its files and data."""

from __future__ import annotations

from collections.abc import Iterable

from textlib.figures.registry import FigureSpec

CAPTIONS: dict[str, str] = {
    "corpus_overview": (
        "How long each unit is after repair (Han characters) and how noisy its source was: "
        "placeholders (redactions such as XX, ***), line breaks the repair rejoined, PDF page "
        "markers, and whether the page cut the unit short. Read the noise before any count: a "
        "truncated or heavily redacted unit under-counts. Units are the most specific ones "
        "(parts of a compilation separately)."
    ),
    "formulation_heatmap": (
        "Rate per 10,000 Han characters of the most widespread formulations (提法) in each "
        "plan, counts in the cells, rows grouped by lexicon kind. Counting is leftmost-longest "
        "over every variant, so a nested term is counted once, under the longer one. Civic "
        "terms (志愿服务, 文明城市 …) are left out and said so. Caveat: short plans make rates "
        "jumpy; the dropped copy of a near-duplicate pair is marked 'copy of'."
    ),
    "formulation_totals": (
        "Corpus totals of the most frequent formulations, one bar segment per wording "
        "(canonical wording dark, variants light and named). The dropped copy of a "
        "near-duplicate pair is left out, so a copied speech is not counted twice; civic "
        "terms are left out too. Both are said on the figure."
    ),
    "formulation_dispersion": (
        "Where in each plan the most widespread formulations occur (0 = start, 1 = end, by "
        "source position): a lexical dispersion plot. Clusters at the start are the "
        "guiding-ideology preamble typical of the genre. The dropped copy of a near-duplicate "
        "pair and civic terms are left out."
    ),
    "wordclouds": (
        "Word clouds of each plan's content tokens (domain tokenizer, stop-words removed). An "
        "illustration, not evidence: genre words dominate; the keyness figure is the view to "
        "cite."
    ),
    "outline_skyline": (
        "Each unit's outline as blocks sized by Han characters: level-1 sections above, level-2 "
        "below, hatched by section role. Shows how much of a plan is ideology, tasks, "
        "safeguards or assessment. Roles come from keyword rules on the section titles."
    ),
    "formulations_by_role": (
        "Which section roles carry the formulations: per plan, and for the most frequent "
        "formulations. Role rules are keyword heuristics on section titles; read shares with "
        "the amount of text each role has."
    ),
    "structure_summary": (
        "Headings per level, enumerations (一是…二是…), numbering style and mean section "
        "length per unit: the documents' form, which varies with genre (work points, plans, "
        "speeches, assessment rules)."
    ),
    "similarity_clusters": (
        "Cosine similarity of TF-IDF vectors of content tokens (lexicon formulations as single "
        "features) and average-linkage clustering, with the share of paragraph bootstrap "
        "resamples that recover each merge. Low support means the grouping is not stable; "
        "with a handful of units read it as a description, not a typology."
    ),
    "topics": (
        "NMF topic weights per unit with each topic's top terms. With few documents, topics "
        "tend to fingerprint single documents; check `nmf_errors` and the stability across "
        "seeds before naming them."
    ),
    "reuse_matrix": (
        "Pairwise reuse: the share of each unit's text found in passages (at least 20 "
        "characters, redactions tolerated) that it shares with the column unit and with no "
        "other unit. Text shared by three or more units is template (see the template map) "
        "and left out; a share near 1 is a copy."
    ),
    "duplicate_alignment": (
        "The near-duplicate pair aligned: where the two copies differ, by category "
        "(redaction, character variant, dropped text, rewording, punctuation, line break), "
        "with source lines on both sides. Two redacted copies can de-anonymise each other: "
        "what one hides the other may keep."
    ),
    "keyness": (
        "Each unit's most distinctive terms against all the others, by signed log-likelihood "
        "G² (Dunning), terms seen at least the minimum count in the set, glossed. The dotted "
        "line marks p = 0.05 (1 df); with many terms tested, treat small G² as descriptive."
    ),
    "formulation_presence": (
        "Which unit adopts each core formulation (banner terms and numbered formulations) in "
        "its canonical wording, only in another wording (shortened or localised), or omits "
        "it: Qian Gang's reading of 提法. Absence in a short or truncated unit is weak evidence."
    ),
    "dating_evidence": (
        "The time markers inside each unit: party congresses, plenums, the centenary, "
        "five-year-plan periods (as spans) and explicit years, placed at the year they point "
        "to. A marker can look back (十八大以来) or ahead (迎接二十大): a text is no older than "
        "its latest backward-looking marker. Compare with the date a page claims."
    ),
    "formulation_trend": (
        "Rate per 10,000 Han characters of the most frequent formulations by year, with a "
        "bootstrap interval over paragraphs. With one document a year the interval is over the "
        "paragraphs of that document, not over documents: it says how much the rate depends on "
        "a few paragraphs, not how typical the year is. Needs a numeric `year` column."
    ),
    "formulation_timeline": (
        "When each formulation is used: first and last year, and the years between where it "
        "occurs (Qian Gang's watchwords). A term absent in a year may be absent from that "
        "year's documents only; read it with the number of documents per year."
    ),
    "collocations": (
        "For the most frequent formulations, the words that attach to them within five tokens "
        "in the same paragraph, by log-likelihood G² against the rest of the corpus (count ≥ "
        "3): the verbs and intensifiers a document uses with a 提法 (践行, 培育, 深入). With few "
        "documents, one document's habits can dominate."
    ),
    "cooccurrence_network": (
        "Formulations that occur in the same paragraphs (Jaccard, the 60 strongest edges as in "
        "KH Coder, here the top 30), communities from seeded Louvain, node size by frequency, "
        "numbered with a glossed key. Edges between rare terms found only in a near-duplicate "
        "pair are copying, not association."
    ),
    "correspondence_map": (
        "Correspondence analysis of units × formulations: units and formulations in the first "
        "two principal axes (inertia explained on each axis); units close to a formulation use "
        "it more than average. With few units the map mostly separates single documents."
    ),
    "template_map": (
        "Where shared text sits in each unit: template spans (shared by three or more units, "
        "directly or through a chain of copies: e.g. the opening 以习近平新时代中国特色社会主义思想"
        "为指导) and pairwise reuse (shared with one other unit: a copy), with each unit's "
        "shares and main partner. Passages come from the n-gram reuse engine; short common "
        "phrases under 20 characters are not passages."
    ),
    "uptake_matrix": (
        "Uptake of a reference, clause by clause (rows, grouped by the reference's outline), "
        "in every other unit (columns): verbatim, adapted (shaded by similarity) or absent. "
        "The reference is the first copy of a near-duplicate pair, else the longest unit; "
        "`study.uptake(reference)` gives it for any unit or text."
    ),
}


def gallery_markdown(specs: Iterable[FigureSpec], formats: Iterable[str]) -> str:
    """The gallery page: each figure with its caption and links to every file and its data."""
    formats = list(formats)
    lines = [
        "# Figure gallery",
        "",
        "Generated by `python -m textlib.figures` with the figures (do not edit by hand). Each",
        "figure comes as " + ", ".join(f.upper() for f in formats) + " and with the CSV of the",
        "table it shows (`study.figure_data(figure_id)`).",
        "",
    ]
    for spec in specs:
        files = " · ".join(f"[{fmt.upper()}]({spec.stem}.{fmt})" for fmt in formats)
        lines += [
            f"## {spec.stem.replace('_', ' ', 1)}: `{spec.figure_id}`",
            "",
            f"![{spec.description}]({spec.stem}.png)" if "png" in formats else "",
            "",
            CAPTIONS.get(spec.figure_id, spec.description),
            "",
            f"{files} · [data (CSV)]({spec.stem}.csv)",
            "",
        ]
    return "\n".join(lines).replace("\n\n\n", "\n\n")
