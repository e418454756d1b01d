"""Domain segmentation with a private jieba tokenizer: every lexicon variant is one token.

jieba's module-global tokenizer is never touched: textlib builds its own ``jieba.Tokenizer``
lazily (importing textlib does not load jieba), adds every lexicon variant to its dictionary,
and caches the dictionary in a per-user folder (:func:`cache_dir`). jieba splits its input
at any character outside ``[一-龥A-Za-z0-9+#&._%-]``, so a variant containing ``、`` ``·``
``—`` (举旗帜、聚民心…) can never be one jieba token: :class:`DomainTokenizer` therefore
first protects lexicon matches (the same leftmost-longest matcher as the counts) and runs
jieba only on the text between them.
HMM (jieba's guesser for out-of-dictionary words) is off by default: it invents words.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import tempfile
import warnings
from collections import defaultdict
from functools import lru_cache
from itertools import islice
from pathlib import Path

import numpy as np
import pandas as pd

from textlib.batch import iter_batches
from textlib.errors import StudyParameterError
from textlib.formulations.counting import count_formulations, matcher_for
from textlib.lexicon.loading import load_lexicon
from textlib.lexicon.matching import compact_view
from textlib.lexicon.overlay import lexicon_for
from textlib.load.corpus import Corpus
from textlib.package_data import data_path
from textlib.text import patterns as P

DOMAIN_WORD_FREQ = 1_000_000  # far above any jieba dictionary entry: the whole variant wins
CACHE_ENV = "TEXTLIB_CACHE_DIR"


class CacheDirWarning(UserWarning):
    """jieba's dictionary cache folder cannot be used: segmentation runs without a cache."""


_warned_no_cache = False


def cache_dir() -> Path:
    """jieba's dictionary cache folder: ``$TEXTLIB_CACHE_DIR``, else the per-user cache
    folder (``platformdirs.user_cache_dir("textlib")/jieba``, e.g. ``~/.cache/textlib/jieba``).

    Never inside the installed package or the working directory. The folder is not created
    here: see :func:`usable_cache_dir`.
    """
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("textlib", appauthor=False)) / "jieba"


def usable_cache_dir() -> Path | None:
    """:func:`cache_dir`, created and checked writable; None (one :class:`CacheDirWarning`
    per process) when it cannot be created or written."""
    global _warned_no_cache
    folder = cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(dir=folder, prefix=".probe")
        os.close(fd)
        os.unlink(probe)
    except OSError as error:
        if not _warned_no_cache:
            _warned_no_cache = True
            warnings.warn(
                f"textlib: jieba's dictionary cache folder {str(folder)!r} is not writable "
                f"({error.strerror or error}); segmenting without a cache (slower start). "
                f"Set ${CACHE_ENV} to a writable folder.",
                CacheDirWarning,
                stacklevel=2,
            )
        return None
    return folder


def _new_jieba(words: list[str] = ()):  # type: ignore[assignment]
    import jieba

    jieba.setLogLevel(logging.WARNING)  # its "Loading model cost" lines make output vary
    tokenizer = jieba.Tokenizer()
    folder = usable_cache_dir()
    if folder is None:
        # what initialize() does, minus reading and writing a cache file
        with tokenizer.lock:
            tokenizer.FREQ, tokenizer.total = tokenizer.gen_pfdict(tokenizer.get_dict_file())
            tokenizer.initialized = True
    else:
        tokenizer.tmp_dir = str(folder)
        tokenizer.cache_file = "jieba.cache"
        tokenizer.initialize()
    for word in words:
        tokenizer.add_word(word, freq=DOMAIN_WORD_FREQ)
    return tokenizer


SEGMENTERS = ("jieba", "rjieba")
SEGMENTER_COLUMNS = (
    "default_jieba",
    "domain_dict_hmm_off",
    "domain_dict_hmm_on",
    "domain_tokenizer",
    "domain_tokenizer_rjieba",
)


