"""stream_directory: the batch path in chunks, written to Parquet, with the same numbers as the
in-memory path (read_directory + Study) on a folder with awkward files."""

from __future__ import annotations

import os

import opencc
import pandas as pd
import pytest

import textlib
from textlib import stream
from textlib.errors import OutputError, StudyParameterError, UndecodableFileError
from textlib.stream import STREAM_TABLES, stream_directory
from textlib.structure.headings import OUTLINE_COLUMNS

FOOTER = "本网站所载文章如需转载请注明出处并保留原文链接违者必究谢谢合作支持"  # 33 characters


def _plain(table: pd.DataFrame) -> pd.DataFrame:
    """Categorical columns as plain values (a chunk's categories are its own; numeric ones
    are written as numbers), a fresh index."""
    return table.assign(
        **{
            c: table[c].astype(object)
            for c in table.columns
            if isinstance(table[c].dtype, pd.CategoricalDtype)
        }
    ).reset_index(drop=True)


def _assert_same_tables(streamed, study) -> None:
    """The streamed counts, tokens, outline and load report are the Study's."""
    for name, expected in [
        ("counts", study.counts),
        ("tokens", study.tokens),
        ("outline", study.outline),
    ]:
        pd.testing.assert_frame_equal(
            _plain(streamed.table(name)), _plain(expected), check_dtype=False, obj=name
        )
    pd.testing.assert_frame_equal(streamed.load_report, study.corpus.load_report)


@pytest.fixture(scope="module")
def folder(tmp_path_factory, seed):
    """Fourteen documents made of the seed's paragraphs (two in subfolders, one GBK, one in
    traditional characters, most with a footer to drop), an empty file and an image."""
    root = tmp_path_factory.mktemp("stream")
    paragraphs = [
        p for u in seed.leaf_ids for p in seed.tracked(u).text.split("\n") if len(p) >= 20
    ]
    for k in range(14):
        body = "\n".join(paragraphs[(k * 7 + j) % len(paragraphs)] for j in range(9))
        text = f"第{k}号文件 工作要点\n一、总体要求\n{body}\n" + (FOOTER if k % 4 else "")
        sub = root / ("2021" if k < 2 else "")
        sub.mkdir(exist_ok=True)
        if k == 3:
            (sub / f"doc{k:02d}.txt").write_bytes(text.encode("gbk", errors="replace"))
        elif k == 5:
            traditional = opencc.OpenCC("s2t").convert(text)
            (sub / f"doc{k:02d}.txt").write_text(traditional, encoding="utf-8")
        else:
            (sub / f"doc{k:02d}.txt").write_text(text, encoding="utf-8")
    (root / "empty.txt").write_text("  \n", encoding="utf-8")
    (root / "scan.png").write_bytes(b"\x89PNG")
    return root


@pytest.mark.parametrize("n_jobs", [1, 2])
def test_streamed_tables_are_the_in_memory_tables(folder, tmp_path, n_jobs):
    streamed = stream_directory(
        folder, tmp_path, chunk_chars=3_000, n_jobs=n_jobs, errors="skip", segmenter="rjieba"
    )
    corpus = textlib.read_directory(folder, errors="skip")
    study = textlib.Study(corpus, segmenter="rjieba")
    assert {p.name for p in tmp_path.iterdir()} == {
        *(f"{t}.parquet" for t in STREAM_TABLES),
        "load_report.csv",
    }
    _assert_same_tables(streamed, study)
    umask = os.umask(0)
    os.umask(umask)
    # the tables get the permissions of any file the user writes, not a temp file's 0600
    assert (tmp_path / "tokens.parquet").stat().st_mode & 0o777 == 0o666 & ~umask
    units = streamed.table("units").set_index("unit_id")
    assert list(units.index) == corpus.leaf_ids
    assert units.loc["doc03", "encoding"] in ("gb18030", "gbk")
    assert units.loc["doc05", "script"] == "traditional"
    assert (
        units["tokens"].tolist() == study.tokens.groupby("unit_id", observed=True).size().tolist()
    )
    assert (streamed.table("tokens", columns=["segmenter"])["segmenter"] == "rjieba").all()


def test_boilerplate_found_by_hash_is_dropped_and_reported(folder, tmp_path):
    streamed = stream_directory(folder, tmp_path, chunk_chars=3_000, errors="skip")
    report = streamed.load_report.set_index("unit_id")
    # the footer is in 10 of 14 documents: dropped there, reported per file
    assert report.loc["2021/doc01", "reason"] == "1 boilerplate line(s) dropped"
    assert report.loc["doc04", "reason"] == ""
    assert report.loc["empty", "status"] == "skipped"
    assert report["path"].str.endswith("scan.png").any()
    tokens = streamed.table("tokens", columns=["unit_id", "token"]).astype(str)
    has_footer = tokens[tokens["token"] == "转载"]["unit_id"].unique().tolist()
    # only doc05 keeps it: its footer is in traditional characters, not a verbatim copy
    assert has_footer == ["doc05"]
    # a reader of the load report on disk sees the same rows
    on_disk = pd.read_csv(tmp_path / "load_report.csv", keep_default_na=False)
    assert on_disk["path"].tolist() == streamed.load_report["path"].tolist()


