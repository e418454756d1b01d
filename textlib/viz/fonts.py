"""Find a font with Chinese glyphs, register it with matplotlib and check glyphs before drawing."""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from textlib.errors import BadFontError, FontNotFoundError, MissingGlyphError

FONT_ENV = "TEXTLIB_CJK_FONT"
DEBIAN_FONTS = ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",)


def _zhplot_font() -> Path | None:
    """Noto Sans SC shipped by the zhplot package, found without importing zhplot."""
    spec = importlib.util.find_spec("zhplot")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(spec.submodule_search_locations[0]) / "fonts" / "NotoSansSC-Regular.ttf"


def font_candidates() -> list[tuple[str, Path | None]]:
    """Where a CJK font is looked for, in order: override, zhplot, Debian packages."""
    override = os.environ.get(FONT_ENV)
    return [
        (f"${FONT_ENV}", Path(override) if override else None),
        ("zhplot package (Noto Sans SC)", _zhplot_font()),
        *(("Debian fonts-wqy-microhei", Path(p)) for p in DEBIAN_FONTS),
    ]


@lru_cache(maxsize=1)
def cjk_font_path() -> Path:
    """Path of the first CJK font found; raises FontNotFoundError listing every place tried."""
    tried = []
    for label, path in font_candidates():
        if path is not None and path.is_file():
            return path
        tried.append(f"{label}: {path if path else 'not set / not installed'}")
    raise FontNotFoundError(tried)


@lru_cache(maxsize=4)
def _cmap(path: Path) -> frozenset[int]:
    """Code points the font at ``path`` can draw; :class:`BadFontError` if it is no font."""
    from fontTools.ttLib import TTFont

    try:
        with TTFont(str(path), fontNumber=0, lazy=True) as font:
            cmap = font.getBestCmap()
    except Exception as err:  # fontTools raises TTLibError, struct.error, OSError, ...
        raise BadFontError(path, _reason(err)) from None
    if cmap is None:
        raise BadFontError(path, "it has no Unicode character map")
    return frozenset(cmap)


def _reason(err: BaseException) -> str:
    text = " ".join(str(err).split())
    return f"{type(err).__name__}: {text}" if text else type(err).__name__


def missing_glyphs(strings: Iterable[str], font_path: Path | None = None) -> set[str]:
    """Characters of ``strings`` (whitespace aside) that the font cannot draw."""
    cmap = _cmap(font_path or cjk_font_path())
    return {ch for s in strings for ch in s if not ch.isspace() and ord(ch) not in cmap}


def check_glyphs(figure: str, strings: Iterable[str], font_path: Path | None = None) -> None:
    """Raise MissingGlyphError if the font lacks any character a figure will render."""
    path = font_path or cjk_font_path()
    missing = missing_glyphs(strings, path)
    if missing:
        raise MissingGlyphError(figure, path, missing)


@lru_cache(maxsize=1)
def cjk_family() -> str:
    """Register the CJK font with matplotlib (once) and return its family name."""
    from matplotlib import font_manager

    path = cjk_font_path()
    _cmap(path)  # a file that is no font fails here, naming the path
    try:
        font_manager.fontManager.addfont(str(path))
        return font_manager.FontProperties(fname=str(path)).get_name()
    except (RuntimeError, OSError, ValueError) as err:
        raise BadFontError(path, _reason(err)) from None
