"""Planted-reuse benchmark for :func:`textlib.compare.passages.find_passages`.

Usage: python benchmarks/reuse.py [--docs 1000 10000 ...] [--chars 5000] [--n-jobs 2]
       [--old 20 50] [--seed 0]

Documents are real-looking Chinese text: clauses of the seed page (cut at ，、。；！？ and line
breaks) spliced at random points (a head of one clause joined to a tail of another, each at
most 16 characters, drawn
with a seeded RNG), so every document is new text made of the seed's vocabulary and phrases.
Passages of 50–400 characters are then copied between random documents after edits at a rate
of at most 10 %: character substitutions, redaction runs (``XX`` / ``***``), insertions,
deletions, and reordering (the two halves of a copy swapped; each half is then its own
planted passage). Source stretches never overlap, so every planted passage has one origin.

Recall: a planted passage (≥ 50 characters) is recalled when one found passage between the
same two documents covers ≥ 80 % of its source stretch. Precision: among found passages with
≥ 50 matched characters, the share that overlaps a planted passage between the same two
documents (strict). Found passages that overlap no planted one are reported separately as
"accidental": they are genuine shared text (the aligner only reports exactly matching
characters), produced by two documents drawing the same clause junctions by chance; the
``precision incl. accidental`` column counts them as correct when their two sides really
share ≥ 50 characters verbatim-or-nearly (similarity ≥ 0.8), which is checked, not assumed.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PLANT_COLUMNS = ["plant", "src", "src_start", "src_end", "dst", "dst_start", "dst_end", "kind"]


@dataclass(frozen=True)
class PlantedCorpus:
    """Documents (``texts``: id → text) and the planted copies (``planted``, offsets into the
    texts; ``src`` side is the original, ``dst`` side the edited copy)."""

    texts: dict[str, str]
    planted: pd.DataFrame

    def corpus(self, *, n_jobs: int = 1):
        """The documents as a :class:`textlib.load.corpus.Corpus` (no repair, so offsets of
        the repaired text are offsets of ``texts``)."""
        from textlib.load.corpus import UnitSpan, build_corpus
        from textlib.text.source import SourceText

        sources, spans = {}, []
        for unit_id, text in self.texts.items():
            name = f"planted#{unit_id}"
            sources[name] = SourceText.from_text(name, text)
            spans.append(UnitSpan(unit_id, None, name, 1, sources[name].n_lines))
        return build_corpus(
            spans, sources, f"{len(self.texts)} planted documents", repair=(), n_jobs=n_jobs
        )


def _clause_pool() -> tuple[list[str], str]:
    import textlib

    page = textlib.load_seed()
    text = "\n".join(page.tracked(u).text for u in page.leaf_ids)
    text = re.sub(r"[ \t\u3000]+|[Xx]+|\*+", "", text)
    clauses = [c for c in re.split(r"[，、。；！？,;!?\n]", text) if len(c) >= 6]
    han = "".join(ch for ch in text if "\u4e00" <= ch <= "\u9fff")
    return sorted(set(clauses)), han


def _document(rng: np.random.Generator, pool: list[str], chars: int) -> str:
    parts, size, sentence = [], 0, 0
    while size < chars:
        x, y = pool[rng.integers(len(pool))], pool[rng.integers(len(pool))]
        # heads and tails of at most 16 characters, so no seed clause (some run to 80
        # characters) is reproduced whole: chance matches stay short
        head = x[: rng.integers(2, min(len(x), 16) + 1)]
        clause = head + y[rng.integers(max(1, len(y) - 16), len(y) - 1) :]
        sentence += 1
        end = "。" if sentence >= rng.integers(2, 5) else "，"
        if end == "。":
            sentence = 0
            if rng.random() < 0.3:
                end = "。\n"
        parts.append(clause + end)
        size += len(clause) + len(end)
    return "".join(parts)


def _edit(rng: np.random.Generator, text: str, rate: float, han: str) -> str:
    out, i = [], 0
    while i < len(text):
        if rng.random() >= rate:
            out.append(text[i])
            i += 1
            continue
        kind = rng.integers(4)
        if kind == 0:  # substitution
            out.append(han[rng.integers(len(han))])
            i += 1
        elif kind == 1:  # redaction run over 2-3 characters
            out.append("XX" if rng.random() < 0.6 else "***")
            i += int(rng.integers(2, 4))
        elif kind == 2:  # insertion
            out.extend(han[rng.integers(len(han))] for _ in range(rng.integers(1, 3)))
            out.append(text[i])
            i += 1
        else:  # deletion
            i += int(rng.integers(1, 3))
    return "".join(out)


def planted_corpus(
    n_docs: int = 1000,
    *,
    chars: int = 5000,
    seed: int = 0,
    plants_per_doc: float = 0.5,
    edit_rate: float = 0.05,
    reorder_rate: float = 0.15,
) -> PlantedCorpus:
    """``n_docs`` documents of about ``chars`` characters with ``plants_per_doc × n_docs``
    passages of 50–400 characters copied between random documents (edits at ≤ ``edit_rate``
    per character; a share ``reorder_rate`` of copies have their halves swapped)."""
    rng = np.random.default_rng(seed)
    pool, han = _clause_pool()
    width = len(str(n_docs))
    ids = [f"d{k:0{width}d}" for k in range(1, n_docs + 1)]
    base = [_document(rng, pool, chars) for _ in ids]
    n_plants = round(plants_per_doc * n_docs) if n_docs > 1 else 0
    used: list[list[tuple[int, int]]] = [[] for _ in ids]
    inserts: list[list[tuple[int, str, list]]] = [[] for _ in ids]
    records = []
    for plant in range(n_plants):
        src, dst = rng.choice(n_docs, size=2, replace=False)
        length = int(rng.integers(50, 401))
        for _ in range(20):
            start = int(rng.integers(0, max(1, len(base[src]) - length)))
            if all(start + length <= s or e <= start for s, e in used[src]) and all(
                not (start < at < start + length) for at, _, _ in inserts[src]
            ):
                break
        else:
            continue
        used[src].append((start, start + length))
        original = base[src][start : start + length]
        rate = float(rng.uniform(0, edit_rate))
        reorder = length >= 100 and rng.random() < reorder_rate
        cut = length // 2
        pieces = [(start, start + cut), (start + cut, start + length)] if reorder else []
        pieces = pieces[::-1] if reorder else [(start, start + length)]
        breaks = [m.end() for m in re.finditer("[，。\n]", base[dst])]
        for _ in range(20):
            at = int(breaks[rng.integers(len(breaks))]) if breaks else 0
            if all(not (s < at < e) for s, e in used[dst]) and all(
                p != at for p, _, _ in inserts[dst]
            ):
                break
        else:
            used[src].pop()
            continue
        segs = []
        for s, e in pieces:
            segs.append((_edit(rng, base[src][s:e], rate, han), s, e))
        del original
        inserts[dst].append((at, "".join(t for t, _, _ in segs), segs))
        records.append((plant, int(src), int(dst), reorder, segs))
    # final texts and the offset shift of every base position
    texts, shifts = {}, []
    for k, unit_id in enumerate(ids):
        points = sorted(inserts[k], key=lambda r: r[0])
        out, pos = [], 0
        placed = {}
        offset = 0
        for at, text, segs in points:
            out.append(base[k][pos:at])
            begin = at + offset
            cursor = begin
            for t, s, e in segs:
                placed[(s, e, k)] = (cursor, cursor + len(t))
                cursor += len(t)
            out.append(text)
            offset += len(text)
            pos = at
        out.append(base[k][pos:])
        texts[unit_id] = "".join(out)
        positions = np.array([at for at, _, _ in points], dtype=np.int64)
        sizes = np.array([len(t) for _, t, _ in points], dtype=np.int64)
        shifts.append((positions, np.cumsum(sizes), placed))

    def moved(doc: int, index: int) -> int:
        positions, cumulative, _ = shifts[doc]
        j = np.searchsorted(positions, index, side="right")
        return int(index + (cumulative[j - 1] if j else 0))

    rows = []
    for plant, src, dst, reorder, segs in records:
        for t, s, e in segs:
            del t
            d0, d1 = shifts[dst][2][(s, e, dst)]
            kind = "reordered" if reorder else "copied"
            rows.append(
                (plant, ids[src], moved(src, s), moved(src, e - 1) + 1, ids[dst], d0, d1, kind)
            )
    planted = pd.DataFrame(rows, columns=PLANT_COLUMNS)
    return PlantedCorpus(texts, planted)


def score(planted: pd.DataFrame, found: pd.DataFrame, *, min_len: int = 50) -> dict[str, float]:
    """Recall of planted passages ≥ ``min_len`` and precision of found passages with
    ≥ ``min_len`` matched characters (see the module docstring for the definitions)."""
    plants = planted[(planted["src_end"] - planted["src_start"]) >= min_len]
    by_pair: dict[tuple[str, str], list[tuple[int, int, int, int]]] = {}
    for r in found.itertuples(index=False):
        by_pair.setdefault((r.a, r.b), []).append((r.a_start, r.a_end, r.b_start, r.b_end))
    recalled = 0
    for p in plants.itertuples(index=False):
        length = p.src_end - p.src_start
        best = 0
        for a, b, flip in ((p.src, p.dst, False), (p.dst, p.src, True)):
            for a0, a1, b0, b1 in by_pair.get((a, b), []):
                s0, s1 = (b0, b1) if flip else (a0, a1)
                best = max(best, min(s1, p.src_end) - max(s0, p.src_start))
        recalled += best >= 0.8 * length
    big = found[found["matched"] >= min_len]
    planted_pairs: dict[tuple[str, str], list[tuple]] = {}
    for p in planted.itertuples(index=False):
        planted_pairs.setdefault((p.src, p.dst), []).append(p)
    true = accidental_ok = 0
    for r in big.itertuples(index=False):
        hit = False
        for a, b, flip in ((r.a, r.b, False), (r.b, r.a, True)):
            for p in planted_pairs.get((a, b), []):
                s0, s1 = (r.b_start, r.b_end) if flip else (r.a_start, r.a_end)
                if min(s1, p.src_end) > max(s0, p.src_start):
                    hit = True
        true += hit
        accidental_ok += (not hit) and r.similarity >= 0.8
    n_big = max(len(big), 1)
    return {
        "planted": len(plants),
        "found": len(big),
        "recall": recalled / max(len(plants), 1),
        "precision": true / n_big,
        "accidental": len(big) - true,
        "precision_incl_accidental": (true + accidental_ok) / n_big,
    }


class PeakRSS:
    """Peak resident memory of this process and its children (joblib / loky workers),
    sampled every ``interval`` seconds on a thread; :meth:`reset` starts a new window."""

    def __init__(self, interval: float = 0.1) -> None:
        import threading

        import psutil

        self._proc = psutil.Process()
        self._peak = 0
        self._stop = threading.Event()
        self._interval = interval
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()

    def _rss(self) -> int:
        total = 0
        for proc in [self._proc, *self._proc.children(recursive=True)]:
            with contextlib.suppress(Exception):  # a worker that just exited
                total += proc.memory_info().rss
        return total

    def _loop(self) -> None:
        while not self._stop.wait(self._interval):
            self._peak = max(self._peak, self._rss())

    def reset(self) -> float:
        """Start a new window; returns the resident memory now (MB)."""
        self._peak = self._rss()
        return self._peak / 2**20

    def mb(self) -> float:
        return max(self._peak, self._rss()) / 2**20

    def close(self) -> None:
        self._stop.set()


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(n_docs: int, *, chars: int, n_jobs: int, seed: int, old: bool) -> dict:
    """One size: the corpus build, ``find_passages`` and (``old``) the all-pairs difflib path,
    with times and peak RSS (this process and its workers; the corpus itself included)."""
    from textlib.compare.passages import find_passages
    from textlib.compare.reuse import pairwise_passages

    rss = PeakRSS()
    t0 = time.perf_counter()
    pc = planted_corpus(n_docs, chars=chars, seed=seed)
    corpus = pc.corpus(n_jobs=n_jobs)
    row: dict = {"docs": n_docs, "build_s": time.perf_counter() - t0}
    row["corpus_mb"] = rss.reset()
    t0 = time.perf_counter()
    found = find_passages(corpus, n_jobs=n_jobs)
    row["time_s"] = time.perf_counter() - t0
    row["peak_mb"] = rss.mb()
    result = score(pc.planted, found)
    row.update({k: result[k] for k in ("planted", "found", "recall", "precision", "accidental")})
    if old:
        del found
        rss.reset()
        t0 = time.perf_counter()
        found = pairwise_passages(corpus)
        found["similarity"] = found["matched"] / found["chars"].clip(lower=1)
        row["old_time_s"] = time.perf_counter() - t0
        row["old_peak_mb"] = rss.mb()
        result = score(pc.planted, found)
        row.update({"old_recall": result["recall"], "old_precision": result["precision"]})
    rss.close()
    return row


TABLE_COLUMNS = [
    "docs",
    "build_s",
    "corpus_mb",
    "time_s",
    "peak_mb",
    "planted",
    "found",
    "recall",
    "precision",
    "accidental",
    "old_time_s",
    "old_peak_mb",
    "old_recall",
    "old_precision",
]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, nargs="+", default=[1000])
    parser.add_argument(
        "--old",
        type=int,
        nargs="*",
        default=[20, 50],
        help="sizes at which the old all-pairs difflib path also runs",
    )
    parser.add_argument("--chars", type=int, default=5000)
    parser.add_argument("--n-jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--single", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.single:  # one size in this (fresh) process: print its row as JSON
        (size,) = args.docs
        row = run(size, chars=args.chars, n_jobs=args.n_jobs, seed=args.seed, old=size in args.old)
        print(json.dumps(row))
        return
    print(__doc__.split("Usage")[0].strip())
    print("\nDefinitions: see 'Recall' and 'Precision' in benchmarks/reuse.py's docstring.")
    print(
        "Each size runs in a fresh process. time_s / peak_mb: find_passages (n-gram engine);"
        "\nold_*: pairwise_passages (all-pairs difflib). peak_mb is the peak RSS of the process"
        "\nand its workers during that call (the corpus, built before, included); build_s builds"
        "\nthe planted corpus; corpus_mb is the RSS once it is built.\n"
    )
    rows = []
    for size in sorted(set(args.docs) | set(args.old)):
        cmd = [sys.executable, __file__, "--single", "--docs", str(size), "--chars"]
        cmd += [str(args.chars), "--n-jobs", str(args.n_jobs), "--seed", str(args.seed)]
        cmd += ["--old", *([str(size)] if size in args.old else [])]
        out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
        rows.append(json.loads(out.strip().splitlines()[-1]))
        table = pd.DataFrame(rows).reindex(columns=TABLE_COLUMNS)
        print(table.to_string(index=False, float_format=lambda x: f"{x:.3f}", na_rep="-"))
        print(flush=True)


if __name__ == "__main__":
    main()
