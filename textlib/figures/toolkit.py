"""Figures of the reading toolkit (collocations, co-occurrence network, correspondence map):
data from a Study's hits, tokens and counts only, plots from those tables."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
from matplotlib.figure import Figure

from textlib.figures.common import panel, panels
from textlib.figures.spec import FigureSpec
from textlib.lexicon.glossary import gloss_terms
from textlib.viz.labels import short_labels
from textlib.viz.style import plan_colors

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
    from textlib.toolkit.collocations import collocations
    from textlib.viz.wrap import wrap_text as wrap

    table = collocations(study)
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
    table["gloss"] = table["collocate"].map(gloss_terms(table["collocate"], study.lexicon))
    gloss = _formulation_gloss(study)
    table["formulation_label"] = [
        wrap(f"{f} ({int(frequency.get(f, 0))}×) · {gloss.get(f, '')}", 30)
        for f in table["formulation"]
    ]
    rank = table.groupby("formulation", sort=False).cumcount()
    table["shown"] = table["formulation"].isin(shown_forms) & (rank < COLLOCATES_SHOWN)
    return table


def _collocations_plot(study: Study, table: pd.DataFrame) -> Figure:
    from textlib.viz.plots.toolkit import plot_collocations

    note = (
        "Span: ±5 tokens in the paragraph; pairs seen ≥ 3 times; formulations ranked by hits; "
        "2×2 table and evidence lines (unit:line) in the CSV."
    )
    return plot_collocations(table, note=note)


# -- co-occurrence network ---------------------------------------------------------------------
def _network_data(study: Study) -> pd.DataFrame:
    from textlib.toolkit.cooccurrence import cooccurrence

    result = cooccurrence(study, top=NETWORK_EDGES, min_count=NETWORK_MIN_CONTEXTS, seed=study.seed)
    return panels(edges=result.edges, nodes=result.nodes)


def _network_plot(study: Study, table: pd.DataFrame) -> Figure:
    from textlib.viz.plots.toolkit import plot_network

    nodes = panel(table, "nodes").astype({"community": int, "frequency": int})
    nodes["gloss"] = nodes.get("gloss", pd.Series("", index=nodes.index)).fillna("")
    edges = panel(table, "edges")
    caption = (
        f"Nodes: formulations in ≥ {NETWORK_MIN_CONTEXTS} paragraphs, size ∝ √hits, colour = "
        f"community (Louvain, seed {study.seed}); edges: the top {NETWORK_EDGES} Jaccard "
        "coefficients of the paragraphs the two share (KH Coder's default is 60), width ∝ "
        "Jaccard. Layout: each connected group by Kamada–Kawai, groups in a grid; distances "
        "are only roughly meaningful. Copies of one text (two plans reprinting a speech) "
        "inflate the edges they share."
    )
    return plot_network(nodes, edges, caption=caption)


# -- correspondence map ------------------------------------------------------------------------
def _map_data(study: Study) -> pd.DataFrame:
    from textlib.toolkit.correspondence import correspondence

    result = correspondence(study, columns="formulations", n_axes=2)
    rows = result.rows.reset_index(names="label")
    cols = result.columns.reset_index(names="label")
    cols["contribution"] = cols["mass"] * (cols["dim1"] ** 2 + cols["dim2"] ** 2)
    cols = cols.sort_values(["contribution", "label"], ascending=[False, True], kind="stable")
    cols["gloss"] = cols["label"].map(_formulation_gloss(study)).fillna("")
    cols["shown"] = [k < MAP_LABELS for k in range(len(cols))]
    inertia = result.inertia.assign(total=result.total_inertia)
    return panels(rows=rows, columns=cols.reset_index(drop=True), inertia=inertia)


def _map_plot(study: Study, table: pd.DataFrame) -> Figure:
    from textlib.viz.plots.toolkit import plot_correspondence_map

    rows = panel(table, "rows")
    cols = panel(table, "columns")
    inertia = panel(table, "inertia").astype({"axis": int})
    shown = cols[cols["shown"].astype(bool)]
    shown = shown.assign(gloss=shown["gloss"].fillna(""))
    total = float(inertia["total"].iloc[0])
    caption = (
        f"Correspondence analysis of hit counts, {len(rows)} units × {len(cols)} formulations "
        f"(total inertia {total:.3f}); symmetric map, principal coordinates. Shown: the "
        f"{len(shown)} formulations contributing most to the two axes; all are in the CSV. "
        "Units close together use formulations in similar proportions; near-identical texts "
        "(copies of one speech) sit on top of each other and can dominate an axis."
    )
    labels = short_labels(study.corpus).to_dict()
    return plot_correspondence_map(
        rows, shown, inertia, labels, plan_colors(study.corpus.plan_ids), caption=caption
    )


SPECS: tuple[FigureSpec, ...] = (
    FigureSpec(
        "collocations",
        "18_collocations",
        _collocations_data,
        _collocations_plot,
        "Collocates of the most frequent formulations by log-likelihood G², glossed.",
    ),
    FigureSpec(
        "cooccurrence_network",
        "19_cooccurrence_network",
        _network_data,
        _network_plot,
        "Formulations sharing paragraphs: Jaccard network with communities, glossed key.",
    ),
    FigureSpec(
        "correspondence_map",
        "20_correspondence_map",
        _map_data,
        _map_plot,
        "Correspondence analysis of units × formulations: units and top formulations mapped.",
    ),
)
