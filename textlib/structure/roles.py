"""Section roles: what a level-1 section does (framing, tasks, safeguards, assessment).

Rules are data (``textlib/data/section_roles.csv``): the first role whose regular expression
matches the level-1 title wins; a title no rule matches is ``other``; text before the first
heading is ``preamble``. Where a formulation sits (boilerplate ideology or an operational task)
is itself a signal.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pandas as pd

from textlib.errors import LexiconError, RoleRuleError
from textlib.package_data import data_path
from textlib.text.source import decode_utf8, read_file_bytes

ROLE_ORDER = ("preamble", "guiding ideology", "key tasks", "safeguards", "assessment", "other")


def load_role_rules(path: Path | str | None = None) -> pd.DataFrame:
    """The role rules, in the order they are tried: ``role``, ``gloss``, ``pattern``, ``note``.

    A missing file raises :class:`SourceFileNotFoundError`; a missing column
    :class:`LexiconError`; a pattern whose ``|``-separated alternatives are not each a valid
    regular expression (e.g. ``(保障|措施)``: :func:`classify_title` splits on every ``|``)
    :class:`RoleRuleError` naming the file, line and pattern.
    """
    path = Path(path) if path else data_path("section_roles.csv")
    text = decode_utf8(read_file_bytes(path), path).removeprefix("\ufeff")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [c for c in ("role", "pattern") if c not in (reader.fieldnames or [])]
    if missing:
        raise LexiconError(path, 1, f"missing column(s) {', '.join(missing)}")
    rows = []
    for row in reader:
        _check_pattern(path, reader.line_num, row["pattern"] or "")
        rows.append(row)
    return pd.DataFrame(rows, columns=["role", "gloss", "pattern", "note"])


def _check_pattern(path: Path, line: int, pattern: str) -> None:
    """Each ``|``-separated alternative must compile on its own (that is how rules are used)."""
    if not pattern.strip():
        raise RoleRuleError(path, line, pattern, "is empty")
    for alternative in pattern.split("|"):
        try:
            re.compile(alternative)
        except re.error as err:
            whole_ok = _compiles(pattern)
            hint = (
                "has a '|' inside a group or escape; rules split on every '|', so list "
                "alternatives at the top level"
                if whole_ok
                else "is not a valid regular expression"
            )
            raise RoleRuleError(
                path, line, pattern, f"{hint} (alternative {alternative!r}: {err})"
            ) from None


def _compiles(pattern: str) -> bool:
    try:
        re.compile(pattern)
    except re.error:
        return False
    return True


def classify_title(title: str, rules: pd.DataFrame) -> tuple[str, str]:
    """``(role, the rule that fired)`` for a level-1 title: roles are tried in order, and within
    a role its ``|``-separated alternatives in the order listed."""
    for role, pattern in zip(rules["role"], rules["pattern"], strict=True):
        for alternative in pattern.split("|"):
            if alternative and re.search(alternative, title):
                return role, alternative
    return "other", ""


def assign_roles(section_table: pd.DataFrame, rules: pd.DataFrame | None = None) -> pd.DataFrame:
    """Add ``role`` and ``rule`` to :func:`textlib.sections`: level-1 sections are classified
    by their title, level-2 sections inherit their level-1 role, the preamble is ``preamble``."""
    rules = load_role_rules() if rules is None else rules
    out = section_table.copy()
    roles, fired = [], []
    for level, l1 in zip(out["level"], out["l1_title"], strict=True):
        if level == 0:
            roles.append("preamble")
            fired.append("")
        else:
            role, rule = classify_title(l1, rules)
            roles.append(role)
            fired.append(rule)
    out["role"], out["rule"] = roles, fired
    return out
