"""Render registered figures from a Study: glyph-checked, deterministic, written atomically."""

from __future__ import annotations

import hashlib
import io
import json
import warnings
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.text import Text

from textlib.atomic import prepare_folder, write_bytes_atomic
from textlib.errors import FigureBuildError, TextlibError
from textlib.figures.gallery import gallery_markdown
from textlib.figures.registry import REGISTRY, FigureSpec, get_spec
from textlib.load.corpus import Corpus
from textlib.viz.fonts import check_glyphs
from textlib.viz.style import figure_style

if TYPE_CHECKING:
    from textlib.study import Study

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


def as_study(study: Study | Corpus | None) -> Study:
    """A study of ``study`` (a Study is returned as is; a corpus gets default parameters; None
    means the seed page)."""
    from textlib.datasets.seed import load_seed
    from textlib.study import Study

    if study is None:
        return Study(load_seed())
    if isinstance(study, Corpus):
        return Study(study)
    return study


def _plot(spec: FigureSpec, study: Study, table: pd.DataFrame) -> Figure:
    try:
        return spec.plot(study, table)
    except TextlibError:
        raise
    except Exception as err:
        raise FigureBuildError(f"figure {spec.figure_id!r} failed: {err}") from err


def draw(figure_id: str, study: Study | Corpus | None = None) -> Figure:
    """Draw one registered figure from a study's tables (e.g. in a notebook), glyph-checked.

    ``study`` defaults to a study of the seed page; a bare corpus gets default parameters.
    """
    spec = get_spec(figure_id)
    study = as_study(study)
    table = spec.data(study)
    with figure_style():
        fig = _plot(spec, study, table)
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
    table = spec.data(study)
    with figure_style():
        fig = _plot(spec, study, table)
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


def build_figures(
    study: Study | Corpus | None = None,
    out: Path | str = DEFAULT_OUT,
    *,
    only: Iterable[str] | None = None,
    formats: Iterable[str] = FORMATS,
    incremental: bool = True,
) -> list[tuple[str, Path, bool]]:
    """Build the registered figures (all, or the ids in ``only``) of ``study`` into ``out``, in
    each of ``formats`` (``png``, ``svg``, ``pdf``), each with the CSV of its data.

    Returns ``(figure_id, path, changed)`` per file. Each file is written atomically, so an
    error in one figure leaves every file already written intact. With ``incremental``, a
    figure whose inputs (the study's fingerprint, textlib's code and data, the plotting stack's
    versions, the formats) and files are unchanged since the last build is not drawn again
    (``out/.textlib-build.json`` records them; it holds no dates).
    """
    specs = [get_spec(f) for f in only] if only else list(REGISTRY)
    formats = tuple(formats)
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise FigureBuildError(f"unknown format(s) {unknown}; choose from {list(FORMATS)}")
    study = as_study(study)
    out = prepare_out(out)
    manifest = _read_manifest(out) if incremental else {}
    results = []
    for spec in specs:
        key = hashlib.sha256(
            f"{study.fingerprint}|{code_fingerprint()}|{spec.figure_id}|{formats}".encode()
        ).hexdigest()
        if _up_to_date(manifest.get(spec.figure_id), key, out):
            names = [f"{spec.stem}.{fmt}" for fmt in (*formats, "csv")]
            results.extend((spec.figure_id, out / name, False) for name in names)
            continue
        written = build_one(spec, study, out, formats=formats)
        results.extend((spec.figure_id, path, changed) for path, changed in written)
        manifest[spec.figure_id] = {
            "key": key,
            "files": {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p, _ in written},
        }
    known = {s.figure_id for s in REGISTRY}
    manifest = {k: v for k, v in sorted(manifest.items()) if k in known}
    text = json.dumps(manifest, indent=1, sort_keys=True) + "\n"
    write_bytes_atomic(out / MANIFEST, text.encode("utf-8"))
    if not only:  # the gallery describes the whole set
        page = out / "README.md"
        text = gallery_markdown(specs, formats)
        results.append(("gallery", page, write_bytes_atomic(page, text.encode("utf-8"))))
    return results
