"""Browser tests: one JupyterLab server and one headless Chromium for the whole session.

Run with ``make test-browser`` (``pytest -m browser tests/browser``); ``make test`` leaves
them out (``-m "not browser"`` in pyproject.toml)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from lab import CHROMIUM, CHROMIUM_FLAGS, cjk_fontconfig, start_lab

REPO = Path(__file__).resolve().parents[2]
SHOTS = REPO / "build" / "browser"


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory):
    root = tmp_path_factory.mktemp("lab")
    lab = start_lab(root, repo=REPO)
    yield lab
    lab.stop()


@pytest.fixture(scope="session")
def browser_context(tmp_path_factory):
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    fonts = cjk_fontconfig(tmp_path_factory.mktemp("fonts"))
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_FLAGS,
            env={**os.environ, "FONTCONFIG_FILE": str(fonts)},
        )
        context = browser.new_context(locale="en-US", device_scale_factor=1)
        context.set_default_timeout(30_000)
        yield context
        context.close()
        browser.close()


@pytest.fixture(scope="session")
def shots():
    SHOTS.mkdir(parents=True, exist_ok=True)
    return SHOTS
