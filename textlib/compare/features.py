"""Stage 4: document-term matrices over a chosen unit set, paragraphs kept for resampling."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from scipy import sparse

from textlib.errors import ArgumentTypeError, expect_table
from textlib.load.corpus import Corpus
from textlib.tokens.segmentation import is_content_token, stopwords

UnitSet = Literal["plans", "parts"] | list[str]


def unit_set(corpus: Corpus, units: UnitSet = "parts", *, drop: tuple[str, ...] = ()) -> list[str]:
    """Resolve a unit set: ``"plans"`` (top-level plans), ``"parts"`` (plans with their parts
    instead: the most specific units) or an explicit list of ids; ``drop`` removes units
    (e.g. one copy of a near-duplicate pair)."""
    if units == "plans":
        chosen = corpus.plan_ids
    elif units == "parts":
        chosen = corpus.leaf_ids
    else:
        chosen = [corpus.check_unit(u) for u in units]
    return [u for u in chosen if u not in set(drop)]


@dataclass(frozen=True)
class DocumentTerms:
    """A labelled sparse document-term matrix (counts) and the paragraphs it was built from."""

    units: list[str]
    terms: list[str]
    counts: sparse.csr_matrix
    paragraphs: dict[str, list[list[str]]]

    def to_frame(self) -> pd.DataFrame:
        """Tidy form: one row per unit × term with a non-zero count."""
        coo = self.counts.tocoo()
        table = pd.DataFrame(
            {
                "unit_id": [self.units[i] for i in coo.row],
                "term": [self.terms[j] for j in coo.col],
                "count": coo.data.astype(int),
            }
        )
        return table.sort_values(
            ["unit_id", "count", "term"], ascending=[True, False, True], key=None, kind="stable"
        ).reset_index(drop=True)

    def dense(self) -> pd.DataFrame:
        """Units × terms counts as a dense DataFrame (small corpora only)."""
        return pd.DataFrame(self.counts.toarray(), index=self.units, columns=self.terms)


def expect_dtm(function: str, value: object) -> None:
    """Raise :class:`ArgumentTypeError` unless ``value`` is a :class:`DocumentTerms`."""
    if not isinstance(value, DocumentTerms):
        raise ArgumentTypeError(
            function, "dt", value, "DocumentTerms (study.dtm, or compare.document_terms(...))"
        )


def count_matrix(
    paragraphs: dict[str, list[list[str]]], units: list[str], terms: list[str] | None = None
) -> tuple[sparse.csr_matrix, list[str]]:
    """Sum paragraph tokens per unit into a sparse matrix over ``terms`` (sorted vocabulary
    of the data when None)."""
    totals = [Counter(t for para in paragraphs[u] for t in para) for u in units]
    if terms is None:
        terms = sorted(set().union(*totals)) if totals else []
    index = {t: j for j, t in enumerate(terms)}
    rows, cols, vals = [], [], []
    for i, counter in enumerate(totals):
        for term, n in counter.items():
            j = index.get(term)
            if j is not None:
                rows.append(i)
                cols.append(j)
                vals.append(n)
    matrix = sparse.csr_matrix(
        (np.array(vals, dtype=np.float64), (rows, cols)), shape=(len(units), len(terms))
    )
    return matrix, terms


def _paragraphs_of(
    tokens: pd.DataFrame, corpus: Corpus, lexicon: pd.DataFrame, leaves: list[str]
) -> dict[str, list[list[str]]]:
    """Content tokens of each paragraph of each leaf unit, read off the tokens table: variants
    become their canonical formulation (文明典范城市 → 全国文明典范城市), which is always kept;
    other tokens are kept when content words (stop-words, punctuation, numbers out)."""
    canonical = dict(zip(lexicon["variant"], lexicon["formulation"], strict=True))
    formulations = set(canonical.values())
    stop = stopwords()
    rows = tokens[tokens["unit_id"].astype(str).isin(set(leaves))]
    codes, vocabulary = pd.factorize(rows["token"].astype(str), sort=False)
    terms = [canonical.get(t, t) for t in vocabulary]
    keep_term = np.array(
        [t in formulations or is_content_token(t, stop) for t in terms], dtype=bool
    )
    keep = keep_term[codes] if len(codes) else np.zeros(0, dtype=bool)
    out: dict[str, list[list[str]]] = {}
    unit_rows = rows["unit_id"].astype(str).to_numpy()
    starts = rows["start"].to_numpy()
    groups = pd.Series(np.arange(len(rows))).groupby(unit_rows, sort=False).indices
    for unit_id in leaves:
        text = corpus.tracked(unit_id).text
        newlines = np.flatnonzero(np.frombuffer(text.encode("utf-32-le"), np.uint32) == 10)
        paragraphs: list[list[str]] = [[] for _ in range(len(newlines) + 1)]
        idx = groups.get(unit_id, np.zeros(0, dtype=np.int64))
        idx = idx[keep[idx]]
        para = np.searchsorted(newlines, starts[idx], side="right")
        for k, code in zip(para, codes[idx], strict=True):
            paragraphs[k].append(terms[code])
        out[unit_id] = paragraphs
    return out


def document_terms(
    tokens: pd.DataFrame,
    *,
    corpus: Corpus,
    lexicon: pd.DataFrame,
    units: UnitSet = "parts",
    drop: tuple[str, ...] = (),
    min_count: int = 1,
) -> DocumentTerms:
    """Document-term counts over a unit set (see :func:`unit_set`), read off ``tokens`` (the
    tokens table of ``corpus``, :func:`textlib.tokens.unit_tokens`: nothing is segmented
    again). Lexicon variants count as their formulation; other tokens when content words.
    Terms occurring fewer than ``min_count`` times in the whole set are dropped. Rows follow
    the unit order; columns are sorted, so the matrix is identical from run to run."""
    expect_table("document_terms", "tokens", tokens, ["unit_id", "token", "start"])
    if not isinstance(corpus, Corpus):
        raise ArgumentTypeError("document_terms", "corpus", corpus, "a textlib Corpus")
    chosen = unit_set(corpus, units, drop=drop)
    leaves = list(dict.fromkeys(leaf for u in chosen for leaf in (corpus.parts_of(u) or [u])))
    by_leaf = _paragraphs_of(tokens, corpus, lexicon, leaves)
    paragraphs = {
        unit_id: [p for part in (corpus.parts_of(unit_id) or [unit_id]) for p in by_leaf[part]]
        for unit_id in chosen
    }
    matrix, terms = count_matrix(paragraphs, chosen)
    if min_count > 1:
        keep = np.flatnonzero(np.asarray(matrix.sum(axis=0)).ravel() >= min_count)
        matrix = matrix[:, keep]
        terms = [terms[j] for j in keep]
    return DocumentTerms(chosen, terms, matrix.tocsr(), paragraphs)


def tfidf(counts: sparse.csr_matrix) -> sparse.csr_matrix:
    """TF-IDF (sublinear tf, smoothed idf, rows L2-normalised), as scikit-learn computes it."""
    from sklearn.feature_extraction.text import TfidfTransformer

    return TfidfTransformer(sublinear_tf=True).fit_transform(counts).tocsr()
