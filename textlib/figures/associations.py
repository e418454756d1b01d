"""Figures of associations: collocations, the co-occurrence network and the correspondence
map, from the Study's collocations, co-occurrence and correspondence analysis; plots from those
tables alone."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
from matplotlib.figure import Figure

from textlib.figures.common import (
    duplicate_note,
    panel,
    panels,
    require,
    text,
    unit_styles,
    with_text,
    with_units,
)
from textlib.figures.spec import FigureSpec

if TYPE_CHECKING:
    from textlib.study import Study

COLLOCATION_PANELS = 6  # the most frequent formulations with collocates
COLLOCATES_SHOWN = 7
NETWORK_EDGES = 30
NETWORK_MIN_CONTEXTS = 3
MAP_LABELS = 25


def _formulation_gloss(study: Study) -> pd.Series:
    return study.lexicon.groupby("formulation")["gloss"].first().fillna("")


# -- collocations ------------------------------------------------------------------------------
def _collocations_data(study: Study) -> pd.DataFrame:
    from textlib.viz.wrap import wrap_text as wrap

    table = study.collocations()
    if study.formulations is not None and len(table):
        table = table[table["formulation"].isin(set(study.formulations))]
    if not len(table):
        return table.assign(gloss="", formulation_label="", shown=False)
    frequency = study.hits.groupby("formulation").size()
    forms = sorted(set(table["formulation"]), key=lambda f: (-int(frequency.get(f, 0)), f))
    shown_forms = forms[:COLLOCATION_PANELS]
    order = {f: k for k, f in enumerate(forms)}
    table = table.sort_values(
        ["formulation", "g2", "collocate"],
        ascending=[True, False, True],
        key=lambda s: s.map(order) if s.name == "formulation" else s,
        kind="stable",
    ).reset_index(drop=True)
    table["gloss"] = table["collocate"].map(study.gloss(table["collocate"]))
    gloss = _formulation_gloss(study)
    table["formulation_label"] = [
        wrap(f"{f} ({int(frequency.get(f, 0))}×) · {gloss.get(f, '')}", 30)
        for f in table["formulation"]
    ]
    rank = table.groupby("formulation", sort=False).cumcount()
    table["shown"] = table["formulation"].isin(shown_forms) & (rank < COLLOCATES_SHOWN)
    note = (
        "Span: ±5 tokens in the paragraph; pairs seen ≥ 3 times; formulations ranked by hits; "
        "2×2 table and evidence lines (unit:line) in the CSV. "
    ) + duplicate_note(study)
    return with_text(table, note=note.strip())


def _collocations_plot(table: pd.DataFrame) -> Figure:
    from textlib.viz.plots.toolkit import plot_collocations

    return plot_collocations(table, note=text(table, "note"))


# -- co-occurrence network ---------------------------------------------------------------------
def _network_data(study: Study) -> pd.DataFrame:
    result = study.cooccurrence(top=NETWORK_EDGES, min_count=NETWORK_MIN_CONTEXTS)
    require(
        len(result.edges) > 0,
        "cooccurrence_network",
        f"no two formulations share a paragraph among those in ≥ {NETWORK_MIN_CONTEXTS} paragraphs",
    )
    caption = (
        f"Nodes: formulations in ≥ {NETWORK_MIN_CONTEXTS} paragraphs, size ∝ √hits, colour = "
        f"community (Louvain, seed {study.seed}); edges: the top {NETWORK_EDGES} Jaccard "
        "coefficients of the paragraphs the two share (KH Coder's default is 60), width ∝ "
        "Jaccard. Layout: each connected group by Kamada–Kawai, groups in a grid; distances "
        "are only roughly meaningful. "
    ) + (duplicate_note(study) or "No near-duplicate texts.")
    return with_text(panels(edges=result.edges, nodes=result.nodes), caption=caption)


def _network_plot(table: pd.DataFrame) -> Figure:
    from textlib.viz.plots.toolkit import plot_network

    nodes = panel(table, "nodes").astype({"community": int, "frequency": int})
    nodes["gloss"] = nodes.get("gloss", pd.Series("", index=nodes.index)).fillna("")
    edges = panel(table, "edges")
    return plot_network(nodes, edges, caption=text(table, "caption"))


# -- correspondence map ------------------------------------------------------------------------
def _map_data(study: Study) -> pd.DataFrame:
    result = study.correspondence(columns="formulations", n_axes=2)
    rows = with_units(result.rows.reset_index(names="unit_id"), study)
    rows = rows.assign(label=rows["unit_id"])
    cols = result.columns.reset_index(names="label")
    cols["contribution"] = cols["mass"] * (cols["dim1"] ** 2 + cols["dim2"] ** 2)
    cols = cols.sort_values(["contribution", "label"], ascending=[False, True], kind="stable")
    cols["gloss"] = cols["label"].map(_formulation_gloss(study)).fillna("")
    cols["shown"] = [k < MAP_LABELS for k in range(len(cols))]
    inertia = result.inertia.assign(total=result.total_inertia)
    table = panels(rows=rows, columns=cols.reset_index(drop=True), inertia=inertia)
    return with_text(table, note=duplicate_note(study))


def _map_plot(table: pd.DataFrame) -> Figure:
    from textlib.viz.plots.toolkit import plot_correspondence_map

    rows = panel(table, "rows")
    labels, colors = unit_styles(rows)
    rows = rows.drop(columns=["unit_id", "unit_label", "unit_color"])
    cols = panel(table, "columns")
    inertia = panel(table, "inertia").astype({"axis": int})
    shown = cols[cols["shown"].astype(bool)]
    shown = shown.assign(gloss=shown["gloss"].fillna(""))
    total = float(inertia["total"].iloc[0])
    caption = (
        f"Correspondence analysis of hit counts, {len(rows)} units × {len(cols)} formulations "
        f"(total inertia {total:.3f}); symmetric map, principal coordinates. Shown: the "
        f"{len(shown)} formulations contributing most to the two axes; all are in the CSV. "
        "Units close together use formulations in similar proportions. "
    ) + (text(table, "note") or "No near-duplicate texts.")
    return plot_correspondence_map(rows, shown, inertia, labels, colors, caption=caption)


SPECS: tuple[FigureSpec, ...] = (
    FigureSpec(
        "collocations",
        "18_collocations",
        _collocations_data,
        _collocations_plot,
        "Collocates of the most frequent formulations by log-likelihood G², glossed.",
        caption=(
            "For the most frequent formulations, the words that attach to them within five "
            "tokens in the same paragraph, by log-likelihood G² against the rest of the "
            "corpus (count ≥ 3): the verbs and intensifiers a document uses with a 提法 "
            "(践行, 培育, 深入). With few documents, one document's habits can dominate."
        ),
    ),
    FigureSpec(
        "cooccurrence_network",
        "19_cooccurrence_network",
        _network_data,
        _network_plot,
        "Formulations sharing paragraphs: Jaccard network with communities, glossed key.",
        caption=(
            "Formulations that occur in the same paragraphs (Jaccard, the 60 strongest "
            "edges as in KH Coder, here the top 30), communities from seeded Louvain, node "
            "size by frequency, numbered with a glossed key. A near-duplicate text counts "
            "once (the study's unit set), so copying does not pass for association."
        ),
    ),
    FigureSpec(
        "correspondence_map",
        "20_correspondence_map",
        _map_data,
        _map_plot,
        "Correspondence analysis of units × formulations: units and top formulations mapped.",
        caption=(
            "Correspondence analysis of units × formulations: units and formulations in "
            "the first two principal axes (inertia explained on each axis); units close to "
            "a formulation use it more than average. With few units the map mostly "
            "separates single documents."
        ),
    ),
)
