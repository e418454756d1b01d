"""Awkward CSV and Parquet tables, read whole (read_table) and streamed (stream_directory):
the same checks and the same values either way, named errors for what cannot be read."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import textlib
from textlib import stream
from textlib.errors import StudyParameterError, TableFormatError, UndecodableFileError
from textlib.stream import stream_directory

SENTENCES = [
    "加强社会主义核心价值观建设。",
    "推进新时代文明实践中心建设。",
    "弘扬伟大建党精神。",
    "深入开展党史学习教育。",
]


def _both(path, tmp_path, **options):
    """The units of read_table and of stream_directory (batches of 3 rows) for one table."""
    corpus = textlib.read_table(path, **options)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(stream.sources, "TABLE_ROWS", 3)
        streamed = stream_directory(path, tmp_path / "out", **options)
    return corpus.units, streamed.table("units").set_index("unit_id")


def _write(path, text: str, encoding: str = "utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize("reader", ["whole", "streamed"])
def test_a_stray_quote_is_an_error_naming_its_line_not_merged_rows(tmp_path, reader):
    """Row 2 opens with "" and runs on: pandas alone reads four units, one of them with the
    id 弘扬伟大建党精神。" and the text 2021."""
    path = _write(
        tmp_path / "quote.csv",
        'id,text,year\n1,"加强社会主义核心价值观建设。",2020\n'
        '2,""推进新时代文明实践中心建设。\n弘扬伟大建党精神。",2021\n3,深入开展学习教育。,2022\n',
    )
    read = textlib.read_table if reader == "whole" else stream_directory
    args = (path,) if reader == "whole" else (path, tmp_path / "out")
    with pytest.raises(TableFormatError, match="line 3") as err:
        read(*args)
    assert err.value.line == 3
    assert not (tmp_path / "out").exists()
    rows = "".join(f"{k},{SENTENCES[k % 4]}\n" for k in range(2, 3000))
    late = _write(tmp_path / "late.csv", f'id,text\n1,"{SENTENCES[0]}\n{rows}')
    with pytest.raises(TableFormatError, match="never closed") as err:
        read(*((late,) if reader == "whole" else (late, tmp_path / "out")))
    assert err.value.line == 2  # where the quote opens, not where the file ends


def test_only_an_empty_cell_is_a_missing_id_or_text(tmp_path):
    """NA and null are ids, N/A is a text; metadata cells keep pandas' missing markers."""
    path = _write(
        tmp_path / "na.csv",
        f"id,text,issuer\nNA,{SENTENCES[0]},null\nnull,N/A,N/A\nok,{SENTENCES[2]},国务院\n",
    )
    whole, streamed = _both(path, tmp_path)
    for units in (whole, streamed):
        assert list(units.index) == ["NA", "null", "ok"]
        assert units.loc["null", "title"] == "N/A"
        assert units["issuer"].isna().tolist() == [True, True, False]


def test_metadata_types_learnt_over_the_whole_table(tmp_path):
    """Batches of 3 rows: codes 0000–0005 look numeric until 京A; a flag is True/False with
    a blank, then 0/1; a score is an integer until 2.5; a year is blank in the first rows."""
    rows = ["id,text,code,flag,mixed,score,year"]
    for k in range(8):
        code = "京A" if k == 7 else f"{k:04d}"
        flag = "" if k == 1 else ("True" if k < 3 else str(k % 2))
        mixed = "True" if k < 3 else str(k % 2)
        score = "2.5" if k == 6 else str(k)
        year = "" if k < 4 else str(2016 + k)
        rows.append(f"u{k},{SENTENCES[k % 4]},{code},{flag},{mixed},{score},{year}")
    path = _write(tmp_path / "types.csv", "\n".join(rows) + "\n")
    whole, streamed = _both(path, tmp_path)
    for column in ("code", "flag", "mixed", "score", "year"):
        assert streamed[column].astype(str).tolist() == whole[column].astype(str).tolist(), column
    assert whole["code"].tolist()[:2] == ["0000", "0001"]
    assert streamed["code"].tolist()[:2] == ["0000", "0001"]
    assert whole["score"].dtype == streamed["score"].dtype == "float64"
    assert whole["year"].dtype == streamed["year"].dtype == "float64"
    assert streamed.loc["u0", "flag"] == "True" and whole.loc["u0", "flag"] == "True"


