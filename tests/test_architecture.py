"""The package reads as the pipeline: an import check over every import of every module, those
inside functions and under ``TYPE_CHECKING`` included.

text → repairs → load → lexicon → analyses (tokens, formulations, structure, explore, compare)
→ the Study → viz (plots) → figures; ``stream`` is the batch counterpart of the Study.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "textlib"

#: the rank of each stage: a module may import its own rank and below, never above
RANK = {
    "textlib.errors": 0,
    "textlib._exports": 0,
    "textlib.atomic": 0,
    "textlib.batch": 0,
    "textlib.package_data": 0,
    "textlib.cli": 0,
    "textlib.checks": 2,
    "textlib.registry": 0,
    "textlib.text": 0,
    "textlib.repairs": 1,
    "textlib.load": 2,
    "textlib.lexicon": 2,
    "textlib.datasets": 3,
    "textlib.tokens": 4,
    "textlib.formulations": 4,
    "textlib.structure": 4,
    "textlib.explore": 4,
    "textlib.compare": 4,
    "textlib.study": 5,
    "textlib.stream": 5,
    "textlib.viz": 6,
    "textlib.figures": 7,
    "textlib": 8,
}
ANALYSES = ("textlib.tokens", "textlib.formulations", "textlib.structure", "textlib.explore",
            "textlib.compare", "textlib.lexicon")  # fmt: skip
BASE = ("textlib.errors", "textlib._exports", "textlib.atomic", "textlib.package_data")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def stage(module: str) -> str:
    if module == "textlib":  # the façade: lazy names over every stage
        return "textlib"
    for prefix in sorted(RANK, key=len, reverse=True):
        if module == prefix or module.startswith(prefix + "."):
            return prefix
    raise AssertionError(f"module {module} belongs to no stage: add it to RANK")


def _resolve(name: str) -> str:
    """The module an import names: ``textlib.figures.spec`` or, for ``from textlib.x import
    y`` where ``y`` is not a module, ``textlib.x``."""
    path = ROOT.parent / Path(*name.split("."))
    if path.with_suffix(".py").is_file() or (path / "__init__.py").is_file():
        return name
    return name.rsplit(".", 1)[0]


def imports_of(path: Path) -> set[str]:
    """Every textlib module ``path`` imports, anywhere in the file."""
    module = module_name(path)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
            # importing from a package runs its __init__: the package is imported too (the
            # top-level façade runs before any textlib import, so it is no edge)
            names = [f"{base}.{a.name}" for a in node.names] + ([base] if base != "textlib" else [])
        else:
            continue
        for name in names:
            if name == "textlib" or name.startswith("textlib."):
                found.add(_resolve(name))
    found.discard(module)
    return found


GRAPH = {module_name(p): imports_of(p) for p in sorted(ROOT.rglob("*.py"))}


def test_every_module_has_a_stage():
    for module in GRAPH:
        stage(module)


def test_no_import_cycle():
    index, low, stack, on_stack, cycles = {}, {}, [], set(), []

    def visit(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in GRAPH.get(v, ()):
            if w not in GRAPH:
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for v in GRAPH:
        if v not in index:
            visit(v)
    assert cycles == []


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_imports_run_down_the_pipeline(module):
    upward = [
        target
        for target in GRAPH[module]
        if target in GRAPH and RANK[stage(target)] > RANK[stage(module)]
    ]
    assert upward == [], f"{module} imports a later stage"


def test_nothing_below_the_study_imports_it_or_above():
    above = ("textlib.study", "textlib.figures", "textlib.viz", "textlib.stream")
    for module, targets in GRAPH.items():
        if RANK[stage(module)] < RANK["textlib.study"]:
            bad = [t for t in targets if stage(t) in above]
            assert bad == [], f"{module} imports {bad}"
    assert not [t for t in GRAPH["textlib.stream"] if stage(t) in above[:3]]


def test_plots_import_no_analysis_and_no_study():
    for module, targets in GRAPH.items():
        if stage(module) == "textlib.viz":
            bad = [t for t in targets if stage(t) not in (*BASE, "textlib.viz")]
            assert bad == [], f"{module} imports {bad}"


def test_figures_reach_analyses_only_through_the_study():
    for module, targets in GRAPH.items():
        if stage(module) == "textlib.figures":
            bad = [t for t in targets if stage(t) in ANALYSES]
            assert bad == [], f"{module} imports {bad}"


def test_the_checker_sees_imports_inside_functions_and_type_checking(tmp_path):
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from textlib.study import Study\n"
        "def f():\n    from textlib.figures import build\n"
    )
    fake = ROOT / "compare" / "_probe_for_test.py"
    fake.write_text(source, encoding="utf-8")
    try:
        assert imports_of(fake) == {"textlib.study", "textlib.figures", "textlib.figures.build"}
    finally:
        fake.unlink()


def test_top_level_holds_at_most_40_names_besides_errors():
    import textlib

    names = [n for n in textlib.__all__ if not n.endswith("Error")]
    assert len(names) <= 40, names
    for name in textlib.__all__:
        assert getattr(textlib, name) is not None
