"""A registered figure: its id, file stem, the table it shows and how it is drawn."""

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
    """A registered figure: ``data`` gives the table it shows, ``plot`` draws that table."""

    figure_id: str
    stem: str
    data: Callable[[Study], pd.DataFrame]
    plot: Callable[[Study, pd.DataFrame], Figure]
    description: str

    @property
    def filename(self) -> str:
        return f"{self.stem}.png"
