"""A JupyterLab server on loopback and a headless Chromium page that runs one notebook in it
the way a reader does (menu Run > Run All Cells), then records what the page shows: error
outputs, images, interactive tables (filtered by typing), unit readers, and a screenshot."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
RUN_TIMEOUT_S = 300  # one notebook, all cells
IMAGE_MIMES = ("image/png", "image/jpeg", "image/svg+xml", "image/gif")
# A string no table cell holds: typed into a filter box, it must leave no row.
NO_MATCH = "zq-no-such-text-zq"

# User settings of the temporary lab: every cell attached to the page (the default windowing
# leaves cells out of view out of the DOM), and no news or update checks over the network.
SETTINGS = {
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}


def cjk_fontconfig(folder: Path) -> Path:
    """A fontconfig file that adds the Noto Sans SC shipped with zhplot to the system's fonts,
    so Chinese renders in the browser without a system CJK font (zhplot is not imported)."""
    fonts = Path(importlib.util.find_spec("zhplot").submodule_search_locations[0]) / "fonts"
    folder.mkdir(parents=True, exist_ok=True)
    conf = folder / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"  <dir>{fonts}</dir>\n  <cachedir>{folder / 'cache'}</cachedir>\n</fontconfig>\n",
        encoding="utf-8",
    )
    return conf


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Lab:
    """A running JupyterLab server: ``root`` is its (temporary) root folder."""

    root: Path
    port: int
    token: str
    process: subprocess.Popen
    log: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return f"{self.base}/lab/tree/{path}?token={self.token}&reset"

    def api(self, path: str, method: str = "GET") -> object:
        request = urllib.request.Request(
            f"{self.base}/api/{path}",
            method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shutdown_kernels(self) -> None:
        for session in self.api("sessions"):
            self.api(f"sessions/{session['id']}", method="DELETE")

    def log_tail(self, chars: int = 4000) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")[-chars:]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def start_lab(root: Path, *, repo: Path, timeout_s: float = 90) -> Lab:
    """Copy ``repo``/notebooks (and the test data they read by relative path) into ``root``
    and start JupyterLab there on a free loopback port with a random token."""
    shutil.copytree(repo / "notebooks", root / "notebooks", ignore=_ignore_checkpoints)
    shutil.copytree(repo / "tests" / "data", root / "tests" / "data")
    home = root.parent / (root.name + "-jupyter")
    for name, values in SETTINGS.items():
        path = home / "settings" / f"{name}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), encoding="utf-8")
    env = dict(os.environ)
    env.pop("MPLBACKEND", None)  # as in a reader's JupyterLab: the kernel picks inline plots
    env.update(
        JUPYTERLAB_SETTINGS_DIR=str(home / "settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"),
        JUPYTER_RUNTIME_DIR=str(home / "runtime"),
        JUPYTER_CONFIG_DIR=str(home / "config"),
        JUPYTER_DATA_DIR=str(home / "data"),  # the venv's own python3 kernel, no user one
        PYTHONHASHSEED="0",
    )
    port, token = _free_port(), secrets.token_hex(16)
    log = home / "jupyterlab.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "jupyterlab",
                "--no-browser",
                "--ServerApp.ip=127.0.0.1",
                f"--ServerApp.port={port}",
                "--ServerApp.port_retries=0",
                f"--IdentityProvider.token={token}",
                f"--ServerApp.root_dir={root}",
                "--LabApp.expose_app_in_browser=True",
                "--LabApp.news_url=",
                "--LabApp.extension_manager=readonly",  # no PyPI queries
                *(["--allow-root"] if os.geteuid() == 0 else []),
            ],
            cwd=root,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    lab = Lab(root=root, port=port, token=token, process=process, log=log)
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"JupyterLab exited ({process.returncode}):\n{lab.log_tail()}")
        try:
            lab.api("status")
            return lab
        except OSError:
            time.sleep(0.5)
    lab.stop()
    raise RuntimeError(f"JupyterLab did not answer within {timeout_s} s:\n{lab.log_tail()}")


def _ignore_checkpoints(folder: str, names: list[str]) -> list[str]:
    return [n for n in names if n == ".ipynb_checkpoints"]


@dataclass
class TableCheck:
    """One interactive table: rows shown before, with a filter no row matches, after clearing
    the filter, and with a value of its first row as filter (every row shown holds it)."""

    kind: str
    rows: int
    rows_no_match: int
    rows_cleared: int
    probe: str
    rows_probe: int
    probe_rows_hold_it: bool


@dataclass
class ReaderCheck:
    paragraphs: int
    line_numbers: int
    marks: int
    first_mark_title: str
    first_mark_hovered: bool
    mark_background: str


@dataclass
class NotebookRun:
    """What the page and the saved notebook showed after running every cell."""

    name: str
    code_cells: int = 0
    executed_cells: int = 0
    seconds: float = 0.0  # Run All Cells until idle
    phases: dict[str, float] = field(default_factory=dict)  # open, checks, screenshot (s)
    error_outputs: list[str] = field(default_factory=list)  # from the saved notebook
    stderr_tracebacks: list[str] = field(default_factory=list)  # from the page
    stderr_other: list[str] = field(default_factory=list)  # warnings, progress bars
    figures_saved: int = 0  # image outputs in the saved notebook
    figures_as_text: list[str] = field(default_factory=list)  # "<Figure size ...>", no image
    images: list[tuple[int, int]] = field(default_factory=list)  # natural sizes in the page
    reader_outputs: int = 0
    readers: list[ReaderCheck] = field(default_factory=list)
    tables: list[TableCheck] = field(default_factory=list)
    table_ids: list[str] = field(default_factory=list)
    remote_requests: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    extra: dict = field(default_factory=dict)
    screenshot: Path | None = None


# ---------------------------------------------------------------- in-page probes (JavaScript)

_PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"

_STATE_JS = """(panel) => {
  const p = document.querySelector(panel);
  if (!p) return null;
  const ind = p.querySelector('.jp-Notebook-ExecutionIndicator');
  const prompts = [...p.querySelectorAll('.jp-CodeCell')].map(c => {
    const src = c.querySelector('.jp-InputArea-editor')?.textContent ?? '';
    const prompt = c.querySelector('.jp-InputArea-prompt')?.textContent ?? '';
    return [src.trim().length > 0, prompt.trim()];
  });
  return {status: ind ? ind.getAttribute('data-status') : null, prompts};
}"""

# The notebook's kernel started and idle (the indicator alone reads idle before it starts).
_KERNEL_READY_JS = """() => { const w = window.jupyterapp?.shell.currentWidget;
  const kernel = w?.sessionContext?.session?.kernel;
  return Boolean(w?.sessionContext?.isReady && kernel && kernel.status === 'idle'
                 && kernel.connectionStatus === 'connected'); }"""

_STDERR_JS = """(panel) => [...document.querySelectorAll(panel +
  ' .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')]
  .map(e => e.innerText)"""

_IMAGES_JS = """async (panel) => {
  const imgs = [...document.querySelectorAll(panel + ' .jp-OutputArea-output img')];
  await Promise.all(imgs.map(i => i.decode().catch(() => null)));
  return imgs.map(i => [i.naturalWidth, i.naturalHeight]);
}"""

_TABLES_JS = """(panel) => {
  const out = [];
  document.querySelectorAll(panel + ' .jp-OutputArea-output .dt-container').forEach(c => {
    const t = c.querySelector('table.dataTable');
    out.push({kind: 'datatables', id: t ? t.id : ''});
  });
  document.querySelectorAll(panel + ' .jp-OutputArea-output table.tl-table').forEach(t => {
    out.push({kind: 'table_html', id: t.id});
  });
  return out;
}"""

# Rows a table shows now (DataTables: its "no matching records" row does not count).
_ROWS_JS = """([panel, kind, k]) => {
  const sel = kind === 'datatables' ? ' .jp-OutputArea-output .dt-container'
                                    : ' .jp-OutputArea-output table.tl-table';
  const box = document.querySelectorAll(panel + sel)[k];
  const rows = [...box.querySelectorAll('tbody tr')].filter(r =>
    r.offsetParent !== null && !r.querySelector('td.dt-empty'));
  return rows.map(r => [...r.cells].map(c => c.innerText));
}"""


def _filter_box(page, kind: str, k: int):
    if kind == "datatables":
        return (
            page.locator(f"{_PANEL} .jp-OutputArea-output .dt-container")
            .nth(k)
            .locator(".dt-search input")
        )
    # the hand-written table: its filter box sits just before the table
    table = page.locator(f"{_PANEL} .jp-OutputArea-output table.tl-table").nth(k)
    return table.locator("xpath=preceding-sibling::input[1]")


def rows_shown(page, kind: str, k: int) -> list[list[str]]:
    return page.evaluate(_ROWS_JS, [_PANEL, kind, k])


def type_filter(page, kind: str, k: int, text: str) -> list[list[str]]:
    """Clear the table's filter box, type ``text`` key by key, return the rows then shown."""
    box = _filter_box(page, kind, k)
    box.click()
    box.fill("")
    if text:
        box.press_sequentially(text, delay=20)
    page.wait_for_timeout(400)  # DataTables filters on a short debounce
    return rows_shown(page, kind, k)


