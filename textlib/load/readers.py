"""Readers for a user's own corpus: a folder of text files, or a CSV / Parquet table."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

import pandas as pd

from textlib.checks import bool_arg, int_arg, path_arg, shown_value, str_arg
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
from textlib.load.boilerplate import MIN_UNITS, repeated_lines
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
    MAX_FILE_BYTES,
    SourceText,
    check_file_size,
    name_note,
    printable_name,
    read_file_bytes,
)

TABLE_SUFFIXES = (".csv", ".parquet")
REPORT_COLUMNS = [
    "path",
    "unit_id",
    "status",
    "reason",
    "encoding",
    "format",
    "chars",
    "removed_chars",
    "decoding_damage",
]
_EXPECTED = "expected a directory, a .txt/.md/.docx/.pdf/.html file or a .csv/.parquet table"
ACCEPTED = "*.txt, *.md, *.markdown, *.docx, *.pdf, *.html or *.htm"


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
    removed_chars: int | None = None  # characters of the file the reader did not keep
    front_matter: dict | None = None  # a Markdown file's front matter (typed values)
    error: Exception | None = None  # a problem that errors="raise" raises
    source: SourceText | None = None
    bounds: tuple[int, int] | None = None
    decoding_damage: int = 0  # runs of U+FFFD or mojibake in the decoded text

    def row(self) -> tuple:
        return (
            printable_name(str(self.path)),
            self.unit_id,
            self.status,
            self.reason,
            self.encoding,
            self.format,
            self.chars,
            self.removed_chars,
            self.decoding_damage,
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
    max_file_bytes: int | None = MAX_FILE_BYTES,
) -> Corpus:
    """Read a user's corpus: a folder of documents, one document, or a table.

    *Folder*: every ``.txt``, ``.md``/``.markdown``, ``.docx``, ``.pdf`` and
    ``.html``/``.htm`` file (suffixes in any
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
    ``drop_boilerplate=True`` lines repeated verbatim across at least half of the units (and
    at least 3) that are not body text — navigation and label fragments, licence and
    copyright lines, short sentences inside such a footer block
    (:func:`textlib.load.boilerplate.boilerplate_passages`) — are deleted from the analysed
    text (``boilerplate`` noise events; the load report's ``reason`` of the affected files
    says how many lines). A sentence shared by many units is template and is kept.

    Markdown files (``.md``, ``.markdown``) lose their markup line for line and their front
    matter becomes metadata columns (``source`` as ``source_url``; a manifest's value wins);
    web pages keep their main content (see :mod:`textlib.load.html`). The load report's
    ``removed_chars`` counts what a reader left out of a file's text.

    A file over ``max_file_bytes`` (default :data:`MAX_FILE_BYTES`, 256 MiB; None: no
    limit) is not read: :class:`FileTooLargeError`, or a skipped row with ``errors="skip"``.
    """
    folder = path_arg("path", path)
    check_read_options(
        encoding=encoding,
        errors=errors,
        id_column=id_column,
        text_column=text_column,
        simplify=simplify,
        drop_boilerplate=drop_boilerplate,
    )
    bool_arg("recursive", recursive)
    str_arg("pattern", pattern, allow_none=True)
    if max_file_bytes is not None:
        int_arg("max_file_bytes", max_file_bytes, minimum=1)
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
            max_file_bytes=max_file_bytes,
        )
    root, name, manifest_path, scanned = scan_directory(
        folder, recursive=recursive, pattern=pattern, metadata=metadata
    )
    seen = [
        item
        if isinstance(item, _Seen)
        else _read_unit(*item, encoding=encoding, max_file_bytes=max_file_bytes)
        for item in scanned
    ]
    read = files_read(folder, seen, pattern=pattern, errors=errors)
    meta_table, missing = _metadata(root, metadata, manifest_path, read)
    steps = _analysis_steps(read, repair, simplify, drop_boilerplate)
    corpus = corpus_of_files(
        read, name, steps=steps, metadata=meta_table, n_jobs=n_jobs, progress=progress
    )
    note_dropped_lines(read, dropped_lines(corpus))
    return replace(corpus, load_report=_report(seen, missing))


def check_read_options(
    *,
    encoding: object,
    errors: object,
    id_column: object,
    text_column: object,
    simplify: object,
    drop_boilerplate: object,
) -> None:
    """The options every reader shares have the types they need (a named error if not)."""
    str_arg("encoding", encoding)
    if errors not in ("raise", "skip"):
        raise StudyParameterError("errors", errors, "'raise' or 'skip'")
    str_arg("id_column", id_column)
    str_arg("text_column", text_column)
    bool_arg("simplify", simplify)
    bool_arg("drop_boilerplate", drop_boilerplate)


def check_table_options(*, metadata, pattern: str | None) -> None:
    """Options that mean nothing for a table are refused rather than ignored."""
    if metadata is not None:
        raise StudyParameterError(
            "metadata", metadata, "None with a table (its other columns are the metadata)"
        )
    if pattern is not None:
        raise StudyParameterError("pattern", pattern, "None with a table (it is one file)")


def _analysis_steps(read: Sequence[_Seen], repair, simplify: bool, drop_boilerplate: bool) -> tuple:
    """The repair steps for the units read: simplification first, then, with
    ``drop_boilerplate``, the deletion of corpus-level boilerplate (lines repeated across
    units that are not body text, :class:`DropPassages`)."""
    steps = _pipeline(repair, simplify)
    if drop_boilerplate and len(read) >= MIN_UNITS:
        repeated = repeated_lines({s.unit_id: _numbered(s) for s in read})
        if repeated:
            steps = (DropPassages(repeated), *steps)
    return steps


def dropped_lines(corpus: Corpus) -> dict[str, int]:
    """Boilerplate lines the repair deleted, per unit (where any)."""
    return {
        u: n
        for u in corpus.leaf_ids
        if (n := sum(e.kind == "boilerplate" for e in corpus.tracked(u).events))
    }


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
    sources = {printable_name(str(s.path)): s.source for s in read}
    spans = [UnitSpan(s.unit_id, None, printable_name(str(s.path)), *s.bounds) for s in read]
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
            f"directory holds no {ACCEPTED} files" + (f" matching {pattern!r}" if pattern else ""),
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
        root, candidates, unreadable = folder.parent, [folder], []
        name = folder.name
    elif folder.is_dir():
        root, name = folder, folder.name
        candidates, unreadable = _walk(folder, recursive=recursive)
    else:
        raise SourceFileNotFoundError(folder)
    manifest_path = _manifest_path(root, metadata)
    seen: list = []
    for sub, problem in unreadable:
        rel = printable_name(sub.relative_to(root).as_posix()) if sub != root else "."
        reason = f"folder cannot be read ({problem}); the files in it were not read"
        item = _Seen(sub, rel, None, "skipped", reason)
        item.error = SourceReadError(printable_name(str(sub)), f"folder cannot be read ({problem})")
        seen.append(item)
    for file in candidates:
        rel = printable_name(file.relative_to(root).as_posix())
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
        unit_id = rel[: -len(file.suffix)] if folder.is_dir() else printable_name(file.stem)
        seen.append((file, rel, unit_id, kind))
    return root, name, manifest_path, seen


def _walk(folder: Path, *, recursive: bool) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Every entry under ``folder`` (sorted; symbolic links to folders listed, not entered)
    and the folders that could not be listed, with why (``Path.rglob`` skips those in
    silence)."""
    found: list[Path] = []
    unreadable: list[tuple[Path, str]] = []

    def failed(err: OSError) -> None:
        unreadable.append((Path(err.filename or folder), err.strerror or type(err).__name__))

    for top, dirs, files in os.walk(folder, onerror=failed):
        base = Path(top)
        found.extend(base / d for d in dirs)
        found.extend(base / f for f in files)
        if not recursive:
            break
    return sorted(found), sorted(unreadable)


def _matches(rel: str, pattern: str) -> bool:
    """Whether a relative path matches a glob (matched from the right: ``*.txt`` matches
    files in subfolders too); case-insensitive."""
    return PurePosixPath(rel.lower()).match(pattern.lower())


def _read_unit(
    file: Path,
    rel: str,
    unit_id: str,
    kind: str,
    *,
    encoding: str,
    max_file_bytes: int | None = MAX_FILE_BYTES,
) -> _Seen:
    item = _Seen(file, rel, unit_id, format=kind)
    shown = Path(printable_name(str(file)))  # the name errors and sources carry
    named = name_note(str(file))
    try:
        check_file_size(file, max_file_bytes, shown=shown)
        extracted = extract(read_file_bytes(file), shown, encoding=encoding)
    except TextlibError as err:
        item.status, item.reason, item.error = "skipped", _reason(err, shown), err
        return item
    source = SourceText.from_text(shown, extracted.text, pages=extracted.pages)
    item.encoding, item.chars = extracted.encoding, len(source.text)
    item.removed_chars, item.front_matter = extracted.removed, extracted.metadata
    item.reason = "; ".join(filter(None, (named, *extracted.notes)))
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
    shown = printable_name(str(file))
    return str(err).removeprefix(f"{shown}: ").removeprefix(shown)


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
    width = len(REPORT_COLUMNS)
    rows = [s.row() for s in seen] + [(*m, *([0] * (width - len(m)))) for m in missing]
    table = pd.DataFrame(rows, columns=REPORT_COLUMNS)
    for column in ("chars", "removed_chars", "decoding_damage"):
        table[column] = table[column].astype("Int64")
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


def check_metadata_frame(metadata: pd.DataFrame) -> pd.DataFrame:
    """A metadata DataFrame indexed by unit id: one index level, each id once (ids are
    compared as text); else :class:`StudyParameterError` saying what is wrong."""
    if metadata.index.nlevels != 1:
        raise StudyParameterError(
            "metadata",
            shown_value(metadata),
            f"a DataFrame indexed by unit id (one index level, not {metadata.index.nlevels})",
        )
    ids = metadata.index.map(str)
    repeated = list(dict.fromkeys(ids[ids.duplicated()]))
    if repeated:
        shown = ", ".join(map(repr, repeated[:5])) + (" …" if len(repeated) > 5 else "")
        raise StudyParameterError(
            "metadata",
            shown_value(metadata),
            f"a DataFrame with each unit id once (repeated: {shown})",
        )
    return metadata


def _metadata(
    root: Path, metadata, manifest_path: Path | None, read: list[_Seen]
) -> tuple[pd.DataFrame | None, list[tuple]]:
    """The metadata table indexed by unit id (the units' front matter, then the given
    metadata, which wins where both have a value), and load-report rows of manifest rows
    that match no file; files without a row get a note in their ``reason``."""
    given, missing = _given_metadata(root, metadata, manifest_path, read)
    front = front_matter_table(read)
    if front is None:
        return given, missing
    if given is None:
        return front, missing
    given = given.reindex(given.index.union(front.index, sort=False))
    for column in front.columns:
        if column not in given.columns:
            given[column] = front[column].reindex(given.index)
        else:
            given[column] = given[column].where(given[column].notna(), front[column])
    return given, missing


def front_matter_table(read: Sequence[_Seen]) -> pd.DataFrame | None:
    """The front matter of the units read (Markdown files) as a table indexed by unit id,
    one column per key, typed over the whole column: dates (``datetime64``), whole numbers
    (``Int64``), numbers (``Float64``), booleans (``boolean``), else text. None when no unit
    has front matter."""
    rows = {s.unit_id: s.front_matter for s in read if s.front_matter}
    if not rows:
        return None
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = "unit_id"
    return table.apply(_typed_column)


def _typed_column(values: pd.Series) -> pd.Series:
    present = [v for v in values if v is not None and not (isinstance(v, float) and pd.isna(v))]
    kinds = {
        "bool"
        if isinstance(v, bool)
        else "int"
        if isinstance(v, int)
        else "float"
        if isinstance(v, float)
        else "date"
        if isinstance(v, dt.date)
        else "text"
        for v in present
    }
    values = values.astype(object).where(values.notna(), None)
    if kinds == {"date"}:
        return pd.to_datetime(values)
    if kinds == {"bool"}:
        return values.astype("boolean")
    if kinds == {"int"}:
        return values.astype("Int64")
    if kinds and kinds <= {"int", "float"}:
        return values.astype("Float64")
    return values.map(lambda v: None if v is None else v if isinstance(v, str) else str(v))


def _given_metadata(
    root: Path, metadata, manifest_path: Path | None, read: list[_Seen]
) -> tuple[pd.DataFrame | None, list[tuple]]:
    """The metadata the user gave (a DataFrame or a manifest), indexed by unit id, and the
    manifest rows that match no file."""
    if metadata is None:
        return None, []
    if manifest_path is None:
        if not isinstance(metadata, pd.DataFrame):
            raise StudyParameterError("metadata", metadata, "a DataFrame or a manifest CSV path")
        return check_metadata_frame(metadata), []
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
    max_file_bytes: int | None = MAX_FILE_BYTES,
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
    :func:`read_directory`, so a table and a folder of the same texts give the same corpus.
    A table over ``max_file_bytes`` (default 256 MiB) raises :class:`FileTooLargeError`:
    :func:`textlib.stream_directory` reads a table of any size in batches."""
    path = path_arg("path", path)
    check_read_options(
        encoding=encoding,
        errors=errors,
        id_column=id_column,
        text_column=text_column,
        simplify=simplify,
        drop_boilerplate=drop_boilerplate,
    )
    id_column, text_column = id_column.strip(), text_column.strip()  # headers are stripped
    if max_file_bytes is not None:
        int_arg("max_file_bytes", max_file_bytes, minimum=1)
    check_file_size(path, max_file_bytes)
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
    steps = _analysis_steps(read, repair, simplify, drop_boilerplate)
    corpus = corpus_of_files(
        read, path.name, steps=steps, metadata=metadata, n_jobs=n_jobs, progress=progress
    )
    note_dropped_lines(read, dropped_lines(corpus))
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