def test_booleans_with_blanks_stay_booleans(tmp_path):
    path = _write(
        tmp_path / "flag.csv",
        f"id,text,flag\na,{SENTENCES[0]},True\nb,{SENTENCES[1]},\nc,{SENTENCES[2]},False\n"
        f"d,{SENTENCES[3]},True\n",
    )
    whole, streamed = _both(path, tmp_path)
    assert whole["flag"].tolist()[0] is True
    assert streamed["flag"].tolist()[0] is True  # not the text 'True'
    assert pd.isna(streamed.loc["b", "flag"])


def test_ascii_then_gbk_is_gbk_in_both_paths(tmp_path):
    filler = "plain ascii " * 90
    rows = "id,text\n" + "".join(f"p{k},{filler}{k}\n" for k in range(1_000))
    rows += "".join(f"g{k},{SENTENCES[k % 4]}\n" for k in range(20))
    path = _write(tmp_path / "late.csv", rows, "gbk")
    assert path.stat().st_size > 1 << 20
    whole, streamed = _both(path, tmp_path)
    assert whole.loc["g0", "encoding"] == streamed.loc["g0", "encoding"] == "gb18030"
    assert streamed.loc["g0", "title"] == SENTENCES[0]


def test_tab_separated_unicode_text_and_spaced_headers(tmp_path):
    """Excel's "Unicode text" is UTF-16 and tab-separated; hand-made headers carry spaces."""
    tsv = _write(tmp_path / "excel.csv", f"id\ttext\tyear\na\t{SENTENCES[0]}\t2020\n", "utf-16")
    whole, streamed = _both(tsv, tmp_path)
    assert whole.loc["a", "title"] == streamed.loc["a", "title"] == SENTENCES[0]
    assert whole.loc["a", "year"] == 2020
    spaced = _write(tmp_path / "spaced.csv", f" id , text ,year\na,{SENTENCES[1]},2021\n")
    whole, streamed = _both(spaced, tmp_path / "2", text_column="text ")
    assert whole.loc["a", "year"] == streamed.loc["a", "year"] == 2021
    semicolons = _write(tmp_path / "semi.csv", f"id;text;year\na;{SENTENCES[2]};2022\n")
    whole, streamed = _both(semicolons, tmp_path / "3")
    assert whole.loc["a", "year"] == streamed.loc["a", "year"] == 2022


def test_parquet_bytes_lists_and_nullable_years(tmp_path):
    binary = tmp_path / "binary.parquet"
    pq.write_table(
        pa.table(
            {
                "id": pa.array([b"a", b"b"], pa.binary()),
                "text": pa.array([s.encode() for s in SENTENCES[:2]], pa.binary()),
            }
        ),
        binary,
    )
    whole, streamed = _both(binary, tmp_path)
    assert whole.loc["a", "title"] == streamed.loc["a", "title"] == SENTENCES[0]
    encoded = [s.encode() for s in SENTENCES[:2]]
    for k, text in enumerate(
        [pa.array(encoded, pa.large_binary()), pa.array(encoded, pa.binary()).dictionary_encode()]
    ):
        other = tmp_path / f"binary{k}.parquet"
        pq.write_table(pa.table({"id": ["a", "b"], "text": text}), other)
        whole, streamed = _both(other, tmp_path / f"b{k}")
        assert whole.loc["b", "title"] == streamed.loc["b", "title"] == SENTENCES[1]
    broken = tmp_path / "broken.parquet"
    pq.write_table(
        pa.table({"id": ["a"], "text": pa.array([b"\xff\xfe"], pa.large_binary())}), broken
    )
    with pytest.raises(TableFormatError, match="not UTF-8"):
        textlib.read_table(broken)
    lists = tmp_path / "lists.parquet"
    pd.DataFrame({"id": ["a"], "text": [SENTENCES[0]], "tags": [["文明", "创建"]]}).to_parquet(
        lists
    )
    for read in (textlib.read_table, lambda p: stream_directory(p, tmp_path / "out2")):
        with pytest.raises(TableFormatError, match="'tags' holds lists"):
            read(lists)
    years = tmp_path / "years.parquet"
    frame = pd.DataFrame({"id": list("abcd"), "text": SENTENCES})
    frame["year"] = pd.array([2020, None, 2022, 2023], dtype="Int64")
    frame["day"] = pd.to_datetime(["2020-01-15", "2021-03-01", None, "2023-07-01"])
    frame.to_parquet(years)
    whole, streamed = _both(years, tmp_path / "3")
    assert whole["year"].dtype == streamed["year"].dtype == "Int64"
    assert streamed["day"].tolist() == whole["day"].tolist()