class _RustJieba:
    """jieba-rs (through ``rjieba``) behind the two calls textlib makes of jieba."""

    def __init__(self, words: list[str]) -> None:
        import rjieba

        self._jieba = rjieba.Jieba()
        for word in words:
            self._jieba.add_word(word, DOMAIN_WORD_FREQ, None)

    def lcut(self, text: str, HMM: bool = False) -> list[str]:
        return self._jieba.cut(text, hmm=HMM)


def check_segmenter(segmenter: str) -> str:
    """``segmenter`` if textlib has that backend (and it is installed), else a named error."""
    if segmenter not in SEGMENTERS:
        raise StudyParameterError("segmenter", segmenter, " or ".join(map(repr, SEGMENTERS)))
    if segmenter == "rjieba" and importlib.util.find_spec("rjieba") is None:
        raise StudyParameterError(
            "segmenter", segmenter, "an installed backend: pip install rjieba"
        )
    return segmenter


@lru_cache(maxsize=1)
def default_jieba():
    """A private jieba tokenizer with jieba's default dictionary only (the audit's baseline)."""
    return _new_jieba()


@lru_cache(maxsize=1)
def domain_words() -> tuple[str, ...]:
    """Extra whole words for the domain tokenizer (``textlib/data/domain_words.txt``): stock
    phrases such as 新时代, 走深走实, 常态化长效化 that are not formulations to count."""
    lines = data_path("domain_words.txt").read_text(encoding="utf-8").splitlines()
    return tuple(w.strip() for w in lines if w.strip() and not w.lstrip().startswith("#"))


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """The Chinese stop-word list shipped in ``textlib/data/stopwords_zh.txt``."""
    lines = data_path("stopwords_zh.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


#: Characters segmented at once inside one unit (pieces end at a line break).
PIECE_CHARS = 200_000

_BACKENDS: dict[tuple[str, tuple[str, ...]], object] = {}


def _backend(segmenter: str, words: tuple[str, ...]):
    """The segmenter with ``words`` added, built once per process and word list: a worker
    process receiving batch after batch pays for loading the dictionary once."""
    key = (segmenter, words)
    if key not in _BACKENDS:
        if len(_BACKENDS) >= 4:
            _BACKENDS.pop(next(iter(_BACKENDS)))
        _BACKENDS[key] = _RustJieba(list(words)) if segmenter == "rjieba" else _new_jieba(words)
    return _BACKENDS[key]


class Vocabulary:
    """Token strings to int32 codes, growing as tokens come: ``words[code]`` is the token,
    ``lengths[code]`` its length and ``blank[code]`` whether it is only white space (such
    tokens are dropped). :meth:`encode` makes one C-level pass over a token list."""

    def __init__(self) -> None:
        self.index: defaultdict[str, int] = defaultdict()
        self.index.default_factory = self.index.__len__  # a new token gets the next code
        self.words: list[str] = []
        self._lengths = np.zeros(1024, dtype=np.int64)
        self._blank = np.zeros(1024, dtype=bool)

    @property
    def lengths(self) -> np.ndarray:
        return self._lengths[: len(self.words)]

    @property
    def blank(self) -> np.ndarray:
        return self._blank[: len(self.words)]

    def encode(self, tokens: list[str]) -> np.ndarray:
        """The codes of ``tokens`` (new tokens are added)."""
        codes = np.fromiter(map(self.index.__getitem__, tokens), dtype=np.int32, count=len(tokens))
        added = len(self.index) - len(self.words)
        if added:
            new = list(islice(reversed(self.index), added))[::-1]
            old, size = len(self.words), len(self.words) + added
            if size > len(self._lengths):
                capacity = max(size, 2 * len(self._lengths))
                self._lengths = np.resize(self._lengths, capacity)
                self._blank = np.resize(self._blank, capacity)
            self._lengths[old:size] = np.fromiter(map(len, new), dtype=np.int64, count=added)
            self._blank[old:size] = [w.isspace() for w in new]
            self.words.extend(new)
        return codes


class DomainTokenizer:
    """Lexicon-aware segmentation: lexicon matches whole, jieba (domain dictionary) in between."""

    def __init__(
        self, lexicon: pd.DataFrame | None = None, *, hmm: bool = False, segmenter: str = "jieba"
    ) -> None:
        self.lexicon = load_lexicon() if lexicon is None else lexicon
        self.hmm = hmm
        self.segmenter = check_segmenter(segmenter)
        self._matcher = None
        self._jieba = None

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state["_jieba"] = None  # jieba's tokenizer holds a lock; workers rebuild it lazily
        state["_matcher"] = None
        return state

    @property
    def jieba(self):
        """The private jieba tokenizer with every lexicon variant and every extra domain word
        (:func:`domain_words`) in its dictionary (lazy)."""
        if self._jieba is None:
            words = (*domain_words(), *self.lexicon["variant"])
            self._jieba = _backend(self.segmenter, words)
        return self._jieba

    def jieba_only(self, text: str, *, hmm: bool | None = None) -> list[str]:
        """Tokens of jieba with the domain dictionary but without protecting lexicon matches."""
        compact, _ = compact_view(text)
        use_hmm = self.hmm if hmm is None else hmm
        return [t for t in self.jieba.lcut(compact, HMM=use_hmm) if not t.isspace()]

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """``(start, end, token)`` with indices into ``text``; spaces and newlines are no tokens.

        jieba cuts the whole text once; lexicon matches then replace the tokens they overlap,
        and the few stretches left uncovered at their edges are cut again on their own.
        """
        starts, ends, tokens = self.span_arrays(text)
        return list(zip(starts.tolist(), ends.tolist(), tokens, strict=True))

    def span_arrays(self, text: str) -> tuple[np.ndarray, np.ndarray, list[str]]:
        """:meth:`spans` as two int64 arrays (starts, ends) and the list of tokens."""
        vocabulary = Vocabulary()
        starts, ends, codes = self.code_arrays(text, vocabulary)
        words = vocabulary.words
        return starts, ends, [words[c] for c in codes.tolist()]

    def code_arrays(
        self, text: str, vocabulary: Vocabulary
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Token starts and ends (int64 indices into ``text``) and int32 codes into
        ``vocabulary``, which grows with every new token.

        Vectorised: a jieba token is kept when no lexicon match covers any of its characters
        (prefix sums over a coverage mask), and only the stretches neither a kept token nor a
        match covers are cut again, one Python call each. Tokens become codes in one C-level
        pass; lengths and blankness are looked up per code, not computed per token.

        A long text is segmented in pieces of about :data:`PIECE_CHARS` characters cut at
        line breaks (which no token and no lexicon match crosses), so the working arrays
        stay bounded however long one unit is.
        """
        compact, index = compact_view(text)
        n = len(compact)
        if n == 0:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, np.zeros(0, dtype=np.int32)
        if self._matcher is None:
            self._matcher = matcher_for(self.lexicon)
        pieces = []
        start = 0
        while start < n:
            end = compact.find("\n", start + PIECE_CHARS) + 1 or n
            p_start, p_end, p_codes = self._code_piece(compact[start:end], vocabulary)
            pieces.append((p_start + start, p_end + start, p_codes))
            start = end
        if len(pieces) == 1:
            all_start, all_end, all_codes = pieces[0]
        else:
            starts, ends, codes = zip(*pieces, strict=True)
            all_start, all_end = np.concatenate(starts), np.concatenate(ends)
            all_codes = np.concatenate(codes)
        del pieces
        return index[all_start], index[all_end - 1] + 1, all_codes

    def _code_piece(
        self, compact: str, vocabulary: Vocabulary
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """:meth:`code_arrays` of a space-free text, indices into it.

        Matches are leftmost-longest, so disjoint and in order: a token overlaps one when the
        first match ending after the token's start begins before its end (a binary search per
        token, no per-character array). Kept tokens and matches are then disjoint; the gaps
        between them are the stretches cut again."""
        n = len(compact)
        cut, hmm = self.jieba.lcut, self.hmm
        codes = vocabulary.encode(cut(compact, HMM=hmm))
        lengths = vocabulary.lengths[codes]
        t_end = np.cumsum(lengths)
        t_start = t_end - lengths
        values = self._matcher.values
        found = [
            m for m in self._matcher.automaton.find_matches_as_indexes(compact) if values[m[0]]
        ]
        if not found:
            all_start, all_end, all_codes = t_start, t_end, codes
        else:
            spans_m = np.array(found, dtype=np.int64)
            m_start, m_end = spans_m[:, 1], spans_m[:, 2]
            after = np.searchsorted(m_end, t_start, side="right")
            overlaps = after < len(m_end)
            overlaps[overlaps] = m_start[after[overlaps]] < t_end[overlaps]
            keep = ~overlaps
            k_start, k_end, k_codes = t_start[keep], t_end[keep], codes[keep]
            m_codes = vocabulary.encode([values[k][0] for k, _, _ in found])
            all_start = np.concatenate((k_start, m_start))
            all_end = np.concatenate((k_end, m_end))
            all_codes = np.concatenate((k_codes, m_codes))
            order = np.argsort(all_start, kind="stable")
            all_start, all_end, all_codes = all_start[order], all_end[order], all_codes[order]
            gap_start = np.concatenate(([0], all_end))
            gap_end = np.concatenate((all_start, [n]))
            open_gaps = np.flatnonzero(gap_end > gap_start)
            if len(open_gaps):
                r_start: list[int] = []
                r_tokens: list[str] = []
                for a, b in zip(
                    gap_start[open_gaps].tolist(), gap_end[open_gaps].tolist(), strict=True
                ):
                    for token in cut(compact[a:b], HMM=hmm):
                        r_start.append(a)
                        r_tokens.append(token)
                        a += len(token)
                r_codes = vocabulary.encode(r_tokens)
                r_starts = np.asarray(r_start, dtype=np.int64)
                all_start = np.concatenate((all_start, r_starts))
                all_end = np.concatenate((all_end, r_starts + vocabulary.lengths[r_codes]))
                all_codes = np.concatenate((all_codes, r_codes))
                order = np.argsort(all_start, kind="stable")
                all_start, all_end, all_codes = all_start[order], all_end[order], all_codes[order]
        solid = ~vocabulary.blank[all_codes]
        if not solid.all():
            all_start, all_end, all_codes = all_start[solid], all_end[solid], all_codes[solid]
        return all_start, all_end, all_codes

    def tokenize(self, text: str) -> list[str]:
        """Tokens of ``text`` (spaces inside the text ignored)."""
        return [token for _, _, token in self.spans(text)]


def default_tokenizer(hmm: bool = False, segmenter: str = "jieba") -> DomainTokenizer:
    """The domain tokenizer over the bundled lexicon (built once per HMM setting)."""
    return _default_tokenizer(bool(hmm), check_segmenter(segmenter))


@lru_cache(maxsize=4)
def _default_tokenizer(hmm: bool, segmenter: str) -> DomainTokenizer:
    return DomainTokenizer(hmm=hmm, segmenter=segmenter)


def tokenizer_for(
    corpus: Corpus, *, hmm: bool = False, segmenter: str = "jieba"
) -> DomainTokenizer:
    """The domain tokenizer of a corpus's default lexicon: the bundled one, or the bundled one
    plus the corpus's overlay (a new tokenizer each call then: a Study builds its own once)."""
    if corpus.overlay_lexicon is None:
        return default_tokenizer(hmm, segmenter)
    return DomainTokenizer(lexicon_for(corpus), hmm=hmm, segmenter=segmenter)


def tokenize(text: str, *, hmm: bool = False, segmenter: str = "jieba") -> list[str]:
    """Segment ``text`` with the domain tokenizer over the bundled lexicon (``segmenter``
    ``"jieba"`` or ``"rjieba"``, jieba-rs: the same dictionary and protection, faster)."""
    return default_tokenizer(hmm, segmenter).tokenize(text)


def is_content_token(token: str, stop: frozenset[str] | None = None) -> bool:
    """A token worth counting: not a stop-word, not punctuation, digits or a placeholder,
    and at least two characters long."""
    if stop is None or stop is stopwords():
        return _is_content_default(token)
    return _is_content(token, stop)


@lru_cache(maxsize=200_000)
def _is_content_default(token: str) -> bool:
    return _is_content(token, stopwords())


def _is_content(token: str, stop: frozenset[str]) -> bool:
    if len(token) < 2 or token in stop:
        return False
    if P.PLACEHOLDER.fullmatch(token) or token.replace(".", "").isdigit():
        return False
    return any(P.is_han(ch) for ch in token)


def token_batch(
    batch: list[tuple[str, str]], tokenizer: DomainTokenizer | None
) -> list[tuple[np.ndarray, np.ndarray, list[str]]]:
    """Per item: token start and end indices (arrays) and the tokens."""
    tokenizer = tokenizer or default_tokenizer()
    return [tokenizer.span_arrays(text) for _, text in batch]


def token_code_batch(
    batch: list[tuple[str, str]], tokenizer: DomainTokenizer | None
) -> list[tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]]:
    """Per item: token start and end indices, and int32 codes into the batch's word list
    (the same list object for every item of the batch, so it travels back from a worker
    once)."""
    tokenizer = tokenizer or default_tokenizer()
    vocabulary = Vocabulary()
    coded = [tokenizer.code_arrays(text, vocabulary) for _, text in batch]
    return [(starts, ends, codes, vocabulary.words) for starts, ends, codes in coded]


