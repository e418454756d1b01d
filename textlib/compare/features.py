"""Stage 4: document-term matrices over a chosen unit set, paragraphs kept for resampling."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from scipy import sparse

from textlib.load.corpus import Corpus
from textlib.tokens.segmentation import (
    DomainTokenizer,
    is_content_token,
    stopwords,
    tokenizer_for,
)

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


def paragraph_tokens(
    corpus: Corpus, unit_id: str, tokenizer: DomainTokenizer | None = None
) -> list[list[str]]:
    """Content tokens of each paragraph of a unit (stop-words, punctuation, numbers out).

    Lexicon formulations are single features: each variant token is replaced by its canonical
    formulation (文明典范城市 → 全国文明典范城市)."""
    tokenizer = tokenizer or tokenizer_for(corpus)
    canonical = dict(
        zip(tokenizer.lexicon["variant"], tokenizer.lexicon["formulation"], strict=True)
    )
    stop = stopwords()
    formulations = set(canonical.values())
    paragraphs = []
    for paragraph in corpus.tracked(unit_id).text.split("\n"):
        tokens = [canonical.get(t, t) for t in tokenizer.tokenize(paragraph)]
        paragraphs.append([t for t in tokens if t in formulations or is_content_token(t, stop)])
    return paragraphs


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


def document_terms(
    corpus: Corpus,
    *,
    units: UnitSet = "parts",
    drop: tuple[str, ...] = (),
    min_count: int = 1,
    tokenizer: DomainTokenizer | None = None,
) -> DocumentTerms:
    """Document-term counts over a unit set (see :func:`unit_set`). Terms occurring fewer than
    ``min_count`` times in the whole set are dropped. Rows follow the unit order; columns are
    sorted, so the matrix is identical from run to run."""
    chosen = unit_set(corpus, units, drop=drop)
    paragraphs = {}
    for unit_id in chosen:
        parts = corpus.parts_of(unit_id) or [unit_id]
        paragraphs[unit_id] = [
            p for part in parts for p in paragraph_tokens(corpus, part, tokenizer)
        ]
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
