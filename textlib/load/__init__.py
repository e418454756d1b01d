"""Stage 2: the corpus model, the page format and the file and table readers.

The readers' public seam (:mod:`textlib.load.sources`) is importable from here; names are
resolved on first use, so importing this package loads nothing heavy.
"""

from __future__ import annotations

import importlib
from typing import Any

_SEAM = "textlib.load.sources"
__all__ = [
    "REPORT_COLUMNS",
    "TABLE_SUFFIXES",
    "Candidate",
    "FolderListing",
    "UnitRead",
    "UnitText",
    "check_table_options",
    "corpus_of_files",
    "files_read",
    "folder_metadata",
    "iter_table",
    "list_folder",
    "load_report",
    "long_line_hashes",
    "note_dropped_lines",
    "read_file",
    "read_row",
    "read_unit",
    "repair_steps",
    "skipped",
    "text_digest",
]


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module 'textlib.load' has no attribute {name!r}")
    value = getattr(importlib.import_module(_SEAM), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
