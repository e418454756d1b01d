"""Render registered figures from a Study: glyph-checked, deterministic, written atomically."""

from __future__ import annotations

import hashlib
import io
import json
import os
import sys
import time
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.text import Text

from textlib.atomic import prepare_folder, write_bytes_atomic
from textlib.errors import FigureBuildError, NotApplicableError, TextlibError
from textlib.figures.gallery import gallery_markdown
from textlib.figures.registry import FigureSpec, get_spec, specs
from textlib.load.corpus import Corpus
from textlib.study import Study, as_study
from textlib.viz.fonts import check_glyphs
from textlib.viz.style import figure_style

DEFAULT_OUT = Path("figures")  # relative to the working directory, never inside the package


def figure_strings(fig: Figure) -> list[str]:
    """Every string the figure will render (titles, ticks, legends, annotations)."""
    return [t.get_text() for t in fig.findobj(Text) if t.get_visible() and t.get_text()]


FORMATS = ("png", "svg", "pdf")
# no software version, no date: the same figure gives the same bytes on every run
_METADATA = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None},
    "pdf": {"CreationDate": None, "Creator": None, "Producer": None},
}


def render(fig: Figure, figure_id: str, fmt: str = "png") -> bytes:
    """Bytes of ``fig`` as PNG (300 dpi), SVG (fixed hash salt) or PDF (TrueType embedded),
    after checking every glyph; no version string or date embedded."""
    if fmt not in FORMATS:
        raise FigureBuildError(f"figure {figure_id!r}: unknown format {fmt!r}; use {FORMATS}")
    check_glyphs(figure_id, figure_strings(fig))
    buffer = io.BytesIO()
    with figure_style(), warnings.catch_warnings():
        warnings.filterwarnings("error", message="Glyph .*missing from", category=UserWarning)
        fig.savefig(buffer, format=fmt, metadata=_METADATA[fmt])
    return buffer.getvalue()


def render_png(fig: Figure, figure_id: str) -> bytes:
    """PNG bytes of ``fig`` (see :func:`render`)."""
    return render(fig, figure_id, "png")


def table_csv(table: pd.DataFrame) -> bytes:
    """Deterministic CSV bytes of a figure's data (UTF-8, ``\\n`` line ends, 6 significant
    digits for floats)."""
    return table.to_csv(index=False, lineterminator="\n", float_format="%.6g").encode("utf-8")


def save_figure(fig: Figure, path: Path | str, figure_id: str = "figure") -> bool:
    """Save ``fig`` as PNG atomically; returns whether the file changed."""
    with figure_style():
        return write_bytes_atomic(path, render_png(fig, figure_id))


def _plot(spec: FigureSpec, table: pd.DataFrame) -> Figure:
    try:
        return spec.plot(table)
    except TextlibError:
        raise
    except Exception as err:  # a bug of ours: say which figure, keep the cause for debugging
        if os.environ.get("TEXTLIB_DEBUG"):
            raise
        raise FigureBuildError(
            f"figure {spec.figure_id!r} could not be drawn ({type(err).__name__}); "
            "set TEXTLIB_DEBUG=1 for the details"
        ) from err


def figure_table(spec: FigureSpec, study: Study) -> pd.DataFrame:
    """``spec.data(study)``; an internal failure becomes a :class:`FigureBuildError` naming the
    figure (a :class:`NotApplicableError` passes through as it is)."""
    try:
        return spec.data(study)
    except TextlibError:
        raise
    except Exception as err:
        if os.environ.get("TEXTLIB_DEBUG"):
            raise
        raise FigureBuildError(
            f"figure {spec.figure_id!r}: its data could not be computed "
            f"({type(err).__name__}); set TEXTLIB_DEBUG=1 for the details"
        ) from err


