"""Which lexicon variants may be counted where they should not: a table to add blockers from.

A variant is suspect when it is short (at most ``max_len`` characters: 六保, 三农, 文革 …),
when it occurs inside another lexicon variant (新发展理念 inside 创新发展理念 would be, were
the longer string listed), or when its hits in the corpus often sit inside a longer word (the
most frequent one-character extensions to the left and right of each hit are reported). The
researcher reads the sample contexts and adds the longer strings to ``not_within``, or, when
they cannot be listed, a ``not_after`` / ``not_before`` rule (a regular expression on the text
just before or after the hit).
"""

from __future__ import annotations

from collections import Counter

import pandas as pd

from textlib.text import patterns as P

AUDIT_COLUMNS = [
    "formulation",
    "variant",
    "length",
    "count",
    "short",
    "inside_variants",
    "extensions",
    "not_within",
    "samples",
]


def _is_han(text: str) -> bool:
    return bool(text) and all("\u4e00" <= ch <= "\u9fff" for ch in text)


def _extensions(rows: pd.DataFrame, top: int = 3) -> str:
    """The most frequent one-character extensions of the hits (``创新发展理念 ×2``)."""
    counter: Counter[str] = Counter()
    for left, matched, right in zip(rows["left"], rows["matched"], rows["right"], strict=True):
        left, right = str(left or ""), str(right or "")
        if left and _is_han(left[-1]):
            counter[left[-1] + matched] += 1
        if right and _is_han(right[0]):
            counter[matched + right[0]] += 1
    return "; ".join(f"{word} ×{n}" for word, n in counter.most_common(top) if n > 1)


def lexicon_audit(
    lexicon: pd.DataFrame, hits: pd.DataFrame, *, max_len: int = 3, samples: int = 3
) -> pd.DataFrame:
    """Short or ambiguous variants of ``lexicon`` with their counts in ``hits``.

    One row per suspect variant: ``formulation``, ``variant``, ``length``, ``count`` (hits in
    the corpus), ``short`` (at most ``max_len`` characters), ``inside_variants`` (other lexicon
    variants that contain it, ``|``-separated), ``extensions`` (frequent one-character
    extensions of its hits, a hint of longer words it sits in), ``not_within`` (the blockers
    it already has) and ``samples``: up to ``samples`` contexts, each ``unit:line  left【hit】
    right``. Sorted by count, most frequent first.
    """
    variants = [P.HSPACE_RUN.sub("", str(v)) for v in lexicon["variant"]]
    rows = []
    for (_, entry), variant in zip(lexicon.iterrows(), variants, strict=True):
        inside = sorted({v for v in variants if v != variant and variant in v})
        short = len(variant) <= max_len
        if not short and not inside:
            continue
        own = hits[hits["variant"] == entry["variant"]]
        contexts = [
            f"{unit}:{line}  {left}【{matched}】{right}"
            for unit, line, left, matched, right in zip(
                own["unit_id"], own["line"], own["left"], own["matched"], own["right"], strict=True
            )
        ][:samples]
        rows.append(
            {
                "formulation": entry["formulation"],
                "variant": entry["variant"],
                "length": len(variant),
                "count": len(own),
                "short": short,
                "inside_variants": "|".join(inside),
                "extensions": _extensions(own) if len(own) else "",
                "not_within": entry.get("not_within", "") or "",
                "samples": contexts,
            }
        )
    table = pd.DataFrame(rows, columns=AUDIT_COLUMNS)
    return table.sort_values(["count", "variant"], ascending=[False, True], ignore_index=True)
