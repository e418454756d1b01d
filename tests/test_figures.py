"""Figures: glyph checks, fonts, atomic writes and byte-identical rebuilds."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from matplotlib.figure import Figure

from textlib.errors import FontNotFoundError, MissingGlyphError
from textlib.figures import FigureSpec, build_figures, register, specs
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
    built = [s for s in specs() if (first / f"{s.stem}.png").is_file()]
    expected = {f"{spec.stem}.{ext}" for spec in built for ext in ("png", "svg", "pdf", "csv")}
    assert names == sorted(expected | {"README.md", ".textlib-build.json"})
    skipped = {s.figure_id for s in specs()} - {s.figure_id for s in built}
    assert skipped == {"formulation_trend", "formulation_timeline"}  # the seed has no years
    gallery = (first / "README.md").read_text(encoding="utf-8")
    assert "Not drawn for this corpus: no numeric year column in this corpus" in gallery
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


def test_a_failing_figure_loses_no_other_figure(monkeypatch, tmp_path, seed):
    out = tmp_path / "figures"
    out.mkdir()
    (out / "old.png").write_bytes(b"old figure")

    def good(table):
        fig = Figure()
        fig.subplots().set_title("good 好")
        return fig

    def bad(table):
        raise RuntimeError("boom in the middle")

    def data(study):
        return pd.DataFrame({"x": [1]})

    def not_here(study):
        from textlib.errors import NotApplicableError

        raise NotApplicableError("figure 'na'", "nothing to say here")

    chosen = [
        FigureSpec("bad", "old", data, bad, "fails"),
        FigureSpec("good", "good", data, good, "ok"),
        FigureSpec("na", "na", not_here, good, "declines"),
    ]
    monkeypatch.setattr(build_module, "specs", lambda: chosen)
    monkeypatch.setattr(build_module, "get_spec", lambda f: {s.figure_id: s for s in chosen}[f])
    outcomes = []
    build_figures(seed, out, report=outcomes, formats=["png"])
    status = {o.figure_id: (o.status, o.reason) for o in outcomes}
    assert status["good"][0] == "built" and status["na"] == ("skipped", "nothing to say here")
    assert status["bad"][0] == "failed" and "'bad'" in status["bad"][1]
    assert "boom" not in status["bad"][1]  # the internal message stays out of the user's way
    assert (out / "good.png").read_bytes()[:4] == b"\x89PNG"
    assert (out / "old.png").read_bytes() == b"old figure"
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]
    gallery = (out / "README.md").read_text(encoding="utf-8")
    assert "*Failed:" in gallery and "Not drawn for this corpus: nothing to say here" in gallery


def test_the_command_line_reports_every_figure_and_fails_only_for_a_failure(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    for k, text in enumerate(["加强社会主义核心价值观建设。" * 5, "推进新时代文明实践中心建设。" * 5]):
        (corpus / f"{k}.txt").write_text(text, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "textlib.figures", "--corpus", str(corpus), "--out",
         str(tmp_path / "out"), "--format", "png", "--only", "corpus_overview",
         "similarity_clusters", "formulation_trend"],
        capture_output=True, text=True, env={**os.environ, "OMP_NUM_THREADS": "1"},
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert "skipped: no numeric year column" in run.stdout
    assert "skipped: it needs at least 3 distinct units" in run.stdout
    assert "1 built, 2 skipped (not applicable), 0 failed" in run.stdout
    assert "Traceback" not in run.stderr


def test_a_figure_registered_at_run_time_works_everywhere(tmp_path, seed):
    import textlib

    def data(study):
        return study.counts.groupby("unit_id", as_index=False)["count"].sum()

    def plot(table):
        fig = Figure(figsize=(3.5, 2))
        fig.subplots().bar(table["unit_id"], table["count"])
        return fig

    spec = register(FigureSpec("hits_per_unit", "99_hits_per_unit", data, plot, "Hits per unit"))
    try:
        study = textlib.Study(seed, n_boot=0)
        assert "hits_per_unit" in textlib.figure_ids()
        assert study.figure_data("hits_per_unit")["count"].sum() == study.counts["count"].sum()
        assert textlib.draw("hits_per_unit", study) is not None
        build_figures(study, tmp_path, only=["hits_per_unit"], formats=["png"])
        assert (tmp_path / "99_hits_per_unit.png").is_file()
        with pytest.raises(textlib.UnknownFigureError, match="already registered"):
            register(FigureSpec("hits_per_unit", "x", data, plot, "again"))
    finally:
        from textlib import registry

        registry._SPECS.pop(spec.figure_id, None)


def test_gallery_has_a_caption_for_every_figure():
    from textlib.figures.gallery import gallery_markdown

    assert all(len(spec.caption) > 80 for spec in specs())
    page = gallery_markdown(specs(), ("png", "svg", "pdf"))
    for spec in specs():
        assert f"({spec.stem}.csv)" in page and f"({spec.stem}.pdf)" in page
        assert spec.caption in page


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
    for variant in (study, study.replace(k=4)):
        outcomes = []
        build_figures(
            variant, tmp_path, only=["corpus_overview"], formats=["png"], report=outcomes
        )
        assert outcomes[0].status == "failed" and "drawn again" in outcomes[0].reason
