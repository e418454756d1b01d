"""Counting formulations (提法) with provenance, and what is built on the counts: rates over
time, collocations, co-occurrence, presence."""

from textlib._exports import lazy_exports

_EXPORTS = {
    "count_formulations": ".counting:count_formulations",
    "formulation_hits": ".counting:formulation_hits",
    "plan_formulation_counts": ".counting:plan_formulation_counts",
    "quoted_phrases": ".counting:quoted_phrases",
    "trend": ".trend:trend",
    "watchwords": ".trend:watchwords",
    "UnknownGroupingError": ".trend:UnknownGroupingError",
    "collocations": ".collocations:collocations",
    "cooccurrence": ".cooccurrence:cooccurrence",
    "Cooccurrence": ".cooccurrence:Cooccurrence",
    "presence_table": ".presence:presence_table",
    "plan_formulation_matrix": ".tables:plan_formulation_matrix",
    "hit_positions": ".tables:hit_positions",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())
