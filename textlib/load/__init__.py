"""Stage 2: the corpus model and the readers of a user's files (a page of plans, a folder, a
table), with the readers' public seam (:mod:`textlib.load.sources`) that the streamed path uses.
Names are resolved on first use, so importing this package loads nothing heavy."""

from textlib._exports import lazy_exports

_SEAM = (
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
)
_EXPORTS = {
    "Corpus": ".corpus:Corpus",
    "read_directory": ".readers:read_directory",
    "read_table": ".readers:read_table",
    "read_page": ".page:read_page",
    "boilerplate_passages": ".boilerplate:boilerplate_passages",
    **{name: f".sources:{name}" for name in _SEAM},
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())
