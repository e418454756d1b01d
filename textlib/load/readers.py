"""Readers for a user's own corpus: a folder of text files, or a CSV / Parquet table."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

import pandas as pd

from textlib.errors import (
    CorpusLoadError,
    EmptyCorpusError,
    SourceFileNotFoundError,
    SourceReadError,
    StudyParameterError,
    TableFormatError,
    TextlibError,
    UnsupportedFormatError,
)
from textlib.load.boilerplate import MIN_UNITS, find_boilerplate
from textlib.load.corpus import Corpus, UnitSpan, _nonblank_bounds, build_corpus
from textlib.load.encodings import detect_and_decode
from textlib.load.formats import extract, file_format
from textlib.load.tables import parse_csv, table_rows
from textlib.repairs.steps import (
    DEFAULT_STEPS,
    DropPassages,
    RepairStep,
    detect_script,
    simplify_if_traditional,
)
from textlib.text import patterns as P
from textlib.text.source import (
    SourceText,
    read_file_bytes,
)

TABLE_SUFFIXES = (".csv", ".parquet")
REPORT_COLUMNS = [
    *("path", "unit_id", "status", "reason", "encoding", "format", "chars"),
    "decoding_damage",
]
_EXPECTED = "expected a directory, a .txt/.docx/.pdf/.html file or a .csv/.parquet table"


@dataclass
class _Seen:
    """One file a folder reader saw, and what became of it."""

    path: Path
    rel: str
    unit_id: str | None
    status: str = "read"
    reason: str = ""
    encoding: str | None = None
    format: str | None = None
    chars: int | None = None
    error: Exception | None = None  # a problem that errors="raise" raises
    source: SourceText | None = None
    bounds: tuple[int, int] | None = None
    decoding_damage: int = 0  # runs of U+FFFD or mojibake in the decoded text

    def row(self) -> tuple:
        return (
            str(self.path),
            self.unit_id,
            self.status,
            self.reason,
            self.encoding,
            self.format,
            self.chars,
        )


def read_directory(
    path: Path | str,
    *,
    recursive: bool = True,
    pattern: str | None = None,
    encoding: str = "auto",
    errors: str = "raise",
    metadata: pd.DataFrame | Path | str | None = None,
    id_column: str = "id",
    text_column: str = "text",
    n_jobs: int = 1,
    progress: bool | None = None,
    repair: RepairStep | Sequence[RepairStep] | None = None,
    simplify: bool = True,
    drop_boilerplate: bool = True,
) -> Corpus:
    """Read a user's corpus: a folder of documents, one document, or a table.

    *Folder*: every ``.txt``, ``.docx``, ``.pdf`` and ``.html``/``.htm`` file (suffixes in any
    case; in subfolders too unless ``recursive=False``; ``pattern`` a glob such as
    ``"*.txt"`` or ``"2020*/*.pdf"`` to restrict them) is one unit whose id is its relative
    path without suffix, with ``/`` (sorted). *One such file*: a one-unit corpus. *A table*
    (``.csv``, ``.parquet``): :func:`read_table`.

    Text files are decoded with ``encoding`` (default ``"auto"``: BOM → UTF-8 → GB18030 /
    Big5 → BOM-less UTF-16 → charset-normalizer, see :mod:`textlib.load.encodings`); the
    choice is kept per unit in the ``encoding`` column, the file type in ``format``, the
    script in ``script`` (``simplified`` / ``traditional``; with ``simplify=True`` traditional
    units are converted to simplified characters, character for character).

    ``errors="raise"`` raises the named error of a file that is empty, undecodable or
    unreadable (:class:`CorpusLoadError` naming how many and the first few when several are);
    ``errors="skip"`` skips them. Files of other types in a folder are always skipped.
    Either way ``corpus.load_report`` lists every file seen (``path``, ``unit_id``,
    ``status`` read/skipped/missing, ``reason``, ``encoding``, ``format``, ``chars``).

    ``metadata``: a DataFrame indexed by unit id, or a manifest CSV (a path relative to the
    folder, or absolute) with a ``path`` (or ``file``) column naming files relative to the
    folder; its other columns become unit metadata (``title`` names units). Manifest rows
    matching no file (status ``missing``) and files without a row are in the load report.

    ``repair`` is the repair pipeline (default :data:`DEFAULT_STEPS`). With
    ``drop_boilerplate=True`` lines repeated verbatim across at least half of the units (at
    least 3 units, 30+ characters: :func:`textlib.load.boilerplate.boilerplate_passages`)
    are deleted from the analysed text (``boilerplate`` noise events; the load report's
    ``reason`` of the affected files says how many lines).
    """
    if errors not in ("raise", "skip"):
        raise StudyParameterError("errors", errors, "'raise' or 'skip'")
    folder = Path(path)
    if folder.is_file() and folder.suffix.lower() in TABLE_SUFFIXES:
        check_table_options(metadata=metadata, pattern=pattern)
        return read_table(
            folder,
            id_column=id_column,
            text_column=text_column,
            encoding=encoding,
            errors=errors,
            repair=repair,
            simplify=simplify,
            drop_boilerplate=drop_boilerplate,
            n_jobs=n_jobs,
            progress=progress,
        )
    root, name, manifest_path, scanned = scan_directory(
        folder, recursive=recursive, pattern=pattern, metadata=metadata
    )
    seen = [
        item if isinstance(item, _Seen) else _read_unit(*item, encoding=encoding)
        for item in scanned
    ]
    read = files_read(folder, seen, pattern=pattern, errors=errors)
    meta_table, missing = _metadata(root, metadata, manifest_path, read)
    steps, dropped = _analysis_steps(read, repair, simplify, drop_boilerplate)
    corpus = corpus_of_files(
        read, name, steps=steps, metadata=meta_table, n_jobs=n_jobs, progress=progress
    )
    note_dropped_lines(read, dropped)
    return replace(corpus, load_report=_report(seen, missing))


def check_table_options(*, metadata, pattern: str | None) -> None:
    """Options that mean nothing for a table are refused rather than ignored."""
    if metadata is not None:
        raise StudyParameterError(
            "metadata", metadata, "None with a table (its other columns are the metadata)"
        )
    if pattern is not None:
        raise StudyParameterError("pattern", pattern, "None with a table (it is one file)")


def _analysis_steps(
    read: Sequence[_Seen], repair, simplify: bool, drop_boilerplate: bool
) -> tuple[tuple, dict[str, int]]:
    """The repair steps for the units read (simplification first, then, with
    ``drop_boilerplate``, the deletion of corpus-level boilerplate) and how many boilerplate
    lines each unit loses."""
    steps = _pipeline(repair, simplify)
    dropped: dict[str, int] = {}
    if drop_boilerplate and len(read) >= MIN_UNITS:
        passages = find_boilerplate({s.unit_id: _numbered(s) for s in read})
        if len(passages):
            steps = (DropPassages(passages["text"]), *steps)
            for refs in passages["lines"]:
                for ref in refs:
                    unit_id = ref.rsplit(":", 1)[0]
                    dropped[unit_id] = dropped.get(unit_id, 0) + 1
    return steps, dropped


def note_dropped_lines(read: Sequence[_Seen], dropped: dict[str, int]) -> None:
    """Add to each file's load-report reason how many boilerplate lines were dropped."""
    for s in read:
        notes = [s.reason] if s.reason else []
        if s.unit_id in dropped:
            notes.append(f"{dropped[s.unit_id]} boilerplate line(s) dropped")
        s.reason = "; ".join(notes)


