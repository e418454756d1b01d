"""A synthetic corpus of any size, built from the seed page's paragraphs: for checking that
layouts, colours and timings hold at 60 or 1,000 units (never for findings)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from textlib.datasets.seed import load_seed
from textlib.load.corpus import Corpus, UnitSpan, build_corpus
from textlib.text.source import SourceText

GENRES = ("work points", "work plan", "speech", "assessment rules")
LEVELS = ("village", "county", "city", "province")


def synthetic_corpus(n_units: int = 60, *, seed: int = 0, paragraphs: int = 12) -> Corpus:
    """``n_units`` documents, each a title, an outline of ``一、`` / ``（一）`` headings and
    ``paragraphs`` paragraphs drawn (seeded) from the seed page's repaired text; the last unit
    is a copy of the first with two names redacted (``XX``), so near-duplicate views have a
    pair. Metadata: ``year`` (2015–2024), ``genre`` and ``level``."""
    rng = np.random.default_rng(seed)
    page = load_seed()
    pool = [
        p
        for u in page.leaf_ids
        for p in page.tracked(u).text.split("\n")
        if len(p) >= 30 and not p.startswith(("一", "二", "三", "四", "（", "("))
    ]
    texts: dict[str, str] = {}
    rows = []
    width = len(str(n_units))
    for k in range(1, n_units + 1):
        unit_id = f"d{k:0{width}d}"
        year = int(rng.integers(2015, 2025))
        if k == n_units and n_units > 1:
            first = texts[f"d{1:0{width}d}"]
            text = first.replace("精神文明", "XX文明", 2)
        else:
            picks = rng.choice(len(pool), size=paragraphs, replace=False)
            body = []
            for section, chunk in enumerate(np.array_split(picks, 3), start=1):
                body.append(f"{'一二三'[section - 1]}、第{section}部分工作")
                for sub, index in enumerate(chunk, start=1):
                    body.append(f"（{'一二三四五六七八九十'[sub - 1]}）{pool[int(index)]}")
            text = f"{year}年某单位精神文明建设工作要点第{k}号\n" + "\n".join(body)
        texts[unit_id] = text
        rows.append(
            {
                "unit_id": unit_id,
                "year": year,
                "genre": GENRES[k % len(GENRES)],
                "level": LEVELS[(k // 2) % len(LEVELS)],
            }
        )
    sources, spans = {}, []
    for unit_id, text in texts.items():
        name = f"synthetic#{unit_id}"
        source = SourceText.from_text(name, text)
        sources[name] = source
        spans.append(UnitSpan(unit_id, None, name, 1, source.n_lines))
    metadata = pd.DataFrame(rows).set_index("unit_id")
    return build_corpus(spans, sources, f"a synthetic corpus of {n_units} units", metadata=metadata)