def unit_tokens(
    corpus: Corpus,
    tokenizer: DomainTokenizer | None = None,
    *,
    n_jobs: int = 1,
    progress: bool | None = None,
) -> pd.DataFrame:
    """One row per token of each most specific unit: ``plan``, ``unit_id``, ``token``,
    ``start``/``end`` (indices in the repaired text), ``line`` and ``content`` (see
    :func:`is_content_token`).

    Built in bounded memory: each unit's tokens become int32 codes into one vocabulary as
    soon as they come back, so no Python string reference per token is kept; the ``token``
    column is the vocabulary taken by those codes (an Arrow string column)."""
    stop = stopwords()
    tokenizer = tokenizer or tokenizer_for(corpus)
    leaves = corpus.leaf_ids
    items = [(u, corpus.tracked(u).text) for u in leaves]
    results = iter_batches(
        token_code_batch, items, tokenizer, n_jobs=n_jobs, progress=progress, desc="tokens"
    )
    vocabulary = Vocabulary()
    batch_words, remap = None, np.zeros(0, dtype=np.int32)
    sizes, codes, starts, ends, lines = [], [], [], [], []
    for unit_id, (unit_starts, unit_ends, unit_codes_, words_) in zip(leaves, results, strict=True):
        if words_ is not batch_words:  # a new batch: its own words, coded once here
            batch_words, remap = words_, vocabulary.encode(words_)
        sizes.append(len(unit_codes_))
        codes.append(remap[unit_codes_])
        starts.append(unit_starts)
        ends.append(unit_ends)
        lines.append(corpus.lines_at(unit_id, unit_starts))
    del results, batch_words, remap

    def joined(parts: list[np.ndarray], dtype) -> np.ndarray:
        if not parts:
            return np.zeros(0, dtype=dtype)
        return np.concatenate(parts).astype(dtype, copy=False)

    token_codes = joined(codes, np.int32)
    del codes
    words = vocabulary.words
    unit_codes = np.repeat(np.arange(len(leaves), dtype=np.int32), sizes)
    plan_ids = [corpus.plan_of(u) for u in leaves]
    plan_categories = list(dict.fromkeys(plan_ids))
    plan_index = {p: k for k, p in enumerate(plan_categories)}
    plan_codes = np.array([plan_index[p] for p in plan_ids], dtype=np.int32)
    content = np.array([is_content_token(t, stop) for t in words], dtype=bool)
    table = pd.DataFrame(
        {
            "plan": pd.Categorical.from_codes(plan_codes[unit_codes], categories=plan_categories),
            "unit_id": pd.Categorical.from_codes(unit_codes, categories=leaves),
            "token": pd.array(words, dtype="str").take(token_codes),
            "start": joined(starts, np.int64),
            "end": joined(ends, np.int64),
            "line": joined(lines, np.int64),
            "content": content[token_codes],
            "segmenter": pd.Categorical.from_codes(
                np.zeros(len(token_codes), dtype=np.int8), categories=[tokenizer.segmenter]
            ),
        },
        copy=False,  # the arrays are new: no copy, no consolidation into one block
    )
    return corpus.annotate(table)


