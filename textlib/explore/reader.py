"""A reader for one unit, as HTML: outline headings, formulation hits highlighted and glossed
on hover, redaction placeholders and repairs marked, each paragraph's source line in the
margin; and formulation hits as a keyword-in-context table."""

from __future__ import annotations

import html

import numpy as np
import pandas as pd

from textlib.load.corpus import Corpus
from textlib.text import patterns as P

NOISE_SIGNS = {"broken_line": "⏎", "page_marker": "¶", "truncation": "…"}
NOISE_NAMES = {
    "broken_line": "line break joined by the repair",
    "page_marker": "page marker removed",
    "truncation": "text ends cut off",
}

_CSS = """<style>
.tl-reader{font-family:system-ui,"Noto Sans CJK SC","Source Han Sans SC",sans-serif;
 line-height:1.7;max-width:52em}
.tl-reader .tl-par{display:grid;grid-template-columns:4.5em 1fr;column-gap:.8em}
.tl-reader .tl-ln{color:#888;font-size:.8em;text-align:right;padding-top:.3em;
 font-variant-numeric:tabular-nums}
.tl-reader .tl-ln .tl-nz{color:#b2182b;margin-left:.2em;cursor:help}
.tl-reader h2,.tl-reader h3,.tl-reader h4,.tl-reader h5{margin:.5em 0 .2em 0}
.tl-reader p{margin:.2em 0}
.tl-reader mark{background:#fde68a;padding:0 .1em;cursor:help}
.tl-reader .tl-ph{background:#e5e7eb;color:#b2182b;font-family:monospace;cursor:help}
.tl-reader .tl-unit{font-size:.85em;color:#555;border-bottom:1px solid #ccc;margin-top:1em}
</style>"""


class HTML(str):
    """An HTML string that JupyterLab (and a static HTML export) renders as HTML."""

    __slots__ = ()

    def _repr_html_(self) -> str:
        return str(self)


def _spans(hits: pd.DataFrame, glosses: pd.Series, unit_id: str, text: str) -> list[tuple]:
    """Non-overlapping (start, end, opening tag) spans: hits, then placeholders."""
    hits = hits[hits["unit_id"].astype(str) == unit_id]
    spans = []
    for form, variant, start, end in zip(
        hits["formulation"], hits["variant"], hits["start"], hits["end"], strict=True
    ):
        title = form if variant == form else f"{form} (variant {variant})"
        gloss = glosses.get(form, "")
        title = f"{title} · {gloss}" if gloss else title
        spans.append((int(start), int(end), f'<mark title="{html.escape(title)}">'))
    for m in P.PLACEHOLDER.finditer(text):
        tag = '<span class="tl-ph" title="redaction placeholder in the source">'
        spans.append((m.start(), m.end(), tag))
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    kept, last = [], -1
    for span in spans:
        if span[0] >= last:
            kept.append(span)
            last = span[1]
    return kept


def _render(text: str, lo: int, hi: int, spans: list[tuple[int, int, str]]) -> str:
    out, pos = [], lo
    for start, end, tag in spans:
        if end <= lo or start >= hi:
            continue
        start, end = max(start, lo), min(end, hi)
        out.append(html.escape(text[pos:start]))
        closing = "</mark>" if tag.startswith("<mark") else "</span>"
        out.append(f"{tag}{html.escape(text[start:end])}{closing}")
        pos = end
    out.append(html.escape(text[pos:hi]))
    return "".join(out)