def corpus_of_files(
    read: Sequence[_Seen],
    name: str,
    *,
    steps: Sequence[RepairStep],
    metadata: pd.DataFrame | None = None,
    n_jobs: int = 1,
    progress: bool | None = None,
) -> Corpus:
    """The corpus of files already read (each with its source): repaired with ``steps``,
    with the ``encoding``, ``format`` and ``script`` columns."""
    sources = {str(s.path): s.source for s in read}
    spans = [UnitSpan(s.unit_id, None, str(s.path), *s.bounds) for s in read]
    corpus = build_corpus(
        spans, sources, name, n_jobs=n_jobs, progress=progress, metadata=metadata, repair=steps
    )
    units = corpus.units.assign(
        encoding=[s.encoding for s in read],
        format=[s.format for s in read],
        script=[detect_script(s.source.text) for s in read],
    )
    return replace(corpus, units=units)


def files_read(folder: Path, seen: list[_Seen], *, pattern: str | None, errors: str) -> list[_Seen]:
    """The files read, after the checks every folder reader makes: duplicates, an empty
    folder, problems (raised with ``errors="raise"``), nothing readable."""
    _check_duplicates(seen)
    if folder.is_dir() and not any(s.status == "read" or s.error for s in seen):
        raise EmptyCorpusError(
            folder,
            "directory holds no *.txt, *.docx, *.pdf or *.html files"
            + (f" matching {pattern!r}" if pattern else ""),
        )
    problems = [s for s in seen if s.error is not None]
    if problems and errors == "raise":
        if len(problems) == 1:
            raise problems[0].error
        what = "rows" if folder.suffix.lower() in TABLE_SUFFIXES else "files"
        raise CorpusLoadError(folder, [s.error for s in problems], _report(seen), what=what)
    read = [s for s in seen if s.status == "read"]
    if not read:
        what = "rows" if folder.suffix.lower() in TABLE_SUFFIXES else "files"
        raise EmptyCorpusError(folder, f"no readable {what} ({len(seen)} skipped, see the reasons)")
    return read