def _probe_term(rows: list[list[str]]) -> str:
    """A value of the first row to filter by: short, no spaces, not a bare number."""
    for cell in rows[0] if rows else []:
        cell = cell.strip()
        if 0 < len(cell) <= 24 and " " not in cell and not cell.replace(".", "").isdigit():
            return cell
    return (rows[0][0].strip().split() or [""])[0] if rows and rows[0] else ""


def check_table(page, kind: str, k: int) -> TableCheck:
    before = rows_shown(page, kind, k)
    none = type_filter(page, kind, k, NO_MATCH)
    cleared = type_filter(page, kind, k, "")
    probe = _probe_term(before)
    probed = type_filter(page, kind, k, probe) if probe else []
    type_filter(page, kind, k, "")
    holds = bool(probed) and all(probe.lower() in "\t".join(row).lower() for row in probed)
    return TableCheck(
        kind=kind,
        rows=len(before),
        rows_no_match=len(none),
        rows_cleared=len(cleared),
        probe=probe,
        rows_probe=len(probed),
        probe_rows_hold_it=holds,
    )


def check_reader(page, k: int) -> ReaderCheck:
    box = page.locator(f"{_PANEL} .jp-OutputArea-output .tl-reader").nth(k)
    marks = box.locator("mark")
    title, hovered, background = "", False, ""
    if marks.count():
        mark = marks.first
        mark.scroll_into_view_if_needed()
        mark.hover()
        title = mark.get_attribute("title") or ""
        hovered = mark.evaluate("m => m.matches(':hover')")
        background = mark.evaluate("m => getComputedStyle(m).backgroundColor")
    return ReaderCheck(
        paragraphs=box.locator(".tl-par").count(),
        line_numbers=box.locator(".tl-ln").count(),
        marks=marks.count(),
        first_mark_title=title,
        first_mark_hovered=hovered,
        mark_background=background,
    )


