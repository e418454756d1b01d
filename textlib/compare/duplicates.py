"""Which copy of each near-duplicate pair a study keeps, and why.

A corpus scraped from the web often holds one text twice (a speech reprinted by two plans, one
report filed under two years). Comparisons count such a text once: one copy is kept, the other
left out of every table and figure. The rule is explicit and reported, never silent:

- ``"supported"`` (default): the copy whose metadata its own text supports best. When both
  copies carry a ``year`` and the years differ, the copy whose year agrees with more of its
  text's time markers (a year marker of that year or the one before, the years a report looks
  back on) is kept: a mislabelled copy loses to the correctly dated one. Otherwise the copy
  with more metadata fields filled, then the longer copy (more Han characters: the less
  redacted or truncated one), then the first in corpus order.
- ``"longest"``: the copy with more Han characters (ties: the first).
- ``"first"``: the copy that comes first in corpus order.
- a list of unit ids: those are kept wherever they occur in a pair; other pairs follow
  ``"supported"``.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from textlib.errors import StudyParameterError
from textlib.explore.dating import dating_evidence
from textlib.load.corpus import Corpus
from textlib.text import patterns as P

KEEP_RULES = ("supported", "longest", "first")
DUPLICATE_COLUMNS = [
    "a",
    "b",
    "share_a_in_b",
    "share_b_in_a",
    "mutual",
    "kept",
    "dropped",
    "reason",
]
#: metadata columns that describe where a unit sits rather than what it is
_STRUCTURAL = frozenset(
    ["parent", "title", "header", "source", "start_line", "end_line", "raw", "text", "gloss"]
)


def check_keep(keep: object) -> str | tuple[str, ...]:
    """A valid ``keep`` rule: one of :data:`KEEP_RULES` or a sequence of unit ids."""
    if isinstance(keep, str):
        if keep not in KEEP_RULES:
            raise StudyParameterError("keep", keep, f"one of {KEEP_RULES} or a list of unit ids")
        return keep
    if isinstance(keep, Sequence) and all(isinstance(u, str) for u in keep):
        return tuple(keep)
    raise StudyParameterError("keep", keep, f"one of {KEEP_RULES} or a list of unit ids")


def _year_support(corpus: Corpus, unit_id: str, dating: pd.DataFrame) -> tuple[int | None, int]:
    """The unit's metadata year (or None) and how many of its year markers agree with it."""
    units = corpus.units
    if "year" not in units.columns or not pd.api.types.is_numeric_dtype(units["year"]):
        return None, 0
    year = units.at[unit_id, "year"]
    if pd.isna(year):
        return None, 0
    marks = dating[(dating["unit_id"] == unit_id) & (dating["kind"] == "year")]["year"]
    return int(year), int(marks.isin([int(year), int(year) - 1]).sum())


def _filled(corpus: Corpus, unit_id: str) -> int:
    row = corpus.units.loc[unit_id]
    return int(sum(pd.notna(v) and v != "" for c, v in row.items() if c not in _STRUCTURAL))


def _choose(
    corpus: Corpus, a: str, b: str, keep: str | tuple[str, ...], dating: pd.DataFrame
) -> tuple[str, str]:
    """(kept unit, reason) for one pair."""
    order = {u: k for k, u in enumerate(corpus.leaf_ids)}
    first, second = sorted((a, b), key=lambda u: order.get(u, len(order)))
    han = {u: P.count_han(corpus.tracked(u).text) for u in (a, b)}
    if isinstance(keep, tuple):
        chosen = [u for u in (first, second) if u in keep]
        if len(chosen) == 1:
            return chosen[0], f"kept {chosen[0]}: named in keep="
        keep = "supported"
    if keep == "first":
        return first, f"kept {first}: first in corpus order (keep='first')"
    if keep == "supported":
        (ya, sa), (yb, sb) = (_year_support(corpus, u, dating) for u in (first, second))
        if ya is not None and yb is not None and ya != yb and sa != sb:
            kept, other = (first, second) if sa > sb else (second, first)
            yk, sk, yo, so = (ya, sa, yb, sb) if kept == first else (yb, sb, ya, sa)
            return kept, (
                f"kept {kept}: its year {yk} agrees with {sk} of its year markers, "
                f"{other}'s year {yo} with {so}"
            )
        fa, fb = _filled(corpus, first), _filled(corpus, second)
        if fa != fb:
            kept = first if fa > fb else second
            return kept, f"kept {kept}: more metadata filled ({max(fa, fb)} vs {min(fa, fb)})"
    if han[first] != han[second]:
        kept = first if han[first] > han[second] else second
        other = second if kept == first else first
        return kept, (
            f"kept {kept}: the longer copy ({han[kept]:,} vs {han[other]:,} Han characters; "
            "the shorter is more redacted or truncated)"
        )
    return first, f"kept {first}: copies of equal length, the first in corpus order"


def choose_copies(
    corpus: Corpus,
    pairs: pd.DataFrame,
    *,
    keep: str | Sequence[str] = "supported",
    dating: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """``pairs`` (from :func:`textlib.compare.near_duplicates`) with ``kept``, ``dropped`` and
    the ``reason`` for each pair, by the ``keep`` rule (see the module docstring). ``dating``:
    the corpus's dating evidence (:func:`textlib.explore.dating_evidence`), used by
    ``"supported"``. A unit already dropped in an earlier pair is never kept in a later one."""
    rule = check_keep(keep)
    if dating is None:
        dating = dating_evidence(corpus)
    rows, dropped = [], set()
    for rec in pairs.itertuples(index=False):
        a, b = str(rec.a), str(rec.b)
        kept, reason = _choose(corpus, a, b, rule, dating)
        other = b if kept == a else a
        if kept in dropped and other not in dropped:
            kept, other = other, kept
            reason = f"kept {kept}: {other} is already dropped as a copy of another unit"
        dropped.add(other)
        rows.append((*rec[:5], kept, other, reason))
    return pd.DataFrame(rows, columns=DUPLICATE_COLUMNS)