def scan_directory(
    folder: Path, *, recursive: bool = True, pattern: str | None = None, metadata=None
) -> tuple[Path, str, Path | None, list]:
    """What a folder reader will read, without reading it: the root, the corpus name, the
    manifest path, and in sorted order each candidate as ``(file, rel, unit_id, kind)`` or a
    finished :class:`_Seen` for a file skipped by name (type, pattern, manifest)."""
    if folder.is_file():
        if file_format(folder) is None:
            raise UnsupportedFormatError(folder, _EXPECTED)
        root, candidates = folder.parent, [folder]
        name = folder.name
    elif folder.is_dir():
        root, name = folder, folder.name
        candidates = sorted(folder.rglob("*") if recursive else folder.glob("*"))
    else:
        raise SourceFileNotFoundError(folder)
    manifest_path = _manifest_path(root, metadata)
    seen: list = []
    for file in candidates:
        rel = file.relative_to(root).as_posix()
        if file.is_dir():
            if file_format(file) is not None and (pattern is None or _matches(rel, pattern)):
                # named like a document but a folder: worth a word, and an error
                item = _Seen(file, rel, None, "skipped", "is a directory, expected a file")
                item.error = SourceReadError(file, "is a directory, expected a file")
                seen.append(item)
            continue
        if not file.is_file():  # a broken link, a pipe or a device: reading would fail or block
            if file_format(file) is not None and (pattern is None or _matches(rel, pattern)):
                reason = "not a regular file (a broken link, a pipe or a device)"
                item = _Seen(file, rel, None, "skipped", reason)
                item.error = SourceReadError(file, reason)
                seen.append(item)
            continue
        if manifest_path is not None and file.resolve() == manifest_path.resolve():
            seen.append(_Seen(file, rel, None, "skipped", "manifest"))
            continue
        if pattern is not None and not _matches(rel, pattern):
            seen.append(_Seen(file, rel, None, "skipped", f"does not match pattern {pattern!r}"))
            continue
        kind = file_format(file)
        if kind is None:
            seen.append(_Seen(file, rel, None, "skipped", f"unsupported file type {file.suffix!r}"))
            continue
        unit_id = rel[: -len(file.suffix)] if folder.is_dir() else file.stem
        seen.append((file, rel, unit_id, kind))
    return root, name, manifest_path, seen


def _matches(rel: str, pattern: str) -> bool:
    """Whether a relative path matches a glob (matched from the right: ``*.txt`` matches
    files in subfolders too); case-insensitive."""
    return PurePosixPath(rel.lower()).match(pattern.lower())


