"""Importing textlib has no side effects and loads nothing heavy."""

from __future__ import annotations

import subprocess
import sys

import pytest

import textlib


def test_import_loads_no_heavy_module():
    code = (
        "import sys, textlib;"
        "heavy = [m for m in ('pandas', 'jieba', 'matplotlib', 'sklearn', 'numpy') if m in sys.modules];"
        "print(','.join(heavy))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_public_api_resolves():
    for name in textlib.__all__:
        assert getattr(textlib, name) is not None


def test_unknown_attribute():
    with pytest.raises(AttributeError, match="no_such_thing"):
        textlib.no_such_thing  # noqa: B018


def test_no_export_is_shadowed_by_a_submodule():
    # `import textlib.x` sets attribute x on the package, which would hide a function x
    package = __import__("pathlib").Path(textlib.__file__).parent
    clashes = [
        n
        for n in textlib.__all__
        if ((package / f"{n}.py").exists() or (package / n).is_dir())
        and textlib._EXPORTS[n] != f"textlib.{n}"  # a stage package exported as itself
    ]
    assert clashes == []
