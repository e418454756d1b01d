"""Dating evidence: the internal time markers of each unit (congresses, plenums, anniversaries,
plan periods, years), each with the year it points to and its source line."""

from __future__ import annotations

import re

import pandas as pd

from textlib.load.corpus import Corpus
from textlib.text import patterns as P

DATING_COLUMNS = ["plan", "unit_id", "kind", "marker", "year", "year_end", "line", "start"]

_NUMERAL = "一二三四五六七八九十"
# Party congresses held in these years; plenums of a congress follow it (first plenum the same
# year, the later ones roughly yearly: the table below holds the known dates).
CONGRESS_YEAR = {16: 2002, 17: 2007, 18: 2012, 19: 2017, 20: 2022, 21: 2027}
PLENUM_YEAR = {
    (18, 3): 2013, (18, 4): 2014, (18, 5): 2015, (18, 6): 2016, (18, 7): 2017,
    (19, 1): 2017, (19, 2): 2018, (19, 3): 2018, (19, 4): 2019, (19, 5): 2020,
    (19, 6): 2021, (19, 7): 2022, (20, 1): 2022, (20, 2): 2023, (20, 3): 2024,
    (20, 4): 2025,
}  # fmt: skip
PLAN_PERIOD = {"十一五": 2006, "十二五": 2011, "十三五": 2016, "十四五": 2021, "十五五": 2026}

_CONGRESS = re.compile(r"(?:党的)?(十[六七八九]|二十|二十一)大")
_PLENUM = re.compile(r"(十[六七八九]|二十)届([一二三四五六七八九])中全会")
_ALL_PLENUMS = re.compile(r"(十[六七八九]|二十)届历次全会")
_CENTENARY = re.compile(r"建党(?:一百|100|百)(?:周年|年)")
_PERIOD = re.compile("|".join(PLAN_PERIOD))
_YEAR = re.compile(r"(?<![0-9０-９])((?:19|20)[0-9]{2})\s*年")


def _number(text: str) -> int:
    return P.chinese_numeral(text)


def unit_dating(text: str) -> list[tuple[str, str, int, int, int]]:
    """``(kind, marker, year, year_end, start)`` for every time marker in a unit's text."""
    found = []
    for m in _PLENUM.finditer(text):
        key = (_number(m.group(1)), _NUMERAL.index(m.group(2)) + 1)
        if key in PLENUM_YEAR:
            found.append(("plenum", m.group(0), PLENUM_YEAR[key], PLENUM_YEAR[key], m.start()))
    for m in _ALL_PLENUMS.finditer(text):
        congress = _number(m.group(1))
        plenums = [y for (c, _), y in PLENUM_YEAR.items() if c == congress]
        if plenums:
            found.append(("plenum", m.group(0), min(plenums), max(plenums), m.start()))
    for m in _CONGRESS.finditer(text):
        year = CONGRESS_YEAR.get(_number(m.group(1)))
        if year:
            found.append(("congress", m.group(0), year, year, m.start()))
    for m in _CENTENARY.finditer(text):
        found.append(("anniversary", m.group(0), 2021, 2021, m.start()))
    for m in _PERIOD.finditer(text):
        first = PLAN_PERIOD[m.group(0)]
        found.append(("plan period", m.group(0), first, first + 4, m.start()))
    for m in _YEAR.finditer(text):
        year = int(m.group(1))
        found.append(("year", m.group(0), year, year, m.start()))
    return sorted(found, key=lambda row: (row[4], row[0]))


def dating_evidence(corpus: Corpus) -> pd.DataFrame:
    """Every internal time marker of every most specific unit: ``kind`` (congress, plenum,
    anniversary, plan period, year), the ``marker`` as written, the ``year`` it points to (and
    ``year_end`` for periods), its source ``line`` and ``start`` in the repaired text. A marker
    dates the text *after* it happened or names the period it belongs to; read them together."""
    rows = []
    for unit_id in corpus.leaf_ids:
        text = corpus.tracked(unit_id).text
        found = unit_dating(text)
        lines = corpus.lines_at(unit_id, [f[4] for f in found]) if found else []
        plan = corpus.plan_of(unit_id)
        for (kind, marker, year, year_end, start), line in zip(found, lines, strict=True):
            rows.append((plan, unit_id, kind, marker, year, year_end, int(line), start))
    return corpus.annotate(pd.DataFrame(rows, columns=DATING_COLUMNS))