def _unit_html(
    corpus: Corpus,
    unit_id: str,
    *,
    hits: pd.DataFrame,
    outline: pd.DataFrame,
    noise: pd.DataFrame,
    glosses: pd.Series,
) -> str:
    text = corpus.tracked(unit_id).text
    starts = [0] + [k + 1 for k, ch in enumerate(text) if ch == "\n"]
    ends = [s - 1 for s in starts[1:]] + [len(text)]
    first = corpus.lines_at(unit_id, starts) if text else np.zeros(1, dtype=int)
    last = corpus.lines_at(unit_id, [max(e - 1, s) for s, e in zip(starts, ends, strict=True)])
    outline = outline[(outline["unit_id"].astype(str) == unit_id) & ~outline["inline"].astype(bool)]
    heading_at = {
        int(start): (int(level), int(start) + len(str(marker)) + len(str(title)))
        for start, level, marker, title in zip(
            outline["start"], outline["level"], outline["marker"], outline["title"], strict=True
        )
    }
    noise = noise[(noise["unit_id"].astype(str) == unit_id) & (noise["kind"] != "placeholder")]
    spans = _spans(hits, glosses, unit_id, text)
    rows = []
    for s, e, lf, ll in zip(starts, ends, first, last, strict=True):
        if s >= e:
            continue
        marks = noise[(noise["line"] >= lf) & (noise["line"] <= ll)]
        badges = "".join(
            f'<span class="tl-nz" title="{html.escape(NOISE_NAMES.get(k, k) + ": " + t)}">'
            f"{NOISE_SIGNS.get(k, '•')}</span>"
            for k, t in zip(marks["kind"], marks["text"].astype(str), strict=True)
        )
        lines = str(lf) if lf == ll else f"{lf}–{ll}"
        heading = next((heading_at[h] for h in heading_at if s <= h < e and h - s <= 2), None)
        if heading is None:
            block = f"<p>{_render(text, s, e, spans)}</p>"
        else:  # the heading, then the rest of its paragraph as body text
            level, cut = heading
            cut = min(cut, e)
            cut += int(cut < e and text[cut] in "。.:：")
            tag = f"h{min(level + 1, 5)}"
            block = f"<{tag}>{_render(text, s, cut, spans)}</{tag}>"
            if cut < e:
                block += f"<p>{_render(text, cut, e, spans)}</p>"
            block = f"<div>{block}</div>"
        rows.append(
            f'<div class="tl-par"><div class="tl-ln" title="source line">{lines}{badges}</div>'
            f"{block}</div>"
        )
    return "\n".join(rows)


def reader(
    corpus: Corpus,
    unit_id: str,
    *,
    hits: pd.DataFrame,
    outline: pd.DataFrame,
    noise: pd.DataFrame,
    lexicon: pd.DataFrame,
) -> HTML:
    """The repaired text of ``unit_id`` as HTML (a str that renders in JupyterLab): headings
    of ``outline`` as headings, formulation hits as ``<mark>`` with the
    formulation, variant and gloss on hover, redaction placeholders boxed, repairs (joined
    line breaks ⏎, removed page markers ¶, truncation …) in the margin beside the source line
    numbers of each paragraph. A plan with parts shows each part in turn. All text escaped."""
    glosses = lexicon.groupby("formulation")["gloss"].first()
    unit_id = str(corpus.check_unit(unit_id))
    leaves = corpus.parts_of(unit_id) or [unit_id]
    title = corpus.units.loc[unit_id, "title"]
    parts = [f"<h1>{html.escape(f'{unit_id} · {title}')}</h1>"]
    for leaf in leaves:
        if leaf != unit_id:
            part_title = corpus.units.loc[leaf, "title"]
            parts.append(f'<div class="tl-unit">{html.escape(f"{leaf} · {part_title}")}</div>')
        parts.append(
            _unit_html(corpus, leaf, hits=hits, outline=outline, noise=noise, glosses=glosses)
        )
    return HTML(f'{_CSS}<div class="tl-reader">{"".join(parts)}</div>')


def hits_kwic(hits: pd.DataFrame, formulation: str | None = None) -> pd.DataFrame:
    """Formulation hits as a keyword-in-context table: ``ref`` (``unit:line``),
    ``formulation``, ``variant``, ``left``, ``match``, ``right``; one formulation or all, in
    text order (for any term, see :func:`textlib.explore.kwic`)."""
    if formulation is not None:
        hits = hits[hits["formulation"] == formulation]
    return pd.DataFrame(
        {
            "ref": hits["unit_id"].astype(str) + ":" + hits["line"].astype(str),
            "formulation": hits["formulation"],
            "variant": hits["variant"],
            "left": hits["left"],
            "match": hits["matched"],
            "right": hits["right"],
        }
    ).reset_index(drop=True)
