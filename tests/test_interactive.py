"""Interactive tables (DataTables through itables, offline): ids, network, rows and columns."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

import textlib
from textlib.viz.interactive import interactive_table

DT_ARGS = re.compile(r"let dt_args = (\{.*?\});\n", re.S)


def _args(page: str) -> dict:
    found = DT_ARGS.findall(page)
    assert len(found) == 1, "one table per output"
    return json.loads(found[0])


def _table_ids(page: str) -> list[str]:
    return re.findall(r'<table id="([^"]+)"', page)


@pytest.fixture(scope="module")
def kwic(seed):
    return textlib.Study(seed).kwic("社会主义核心价值观")


def test_ids_unique_when_shown_twice(kwic):
    shown = interactive_table(kwic, caption="KWIC")
    other = interactive_table(kwic, caption="KWIC")
    pages = [shown._repr_html_(), shown._repr_html_(), other._repr_html_()]
    ids = [_table_ids(page) for page in pages]
    assert all(len(one) == 1 for one in ids)
    assert len({one[0] for one in ids}) == 3
    for page, (table_id,) in zip(pages, ids, strict=True):
        # the script initialises its own table, by the same id, and no other
        assert f'querySelectorAll("#{table_id}:not(.dataTable)")' in page
        assert set(re.findall(r'querySelectorAll\("#([^:"]+)', page)) == {table_id}


def test_offline_no_remote_script_or_stylesheet(kwic):
    page = interactive_table(kwic)._repr_html_()
    assert not re.search(r"<script[^>]*\bsrc\s*=", page, re.I)
    assert not re.search(r"""\bimport\b[^;]*?\bfrom\s*['"]https?:""", page)
    assert not re.search(r"""\bimport\s*\(\s*['"]https?:""", page)
    assert not re.search(r"""<link[^>]*href\s*=\s*['"]?https?:""", page, re.I)
    assert "unpkg" not in page and "cdn." not in page.lower()
    # the DataTables bundle travels in the output, loaded once per page
    assert "injectModule(" in page and len(page) > 500_000


def test_rows_columns_and_chinese_preserved(kwic):
    assert list(kwic.columns) == ["ref", "formulation", "variant", "left", "match", "right"]
    assert len(kwic) == 22  # 26 on the page, less the 4 of plan 3 (a copy of plan 7)
    args = _args(interactive_table(kwic, caption="KWIC: 社会主义核心价值观")._repr_html_())
    header = re.findall(r"<th>([^<]*)</th>", args["table_html"])
    assert header == list(kwic.columns)
    assert json.loads(args["data_json"]) == kwic.astype(object).values.tolist()
    assert args["caption"] == "KWIC: 社会主义核心价值观"
    # the filter box is shown even when the table fits on one page
    assert args["layout"]["topEnd"] == "search"
    # text columns read from the left
    assert args["columnDefs"] == [{"className": "dt-left", "targets": [0, 1, 2, 3, 4, 5]}]


def test_max_rows_caps_and_says_so():
    table = pd.DataFrame({"ref": [f"1:{k}" for k in range(5)], "match": ["改革"] * 5})
    shown = interactive_table(table, caption="hits", max_rows=3)
    assert shown.total_rows == 5 and len(shown.table) == 3
    args = _args(shown._repr_html_())
    assert len(json.loads(args["data_json"])) == 3
    assert args["caption"] == "hits (first 3 of 5 rows)"
    small = _args(interactive_table(table, max_rows=5)._repr_html_())
    assert "caption" not in small and len(json.loads(small["data_json"])) == 5


def test_values_escaped():
    table = pd.DataFrame({"text": ["<b>社会</b> & <script>x</script>"]})
    args = _args(interactive_table(table)._repr_html_())
    assert json.loads(args["data_json"]) == [
        ["&lt;b&gt;社会&lt;/b&gt; &amp; &lt;script&gt;x&lt;/script&gt;"]
    ]


def test_bad_arguments():
    with pytest.raises(TypeError, match="DataFrame"):
        interactive_table(pd.Series([1, 2]))
    with pytest.raises(ValueError, match="max_rows"):
        interactive_table(pd.DataFrame({"a": [1]}), max_rows=0)
