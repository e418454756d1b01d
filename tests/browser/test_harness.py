"""The checks can fail: a notebook written here with a figure shown as text, a real figure,
a warning, an error and a cell after it; the run must report each of them."""

from __future__ import annotations

import nbformat
import pytest
from lab import run_notebook

pytestmark = pytest.mark.browser

CELLS = [
    # no pyplot imported yet, so no inline formatter: the figure shows as "<Figure size ...>"
    "from matplotlib.figure import Figure\n\nFigure(figsize=(2, 1))",
    "%matplotlib inline\nimport matplotlib.pyplot as plt\n\n"
    "fig, ax = plt.subplots(figsize=(2, 1.5))\nax.plot([0, 1], [0, 1])\nplt.show()",
    'import sys\n\nprint("a warning", file=sys.stderr)',
    "1 / 0",
    '"never run: Run All stops at the error"',
]


@pytest.fixture(scope="module")
def run(lab_server, browser_context, tmp_path_factory):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.cells = [nbformat.v4.new_code_cell(src) for src in CELLS]
    nbformat.write(nb, lab_server.root / "harness-check.ipynb")
    shots = tmp_path_factory.mktemp("harness-shots")  # not among the notebooks' screenshots
    return run_notebook(browser_context, lab_server, "harness-check.ipynb", shots)


def test_stops_at_the_error(run):
    assert (run.code_cells, run.executed_cells) == (5, 4)


def test_error_reported_from_notebook_and_page(run):
    assert run.error_outputs == ["cell In [4]: ZeroDivisionError: division by zero"]
    assert len(run.stderr_tracebacks) == 1 and "ZeroDivisionError" in run.stderr_tracebacks[0]
    assert [s.strip() for s in run.stderr_other] == ["a warning"]


def test_figures_counted(run):
    assert run.figures_as_text == ["cell In [1]: <Figure size 200x100 with 0 Axes>"]
    assert run.figures_saved == 1
    assert len(run.images) == 1 and all(w > 0 and h > 0 for w, h in run.images)
