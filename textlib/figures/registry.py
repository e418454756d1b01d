"""Every figure of the project: id → builder → file name. Builders compute tables, then plot."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from matplotlib.figure import Figure

from textlib.corpus import Corpus, load_seed
from textlib.style import plan_colors


@dataclass
class FigureContext:
    """What builders share: the corpus (loaded once) and the plan colours."""

    corpus_loader: Callable[[], Corpus] = load_seed

    @classmethod
    def for_corpus(cls, corpus: Corpus) -> FigureContext:
        """A context around an already-loaded corpus (e.g. a user's own)."""
        return cls(corpus_loader=lambda: corpus)

    @cached_property
    def corpus(self) -> Corpus:
        return self.corpus_loader()

    @cached_property
    def colors(self) -> dict[str, str]:
        return plan_colors(self.corpus.plan_ids)


@dataclass(frozen=True)
class FigureSpec:
    """A registered figure."""

    figure_id: str
    filename: str
    build: Callable[[FigureContext], Figure]
    description: str


def _corpus_overview(ctx: FigureContext) -> Figure:
    from textlib.plots.overview import plot_corpus_overview
    from textlib.tables import corpus_overview

    return plot_corpus_overview(corpus_overview(ctx.corpus), ctx.colors)


REGISTRY: tuple[FigureSpec, ...] = (
    FigureSpec(
        "corpus_overview",
        "01_corpus_overview.png",
        _corpus_overview,
        "Repaired length of each unit with its noise counts (placeholders, breaks, truncation).",
    ),
)


def get_spec(figure_id: str) -> FigureSpec:
    """The registered figure with this id."""
    for spec in REGISTRY:
        if spec.figure_id == figure_id:
            return spec
    valid = ", ".join(s.figure_id for s in REGISTRY)
    raise KeyError(f"unknown figure id {figure_id!r}; registered: {valid}")
