"""Text that remembers, for every character, where it came from in the source."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class RepairEvent:
    """Something a repair step did: ``kind`` at source offset ``offset``; ``text`` shows it."""

    kind: str
    offset: int
    text: str


@dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` with ``replacement``."""

    start: int
    end: int
    replacement: str = ""


@dataclass(frozen=True, eq=False)
class TrackedText:
    """A string plus, for each of its characters, the offset of its source character.

    Repair steps only delete characters or replace them in place, so every character of
    a repaired text maps back to a real character of the source file.
    """

    text: str
    offsets: np.ndarray = field(repr=False)
    events: tuple[RepairEvent, ...] = ()

    def __post_init__(self) -> None:
        if len(self.offsets) != len(self.text):
            raise ValueError("offsets must have one entry per character")

    def __reduce__(self):
        # Sent to and from worker processes: the offsets as runs of consecutive source
        # offsets (a repaired text has few breaks), not eight bytes per character.
        starts, values = offset_runs(self.offsets)
        return _rebuild, (self.text, starts, values, self.events)

    @classmethod
    def from_source(cls, text: str, start: int = 0) -> TrackedText:
        """Track ``text`` whose first character sits at source offset ``start``."""
        return cls(text, np.arange(start, start + len(text), dtype=np.int64))

    def source_offset(self, index: int) -> int:
        """Source offset of character ``index`` (``len(text)`` maps past the last one)."""
        if index >= len(self.text):
            return int(self.offsets[-1]) + 1 if len(self.text) else 0
        return int(self.offsets[index])

    def apply(self, edits: Iterable[Edit], events: Iterable[RepairEvent] = ()) -> TrackedText:
        """Apply non-overlapping edits; replacement characters map to the replaced span."""
        pieces: list[str] = []
        offset_pieces: list[np.ndarray] = []
        pos = 0
        for edit in sorted(edits, key=lambda e: e.start):
            if edit.start < pos or edit.end < edit.start:
                raise ValueError(f"overlapping or inverted edit at {edit.start}")
            pieces.append(self.text[pos : edit.start])
            offset_pieces.append(self.offsets[pos : edit.start])
            if edit.replacement:
                span = self.offsets[edit.start : edit.end]
                if len(span) == len(edit.replacement):
                    mapped = span
                else:
                    anchor = span[0] if len(span) else self.source_offset(edit.start)
                    mapped = np.full(len(edit.replacement), anchor, dtype=np.int64)
                pieces.append(edit.replacement)
                offset_pieces.append(mapped)
            pos = edit.end
        pieces.append(self.text[pos:])
        offset_pieces.append(self.offsets[pos:])
        offsets = np.concatenate(offset_pieces) if offset_pieces else self.offsets[:0]
        return TrackedText("".join(pieces), offsets, self.events + tuple(events))

    def sub(
        self,
        pattern: re.Pattern[str],
        replacement: str | Callable[[re.Match[str]], str] = "",
        *,
        event: str | None = None,
    ) -> TrackedText:
        """Like ``pattern.sub`` but tracked; optionally log each match as a ``RepairEvent``."""
        edits: list[Edit] = []
        events: list[RepairEvent] = []
        for match in pattern.finditer(self.text):
            new = replacement(match) if callable(replacement) else replacement
            if new == match.group(0):
                continue
            edits.append(Edit(match.start(), match.end(), new))
            if event:
                events.append(
                    RepairEvent(event, self.source_offset(match.start()), match.group(0).strip())
                )
        if not edits:
            return self
        return self.apply(edits, events)


def offset_runs(offsets: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``offsets`` as runs of consecutive values: where each run starts and its first value
    (:func:`offsets_of_runs` inverts it)."""
    if not len(offsets):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    starts = np.concatenate(([0], np.flatnonzero(np.diff(offsets) != 1) + 1))
    return starts, offsets[starts]


def offsets_of_runs(starts: np.ndarray, values: np.ndarray, length: int) -> np.ndarray:
    """The offsets :func:`offset_runs` describes, ``length`` of them."""
    shift = np.repeat(values - starts, np.diff(np.append(starts, length)))
    return np.arange(length, dtype=np.int64) + shift


def _rebuild(
    text: str, starts: np.ndarray, values: np.ndarray, events: tuple[RepairEvent, ...]
) -> TrackedText:
    return TrackedText(text, offsets_of_runs(starts, values, len(text)), events)
