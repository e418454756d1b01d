"""textlib installs anywhere: the wheel carries its data, and nothing is written into the
installed package, the working directory or an unwritable cache folder.

The wheel is built from a clean copy of the project (a stale ``build/`` in the work tree
could otherwise leak deleted modules into it) and installed with ``--no-deps`` into a fresh
venv whose dependencies come from this interpreter's site-packages through a ``.pth`` file,
so nothing is downloaded.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import sysconfig
import warnings
import zipfile
from pathlib import Path

import pytest

from textlib.tokens import segmentation

ROOT = Path(__file__).resolve().parent.parent
DATA_FILES = sorted(
    str(p.relative_to(ROOT)).replace(os.sep, "/")
    for folder in ("textlib/data", "textlib/datasets/data")
    for p in (ROOT / folder).iterdir()
    if p.is_file()
)
SENTENCE = "坚持以习近平新时代中国特色社会主义思想为指导"

USE_IT = f"""
import os, sys, warnings
import textlib
assert os.path.realpath(textlib.__file__).startswith(os.path.realpath(sys.argv[1])), textlib.__file__
corpus = textlib.load_seed()
counts = textlib.count_formulations(corpus)
assert counts["count"].sum() > 0
print("TOKENS", "|".join(textlib.tokenize({SENTENCE!r})))
try:
    figure_id = textlib.figure_ids()[0]
    fig = textlib.draw(figure_id, textlib.Study(corpus))
except AttributeError:  # figure_ids/Study not landed yet
    figure_id = "corpus_overview"
    fig = textlib.draw(figure_id, corpus)
fig.savefig("figure.png")
print("FIGURE", figure_id)
"""

NO_CACHE = f"""
import warnings
warnings.simplefilter("always")
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    import textlib
    from textlib.tokens.segmentation import CacheDirWarning, default_jieba
    tokens = textlib.tokenize({SENTENCE!r})
    textlib.tokenize("精神文明建设")
    default_jieba().lcut("精神文明建设")  # a second jieba tokenizer: still one warning
print("TOKENS", "|".join(tokens))
names = [type(w.message).__name__ for w in caught if issubclass(w.category, CacheDirWarning)]
print("WARNINGS", len(names), [str(w.message) for w in caught])
"""


def _copy_project(dst: Path) -> Path:
    ignore = shutil.ignore_patterns("__pycache__", ".cache", "*.egg-info", "build")
    dst.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, dst / name)
    shutil.copytree(ROOT / "textlib", dst / "textlib", ignore=ignore)
    return dst


def _files(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


def _set_writable(folder: Path, writable: bool) -> None:
    for path in [folder, *folder.rglob("*")]:
        mode = path.stat().st_mode
        bits = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH
        path.chmod(mode | stat.S_IWUSR if writable else mode & ~bits)


def _run(python: Path, code: str, cwd: Path, env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [str(python), "-c", code, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Dump cache file failed" not in done.stderr
    return done.stdout


def _clean_env(home: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {"TEXTLIB_CACHE_DIR", "PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "XDG_CACHE_HOME"}
        and not k.startswith("MPL")
    }
    # pip compiled the installed modules; this only keeps Python itself from adding .pyc files
    return {**env, "HOME": str(home), "MPLBACKEND": "Agg", "PYTHONDONTWRITEBYTECODE": "1"}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("wheel")
    project = _copy_project(tmp / "project")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--quiet", "-w", str(tmp / "dist"), str(project)],
        check=True,
        capture_output=True,
        timeout=300,
    )  # fmt: skip
    (path,) = (tmp / "dist").glob("textlib-*.whl")
    return path


@pytest.mark.slow
def test_wheel_contains_the_data_files(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert [f for f in DATA_FILES if f not in names] == []
    assert "textlib/datasets/data/000_7632ef7902941c7c.txt" in names
    assert not [n for n in names if ".cache" in n or "__pycache__" in n]


@pytest.mark.slow
def test_installed_wheel_runs_from_anywhere(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
         "--no-index", "--quiet", str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )  # fmt: skip
    site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (site / "_textlib_test_deps.pth").write_text("\n".join(sorted(ours)) + "\n")
    before = _files(site)
    _set_writable(site, False)
    try:
        work = tmp_path / "work"
        work.mkdir()
        home = tmp_path / "home"
        env = _clean_env(home)
        out = _run(python, USE_IT, work, env, str(venv))
        assert _files(site) == before, sorted(_files(site) ^ before)
        assert _files(work) == {"figure.png"}
        assert (work / "figure.png").stat().st_size > 1000
        assert (home / ".cache" / "textlib" / "jieba" / "jieba.cache").is_file()

        # a cache folder that cannot be created, even by root: its parent is a regular file
        blocker = tmp_path / "blocker"
        blocker.write_text("not a folder")
        env_blocked = {
            **env,
            "HOME": str(blocker / "home"),
            "XDG_CACHE_HOME": str(blocker / "cache"),
        }
        out_blocked = _run(python, NO_CACHE, work, env_blocked)
        assert _files(site) == before
        assert _files(work) == {"figure.png"}
    finally:
        _set_writable(site, True)
    tokens = [line for line in out.splitlines() if line.startswith("TOKENS")]
    assert tokens and tokens[0] in out_blocked
    assert "WARNINGS 1 " in out_blocked, out_blocked
    assert "FIGURE " in out


# -- in-process: the cache folder and the no-cache fallback -------------------------------


def test_cache_dir_is_per_user_or_the_override(monkeypatch, tmp_path):
    monkeypatch.delenv(segmentation.CACHE_ENV, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    assert segmentation.cache_dir() == tmp_path / ".cache" / "textlib" / "jieba"
    monkeypatch.setenv(segmentation.CACHE_ENV, str(tmp_path / "mine"))
    assert segmentation.cache_dir() == tmp_path / "mine"
    assert segmentation.usable_cache_dir() == tmp_path / "mine"


def test_unusable_cache_dir_warns_once_and_segments(monkeypatch, tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_text("not a folder")
    monkeypatch.setenv(segmentation.CACHE_ENV, str(blocker / "jieba"))
    monkeypatch.setattr(segmentation, "_warned_no_cache", False)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        first = segmentation._new_jieba(["新时代文明实践中心"])
        second = segmentation._new_jieba()
    assert [w.category for w in caught] == [segmentation.CacheDirWarning]
    assert str(blocker) in str(caught[0].message)
    assert "新时代文明实践中心" in first.lcut("建设新时代文明实践中心")
    assert second.lcut("精神文明建设")
    assert not list(tmp_path.glob("**/jieba.cache"))
