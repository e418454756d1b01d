"""The batch path in bounded memory: a folder of documents to Parquet tables, chunk by chunk.

:func:`read_directory` keeps every unit's text, offset map and tables in memory: right for a
study, too much for hundreds of thousands of documents. :func:`stream_directory` runs the
same stages (read → repair → count → tokenize → outline, the same functions, so the same
numbers) on chunks of files and appends each chunk's tables to Parquet files, so its peak
memory is a constant (libraries, the segmenter's dictionary) plus one chunk, or the largest
file when that is bigger. Every file is read twice: once to find problems and corpus-level
boilerplate (lines are counted by a 64-bit hash, not kept), once to analyse it.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from textlib.atomic import (
    TEMP_PREFIX,
    TEMP_SUFFIX,
    new_file_mode,
    prepare_folder,
    write_csv_atomic,
)
from textlib.batch import map_batches
from textlib.checks import path_arg
from textlib.errors import OutputError, StudyParameterError, TableFormatError
from textlib.formulations.counting import count_formulations
from textlib.lexicon.loading import check_lexicon_table
from textlib.load.boilerplate import MIN_CHARS, MIN_SHARE, MIN_UNITS
from textlib.load.readers import (
    TABLE_SUFFIXES,
    _metadata,
    _pipeline,
    _read_unit,
    _report,
    _row_unit,
    _Seen,
    check_read_options,
    check_table_options,
    corpus_of_files,
    files_read,
    note_dropped_lines,
    scan_directory,
)
from textlib.load.tables import (
    cell_kinds,
    duplicates_shown,
    first_rows,
    iter_table,
    kind_of,
    text_kinds,
    typed_metadata,
    unified_dtype,
)
from textlib.repairs.steps import DropPassages, RepairStep, passage_hash, passage_key
from textlib.structure.headings import outline
from textlib.text import patterns as P
from textlib.tokens.segmentation import (
    DomainTokenizer,
    check_segmenter,
    default_tokenizer,
    unit_tokens,
)

#: The Parquet tables :func:`stream_directory` writes (``<name>.parquet`` in ``out``).
STREAM_TABLES = ("units", "counts", "tokens", "outline")


@dataclass(frozen=True)
class StreamedCorpus:
    """What :func:`stream_directory` wrote: Parquet tables in ``out`` and the load report.

    Read a table whole (``tables("counts")``) or in part: ``columns`` and pyarrow
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
        """``table`` read from its Parquet file (all of it, or ``columns`` / ``filters``)."""
        return pd.read_parquet(
            self.path(table), columns=list(columns) if columns else None, filters=filters
        )