def segmentation_audit(corpus: Corpus, lexicon: pd.DataFrame | None = None) -> pd.DataFrame:
    """For each formulation: its lexicon count, and how many occurrences each segmenter
    returns as a single token (a token equal to one of its variants).

    Columns: ``lexicon_count``; ``default_jieba`` (jieba's own dictionary, HMM on, as most
    notebooks use it); ``domain_dict_hmm_off`` / ``domain_dict_hmm_on`` (jieba with the
    lexicon in its dictionary, nothing protected); ``domain_tokenizer`` (what textlib uses);
    ``domain_tokenizer_rjieba`` (the same on the jieba-rs backend, when rjieba is installed);
    and a ``*_agrees`` flag for each segmenter. Rows are sorted by lexicon count.
    """
    tokenizer = DomainTokenizer(lexicon) if lexicon is not None else tokenizer_for(corpus)
    lexicon = tokenizer.lexicon
    variant_of = dict(zip(lexicon["variant"], lexicon["formulation"], strict=True))
    base = default_jieba()
    segmenters = {
        "default_jieba": lambda t: [w for w in base.lcut(compact_view(t)[0], HMM=True)],
        "domain_dict_hmm_off": lambda t: tokenizer.jieba_only(t, hmm=False),
        "domain_dict_hmm_on": lambda t: tokenizer.jieba_only(t, hmm=True),
        "domain_tokenizer": tokenizer.tokenize,
    }
    if importlib.util.find_spec("rjieba") is not None:
        fast = DomainTokenizer(tokenizer.lexicon, hmm=tokenizer.hmm, segmenter="rjieba")
        segmenters["domain_tokenizer_rjieba"] = fast.tokenize
    texts = [corpus.tracked(u).text for u in corpus.leaf_ids]
    table = (
        count_formulations(corpus, lexicon)
        .groupby("formulation", sort=False)["count"]
        .sum()
        .rename("lexicon_count")
        .to_frame()
    )
    for name, segment in segmenters.items():
        found = pd.Series(
            [variant_of[tok] for text in texts for tok in segment(text) if tok in variant_of],
            dtype=object,
        ).value_counts()
        table[name] = found.reindex(table.index, fill_value=0).astype(int)
    for name in segmenters:
        table[f"{name}_agrees"] = table[name] == table["lexicon_count"]
    gloss = lexicon.groupby("formulation", sort=False)["gloss"].first()
    table.insert(0, "gloss", gloss.reindex(table.index))
    return table.sort_values("lexicon_count", ascending=False, kind="stable")


def audit_headline(audit: pd.DataFrame) -> pd.DataFrame:
    """Per segmenter: occurrences kept as single tokens, out of the lexicon count, and the
    number of formulations (that occur) on which it agrees with the lexicon."""
    present = audit[audit["lexicon_count"] > 0]
    total = int(present["lexicon_count"].sum())
    rows = []
    names = [n for n in SEGMENTER_COLUMNS if n in audit.columns]
    for name in names:
        whole = int(present[[name, "lexicon_count"]].min(axis=1).sum())
        rows.append(
            {
                "segmenter": name,
                "occurrences_whole": whole,
                "occurrences": total,
                "share_whole": whole / total if total else float("nan"),
                "formulations_agreeing": int(present[f"{name}_agrees"].sum()),
                "formulations": len(present),
            }
        )
    return pd.DataFrame(rows).set_index("segmenter")
