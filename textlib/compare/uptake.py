"""Uptake of a reference text: which of its clauses each unit repeats verbatim, adapts or omits.

The reference (a unit of the corpus, a text, or another corpus) is split into clauses; its
character n-grams are indexed once and the target units are streamed past the index (no
all-pairs step). A clause is ``verbatim`` when its folded text (spaces and line breaks
removed, placeholders ``□``, punctuation variants folded) occurs in the unit's folded text,
``adapted`` when the best-matching window of the unit scores at least ``threshold``
(rapidfuzz partial ratio, 0–1), and ``absent`` otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from textlib.batch import map_batches
from textlib.compare.passages import _PUNCT_FOLD, folded_text, ngram_hashes
from textlib.errors import ArgumentTypeError, StudyParameterError, UnknownUnitError
from textlib.load.corpus import Corpus
from textlib.text import patterns as P

UPTAKE_COLUMNS = [
    "clause",
    "clause_text",
    "unit_id",
    "status",
    "score",
    "target_start",
    "target_end",
    "target_line",
    "reference_line",
]
_CLAUSE_END = {
    "clause": re.compile(r"[^。；！？;!?\n]*(?:[。；！？;!?]+|\n|$)"),
    "line": re.compile(r"[^\n]*(?:\n|$)"),
}


@dataclass(frozen=True)
class Uptake:
    """``table``: one row per (clause, unit); ``by_clause``: per clause the share of units
    that take it up (``verbatim`` or ``adapted``) and verbatim; ``by_unit``: per unit the share
    of clauses taken up, verbatim, and the mean score."""

    table: pd.DataFrame
    by_clause: pd.DataFrame
    by_unit: pd.DataFrame


def _fold(text: str) -> tuple[str, np.ndarray]:
    """Folded text of a string and each character's offset in it (as ``folded_text``)."""
    keep, out = [], []
    pos = 0
    for match in P.PLACEHOLDER.finditer(text):
        for k in range(pos, match.start()):
            keep.append(k)
        keep.append(match.start())
        pos = match.end()
    keep.extend(range(pos, len(text)))
    placeholder_at = {m.start() for m in P.PLACEHOLDER.finditer(text)}
    idx = []
    for k in keep:
        ch = "□" if k in placeholder_at else text[k]
        if ch in P.HSPACE or ch == "\n":
            continue
        out.append(ch)
        idx.append(k)
    return "".join(out).translate(_PUNCT_FOLD), np.asarray(idx, dtype=np.int64)


def split_clauses(text: str, *, by: str = "clause") -> list[tuple[int, int]]:
    """``(start, end)`` of the clauses of ``text``: sentences ending at 。；！？ or a line break
    (``by="clause"``) or whole lines, i.e. outline items and paragraphs (``by="line"``)."""
    if by not in _CLAUSE_END:
        raise StudyParameterError("by", by, "'clause' or 'line'")
    spans = []
    for m in _CLAUSE_END[by].finditer(text):
        s, e = m.start(), m.end()
        while s < e and (text[s] in P.HSPACE or text[s] == "\n"):
            s += 1
        while e > s and (text[e - 1] in P.HSPACE or text[e - 1] == "\n"):
            e -= 1
        if e > s:
            spans.append((s, e))
    return spans


def _reference(
    corpus: Corpus, reference: Any, by: str
) -> tuple[list[tuple[str, str, int]], set[str]]:
    """Clauses ``(text, folded, line)`` of the reference and units to leave out of targets."""
    if isinstance(reference, Corpus):
        sources = [(reference, u) for u in reference.leaf_ids]
        exclude: set[str] = set()
    elif isinstance(reference, str) and reference in corpus.repaired:
        sources = [(corpus, reference)]
        exclude = {reference, *corpus.parts_of(reference)}
        if corpus.plan_of(reference) != reference:
            exclude.add(corpus.plan_of(reference))
    elif isinstance(reference, str) and P.count_han(reference):
        sources = [(None, reference)]
        exclude = set()
    elif isinstance(reference, str):  # no Chinese: meant as a unit id, and not one
        raise UnknownUnitError(reference, corpus.units.index)
    else:
        raise StudyParameterError("reference", reference, "a unit id, a Chinese text or a Corpus")
    clauses = []
    for owner, key in sources:
        text = key if owner is None else owner.tracked(key).text
        for s, e in split_clauses(text, by=by):
            raw = text[s:e]
            folded, _ = _fold(P.TRUNCATION.sub("", raw))
            if not folded:
                continue
            line = text.count("\n", 0, s) + 1 if owner is None else owner.line_at(key, s)
            clauses.append((raw, folded, int(line)))
    return clauses, exclude


def _candidate_windows(positions: np.ndarray, length: int, size: int) -> list[tuple[int, int]]:
    """Windows of the target (folded offsets) that can hold an alignment of a clause of
    ``length`` characters: the n-gram hits, sorted, are cut into clusters wherever two hits
    are more than ``length`` apart, and each cluster is widened by ``length`` on both sides.
    Every stretch of the unit that shares an n-gram with the clause is in one window, so the
    best window of the whole unit is among them."""
    pos = np.sort(np.asarray(positions, dtype=np.int64))
    cuts = np.flatnonzero(np.diff(pos) > length) + 1
    windows = []
    for cluster in np.split(pos, cuts):
        w0 = max(0, int(cluster[0]) - length)
        w1 = min(size, int(cluster[-1]) + 2 * length)
        windows.append((w0, w1))
    return windows