def stream_directory(
    path: Path | str,
    out: Path | str,
    *,
    lexicon: pd.DataFrame | None = None,
    segmenter: str = "jieba",
    hmm: bool = False,
    chunk_chars: int = 1_000_000,
    n_jobs: int = 1,
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
    Options as for :func:`textlib.read_directory` and :class:`textlib.Study`.
    Each table is written to a temporary file and moved into place only when every chunk
    succeeded, so an error never leaves a half-written table or replaces a good one.
    """
    folder, out = path_arg("path", path), path_arg("out", out)
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
    table: _TableSource | None = None
    if folder.is_file() and folder.suffix.lower() in TABLE_SUFFIXES:
        check_table_options(metadata=metadata, pattern=pattern)
        table = _TableSource(folder, id_column, text_column, encoding)
        name, missing, meta_table = folder.name, [], None
        seen, line_units = table.first_pass()
    else:
        root, name, manifest_path, scanned = scan_directory(
            folder, recursive=recursive, pattern=pattern, metadata=metadata
        )
        scanned = [_outside(item, Path(out).resolve()) for item in scanned]
        seen, line_units = _first_pass(scanned, encoding, n_jobs)
    read = files_read(folder, seen, pattern=pattern, errors=errors)
    if table is None:
        meta_table, missing = _metadata(root, metadata, manifest_path, read)
    steps = _pipeline(repair, simplify)
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
    out = prepare_folder(out, stale_min_age=3600)  # spare the temp files of a running run
    for target in [*(f"{t}.parquet" for t in STREAM_TABLES), "load_report.csv"]:
        if (out / target).is_dir():  # found now, not after some tables were replaced
            raise OutputError(out / target, "is a folder, not a file")
    writers = _Writers(out)
    dropped: dict[str, int] = {}
    try:
        max_units = chunk_units(len(lexicon))
        if table is None:
            chunks = (
                (chunk, _metadata_of(meta_table, chunk))
                for chunk in _chunks(read, chunk_chars, max_units)
            )
        else:
            chunks = table.chunks({s.unit_id for s in read}, chunk_chars, max_units)
        for tables in _run_chunks(chunks, context, n_jobs):
            for unit_id, n in tables.pop("dropped").items():
                dropped[unit_id] = n
            for table_name, table in tables.items():
                writers.write(table_name, table)
        note_dropped_lines(read, dropped)
        report = _report(seen, missing)
        writers.finish(report)
    except BaseException:
        writers.abandon()
        raise
    return StreamedCorpus(out, report, segmenter)


#: Rows a table is read in (each pass); a chunk of the second pass holds ``chunk_chars``.
TABLE_ROWS = 2000


class _TableSource:
    """A CSV or Parquet table read twice, :data:`TABLE_ROWS` rows at a time: a first pass
    that checks ids and rows, hashes long lines (boilerplate) and learns each metadata
    column's type over the whole table, and a second pass that yields chunks of rows with
    their texts and metadata of those types, as :func:`textlib.read_table` would type them."""

    def __init__(self, path: Path, id_column: str, text_column: str, encoding: str) -> None:
        self.path = path
        self.id_column, self.text_column = id_column.strip(), text_column.strip()
        self.encoding = encoding
        self.kind = "parquet" if path.suffix.lower() == ".parquet" else "csv"
        self.dtypes: dict[str, str] = {}  # Parquet: the type of columns whose batches differ
        self.text_kinds: dict[str, str] = {}  # CSV: each metadata column's kind (all text)

    def _frames(self, **options) -> tuple[str, Iterator[pd.DataFrame]]:
        return iter_table(
            self.path,
            id_column=self.id_column,
            text_column=self.text_column,
            encoding=self.encoding,
            rows=TABLE_ROWS,
            **options,
        )

    def first_pass(self) -> tuple[list[_Seen], Counter]:
        used, frames = self._frames(check_quoting=True)
        seen: list[_Seen] = []
        line_units: Counter = Counter()
        blank_rows: list[int] = []
        first_row: dict[str, int] = {}
        duplicates: dict[str, list[int]] = {}
        kinds: dict[str, set[str]] = {}
        dtypes: dict[str, set[str]] = {}
        row = 0
        for frame in frames:
            for column in frame.columns.drop([self.id_column, self.text_column]):
                if self.kind == "csv":  # cells are text: kinds as read_table finds them
                    kinds.setdefault(column, set()).update(text_kinds(frame[column]))
                    continue
                found = cell_kinds(frame[column])
                if "list" in found:
                    raise TableFormatError(
                        self.path, f"column {column!r} holds lists; a metadata cell holds one value"
                    )
                kinds.setdefault(column, set()).update(found)
                dtypes.setdefault(column, set()).add(str(frame[column].dtype))
            for unit_id, text in zip(frame[self.id_column], frame[self.text_column], strict=True):
                row += 1
                if pd.isna(unit_id) or not str(unit_id).strip():
                    blank_rows.append(row)
                    continue
                unit_id = str(unit_id).strip()
                if unit_id in first_row:
                    duplicates.setdefault(unit_id, [first_row[unit_id]]).append(row)
                    continue
                first_row[unit_id] = row
                item = _row_unit(self.path, unit_id, text, self.kind, used)
                if item.status == "read":
                    line_units.update(_long_line_hashes(item))
                    item.source = None
                seen.append(item)
        if blank_rows:
            shown = first_rows(blank_rows)
            raise TableFormatError(self.path, f"empty {self.id_column!r} in data row(s) {shown}")
        if duplicates:
            raise TableFormatError(self.path, f"duplicate ids: {duplicates_shown(duplicates)}")
        if self.kind == "csv":
            self.text_kinds = {column: kind_of(found) for column, found in kinds.items()}
        else:
            unified = {c: unified_dtype(kinds[c], dtypes[c]) for c in kinds}
            self.dtypes = {c: dtype for c, dtype in unified.items() if dtype is not None}
        return seen, line_units

    def chunks(
        self, keep: set[str], chunk_chars: int, max_units: int
    ) -> Iterator[tuple[list[_Seen], pd.DataFrame | None]]:
        """Chunks of the rows in ``keep`` (about ``chunk_chars`` characters) with their texts,
        and their metadata typed as over the whole table."""
        used, frames = self._frames()
        chunk: list[_Seen] = []
        metas: list[pd.DataFrame] = []
        size = 0
        for frame in frames:
            ids = frame[self.id_column].astype(str).str.strip()
            meta = frame.drop(columns=[self.id_column, self.text_column]).set_index(ids)
            meta.index.name = "unit_id"
            meta = typed_metadata(meta, self.text_kinds)
            for column, dtype in self.dtypes.items():
                meta[column] = meta[column].astype(dtype)
            taken = []
            for unit_id, text in zip(ids, frame[self.text_column], strict=True):
                if unit_id not in keep:
                    continue
                item = _row_unit(self.path, unit_id, text, self.kind, used)
                if _full(chunk, size, item.chars or 0, chunk_chars, max_units):
                    metas.append(meta.loc[taken])
                    yield chunk, _joined(metas)
                    chunk, metas, size, taken = [], [], 0, []
                chunk.append(item)
                taken.append(unit_id)
                size += item.chars or 0
            if taken:
                metas.append(meta.loc[taken])
        if chunk:
            yield chunk, _joined(metas)


def _joined(metas: list[pd.DataFrame]) -> pd.DataFrame | None:
    meta = pd.concat(metas) if len(metas) > 1 else metas[0]
    return meta if len(meta.columns) else None


def _long_line_hashes(item: _Seen) -> set[int]:
    """Hashes of the long lines of a unit read (the boilerplate candidates)."""
    first, last = item.bounds
    keys = (passage_key(line) for line in item.source.lines[first - 1 : last])
    return {passage_hash(k) for k in keys if len(k) >= MIN_CHARS}


def _outside(item, out: Path):
    """A scanned candidate, or a skipped one when it lies in the output folder (a previous
    run's tables are no documents)."""
    path, rel = (item.path, item.rel) if isinstance(item, _Seen) else item[:2]
    if path.resolve().is_relative_to(out):
        return _Seen(path, rel, None, "skipped", "inside the output folder")
    return item


def _first_pass(scanned: list, encoding: str, n_jobs: int) -> tuple[list[_Seen], Counter]:
    """Read every candidate once (``n_jobs`` workers): its status, and in how many units each
    long line occurs (by hash). Texts are let go at once."""
    todo = [item for item in scanned if not isinstance(item, _Seen)]
    done = iter(map_batches(first_pass_batch, todo, encoding, n_jobs=n_jobs, desc="first pass"))
    seen: list[_Seen] = []
    line_units: Counter = Counter()
    for item in scanned:
        if isinstance(item, _Seen):
            seen.append(item)
            continue
        read, hashes = next(done)
        line_units.update(hashes)
        seen.append(read)
    return seen, line_units


def first_pass_batch(batch: list[tuple], encoding: str) -> list[tuple[_Seen, set[int]]]:
    """Per candidate file: what reading it gave (without its text) and the hashes of its
    long lines."""
    out = []
    for item in batch:
        done = _read_unit(*item, encoding=encoding)
        hashes: set[int] = set()
        if done.status == "read":
            hashes = _long_line_hashes(done)
            done.source = None
        out.append((done, hashes))
    return out


#: Rows of the counts table (units × lexicon variants, zeros included) one chunk may hold:
#: with many short documents the counts, not the texts, are what fills memory.
CHUNK_COUNT_ROWS = 250_000


def chunk_units(variants: int) -> int:
    """Units in one chunk at most, so that its counts table holds :data:`CHUNK_COUNT_ROWS`
    rows at most (one unit at least)."""
    return max(1, CHUNK_COUNT_ROWS // max(1, variants))


def _full(chunk: list, size: int, item_chars: int, chunk_chars: int, max_units: int) -> bool:
    return bool(chunk) and (size + item_chars > chunk_chars or len(chunk) >= max_units)


def _chunks(read: list[_Seen], chunk_chars: int, max_units: int) -> Iterator[list[_Seen]]:
    chunk: list[_Seen] = []
    size = 0
    for item in read:
        if _full(chunk, size, item.chars or 0, chunk_chars, max_units):
            yield chunk
            chunk, size = [], 0
        chunk.append(item)
        size += item.chars or 0
    if chunk:
        yield chunk


def _metadata_of(meta_table: pd.DataFrame | None, chunk: list[_Seen]) -> pd.DataFrame | None:
    if meta_table is None:
        return None
    return meta_table.reindex([s.unit_id for s in chunk]).dropna(how="all")


def _run_chunks(chunks: Iterable[tuple], context: tuple, n_jobs: int) -> Iterator[dict]:
    """Each chunk's tables, in order; chunks are taken from ``chunks`` as workers free up
    (a table's chunks carry their texts, so they are never all held)."""
    if n_jobs == 1:
        for chunk, meta in chunks:
            yield process_chunk(chunk, meta, context)
        return
    from joblib import Parallel, delayed

    runner = Parallel(n_jobs=n_jobs, return_as="generator", pre_dispatch="2*n_jobs")
    yield from runner(delayed(process_chunk)(chunk, meta, context) for chunk, meta in chunks)


def process_chunk(chunk: list[_Seen], meta: pd.DataFrame | None, context: tuple) -> dict:
    """Read, repair, count, tokenize and outline one chunk of files (in a worker or here)."""
    name, steps, lexicon, tokenizer, encoding = context
    fresh = []
    for item in chunk:
        if item.source is not None:  # a table row: its text came with it
            fresh.append(item)
            continue
        again = _read_unit(item.path, item.rel, item.unit_id, item.format, encoding=encoding)
        if again.status != "read":  # the file changed between the two passes
            raise again.error
        fresh.append(again)
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


class _Writers:
    """One Parquet writer per table, each into a temporary file beside its target. A table's
    file is opened with the first chunk that has rows (an empty chunk's columns may have no
    type yet); a table no chunk gave rows to is written empty at the end."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.open: dict[str, tuple] = {}
        self.empty: dict[str, pa.Schema] = {}

    def _temp(self, target: Path) -> str:
        try:
            fd, tmp = tempfile.mkstemp(
                prefix=f"{TEMP_PREFIX}{target.name}.", suffix=TEMP_SUFFIX, dir=self.out
            )
        except OSError as err:
            raise OutputError(self.out, f"cannot write here ({err.strerror or err})") from None
        os.close(fd)
        return tmp

    def _open(self, name: str, schema: pa.Schema) -> None:
        target = self.out / f"{name}.parquet"
        tmp = self._temp(target)
        writer = pq.ParquetWriter(tmp, schema, compression="zstd")
        self.open[name] = (writer, tmp, target, schema)

    def write(self, name: str, arrow: pa.Table) -> None:
        """Append an Arrow table (one chunk's) to the table ``name``."""
        if name not in self.open:
            if arrow.num_rows == 0:
                self.empty[name] = arrow.schema
                return
            self._open(name, _stable_schema(arrow.schema))
        writer, _, target, schema = self.open[name]
        try:
            arrow = arrow.select(schema.names).cast(schema)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError, KeyError) as err:
            raise OutputError(
                target, f"a chunk's columns differ from the first chunk's ({err})"
            ) from None
        writer.write_table(arrow)

    def finish(self, report: pd.DataFrame) -> None:
        for name, schema in self.empty.items():
            if name not in self.open:
                self._open(name, _stable_schema(schema))
        mode = new_file_mode()
        for writer, tmp, target, _ in self.open.values():
            writer.close()
            os.chmod(tmp, mode)
            os.replace(tmp, target)
        self.open.clear()
        write_csv_atomic(self.out / "load_report.csv", report)

    def abandon(self) -> None:
        for writer, tmp, _, _ in self.open.values():
            with contextlib.suppress(Exception):
                writer.close()
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        self.open.clear()


def _stable_schema(schema: pa.Schema) -> pa.Schema:
    """The column types every chunk is cast to: one dictionary type for categorical columns
    (each chunk's categories are its own), text for a column with no values yet."""

    def stable(field: pa.Field) -> pa.Field:
        if pa.types.is_dictionary(field.type):
            return pa.field(field.name, pa.dictionary(pa.int32(), pa.string()))
        if pa.types.is_null(field.type):
            return pa.field(field.name, pa.string())
        return field

    # pandas' own metadata stays, so a nullable Int64 year reads back as Int64
    return pa.schema([stable(f) for f in schema], metadata=schema.metadata)


def main(argv: list[str] | None = None) -> int:
    """``python -m textlib.stream FOLDER OUT [options]``: :func:`stream_directory` from a
    shell; one line per problem, no traceback."""
    import argparse

    from textlib.cli import run_command

    parser = argparse.ArgumentParser(
        prog="python -m textlib.stream",
        description="Read a folder of documents (or a CSV/Parquet table, one unit per row) and "
        "write its tables (units, counts, tokens, outline, load report) to OUT in bounded memory.",
    )
    parser.add_argument(
        "folder", type=Path, help="a folder of .txt/.docx/.pdf/.html files, or a .csv/.parquet"
    )
    parser.add_argument("out", type=Path, help="output folder for the Parquet tables")
    parser.add_argument("--lexicon", type=Path, help="lexicon CSV (default: the bundled one)")
    parser.add_argument("--segmenter", default="jieba", help="jieba (default) or rjieba")
    parser.add_argument("--n-jobs", type=int, default=1, help="worker processes")
    parser.add_argument("--chunk-chars", type=int, default=1_000_000)
    parser.add_argument("--pattern", help="only files matching this glob (e.g. '*.txt')")
    parser.add_argument("--metadata", type=Path, help="manifest CSV with a path column")
    parser.add_argument("--skip-errors", action="store_true", help="skip unreadable files")
    parser.add_argument("--keep-boilerplate", action="store_true")
    parser.add_argument("--encoding", default="auto", help="text files' encoding (default: auto)")
    parser.add_argument("--id-column", default="id", help="a table's id column (default: id)")
    parser.add_argument("--text-column", default="text", help="a table's text column")
    args = parser.parse_args(argv)

    def stream() -> None:
        from textlib.lexicon.loading import load_lexicon

        streamed = stream_directory(
            args.folder,
            args.out,
            lexicon=load_lexicon(args.lexicon) if args.lexicon else None,
            segmenter=args.segmenter,
            n_jobs=args.n_jobs,
            chunk_chars=args.chunk_chars,
            pattern=args.pattern,
            metadata=args.metadata,
            errors="skip" if args.skip_errors else "raise",
            drop_boilerplate=not args.keep_boilerplate,
            encoding=args.encoding,
            id_column=args.id_column,
            text_column=args.text_column,
        )
        status = streamed.load_report["status"].value_counts()
        what = "rows" if args.folder.suffix.lower() in TABLE_SUFFIXES else "files"
        print(
            f"{int(status.get('read', 0))} {what} read, {int(status.get('skipped', 0))} skipped "
            f"(see {streamed.out / 'load_report.csv'}); tables in {streamed.out}"
        )

    hints = {
        "pass errors='skip'": "pass --skip-errors",
        "pass encoding=...": "pass --encoding ...",
        "see corpus.load_report": "see load_report.csv",
        "parameter metadata=": "option --metadata ",
    }
    return run_command(stream, hints=hints)


if __name__ == "__main__":
    raise SystemExit(main())
