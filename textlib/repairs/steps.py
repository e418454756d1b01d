"""Stage 2: repair the raw text of a unit, keeping every character traceable to the source.

Each step takes a :class:`TrackedText` and returns a new one (textacy-style: one verb per
transformation); :func:`make_pipeline` composes them. Steps only delete characters or replace
them in place, so the offset map always points at real source characters. Placeholders
(``XX``, ``***``) are data and are never touched.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import re
from collections.abc import Callable, Sequence

import numpy as np

from textlib.atomic import write_text_atomic
from textlib.package_data import data_path
from textlib.text import patterns as P
from textlib.text.tracked import Edit, RepairEvent, TrackedText

RepairStep = Callable[[TrackedText], TrackedText]

_BLANK_RUN = re.compile(r"\n{2,}")


def remove_page_markers(tracked: TrackedText) -> TrackedText:
    """Delete PDF page markers (``— 3 —``, ``mdash; 1 —``) found at the start of a line."""
    return tracked.sub(P.PAGE_MARKER, "", event="page_marker")


def strip_indentation(tracked: TrackedText) -> TrackedText:
    """Delete horizontal whitespace at the start and end of every line.

    What ``re.sub("(?m)^[ …]+|[ …]+$", "", text)`` does, line by line with ``str.strip``:
    linear time, and no pattern tried at every character."""
    edits = []
    pos = 0
    for line in tracked.text.split("\n"):
        end = pos + len(line)
        if line and (line[0] in P.HSPACE or line[-1] in P.HSPACE):
            left = len(line) - len(line.lstrip(P.HSPACE))
            if left == len(line):
                edits.append(Edit(pos, end))
            else:
                right = len(line) - len(line.rstrip(P.HSPACE))
                if left:
                    edits.append(Edit(pos, pos + left))
                if right:
                    edits.append(Edit(end - right, end))
        pos = end + 1
    return tracked.apply(edits) if edits else tracked


def is_heading_line(line: str) -> bool:
    """A line that is only an outline heading (``一、指导思想``), not a heading plus body.

    Numbered items (``9、…``) are headings only when short and without commas: in these
    texts they usually open a body paragraph.
    """
    marker = P.HEADING_MARKER.match(line)
    if not marker or re.search(r"[。;\uff1b!?\uff01\uff1f]", line):
        return False
    if marker.group(0)[0].isdigit():
        return len(line) <= 30 and not re.search(r"[,\uff0c]", line)
    return len(line) <= 60


def is_title_line(line: str) -> bool:
    """A document or part title (``…工作要点``, ``…工作方案 篇二``)."""
    return bool(P.TITLE_LINE.match(line))


def should_join(line: str, following: str, *, front_matter: bool) -> bool:
    """Whether ``line`` was broken by the PDF and continues in ``following``.

    A paragraph that ends without closing punctuation continues in the next one, unless it
    is front matter (a unit's first line when it holds no sentence), a title or a heading
    (a bare numeral line ``一`` of older reports included: joined, ``一`` + ``一九五六年…``
    would read ``一一九五六年…``), or the next paragraph opens a new outline heading.
    """
    if not line or not following or front_matter:
        return False
    if P.BARE_NUMERAL_LINE.match(line):
        return False
    if line[-1] in P.PARAGRAPH_END or P.TRUNCATION.search(line):
        return False
    if is_title_line(line) or is_heading_line(line):
        return False
    mid_clause = line[-1] in "、,\uff0c—"
    return mid_clause or not P.HEADING_MARKER.match(following)


def join_broken_lines(tracked: TrackedText) -> TrackedText:
    """Re-join paragraphs broken across lines (and page markers); one paragraph per line.

    Expects indentation already stripped. Each join is logged as a ``broken_line`` event at
    the last character before the break.
    """
    text = tracked.text
    paragraphs = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    edits: list[Edit] = []
    events: list[RepairEvent] = []
    for k, ((a_start, a_end), (b_start, b_end)) in enumerate(itertools.pairwise(paragraphs)):
        line, following = text[a_start:a_end], text[b_start:b_end]
        front_matter = k == 0 and not P.SENTENCE_PUNCT.search(line)
        if should_join(line, following, front_matter=front_matter):
            edits.append(Edit(a_end, b_start, ""))
            shown = f"{line[-10:]}⏎{following[:10]}"
            events.append(RepairEvent("broken_line", tracked.source_offset(a_end - 1), shown))
        elif b_start - a_end > 1:
            edits.append(Edit(a_end, b_start, "\n"))
    edits.extend(_edge_edits(text, paragraphs))
    return tracked.apply(edits, events)


def _edge_edits(text: str, paragraphs: list[tuple[int, int]]) -> list[Edit]:
    """Edits deleting the newlines before the first and after the last paragraph."""
    if not paragraphs:
        return [Edit(0, len(text), "")] if text else []
    edits = []
    if paragraphs[0][0] > 0:
        edits.append(Edit(0, paragraphs[0][0], ""))
    if paragraphs[-1][1] < len(text):
        edits.append(Edit(paragraphs[-1][1], len(text), ""))
    return edits


def drop_pdf_spaces(tracked: TrackedText) -> TrackedText:
    """Delete the spaces a PDF puts inside Chinese text (``2022 年`` → ``2022年``).

    A whitespace run between two Han characters is kept as one space: in these texts it
    separates the parts of a slogan (``好家庭 好家教 好家风``), a heading from its body, or
    marks a redacted name. Any other run touching Chinese (Han, CJK punctuation, curly
    quotes) is deleted: ``2022 年``, ``QQ 群``, ``开展 “两优一先”``. Runs between two
    non-Chinese characters are kept as one space (``Copyright © 2002``).
    """

    def replace(match: re.Match[str]) -> str:
        text = match.string
        before = text[match.start() - 1] if match.start() > 0 else "\n"
        after = text[match.end()] if match.end() < len(text) else "\n"
        if "\n" in (before, after):
            return ""
        if P.is_han(before) and P.is_han(after):
            return " "
        return "" if P.is_cjk(before) or P.is_cjk(after) else " "

    if not any(ch in tracked.text for ch in P.HSPACE):  # no space at all: nothing to do
        return tracked
    return tracked.sub(P.HSPACE_RUN, replace)


def remove_zero_width(tracked: TrackedText) -> TrackedText:
    """Delete invisible characters inside the text: zero-width space (U+200B), non-joiner
    (U+200C), joiner (U+200D), word joiner (U+2060) and BOM / zero-width no-break space
    (U+FEFF). Each deletion is logged as a ``zero_width`` event."""
    if not any(ch in tracked.text for ch in P.ZERO_WIDTH_CHARS):  # the usual case, fast
        return tracked
    return tracked.sub(P.ZERO_WIDTH, "", event="zero_width")


_FULLWIDTH_TO_ASCII = {c: c - 0xFEE0 for c in range(0xFF10, 0xFF5B)}


def fullwidth_ascii(tracked: TrackedText) -> TrackedText:
    """Replace full-width digits and letters (``２０２２``, ``ＧＤＰ``) with their half-width
    forms, one character for one, so each still maps to its source character."""
    return tracked.sub(P.FULLWIDTH_ALNUM, lambda m: m.group(0).translate(_FULLWIDTH_TO_ASCII))


@functools.lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


_HAN_RANGES = ((0x3400, 0xA000), (0xF900, 0xFB00))  # CJK Ext. A + Unified, Compatibility
_HAN_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
#: Share of Han characters changed by t2s above which a text counts as traditional (traditional
#: prose scores 0.3–0.4; a simplified text quoting a traditional name stays well below).
TRADITIONAL_SHARE = 0.2


#: Shipped copy of :func:`opencc_t2s_table`: one line per traditional character, followed by
#: its simplified form (reading it costs a millisecond; building it from OpenCC, a third of a
#: second in every process). ``tests/test_normalise.py`` checks it against OpenCC;
#: :func:`write_t2s_table` rewrites it.
T2S_FILE = "t2s_chars.txt"


@functools.lru_cache(maxsize=1)
def t2s_table() -> dict[int, str]:
    """``{code point: simplified character}`` for every Han character that OpenCC's t2s
    changes into exactly one other character (the shipped :data:`T2S_FILE`)."""
    lines = data_path(T2S_FILE).read_text(encoding="utf-8").split("\n")
    return {ord(line[0]): line[1] for line in lines if line}


def opencc_t2s_table() -> dict[int, str]:
    """:func:`t2s_table` as OpenCC builds it: one t2s call on every Han character, one per
    line, so no phrase rule spans two characters."""
    chars = [chr(c) for low, high in _HAN_RANGES for c in range(low, high)]
    converted = _t2s().convert("\n".join(chars)).split("\n")
    if len(converted) != len(chars):  # a line break changed: fall back to one call each
        converted = [_t2s().convert(ch) for ch in chars]
    pairs = zip(chars, converted, strict=True)
    return {ord(ch): out for ch, out in pairs if len(out) == 1 and out != ch}


def write_t2s_table() -> None:
    """Rewrite the shipped :data:`T2S_FILE` from the installed OpenCC (after an upgrade)."""
    table = opencc_t2s_table()
    lines = "".join(f"{chr(code)}{table[code]}\n" for code in sorted(table))
    write_text_atomic(data_path(T2S_FILE), lines)


@functools.lru_cache(maxsize=1)
def _script_kinds() -> np.ndarray:
    """Per UTF-16 code unit: 0 not Han (surrogates included), 1 Han that t2s keeps, 2 Han
    that t2s changes."""
    kinds = np.zeros(0x10000, dtype=np.uint8)
    for low, high in _HAN_RANGES:
        kinds[low:high] = 1
    kinds[list(t2s_table())] = 2
    return kinds


def simplified_char(ch: str) -> str:
    """The simplified form of one character (itself when OpenCC's t2s maps it to more or
    fewer than one character)."""
    if any(low <= ord(ch) < high for low, high in _HAN_RANGES):
        return t2s_table().get(ord(ch), ch)
    out = _t2s().convert(ch)
    return out if len(out) == 1 else ch


def traditional_share(text: str) -> float:
    """Share of the Han characters of ``text`` that OpenCC's t2s changes (0 without Han).

    Vectorised: one table lookup per UTF-16 code unit (:func:`t2s_table`); characters beyond
    the Basic Multilingual Plane are surrogate pairs, which count as not Han."""
    units = np.frombuffer(text.encode("utf-16-le", "surrogatepass"), dtype="<u2")
    _, kept, changed = np.bincount(_script_kinds()[units], minlength=3)
    han = int(kept) + int(changed)
    return int(changed) / han if han else 0.0


def detect_script(text: str, threshold: float = TRADITIONAL_SHARE) -> str:
    """``traditional`` or ``simplified`` by :func:`traditional_share`; ``none`` without Han."""
    if not _HAN_RUN.search(text):
        return "none"
    return "traditional" if traditional_share(text) > threshold else "simplified"


def to_simplified(tracked: TrackedText) -> TrackedText:
    """Convert traditional characters to simplified ones, character for character (OpenCC
    t2s on each character), so every character keeps its source offset. One ``to_simplified``
    event per unit records how many characters changed."""
    table = t2s_table()
    out = tracked.sub(_HAN_RUN, lambda match: match.group(0).translate(table))
    if out is tracked:
        return tracked
    changed = int(sum(a != b for a, b in zip(tracked.text, out.text, strict=True)))
    first = next(i for i, (a, b) in enumerate(zip(tracked.text, out.text, strict=True)) if a != b)
    event = RepairEvent("to_simplified", tracked.source_offset(first), f"{changed} characters")
    return TrackedText(out.text, out.offsets, (*out.events, event))


def simplify_if_traditional(tracked: TrackedText) -> TrackedText:
    """:func:`to_simplified` when the text is detected as traditional (:func:`detect_script`),
    otherwise unchanged."""
    if detect_script(tracked.text) != "traditional":
        return tracked
    return to_simplified(tracked)


class DropPassages:
    """A repair step deleting the lines of a unit that are corpus-level boilerplate: lines
    repeated across many units (``passages``, found by
    :func:`textlib.load.boilerplate.repeated_lines`) that are not body text by
    :func:`boilerplate_lines` (navigation, licence and copyright lines, a footer block;
    never a heading or a sentence in the body). Each deleted line is logged as a
    ``boilerplate`` event. Picklable, so it runs in worker processes."""

    def __init__(self, passages, *, hashed: bool = False) -> None:
        self.passages = frozenset(passages)
        self.hashed = hashed  # passages given as passage_hash values (a streaming reader's)

    def __call__(self, tracked: TrackedText) -> TrackedText:
        if not self.passages:
            return tracked
        key = (lambda line: passage_hash(passage_key(line))) if self.hashed else passage_key
        lines = tracked.text.split("\n")
        starts = list(itertools.accumulate((len(line) + 1 for line in lines[:-1]), initial=0))
        spans = [(a, a + len(line)) for a, line in zip(starts, lines, strict=True)]
        repeated = [bool(passage_key(line)) and key(line) in self.passages for line in lines]
        edits, events = [], []
        for k in boilerplate_lines(lines, repeated):
            a, b = spans[k]
            edits.append(Edit(a, b, ""))
            events.append(RepairEvent("boilerplate", tracked.source_offset(a), lines[k][:40]))
        return tracked.apply(edits, events) if edits else tracked


#: Lines that say who publishes or licenses a page, not what a document says.
LICENCE_LINE = re.compile(
    r"版权所有|版权声明|Copyright|©|ICP备|公网安备|转载|许可协议|知识共享|Creative Commons|"
    r"公有领域|Public domain|维基文库|维基百科|本作品|本模板",
    re.IGNORECASE,
)
#: A repeated line at least this long is body text, whatever else it is.
LONG_LINE = 50
_SENTENCE_END = re.compile(r"[。!?;:…\uff01\uff1f\uff1b\uff1a][”’」』）)】\u300b\u3011\"']*$")
_WORD_CHAR = re.compile(r"[\u3400-\u9fffA-Za-z]")


def line_kind(line: str) -> str:
    """What a repeated line is: ``licence`` (a copyright or licence line), ``keep`` (a
    heading, a salutation, a title line such as ``政府工作报告``, or a line of
    :data:`LONG_LINE`+ characters: body text),
    ``sentence`` (ends like a sentence, two or more Han characters or letters) or
    ``fragment`` (navigation, a label, a broken footer line)."""
    key = passage_key(line)
    if LICENCE_LINE.search(key):
        return "licence"
    if (
        P.HEADING_MARKER.match(key)
        or P.BARE_NUMERAL_LINE.match(key)
        or P.SALUTATION.match(key)
        or P.TITLE_LINE.match(key)
        or len(key) >= LONG_LINE
    ):
        return "keep"
    if _SENTENCE_END.search(key) and len(_WORD_CHAR.findall(key)) >= 2:
        return "sentence"
    return "fragment"


def boilerplate_lines(lines: Sequence[str], repeated: Sequence[bool]) -> list[int]:
    """Indices of the lines of one unit that are boilerplate: of the lines ``repeated``
    across units, the licence lines and the fragments (short lines that are no sentence:
    navigation, "Public domain", a footer broken over lines), and the short sentences that
    stand in one block with such a line (consecutive repeated lines with no blank line
    between them: a footer). A repeated sentence among the unit's own text, or standing
    alone, is template and kept."""
    kinds = [line_kind(line) if rep else "body" for line, rep in zip(lines, repeated, strict=True)]
    drop: list[int] = []
    run: list[int] = []

    def close() -> None:
        if any(kinds[k] in ("licence", "fragment") for k in run):
            drop.extend(run)
        run.clear()

    for k, line in enumerate(lines):
        if not passage_key(line):
            close()  # a blank line ends a block
        elif kinds[k] in ("licence", "fragment", "sentence"):
            run.append(k)
        else:
            close()
    close()
    return sorted(drop)


def passage_key(line: str) -> str:
    """A line as compared for boilerplate: invisible characters and edge spaces removed."""
    return P.ZERO_WIDTH.sub("", line).strip(P.HSPACE + "\n")


def passage_hash(key: str) -> int:
    """A stable 64-bit hash of a passage key (the same in every process and run, unlike
    ``hash``), so a reader can count passages without keeping their text."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "big")


#: Normalisation steps (each keeps the offset map); run before :data:`DEFAULT_STEPS`.
NORMALISING_STEPS: tuple[RepairStep, ...] = (remove_zero_width, fullwidth_ascii)


DEFAULT_STEPS: tuple[RepairStep, ...] = (
    remove_zero_width,
    fullwidth_ascii,
    remove_page_markers,
    strip_indentation,
    join_broken_lines,
    drop_pdf_spaces,
)


def make_pipeline(*steps: RepairStep) -> RepairStep:
    """Compose repair steps left to right into one step."""

    def pipeline(tracked: TrackedText) -> TrackedText:
        for step in steps:
            tracked = step(tracked)
        return tracked

    return pipeline


def repair(tracked: TrackedText, steps: Sequence[RepairStep] = DEFAULT_STEPS) -> TrackedText:
    """Run the repair steps (by default all of them, in pipeline order)."""
    return make_pipeline(*steps)(tracked)


def repair_text(text: str) -> str:
    """Repair a plain string (no provenance kept); handy in notebooks and tests."""
    return repair(TrackedText.from_source(text)).text
