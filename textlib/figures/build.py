"""Render registered figures to PNG, deterministically, glyph-checked and atomically."""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterable
from pathlib import Path

from matplotlib.figure import Figure
from matplotlib.text import Text

from textlib.atomic import write_bytes_atomic
from textlib.errors import FigureBuildError, TextlibError
from textlib.figures.registry import REGISTRY, FigureContext, FigureSpec, get_spec
from textlib.load.corpus import Corpus
from textlib.viz.fonts import check_glyphs
from textlib.viz.style import figure_style

DEFAULT_OUT = Path(__file__).resolve().parents[2] / "figures"


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


def save_figure(fig: Figure, path: Path | str, figure_id: str = "figure") -> bool:
    """Save ``fig`` as PNG atomically; returns whether the file changed."""
    with figure_style():
        return write_bytes_atomic(path, render_png(fig, figure_id))


def draw(figure_id: str, corpus: Corpus | None = None) -> Figure:
    """Build one registered figure for display (e.g. in a notebook), glyph-checked.

    ``corpus`` defaults to the seed page.
    """
    spec = get_spec(figure_id)
    ctx = FigureContext.for_corpus(corpus) if corpus is not None else FigureContext()
    with figure_style():
        fig = spec.build(ctx)
    check_glyphs(figure_id, figure_strings(fig))
    return fig


def build_one(spec: FigureSpec, ctx: FigureContext, out: Path) -> bool:
    """Build and save one registered figure."""
    with figure_style():
        try:
            fig = spec.build(ctx)
        except TextlibError:
            raise
        except Exception as err:
            raise FigureBuildError(f"figure {spec.figure_id!r} failed: {err}") from err
        return write_bytes_atomic(out / spec.filename, render_png(fig, spec.figure_id))


def build_figures(
    out: Path | str = DEFAULT_OUT,
    only: Iterable[str] | None = None,
    ctx: FigureContext | None = None,
) -> list[tuple[str, Path, bool]]:
    """Build the registered figures (all, or the ids in ``only``) into ``out``.

    Returns ``(figure_id, path, changed)`` per figure. Each file is written atomically, so an
    error in one figure leaves every figure already written intact.
    """
    out = Path(out)
    ctx = ctx or FigureContext()
    specs = [get_spec(f) for f in only] if only else list(REGISTRY)
    results = []
    for spec in specs:
        changed = build_one(spec, ctx, out)
        results.append((spec.figure_id, out / spec.filename, changed))
    return results
