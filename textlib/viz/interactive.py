"""Sortable, filterable tables for notebooks: DataTables through itables, with the library
embedded in the output (offline: no CDN, no network), and a fresh element id at every display."""

from __future__ import annotations

import functools
import uuid
from dataclasses import dataclass, field

import pandas as pd
from pandas.api.types import is_numeric_dtype

# The filter box and the row count stay visible even for a table that fits on one page
# (itables drops every control from such a table under its default layout).
_LAYOUT = {
    "topStart": "info",
    "topEnd": "search",
    "bottomStart": "pageLength",
    "bottomEnd": "paging",
}


@functools.cache
def _library_html() -> str:
    """The DataTables bundle (JavaScript and CSS, base64 in the page), loaded once per page:
    later tables find it on ``window`` and skip the load."""
    from itables import options
    from itables.javascript import generate_init_offline_itables_html

    return generate_init_offline_itables_html(options.dt_bundle)


@dataclass(frozen=True, eq=False)
class InteractiveTable:
    """A table that Jupyter displays as a sortable (click a header), filterable (type in the
    search box) DataTables table. ``table`` holds the rows shown; ``total_rows`` the rows of
    the table given. Each display renders with a new element id, so one object shown twice,
    or two tables of the same rows, never share ids."""

    table: pd.DataFrame = field(repr=False)
    caption: str
    total_rows: int

    def _repr_html_(self) -> str:
        from itables.javascript import to_html_datatable

        caption = self.caption
        if self.total_rows > len(self.table):
            caption = f"{caption} (first {len(self.table)} of {self.total_rows} rows)".strip()
        # text reads from the left (DataTables keeps numbers right-aligned)
        text = [k for k, dtype in enumerate(self.table.dtypes) if not is_numeric_dtype(dtype)]
        body = to_html_datatable(
            self.table,
            columnDefs=[{"className": "dt-left", "targets": text}] if text else [],
            caption=caption or None,
            table_id=f"tl_table_{uuid.uuid4().hex}",
            connected=False,
            maxBytes=0,  # no silent downsampling: ``max_rows`` caps the rows
            layout=_LAYOUT,
            display_logo_when_loading=False,
            text_in_header_can_be_selected=False,  # a click on a header sorts
        )
        return _library_html() + body


def interactive_table(
    table: pd.DataFrame, *, caption: str = "", max_rows: int = 2000
) -> InteractiveTable:
    """``table`` as a sortable, filterable table for JupyterLab that needs no network: the
    DataTables library travels inside the output. At most ``max_rows`` rows are shown (the
    caption says so when rows are left out); cell values are escaped, Chinese shown as is."""
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"interactive_table expects a pandas DataFrame, got {type(table).__name__}")
    if max_rows < 1:
        raise ValueError(f"max_rows must be at least 1, got {max_rows}")
    return InteractiveTable(table=table.head(max_rows), caption=caption, total_rows=len(table))
