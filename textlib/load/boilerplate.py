"""Corpus-level boilerplate: lines repeated verbatim across many units that are not body
text (navigation, a licence or copyright footer, a site's labels), found so that they can be
reported and kept out of the analysis. A sentence shared by many units is template and stays
(the reuse analysis shows it)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

import pandas as pd

from textlib.repairs.steps import boilerplate_lines, passage_key

BOILERPLATE_COLUMNS = ["text", "n_units", "share", "units", "lines"]
#: What counts as repeated by default: a line (of at least MIN_CHARS characters) found in at
#: least MIN_SHARE of the units and in at least MIN_UNITS of them. Whether a repeated line is
#: boilerplate is decided by :func:`textlib.repairs.steps.boilerplate_lines`.
MIN_SHARE, MIN_CHARS, MIN_UNITS = 0.5, 1, 3


def repeated_lines(
    unit_lines: Mapping[str, Sequence[tuple[int, str]]],
    *,
    min_share: float = MIN_SHARE,
    min_chars: int = MIN_CHARS,
    min_units: int = MIN_UNITS,
) -> dict[str, dict[str, list[int]]]:
    """Lines (compared without edge spaces and invisible characters) of at least
    ``min_chars`` characters found in at least ``min_share`` of the units and in at least
    ``min_units`` units: each with the line numbers where it occurs, by unit."""
    where: dict[str, dict[str, list[int]]] = defaultdict(dict)
    for unit_id, lines in unit_lines.items():
        for number, line in lines:
            key = passage_key(line)
            if key and len(key) >= min_chars:
                where[key].setdefault(unit_id, []).append(number)
    total = max(len(unit_lines), 1)
    return {
        text: units
        for text, units in where.items()
        if len(units) >= min_units and len(units) / total >= min_share
    }


def find_boilerplate(
    unit_lines: Mapping[str, Sequence[tuple[int, str]]],
    *,
    min_share: float = MIN_SHARE,
    min_chars: int = MIN_CHARS,
    min_units: int = MIN_UNITS,
) -> pd.DataFrame:
    """The boilerplate of a corpus: of the :func:`repeated_lines`, the occurrences that are
    not body text by :func:`textlib.repairs.steps.boilerplate_lines` (fragments such as
    navigation, licence lines, short sentences inside such a footer block; never headings,
    long lines or a sentence among a unit's own text). ``unit_lines`` maps a unit id to its
    ``(line number, line)`` pairs. One row per passage: ``text``, ``n_units``, ``share``,
    ``units`` and ``lines`` (tuples of unit ids and of ``unit:line`` references where it is
    dropped), most widespread first."""
    repeated = repeated_lines(
        unit_lines, min_share=min_share, min_chars=min_chars, min_units=min_units
    )
    dropped: dict[str, dict[str, list[int]]] = defaultdict(dict)
    if repeated:
        for unit_id, lines in unit_lines.items():
            texts = [line for _, line in lines]
            flags = [passage_key(line) in repeated for line in texts]
            for k in boilerplate_lines(texts, flags):
                number, line = lines[k]
                dropped[passage_key(line)].setdefault(unit_id, []).append(number)
    total = max(len(unit_lines), 1)
    rows = []
    for text, units in dropped.items():
        refs = tuple(f"{u}:{k}" for u, ks in units.items() for k in ks)
        rows.append((text, len(units), len(units) / total, tuple(units), refs))
    table = pd.DataFrame(rows, columns=BOILERPLATE_COLUMNS)
    return table.sort_values(["n_units", "text"], ascending=[False, True], ignore_index=True)


def boilerplate_passages(
    corpus,
    *,
    min_share: float = MIN_SHARE,
    min_chars: int = MIN_CHARS,
    min_units: int = MIN_UNITS,
) -> pd.DataFrame:
    """Boilerplate lines of a corpus's most specific units (:func:`find_boilerplate`): lines
    repeated verbatim in at least ``min_share`` of them (and in at least ``min_units``) that
    are not body text. One row per passage with ``text``, ``n_units``, ``share``, ``units``
    and ``lines`` (``unit:line`` source references). Looks at the raw source lines, so passages that
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