# ---------------------------------------------------------------- running one notebook


def _wait_idle(page, timeout_s: float) -> dict:
    """Wait until the kernel has been seen busy (or every cell has run) and is then idle with
    no cell queued or running, steadily for a second."""
    deadline = time.monotonic() + timeout_s
    seen_busy, steady_since, state = False, None, None
    while time.monotonic() < deadline:
        state = page.evaluate(_STATE_JS, _PANEL)
        if state:
            running = any(p.startswith("[*]") for _, p in state["prompts"])
            all_run = all(p[1:-2].strip().isdigit() for has_src, p in state["prompts"] if has_src)
            seen_busy = seen_busy or running or state["status"] == "busy" or all_run
            if seen_busy and not running and state["status"] == "idle":
                steady_since = steady_since or time.monotonic()
                if time.monotonic() - steady_since >= 1.0:
                    return state
            else:
                steady_since = None
        page.wait_for_timeout(250)
    raise TimeoutError(f"cells still running after {timeout_s} s: {state}")


def _save(page) -> None:
    page.keyboard.press("Control+s")
    page.wait_for_function(
        """(panel) => { const id = document.querySelector(panel)?.id;
             const tab = document.querySelector(`.lm-TabBar-tab[data-id="${id}"]`);
             return tab && !tab.classList.contains('jp-mod-dirty'); }""",
        arg=_PANEL,
        timeout=30_000,
    )


def _saved_outputs(path: Path, run: NotebookRun) -> None:
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        where = f"cell In [{cell.get('execution_count') or ' '}]"
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                run.error_outputs.append(f"{where}: {out['ename']}: {out['evalue']}")
            data = out.get("data", {})
            run.figures_saved += any(m in data for m in IMAGE_MIMES)
            text = data.get("text/plain", "")
            text = "".join(text) if isinstance(text, list) else text
            if not any(m in data for m in IMAGE_MIMES) and re.match(r"<Figure size", text):
                run.figures_as_text.append(f"{where}: {text.strip()}")
            page_html = data.get("text/html", "")
            page_html = "".join(page_html) if isinstance(page_html, list) else page_html
            run.reader_outputs += page_html.count('class="tl-reader"')


