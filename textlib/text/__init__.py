"""Stage 0: source files as text, the tracked-text offset map and character classes."""

from textlib._exports import lazy_exports

_EXPORTS = {
    "TrackedText": ".tracked:TrackedText",
    "SourceText": ".source:SourceText",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())
