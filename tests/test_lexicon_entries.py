"""Every entry of the shipped lexicons (bundled and the datasets' overlays) is dated and
every official gloss names its source."""

from __future__ import annotations

import csv

import pytest

from textlib.datasets.npc import npc_path
from textlib.datasets.seed import _data
from textlib.lexicon.loading import default_lexicon_path, load_lexicon

SHIPPED = {
    "bundled": default_lexicon_path,
    "npc_overlay": lambda: npc_path() / "lexicon.csv",
    "seed_overlay": lambda: _data("seed_lexicon.csv"),
}


def _rows(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module", params=sorted(SHIPPED))
def raw_rows(request):
    return _rows(SHIPPED[request.param]())


def _first(rows):
    first = {}
    for row in rows:
        first.setdefault(row["formulation"], row)
    return first


@pytest.fixture(scope="module")
def first_rows(raw_rows):
    return _first(raw_rows)


@pytest.fixture(scope="module")
def bundled_first():
    return _first(_rows(default_lexicon_path()))


def test_every_entry_has_since(raw_rows):
    missing = [row["variant"] for row in raw_rows if not row["since"].strip()]
    assert missing == []


def test_since_is_explained_on_the_first_row(first_rows):
    # a year or "unknown", and the note of the formulation's first row says why
    unexplained = [
        form
        for form, row in first_rows.items()
        if f"since {row['since'].strip()}:" not in row["note"]
    ]
    assert unexplained == []


def test_rows_of_one_formulation_share_since(raw_rows, first_rows):
    differing = [
        r["variant"] for r in raw_rows if r["since"] != first_rows[r["formulation"]]["since"]
    ]
    assert differing == []


def test_every_official_gloss_names_its_source(raw_rows):
    sourced = {r["formulation"] for r in raw_rows if "official gloss:" in r["note"]}
    official = {r["formulation"] for r in raw_rows if r["gloss_source"] == "official"}
    assert sorted(official - sourced) == []


def test_loaded_since(bundled_first):
    table = load_lexicon()
    assert str(table.since.dtype) == "Int64"
    assert (table.since.notna() | table.since_unknown).all()
    assert not (table.since.notna() & table.since_unknown).any()
    assert bundled_first["中国梦"]["since"] == "2012"
    assert bundled_first["坝坝会"]["since"] == "unknown"


def test_kinds_and_glosses_by_era(bundled_first):
    first_rows = bundled_first
    # the Cultural Revolution is a movement, not a meeting or document
    assert first_rows["文化大革命"]["kind"] == "campaign or programme"
    # 两个大局 in the 2010 resolution (统筹国内国际两个大局) is the domestic and the
    # international situation; the gloss covers it as well as the post-2019 reading
    gloss = first_rows["两个大局"]["gloss"]
    assert "domestic and international" in gloss and "2019" in gloss
