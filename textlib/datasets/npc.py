"""The NPC resolutions on the government work report as a dataset: 20 short documents, one per
year (1962, 2007–2025), for over-time analysis.

The files are the zh.wikisource pages as scraped to plain text, shipped byte-for-byte with their
provenance (``manifest.csv``: source page and SHA-256 per file). Each file is checked against
its SHA-256 at load time. Most files (2013–2025) still end with the Wikisource licence footer;
:func:`textlib.read_directory` drops its long lines as boilerplate (repeated in over half of the
files), its short lines (``公有领域``, ``Public domain``, ``false``) stay in the text and count
as characters. The texts are official documents of state organs, outside copyright under
Article 5(1) of the PRC Copyright Law.

``lexicon.csv`` beside them is an overlay of the era's banner formulations (科学发展观, 新常态,
六稳 …) that the bundled lexicon (built for the seed page) lacks; it is added to the bundled
lexicon for this corpus only, like the seed page's local slogans.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pandas as pd

from textlib.errors import TextlibError
from textlib.lexicon.loading import load_lexicon
from textlib.load.corpus import Corpus
from textlib.load.readers import read_directory

FOLDER = "npc_resolutions"
DESCRIPTION = "NPC resolutions on the government work report (1962, 2007–2025)"
PROVENANCE_COLUMNS = ("kind", "wikisource_url", "sha256")


class DatasetIntegrityError(TextlibError, ValueError):
    """A shipped dataset file is missing or differs from the SHA-256 its manifest records."""

    def __init__(self, path: Path | str, expected: str, found: str | None) -> None:
        self.path = Path(path)
        self.expected = expected
        self.found = found
        what = "is missing" if found is None else f"has SHA-256 {found}"
        super().__init__(
            f"{self.path}: {what}, the manifest records {expected}; "
            "the shipped dataset was changed (reinstall textlib or restore the file)"
        )


def npc_path() -> Path:
    """The folder of the shipped NPC resolutions (20 ``.txt`` files and ``manifest.csv``)."""
    return Path(str(resources.files("textlib.datasets").joinpath("data", FOLDER)))


def npc_manifest(folder: Path | str | None = None) -> pd.DataFrame:
    """The manifest: ``file``, ``kind``, ``year`` (int), ``title``, ``wikisource_url``,
    ``chars``, ``sha256``, one row per file."""
    folder = Path(folder) if folder is not None else npc_path()
    return pd.read_csv(folder / "manifest.csv", dtype={"year": int, "chars": int})


def _sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return None


def check_npc_files(folder: Path | str | None = None) -> pd.DataFrame:
    """The manifest after checking every file's SHA-256; :class:`DatasetIntegrityError` names
    the first file that is missing or changed."""
    folder = Path(folder) if folder is not None else npc_path()
    manifest = npc_manifest(folder)
    for name, expected in zip(manifest["file"], manifest["sha256"], strict=True):
        found = _sha256(folder / name)
        if found != expected:
            raise DatasetIntegrityError(folder / name, expected, found)
    return manifest


@lru_cache(maxsize=1)
def npc_lexicon() -> pd.DataFrame:
    """The overlay lexicon of the resolutions' banner formulations (科学发展观, 新常态 …)."""
    return load_lexicon(npc_path() / "lexicon.csv")


def load_npc_resolutions(folder: Path | str | None = None) -> Corpus:
    """The 20 NPC resolutions on the government work report, one unit per file (unit id the
    file stem, e.g. ``npc_resolution_2010``), with ``year`` (int) as metadata, the official
    ``title``, and ``kind``, ``wikisource_url``, ``sha256`` as descriptive columns of
    ``corpus.units``. Files are checked against the manifest's SHA-256 first
    (:class:`DatasetIntegrityError`). ``folder`` defaults to the shipped copy."""
    folder = Path(folder) if folder is not None else npc_path()
    manifest = check_npc_files(folder)
    manifest.index = pd.Index([Path(f).stem for f in manifest["file"]], name="unit_id")
    metadata = manifest[["title", "year"]]
    corpus = read_directory(folder, pattern="*.txt", metadata=metadata)
    provenance = {c: manifest[c].reindex(corpus.units.index).tolist() for c in PROVENANCE_COLUMNS}
    return corpus.with_columns(name=DESCRIPTION, overlay_lexicon=npc_lexicon(), **provenance)
