"""Passage reuse at corpus scale: seed-and-extend alignment from shared character n-grams.

:func:`find_passages` replaces the all-pairs difflib alignment of
:func:`textlib.compare.reuse.pairwise_passages` with the approach of text-reuse detectors such
as passim: every unit's folded text (spaces and line breaks removed, placeholder runs ``XX`` /
``***`` folded to one ``□``) is cut into hashed character n-grams at *every* offset (floating
n-grams, as Chinese has no word boundaries); a posting index built with numpy sorts pairs units
that share n-grams seen in at most ``max_df`` units (so boilerplate does not pair everything;
the index is split into hash ranges and the seed pairs are expanded and reduced to candidate
pairs one range of first units at a time, so memory is bounded and linear in the corpus, and
the same join runs on a Dask cluster with ``client=``);
for each candidate pair the shared n-grams are chained along their diagonals into fragments,
fragments are chained across small gaps (redactions, substitutions, insertions) into regions,
and only those regions are aligned (rapidfuzz). Reordered passages are found because each
diagonal is chained on its own. Output has the columns of
:data:`textlib.compare.reuse.PASSAGE_COLUMNS` plus ``similarity``, so ``reuse_matrix``,
``near_duplicates`` and ``template_passages`` work on it unchanged.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from textlib.batch import map_batches
from textlib.compare.reuse import PASSAGE_COLUMNS, alignment_text
from textlib.errors import StudyParameterError
from textlib.load.corpus import Corpus

FOUND_COLUMNS = [*PASSAGE_COLUMNS, "similarity"]
CLUSTER_COLUMNS = ["cluster", "unit_id", "start", "end", "lines", "text", "n_units", "template"]
_PUNCT_FOLD = str.maketrans(
    {
        **{ch: '"' for ch in "“”„‟「」『』＂‘’'′"},
        **{ch: "." for ch in "。．｡"},
        **{ch: "-" for ch in "—–－‒―"},
        **dict(zip("，、；：！？（）《》〈〉", ",,;:!?()<><>", strict=True)),
    }
)
_FOLD_FROM = np.array(sorted(_PUNCT_FOLD), dtype=np.uint32)  # str.translate, vectorised
_FOLD_TO = np.array([ord(_PUNCT_FOLD[k]) for k in sorted(_PUNCT_FOLD)], dtype=np.uint32)
_MAX_BRIDGE = 2000
_BRIDGE_SIMILARITY = 0.75
_MULT = np.uint64(0x100000001B3)
_MIX = np.uint64(0xBF58476D1CE4E5B9)
_PARTITIONS = 64  # hash ranges of the posting index (a power of two)
_CHUNK_PAIRS = 4_000_000  # seed pairs expanded at once: bounds the join's memory
_EMPTY_FRAGS = np.zeros((0, 5), dtype=np.int64)


@dataclass(frozen=True)
class FoldedText:
    """A unit's text as aligned: ``text`` (no spaces or line breaks, placeholders ``□``),
    ``codes`` (its code points) and ``index`` (each character's offset in the repaired text)."""

    unit_id: str
    text: str
    codes: np.ndarray
    index: np.ndarray


def folded_text(corpus: Corpus, unit_id: str) -> FoldedText:
    """:func:`~textlib.compare.reuse.alignment_text` with line breaks removed as well and
    punctuation variants folded (quotes to ``"``, full stops to ``.``, full-width to ASCII)."""
    at = alignment_text(corpus, unit_id)
    codes = np.frombuffer(at.text.encode("utf-32-le"), dtype=np.uint32)
    keep = codes != 10
    codes = codes[keep]
    hit = np.isin(codes, _FOLD_FROM)
    codes[hit] = _FOLD_TO[np.searchsorted(_FOLD_FROM, codes[hit])]
    return FoldedText(
        unit_id, codes.tobytes().decode("utf-32-le"), codes, np.asarray(at.index)[keep]
    )


def ngram_hashes(codes: np.ndarray, n: int) -> np.ndarray:
    """64-bit hashes of the character n-grams starting at every offset of ``codes``."""
    m = len(codes) - n + 1
    if m <= 0:
        return np.zeros(0, dtype=np.uint64)
    c = codes.astype(np.uint64)
    h = np.zeros(m, dtype=np.uint64)
    for k in range(n):
        h = h * _MULT + c[k : k + m]
    h ^= h >> np.uint64(31)
    h *= _MIX
    h ^= h >> np.uint64(29)
    return h


def _check(name: str, value: Any, ok: bool, expected: str) -> None:
    if not ok:
        raise StudyParameterError(name, value, expected)


def _hash_buckets(
    batch: tuple[int, list[np.ndarray]], n: int, n_buckets: int
) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Postings ``(hash, unit, pos)`` of a contiguous batch of units (the first is unit number
    ``batch[0]``), split by hash range into ``n_buckets`` parts, each in (unit, pos) order."""
    first, codes = batch
    hashes = [ngram_hashes(c, n) for c in codes]
    lengths = np.array([len(h) for h in hashes], dtype=np.int64)
    h = np.concatenate(hashes) if hashes else np.zeros(0, dtype=np.uint64)
    del hashes
    unit = np.repeat(np.arange(first, first + len(codes), dtype=np.int32), lengths)
    pos = np.arange(len(h), dtype=np.int64) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    bits = n_buckets.bit_length() - 1
    bucket = (h >> np.uint64(64 - bits)).astype(np.int64) if bits else np.zeros(len(h), np.int64)
    order = np.argsort(bucket, kind="stable")
    cuts = np.searchsorted(bucket[order], np.arange(n_buckets + 1))
    h, unit, pos = h[order], unit[order], pos[order].astype(np.int32)
    return [(h[s:e], unit[s:e], pos[s:e]) for s, e in pairwise(cuts.tolist())]


def _hash_batches(batches: Sequence[tuple[int, list[np.ndarray]]], context) -> list[list]:
    n, n_buckets = context
    return [_hash_buckets(b, n, n_buckets) for b in batches]


def _runs(h: np.ndarray, unit: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For postings sorted by (hash, unit, pos): the index just past each posting's own
    (hash, unit) run, and ``after``: the postings of its hash in later units."""
    m = len(h)
    new_hash = np.ones(m, dtype=bool)
    np.not_equal(h[1:], h[:-1], out=new_hash[1:])
    new_run = new_hash.copy()
    new_run[1:] |= unit[1:] != unit[:-1]
    ends = []
    for new in (new_hash, new_run):
        starts = np.flatnonzero(new)
        ends.append(np.append(starts[1:], m)[np.cumsum(new) - 1])
    group_end, run_end = ends
    return run_end, group_end - run_end


def _bucket_postings(
    parts: Sequence[tuple[np.ndarray, np.ndarray, np.ndarray]], max_df: int, max_postings: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """One hash range of the posting index: the postings of ``parts`` (in unit order) sorted
    by (hash, unit, pos), kept for n-grams in 2..``max_df`` units with at most
    ``max_postings`` occurrences; returns ``hash, unit, pos, after`` (see :func:`_runs`)."""
    h = np.concatenate([p[0] for p in parts])
    unit = np.concatenate([p[1] for p in parts])
    pos = np.concatenate([p[2] for p in parts])
    order = np.argsort(h, kind="stable")  # stable: (hash, unit, pos) order
    h, unit, pos = h[order], unit[order], pos[order]
    del order
    if not len(h):
        return h, unit, pos, np.zeros(0, dtype=np.int64)
    new_hash = np.ones(len(h), dtype=bool)
    np.not_equal(h[1:], h[:-1], out=new_hash[1:])
    new_run = new_hash.copy()
    new_run[1:] |= unit[1:] != unit[:-1]
    starts = np.flatnonzero(new_hash)
    sizes = np.diff(np.append(starts, len(h)))
    df = np.add.reduceat(new_run.astype(np.int32), starts)
    keep = np.repeat((df >= 2) & (df <= max_df) & (sizes <= max_postings), sizes)
    h, unit, pos = h[keep], unit[keep], pos[keep]
    return h, unit, pos, _runs(h, unit)[1]


def _unit_pairs(bucket: tuple, n_units: int) -> np.ndarray:
    """Seed pairs each unit opens (as the first unit of the pair) in one hash range."""
    _, unit, _, after = bucket
    return np.bincount(unit, weights=after, minlength=n_units).astype(np.int64)


def _chunk_bounds(pairs_per_unit: np.ndarray, budget: int) -> list[tuple[int, int]]:
    """Contiguous unit ranges that each open at most ``budget`` seed pairs (or one unit)."""
    cum = np.cumsum(pairs_per_unit)
    bounds, lo = [], 0
    while lo < len(cum):
        base = cum[lo - 1] if lo else 0
        hi = max(int(np.searchsorted(cum, base + budget, side="right")), lo + 1)
        bounds.append((lo, hi))
        lo = hi
    return bounds


def _restrict(bucket: tuple, lo: int, hi: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The postings of one hash range that seed pairs whose first unit is in ``lo..hi-1``:
    the groups with such a posting, from unit ``lo`` on (still in (hash, unit, pos) order)."""
    h, unit, pos, after = bucket
    if not len(h):
        return h, unit, pos
    new_hash = np.ones(len(h), dtype=bool)
    np.not_equal(h[1:], h[:-1], out=new_hash[1:])
    gid = np.cumsum(new_hash) - 1
    opens = np.zeros(int(gid[-1]) + 1, dtype=bool)
    opens[gid[(unit >= lo) & (unit < hi) & (after > 0)]] = True
    keep = opens[gid] & (unit >= lo)
    return h[keep], unit[keep], pos[keep]


def _chunk_fragments(
    parts: Sequence[tuple[np.ndarray, np.ndarray, np.ndarray]],
    lo: int,
    hi: int,
    n_units: int,
    span: int,
    n: int,
    max_gap: int,
    min_chars: int,
) -> np.ndarray:
    """Fragments (rows ``pair, a0, a1, b0, b1``; folded offsets) of the candidate pairs whose
    first unit is in ``lo..hi-1``, from the restricted postings of every hash range: this
    chunk's seed pairs are expanded, chained into runs on their diagonals (gaps of at most
    ``n + max_gap``) and reduced to the pairs passing the seed-run filter (:func:`_strong`)
    before anything leaves the chunk. ``span`` exceeds every unit's number of n-grams."""
    h = np.concatenate([p[0] for p in parts])
    unit = np.concatenate([p[1] for p in parts])
    pos = np.concatenate([p[2] for p in parts])
    if not len(h):
        return _EMPTY_FRAGS
    run_end, after = _runs(h, unit)
    left = np.flatnonzero((unit < hi) & (after > 0))
    reps = after[left]
    total = int(reps.sum())
    if not total:
        return _EMPTY_FRAGS
    right = np.repeat(run_end[left] - np.cumsum(reps) + reps, reps) + np.arange(total)
    left = np.repeat(left, reps)
    pair = (unit[left].astype(np.int64) - lo) * n_units + unit[right]
    pa = pos[left].astype(np.int64)
    pb = pos[right].astype(np.int64)
    del left, right, h, unit, pos, run_end, after
    if (hi - lo) * n_units * 2 * span * span < 2**62:
        # one int64 key (pair, diagonal, pa): a plain sort, no argsort and gathers
        key = (pair * (2 * span) + (pb - pa + span)) * span + pa
        del pair, pa, pb
        key.sort()
        pa = key % span
        key //= span
        diag = key % (2 * span) - span
        pair = key // (2 * span)
        del key
        pb = pa + diag
    else:
        diag = pb - pa
        order = np.lexsort((pa, diag, pair))
        pair, diag, pa, pb = pair[order], diag[order], pa[order], pb[order]
        del order
    brk = np.ones(len(pair), dtype=bool)
    brk[1:] = (pair[1:] != pair[:-1]) | (diag[1:] != diag[:-1]) | (pa[1:] - pa[:-1] > n + max_gap)
    first = np.flatnonzero(brk)
    last = np.append(first[1:], len(pair)) - 1
    # runs are grouped by pair already: filter the pairs before sorting their fragments
    keep = _strong(pair[first], pa[last] + n - pa[first], n, min_chars)
    first, last = first[keep], last[keep]
    frags = np.stack(
        [pair[first] + lo * n_units, pa[first], pa[last] + n, pb[first], pb[last] + n], axis=1
    )
    return frags[np.lexsort((frags[:, 3], frags[:, 1], frags[:, 0]))]


def _strong(pair: np.ndarray, length: np.ndarray, n: int, min_chars: int) -> np.ndarray:
    """Which fragments (grouped by ``pair``, of ``length`` characters) belong to pairs whose
    seeds cover ``min_chars`` characters and that have one run of ≥ ``n // 2 + 1``
    consecutive seeds (a fragment ≥ ``n + n // 2`` long)."""
    if not len(pair):
        return np.zeros(0, dtype=bool)
    new = np.ones(len(pair), dtype=bool)
    new[1:] = pair[1:] != pair[:-1]
    starts = np.flatnonzero(new)
    covered = np.add.reduceat(length, starts)
    longest = np.maximum.reduceat(length, starts)
    strong = (covered >= min_chars) & (longest >= n + n // 2)
    return np.repeat(strong, np.diff(np.append(starts, len(pair))))


def _frag_params(params: dict) -> dict:
    return {k: params[k] for k in ("span", "n", "max_gap", "min_chars")}


def _join_local(codes: list[np.ndarray], params: dict, progress: bool | None) -> np.ndarray:
    """Candidate fragments of all pairs, hash range by hash range and then first-unit range by
    first-unit range, so at most ``chunk_pairs`` seed pairs exist at once."""
    n_units, n_buckets = len(codes), params["partitions"]
    size = max(1, min(256, -(-n_units // 64)))
    batches = [(k, codes[k : k + size]) for k in range(0, n_units, size)]
    # in this process: shipping the postings (16 bytes per character) back from workers
    # costs more than hashing them
    parts = map_batches(
        _hash_batches, batches, (params["n"], n_buckets), progress=progress, desc="n-grams"
    )
    buckets = []
    for b in range(n_buckets):
        buckets.append(
            _bucket_postings([p[b] for p in parts], params["max_df"], params["max_postings"])
        )
        for p in parts:
            p[b] = None
    del parts
    pairs_per_unit = sum(_unit_pairs(b, n_units) for b in buckets)
    frags = []
    for lo, hi in _chunk_bounds(pairs_per_unit, params["chunk_pairs"]):
        chunk = [_restrict(b, lo, hi) for b in buckets]
        frags.append(_chunk_fragments(chunk, lo, hi, n_units, **_frag_params(params)))
    return np.concatenate(frags) if frags else _EMPTY_FRAGS


def _join_dask(client: Any, codes: list[np.ndarray], params: dict) -> np.ndarray:
    """:func:`_join_local` as tasks on a ``dask.distributed`` client: hash batches of units,
    shuffle their postings into hash ranges (document frequencies need every posting of an
    n-gram), then shuffle the kept postings into ranges of first units and expand, chain and
    filter each range's seed pairs on the worker holding it. Only candidate fragments (a few
    rows per candidate pair) come back to the client."""
    import operator

    n_units, n_buckets = len(codes), params["partitions"]
    size = max(1, -(-n_units // (4 * n_buckets)))
    batches = client.scatter([(k, codes[k : k + size]) for k in range(0, n_units, size)])
    hashed = client.map(_hash_buckets, batches, n=params["n"], n_buckets=n_buckets, pure=False)
    buckets = []
    for b in range(n_buckets):
        parts = [client.submit(operator.getitem, f, b, pure=False) for f in hashed]
        buckets.append(
            client.submit(
                _bucket_postings, parts, params["max_df"], params["max_postings"], pure=False
            )
        )
    del hashed, batches, parts
    counts = client.map(_unit_pairs, buckets, n_units=n_units, pure=False)
    pairs_per_unit = sum(client.gather(counts))
    chunks = []
    for lo, hi in _chunk_bounds(pairs_per_unit, params["chunk_pairs"]):
        parts = [client.submit(_restrict, b, lo, hi, pure=False) for b in buckets]
        chunks.append(
            client.submit(
                _chunk_fragments, parts, lo, hi, n_units, **_frag_params(params), pure=False
            )
        )
    frags = client.gather(chunks)
    del buckets, chunks, counts
    return np.concatenate(frags) if frags else _EMPTY_FRAGS


def _pair_groups(groups, context) -> list[list[list[tuple]]]:
    n, max_gap, min_chars = context
    return [_pair_batch(group, (texts, n, max_gap, min_chars)) for group, texts in groups]


def _pair_batch_dask(batch, texts, n, max_gap, min_chars):
    return _pair_batch(batch, (texts, n, max_gap, min_chars))


def _chain(frags: np.ndarray, ta: str, tb: str, max_gap: int, n: int) -> list[list[int]]:
    """Chain one pair's fragments (sorted by ``a0``) across gaps of at most ``max_gap``
    characters on each side, or longer gaps whose two sides are similar text."""
    from rapidfuzz.distance import Indel

    chains: list[list[int]] = []  # a0, a1, b0, b1
    for a0, a1, b0, b1 in frags.tolist():
        best, best_shift = None, None
        for chain in reversed(chains):
            _, ca1, _, cb1 = chain
            if a0 - ca1 > 4000:
                continue
            ga, gb = a0 - ca1, b0 - cb1
            shift = abs((b0 - a0) - (cb1 - ca1))
            # the n-gram break adds up to n to a gap; the alignment splits larger gaps again
            fits = -n <= ga <= max_gap + n and -n <= gb <= max_gap + n and shift <= max_gap
            if not fits and shift <= max_gap and 0 < ga <= _MAX_BRIDGE and gb > 0:
                # a stretch without seeds (frequent n-grams are not indexed): bridge it when
                # the two sides are still mostly the same text
                fits = Indel.normalized_similarity(ta[ca1:a0], tb[cb1:b0]) >= _BRIDGE_SIMILARITY
            if fits and (best_shift is None or shift < best_shift):
                best, best_shift = chain, shift
        if best is None:
            chains.append([a0, a1, b0, b1])
        else:
            best[1], best[3] = max(best[1], a1), max(best[3], b1)
    return chains


def _align(ta: str, tb: str, a0: int, a1: int, b0: int, b1: int, max_gap: int, flank: int):
    """Align a region widened by ``flank`` characters on each end (so edits near its ends,
    where no n-gram seeds, are bridged); split it where an unmatched stretch exceeds
    ``max_gap``. Yields ``(a0, a1, b0, b1, matched, aligned)`` of pieces touching the region."""
    from rapidfuzz.distance import Indel

    wa0, wb0 = max(0, a0 - flank), max(0, b0 - flank)
    wa1, wb1 = min(len(ta), a1 + flank), min(len(tb), b1 + flank)
    blocks = Indel.opcodes(ta[wa0:wa1], tb[wb0:wb1]).as_matching_blocks()
    out, cur = [], None
    for i, j, size in blocks:
        i, j = i + wa0, j + wb0
        if size == 0 or (size < 3 and (i + size <= a0 or i >= a1)):
            continue  # one or two characters matched in the flanks are chance
        if cur is not None and i - cur[1] <= max_gap and j - cur[3] <= max_gap:
            cur[1], cur[3], cur[4] = i + size, j + size, cur[4] + size
        else:
            if cur is not None:
                out.append(cur)
            cur = [i, i + size, j, j + size, size]
    if cur is not None:
        out.append(cur)
    for s0, s1, t0, t1, matched in out:
        if s1 <= a0 or s0 >= a1:
            continue
        # Indel aligned length: matches + unmatched characters on either side
        yield s0, s1, t0, t1, matched, matched + (s1 - s0 - matched) + (t1 - t0 - matched)


def _pair_batch(batch: Sequence[tuple[int, int, np.ndarray]], context) -> list[list[tuple]]:
    texts, n, max_gap, min_chars = context
    out = []
    for ia, ib, frags in batch:
        ta, tb = texts[ia], texts[ib]
        rows = []
        for a0, a1, b0, b1 in _chain(frags, ta, tb, max_gap, n):
            if a1 - a0 < min_chars and b1 - b0 < min_chars:
                continue
            for row in _align(ta, tb, a0, a1, b0, b1, max_gap, n + max_gap):
                if row[4] >= min_chars:
                    rows.append((ia, ib, *row))
        out.append(sorted(set(rows)))
    return out


def default_max_df(n_units: int) -> int:
    """N-grams in more units than this do not pair units: 5% of the units, at least 10 and at
    most 100 (a constant cap keeps the seed pairs, each at most ``max_df²`` per n-gram, linear
    in the corpus)."""
    return min(max(10, math.ceil(0.05 * n_units)), 100)


def find_passages(
    corpus: Corpus,
    *,
    units: Sequence[str] | None = None,
    n: int = 10,
    max_df: int | None = None,
    min_chars: int = 20,
    max_gap: int = 8,
    n_jobs: int = 1,
    progress: bool | None = None,
    client: Any = None,
    chunk_pairs: int | None = None,
    partitions: int | None = None,
) -> pd.DataFrame:
    """Passages shared by pairs of ``units`` (default: the most specific units), found from
    shared character ``n``-grams and aligned locally.

    ``max_df``: n-grams in more units do not pair units (default :func:`default_max_df`);
    ``min_chars``: fewest exactly matching characters of a passage; ``max_gap``: longest
    unmatched stretch (redaction, substitution, insertion) bridged inside a passage. Columns:
    :data:`~textlib.compare.reuse.PASSAGE_COLUMNS` plus ``similarity`` (matched characters /
    aligned length). ``a`` precedes ``b`` in corpus order; rows are sorted, so the table is
    identical for any ``n_jobs``, ``client``, ``chunk_pairs``, ``partitions`` and any order of
    ``units``.

    The n-gram join runs in bounded memory: postings are split into ``partitions`` hash
    ranges (default 64, a power of two) for the document-frequency cap, then the seed pairs
    (two occurrences of one n-gram in two units) are expanded for at most ``chunk_pairs``
    (default 4,000,000, about 200 MB) at a time, range of first units by range, and reduced at
    once to the candidate pairs (a run of ≥ ``n + n // 2`` characters of seeds on one
    diagonal). Memory then grows with the postings (about 16 bytes per character), not with
    the pairs.

    ``client``: a ``dask.distributed.Client`` (``pip install textlib[dask]``) runs the join
    (hashing, the shuffle into hash ranges, the shuffle into first-unit ranges and the seed
    expansion) and the alignment of candidate pairs as tasks on its cluster; only the
    candidate fragments and the passages come back. The result is identical to the local run.
    With a real cluster::

        from dask.distributed import Client
        client = Client("tcp://scheduler:8786")  # or Client(n_workers=8) on one big machine
        found = find_passages(corpus, client=client, partitions=256, chunk_pairs=20_000_000)

    Every worker needs ``textlib`` installed (same version); the corpus stays on the client,
    which folds the texts and sends them once. ``partitions`` sets the tasks of the first
    shuffle (use a few per worker core; each holds 1/``partitions`` of the postings) and
    ``chunk_pairs`` the memory of each expansion task (about 50 bytes per seed pair)."""
    _check("n", n, isinstance(n, int) and 2 <= n <= 64, "an int in 2..64")
    _check("min_chars", min_chars, isinstance(min_chars, int) and min_chars >= 1, "an int ≥ 1")
    _check("max_gap", max_gap, isinstance(max_gap, int) and max_gap >= 0, "an int ≥ 0")
    chunk_pairs = _CHUNK_PAIRS if chunk_pairs is None else chunk_pairs
    _check(
        "chunk_pairs", chunk_pairs, isinstance(chunk_pairs, int) and chunk_pairs >= 1, "an int ≥ 1"
    )
    partitions = _PARTITIONS if partitions is None else partitions
    _check(
        "partitions",
        partitions,
        isinstance(partitions, int)
        and 1 <= partitions <= 2**16
        and not partitions & (partitions - 1),
        "a power of two in 1..65536",
    )
    rank = {u: k for k, u in enumerate(corpus.units.index)}
    units = list(corpus.leaf_ids if units is None else units)
    units = sorted(dict.fromkeys(corpus.check_unit(u) for u in units), key=rank.__getitem__)
    if max_df is None:
        max_df = default_max_df(len(units))
    _check("max_df", max_df, isinstance(max_df, int) and max_df >= 2, "an int ≥ 2")
    folded = [folded_text(corpus, u) for u in units]
    codes = [f.codes for f in folded]
    params = {
        "n": n,
        "max_df": max_df,
        "max_postings": 8 * max_df,
        "max_gap": max_gap,
        "min_chars": min_chars,
        "span": max((len(c) for c in codes), default=0) + 1,
        "chunk_pairs": chunk_pairs,
        "partitions": partitions,
    }
    if client is None:
        frags = _join_local(codes, params, progress)
    else:
        frags = _join_dask(client, codes, params)
    del codes
    items: list[tuple[int, int, np.ndarray]] = []
    if len(frags):
        pair = frags[:, 0]
        bounds = np.append(np.flatnonzero(np.diff(pair)) + 1, len(pair))
        begin = 0
        for end in bounds.tolist():
            p = int(pair[begin])
            items.append((p // len(units), p % len(units), frags[begin:end, 1:]))
            begin = end
    del frags
    texts = [f.text for f in folded]
    if client is None:
        # groups of pairs that carry the texts they align (not the whole corpus per batch)
        size = max(1, min(64, -(-len(items) // 256)))
        groups = []
        for k in range(0, len(items), size):
            group = items[k : k + size]
            needed = {i for ia, ib, _ in group for i in (ia, ib)}
            groups.append((group, {i: texts[i] for i in needed}))
        found = map_batches(
            _pair_groups,
            groups,
            (n, max_gap, min_chars),
            n_jobs=n_jobs,
            progress=progress,
            desc="pairs",
        )
        found = [rows for part in found for rows in part]
    else:
        found = _align_dask(client, items, texts, n, max_gap, min_chars)
    return _passage_table(corpus, units, folded, [r for rows in found for r in rows])


def _align_dask(client: Any, items: list, texts: list[str], n: int, max_gap: int, min_chars: int):
    if not items:
        return []
    [shared] = client.scatter([texts], broadcast=True)
    n_batches = max(1, min(len(items), 4 * max(1, len(client.nthreads()))))
    size = -(-len(items) // n_batches)
    batches = [items[k : k + size] for k in range(0, len(items), size)]
    futures = client.map(
        _pair_batch_dask,
        batches,
        texts=shared,
        n=n,
        max_gap=max_gap,
        min_chars=min_chars,
        pure=False,
    )
    return [rows for part in client.gather(futures) for rows in part]


def _passage_table(
    corpus: Corpus, units: list[str], folded: list[FoldedText], rows: list[tuple]
) -> pd.DataFrame:
    if not rows:
        return pd.DataFrame(columns=FOUND_COLUMNS)
    arr = np.array(rows, dtype=np.int64)
    arr = arr[np.lexsort((arr[:, 4], arr[:, 2], arr[:, 1], arr[:, 0]))]
    out = {c: [] for c in FOUND_COLUMNS}
    ra0 = np.empty(len(arr), dtype=np.int64)
    ra1, rb0, rb1 = ra0.copy(), ra0.copy(), ra0.copy()
    for k, (ia, ib, a0, a1, b0, b1, _, _) in enumerate(arr.tolist()):
        ra0[k], ra1[k] = folded[ia].index[a0], folded[ia].index[a1 - 1] + 1
        rb0[k], rb1[k] = folded[ib].index[b0], folded[ib].index[b1 - 1] + 1
    lines = {}
    for side, ucol, s, e in (("a", 0, ra0, ra1), ("b", 1, rb0, rb1)):
        first, last = np.empty(len(arr), np.int64), np.empty(len(arr), np.int64)
        for iu in np.unique(arr[:, ucol]):
            sel = arr[:, ucol] == iu
            first[sel] = corpus.lines_at(units[iu], s[sel])
            last[sel] = corpus.lines_at(units[iu], e[sel] - 1)
        lines[side] = [f"{x}-{y}" for x, y in zip(first.tolist(), last.tolist(), strict=True)]
    ids = [units[i] for i in arr[:, 0]], [units[i] for i in arr[:, 1]]
    repaired = {u: corpus.tracked(u).text for u in units}
    out["a"], out["b"] = ids
    out["a_start"], out["a_end"], out["b_start"], out["b_end"] = ra0, ra1, rb0, rb1
    out["a_lines"], out["b_lines"] = lines["a"], lines["b"]
    out["chars"] = arr[:, 3] - arr[:, 2]
    out["matched"] = arr[:, 6]
    out["text"] = [repaired[u][s:e] for u, s, e in zip(ids[0], ra0, ra1, strict=True)]
    out["b_text"] = [repaired[u][s:e] for u, s, e in zip(ids[1], rb0, rb1, strict=True)]
    out["similarity"] = np.round(arr[:, 6] / np.maximum(arr[:, 7], 1), 4)
    return pd.DataFrame(out, columns=FOUND_COLUMNS)


_CLUSTER_SIMILARITY = 0.85  # how closely a passage holds its cluster's core text
_CLUSTER_SPREAD = 1.5  # a passage is at most this many times as long as its cluster's core
_CORE_N = 4  # character n-grams that index cores for candidate lookup


def _cluster_key(text: str) -> str:
    """A passage's text as compared: no whitespace, punctuation variants folded."""
    return "".join(str(text).split()).translate(_PUNCT_FOLD)


def _key_grams(key: str) -> np.ndarray:
    codes = np.frombuffer(key.encode("utf-32-le"), dtype=np.uint32)
    return np.unique(ngram_hashes(codes, min(_CORE_N, max(1, len(codes)))))


def passage_cluster_labels(
    passages: pd.DataFrame,
    *,
    similarity: float = _CLUSTER_SIMILARITY,
    spread: float = _CLUSTER_SPREAD,
) -> pd.Series:
    """The cluster of each passage (a row of :func:`find_passages` or
    :func:`~textlib.compare.reuse.pairwise_passages`): passages that hold the same core text
    up to edits share a cluster, never passages that merely overlap in one unit.

    Texts (whitespace removed, punctuation variants folded; identical texts at once) are taken
    shortest first, ties in row order. A text joins the earliest core it holds: the core
    matches a stretch of it with rapidfuzz Indel similarity ≥ ``similarity`` (``partial_ratio``
    on either side of the passage) and the text is at most ``spread`` times as long as the
    core; otherwise it is the core of a new cluster. Candidate cores are those sharing 70% of
    their character 4-grams with either side. Membership is decided against the core only,
    never against other members, so clusters do not grow along chains of overlapping
    stretches: two texts in one cluster both hold its core. Labels are the ``cluster`` ids of
    ``passage_clusters(passages, method="text")`` (0, 1, … by first unit and start)."""
    from rapidfuzz import fuzz

    if passages is None or not len(passages):
        return pd.Series([], index=getattr(passages, "index", None), dtype=np.int64)
    keys = [_cluster_key(t) for t in passages["text"]]
    other = [_cluster_key(t) for t in passages.get("b_text", passages["text"])]
    first_row: dict[str, int] = {}
    for r, key in enumerate(keys):
        first_row.setdefault(key, r)
    distinct = sorted(first_row, key=lambda k: (len(k), first_row[k]))
    label_of: dict[str, int] = {}
    cores: list[str] = []
    core_size: list[int] = []
    index: dict[int, list[int]] = {}  # n-gram hash -> cores holding it
    for key in distinct:
        grams = _key_grams(key)
        b_key = other[first_row[key]]
        hits: dict[int, int] = {}
        for h in np.union1d(grams, _key_grams(b_key)).tolist():
            for c in index.get(h, ()):
                hits[c] = hits.get(c, 0) + 1
        label = None
        for c in sorted(hits):  # earliest core first: deterministic
            if hits[c] < 0.7 * core_size[c] or len(key) > spread * len(cores[c]):
                continue
            score = max(fuzz.partial_ratio(cores[c], key), fuzz.partial_ratio(cores[c], b_key))
            if score >= 100 * similarity:
                label = c
                break
        if label is None:
            label = len(cores)
            cores.append(key)
            core_size.append(len(grams))
            for h in grams.tolist():
                index.setdefault(h, []).append(label)
        label_of[key] = label
    raw = np.array([label_of[k] for k in keys], dtype=np.int64)
    # number clusters as passage_clusters lists them: by their first (unit, start, end)
    sides = pd.DataFrame(
        {
            "label": np.concatenate([raw, raw]),
            "unit": np.concatenate([passages["a"].astype(str), passages["b"].astype(str)]),
            "start": np.concatenate([passages["a_start"], passages["b_start"]]).astype(np.int64),
            "end": np.concatenate([passages["a_end"], passages["b_end"]]).astype(np.int64),
        }
    ).sort_values(["unit", "start", "end"], kind="stable")
    rank = {label: k for k, label in enumerate(dict.fromkeys(sides["label"].tolist()))}
    return pd.Series([rank[r] for r in raw.tolist()], index=passages.index, name="cluster")


def passage_clusters(
    passages: pd.DataFrame, *, method: str = "overlap", labels: pd.Series | None = None
) -> pd.DataFrame:
    """Each shared text with all its copies, one row per (cluster, unit stretch):
    ``cluster`` (0, 1, … in order of first unit and start), ``unit_id``, ``start``, ``end``,
    ``lines`` (``first-last``), ``text`` (the repaired text), ``n_units`` (units in the
    cluster) and ``template`` (the cluster spans ≥ 3 units; otherwise pairwise reuse).

    ``method="text"``: passages are clustered by their text (:func:`passage_cluster_labels`:
    all hold one core text up to edits), and overlapping sides of one unit are merged within
    a cluster only; stretches of different clusters may overlap (a sentence many units share
    inside a longer passage two of them share). Two unrelated stretches are never in one
    cluster; ``labels``: :func:`passage_cluster_labels` of ``passages`` when the caller has
    them already. ``method="overlap"`` (the default):
    connected components of overlapping passages: overlapping intervals of a unit are merged
    and each passage links its two sides, so on a corpus full of template language unrelated
    stretches chain into one component (2,700 stretches over all units of 272 city reports);
    prefer ``"text"``, or :func:`textlib.compare.templates.find_templates` for templates."""
    if method not in ("overlap", "text"):
        raise StudyParameterError("method", method, '"overlap" or "text"')
    if passages is None or not len(passages):
        return pd.DataFrame(columns=CLUSTER_COLUMNS)
    if method == "overlap":
        return _overlap_clusters(passages)
    labels = (passage_cluster_labels(passages) if labels is None else labels).to_numpy()
    sides = []
    for side in ("a", "b"):
        text_col = "text" if side == "a" else "b_text"
        first_last = passages[f"{side}_lines"].astype(str).str.split("-", n=1, expand=True)
        sides.append(
            pd.DataFrame(
                {
                    "label": labels,
                    "unit_id": passages[side].astype(str).to_numpy(),
                    "start": passages[f"{side}_start"].astype(np.int64).to_numpy(),
                    "end": passages[f"{side}_end"].astype(np.int64).to_numpy(),
                    "first": first_last[0].astype(np.int64).to_numpy(),
                    "last": first_last[1].astype(np.int64).to_numpy(),
                    "text": passages[text_col].to_numpy(),
                }
            )
        )
    iv = pd.concat(sides, ignore_index=True).sort_values(
        ["label", "unit_id", "start", "end"], kind="stable"
    )
    segments: list[dict] = []
    for rec in iv.itertuples(index=False):
        cur = segments[-1] if segments else None
        if (
            cur is not None
            and cur["label"] == rec.label
            and cur["unit_id"] == rec.unit_id
            and rec.start < cur["end"]
        ):
            if rec.end > cur["end"]:
                cur["text"] += rec.text[cur["end"] - rec.start :]
                cur["end"] = rec.end
            cur["first"], cur["last"] = min(cur["first"], rec.first), max(cur["last"], rec.last)
        else:
            segments.append(
                {
                    "label": rec.label,
                    "unit_id": rec.unit_id,
                    "start": rec.start,
                    "end": rec.end,
                    "first": rec.first,
                    "last": rec.last,
                    "text": rec.text,
                }
            )
    table = pd.DataFrame(segments).sort_values(["unit_id", "start", "end"], kind="stable")
    cluster_id = {label: c for c, label in enumerate(dict.fromkeys(table["label"]))}
    table.insert(0, "cluster", table["label"].map(cluster_id))
    table["lines"] = [f"{a}-{b}" for a, b in zip(table["first"], table["last"], strict=True)]
    table["n_units"] = table.groupby("cluster")["unit_id"].transform("nunique")
    table["template"] = table["n_units"] >= 3
    table = table.sort_values(["cluster", "unit_id", "start"], kind="stable")
    return table[CLUSTER_COLUMNS].reset_index(drop=True)


def _overlap_clusters(passages: pd.DataFrame) -> pd.DataFrame:
    """Connected components of overlapping passages (``method="overlap"``)."""
    sides = []
    for side in ("a", "b"):
        text_col = "text" if side == "a" else "b_text"
        first_last = passages[f"{side}_lines"].astype(str).str.split("-", n=1, expand=True)
        sides.append(
            pd.DataFrame(
                {
                    "unit_id": passages[side].astype(str).to_numpy(),
                    "start": passages[f"{side}_start"].astype(np.int64).to_numpy(),
                    "end": passages[f"{side}_end"].astype(np.int64).to_numpy(),
                    "first": first_last[0].astype(np.int64).to_numpy(),
                    "last": first_last[1].astype(np.int64).to_numpy(),
                    "text": passages[text_col].to_numpy(),
                    "row": np.arange(len(passages)),
                }
            )
        )
    iv = pd.concat(sides, ignore_index=True).sort_values(["unit_id", "start", "end"], kind="stable")
    seg_of = np.empty(len(iv), dtype=np.int64)
    segments: list[dict] = []
    for k, (pos, rec) in enumerate(zip(iv.index, iv.itertuples(index=False), strict=True)):
        del k
        cur = segments[-1] if segments else None
        if cur is not None and cur["unit_id"] == rec.unit_id and rec.start < cur["end"]:
            if rec.end > cur["end"]:
                cur["text"] += rec.text[cur["end"] - rec.start :]
                cur["end"] = rec.end
            cur["first"], cur["last"] = min(cur["first"], rec.first), max(cur["last"], rec.last)
        else:
            segments.append(
                {
                    "unit_id": rec.unit_id,
                    "start": rec.start,
                    "end": rec.end,
                    "first": rec.first,
                    "last": rec.last,
                    "text": rec.text,
                }
            )
        seg_of[pos] = len(segments) - 1
    parent = list(range(len(segments)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    half = len(passages)
    for r in range(half):
        x, y = find(seg_of[r]), find(seg_of[r + half])
        if x != y:
            parent[max(x, y)] = min(x, y)
    roots = [find(s) for s in range(len(segments))]
    cluster_id = {root: c for c, root in enumerate(dict.fromkeys(roots))}
    table = pd.DataFrame(segments)
    table.insert(0, "cluster", [cluster_id[r] for r in roots])
    table["lines"] = [f"{a}-{b}" for a, b in zip(table["first"], table["last"], strict=True)]
    table["n_units"] = table.groupby("cluster")["unit_id"].transform("nunique")
    table["template"] = table["n_units"] >= 3
    table = table.sort_values(["cluster", "unit_id", "start"], kind="stable")
    return table[CLUSTER_COLUMNS].reset_index(drop=True)


def to_passim_jsonl(
    corpus: Corpus, path: str | Path, *, units: Sequence[str] | None = None, series=None
) -> Path:
    """Write one JSON object per unit (``id``, ``series``, ``text``: the repaired text) for
    `passim <https://github.com/dasmiq/passim>`_. Run passim with ``--floating-ngrams`` for
    Chinese (no spaces between words), e.g. ``passim --floating-ngrams -n 10 in.jsonl out``.
    ``series`` (a column of ``corpus.units`` or a callable of the unit id; default: the plan)
    keeps passim from aligning units of the same series with each other."""
    path = Path(path)
    units = list(corpus.leaf_ids if units is None else units)
    with path.open("w", encoding="utf-8") as fh:
        for unit_id in units:
            unit_id = corpus.check_unit(unit_id)
            if series is None:
                name = corpus.plan_of(unit_id)
            elif callable(series):
                name = series(unit_id)
            else:
                name = corpus.units.at[unit_id, series]
            record = {"id": unit_id, "series": str(name), "text": corpus.tracked(unit_id).text}
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path
