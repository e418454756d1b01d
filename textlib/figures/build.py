"""Render registered figures from a Study: glyph-checked, deterministic, written atomically."""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.text import Text

from textlib import atomic
from textlib.atomic import write_bytes_atomic
from textlib.errors import FigureBuildError, OutputError, TextlibError
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


def render_png(fig: Figure, figure_id: str) -> bytes:
    """PNG bytes of ``fig`` after checking every glyph; no version string or date embedded."""
    check_glyphs(figure_id, figure_strings(fig))
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message="Glyph .*missing from", category=UserWarning)
        fig.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


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
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise OutputError(out, "is a file, not a folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError(out, f"cannot create the folder ({err.strerror})") from None
    atomic.remove_stale_temp_files(out)
    return out


def build_one(spec: FigureSpec, study: Study, out: Path) -> list[tuple[Path, bool]]:
    """Build one registered figure: its PNG and its data CSV. Returns (path, changed) pairs."""
    table = spec.data(study)
    with figure_style():
        png = render_png(_plot(spec, study, table), spec.figure_id)
    written = []
    for path, data in (
        (out / f"{spec.stem}.png", png),
        (out / f"{spec.stem}.csv", table_csv(table)),
    ):
        written.append((path, write_bytes_atomic(path, data)))
    return written


def build_figures(
    study: Study | Corpus | None = None,
    out: Path | str = DEFAULT_OUT,
    *,
    only: Iterable[str] | None = None,
) -> list[tuple[str, Path, bool]]:
    """Build the registered figures (all, or the ids in ``only``) of ``study`` into ``out``.

    Returns ``(figure_id, path, changed)`` per file written. Each file is written atomically,
    so an error in one figure leaves every file already written intact.
    """
    specs = [get_spec(f) for f in only] if only else list(REGISTRY)
    study = as_study(study)
    out = prepare_out(out)
    results = []
    for spec in specs:
        results.extend(
            (spec.figure_id, path, changed) for path, changed in build_one(spec, study, out)
        )
    return results
