"""Corpus-level boilerplate: lines repeated verbatim across many units (a licence footer, a
site's disclaimer), found so that they can be reported and kept out of the analysis."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

import pandas as pd

from textlib.repairs.steps import passage_key

BOILERPLATE_COLUMNS = ["text", "n_units", "share", "units", "lines"]
#: What counts as boilerplate by default: a line of at least MIN_CHARS characters found in at
#: least MIN_SHARE of the units and in at least MIN_UNITS of them.
MIN_SHARE, MIN_CHARS, MIN_UNITS = 0.5, 30, 3


def find_boilerplate(
    unit_lines: Mapping[str, Sequence[tuple[int, str]]],
    *,
    min_share: float = MIN_SHARE,
    min_chars: int = MIN_CHARS,
    min_units: int = MIN_UNITS,
) -> pd.DataFrame:
    """Lines (compared without edge spaces and invisible characters) of at least
    ``min_chars`` characters found in at least ``min_share`` of the units and in at least
    ``min_units`` units. ``unit_lines`` maps a unit id to its ``(line number, line)`` pairs.
    One row per passage: ``text``, ``n_units``, ``share``, ``units`` and ``lines`` (tuples of
    unit ids and of ``unit:line`` references), most widespread first."""
    where: dict[str, dict[str, list[int]]] = defaultdict(dict)
    for unit_id, lines in unit_lines.items():
        for number, line in lines:
            key = passage_key(line)
            if len(key) >= min_chars:
                where[key].setdefault(unit_id, []).append(number)
    total = max(len(unit_lines), 1)
    rows = []
    for text, units in where.items():
        n = len(units)
        if n >= min_units and n / total >= min_share:
            refs = tuple(f"{u}:{k}" for u, ks in units.items() for k in ks)
            rows.append((text, n, n / total, tuple(units), refs))
    table = pd.DataFrame(rows, columns=BOILERPLATE_COLUMNS)
    return table.sort_values(["n_units", "text"], ascending=[False, True], ignore_index=True)


def boilerplate_passages(
    corpus,
    *,
    min_share: float = MIN_SHARE,
    min_chars: int = MIN_CHARS,
    min_units: int = MIN_UNITS,
) -> pd.DataFrame:
    """Lines repeated verbatim in at least ``min_share`` of a corpus's most specific units
    (and in at least ``min_units`` of them), at least ``min_chars`` characters long: one row
    per passage with ``text``, ``n_units``, ``share``, ``units`` and ``lines`` (``unit:line``
    source references). Looks at the raw source lines, so passages that
    ``read_directory(drop_boilerplate=True)`` removed from the analysis are still reported."""
    unit_lines = {}
    for unit_id in corpus.leaf_ids:
        row = corpus.unit(unit_id)
        source = corpus.source(unit_id)
        first, last = int(row["start_line"]), int(row["end_line"])
        unit_lines[unit_id] = [(k, source.lines[k - 1]) for k in range(first, last + 1)]
    return find_boilerplate(
        unit_lines, min_share=min_share, min_chars=min_chars, min_units=min_units
    )
