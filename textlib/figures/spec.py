"""A registered figure: its id, file stem, the table it shows, how it is drawn, its caption."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd
from matplotlib.figure import Figure

if TYPE_CHECKING:
    from textlib.study import Study


@dataclass(frozen=True)
class FigureSpec:
    """A registered figure: ``data(study)`` gives the table it shows, reading only the Study's
    tables (it raises :class:`textlib.NotApplicableError` where the figure says nothing for
    the corpus); ``plot(table)`` draws that table alone. ``description`` is one line (the
    figure list, alt text); ``caption`` what the gallery says under it (how to read it, its
    caveats)."""

    figure_id: str
    stem: str
    data: Callable[[Study], pd.DataFrame]
    plot: Callable[[pd.DataFrame], Figure]
    description: str
    caption: str = ""

    @property
    def filename(self) -> str:
        return f"{self.stem}.png"
