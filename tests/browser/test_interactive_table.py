"""interactive_table in a real JupyterLab: one KWIC-like table shown twice by a notebook written
here; typing in the second table's filter changes its rows and not the first's, a header click
sorts the second only, Chinese cells show as given, and the page asks no network."""

from __future__ import annotations

import nbformat
import pytest
from lab import rows_shown, run_notebook, type_filter

pytestmark = pytest.mark.browser

KWIC = [  # ref, line, left, match, right
    ("1:12", 12, "坚持深化", "改革", "开放不动摇"),
    ("2:3", 3, "推动高质量", "发展", "取得新成效"),
    ("1:40", 40, "全面深化", "改革", "攻坚"),
    ("3:7", 7, "实施", "创新", "驱动发展战略"),
    ("2:25", 25, "以", "改革", "促发展"),
    ("4:18", 18, "坚持", "创新", "在现代化建设全局中的核心地位"),
    ("3:31", 31, "协调", "发展", "注重解决不平衡问题"),
    ("4:2", 2, "绿色", "发展", "人与自然和谐共生"),
]
SETUP = f"""import pandas as pd

from textlib.viz.interactive import interactive_table

kwic = pd.DataFrame({KWIC!r}, columns=["ref", "line", "left", "match", "right"])
shown = interactive_table(kwic, caption="KWIC: 改革 发展 创新")"""


def _write_notebook(path):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.cells = [
        nbformat.v4.new_markdown_cell("One table shown twice"),
        nbformat.v4.new_code_cell(SETUP),
        nbformat.v4.new_code_cell("shown"),
        nbformat.v4.new_code_cell("shown  # the same object again"),
    ]
    nbformat.write(nb, path)


def _inspect(page, run):
    first_rows = rows_shown(page, "datatables", 0)
    second_rows = rows_shown(page, "datatables", 1)
    filtered = type_filter(page, "datatables", 1, "改革")
    first_while_filtered = rows_shown(page, "datatables", 0)
    type_filter(page, "datatables", 1, "")
    second = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .dt-container").nth(1)
    second.locator("thead th", has_text="line").first.click()
    page.wait_for_timeout(300)
    run.extra.update(
        first=first_rows,
        second=second_rows,
        filtered=filtered,
        first_while_filtered=first_while_filtered,
        second_sorted=rows_shown(page, "datatables", 1),
        first_after_sort=rows_shown(page, "datatables", 0),
    )


@pytest.fixture(scope="module")
def run(lab_server, browser_context, shots):
    _write_notebook(lab_server.root / "interactive-table.ipynb")
    return run_notebook(
        browser_context, lab_server, "interactive-table.ipynb", shots, inspect=_inspect
    )


def _as_shown(rows):
    return [[str(v) for v in row] for row in rows]


def test_ran_without_errors(run):
    assert run.executed_cells == run.code_cells == 3
    assert not run.error_outputs and not run.stderr_tracebacks and not run.page_errors


def test_two_tables_two_ids(run):
    assert len(run.table_ids) == 2 and len(set(run.table_ids)) == 2, run.table_ids
    assert [t.kind for t in run.tables] == ["datatables", "datatables"]


def test_rows_and_chinese_as_given(run):
    assert run.extra["first"] == run.extra["second"] == _as_shown(KWIC)


def test_filter_of_second_table_changes_only_its_rows(run):
    assert run.extra["filtered"] == _as_shown([r for r in KWIC if r[3] == "改革"])
    assert len(run.extra["filtered"]) == 3
    assert run.extra["first_while_filtered"] == _as_shown(KWIC)


def test_header_click_sorts_second_table_only(run):
    assert run.extra["second_sorted"] == _as_shown(sorted(KWIC, key=lambda r: r[1]))
    assert run.extra["first_after_sort"] == _as_shown(KWIC)


def test_generic_filter_checks_pass(run):
    for table in run.tables:
        assert table.rows == 8 and table.rows_no_match == 0 and table.rows_cleared == 8
        assert table.rows_probe >= 1 and table.probe_rows_hold_it


def test_offline(run):
    assert not run.remote_requests, run.remote_requests