def _read_unit(file: Path, rel: str, unit_id: str, kind: str, *, encoding: str) -> _Seen:
    item = _Seen(file, rel, unit_id, format=kind)
    try:
        extracted = extract(read_file_bytes(file), file, encoding=encoding)
    except TextlibError as err:
        item.status, item.reason, item.error = "skipped", _reason(err, file), err
        return item
    source = SourceText.from_text(file, extracted.text, pages=extracted.pages)
    item.encoding, item.chars = extracted.encoding, len(source.text)
    item.reason = "; ".join(extracted.notes)
    _note_decoding_damage(item, source.text)
    bounds = _nonblank_bounds(source.lines, 1, source.n_lines)
    if bounds is None:
        err = EmptyCorpusError(file, "file is empty")
        item.status, item.reason, item.error = "skipped", "file is empty", err
        return item
    item.source, item.bounds = source, bounds
    return item


def _note_decoding_damage(item: _Seen, text: str) -> None:
    """Count runs of decoding damage (U+FFFD, mojibake) and say so in the reason."""
    item.decoding_damage = sum(1 for _ in P.DECODING_DAMAGE.finditer(text))
    if item.decoding_damage:
        note = f"{item.decoding_damage} run(s) of decoding damage (U+FFFD or mojibake) kept"
        item.reason = f"{item.reason}; {note}" if item.reason else note


def _reason(err: Exception, file: Path) -> str:
    """An error's message without the file name it starts with."""
    return str(err).removeprefix(f"{file}: ").removeprefix(f"{file}")


def _check_duplicates(seen: list[_Seen]) -> None:
    """Two files that give the same unit id (``a.txt`` and ``a.docx``): the later is a
    problem."""
    first: dict[str, _Seen] = {}
    for item in seen:
        if item.status != "read" and item.error is None:
            continue
        if item.unit_id in first:
            other = first[item.unit_id].path
            problem = f"unit id {item.unit_id!r} already taken by {other}"
            item.status, item.reason = "skipped", problem
            item.error = TableFormatError(item.path, problem)
            item.source = None
        elif item.unit_id is not None:
            first[item.unit_id] = item


def _numbered(item: _Seen) -> list[tuple[int, str]]:
    first, last = item.bounds
    return list(enumerate(item.source.lines[first - 1 : last], start=first))


def _pipeline(repair: RepairStep | Sequence[RepairStep] | None, simplify: bool) -> tuple:
    if repair is None:
        steps: tuple = tuple(DEFAULT_STEPS)
    elif callable(repair):
        steps = (repair,)
    else:
        steps = tuple(repair)
    return (simplify_if_traditional, *steps) if simplify else steps


def _report(seen: list[_Seen], missing: list[tuple] = ()) -> pd.DataFrame:
    rows = [s.row() for s in seen] + list(missing)
    table = pd.DataFrame(rows, columns=REPORT_COLUMNS[:-1])
    table["chars"] = table["chars"].astype("Int64")
    damage = [s.decoding_damage for s in seen] + [0] * len(missing)
    table["decoding_damage"] = pd.array(damage, dtype="Int64")
    return table


def _manifest_path(root: Path, metadata) -> Path | None:
    if not isinstance(metadata, str | Path):
        return None
    path = Path(metadata)
    if not path.is_absolute():
        path = root / path
    if not path.is_file():
        raise SourceFileNotFoundError(path)
    return path


