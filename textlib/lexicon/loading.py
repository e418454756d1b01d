"""The lexicon of political formulations (提法): a CSV with one row per variant.

Columns: ``formulation`` (canonical form), ``variant`` (the literal matched; the canonical
form is itself a variant), ``gloss`` (English), ``gloss_source`` (``official`` or ``own``),
``kind``, ``components`` (parts of a numbered formulation, ``|``-separated), ``not_within``
(``|``-separated longer strings inside which the variant does not count, e.g. 创城 in
开创城市), ``not_after`` / ``not_before`` (regular expressions: a match whose preceding /
following text in its paragraph they match is not counted, e.g. 新思想 after 新理念、),
``since`` (the year of first authoritative use, an integer, or ``unknown`` with the reason in
``note``; loaded as a nullable ``Int64`` column, ``<NA>`` for ``unknown``, empty or a file
without the column, with a boolean ``since_unknown`` beside it), ``note``.
Spaces in variants are ignored (``四个 100`` = ``四个100``).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pandas as pd

from textlib.checks import path_arg
from textlib.errors import LexiconError, StudyParameterError
from textlib.package_data import data_path
from textlib.text import patterns as P
from textlib.text.source import csv_quote_problem, decode_utf8, read_file_bytes

REQUIRED = ("formulation", "variant", "gloss", "kind")
OPTIONAL = ("gloss_source", "components", "not_within", "not_after", "not_before", "since", "note")
CONTEXT_RULES = ("not_after", "not_before")
UNKNOWN = "unknown"
LEXICON_COLUMNS = [*REQUIRED, *OPTIONAL]
CONSISTENT = ("gloss", "kind", "components")  # must agree on every row of one formulation


def default_lexicon_path() -> Path:
    """The lexicon shipped with textlib (covers the seed page)."""
    return data_path("lexicon.csv")


def _compact(text: str) -> str:
    return P.HSPACE_RUN.sub("", text.strip())


def load_lexicon(path: Path | str | None = None) -> pd.DataFrame:
    """Load and validate a lexicon CSV (the bundled one when ``path`` is None).

    A malformed lexicon raises :class:`LexiconError` naming the file and the row (its line
    number in the file): missing columns, an empty required field or variant, a variant listed
    twice, a formulation whose rows disagree on gloss, kind or components, a ``since`` that is
    neither a year nor ``unknown`` (``unknown`` with an empty ``note``), a ``not_after`` or
    ``not_before`` that is not a valid regular expression, a double quote that never closes.
    A missing file raises :class:`SourceFileNotFoundError`, an unreadable one
    :class:`SourceReadError`. A
    DataFrame is checked by :func:`check_lexicon_table` and returned.
    """
    if isinstance(path, pd.DataFrame):
        return check_lexicon_table(path)
    path = path_arg("path", path) if path is not None else default_lexicon_path()
    text = decode_utf8(read_file_bytes(path), path).removeprefix("\ufeff")
    if (quote := csv_quote_problem(text)) is not None:
        raise LexiconError(path, quote[0], f"{quote[1]}; later rows would be swallowed")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise LexiconError(path, 1, f"missing column(s) {', '.join(missing)}; header is {header}")
    reader.fieldnames = header
    rows, seen, first_row = [], {}, {}
    for record in reader:
        line = reader.line_num
        if None in record:
            raise LexiconError(path, line, "more fields than the header has columns")
        row = {c: (record.get(c) or "").strip() for c in LEXICON_COLUMNS}
        if not any(row.values()):
            continue
        for column in REQUIRED:
            if not row[column]:
                raise LexiconError(path, line, f"empty {column!r}")
        row["variant"] = _compact(row["variant"])
        row["formulation"] = _compact(row["formulation"])
        if not row["variant"]:
            raise LexiconError(path, line, "empty 'variant'")
        if row["variant"] in seen:
            raise LexiconError(
                path,
                line,
                f"variant {row['variant']!r} already listed at line {seen[row['variant']]}",
            )
        seen[row["variant"]] = line
        form = row["formulation"]
        if form in first_row:
            earlier = first_row[form]
            for column in CONSISTENT:
                if row[column] != earlier[column]:
                    raise LexiconError(
                        path,
                        line,
                        f"{column} of {form!r} differs from line {earlier['line']}: "
                        f"{row[column]!r} vs {earlier[column]!r}",
                    )
        else:
            first_row[form] = {**row, "line": line}
        since = row["since"]
        if since.lower() == UNKNOWN:
            if not row["note"]:
                raise LexiconError(path, line, "'since' is 'unknown' but 'note' gives no reason")
            row["since"] = UNKNOWN
        elif since and not re.fullmatch(r"-?[0-9]{1,4}", since):
            raise LexiconError(
                path,
                line,
                f"'since' must be a year (an integer), 'unknown' or empty, not {since!r}",
            )
        for column in CONTEXT_RULES:
            try:
                re.compile(row[column])
            except re.error as exc:
                raise LexiconError(
                    path, line, f"{column} {row[column]!r} is not a regular expression: {exc}"
                ) from None
        row["line"] = line
        rows.append(row)
    if not rows:
        raise LexiconError(path, None, "no lexicon rows")
    table = pd.DataFrame(rows, columns=[*LEXICON_COLUMNS, "line"])
    table["since_unknown"] = table["since"] == UNKNOWN
    table["since"] = pd.array(
        [int(s) if s and s != UNKNOWN else None for s in table["since"]], dtype="Int64"
    )
    table["is_canonical"] = table["variant"] == table["formulation"]
    table.attrs["path"] = str(path)
    return table


def check_lexicon_table(lexicon: object) -> pd.DataFrame:
    """A lexicon given as a table, checked: a DataFrame (else :class:`StudyParameterError`)
    with the columns ``formulation``, ``variant``, ``gloss`` and ``kind`` (else
    :class:`LexiconError` naming the missing ones); missing optional columns are added empty
    (``since`` as ``<NA>``), as :func:`load_lexicon` reads a CSV without them."""
    if not isinstance(lexicon, pd.DataFrame):
        raise StudyParameterError(
            "lexicon", lexicon, "a lexicon DataFrame (see load_lexicon) or None"
        )
    where = "lexicon table" + (
        f" (read from {lexicon.attrs['path']})" if "path" in lexicon.attrs else ""
    )
    missing = [c for c in REQUIRED if c not in lexicon.columns]
    if missing:
        raise LexiconError(
            where,
            None,
            f"missing column(s) {', '.join(missing)}; has {[str(c) for c in lexicon.columns]}",
        )
    added = {c: "" for c in OPTIONAL if c not in lexicon.columns and c != "since"}
    if "since" not in lexicon.columns:
        added["since"] = pd.array([None] * len(lexicon), dtype="Int64")
    if "is_canonical" not in lexicon.columns:
        added["is_canonical"] = lexicon["variant"] == lexicon["formulation"]
    return lexicon.assign(**added) if added else lexicon


def formulations(lexicon: pd.DataFrame) -> pd.DataFrame:
    """One row per formulation: gloss, kind, components and its variants in lexicon order."""
    grouped = lexicon.groupby("formulation", sort=False)
    table = grouped[["gloss", "gloss_source", "kind", "components", "note"]].first()
    table["variants"] = grouped["variant"].agg(list)
    return table


def components(lexicon: pd.DataFrame) -> pd.DataFrame:
    """Tidy components of numbered formulations: ``formulation``, ``position``, ``component``."""
    rows = []
    for form, parts in formulations(lexicon)["components"].items():
        for position, part in enumerate(p for p in parts.split("|") if p.strip()):
            rows.append((form, position + 1, part.strip()))
    return pd.DataFrame(rows, columns=["formulation", "position", "component"])


def label(form: str, gloss: str, *, width: int = 38) -> str:
    """``"社会主义核心价值观 · core socialist values"``, the gloss cut to ``width`` characters."""
    gloss = gloss if len(gloss) <= width else gloss[: width - 1].rstrip() + "…"
    return f"{form} · {gloss}"


def read_lexicon(path: Path | str) -> pd.DataFrame:
    """Read and validate a user's lexicon CSV (see :func:`load_lexicon` for the checks; the
    bundled lexicon is ``load_lexicon()``)."""
    return load_lexicon(path)
