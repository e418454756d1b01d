"""textlib: comparative reading of Chinese policy documents, every number traceable.

Importing textlib loads nothing heavy: the public names below are resolved on first use
(PEP 562), so ``import textlib`` neither imports pandas nor jieba nor touches matplotlib.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS: dict[str, str] = {
    # corpus
    "Corpus": "textlib.corpus",
    "load_seed": "textlib.corpus",
    "read_page": "textlib.corpus",
    "read_directory": "textlib.corpus",
    "seed_path": "textlib.corpus",
    # repair
    "TrackedText": "textlib.tracked",
    "repair": "textlib.repairs",
    "repair_text": "textlib.repairs",
    "make_pipeline": "textlib.repairs",
    "remove_page_markers": "textlib.repairs",
    "strip_indentation": "textlib.repairs",
    "join_broken_lines": "textlib.repairs",
    "drop_pdf_spaces": "textlib.repairs",
    # reports
    "noise": "textlib.diagnostics",
    "noise_summary": "textlib.diagnostics",
    "kwic": "textlib.concordance",
    "corpus_overview": "textlib.tables",
    "plan_formulation_matrix": "textlib.tables",
    "unit_labels": "textlib.labels",
    "unit_glosses": "textlib.labels",
    "plan_colors": "textlib.style",
    "draw": "textlib.figures",
    "build_figures": "textlib.figures",
    # formulations
    "load_lexicon": "textlib.lexicon",
    "count_formulations": "textlib.formulations",
    "formulation_hits": "textlib.formulations",
    "plan_formulation_counts": "textlib.formulations",
    "quoted_phrases": "textlib.formulations",
    "tokenize": "textlib.segmentation",
    "unit_tokens": "textlib.segmentation",
    "segmentation_audit": "textlib.segmentation",
    "audit_headline": "textlib.segmentation",
    "DomainTokenizer": "textlib.segmentation",
    # structure
    "outline": "textlib.structure",
    "enumerations": "textlib.structure",
    "sections": "textlib.structure",
    "locate_sections": "textlib.structure",
    "numbering_style": "textlib.structure",
    "assign_roles": "textlib.roles",
    "load_role_rules": "textlib.roles",
    "metadata": "textlib.curation",
    "metadata_wide": "textlib.curation",
    "structure_summary": "textlib.tables",
    # comparison
    "Comparison": "textlib.comparison",
    "document_terms": "textlib.features",
    "similarity": "textlib.clustering",
    "cluster": "textlib.clustering",
    "nmf_topics": "textlib.topics",
    "keyness": "textlib.topics",
    "nmf_errors": "textlib.topics",
    "shared_passages": "textlib.reuse",
    "pairwise_passages": "textlib.reuse",
    "reuse_matrix": "textlib.reuse",
    "near_duplicates": "textlib.reuse",
    "template_passages": "textlib.reuse",
    "alignment_differences": "textlib.reuse",
    # errors
    "TextlibError": "textlib.errors",
    "SourceFileNotFoundError": "textlib.errors",
    "NotUtf8Error": "textlib.errors",
    "PageFormatError": "textlib.errors",
    "EmptyCorpusError": "textlib.errors",
    "UnknownUnitError": "textlib.errors",
    "LexiconError": "textlib.errors",
    "EmptyTermError": "textlib.errors",
    "FontNotFoundError": "textlib.errors",
    "MissingGlyphError": "textlib.errors",
    "FigureBuildError": "textlib.errors",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'textlib' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
