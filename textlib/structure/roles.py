"""Section roles: what a level-1 section does (framing, tasks, safeguards, assessment).

Rules are data (``textlib/data/section_roles.csv``): the first role whose regular expression
matches the level-1 title wins; a title no rule matches is ``other``; text before the first
heading is ``preamble``. Where a formulation sits (boilerplate ideology or an operational task)
is itself a signal.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd

from textlib.errors import LexiconError
from textlib.package_data import data_path

ROLE_ORDER = ("preamble", "guiding ideology", "key tasks", "safeguards", "assessment", "other")


def load_role_rules(path: Path | str | None = None) -> pd.DataFrame:
    """The role rules, in the order they are tried: ``role``, ``gloss``, ``pattern``, ``note``."""
    path = Path(path) if path else data_path("section_roles.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for line, row in enumerate(rows, start=2):
        try:
            re.compile(row["pattern"])
        except (re.error, KeyError, TypeError) as err:
            raise LexiconError(path, line, f"bad role pattern: {err}") from None
    return pd.DataFrame(rows, columns=["role", "gloss", "pattern", "note"])


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