def test_chunks_bound_what_is_held_at_once(folder, tmp_path, monkeypatch):
    sizes = []
    original = stream.run.process_chunk

    def spy(chunk, meta, context, digests=()):
        sizes.append(sum(item.chars for item in chunk))
        return original(chunk, meta, context, digests)

    monkeypatch.setattr(stream.run, "process_chunk", spy)
    stream_directory(folder, tmp_path, chunk_chars=3_000, errors="skip")
    largest = max(os.path.getsize(p) for p in folder.rglob("*.txt"))
    assert len(sizes) > 3
    # a chunk holds at most chunk_chars, or one file when a file is larger
    assert all(size <= max(3_000, largest) for size in sizes)


def test_a_failing_chunk_leaves_earlier_tables_untouched(folder, tmp_path, monkeypatch):
    stream_directory(folder, tmp_path, chunk_chars=3_000, errors="skip")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    calls = []
    original = stream.run.process_chunk

    def failing(chunk, meta, context, digests=()):
        calls.append(1)
        if len(calls) == 3:
            raise OSError("disk vanished")
        return original(chunk, meta, context, digests)

    monkeypatch.setattr(stream.run, "process_chunk", failing)
    with pytest.raises(OSError, match="disk vanished"):
        stream_directory(folder, tmp_path, chunk_chars=3_000, errors="skip")
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before  # no temp file left


