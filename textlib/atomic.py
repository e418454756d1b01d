"""Atomic file writes: a failed or interrupted write never leaves a half-written file.

Data goes to a hidden temporary file beside the target (``.textlib-<name>.<random>.tmp``) and
is moved into place with ``os.replace``. A temp file is removed when the write fails; one left
by a killed process is recognisable by its name and removed by :func:`remove_stale_temp_files`.
"""

from __future__ import annotations

import os
import re
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from textlib.errors import OutputError

if TYPE_CHECKING:
    import pandas as pd

TEMP_PREFIX = ".textlib-"
TEMP_SUFFIX = ".tmp"


def new_file_mode() -> int:
    """The permissions a plain ``open(path, "w")`` would give a new file (0666 minus the
    umask); temp files start at 0600 and get these before they are moved into place."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _problem(err: OSError) -> str:
    return err.strerror or type(err).__name__


def write_bytes_atomic(path: Path | str, data: bytes, *, create_folder: bool = False) -> bool:
    """Write ``data`` to ``path`` via a temporary file and ``os.replace``.

    Returns False (and leaves the file untouched) when it already holds exactly ``data``.
    A folder that does not exist (unless ``create_folder``), is a file or cannot be written,
    and a target that is a folder, raise :class:`OutputError` naming the path.
    """
    path = Path(path)
    folder = path.parent
    if path.is_dir():
        raise OutputError(path, "is a folder, not a file")
    if folder.exists() and not folder.is_dir():
        raise OutputError(folder, "is a file, not a folder")
    if not folder.exists():
        if not create_folder:
            raise OutputError(folder, "folder does not exist")
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise OutputError(folder, f"cannot create the folder ({_problem(err)})") from None
    try:
        if path.is_file() and path.read_bytes() == data:
            return False
    except OSError as err:
        raise OutputError(path, f"cannot read the existing file ({_problem(err)})") from None
    try:
        fd, tmp = tempfile.mkstemp(
            prefix=f"{TEMP_PREFIX}{path.name}.", suffix=TEMP_SUFFIX, dir=folder
        )
    except OSError as err:
        raise OutputError(folder, f"cannot write in this folder ({_problem(err)})") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, new_file_mode())
        os.replace(tmp, path)
    except OSError as err:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(path, f"cannot write the file ({_problem(err)})") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def write_text_atomic(path: Path | str, text: str, *, create_folder: bool = False) -> bool:
    """UTF-8 text version of :func:`write_bytes_atomic`."""
    return write_bytes_atomic(path, text.encode("utf-8"), create_folder=create_folder)


def is_temp_file(path: Path | str) -> bool:
    """Whether ``path`` is named like a temp file of :func:`write_bytes_atomic`."""
    name = Path(path).name
    return name.startswith(TEMP_PREFIX) and name.endswith(TEMP_SUFFIX)


def remove_stale_temp_files(folder: Path | str, *, min_age: float = 0.0) -> list[Path]:
    """Delete temp files that killed writes left in ``folder`` (not its subfolders); returns
    them. Only files older than ``min_age`` seconds go (0: all), so a build can spare the
    temp files of a write still running in parallel."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    now = time.time()
    removed = []
    for path in sorted(folder.glob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}")):
        try:
            if not path.is_file() or now - path.stat().st_mtime < min_age:
                continue
            path.unlink()
        except FileNotFoundError:
            continue
        except OSError as err:
            raise OutputError(path, f"cannot remove a stale temp file ({_problem(err)})") from None
        removed.append(path)
    return removed


def prepare_folder(out: Path | str, *, stale_min_age: float = 0.0) -> Path:
    """Create an output folder (or check it is one) and remove the temp files killed writes
    left in it (older than ``stale_min_age`` seconds); :class:`OutputError` names the path."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise OutputError(out, "is a file, not a folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError(out, f"cannot create the folder ({_problem(err)})") from None
    remove_stale_temp_files(out, min_age=stale_min_age)
    return out


# -- CSV cells a spreadsheet would run as formulas ---------------------------------------------
#: A text cell starting with one of these (after any apostrophes) is a formula to a
#: spreadsheet (``=HYPERLINK(…)``, ``+cmd|…``, ``@SUM(…)``, or one hidden behind a tab or CR).
FORMULA_START = re.compile(r"'*[=+\-@\t\r]")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def neutralise_cell(value: object) -> object:
    """``value`` with an apostrophe in front when it is text a spreadsheet would run as a
    formula (see :data:`FORMULA_START`); numbers, and text that is a plain number such as
    ``-3``, are unchanged. Text already starting with apostrophes before such a character
    gets one more, so :func:`restore_cell` gives back exactly the original."""
    if isinstance(value, str) and FORMULA_START.match(value) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def restore_cell(value: object) -> object:
    """The cell :func:`neutralise_cell` was given: one leading apostrophe dropped from text
    that starts with apostrophes before ``=``, ``+``, ``-``, ``@``, a tab or a CR."""
    if isinstance(value, str) and value.startswith("'") and FORMULA_START.match(value[1:]):
        return value[1:]
    return value


def csv_safe(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` with every text cell, column name and index label passed through
    :func:`neutralise_cell` (numeric columns untouched)."""
    import pandas as pd

    safe = table.copy()
    for k in range(safe.shape[1]):
        column = safe.iloc[:, k]
        if pd.api.types.is_object_dtype(column) or pd.api.types.is_string_dtype(column):
            safe.isetitem(k, column.map(neutralise_cell, na_action="ignore"))
    safe.columns = [neutralise_cell(c) for c in safe.columns]
    safe.index = safe.index.map(neutralise_cell)
    return safe


def restore_table(table: pd.DataFrame) -> pd.DataFrame:
    """A table read back from a CSV that textlib wrote (``pd.read_csv(path)``) with the
    apostrophes of :func:`csv_safe` removed from its text cells and column names."""
    import pandas as pd

    restored = table.copy()
    for k in range(restored.shape[1]):
        column = restored.iloc[:, k]
        if pd.api.types.is_object_dtype(column) or pd.api.types.is_string_dtype(column):
            restored.isetitem(k, column.map(restore_cell, na_action="ignore"))
    restored.columns = [restore_cell(c) for c in restored.columns]
    return restored


def csv_bytes(
    table: pd.DataFrame, *, index: bool = False, float_format: str | None = None
) -> bytes:
    """The UTF-8 CSV bytes of ``table`` (``\\n`` line ends) with formula-like text cells
    neutralised (:func:`csv_safe`): every CSV textlib writes goes through here. Read one back
    with :func:`restore_table`."""
    text = csv_safe(table).to_csv(index=index, lineterminator="\n", float_format=float_format)
    return text.encode("utf-8")


def write_csv_atomic(
    path: Path | str,
    table: pd.DataFrame,
    *,
    index: bool = False,
    float_format: str | None = None,
    create_folder: bool = False,
) -> bool:
    """:func:`csv_bytes` of ``table`` written with :func:`write_bytes_atomic`."""
    data = csv_bytes(table, index=index, float_format=float_format)
    return write_bytes_atomic(path, data, create_folder=create_folder)
