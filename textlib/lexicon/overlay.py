"""The lexicon a corpus is read with when none is given: the bundled one plus its overlay."""

from __future__ import annotations

import pandas as pd

from textlib.lexicon.loading import check_lexicon_table, load_lexicon
from textlib.load.corpus import Corpus


def lexicon_for(corpus: Corpus, lexicon: pd.DataFrame | None = None) -> pd.DataFrame:
    """``lexicon`` when given; else the bundled lexicon, plus the corpus's overlay lexicon (a
    dataset's local slogans, e.g. the seed page's) when it has one. A :class:`textlib.Study`
    resolves it once and owns the result. A given table is checked by
    :func:`check_lexicon_table`."""
    if lexicon is not None:
        return check_lexicon_table(lexicon)
    overlay = corpus.overlay_lexicon
    if overlay is None:
        return load_lexicon()
    return pd.concat([load_lexicon(), overlay], ignore_index=True)
