"""The streamed path reads through the readers' public seam (textlib.load.sources) and
imports no private name of another package."""

from __future__ import annotations

import ast
from pathlib import Path

import pandas as pd

import textlib
import textlib.load
from textlib.load import sources

STREAM = Path(textlib.__file__).parent / "stream"


def _private_imports(path: Path) -> list[str]:
    """``module.name`` of every private name ``path`` imports from outside the stream
    package (imports inside functions and under TYPE_CHECKING included)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level or module == "textlib.stream" or module.startswith("textlib.stream."):
                continue
            parts = module.split(".")
            found += [f"{module}.{a.name}" for a in node.names if a.name.startswith("_")]
            if any(p.startswith("_") and p != "__future__" for p in parts):
                found.append(module)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if any(p.startswith("_") for p in alias.name.split(".")):
                    found.append(alias.name)
    return found


def test_the_check_finds_a_private_import(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text(
        "from textlib.load.readers import _Seen, files_read\n"
        "def f():\n    from textlib.load._x import y\n    import textlib._private\n"
        "from textlib.stream.writers import _own\n",
        encoding="utf-8",
    )
    assert _private_imports(bad) == [
        "textlib.load.readers._Seen",
        "textlib.load._x",
        "textlib._private",
    ]


def test_stream_imports_no_private_name_from_outside():
    modules = sorted(STREAM.glob("*.py"))
    assert {p.name for p in modules} >= {"run.py", "sources.py", "writers.py", "cli.py"}
    assert {p.name: _private_imports(p) for p in modules} == {p.name: [] for p in modules}


def test_the_seam_is_public_documented_and_exported():
    for name in sources.__all__:
        assert not name.startswith("_")
        value = getattr(textlib.load, name)
        assert value is getattr(sources, name)
        if callable(value) and name != "UnitRead":
            assert value.__doc__, name


def test_the_seam_lists_reads_and_reports_like_the_folder_reader(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("一、总体要求\n加强精神文明建设", encoding="utf-8")
    (tmp_path / "b.txt").write_text(" \n", encoding="utf-8")
    (tmp_path / "c.png").write_bytes(b"\x89PNG")
    listing = sources.list_folder(tmp_path)
    assert [c.unit_id for c in listing.candidates] == ["b", "sub/a"]
    [image] = [e for e in listing.entries if not isinstance(e, sources.Candidate)]
    assert (image.status, image.reason) == ("skipped", "unsupported file type '.png'")
    empty, read = (sources.read_file(c) for c in listing.candidates)
    assert (empty.status, empty.reason) == ("skipped", "file is empty")
    assert read.status == "read" and read.source.text.endswith("精神文明建设")
    assert sources.text_digest(read) == sources.text_digest(
        sources.read_file(listing.candidates[1])
    )
    corpus = sources.corpus_of_files(
        [read], listing.name, steps=sources.repair_steps(None, simplify=True)
    )
    report = sources.load_report([empty, image, read])
    expected = textlib.read_directory(tmp_path, errors="skip")
    assert corpus.leaf_ids == expected.leaf_ids
    assert corpus.units["text"].tolist() == expected.units["text"].tolist()
    pd.testing.assert_frame_equal(report, expected.load_report)


def test_the_seam_reads_a_table_in_chunks(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("id,text,year\na,文本一,2020\nb,,2021\nc,文本三,2022\n", encoding="utf-8")
    used, frames = sources.iter_table(path, rows=2)
    sizes = [len(f) for f in frames]
    assert (used, sizes) == ("utf-8", [2, 1])
    row = sources.read_row(path, "b", "", kind="csv", encoding=used)
    assert (row.status, row.reason) == ("skipped", "row has no text")


def test_one_file_as_its_repaired_text_metadata_and_report_row(tmp_path):
    """read_unit gives the unit read_directory makes of a file: the same repaired text
    (traditional characters simplified, indentation and line breaks repaired), its
    metadata row and its load-report row."""
    text = "一、總體要求\n　　加強社會主義精神文明建設，\n推進文化繁榮。"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"")
    meta = pd.DataFrame({"year": [2021]}, index=pd.Index(["a"], name="unit_id"))
    corpus = textlib.read_directory(tmp_path, errors="skip", metadata=meta)
    a, b = (sources.read_unit(c, metadata=meta) for c in sources.list_folder(tmp_path).candidates)
    assert a.text == corpus.units.at["a", "text"]
    assert "精神文明建设" in a.text  # simplified
    assert a.metadata == {"year": 2021}
    report = corpus.load_report.set_index("unit_id")
    from textlib.load import REPORT_COLUMNS

    expected = report.loc["a", REPORT_COLUMNS[2:]]
    assert [None if pd.isna(v) else v for v in a.report[2:]] == [
        None if pd.isna(v) else v for v in expected
    ]
    assert (b.text, b.report[2:4]) == (None, ("skipped", "file is empty"))