def draw(figure_id: str, study: Study | Corpus | None = None, **parameters) -> Figure:
    """Draw one registered figure from a study's tables (e.g. in a notebook), glyph-checked.

    ``study`` defaults to a study of the seed page; a bare corpus gets default parameters;
    ``parameters`` (``k=4``…) give a variant of the study. A figure that does not apply to
    the corpus raises :class:`textlib.NotApplicableError` saying why.
    """
    spec = get_spec(figure_id)
    study = as_study(study, **parameters)
    table = figure_table(spec, study)
    with figure_style():
        fig = _plot(spec, table)
    check_glyphs(figure_id, figure_strings(fig))
    return fig


def prepare_out(out: Path | str) -> Path:
    """Create the output folder (or check it) and remove temp files of killed builds."""
    return prepare_folder(out)


def build_one(
    spec: FigureSpec, study: Study, out: Path, *, formats: Iterable[str] = FORMATS
) -> list[tuple[Path, bool]]:
    """Build one registered figure in each of ``formats``, and its data CSV. Returns
    ``(path, changed)`` pairs."""
    table = figure_table(spec, study)
    with figure_style():
        fig = _plot(spec, table)
        files = [(out / f"{spec.stem}.{fmt}", render(fig, spec.figure_id, fmt)) for fmt in formats]
    files.append((out / f"{spec.stem}.csv", table_csv(table)))
    return [(path, write_bytes_atomic(path, data)) for path, data in files]


MANIFEST = ".textlib-build.json"  # per figure: the inputs key and the bytes it wrote


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """SHA-256 of textlib's own files (code and data) and the versions of the plotting stack:
    a figure is rebuilt whenever any of them changes."""
    from importlib import metadata

    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if (
            path.is_file()
            and path.suffix in (".py", ".csv", ".txt")
            and "__pycache__" not in path.parts
        ):
            digest.update(str(path.relative_to(root)).encode("utf-8") + b"\0")
            digest.update(path.read_bytes())
    for package in ("matplotlib", "numpy", "pandas", "scipy", "scikit-learn", "wordcloud", "jieba"):
        try:
            digest.update(f"{package}={metadata.version(package)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{package}=none".encode())
    return digest.hexdigest()


def _read_manifest(out: Path) -> dict:
    try:
        return json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _up_to_date(entry: dict | None, key: str, out: Path) -> bool:
    if not entry or entry.get("key") != key:
        return False
    for name, digest in entry.get("files", {}).items():
        path = out / name
        if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            return False
    return True


@dataclass(frozen=True)
class FigureOutcome:
    """What became of one figure in a build: ``status`` ``built`` (files written or already
    up to date), ``skipped`` (:class:`NotApplicableError`: ``reason`` says why) or ``failed``
    (``reason`` is the error); ``files`` the ``(path, changed)`` pairs written."""

    figure_id: str
    status: str
    reason: str = ""
    files: tuple[tuple[Path, bool], ...] = ()
    seconds: float = 0.0


