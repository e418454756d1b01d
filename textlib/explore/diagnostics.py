"""What the page lost and what the repair changed, unit by unit and line by line."""

from __future__ import annotations

import pandas as pd

from textlib.load.corpus import Corpus
from textlib.text import patterns as P

NOISE_COLUMNS = ["plan", "unit_id", "kind", "line", "text", "context"]
NOISE_KINDS = ("page_marker", "broken_line", "placeholder", "truncation", "decoding")


def _context(text: str, start: int, end: int, width: int = 10) -> str:
    return text[max(0, start - width) : end + width].replace("\n", "⏎")


def noise(corpus: Corpus) -> pd.DataFrame:
    """One row per noise event, attributed to the most specific unit.

    Kinds: ``page_marker`` (a PDF page marker removed), ``broken_line`` (a line break the
    repair joined), ``placeholder`` (a redaction mark such as ``XX`` or ``***``, kept in the
    text), ``truncation`` (a unit that ends cut off with ``...``), ``decoding`` (decoding
    damage kept in the text: a run of U+FFFD replacement characters as in ``二��三五年``, or
    mojibake such as ``锟斤拷`` or ``ä¸­æ–‡``; see ``patterns.DECODING_DAMAGE``). ``line`` is
    the source line; ``text`` the mark (or the join, shown with ⏎); ``context`` the repaired
    text around it.
    """
    rows = []
    for unit_id in corpus.leaf_ids:
        plan = corpus.plan_of(unit_id)
        tracked = corpus.tracked(unit_id)
        source = corpus.source(unit_id)
        for event in tracked.events:
            rows.append((plan, unit_id, event.kind, source.line_of(event.offset), event.text, ""))
        text = tracked.text
        for match in P.PLACEHOLDER.finditer(text):
            line = corpus.line_at(unit_id, match.start())
            rows.append(
                (
                    plan,
                    unit_id,
                    "placeholder",
                    line,
                    match.group(0),
                    _context(text, match.start(), match.end()),
                )
            )
        for match in P.DECODING_DAMAGE.finditer(text):
            line = corpus.line_at(unit_id, match.start())
            context = _context(text, match.start(), match.end())
            rows.append((plan, unit_id, "decoding", line, match.group(0), context))
        if (match := P.TRUNCATION.search(text)) is not None:
            line = corpus.line_at(unit_id, match.start())
            rows.append(
                (
                    plan,
                    unit_id,
                    "truncation",
                    line,
                    match.group(0).strip(),
                    _context(text, match.start(), match.end(), width=20),
                )
            )
    table = pd.DataFrame(rows, columns=NOISE_COLUMNS)
    order = {kind: i for i, kind in enumerate(NOISE_KINDS)}
    table["_kind"] = table["kind"].map(order)
    unit_order = {u: i for i, u in enumerate(corpus.units.index)}
    table["_unit"] = table["unit_id"].map(unit_order)
    table = table.sort_values(["_unit", "line", "_kind"], kind="stable")
    return corpus.annotate(table.drop(columns=["_kind", "_unit"]).reset_index(drop=True))


def noise_summary(corpus: Corpus) -> pd.DataFrame:
    """Counts of each noise kind per most specific unit (zero where none), in corpus order."""
    table = noise(corpus)
    counts = pd.crosstab(table["unit_id"], table["kind"]) if len(table) else pd.DataFrame()
    counts = counts.reindex(index=corpus.leaf_ids, columns=list(NOISE_KINDS), fill_value=0)
    counts.index.name = "unit_id"
    counts.columns.name = None
    return counts.astype(int)
