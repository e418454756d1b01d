"""Every notebook in notebooks/, run in JupyterLab by a headless Chromium: all cells run with
no error output, every figure shows as an image, interactive tables filter as one types,
unit readers render with their glossed hits. One screenshot per notebook: build/browser/."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import pytest
from lab import run_notebook

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted(p.name for p in (REPO / "notebooks").glob("*.ipynb"))
# Notebooks that show filterable tables, and how many at least.
FILTERABLE = {"02-formulations.ipynb": 1, "07-toolkit.ipynb": 2, "08-reuse-and-uptake.ipynb": 1}


@pytest.fixture(scope="module", params=NOTEBOOKS)
def run(request, lab_server, browser_context, shots):
    result = run_notebook(browser_context, lab_server, f"notebooks/{request.param}", shots)
    report = {k: v for k, v in asdict(result).items() if k != "screenshot"}
    (shots / f"{request.param.removesuffix('.ipynb')}.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return result


def test_every_cell_ran(run):
    assert run.code_cells > 0
    assert run.executed_cells == run.code_cells, (
        f"{run.name}: {run.executed_cells} of {run.code_cells} code cells ran "
        f"(Run All stops at the first error): {run.error_outputs}"
    )


def test_no_error_output(run):
    assert not run.error_outputs, f"{run.name}: error outputs: {run.error_outputs}"
    assert not run.stderr_tracebacks, f"{run.name}: tracebacks on stderr:\n" + "\n---\n".join(
        run.stderr_tracebacks
    )


def test_figures_render_as_images(run):
    blank = [size for size in run.images if 0 in size]
    assert not blank, f"{run.name}: {len(blank)} images with no pixels"
    shown = len(run.images) - len(blank)
    assert shown == run.figures_saved, (
        f"{run.name}: {shown} images rendered in the page, "
        f"{run.figures_saved} image outputs in the notebook"
    )


def test_figures_not_shown_as_text(run):
    assert not run.figures_as_text, (
        f"{run.name}: figures shown as their text repr, not as images "
        f"(no inline backend active?): {run.figures_as_text}"
    )


def test_no_script_errors(run):
    assert not run.page_errors, f"{run.name}: uncaught errors in the page: {run.page_errors}"


def test_interactive_tables_filter(run):
    assert len(run.tables) >= FILTERABLE.get(run.name, 0), (
        f"{run.name}: {len(run.tables)} interactive tables, expected at least "
        f"{FILTERABLE[run.name]}"
    )
    for k, table in enumerate(run.tables):
        where = f"{run.name}, interactive table {k} ({table.kind})"
        assert table.rows > 0, f"{where}: no rows shown"
        assert table.rows_no_match == 0, f"{where}: a filter no row holds left {table}"
        assert table.rows_cleared == table.rows, f"{where}: clearing the filter: {table}"
        assert table.probe and table.rows_probe >= 1, f"{where}: filter by {table.probe!r}"
        assert table.probe_rows_hold_it, f"{where}: rows shown for {table.probe!r} lack it"


def test_unit_reader_renders_and_responds(run):
    assert len(run.readers) == run.reader_outputs, (
        f"{run.name}: {len(run.readers)} readers in the page, {run.reader_outputs} in outputs"
    )
    for k, reader in enumerate(run.readers):
        where = f"{run.name}, reader {k}"
        assert reader.paragraphs > 0 and reader.line_numbers == reader.paragraphs, where
        if reader.marks:
            assert reader.first_mark_hovered, f"{where}: the first hit cannot be hovered"
            assert reader.first_mark_title, f"{where}: the first hit has no gloss on hover"
            assert reader.mark_background not in ("", "rgba(0, 0, 0, 0)", "transparent"), where


def test_no_remote_requests(run):
    assert not run.remote_requests, (
        f"{run.name}: the page asked the network for {run.remote_requests}"
    )


def test_screenshot_left(run):
    assert run.screenshot is not None and run.screenshot.stat().st_size > 10_000
