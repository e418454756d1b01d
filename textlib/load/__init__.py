"""Stage 2: the corpus model and the readers of a user's files (a page of plans, a folder,
a table)."""

from textlib._exports import lazy_exports

_EXPORTS = {
    "Corpus": ".corpus:Corpus",
    "read_directory": ".readers:read_directory",
    "read_table": ".readers:read_table",
    "read_page": ".page:read_page",
    "boilerplate_passages": ".boilerplate:boilerplate_passages",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())