def build_figures(
    study: Study | Corpus | None = None,
    out: Path | str = DEFAULT_OUT,
    *,
    only: Iterable[str] | None = None,
    formats: Iterable[str] = FORMATS,
    incremental: bool = True,
    progress: bool | None = None,
    report: list[FigureOutcome] | None = None,
) -> list[tuple[str, Path, bool]]:
    """Build the registered figures (all, or the ids in ``only``) of ``study`` into ``out``, in
    each of ``formats`` (``png``, ``svg``, ``pdf``), each with the CSV of its data.

    Returns ``(figure_id, path, changed)`` per file. Every figure is built or accounted for: a
    figure that does not apply to the corpus (:class:`NotApplicableError`) is skipped with its
    reason, and a figure that fails does not stop the others; ``report`` (a list) receives one
    :class:`FigureOutcome` per figure. The gallery (``README.md``) and the manifest are
    rewritten after every figure, so an interrupted build leaves the finished figures with a
    gallery and manifest of what exists. Each file is written atomically. With
    ``incremental``, a figure whose inputs (the study's fingerprint, textlib's code and data,
    the plotting stack's versions, the formats) and files are unchanged since the last build is
    not drawn again (``out/.textlib-build.json`` records them; it holds no dates). ``progress``
    shows a bar per figure (None: on a terminal only).
    """
    chosen = [get_spec(f) for f in only] if only else specs()
    formats = tuple(formats)
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise FigureBuildError(f"unknown format(s) {unknown}; choose from {list(FORMATS)}")
    study = as_study(study)
    out = prepare_out(out)
    manifest = _read_manifest(out) if incremental else {}
    known = {s.figure_id for s in specs()}
    outcomes: list[FigureOutcome] = report if report is not None else []
    results: list[tuple[str, Path, bool]] = []
    for spec in _progress(chosen, progress):
        started = time.perf_counter()
        key = hashlib.sha256(
            f"{study.fingerprint}|{code_fingerprint()}|{spec.figure_id}|{formats}".encode()
        ).hexdigest()
        entry = manifest.get(spec.figure_id)
        if entry and entry.get("status") == "skipped" and entry.get("key") == key:
            outcome = FigureOutcome(spec.figure_id, "skipped", entry.get("reason", ""))
        elif _up_to_date(entry, key, out):
            names = [f"{spec.stem}.{fmt}" for fmt in (*formats, "csv")]
            outcome = FigureOutcome(
                spec.figure_id, "built", files=tuple((out / name, False) for name in names)
            )
        else:
            outcome = _build_or_explain(spec, study, out, formats)
            if outcome.status == "built":
                files = {
                    p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p, _ in outcome.files
                }
                manifest[spec.figure_id] = {"key": key, "files": files}
            elif outcome.status == "skipped":
                manifest[spec.figure_id] = {
                    "key": key,
                    "status": "skipped",
                    "reason": outcome.reason,
                }
                _remove_stale(out, spec, formats)
            else:
                manifest.pop(spec.figure_id, None)
        outcome = replace(outcome, seconds=round(time.perf_counter() - started, 1))
        outcomes.append(outcome)
        results.extend((spec.figure_id, path, changed) for path, changed in outcome.files)
        _write_index(out, manifest, known, outcomes, formats, whole=not only)
    if not only:
        results.append(("gallery", out / "README.md", True))
    return results


def _progress(items: list, progress: bool | None):
    from tqdm.auto import tqdm

    disable = (not sys.stderr.isatty()) if progress is None else not progress
    bar = tqdm(items, desc="figures", unit="figure", disable=disable, leave=False)
    for spec in bar:
        bar.set_postfix_str(spec.figure_id)
        yield spec


def _build_or_explain(
    spec: FigureSpec, study: Study, out: Path, formats: tuple[str, ...]
) -> FigureOutcome:
    try:
        written = build_one(spec, study, out, formats=formats)
    except NotApplicableError as err:
        return FigureOutcome(spec.figure_id, "skipped", err.reason)
    except TextlibError as err:
        return FigureOutcome(spec.figure_id, "failed", str(err))
    except Exception as err:
        if os.environ.get("TEXTLIB_DEBUG"):
            raise
        return FigureOutcome(spec.figure_id, "failed", f"unexpected {type(err).__name__}: {err}")
    return FigureOutcome(spec.figure_id, "built", files=tuple(written))


def _remove_stale(out: Path, spec: FigureSpec, formats: tuple[str, ...]) -> None:
    """A figure skipped now leaves no file of an earlier build that would contradict it."""
    for fmt in (*FORMATS, "csv"):
        path = out / f"{spec.stem}.{fmt}"
        if path.is_file():
            path.unlink()


def _write_index(
    out: Path,
    manifest: dict,
    known: set[str],
    outcomes: list[FigureOutcome],
    formats: tuple[str, ...],
    *,
    whole: bool,
) -> None:
    kept = {k: v for k, v in sorted(manifest.items()) if k in known}
    text = json.dumps(kept, indent=1, sort_keys=True) + "\n"
    write_bytes_atomic(out / MANIFEST, text.encode("utf-8"))
    if whole:  # the gallery describes the whole set: what was built, what was skipped and why
        page = gallery_markdown(specs(), formats, outcomes={o.figure_id: o for o in outcomes})
        write_bytes_atomic(out / "README.md", page.encode("utf-8"))
