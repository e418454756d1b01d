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
    "Corpus": "textlib.load.corpus",
    "load_seed": "textlib.datasets.seed",
    "read_page": "textlib.load.page",
    "read_directory": "textlib.load.readers",
    "seed_path": "textlib.datasets.seed",
    # repair
    "TrackedText": "textlib.text.tracked",
    "repair": "textlib.repairs.steps",
    "repair_text": "textlib.repairs.steps",
    "make_pipeline": "textlib.repairs.steps",
    "remove_page_markers": "textlib.repairs.steps",
    "strip_indentation": "textlib.repairs.steps",
    "join_broken_lines": "textlib.repairs.steps",
    "drop_pdf_spaces": "textlib.repairs.steps",
    "remove_zero_width": "textlib.repairs.steps",
    "fullwidth_ascii": "textlib.repairs.steps",
    "to_simplified": "textlib.repairs.steps",
    "simplify_if_traditional": "textlib.repairs.steps",
    "detect_script": "textlib.repairs.steps",
    "NORMALISING_STEPS": "textlib.repairs.steps",
    "boilerplate_passages": "textlib.load.boilerplate",
    "read_table": "textlib.load.readers",
    "synthetic_corpus": "textlib.datasets.synthetic",
    "load_npc_resolutions": "textlib.datasets.npc",
    "npc_path": "textlib.datasets.npc",
    "DatasetIntegrityError": "textlib.datasets.npc",
    "trend": "textlib.formulations.trend",
    "collocations": "textlib.toolkit",
    "cooccurrence": "textlib.toolkit",
    "correspondence": "textlib.toolkit",
    "reader": "textlib.toolkit",
    "kwic_table": "textlib.toolkit",
    "table_html": "textlib.toolkit",
    "watchwords": "textlib.formulations.trend",
    "UnknownGroupingError": "textlib.formulations.trend",
    "dating_evidence": "textlib.explore.dating",
    "presence_table": "textlib.formulations.presence",
    # reports
    "noise": "textlib.explore.diagnostics",
    "noise_summary": "textlib.explore.diagnostics",
    "kwic": "textlib.explore.concordance",
    "corpus_overview": "textlib.explore.overview",
    "plan_formulation_matrix": "textlib.formulations.tables",
    "unit_labels": "textlib.viz.labels",
    "unit_glosses": "textlib.viz.labels",
    "plan_colors": "textlib.viz.style",
    "draw": "textlib.figures.build",
    "build_figures": "textlib.figures.build",
    "figure_ids": "textlib.figures.registry",
    "Study": "textlib.study",
    "stream_directory": "textlib.stream",
    "StreamedCorpus": "textlib.stream",
    "is_seed": "textlib.datasets.seed",
    "seed_lexicon": "textlib.datasets.seed",
    # formulations
    "load_lexicon": "textlib.lexicon.loading",
    "count_formulations": "textlib.formulations.counting",
    "formulation_hits": "textlib.formulations.counting",
    "plan_formulation_counts": "textlib.formulations.counting",
    "quoted_phrases": "textlib.formulations.counting",
    "tokenize": "textlib.tokens.segmentation",
    "unit_tokens": "textlib.tokens.segmentation",
    "segmentation_audit": "textlib.tokens.segmentation",
    "audit_headline": "textlib.tokens.segmentation",
    "DomainTokenizer": "textlib.tokens.segmentation",
    # structure
    "outline": "textlib.structure.headings",
    "enumerations": "textlib.structure.headings",
    "sections": "textlib.structure.headings",
    "locate_sections": "textlib.structure.headings",
    "numbering_style": "textlib.structure.headings",
    "assign_roles": "textlib.structure.roles",
    "load_role_rules": "textlib.structure.roles",
    "metadata": "textlib.datasets.seed",
    "metadata_wide": "textlib.datasets.seed",
    "structure_summary": "textlib.structure.summary",
    # comparison
    "document_terms": "textlib.compare.features",
    "similarity": "textlib.compare.clustering",
    "cluster": "textlib.compare.clustering",
    "nmf_topics": "textlib.compare.topics",
    "keyness": "textlib.compare.topics",
    "nmf_errors": "textlib.compare.topics",
    "topic_stability": "textlib.compare.topics",
    "shared_passages": "textlib.compare.reuse",
    "find_passages": "textlib.compare.passages",
    "passage_clusters": "textlib.compare.passages",
    "to_passim_jsonl": "textlib.compare.passages",
    "uptake": "textlib.compare.uptake",
    "Uptake": "textlib.compare.uptake",
    "pairwise_passages": "textlib.compare.reuse",
    "reuse_matrix": "textlib.compare.reuse",
    "pairwise_reuse": "textlib.compare.reuse",
    "near_duplicates": "textlib.compare.reuse",
    "template_passages": "textlib.compare.reuse",
    "alignment_differences": "textlib.compare.reuse",
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
    "StudyParameterError": "textlib.errors",
    "UnknownFigureError": "textlib.errors",
    "OutputError": "textlib.errors",
    "UnknownColumnError": "textlib.errors",
    "SourceReadError": "textlib.errors",
    "TableFormatError": "textlib.errors",
    "RoleRuleError": "textlib.errors",
    "BadFontError": "textlib.errors",
    "ReuseLimitError": "textlib.errors",
    "UndecodableFileError": "textlib.errors",
    "UnsupportedFormatError": "textlib.errors",
    "NoTextLayerError": "textlib.errors",
    "DocumentFormatError": "textlib.errors",
    "CorpusLoadError": "textlib.errors",
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
