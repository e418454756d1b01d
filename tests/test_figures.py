"""Figures: glyph checks, fonts, atomic writes and byte-identical rebuilds."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from matplotlib.figure import Figure

from textlib.errors import FigureBuildError, FontNotFoundError, MissingGlyphError
from textlib.figures import REGISTRY, FigureSpec, build_figures
from textlib.figures import build as build_module
from textlib.figures.build import render_png
from textlib.viz import fonts
from textlib.viz.style import figure_style

ROOT = Path(__file__).resolve().parents[1]


def _build_in_subprocess(out: Path, hashseed: str) -> None:
    env = {**os.environ, "PYTHONHASHSEED": hashseed, "OMP_NUM_THREADS": "1"}
    subprocess.run(
        [sys.executable, "-m", "textlib.figures", "--out", str(out)],
        check=True,
        env=env,
        cwd=out.parent,
        capture_output=True,
    )


def test_rebuild_is_byte_identical_and_matches_committed_figures(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    _build_in_subprocess(first, "1")
    _build_in_subprocess(second, "4242")
    names = sorted(p.name for p in first.iterdir())
    expected = {f"{spec.stem}.{ext}" for spec in REGISTRY for ext in ("png", "svg", "pdf", "csv")}
    assert names == sorted(expected | {"README.md", ".textlib-build.json"})
    for name in names:
        data = (first / name).read_bytes()
        assert data == (second / name).read_bytes(), f"{name} differs between runs"
        committed = ROOT / "figures" / name
        assert committed.is_file(), f"figures/{name} is not committed; run `make figures`"
        if name == ".textlib-build.json":
            continue  # build bookkeeping: it names the code version, not what a figure shows
        assert committed.read_bytes() == data, f"figures/{name} is stale; run `make figures`"


def test_missing_glyph_is_an_error_naming_figure_font_and_character():
    with figure_style():
        fig = Figure()
        fig.subplots().set_title("精神文明 \ue000")  # a private-use character no font draws
        with pytest.raises(MissingGlyphError) as info:
            render_png(fig, "demo")
    message = str(info.value)
    assert "'demo'" in message and "U+E000" in message and fonts.cjk_font_path().name in message


def test_bundled_font_covers_the_whole_seed(seed):
    text = "".join(seed.units["text"])
    assert fonts.missing_glyphs([text]) == set()


def test_no_font_found_lists_what_was_tried(monkeypatch):
    fonts.cjk_font_path.cache_clear()
    monkeypatch.setattr(
        fonts, "font_candidates", lambda: [("$TEXTLIB_CJK_FONT", Path("/nonexistent/x.ttf"))]
    )
    try:
        with pytest.raises(FontNotFoundError, match="/nonexistent/x.ttf"):
            fonts.cjk_font_path()
    finally:
        fonts.cjk_font_path.cache_clear()


def test_font_override_by_environment(monkeypatch, tmp_path):
    fake = tmp_path / "my.ttf"
    fake.write_bytes(b"not really a font")
    monkeypatch.setenv(fonts.FONT_ENV, str(fake))
    fonts.cjk_font_path.cache_clear()
    try:
        assert fonts.cjk_font_path() == fake
    finally:
        fonts.cjk_font_path.cache_clear()


def test_failed_build_keeps_figures_already_written(monkeypatch, tmp_path, seed):
    out = tmp_path / "figures"
    out.mkdir()
    (out / "old.png").write_bytes(b"old figure")

    def good(study, table):
        fig = Figure()
        fig.subplots().set_title("good 好")
        return fig

    def bad(study, table):
        raise RuntimeError("boom in the middle")

    def data(study):
        return pd.DataFrame({"x": [1]})

    specs = (
        FigureSpec("good", "good", data, good, "ok"),
        FigureSpec("bad", "old", data, bad, "fails"),
    )
    monkeypatch.setattr(build_module, "REGISTRY", specs)
    with pytest.raises(FigureBuildError, match="'bad'.*boom"):
        build_figures(seed, out)
    assert (out / "good.png").read_bytes()[:4] == b"\x89PNG"
    assert (out / "old.png").read_bytes() == b"old figure"
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_gallery_has_a_caption_for_every_figure():
    from textlib.figures.gallery import CAPTIONS, gallery_markdown

    assert set(CAPTIONS) == {spec.figure_id for spec in REGISTRY}
    page = gallery_markdown(REGISTRY, ("png", "svg", "pdf"))
    for spec in REGISTRY:
        assert f"({spec.stem}.csv)" in page and f"({spec.stem}.pdf)" in page


def test_unchanged_figures_are_not_drawn_again(tmp_path, seed, monkeypatch):
    import textlib

    study = textlib.Study(seed, n_boot=5)
    first = build_figures(study, tmp_path, only=["corpus_overview"], formats=["png"])
    assert all(changed for _, _, changed in first)

    def fail(*args, **kwargs):
        raise AssertionError("an unchanged figure was drawn again")

    monkeypatch.setattr(build_module, "_plot", fail)
    again = build_figures(study, tmp_path, only=["corpus_overview"], formats=["png"])
    assert [p for _, p, _ in again] == [p for _, p, _ in first]
    assert not any(changed for _, _, changed in again)
    # a changed parameter, or a file changed by hand, means a rebuild
    (tmp_path / "01_corpus_overview.png").write_bytes(b"edited")
    with pytest.raises(AssertionError, match="drawn again"):
        build_figures(study, tmp_path, only=["corpus_overview"], formats=["png"])
    with pytest.raises(AssertionError, match="drawn again"):
        build_figures(study.replace(k=4), tmp_path, only=["corpus_overview"], formats=["png"])