def _metadata(
    root: Path, metadata, manifest_path: Path | None, read: list[_Seen]
) -> tuple[pd.DataFrame | None, list[tuple]]:
    """The metadata table indexed by unit id, and load-report rows of manifest rows that
    match no file; files without a row get a note in their ``reason``."""
    if metadata is None:
        return None, []
    if manifest_path is None:
        if not isinstance(metadata, pd.DataFrame):
            raise StudyParameterError("metadata", metadata, "a DataFrame or a manifest CSV path")
        return metadata, []
    text, _ = detect_and_decode(read_file_bytes(manifest_path), manifest_path)
    table = parse_csv(manifest_path, text.removeprefix("\ufeff"), "path", "file")
    key = next((c for c in ("path", "file") if c in table.columns), None)
    if key is None:
        raise TableFormatError(
            manifest_path, f"manifest needs a 'path' or 'file' column; has {list(table.columns)}"
        )
    by_rel = {s.rel: s for s in read}
    by_id = {s.unit_id: s for s in read}
    ids, missing, keep = [], [], []
    for k, value in enumerate(table[key]):
        ref = "" if pd.isna(value) else str(value).strip().replace("\\", "/")
        if ref and Path(ref).is_absolute():
            with contextlib.suppress(ValueError):
                ref = Path(ref).relative_to(root).as_posix()
        ref = ref.removeprefix("./")
        item = by_rel.get(ref) or by_id.get(ref)
        if item is None:
            missing.append(
                (
                    ref,
                    None,
                    "missing",
                    f"manifest row {k + 1} matches no read file",
                    None,
                    None,
                    None,
                )
            )
            continue
        ids.append(item.unit_id)
        keep.append(k)
    meta = table.iloc[keep].drop(columns=[key])
    meta.index = pd.Index(ids, name="unit_id")
    meta = meta[~meta.index.duplicated()]
    for item in read:
        if item.unit_id not in meta.index:
            item.reason = "; ".join(filter(None, (item.reason, "no manifest row")))
    return meta, missing


def read_table(
    path: Path | str,
    *,
    id_column: str = "id",
    text_column: str = "text",
    encoding: str = "auto",
    errors: str = "raise",
    repair: RepairStep | Sequence[RepairStep] | None = None,
    simplify: bool = True,
    drop_boilerplate: bool = True,
    n_jobs: int = 1,
    progress: bool | None = None,
) -> Corpus:
    """A corpus from a CSV or Parquet file: one unit per row.

    A CSV's encoding is detected like a text file's (UTF-8 with or without BOM, GBK/GB18030 as
    Excel writes on Chinese Windows, Big5, UTF-16) unless ``encoding`` names it; the decision
    is the units' ``encoding`` column, ``format`` is ``csv`` or ``parquet`` and ``script``
    the detected script. Each row's text is its own source, named ``file#id``; line numbers
    count lines inside the text cell. Every other column is unit metadata (kept in ``units``
    and added to tables). A row without text raises :class:`EmptyCorpusError` with
    ``errors="raise"`` and is skipped with ``errors="skip"``; ``corpus.load_report`` has one
    row per table row. ``repair``, ``simplify`` and ``drop_boilerplate`` as for
    :func:`read_directory`, so a table and a folder of the same texts give the same corpus."""
    if errors not in ("raise", "skip"):
        raise StudyParameterError("errors", errors, "'raise' or 'skip'")
    path = Path(path)
    id_column, text_column = id_column.strip(), text_column.strip()  # headers are stripped
    table, used, ids = table_rows(
        path, id_column=id_column, text_column=text_column, encoding=encoding
    )
    kind = "parquet" if used == "parquet" else "csv"
    seen = [
        _row_unit(path, unit_id, text, kind, used)
        for unit_id, text in zip(ids, table[text_column], strict=True)
    ]
    read = files_read(path, seen, pattern=None, errors=errors)
    metadata = table.drop(columns=[id_column, text_column]).set_index(ids)
    metadata.index.name = "unit_id"
    metadata = metadata.loc[[s.unit_id for s in read]]
    del table
    steps, dropped = _analysis_steps(read, repair, simplify, drop_boilerplate)
    corpus = corpus_of_files(
        read, path.name, steps=steps, metadata=metadata, n_jobs=n_jobs, progress=progress
    )
    note_dropped_lines(read, dropped)
    return replace(corpus, load_report=_report(seen))


def _row_unit(path: Path, unit_id: str, text, kind: str, encoding: str) -> _Seen:
    """One table row as a unit read (its text a source named ``file#id``), or skipped when
    it has no text."""
    name = f"{path}#{unit_id}"
    item = _Seen(Path(name), name, unit_id, format=kind, encoding=encoding)
    source = SourceText.from_text(name, "" if pd.isna(text) else str(text))
    item.chars = len(source.text)
    _note_decoding_damage(item, source.text)
    bounds = _nonblank_bounds(source.lines, 1, source.n_lines)
    if bounds is None:
        item.status, item.reason = "skipped", "row has no text"
        item.error = EmptyCorpusError(name, "row has no text")
        return item
    item.source, item.bounds = source, bounds
    return item
