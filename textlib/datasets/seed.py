"""The seed page as a dataset: its file, curated glosses, metadata claims and local lexicon.

Everything specific to the seed page lives here. It reaches generic code only as corpus columns
(``gloss``, ``label``) and as an overlay lexicon; the page is recognised by the SHA-256 of its
source text, so an edited copy kept under the same file name is an ordinary page.
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pandas as pd

from textlib.lexicon.loading import load_lexicon
from textlib.load.corpus import Corpus
from textlib.load.page import read_page

SEED_FILE = "000_7632ef7902941c7c.txt"
SEED_SHA256 = "979c8cd01a373885f2ee2280631a707469173e800e7189c68777ef74f385939c"
DESCRIPTION = "the seed page: seven 精神文明建设 work plans (plan 6 in three parts)"
METADATA_COLUMNS = ["unit_id", "field", "value", "line", "evidence"]
FIELDS = ("genre", "issuer_type", "issuer_level", "region", "dating", "redaction")


def _data(name: str) -> Path:
    return Path(str(resources.files("textlib.datasets").joinpath("data", name)))


def seed_path() -> Path:
    """Path of the seed page: ``$TEXTLIB_SEED``, else the copy shipped inside the package."""
    override = os.environ.get("TEXTLIB_SEED")
    return Path(override) if override else _data(SEED_FILE)


def _text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def is_seed(corpus: Corpus) -> bool:
    """Whether ``corpus`` was read from the seed page (by content hash, not file name)."""
    return len(corpus.sources) == 1 and all(
        _text_sha256(s.text) == SEED_SHA256 for s in corpus.sources.values()
    )


@lru_cache(maxsize=1)
def _unit_table() -> pd.DataFrame:
    return pd.read_csv(_data("seed_units.csv"), dtype=str).set_index("unit_id")


def with_seed_columns(corpus: Corpus) -> Corpus:
    """The seed corpus with its curated English ``gloss``, ``genre`` and ``issuer_level`` per
    unit (short forms of the claims in :func:`metadata`, each with its evidence line there;
    ``Study(order_by="genre")`` groups units by them), and its local lexicon as the corpus's
    overlay; other corpora unchanged."""
    if not is_seed(corpus) or "gloss" in corpus.units.columns:
        return corpus
    table = _unit_table().reindex(corpus.units.index).fillna("")
    return corpus.with_columns(
        gloss=list(table["gloss"]),
        genre=list(table["genre"]),
        issuer_level=list(table["issuer_level"]),
        name=DESCRIPTION,
        overlay_lexicon=seed_lexicon(),
    )


def load_seed() -> Corpus:
    """The seed page: seven 精神文明建设 work plans (plan 6 in three parts), glossed."""
    return with_seed_columns(read_page(seed_path()))


@lru_cache(maxsize=1)
def seed_lexicon() -> pd.DataFrame:
    """The seed page's local slogans and redacted variants (``XX文化``, ``理响XX`` …): an
    overlay applied on top of the bundled lexicon for the seed only."""
    return load_lexicon(_data("seed_lexicon.csv"))


@lru_cache(maxsize=1)
def _seed_metadata() -> pd.DataFrame:
    table = pd.read_csv(_data("seed_metadata.csv"), dtype={"unit_id": str, "line": int})
    return table[METADATA_COLUMNS]


def metadata(corpus: Corpus) -> pd.DataFrame:
    """Curated claims about each unit of the seed: ``unit_id`` (``page`` for the page itself),
    ``field`` (genre, issuer_type, issuer_level, region, dating), ``value``, and the source
    ``line`` with the ``evidence`` string found there. Empty for every other corpus."""
    if not is_seed(corpus):
        return pd.DataFrame(columns=METADATA_COLUMNS)
    return _seed_metadata().copy()


def metadata_wide(corpus: Corpus) -> pd.DataFrame:
    """One row per unit, one column per field (several claims joined with ``; ``)."""
    table = metadata(corpus)
    table = table[table["unit_id"] != "page"]
    wide = table.groupby(["unit_id", "field"], sort=False)["value"].agg("; ".join).unstack("field")
    order = [u for u in corpus.units.index if u in wide.index]
    return wide.reindex(index=order, columns=[f for f in FIELDS if f in wide.columns])
