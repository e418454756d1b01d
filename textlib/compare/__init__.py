"""Comparison across units: document-term matrices, clustering, topics, keyness, correspondence
analysis, shared passages, reuse, duplicates, templates and uptake."""

from textlib._exports import lazy_exports

_EXPORTS = {
    "document_terms": ".features:document_terms",
    "DocumentTerms": ".features:DocumentTerms",
    "unit_set": ".features:unit_set",
    "cluster": ".clustering:cluster",
    "similarity_matrix": ".clustering:similarity_matrix",
    "Clustering": ".clustering:Clustering",
    "dendrogram_layout": ".clustering:dendrogram_layout",
    "nmf_topics": ".topics:nmf_topics",
    "keyness": ".topics:keyness",
    "topic_stability": ".topics:topic_stability",
    "nmf_errors": ".topics:nmf_errors",
    "ca": ".correspondence:ca",
    "Correspondence": ".correspondence:Correspondence",
    "find_passages": ".passages:find_passages",
    "passage_clusters": ".passages:passage_clusters",
    "to_passim_jsonl": ".passages:to_passim_jsonl",
    "passage_cluster_labels": ".passages:passage_cluster_labels",
    "find_templates": ".templates:find_templates",
    "Templates": ".templates:Templates",
    "reuse_matrix": ".reuse:reuse_matrix",
    "pairwise_reuse": ".reuse:pairwise_reuse",
    "near_duplicates": ".reuse:near_duplicates",
    "template_passages": ".templates:template_passages",
    "alignment_differences": ".reuse:alignment_differences",
    "choose_copies": ".duplicates:choose_copies",
    "template_map": ".template_map:template_map",
    "uptake": ".uptake:uptake",
    "Uptake": ".uptake:Uptake",
    "clause_headings": ".uptake:clause_headings",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())