def _is_traceback(text: str) -> bool:
    lines = text.strip().splitlines()
    return bool(lines) and (
        "Traceback" in text or re.match(r"\w*(Error|Exception)\b", lines[-1]) is not None
    )


def run_notebook(context, lab: Lab, rel: str, shots: Path, *, inspect=None) -> NotebookRun:
    """Open ``rel`` (a path under the lab's root), run all cells from the menu, wait, save,
    check, leave a full-length screenshot in ``shots``; the kernel is shut down after.
    ``inspect(page, run)``, if given, checks more on the live page before the generic checks."""
    run = NotebookRun(name=Path(rel).name)
    page = context.new_page()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.on(
        "request",
        lambda r: (
            None
            if r.url.startswith((lab.base, "data:", "blob:", "about:"))
            else run.remote_requests.append(r.url)
        ),
    )
    page.on("pageerror", lambda e: run.page_errors.append(str(e)))
    try:
        opened = time.monotonic()
        page.goto(lab.url(rel), wait_until="domcontentloaded")
        page.wait_for_selector(f"{_PANEL} .jp-Notebook-ExecutionIndicator", timeout=60_000)
        page.wait_for_function(_KERNEL_READY_JS, timeout=90_000)
        # the file browser folded away: the notebook takes the page's width
        page.evaluate("() => window.jupyterapp.commands.execute('application:toggle-left-area')")
        start = time.monotonic()
        run.phases["open"] = start - opened
        page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
        page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
        state = _wait_idle(page, RUN_TIMEOUT_S)
        run.seconds = time.monotonic() - start
        with_src = [p for has_src, p in state["prompts"] if has_src]
        run.code_cells = len(with_src)
        run.executed_cells = sum(p[1:-2].strip().isdigit() for p in with_src)
        ran = time.monotonic()
        _save(page)
        _saved_outputs(lab.root / rel, run)
        if inspect is not None:
            inspect(page, run)
        for text in page.evaluate(_STDERR_JS, _PANEL):
            (run.stderr_tracebacks if _is_traceback(text) else run.stderr_other).append(text)
        run.images = [tuple(s) for s in page.evaluate(_IMAGES_JS, _PANEL)]
        readers = page.locator(f"{_PANEL} .jp-OutputArea-output .tl-reader").count()
        run.readers = [check_reader(page, k) for k in range(readers)]
        found = page.evaluate(_TABLES_JS, _PANEL)
        run.table_ids = [t["id"] for t in found]
        counters: dict[str, int] = {}
        for table in found:
            k = counters.get(table["kind"], 0)
            counters[table["kind"]] = k + 1
            run.tables.append(check_table(page, table["kind"], k))
        checked = time.monotonic()
        run.phases["checks"] = checked - ran
        run.screenshot = screenshot(page, shots / f"{Path(rel).stem}.png")
        run.phases["screenshot"] = time.monotonic() - checked
    finally:
        page.close()
        lab.shutdown_kernels()
    return run


def screenshot(page, path: Path, *, max_height: int = 30_000) -> Path:
    """The whole notebook in one image: the page made as tall as the notebook's content."""
    path.parent.mkdir(parents=True, exist_ok=True)
    page.locator(f"{_PANEL} .jp-Cell").first.scroll_into_view_if_needed()
    height = page.evaluate(
        """(panel) => { const p = document.querySelector(panel);
             const inner = p.querySelector('.jp-WindowedPanel-outer') || p;
             const cells = p.querySelectorAll('.jp-Cell');
             const last = cells[cells.length - 1].getBoundingClientRect().bottom;
             return last + inner.scrollTop + 60; }""",
        _PANEL,
    )
    page.set_viewport_size({"width": 1280, "height": int(min(max(height, 900), max_height))})
    page.wait_for_timeout(500)
    page.evaluate(
        """(panel) => { const p = document.querySelector(panel);
             const inner = p.querySelector('.jp-WindowedPanel-outer'); if (inner) inner.scrollTop = 0; }""",
        _PANEL,
    )
    page.screenshot(path=str(path), full_page=True)
    return path
