"""Per-plan metadata curated by reading the seed page, each claim with its supporting line."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from textlib.corpus import SEED_NAME, Corpus
from textlib.package_data import data_path

METADATA_COLUMNS = ["unit_id", "field", "value", "line", "evidence"]
FIELDS = ("genre", "issuer_type", "issuer_level", "region", "dating")


@lru_cache(maxsize=1)
def _seed_metadata() -> pd.DataFrame:
    table = pd.read_csv(data_path("seed_metadata.csv"), dtype={"unit_id": str, "line": int})
    return table[METADATA_COLUMNS]


def metadata(corpus: Corpus) -> pd.DataFrame:
    """Curated claims about each unit: ``unit_id`` (``page`` for the page itself), ``field``
    (genre, issuer_type, issuer_level, region, dating), ``value``, and the source ``line`` with
    the ``evidence`` string found there. Empty for corpora other than the seed page."""
    is_seed = all(Path(s).name == SEED_NAME for s in corpus.units["source"])
    if not is_seed:
        return pd.DataFrame(columns=METADATA_COLUMNS)
    return _seed_metadata().copy()


def metadata_wide(corpus: Corpus) -> pd.DataFrame:
    """One row per unit, one column per field (several claims joined with ``; ``)."""
    table = metadata(corpus)
    table = table[table["unit_id"] != "page"]
    wide = table.groupby(["unit_id", "field"], sort=False)["value"].agg("; ".join).unstack("field")
    order = [u for u in corpus.units.index if u in wide.index]
    return wide.reindex(index=order, columns=[f for f in FIELDS if f in wide.columns])
