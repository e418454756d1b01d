"""The batch path in bounded memory: a folder of documents to Parquet tables, chunk by chunk.

:func:`read_directory` keeps every unit's text, offset map and tables in memory: right for a
study, too much for hundreds of thousands of documents. :func:`stream_directory` runs the
same stages (read → repair → count → tokenize → outline, the same functions, so the same
numbers) on chunks of files and appends each chunk's tables to Parquet files, so its peak
memory is a constant (libraries, the segmenter's dictionary) plus one chunk, or the largest
file when that is bigger. Every file is read twice: once to find problems and corpus-level
boilerplate (lines are counted by a 64-bit hash, not kept), once to analyse it. Chunks run
here, in ``n_jobs`` local processes or on a Dask cluster (``client=``).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa

from textlib.atomic import prepare_folder
from textlib.batch import map_batches
from textlib.checks import path_arg
from textlib.errors import OutputError, SourceReadError, StudyParameterError
from textlib.formulations.counting import count_formulations
from textlib.lexicon.loading import check_lexicon_table
from textlib.load.boilerplate import MIN_SHARE, MIN_UNITS
from textlib.load.readers import check_read_options
from textlib.load.sources import (
    TABLE_SUFFIXES,
    Candidate,
    UnitRead,
    check_table_options,
    corpus_of_files,
    files_read,
    folder_metadata,
    list_folder,
    load_report,
    note_dropped_lines,
    read_file,
    repair_steps,
    text_digest,
)
from textlib.repairs.steps import DropPassages, RepairStep
from textlib.stream.cluster import check_workers, first_pass_on_cluster, run_on_cluster
from textlib.stream.sources import (
    TableSource,
    chunk_units,
    first_pass_batch,
    folder_chunks,
    outside,
)
from textlib.stream.writers import (
    JOURNAL,
    STREAM_FILES,
    STREAM_TABLES,
    FolderLock,
    TableWriters,
    complete_commit,
    remove_stale_files,
)
from textlib.structure.headings import outline
from textlib.text import patterns as P
from textlib.tokens.segmentation import (
    DomainTokenizer,
    check_segmenter,
    default_tokenizer,
    unit_tokens,
)

#: The reason a file gets in the load report when its text changed between the two passes.
CHANGED = "changed while it was streamed: its text differs between the two readings"


@dataclass(frozen=True)
class StreamedCorpus:
    """What :func:`stream_directory` wrote: Parquet tables in ``out`` and the load report.

    Read a table whole (``table("counts")``) or in part: ``columns`` and pyarrow
    ``filters`` (``[("unit_id", "in", ["a", "b"])]``) are passed to ``pandas.read_parquet``,
    so a token table larger than memory can still be queried."""

    out: Path
    load_report: pd.DataFrame
    segmenter: str

    def path(self, table: str) -> Path:
        """The Parquet file of ``table`` (one of :data:`STREAM_TABLES`)."""
        if table not in STREAM_TABLES:
            raise StudyParameterError("table", table, " or ".join(map(repr, STREAM_TABLES)))
        return self.out / f"{table}.parquet"

    def table(
        self, table: str, *, columns: Sequence[str] | None = None, filters=None
    ) -> pd.DataFrame:
        """``table`` read from its Parquet file (all of it, or ``columns`` / ``filters``).
        A commit that was interrupted while moving the tables into place is finished first,
        so the tables read are always of one run."""
        path = self.path(table)
        if (self.out / JOURNAL).exists():
            complete_commit(self.out)
        return pd.read_parquet(path, columns=list(columns) if columns else None, filters=filters)


def stream_directory(
    path: Path | str,
    out: Path | str,
    *,
    lexicon: pd.DataFrame | None = None,
    segmenter: str = "jieba",
    hmm: bool = False,
    chunk_chars: int = 1_000_000,
    n_jobs: int = 1,
    client: Any = None,
    recursive: bool = True,
    pattern: str | None = None,
    encoding: str = "auto",
    errors: str = "raise",
    metadata: pd.DataFrame | Path | str | None = None,
    repair: RepairStep | Sequence[RepairStep] | None = None,
    simplify: bool = True,
    drop_boilerplate: bool = True,
    id_column: str = "id",
    text_column: str = "text",
) -> StreamedCorpus:
    """Read a folder of documents, one document or a CSV/Parquet table (one unit per row,
    ``id_column`` and ``text_column``; read a few thousand rows at a time, never whole) like
    :func:`textlib.read_directory` and write its tables to ``out`` in bounded memory:
    ``units.parquet`` (one row per file or row: title, source, encoding, format, script,
    characters, Han characters, tokens, metadata),
    ``counts.parquet`` (:func:`textlib.count_formulations`), ``tokens.parquet``
    (:func:`textlib.unit_tokens`, with the ``segmenter``), ``outline.parquet``
    (:func:`textlib.outline`) and ``load_report.csv`` (every file seen, read or skipped and
    why).

    Files are processed in chunks of about ``chunk_chars`` characters (a larger file is a
    chunk of its own) and of at most :func:`chunk_units` units (so that a chunk of many short
    documents does not hold millions of count rows); ``n_jobs`` workers each take whole
    chunks and are sent file names, not texts (a table's rows travel with their texts).
    ``client``: a ``dask.distributed.Client``; both passes then run on its cluster instead
    (``n_jobs`` is not used), whose workers must see the files at the same paths.
    Options as for :func:`textlib.read_directory` and :class:`textlib.Study`.

    The tables are written to temporary files and moved into place together only when every
    chunk succeeded, so an error (a full disk included) never leaves a half-written table,
    replaces a good one or leaves tables of two runs. A file whose text changes between the
    two passes is an error (``errors="raise"``) or skipped and reported (``"skip"``).
    """
    path, out = path_arg("path", path), path_arg("out", out)
    check_read_options(
        encoding=encoding,
        errors=errors,
        id_column=id_column,
        text_column=text_column,
        simplify=simplify,
        drop_boilerplate=drop_boilerplate,
    )
    if not isinstance(chunk_chars, int) or chunk_chars < 1:
        raise StudyParameterError("chunk_chars", chunk_chars, "a positive number of characters")
    check_segmenter(segmenter)
    if not isinstance(n_jobs, int) or isinstance(n_jobs, bool) or n_jobs == 0:
        raise StudyParameterError("n_jobs", n_jobs, "a number of workers (1, 2, …; -1 = all cores)")
    if client is not None and not callable(getattr(client, "submit", None)):
        raise StudyParameterError("client", client, "a dask.distributed.Client or None")
    folder = Path(path)
    _check_output(folder, Path(out))
    if client is not None:
        check_workers(client)
    table: TableSource | None = None
    digests: dict[str, str] = {}
    if folder.is_file() and folder.suffix.lower() in TABLE_SUFFIXES:
        check_table_options(metadata=metadata, pattern=pattern)
        table = TableSource(folder, id_column, text_column, encoding)
        name, missing, meta_table = folder.name, [], None
        seen, line_units = table.first_pass()
    else:
        listing = list_folder(folder, recursive=recursive, pattern=pattern, metadata=metadata)
        name = listing.name
        entries = [outside(entry, Path(out).resolve()) for entry in listing.entries]
        seen, line_units, digests = _first_pass(entries, encoding, n_jobs, client)
    read = files_read(folder, seen, pattern=pattern, errors=errors)
    if table is None:
        meta_table, missing = folder_metadata(listing, metadata, read)
    steps = repair_steps(repair, simplify=simplify)
    if drop_boilerplate and len(read) >= MIN_UNITS:
        need = max(MIN_UNITS, MIN_SHARE * len(read))
        hashes = [h for h, n in line_units.items() if n >= need]
        if hashes:
            steps = (DropPassages(hashes, hashed=True), *steps)
    del line_units
    if lexicon is None:
        tokenizer = default_tokenizer(hmm, segmenter)
        lexicon = tokenizer.lexicon
    else:
        lexicon = check_lexicon_table(lexicon)
        tokenizer = DomainTokenizer(lexicon, hmm=hmm, segmenter=segmenter)
    context = (name, steps, lexicon, tokenizer, encoding)
    out = prepare_folder(out, stale_min_age=math.inf)  # stale temp files: under the lock
    for target in STREAM_FILES:
        if (out / target).is_dir():  # found now, not after some tables were replaced
            raise OutputError(out / target, "is a folder, not a file")
    with FolderLock(out):
        complete_commit(out)  # one an interrupted run decided but did not finish
        remove_stale_files(out)
        first = FirstPass(seen, read, missing, meta_table, digests, table)
        report = _second_pass(out, first, context, errors, chunk_chars, n_jobs, client)
    return StreamedCorpus(out, report, segmenter)


def _check_output(folder: Path, out: Path) -> None:
    """An output folder that would mix the tables with the documents, or overwrite the
    input, is refused before any work."""
    if not folder.exists():
        return  # the readers name a missing input
    source, target = folder.resolve(), out.resolve()
    if folder.is_dir() and source.is_relative_to(target):
        what = "is the input folder" if source == target else "holds the input folder"
        raise OutputError(
            out,
            f"{what}: the tables would be written among the documents; choose an "
            "output folder outside it (a subfolder of the input is fine)",
        )
    if folder.is_file() and source.parent == target and source.name in STREAM_FILES:
        raise OutputError(folder, "is a file this run writes; choose another output folder")


@dataclass
class FirstPass:
    """What the first pass found: every file or row seen, those read (their texts let go),
    manifest rows matching no file, the metadata, each text's digest, and the table source
    when the input is a table."""

    seen: list[UnitRead]
    read: list[UnitRead]
    missing: list[tuple]
    meta_table: pd.DataFrame | None
    digests: dict[str, str]
    table: TableSource | None


def _second_pass(
    out: Path,
    first: FirstPass,
    context: tuple,
    errors: str,
    chunk_chars: int,
    n_jobs: int,
    client: Any,
) -> pd.DataFrame:
    """The second pass: every chunk's tables appended to the writers, then one commit."""
    writers = TableWriters(out)
    dropped: dict[str, int] = {}
    changed: dict[str, str] = {}
    try:
        read, table = first.read, first.table
        max_units = chunk_units(len(context[2]))
        if table is None:
            chunks = folder_chunks(read, first.digests, first.meta_table, chunk_chars, max_units)
        else:
            chunks = table.chunks(read, chunk_chars, max_units)
        for tables in _run_chunks(chunks, context, n_jobs, client):
            dropped.update(tables.pop("dropped"))
            for unit_id, reason in tables.pop("changed"):
                changed[unit_id] = reason
            if errors == "raise" and changed:
                break
            for table_name, arrow in tables.items():
                writers.write(table_name, arrow)
        if table is not None:
            changed.update({s.unit_id: "no longer in the table" for s in table.vanished})
        _changed_files(read, changed, errors)
        note_dropped_lines([s for s in read if s.status == "read"], dropped)
        report = load_report(first.seen, first.missing)
        writers.commit(report)
    except BaseException:
        writers.abandon()
        raise
    return report


def _changed_files(read: list[UnitRead], changed: dict[str, str], errors: str) -> None:
    """Files that changed between the two passes: the error of the first one
    (``errors="raise"``), or each skipped with its reason."""
    for item in read:
        if item.unit_id not in changed:
            continue
        reason = f"{CHANGED} ({changed[item.unit_id]})" if changed[item.unit_id] else CHANGED
        if errors == "raise":
            raise SourceReadError(item.path, f"{reason}; nothing was written")
        item.status, item.reason = "skipped", reason


def _first_pass(
    entries: list, encoding: str, n_jobs: int, client
) -> tuple[list[UnitRead], Counter, dict[str, str]]:
    """Read every candidate once (``n_jobs`` workers, or the cluster of ``client``): its
    status, in how many units each long line occurs (by hash), and the digest of its text.
    Texts are let go at once."""
    todo = [entry for entry in entries if isinstance(entry, Candidate)]
    if client is not None:
        results = first_pass_on_cluster(first_pass_batch, todo, encoding, client)
    else:
        results = map_batches(first_pass_batch, todo, encoding, n_jobs=n_jobs, desc="first pass")
    done = iter(results)
    seen: list[UnitRead] = []
    line_units: Counter = Counter()
    digests: dict[str, str] = {}
    for entry in entries:
        if not isinstance(entry, Candidate):
            seen.append(entry)
            continue
        item, hashes, digest = next(done)
        line_units.update(hashes)
        if digest is not None:
            digests[item.unit_id] = digest
        seen.append(item)
    return seen, line_units, digests


def _run_chunks(chunks: Iterable[tuple], context: tuple, n_jobs: int, client) -> Iterator[dict]:
    """Each chunk's tables, in order; chunks are taken from ``chunks`` as workers free up
    (a table's chunks carry their texts, so they are never all held)."""
    if client is not None:
        yield from run_on_cluster(process_chunk, chunks, context, client)
        return
    if n_jobs == 1:
        for chunk, meta, digests in chunks:
            yield process_chunk(chunk, meta, context, digests)
        return
    from joblib import Parallel, delayed

    runner = Parallel(n_jobs=n_jobs, return_as="generator", pre_dispatch="2*n_jobs")
    yield from runner(
        delayed(process_chunk)(chunk, meta, context, digests) for chunk, meta, digests in chunks
    )


def process_chunk(
    chunk: list[UnitRead],
    meta: pd.DataFrame | None,
    context: tuple,
    digests: Sequence[str] = (),
) -> dict:
    """Read, repair, count, tokenize and outline one chunk of files (in a worker or here):
    Arrow tables, the boilerplate lines dropped per unit, and the units whose text is not
    the first pass's (``digests``), left out of the tables."""
    name, steps, lexicon, tokenizer, encoding = context
    fresh, changed = [], []
    for k, item in enumerate(chunk):
        if item.source is not None:  # a table row: its text came with it
            again = item
        else:
            candidate = Candidate(item.path, item.rel, item.unit_id, item.format)
            again = read_file(candidate, encoding=encoding)
        if again.status != "read":  # emptied, removed or spoilt since the first pass
            changed.append((item.unit_id, again.reason))
        elif digests and text_digest(again) != digests[k]:
            changed.append((item.unit_id, ""))
        else:
            fresh.append(again)
    if not fresh:
        return {"dropped": {}, "changed": changed}
    if meta is not None:
        meta = meta[meta.index.isin([s.unit_id for s in fresh])]
    corpus = corpus_of_files(fresh, name, steps=steps, metadata=meta)
    del fresh
    tokens = unit_tokens(corpus, tokenizer)
    units = corpus.units.drop(columns=["raw", "text", "parent", "header"])
    units.insert(0, "unit_id", units.index)
    units["chars"] = [len(t) for t in corpus.units["text"]]
    units["han_chars"] = [P.count_han(t) for t in corpus.units["text"]]
    units["tokens"] = tokens["unit_id"].value_counts(sort=False).reindex(units.index).to_numpy()
    units["source"] = units["source"].astype(str)
    dropped = {
        u: n
        for u in corpus.leaf_ids
        if (n := sum(e.kind == "boilerplate" for e in corpus.tracked(u).events))
    }
    tables = {
        "units": units.reset_index(drop=True),
        "counts": count_formulations(corpus, lexicon),
        "tokens": tokens,
        "outline": outline(corpus),
    }
    # Arrow tables travel back from a worker as buffers, and the conversion is done here,
    # in parallel, rather than in the process that writes
    return {
        "dropped": dropped,
        "changed": changed,
        **{key: pa.Table.from_pandas(_plain(t), preserve_index=False) for key, t in tables.items()},
    }


def _plain(table: pd.DataFrame) -> pd.DataFrame:
    """Categorical columns of numbers (metadata such as a year, mapped through a categorical
    ``unit_id``) as plain numbers: a chunk's categories are its own, and only text
    categories can share one dictionary type across chunks."""
    numeric = {
        c: table[c].astype(object).astype("float64" if table[c].isna().any() else dtype)
        for c in table.columns
        if isinstance(table[c].dtype, pd.CategoricalDtype)
        and pd.api.types.is_numeric_dtype(dtype := table[c].cat.categories.dtype)
    }
    return table.assign(**numeric) if numeric else table
