"""Print geometry: every registered figure at its final size, on the seed and on 60 units.

From matplotlib's own text extents: no text under 6 pt, none outside the canvas, no two texts
overlapping; widths of one (3.5 in) or two (7.2 in) journal columns; at most a page tall."""

from __future__ import annotations

import pytest

import textlib
from textlib.datasets.synthetic import synthetic_corpus
from textlib.figures.build import render
from textlib.figures.check import text_problems
from textlib.viz.style import COLUMN_WIDTH, FULL_WIDTH, MAX_HEIGHT, figure_style


@pytest.fixture(scope="module")
def seed_study(seed):
    return textlib.Study(seed, n_boot=20)


@pytest.fixture(scope="module")
def large_study():
    return textlib.Study(synthetic_corpus(60), n_boot=5)


def _check(study, figure_id):
    with figure_style():
        try:
            fig = textlib.draw(figure_id, study)
        except textlib.NotApplicableError as err:  # declined with a reason: nothing to print
            assert err.reason
            pytest.skip(f"{figure_id}: {err.reason}")
        problems = text_problems(fig)
    width, height = fig.get_size_inches()
    assert min(abs(width - COLUMN_WIDTH), abs(width - FULL_WIDTH)) < 0.05, f"width {width:.2f} in"
    assert height <= MAX_HEIGHT + 0.01, f"height {height:.2f} in"
    assert not problems, "\n".join(str(p) for p in problems[:10])


@pytest.mark.parametrize("figure_id", textlib.figure_ids())
def test_figure_fits_print_on_the_seed(seed_study, figure_id):
    _check(seed_study, figure_id)


@pytest.mark.parametrize("figure_id", textlib.figure_ids())
def test_figure_fits_print_on_60_units(large_study, figure_id):
    _check(large_study, figure_id)


def test_vector_formats_carry_no_date_and_embed_truetype(seed_study):
    with figure_style():
        fig = textlib.draw("corpus_overview", seed_study)
        pdf = render(fig, "corpus_overview", "pdf")
        svg = render(fig, "corpus_overview", "svg")
    assert b"CreationDate" not in pdf and b"/FontFile2" in pdf  # TrueType outlines embedded
    assert b"<dc:date>" not in svg and b"Matplotlib v" not in svg
    again = render(fig, "corpus_overview", "svg")
    assert again == svg