def test_problems_are_raised_before_anything_is_written(tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    (source / "good.txt").write_text("加强精神文明建设", encoding="utf-8")
    (source / "bad.txt").write_bytes(bytes(range(128, 256)) * 4)
    out = tmp_path / "out"
    with pytest.raises(UndecodableFileError, match="bad.txt"):
        stream_directory(source, out)
    assert not out.exists() or not any(out.iterdir())


def test_parameters_are_checked(folder, tmp_path):
    with pytest.raises(StudyParameterError, match="chunk_chars"):
        stream_directory(folder, tmp_path, chunk_chars=0)
    with pytest.raises(StudyParameterError, match="segmenter"):
        stream_directory(folder, tmp_path, segmenter="thulac")
    streamed = stream_directory(folder, tmp_path, errors="skip")
    with pytest.raises(StudyParameterError, match="table"):
        streamed.table("hits")


def test_command_line(folder, tmp_path):
    import subprocess
    import sys

    run = subprocess.run(
        [sys.executable, "-m", "textlib.stream", str(folder), str(tmp_path), "--skip-errors"],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    assert "14 files read, 2 skipped" in run.stdout
    assert (tmp_path / "tokens.parquet").is_file()
    bad = subprocess.run(
        [sys.executable, "-m", "textlib.stream", str(folder), str(tmp_path), "--segmenter", "x"],
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 1
    assert bad.stderr.startswith("error:") and "Traceback" not in bad.stderr


def test_problems_found_by_workers_reach_the_caller(tmp_path):
    """With two workers the first pass runs in other processes: their named errors come
    back whole (TextlibError pickles without calling __init__)."""
    source = tmp_path / "in"
    source.mkdir()
    for k in range(4):
        (source / f"good{k}.txt").write_text(f"加强精神文明建设{k}", encoding="utf-8")
    (source / "bad.txt").write_bytes(bytes(range(128, 256)) * 4)
    with pytest.raises(UndecodableFileError, match="bad.txt"):
        stream_directory(source, tmp_path / "out", n_jobs=2)
    streamed = stream_directory(source, tmp_path / "out", n_jobs=2, errors="skip")
    report = streamed.load_report.set_index("unit_id")
    assert report.loc["bad", "status"] == "skipped"
    assert report.loc["bad", "reason"].startswith("cannot be decoded as utf-8")


def test_tables_whose_first_chunks_are_empty_or_untyped(tmp_path):
    """Short files without headings first, outlines later; a manifest column blank for the
    first files: the first chunks' empty or all-missing columns have no type, and must not
    fix the file's types."""
    source = tmp_path / "in"
    source.mkdir()
    body = "加强精神文明建设，推进文化繁荣。" * 20
    rows = ["path,issuer"]
    for k in range(6):
        text = body if k < 3 else f"一、总体要求\n{body}\n二、主要任务\n{body}"
        (source / f"d{k}.txt").write_text(text, encoding="utf-8")
        rows.append(f"d{k}.txt," + ("" if k < 3 else "省委宣传部"))
    (source / "manifest.csv").write_text("\n".join(rows), encoding="utf-8")
    streamed = stream_directory(source, tmp_path / "out", chunk_chars=500, metadata="manifest.csv")
    corpus = textlib.read_directory(source, metadata="manifest.csv")
    expected = _plain(textlib.Study(corpus).outline)
    got = _plain(streamed.table("outline"))
    assert len(got) == 6
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)
    units = streamed.table("units").set_index("unit_id")
    assert units["issuer"].isna().tolist() == [True] * 3 + [False] * 3
    # no heading anywhere: the outline table is written, empty, with its columns
    flat = tmp_path / "flat"
    flat.mkdir()
    for k in range(3):
        (flat / f"f{k}.txt").write_text(body, encoding="utf-8")
    empty = stream_directory(flat, tmp_path / "out2", chunk_chars=500).table("outline")
    assert empty.empty and list(empty.columns) == OUTLINE_COLUMNS


def test_numeric_metadata_keeps_its_type_across_chunks(tmp_path):
    """A year in every chunk stays a number; a score missing for one file (a later chunk)
    is a missing number; a manifest column named like a computed one is renamed."""
    source = tmp_path / "in"
    source.mkdir()
    for k in range(3):
        (source / f"d{k}.txt").write_text("一、总体要求\n加强精神文明建设", encoding="utf-8")
    (source / "m.csv").write_text(
        "path,year,score,tokens\nd0.txt,2020,1.5,7\nd1.txt,2021,,8\nd2.txt,2022,2.5,9\n",
        encoding="utf-8",
    )
    streamed = stream_directory(source, tmp_path / "out", metadata="m.csv", chunk_chars=1)
    tokens = streamed.table("tokens")
    study_tokens = textlib.Study(textlib.read_directory(source, metadata="m.csv")).tokens
    assert len(tokens[tokens["year"] == 2020]) == len(study_tokens[study_tokens["year"] == 2020])
    assert len(tokens[tokens["year"] == 2020]) > 0
    scores = tokens.groupby("unit_id", observed=True)["score"].first()
    assert scores["d0"] == 1.5 and pd.isna(scores["d1"]) and scores["d2"] == 2.5
    units = streamed.table("units").set_index("unit_id")
    assert units["meta_tokens"].tolist() == [7, 8, 9]
    assert units["tokens"].tolist() == tokens.groupby("unit_id", observed=True).size().tolist()


def test_bad_workers_or_a_folder_in_place_of_a_table_fail_before_any_work(folder, tmp_path):
    with pytest.raises(StudyParameterError, match="n_jobs"):
        stream_directory(folder, tmp_path, n_jobs=0)
    (tmp_path / "outline.parquet").mkdir()
    with pytest.raises(OutputError, match="outline.parquet: is a folder"):
        stream_directory(folder, tmp_path, errors="skip")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["outline.parquet"]


def test_an_output_folder_inside_the_corpus_is_not_read(folder, tmp_path):
    import shutil

    source = tmp_path / "in"
    shutil.copytree(folder, source)
    first = stream_directory(source, source / "tables", errors="skip")
    second = stream_directory(source, source / "tables", errors="skip")
    report = second.load_report
    own = report["path"].str.contains("/tables/")
    # its own tables from the first run are listed, as what they are, and not read
    assert own.sum() == 5
    assert (report.loc[own, "reason"] == "inside the output folder").all()
    pd.testing.assert_frame_equal(report[~own].reset_index(drop=True), first.load_report)


@pytest.fixture(scope="module")
def table_rows(folder):
    """The folder's documents as table rows (GBK and traditional included, as text), with
    metadata: a year missing in the first rows (its type is only known later), a region, a
    flag, and two rows without text."""
    rows = []
    for k, path in enumerate(sorted(folder.rglob("doc*.txt"))):
        data = path.read_bytes()
        text = data.decode("utf-8") if k != 3 else data.decode("gbk")
        rows.append(
            {
                "id": path.stem,
                "text": text,
                "year": None if k < 7 else 2010 + k,
                "region": "北京" if k % 2 else None,
                "score": k / 2,
            }
        )
    rows.insert(4, {"id": "blank", "text": "", "year": 2020, "region": None, "score": 0.0})
    rows.append({"id": "spaces", "text": "  \n ", "year": 2021, "region": "上海", "score": 1.0})
    return pd.DataFrame(rows)


@pytest.mark.parametrize(("kind", "n_jobs"), [("csv", 1), ("gbk.csv", 2), ("parquet", 1)])
def test_a_streamed_table_gives_the_in_memory_tables(table_rows, tmp_path, kind, n_jobs):
    """A CSV (UTF-8 or GBK) or Parquet table streamed a few rows at a time (TABLE_ROWS = 3)
    gives read_table's corpus: the same counts, tokens, outline, metadata types and report."""
    path = tmp_path / f"corpus.{kind}"
    if kind == "parquet":
        table_rows.to_parquet(path)
    else:
        encoding = "gbk" if kind.startswith("gbk") else "utf-8"
        path.write_bytes(table_rows.to_csv(index=False).encode(encoding, errors="replace"))
    out = tmp_path / "out"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(stream.sources, "TABLE_ROWS", 3)
        streamed = stream_directory(
            path, out, chunk_chars=3_000, errors="skip", n_jobs=n_jobs, segmenter="rjieba"
        )
    corpus = textlib.read_table(path, errors="skip")
    study = textlib.Study(corpus, segmenter="rjieba")
    _assert_same_tables(streamed, study)
    report = streamed.load_report.set_index("unit_id")
    assert report.loc["blank", "reason"] == "row has no text"
    assert report.loc["spaces", "status"] == "skipped"
    units = streamed.table("units").set_index("unit_id")
    assert list(units.index) == corpus.leaf_ids
    assert units.loc["doc05", "script"] == "traditional"
    assert units["year"].dtype == corpus.units["year"].dtype == "float64"  # missing in some
    assert units["score"].dtype == "float64"
    assert units.loc["doc10", "year"] == 2020
    counts = streamed.table("counts")
    assert counts["year"].dtype == "float64"
    assert set(counts["region"].dropna().astype(str)) == {"北京"}


def test_a_table_streamed_with_bad_ids_or_rows_fails_before_writing(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("id,text\na,精神文明。\n,文明实践。\na,又一个。\n", encoding="utf-8")
    out = tmp_path / "out"
    with pytest.raises(textlib.TextlibError, match="data row"):
        stream_directory(bad, out)
    assert not out.exists()
    empty = tmp_path / "empty.csv"
    empty.write_text("id,text\na,\n", encoding="utf-8")
    with pytest.raises(textlib.TextlibError, match="empty.csv#a"):
        stream_directory(empty, out)
    missing = tmp_path / "missing.csv"
    missing.write_text("name,body\na,文本\n", encoding="utf-8")
    with pytest.raises(textlib.TextlibError, match="missing column"):
        stream_directory(missing, out)
    with pytest.raises(StudyParameterError, match="metadata"):
        stream_directory(bad, out, metadata=pd.DataFrame())


def test_a_large_files_encoding_is_decided_without_holding_it(tmp_path):
    """Blocks and samples far smaller than the file: the decision is what detect_and_decode
    makes on the whole file, and a bad byte is named by its offset."""
    from textlib.load.encodings import detect_and_decode, detect_file_encoding

    text = "id,text\n" + "".join(
        f"{k},加强社会主义核心价值观建设，弘扬民族精神\n" for k in range(300)
    )
    for encoding in ("utf-8", "gbk", "utf-8-sig", "utf-16"):
        path = tmp_path / f"{encoding}.csv"
        path.write_bytes(text.encode(encoding))
        codec, name = detect_file_encoding(path, sample_bytes=100)
        assert name == detect_and_decode(path.read_bytes(), path)[1], encoding
        assert path.read_bytes().decode(codec).lstrip("\ufeff") == text
    bad = tmp_path / "bad.csv"
    data = text.encode("utf-8")
    bad.write_bytes(data[:5000] + b"\xff" + data[5000:])
    with pytest.raises(UndecodableFileError, match="byte offset"):
        detect_file_encoding(bad, encoding="utf-8")
    assert detect_file_encoding(tmp_path / "gbk.csv", encoding="gbk") == ("gbk", "gbk")


def test_chunks_of_many_short_documents_are_capped_in_units(tmp_path, monkeypatch):
    """Counts hold a row per unit and lexicon variant: a chunk of many short documents is
    cut by units too, so its counts table stays within CHUNK_COUNT_ROWS rows."""
    path = tmp_path / "short.csv"
    rows = "".join(f"u{k},加强社会主义核心价值观建设。\n" for k in range(50))
    path.write_text("id,text\n" + rows, encoding="utf-8")
    variants = len(textlib.load_lexicon())
    monkeypatch.setattr(stream.sources, "CHUNK_COUNT_ROWS", variants * 7)
    sizes = []
    original = stream.run.process_chunk

    def spy(chunk, meta, context, digests=()):
        sizes.append(len(chunk))
        return original(chunk, meta, context, digests)

    monkeypatch.setattr(stream.run, "process_chunk", spy)
    streamed = stream_directory(path, tmp_path / "out")
    assert sizes == [7] * 7 + [1]
    assert len(streamed.table("counts")) == 50 * variants
