"""Hit precision of formulation counting, read by a person on a fixed sample.

Usage: python benchmarks/hit_audit.py [--write] [--csv tests/data/hit_audit.csv]
       python benchmarks/hit_audit.py --short [--write]

The population is every hit of :func:`textlib.formulation_hits` in the corpora the project
ships: the 20 NPC resolutions (``load_npc_resolutions``) and the seed page (``load_seed``),
each read with its default lexicon (bundled + overlay). A hit's id is
``corpus:unit_id:start:variant``; hits are ordered by corpus, unit, start and variant and a
sample of 300 is drawn with ``numpy.random.default_rng(22)`` (no replacement), then sorted.

``--write`` (re)writes the audit CSV: one row per sampled hit with ``hit_id``,
``formulation``, ``context`` (up to 15 characters either side, the match in 【】), and the
reader's ``verdict`` (``true`` / ``false``) and ``reason``; verdicts already in the file are
kept for hits still in the sample, new hits get an empty verdict to be read. Without
``--write`` the script prints precision and every hit judged false.
tests/test_hit_audit.py checks that the file still holds exactly the sample drawn and that
precision is at least 99.5 %.

``--short`` lists instead every hit of every *short* variant (at most 4 characters, or
contained in another variant of the lexicon: the variants most likely to be counted inside a
longer word) with its context, variant by variant; with ``--write`` it records per variant
the number of hits read and how many were judged false in
``tests/data/short_variant_review.csv`` (``false_hits`` and ``note`` are filled in by the
reader and kept on rewrite while the number of hits is unchanged).
"""

from __future__ import annotations

import argparse
import csv
import io
from pathlib import Path

import numpy as np
import pandas as pd

from textlib.atomic import write_text_atomic

SAMPLE_SIZE = 300
SEED = 22
AUDIT_CSV = Path(__file__).resolve().parent.parent / "tests" / "data" / "hit_audit.csv"
AUDIT_COLUMNS = ["hit_id", "formulation", "context", "verdict", "reason"]
SHORT_CSV = AUDIT_CSV.parent / "short_variant_review.csv"
SHORT_COLUMNS = ["variant", "formulation", "hits", "false_hits", "note"]
SHORT_LENGTH = 4


def all_hits() -> pd.DataFrame:
    """Every hit in the shipped corpora, with ``hit_id`` and ``context``, in id order."""
    from textlib.datasets.npc import load_npc_resolutions
    from textlib.datasets.seed import load_seed
    from textlib.formulations.counting import formulation_hits

    frames = []
    for name, corpus in (("npc", load_npc_resolutions()), ("seed", load_seed())):
        hits = formulation_hits(corpus)
        frames.append(
            pd.DataFrame(
                {
                    "corpus": name,
                    "unit_id": hits["unit_id"].astype(str),
                    "start": hits["start"].astype(int),
                    "variant": hits["variant"].astype(str),
                    "formulation": hits["formulation"].astype(str),
                    "context": [
                        f"{left}【{matched}】{right}"
                        for left, matched, right in zip(
                            hits["left"], hits["matched"], hits["right"], strict=True
                        )
                    ],
                }
            )
        )
    table = pd.concat(frames, ignore_index=True)
    table = table.sort_values(["corpus", "unit_id", "start", "variant"], ignore_index=True)
    table.insert(
        0,
        "hit_id",
        [
            f"{c}:{u}:{s}:{v}"
            for c, u, s, v in zip(
                table["corpus"], table["unit_id"], table["start"], table["variant"], strict=True
            )
        ],
    )
    return table


def audit_sample(size: int = SAMPLE_SIZE, seed: int = SEED) -> pd.DataFrame:
    """The fixed sample: ``hit_id``, ``formulation``, ``context``, sorted by id order."""
    hits = all_hits()
    picked = np.sort(np.random.default_rng(seed).choice(len(hits), size=size, replace=False))
    return hits.iloc[picked][["hit_id", "formulation", "context"]].reset_index(drop=True)


def read_audit(path: Path = AUDIT_CSV) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def precision(audit: pd.DataFrame) -> float:
    """Share of audited hits judged ``true``."""
    return float((audit["verdict"] == "true").mean())


def write_audit(path: Path = AUDIT_CSV) -> pd.DataFrame:
    sample = audit_sample()
    old = read_audit(path) if path.exists() else pd.DataFrame(columns=AUDIT_COLUMNS)
    kept = old.set_index("hit_id")[["verdict", "reason"]]
    table = sample.join(kept, on="hit_id").fillna("")
    buffer = io.StringIO()
    table[AUDIT_COLUMNS].to_csv(buffer, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    write_text_atomic(path, buffer.getvalue())
    return table


def short_variants() -> list[str]:
    """Variants of the bundled lexicon and the shipped overlays that are short (at most
    ``SHORT_LENGTH`` characters) or sit inside another variant."""
    from textlib.datasets.npc import npc_lexicon
    from textlib.datasets.seed import seed_lexicon
    from textlib.lexicon.loading import load_lexicon

    variants = list(
        dict.fromkeys(
            v for table in (load_lexicon(), npc_lexicon(), seed_lexicon()) for v in table["variant"]
        )
    )
    return sorted(
        v
        for v in variants
        if len(v) <= SHORT_LENGTH or any(v != other and v in other for other in variants)
    )


def short_variant_hits() -> pd.DataFrame:
    """Every hit of a short variant in the shipped corpora, in variant then id order."""
    hits = all_hits()
    short = set(short_variants())
    return hits[hits["variant"].isin(short)].sort_values(["variant", "hit_id"], ignore_index=True)


def write_short_review(path: Path = SHORT_CSV) -> pd.DataFrame:
    hits = short_variant_hits()
    table = hits.groupby(["variant", "formulation"], sort=True).size().rename("hits").reset_index()
    old = (
        pd.read_csv(path, dtype=str, keep_default_na=False)
        if path.exists()
        else pd.DataFrame(columns=SHORT_COLUMNS)
    )
    old["hits"] = pd.to_numeric(old["hits"])
    kept = old.set_index(["variant", "hits"])[["false_hits", "note"]]
    table = table.join(kept, on=["variant", "hits"]).fillna("")
    buffer = io.StringIO()
    table[SHORT_COLUMNS].to_csv(buffer, index=False, lineterminator="\n")
    write_text_atomic(path, buffer.getvalue())
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--write", action="store_true", help="(re)write the audit CSV")
    parser.add_argument("--csv", type=Path, default=None)
    parser.add_argument("--short", action="store_true", help="every hit of short variants")
    args = parser.parse_args()
    if args.short:
        path = args.csv or SHORT_CSV
        if args.write:
            table = write_short_review(path)
            print(f"{len(table)} variants written to {path}")
            return
        for variant, rows in short_variant_hits().groupby("variant", sort=True):
            print(f"## {variant} ({len(rows)})")
            for row in rows.itertuples():
                print(f"   {row.hit_id}  {row.context}")
        return
    args.csv = args.csv or AUDIT_CSV
    if args.write:
        table = write_audit(args.csv)
        print(f"{len(table)} hits written to {args.csv}; unread: {(table.verdict == '').sum()}")
        return
    audit = read_audit(args.csv)
    print(f"hits audited: {len(audit)}; precision: {precision(audit):.2%}")
    for row in audit[audit["verdict"] != "true"].itertuples():
        verdict = row.verdict or "unread"
        print(f"  {verdict}: {row.hit_id} {row.formulation} {row.context} ({row.reason})")


if __name__ == "__main__":
    main()
