"""The formulation lexicon: loading, validation, glosses and the audit of short variants."""

from textlib._exports import lazy_exports

_EXPORTS = {
    "load_lexicon": ".loading:load_lexicon",
    "read_lexicon": ".loading:read_lexicon",
    "lexicon_audit": ".audit:lexicon_audit",
    "gloss_terms": ".glossary:gloss_terms",
    "lexicon_for": ".overlay:lexicon_for",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())