def test_table_errors_are_named_and_one_line_on_the_command_line(tmp_path, capsys):
    zero = _write(tmp_path / "zero.csv", "")
    header = _write(tmp_path / "header.csv", "id,text\n")
    bad = tmp_path / "bad.csv"
    bad.write_bytes(f"id,text\na,{SENTENCES[0]}\n".encode() + b"b,\xff\xfe\n")
    for path, match in [
        (zero, "not a parsable CSV"),
        (header, "table has no rows"),
        (bad, "byte offset"),
    ]:
        for read in (textlib.read_table, lambda p: stream_directory(p, tmp_path / "out")):
            with pytest.raises(textlib.TextlibError, match=match):
                read(path)
    with pytest.raises(UndecodableFileError, match="not UTF-8 from byte offset 55"):
        textlib.read_table(bad)
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes(f"id,text\na,{SENTENCES[0]}\n".encode("gbk") + b"b,\xff\n")
    with pytest.raises(UndecodableFileError, match="not GB18030 from byte offset 41"):
        textlib.read_table(gbk)
    same = _write(tmp_path / "same.csv", f"id,text\na,{SENTENCES[0]}\n")
    with pytest.raises(TableFormatError, match="both 'text'"):
        textlib.read_table(same, id_column="text")
    with pytest.raises(StudyParameterError, match="pattern"):
        textlib.read_directory(same, pattern="*.csv")
    out = tmp_path / "cli"
    assert stream.main([str(zero), str(out)]) == 1
    assert stream.main([str(bad), str(out), "--encoding", "gbk"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 2 and "Traceback" not in err
    assert "pass --encoding" in err
    assert not out.exists()


def test_metadata_keeps_its_type_in_every_table(tmp_path):
    """Counts, tokens and outline carry a unit's metadata with the type it has in units
    (the token table used to turn an Int64 year into objects and an int into a category)."""
    frame = pd.DataFrame({"id": ["a", "b", "c"], "text": SENTENCES[:3]})
    frame["rank"] = [1, 2, 3]
    frame["year"] = pd.array([2020, None, 2022], dtype="Int64")
    frame["share"] = [1.5, None, 2.0]
    frame["region"] = ["北京", None, "上海"]
    path = tmp_path / "meta.parquet"
    frame.to_parquet(path)
    corpus = textlib.read_table(path)
    study = textlib.Study(corpus)
    columns = ["rank", "year", "share", "region"]
    for name in ("counts", "tokens", "outline"):
        table = getattr(study, name)
        for column in columns:
            assert table[column].dtype == corpus.units[column].dtype, (name, column)
    first = study.tokens.drop_duplicates("unit_id").set_index("unit_id")[columns]
    assert first.loc["a"].tolist() == [1, 2020, 1.5, "北京"]
    assert pd.isna(first.loc["b", "year"]) and pd.isna(first.loc["b", "region"])


def test_zero_padded_codes_stay_text_numbers_become_numbers(tmp_path):
    """Region codes and document numbers such as 0101 or 007 keep their zeros (pandas alone
    reads them as 101 and 7); plain numbers are still numbers, the same whole or streamed."""
    rows = [
        f"{k},{SENTENCES[k % 4]},{code},{rank},{share},{flag}"
        for k, (code, rank, share, flag) in enumerate(
            [
                ("0101", "101", "0.5", "TRUE"),
                ("0102", "7", "", "false"),
                ("1103", "12", "3", "True"),
            ]
        )
    ]
    path = _write(tmp_path / "codes.csv", "id,text,code,rank,share,flag\n" + "\n".join(rows))
    whole, streamed = _both(path, tmp_path)
    for units in (whole, streamed):
        assert units["code"].tolist() == ["0101", "0102", "1103"]
        assert units["rank"].tolist() == [101, 7, 12]
        assert units["rank"].dtype == "int64"
        assert units["share"].dtype == "float64" and pd.isna(units.loc["1", "share"])
        assert units["flag"].tolist() == [True, False, True]
