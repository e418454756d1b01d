"""Outlines, sections, roles and the structure tables."""

from textlib._exports import lazy_exports

_EXPORTS = {
    "outline": ".headings:outline",
    "enumerations": ".headings:enumerations",
    "sections": ".headings:sections",
    "locate_sections": ".headings:locate_sections",
    "numbering_style": ".headings:numbering_style",
    "assign_roles": ".roles:assign_roles",
    "load_role_rules": ".roles:load_role_rules",
    "structure_summary": ".summary:structure_summary",
    "skyline_table": ".summary:skyline_table",
    "role_tables": ".summary:role_tables",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())