def _matched_span(clause: str, window: str, start: int, end: int) -> tuple[int, int] | None:
    """``[start, end)`` of ``window`` trimmed to its first and last character that the
    alignment with ``clause`` keeps as equal, so that an aligned window that begins with the
    previous sentence's 。 does not report that sentence's line."""
    from rapidfuzz.distance import Levenshtein

    equal = [op for op in Levenshtein.opcodes(clause, window[start:end]) if op[0] == "equal"]
    if not equal:
        return None
    return start + equal[0][3], start + equal[-1][4]


_NUMBER = re.compile(r"[0-9０-９]+(?:[.．][0-9０-９]+)*")


def _fold_numbers(text: str) -> tuple[str, list[int]]:
    """``text`` with each number (``87.75``, ``2022``) written as one placeholder ``□``, and
    for each kept character its offset in ``text``: a figure the reference redacts (``XX``)
    or updates (2021 → 2022) then costs one character, not its length."""
    out, index, pos = [], [], 0
    for match in _NUMBER.finditer(text):
        out.append(text[pos : match.start()])
        index.extend(range(pos, match.start()))
        out.append("□")
        index.append(match.start())
        pos = match.end()
    out.append(text[pos:])
    index.extend(range(pos, len(text)))
    return "".join(out), index


def _best_window(clause: str, target: str, positions: np.ndarray, fuzz, folded=None) -> tuple:
    """The best partial alignment of ``clause`` over the whole folded ``target`` (every
    window holding its n-gram hits is scored, numbers folded to one placeholder):
    ``((start, end), score)`` with the span trimmed to matched characters, or
    ``(None, 0.0)``. ``folded``: ``_fold_numbers(target)`` with its index as an array, when the
    caller folds the target once for all its clauses."""
    best_span, best_score = None, 0.0
    needle, _ = _fold_numbers(clause)
    numbers, index = folded if folded is not None else _folded_target(target)
    for w0, w1 in _candidate_windows(positions, len(clause), len(target)):
        a0, a1 = np.searchsorted(index, [w0, w1])
        window = numbers[a0:a1]
        found = fuzz.partial_ratio_alignment(needle, window)
        if found is None or found.score <= best_score * 100:
            continue
        span = _matched_span(needle, window, found.dest_start, found.dest_end)
        if span is None:
            continue
        # a kept character ends where the next one starts (a folded number spans its digits)
        start = int(index[a0 + span[0]])
        last = a0 + span[1] - 1
        end = int(index[last + 1]) if last + 1 < len(index) else len(target)
        best_span, best_score = (start, min(end, w1)), found.score / 100
    return best_span, round(best_score, 4)


def _folded_target(target: str) -> tuple[str, np.ndarray]:
    numbers, index = _fold_numbers(target)
    return numbers, np.asarray(index, dtype=np.int64)


def _uptake_batch(batch, context) -> list[list[tuple]]:
    """Rows of each unit of the batch: ``(clause, unit_id, status, score, start, end)`` with
    ``start``/``end`` in the unit's repaired text (None when absent)."""
    from rapidfuzz import fuzz

    clauses, ref_h, ref_c, n, threshold = context
    out = []
    for unit_id, ft in batch:
        th = ngram_hashes(ft.codes, n)
        lo = np.searchsorted(ref_h, th, side="left")
        hi = np.searchsorted(ref_h, th, side="right")
        count = hi - lo
        hit_pos = np.repeat(np.arange(len(th)), count)
        hit_idx = np.repeat(lo, count) + (
            np.arange(int(count.sum())) - np.repeat(np.cumsum(count) - count, count)
        )
        hit_clause = ref_c[hit_idx]
        order = np.argsort(hit_clause, kind="stable")
        keys, starts = np.unique(hit_clause[order], return_index=True)
        groups = np.split(hit_pos[order], starts[1:]) if len(keys) else []
        hits = {int(k): g for k, g in zip(keys, groups, strict=True)}
        folded = _folded_target(ft.text) if hits else None
        rows = []
        for k, (_, folded_clause, _) in enumerate(clauses):
            span, score = None, 0.0
            found = ft.text.find(folded_clause)
            if found >= 0:
                span, score = (found, found + len(folded_clause)), 1.0
            elif k in hits:
                span, score = _best_window(folded_clause, ft.text, hits[k], fuzz, folded)
            status = "verbatim" if score >= 1.0 else "adapted" if score >= threshold else "absent"
            if status == "absent" or span is None or span[1] <= span[0]:
                rows.append((k, unit_id, status, score, None, None))
            else:
                start = int(ft.index[span[0]])
                end = int(ft.index[span[1] - 1]) + 1
                rows.append((k, unit_id, status, score, start, end))
        out.append(rows)
    return out


