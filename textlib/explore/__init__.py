"""Reading aids: the noise report, KWIC, the corpus overview, dating evidence and the unit
reader."""

from textlib._exports import lazy_exports

_EXPORTS = {
    "noise": ".diagnostics:noise",
    "noise_summary": ".diagnostics:noise_summary",
    "kwic": ".concordance:kwic",
    "corpus_overview": ".overview:corpus_overview",
    "dating_evidence": ".dating:dating_evidence",
    "reader": ".reader:reader",
    "hits_kwic": ".reader:hits_kwic",
    "HTML": ".reader:HTML",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())
