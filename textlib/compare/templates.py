"""Template text at corpus scale: passages that many units hold, from n-gram document frequency.

:func:`textlib.compare.passages.find_passages` pairs units through n-grams seen in *few* units,
so the most widespread template (an opening sentence in nine reports of ten) pairs nobody and
never shows. This module takes the other path: every unit's folded text (as
:func:`~textlib.compare.passages.folded_text` gives it) is cut into hashed character
``n``-grams at every offset, each n-gram's document frequency (units holding it) is counted with
one numpy sort, and a character is *template* where an n-gram covering it is held by at least
``min_share`` of the units (and ``min_units``). Per unit, template characters form runs; a run
is cut into *atoms* where the document frequency steps by more than a third (two templates
written back to back, held by different units, become two atoms). An atom's holders are the
units holding at least ``containment`` of its n-grams, so a copy with one edited word still
holds it. Work is a few sorts over all n-grams: linear in the corpus, no pairs of units.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import pandas as pd
from numpy.lib.stride_tricks import sliding_window_view

from textlib.compare.passages import folded_text, ngram_hashes
from textlib.compare.reuse import unit_spans
from textlib.errors import StudyParameterError
from textlib.load.corpus import Corpus

TEMPLATE_STRETCH_COLUMNS = ["unit_id", "start", "end", "lines", "shared_with", "n_units", "text"]
TEMPLATE_COLUMNS = ["template", "text", "chars", "n_units", "share", "headline", "units"]
SPAN_COLUMNS = ["template", "unit_id", "start", "end", "lines", "n_units", "share", "text"]
COVERAGE_COLUMNS = ["unit_id", "chars", "template_chars", "local_chars", "share"]
_STEP = math.log(1.5)  # an atom ends where the document frequency changes by this factor
_EDGE = set(",.;:!?-")  # folded punctuation trimmed from the ends of an atom
_REDUNDANT = 0.9  # an atom inside a longer one held by ≥ 90% as many units adds nothing


@dataclass(frozen=True)
class Templates:
    """Result of :func:`find_templates`.

    ``templates``: one row per template text (``template`` id, ``text`` as the first holder
    writes it, ``chars``, ``n_units`` holding it, ``share`` of the units, ``headline`` when the
    share reaches the headline level, ``units``: the holders, space-separated, corpus order).
    ``spans``: one row per template stretch of a unit (``template`` id or -1 for a stretch of
    template text that no listed template covers, ``unit_id``, ``start``/``end`` in the
    repaired text, ``lines``, ``n_units``/``share``: most units holding one of its n-grams,
    ``text``). ``coverage``: per unit, ``chars`` (characters other than spaces and line breaks),
    ``template_chars``, ``local_chars`` and ``share`` (template / chars)."""

    templates: pd.DataFrame
    spans: pd.DataFrame
    coverage: pd.DataFrame
    n_units: int
    threshold: int


def _check(name: str, value, ok: bool, expected: str) -> None:
    if not ok:
        raise StudyParameterError(name, value, expected)


def _profile(df_of_ngrams: np.ndarray, length: int, n: int) -> np.ndarray:
    """Per character: the largest document frequency of the n-grams covering it."""
    out = np.zeros(length, dtype=np.int64)
    if not len(df_of_ngrams):
        return out
    pad = np.concatenate([np.zeros(n - 1, np.int64), df_of_ngrams, np.zeros(n - 1, np.int64)])
    return sliding_window_view(pad, n).max(axis=1)[:length]


def _segments(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    edges = np.diff(np.concatenate([[0], mask.astype(np.int8), [0]]))
    return np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)


def find_templates(
    corpus: Corpus,
    *,
    units: Sequence[str] | None = None,
    n: int = 8,
    min_share: float = 0.1,
    min_units: int = 3,
    min_chars: int = 16,
    containment: float = 0.9,
    headline: float = 0.9,
    exclude: Sequence[str] = (),
) -> Templates:
    """Template passages of ``units`` (default: the most specific units, less ``exclude``).

    A character is template where one of the character ``n``-grams covering it (folded text:
    no spaces or line breaks, punctuation variants folded, placeholder runs one ``□``) is held
    by at least ``max(min_units, ceil(min_share × units))`` units. Runs of template characters
    shorter than ``min_chars`` are dropped; the rest are cut into atoms where the n-grams'
    document frequency steps (by a factor of 1.5), and each distinct atom of ``min_chars`` or
    more is a candidate template held by the units that hold ``containment`` of its n-grams.
    A candidate inside a longer one that ≥ 90% as many units hold is left out (it says nothing
    more). A template held by ``headline`` of the units or more is a headline template.
    Deterministic: rows sorted by share, then corpus order of the first holder and position."""
    _check("n", n, isinstance(n, int) and 2 <= n <= 64, "an int in 2..64")
    _check("min_share", min_share, 0 < min_share <= 1, "a share in (0, 1]")
    _check("min_units", min_units, isinstance(min_units, int) and min_units >= 2, "an int ≥ 2")
    _check("min_chars", min_chars, isinstance(min_chars, int) and min_chars >= n, f"an int ≥ n={n}")
    _check("containment", containment, 0 < containment <= 1, "a share in (0, 1]")
    rank = {u: k for k, u in enumerate(corpus.units.index)}
    chosen = list(corpus.leaf_ids if units is None else units)
    drop = {corpus.check_unit(u) for u in exclude}
    chosen = sorted(
        dict.fromkeys(u for u in (corpus.check_unit(u) for u in chosen) if u not in drop),
        key=rank.__getitem__,
    )
    n_units = len(chosen)
    threshold = max(min_units, math.ceil(min_share * n_units - 1e-9))
    folded = [folded_text(corpus, u) for u in chosen]
    hashes = [ngram_hashes(f.codes, n) for f in folded]
    lengths = np.array([len(h) for h in hashes], dtype=np.int64)
    every = np.concatenate(hashes) if hashes else np.zeros(0, np.uint64)
    del hashes
    owner = np.repeat(np.arange(n_units, dtype=np.int32), lengths)
    order = np.argsort(every, kind="stable")  # stable: (hash, unit, position) order
    every, owner = every[order], owner[order]
    new_hash = np.ones(len(every), dtype=bool)
    np.not_equal(every[1:], every[:-1], out=new_hash[1:])
    new_post = new_hash.copy()
    new_post[1:] |= owner[1:] != owner[:-1]
    starts = np.flatnonzero(new_hash)
    sizes = np.diff(np.append(starts, len(every)))
    df_sorted = np.repeat(np.add.reduceat(new_post.astype(np.int32), starts), sizes)
    df_all = np.empty(len(every), dtype=np.int32)
    df_all[order] = df_sorted  # per n-gram occurrence, in unit order
    # distinct (hash, unit) postings sorted by hash, and per distinct hash its first posting
    post_hash, post_unit = every[new_post], owner[new_post]
    del every, owner, order, df_sorted, new_hash, new_post, starts, sizes
    vocab, first, df = np.unique(post_hash, return_index=True, return_counts=True)
    offsets = np.concatenate([[0], np.cumsum(lengths)])

    # per unit: template characters, runs and atoms (folded offsets)
    atoms: dict[str, list[tuple[int, int, int, int]]] = {}  # text -> (unit, start, end, max df)
    template_chars = np.zeros(n_units, dtype=np.int64)
    span_rows: list[tuple[int, int, int, int]] = []
    for iu, f in enumerate(folded):
        d = df_all[offsets[iu] : offsets[iu + 1]]
        d = np.where(d >= threshold, d, 0).astype(np.int64)
        prof = _profile(d, len(f.codes), n)
        starts, ends = _segments(prof > 0)
        keep = ends - starts >= min_chars
        for s, e in zip(starts[keep].tolist(), ends[keep].tolist(), strict=True):
            template_chars[iu] += e - s
            part = prof[s:e]
            logp = np.log(part)
            cut = np.flatnonzero(np.abs(np.diff(logp)) > _STEP) + 1
            bounds = [0, *cut.tolist(), e - s]
            for a, b in pairwise(bounds):
                peak = int(part[a:b].max())
                while a < b and f.text[s + a] in _EDGE:  # atoms start and end at words
                    a += 1
                while b > a and f.text[s + b - 1] in _EDGE:
                    b -= 1
                if b > a:
                    span_rows.append((iu, s + a, s + b, peak))
                if b - a >= min_chars:
                    atoms.setdefault(f.text[s + a : s + b], []).append((iu, s + a, s + b, peak))

    # holders of each candidate: units holding ≥ containment of its n-grams
    candidates = sorted(atoms, key=lambda t: (-len(t), atoms[t][0][0], atoms[t][0][1]))
    holders: dict[str, np.ndarray] = {}
    for text in candidates:
        iu, s, e, _ = atoms[text][0]
        h = np.unique(ngram_hashes(folded[iu].codes[s:e], n))
        at = np.searchsorted(vocab, h)
        lo, cnt = first[at], df[at]
        idx = np.repeat(lo - np.cumsum(cnt) + cnt, cnt) + np.arange(int(cnt.sum()))
        per_unit = np.bincount(post_unit[idx], minlength=n_units)
        holders[text] = np.flatnonzero(per_unit >= containment * len(h) - 1e-9)

    # drop candidates inside a longer kept one that nearly as many units hold
    kept: list[str] = []
    by_gram: dict[int, list[str]] = {}
    for text in candidates:
        size = len(holders[text])
        if size < threshold:
            continue
        key = hash(text[:n])
        containers = [k for k in by_gram.get(key, ()) if text in k]
        if any(len(holders[k]) >= _REDUNDANT * size for k in containers):
            continue
        kept.append(text)
        for j in range(len(text) - n + 1):
            by_gram.setdefault(hash(text[j : j + n]), []).append(text)
    kept.sort(key=lambda t: (-len(holders[t]), atoms[t][0][0], atoms[t][0][1], t))
    template_id = {t: k for k, t in enumerate(kept)}

    def repaired(iu: int, s: int, e: int) -> tuple[int, int]:
        index = folded[iu].index
        return int(index[s]), int(index[e - 1]) + 1

    rows = []
    for text in kept:
        iu, s, e, _ = atoms[text][0]
        r0, r1 = repaired(iu, s, e)
        who = holders[text]
        rows.append(
            (
                template_id[text],
                corpus.tracked(chosen[iu]).text[r0:r1],
                len(text),
                len(who),
                round(len(who) / max(n_units, 1), 4),
                len(who) >= headline * n_units,
                " ".join(chosen[i] for i in who.tolist()),
            )
        )
    templates = pd.DataFrame(rows, columns=TEMPLATE_COLUMNS)
    spans = _span_table(corpus, chosen, folded, span_rows, template_id, by_gram, n, n_units)
    nonspace = np.array([len(f.codes) for f in folded], dtype=np.int64)
    coverage = pd.DataFrame(
        {
            "unit_id": chosen,
            "chars": nonspace,
            "template_chars": template_chars,
            "local_chars": nonspace - template_chars,
            "share": np.round(template_chars / np.maximum(nonspace, 1), 4),
        },
        columns=COVERAGE_COLUMNS,
    )
    return Templates(templates, spans, coverage, n_units, threshold)


def _span_table(corpus, chosen, folded, span_rows, template_id, by_gram, n, n_units):
    """One row per atom occurrence (id of the template with its text, or of the most held
    template that contains it, else -1), in repaired offsets with source lines."""
    if not span_rows:
        return pd.DataFrame(columns=SPAN_COLUMNS)
    out = {c: [] for c in SPAN_COLUMNS if c != "lines"}
    for iu, s, e, peak in span_rows:
        text = folded[iu].text[s:e]
        tid = template_id.get(text)
        if tid is None:
            inside = [template_id[k] for k in by_gram.get(hash(text[:n]), ()) if text in k]
            tid = min(inside, default=-1)
        index = folded[iu].index
        r0, r1 = int(index[s]), int(index[e - 1]) + 1
        out["template"].append(tid)
        out["unit_id"].append(chosen[iu])
        out["start"].append(r0)
        out["end"].append(r1)
        out["n_units"].append(peak)
        out["share"].append(round(peak / max(n_units, 1), 4))
        out["text"].append(corpus.tracked(chosen[iu]).text[r0:r1])
    table = pd.DataFrame(out)
    lines = []
    for unit_id, part in table.groupby("unit_id", sort=False):
        first = corpus.lines_at(unit_id, part["start"].to_numpy())
        last = corpus.lines_at(unit_id, part["end"].to_numpy() - 1)
        lines.append(pd.Series([f"{a}-{b}" for a, b in zip(first, last, strict=True)], part.index))
    table["lines"] = pd.concat(lines)
    return table[SPAN_COLUMNS].reset_index(drop=True)


def template_passages(
    corpus: Corpus,
    passages: pd.DataFrame | None = None,
    units: list[str] | None = None,
    *,
    min_chars: int = 20,
    exclude: tuple[str, ...] = (),
    n: int = 8,
    min_share: float = 0.1,
    min_units: int = 3,
) -> pd.DataFrame:
    """Stretches of a unit's text shared with two or more other units (template/boilerplate).

    Without ``passages`` (the scalable path): the template stretches of
    :func:`textlib.compare.templates.find_templates` (character ``n``-grams held by at least
    ``min_share`` of the units and ``min_units``), so a sentence in nearly every unit is found
    too; ``shared_with`` lists the other units holding the stretch's template (empty for a
    stretch of template text that no listed template covers, whose ``n_units`` is then the
    most units holding one of its n-grams). With ``passages`` (from :func:`pairwise_passages`
    or :func:`~textlib.compare.passages.find_passages`): characters covered by passages with
    two or more other units; this sees only what the passages pair, and
    ``find_passages`` pairs nobody through n-grams in more than ``max_df`` units.

    ``exclude`` leaves out units (e.g. one copy of a near-duplicate pair) so that a copy does
    not make its twin look like a template. One row per stretch of at least ``min_chars``
    characters: ``unit_id``, ``start``, ``end``, ``lines``, ``shared_with`` (other units),
    ``n_units`` (including itself), ``text``."""
    units = [u for u in (units or corpus.leaf_ids) if u not in exclude]
    if passages is None:
        found = find_templates(
            corpus,
            units=units,
            n=n,
            min_share=min_share,
            min_units=min_units,
            min_chars=max(min_chars, n),
        )
        spans = found.spans[found.spans["end"] - found.spans["start"] >= min_chars]
        holders = dict(zip(found.templates["template"], found.templates["units"], strict=True))
        shared, counts = [], []
        for rec in spans.itertuples(index=False):
            who = holders.get(rec.template, "").split()
            shared.append(" ".join(u for u in who if u != rec.unit_id))
            counts.append(len(who) if who else int(rec.n_units))
        table = spans.assign(shared_with=shared, n_units=counts)
        return table[TEMPLATE_STRETCH_COLUMNS].reset_index(drop=True)
    index = {u: k for k, u in enumerate(units)}
    spans = unit_spans(passages, index)
    by_unit = {u: part for u, part in spans.groupby("unit", sort=False)}
    rows = []
    for unit_id in units:
        part = by_unit.get(unit_id)
        if part is None:
            continue
        text = corpus.tracked(unit_id).text
        others, masks = [], []
        for other, rows_other in part.groupby("other", sort=False):
            if other == unit_id:
                continue
            mask = np.zeros(len(text), dtype=bool)
            for start, end in zip(rows_other["start"], rows_other["end"], strict=True):
                mask[int(start) : int(end)] = True
            others.append(other)
            masks.append(mask)
        if not masks:
            continue
        order = sorted(range(len(others)), key=lambda k: index[others[k]])
        others = [others[k] for k in order]
        stack = np.array([masks[k] for k in order])
        on = stack.sum(axis=0) >= 2
        edges = np.diff(np.concatenate([[0], on.astype(np.int8), [0]]))
        for start, end in zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1), strict=True):
            start, end = int(start), int(end)
            if end - start < min_chars:
                continue
            shared = [o for o, mask in zip(others, stack, strict=True) if mask[start:end].any()]
            rows.append(
                (
                    unit_id,
                    start,
                    end,
                    f"{corpus.line_at(unit_id, start)}-{corpus.line_at(unit_id, end - 1)}",
                    " ".join(shared),
                    len(shared) + 1,
                    text[start:end],
                )
            )
    return pd.DataFrame(rows, columns=TEMPLATE_STRETCH_COLUMNS)
