"""Stage 1: repair steps that keep every character traceable to its source."""

from textlib._exports import lazy_exports

_EXPORTS = {
    "repair": ".steps:repair",
    "repair_text": ".steps:repair_text",
    "make_pipeline": ".steps:make_pipeline",
    "remove_page_markers": ".steps:remove_page_markers",
    "strip_indentation": ".steps:strip_indentation",
    "join_broken_lines": ".steps:join_broken_lines",
    "drop_pdf_spaces": ".steps:drop_pdf_spaces",
    "remove_zero_width": ".steps:remove_zero_width",
    "fullwidth_ascii": ".steps:fullwidth_ascii",
    "to_simplified": ".steps:to_simplified",
    "simplify_if_traditional": ".steps:simplify_if_traditional",
    "detect_script": ".steps:detect_script",
    "DEFAULT_STEPS": ".steps:DEFAULT_STEPS",
    "NORMALISING_STEPS": ".steps:NORMALISING_STEPS",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())
