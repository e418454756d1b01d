"""Atomic file writes: a failed or interrupted write never leaves a half-written file.

Data goes to a hidden temporary file beside the target (``.textlib-<name>.<random>.tmp``) and
is moved into place with ``os.replace``. A temp file is removed when the write fails; one left
by a killed process is recognisable by its name and removed by :func:`remove_stale_temp_files`.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from textlib.errors import OutputError

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
