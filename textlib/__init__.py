"""textlib: comparative reading of Chinese policy documents, every number traceable.

The top level holds what most work starts from: the :class:`Study` (one owner of parameters
and of the unit set), the readers of a user's files (``read_*``) and the shipped data
(``load_*``), the figures, and the most used tables. Everything else lives in the stage
packages, which read as the pipeline: ``textlib.text`` → ``repairs`` → ``load`` →
``lexicon``/``tokens`` → analyses (``formulations``, ``structure``, ``explore``, ``compare``)
→ the Study → ``figures`` (drawing with ``viz``); ``textlib.stream`` is the batch counterpart
of the Study. Importing textlib loads nothing heavy: names are resolved on first use (PEP 562).
"""

from __future__ import annotations

from textlib._exports import lazy_exports

__version__ = "0.1.0"

_EXPORTS: dict[str, str] = {
    # the study and its data
    "Study": "textlib.study:Study",
    "Corpus": "textlib.load.corpus:Corpus",
    "read_directory": "textlib.load.readers:read_directory",
    "read_page": "textlib.load.page:read_page",
    "read_table": "textlib.load.readers:read_table",
    "read_lexicon": "textlib.lexicon.loading:read_lexicon",
    "load_lexicon": "textlib.lexicon.loading:load_lexicon",
    "load_seed": "textlib.datasets.seed:load_seed",
    "load_npc_resolutions": "textlib.datasets.npc:load_npc_resolutions",
    "synthetic_corpus": "textlib.datasets.synthetic:synthetic_corpus",
    "stream_directory": "textlib.stream:stream_directory",
    # figures
    "draw": "textlib.figures.build:draw",
    "figure_ids": "textlib.figures.registry:figure_ids",
    "build_figures": "textlib.figures.build:build_figures",
    "interactive_table": "textlib.viz.interactive:interactive_table",
    # the most used tables
    "kwic": "textlib.explore.concordance:kwic",
    "noise": "textlib.explore.diagnostics:noise",
    "outline": "textlib.structure.headings:outline",
    "count_formulations": "textlib.formulations.counting:count_formulations",
    "formulation_hits": "textlib.formulations.counting:formulation_hits",
    "tokenize": "textlib.tokens.segmentation:tokenize",
    "repair_text": "textlib.repairs.steps:repair_text",
    # the stage packages
    "text": "textlib.text",
    "repairs": "textlib.repairs",
    "load": "textlib.load",
    "lexicon": "textlib.lexicon",
    "tokens": "textlib.tokens",
    "formulations": "textlib.formulations",
    "structure": "textlib.structure",
    "explore": "textlib.explore",
    "compare": "textlib.compare",
    "datasets": "textlib.datasets",
    "figures": "textlib.figures",
    "viz": "textlib.viz",
    "stream": "textlib.stream",
    # errors
    **{
        name: f"textlib.errors:{name}"
        for name in (
            "TextlibError",
            "NotApplicableError",
            "ArgumentTypeError",
            "SourceFileNotFoundError",
            "NotUtf8Error",
            "PageFormatError",
            "EmptyCorpusError",
            "UnknownUnitError",
            "LexiconError",
            "EmptyTermError",
            "FontNotFoundError",
            "MissingGlyphError",
            "FigureBuildError",
            "StudyParameterError",
            "UnknownFigureError",
            "OutputError",
            "UnknownColumnError",
            "SourceReadError",
            "TableFormatError",
            "RoleRuleError",
            "BadFontError",
            "ReuseLimitError",
            "UndecodableFileError",
            "UnsupportedFormatError",
            "NoTextLayerError",
            "DocumentFormatError",
            "CorpusLoadError",
            "ClusterError",
            "TextIndexError",
            "FileTooLargeError",
        )
    },
}

__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())