def uptake(
    corpus: Corpus,
    reference: Any,
    *,
    by: str = "clause",
    threshold: float = 0.8,
    units: list[str] | None = None,
    n: int = 3,
    n_jobs: int = 1,
    progress: bool | None = None,
) -> Uptake:
    """For every target unit (default: the most specific units except the reference itself)
    and every clause of ``reference`` (a unit id, a Chinese text or a Corpus; a string without
    Chinese that is no unit id raises :class:`UnknownUnitError`): ``status``
    ``verbatim`` (score 1), ``adapted`` (score ≥ ``threshold``) or ``absent``, with the matched
    span of the unit's repaired text (``target_start``/``target_end``), its source line and
    the clause's line in the reference. ``n``: n-gram size used to find candidate windows;
    ``n_jobs`` workers score the units (the table is the same for any number)."""
    if not isinstance(corpus, Corpus):
        raise ArgumentTypeError("uptake", "corpus", corpus, "a textlib Corpus")
    if not (isinstance(threshold, int | float) and 0 < threshold <= 1):
        raise StudyParameterError("threshold", threshold, "a number in (0, 1]")
    if not (isinstance(n, int) and n >= 2):
        raise StudyParameterError("n", n, "an int ≥ 2")
    clauses, exclude = _reference(corpus, reference, by)
    targets = [corpus.check_unit(u) for u in (units or corpus.leaf_ids)]
    targets = [u for u in targets if u not in exclude]
    # index the reference once: (hash, clause) sorted
    hashes, owners = [], []
    for k, (_, folded, _) in enumerate(clauses):
        codes = np.frombuffer(folded.encode("utf-32-le"), dtype=np.uint32)
        h = np.unique(ngram_hashes(codes, min(n, len(codes))))
        hashes.append(h)
        owners.append(np.full(len(h), k, dtype=np.int64))
    ref_h = np.concatenate(hashes) if hashes else np.zeros(0, np.uint64)
    ref_c = np.concatenate(owners) if owners else np.zeros(0, np.int64)
    order = np.argsort(ref_h, kind="stable")
    ref_h, ref_c = ref_h[order], ref_c[order]
    items = [(u, folded_text(corpus, u)) for u in targets]
    per_unit = map_batches(
        _uptake_batch,
        items,
        (clauses, ref_h, ref_c, n, threshold),
        n_jobs=n_jobs,
        progress=progress,
        desc="uptake",
    )
    rows = []
    for unit_rows in per_unit:
        for k, unit_id, status, score, start, end in unit_rows:
            raw, _, line = clauses[k]
            target_line = None if start is None else int(corpus.line_at(unit_id, start))
            rows.append((k, raw, unit_id, status, score, start, end, target_line, line))
    table = pd.DataFrame(rows, columns=UPTAKE_COLUMNS)
    for col in ("target_start", "target_end", "target_line"):
        table[col] = table[col].astype("Int64")
    taken = table["status"] != "absent"
    verbatim = table["status"] == "verbatim"
    by_clause = (
        table.assign(taken=taken, verbatim=verbatim)
        .groupby(["clause", "clause_text"], sort=True)
        .agg(uptake=("taken", "mean"), verbatim=("verbatim", "mean"))
        .reset_index()
    )
    by_unit = (
        table.assign(taken=taken, verbatim=verbatim)
        .groupby("unit_id", sort=False)
        .agg(uptake=("taken", "mean"), verbatim=("verbatim", "mean"), score=("score", "mean"))
        .reset_index()
    )
    return Uptake(table, by_clause, by_unit)


def clause_headings(
    corpus: Corpus, outline: pd.DataFrame, reference: str, n_clauses: int, *, by: str = "clause"
) -> pd.DataFrame:
    """Per clause of the reference unit, the level-1 and level-2 heading of ``outline`` it
    sits under (the last one starting at or before the clause), indexed by clause."""
    spans = split_clauses(corpus.tracked(reference).text, by=by)
    starts = np.array([s for s, _ in spans][:n_clauses] + [0] * max(0, n_clauses - len(spans)))
    heads = outline[
        (outline["unit_id"].astype(str) == reference) & outline["level"].isin([1, 2])
    ].sort_values("start", kind="stable")
    out = {"clause_start": starts}
    for level in (1, 2):
        out[f"heading{level}"] = [""] * n_clauses
        out[f"heading{level}_start"] = [pd.NA] * n_clauses
    current: dict[int, tuple[str, int] | None] = {1: None, 2: None}
    idx = 0
    for k in range(n_clauses):
        while idx < len(heads) and int(heads["start"].iloc[idx]) <= starts[k]:
            h = heads.iloc[idx]
            label = f"{h['marker']}{h['title']}".strip()
            current[int(h["level"])] = (label, int(h["start"]))
            if int(h["level"]) == 1:
                current[2] = None
            idx += 1
        for level in (1, 2):
            if current[level] is not None:
                out[f"heading{level}"][k] = current[level][0]
                out[f"heading{level}_start"][k] = current[level][1]
    groups = pd.DataFrame(out)
    for level in (1, 2):
        groups[f"heading{level}_start"] = groups[f"heading{level}_start"].astype("Int64")
    return groups
