"""Every error the public API raises on bad input is a TextlibError naming the file, line or
unit at fault, and long runs of spaces or dots load and diagnose in linear time."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

import textlib
from textlib import atomic
from textlib.compare.reuse import pairwise_passages
from textlib.errors import (
    BadFontError,
    LexiconError,
    OutputError,
    PageFormatError,
    ReuseLimitError,
    RoleRuleError,
    SourceFileNotFoundError,
    SourceReadError,
    TableFormatError,
    TextlibError,
)
from textlib.lexicon.loading import load_lexicon
from textlib.load.readers import read_directory, read_table
from textlib.structure.roles import classify_title, load_role_rules
from textlib.text.source import read_source
from textlib.viz import fonts

LEXICON_HEADER = "formulation,variant,gloss,gloss_source,kind,components,not_within,note\n"


def _one_line(err: pytest.ExceptionInfo[BaseException]) -> str:
    message = str(err.value)
    assert "\n" not in message
    assert isinstance(err.value, TextlibError)
    return message


def _deny_reading(monkeypatch: pytest.MonkeyPatch, victim: Path) -> None:
    """Make ``victim.read_bytes()`` fail as a chmod 000 file would (tests run as root)."""
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self == victim:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)


# --- lexicon ---------------------------------------------------------------------------


def test_lexicon_unclosed_quote_names_the_line_where_it_opens(tmp_path):
    path = tmp_path / "lexicon.csv"
    path.write_text(
        LEXICON_HEADER
        + "文明城市,文明城市,civilised city,own,goal,,,fine\n"
        + '文明实践,文明实践,civilisation practice,own,task,,,"open quote never closed\n'
        + "志愿服务,志愿服务,volunteer service,own,task,,,swallowed\n"
        + "核心价值观,核心价值观,core values,own,values,,,swallowed too\n",
        encoding="utf-8",
    )
    with pytest.raises(LexiconError) as err:
        load_lexicon(path)
    message = _one_line(err)
    assert err.value.row == 3
    assert f"{path}, line 3" in message and "never closed" in message


def test_lexicon_quote_closed_rows_later_is_caught(tmp_path):
    path = tmp_path / "lexicon.csv"
    path.write_text(
        LEXICON_HEADER
        + '文明实践,文明实践,civilisation practice,own,task,,,"opens here\n'
        + '志愿服务,志愿服务,volunteer service,own,task,,,and "closes here\n',
        encoding="utf-8",
    )
    with pytest.raises(LexiconError, match=r"line 2: .*closes on line 3"):
        load_lexicon(path)


def test_lexicon_well_quoted_fields_still_load(tmp_path):
    path = tmp_path / "lexicon.csv"
    path.write_text(
        LEXICON_HEADER
        + '文明实践,文明实践,"practice, civilisation",own,task,,,"a ""quoted"" note"\n',
        encoding="utf-8",
    )
    table = load_lexicon(path)
    assert table.loc[0, "note"] == 'a "quoted" note'


def test_lexicon_unreadable_file(tmp_path, monkeypatch):
    path = tmp_path / "lexicon.csv"
    path.write_text(LEXICON_HEADER, encoding="utf-8")
    _deny_reading(monkeypatch, path)
    with pytest.raises(SourceReadError) as err:
        load_lexicon(path)
    assert str(path) in _one_line(err) and "Permission denied" in str(err.value)
    assert isinstance(err.value, OSError)


def test_lexicon_path_that_is_a_directory(tmp_path):
    with pytest.raises(SourceReadError, match="is a directory"):
        load_lexicon(tmp_path)


# --- role rules ------------------------------------------------------------------------


def test_role_rules_missing_file(tmp_path):
    with pytest.raises(SourceFileNotFoundError) as err:
        load_role_rules(tmp_path / "nope.csv")
    assert "nope.csv" in _one_line(err)


def test_role_rules_invalid_regex_names_file_line_pattern(tmp_path):
    path = tmp_path / "roles.csv"
    path.write_text(
        "role,gloss,pattern,note\nsafeguards,g,保障|组织领导,\nkey tasks,g,重点[任务,\n"
    )
    with pytest.raises(RoleRuleError) as err:
        load_role_rules(path)
    message = _one_line(err)
    assert f"{path}, line 3" in message and "'重点[任务'" in message
    assert err.value.line == 3 and isinstance(err.value, ValueError)


def test_role_rules_group_with_alternatives_is_rejected(tmp_path):
    # classify_title splits on every '|': '(保障|措施)' would become '(保障' and '措施)'
    path = tmp_path / "roles.csv"
    path.write_text("role,gloss,pattern,note\nsafeguards,g,(保障|措施),\n")
    with pytest.raises(RoleRuleError, match=r"line 2: role pattern '\(保障\|措施\)' has a '\|'"):
        load_role_rules(path)


def test_role_rules_harmless_capturing_group_is_accepted(tmp_path):
    path = tmp_path / "roles.csv"
    path.write_text("role,gloss,pattern,note\nsafeguards,g,(保障)措施|组织领导,\n")
    rules = load_role_rules(path)
    assert classify_title("五、保障措施", rules) == ("safeguards", "(保障)措施")


# --- readers ---------------------------------------------------------------------------


def test_csv_unbalanced_quote_names_file_and_line(tmp_path):
    path = tmp_path / "corpus.csv"
    path.write_text('id,text\na,正文一。\nb,"未闭合的引号\nc,正文三。\n', encoding="utf-8")
    with pytest.raises(TableFormatError) as err:
        read_directory(path)
    message = _one_line(err)
    assert f"{path}: line 3:" in message and "never closed" in message
    assert err.value.line == 3 and isinstance(err.value, PageFormatError)


def test_csv_ragged_row_names_line(tmp_path):
    path = tmp_path / "corpus.csv"
    path.write_text("id,text\na,正文一。\nb,正文二。,extra\n", encoding="utf-8")
    with pytest.raises(TableFormatError) as err:
        read_table(path)
    assert err.value.line == 3 and "line 3" in _one_line(err)


def test_parquet_garbage_names_file(tmp_path):
    path = tmp_path / "x.parquet"
    path.write_bytes(b"this is not parquet at all")
    with pytest.raises(TableFormatError) as err:
        read_directory(path)
    message = _one_line(err)
    assert message.startswith(f"{path}: not a readable Parquet file")


@pytest.mark.parametrize("cell", ["", "   "])
def test_csv_empty_id_names_row(tmp_path, cell):
    path = tmp_path / "corpus.csv"
    path.write_text(f"id,text\na,正文一。\n{cell},正文二。\nc,正文三。\n", encoding="utf-8")
    with pytest.raises(TableFormatError) as err:
        read_table(path)
    assert "empty 'id' in data row(s) 2" in _one_line(err)


def test_parquet_missing_id_names_row(tmp_path):
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    path = tmp_path / "corpus.parquet"
    pd.DataFrame({"id": ["a", None, "c"], "text": ["一。", "二。", "三。"]}).to_parquet(path)
    with pytest.raises(TableFormatError, match=r"data row\(s\) 2"):
        read_table(path)


def test_csv_duplicate_ids_name_rows(tmp_path):
    path = tmp_path / "corpus.csv"
    path.write_text("id,text\na,一。\nb,二。\na,三。\n", encoding="utf-8")
    with pytest.raises(TableFormatError) as err:
        read_table(path)
    assert "'a' in data rows 1, 3" in _one_line(err)


def test_unreadable_text_file(tmp_path, monkeypatch):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text("正文。\n", encoding="utf-8")
    victim = folder / "b.txt"
    victim.write_text("正文。\n", encoding="utf-8")
    _deny_reading(monkeypatch, victim)
    with pytest.raises(SourceReadError) as err:
        read_directory(folder)
    assert str(victim) in _one_line(err)
    with pytest.raises(SourceReadError):
        read_source(victim)


def test_unreadable_table(tmp_path, monkeypatch):
    path = tmp_path / "corpus.csv"
    path.write_text("id,text\na,一。\n", encoding="utf-8")
    _deny_reading(monkeypatch, path)
    with pytest.raises(SourceReadError, match="Permission denied"):
        read_directory(path)


def test_directory_where_a_file_is_expected(tmp_path):
    folder = tmp_path / "corpus"
    (folder / "sub.txt").mkdir(parents=True)  # globbed as a text file
    with pytest.raises(SourceReadError, match="is a directory"):
        read_directory(folder)


def test_plain_file_where_a_directory_is_expected(tmp_path):
    path = tmp_path / "notes.rtf"
    path.write_text("x", encoding="utf-8")
    with pytest.raises(SourceReadError, match="expected a directory"):
        read_directory(path)


# --- fonts -----------------------------------------------------------------------------


@pytest.fixture
def fresh_font_caches():
    caches = (fonts.cjk_font_path, fonts._cmap, fonts.cjk_family)
    for cache in caches:
        cache.cache_clear()
    yield
    for cache in caches:
        cache.cache_clear()


def test_font_override_that_is_not_a_font(tmp_path, monkeypatch, fresh_font_caches):
    fake = tmp_path / "notes.ttf"
    fake.write_text("just some text, not a font\n", encoding="utf-8")
    monkeypatch.setenv(fonts.FONT_ENV, str(fake))
    with pytest.raises(BadFontError) as err:
        fonts.missing_glyphs(["文明"])
    assert str(fake) in _one_line(err)
    with pytest.raises(BadFontError, match="not a usable font"):
        fonts.check_glyphs("demo", ["文明"])
    with pytest.raises(BadFontError):
        fonts.cjk_family()


# --- reuse -----------------------------------------------------------------------------


def _small_corpus(tmp_path: Path) -> textlib.Corpus:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, body in {"a": "甲" * 50, "b": "乙" * 300, "c": "丙" * 40}.items():
        (folder / f"{name}.txt").write_text(body + "。\n", encoding="utf-8")
    return read_directory(folder)


def test_pairwise_limits_are_named_errors(tmp_path):
    corpus = _small_corpus(tmp_path)
    with pytest.raises(ReuseLimitError, match="3 units exceed max_units=2") as err:
        pairwise_passages(corpus, max_units=2)
    _one_line(err)
    with pytest.raises(ReuseLimitError, match=r"unit 'b' has 301 characters.*max_chars=100"):
        pairwise_passages(corpus, max_chars=100)


# --- atomic writes ---------------------------------------------------------------------


def test_atomic_write_and_no_change(tmp_path):
    target = tmp_path / "a.csv"
    assert atomic.write_bytes_atomic(target, b"x") is True
    assert atomic.write_bytes_atomic(target, b"x") is False
    assert target.read_bytes() == b"x"
    assert [p.name for p in tmp_path.iterdir()] == ["a.csv"]


def test_atomic_write_removes_temp_file_on_error(tmp_path, monkeypatch):
    target = tmp_path / "a.png"
    target.write_bytes(b"old")

    def fail(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OutputError) as err:
        atomic.write_bytes_atomic(target, b"new")
    assert str(target) in _one_line(err) and "No space left" in str(err.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.png"]
    assert target.read_bytes() == b"old"


def test_atomic_write_interrupted_removes_temp_file(tmp_path, monkeypatch):
    def interrupt(src: str, dst: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupt)
    with pytest.raises(KeyboardInterrupt):
        atomic.write_bytes_atomic(tmp_path / "a.png", b"new")
    assert list(tmp_path.iterdir()) == []


def test_remove_stale_temp_files(tmp_path):
    stale = tmp_path / ".textlib-fig.png.abc123.tmp"
    stale.write_bytes(b"half a figure")
    keep = [tmp_path / "fig.png", tmp_path / ".hidden.tmp", tmp_path / "textlib-x.tmp"]
    for path in keep:
        path.write_bytes(b"keep")
    assert atomic.is_temp_file(stale) and not any(atomic.is_temp_file(p) for p in keep)
    assert atomic.remove_stale_temp_files(tmp_path, min_age=3600) == []
    assert atomic.remove_stale_temp_files(tmp_path) == [stale]
    assert not stale.exists() and all(p.exists() for p in keep)
    assert atomic.remove_stale_temp_files(tmp_path / "missing") == []


def test_temp_file_name_is_recognisable(tmp_path, monkeypatch):
    seen = []

    def record(src: str, dst: str) -> None:
        seen.append(Path(src).name)
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "replace", record)
    with pytest.raises(OutputError):
        atomic.write_bytes_atomic(tmp_path / "fig.png", b"x")
    assert seen and atomic.is_temp_file(seen[0]) and seen[0].startswith(".textlib-fig.png.")


def test_atomic_write_into_missing_folder(tmp_path):
    with pytest.raises(OutputError, match="folder does not exist") as err:
        atomic.write_bytes_atomic(tmp_path / "missing" / "a.png", b"x")
    assert str(tmp_path / "missing") in _one_line(err)
    assert atomic.write_bytes_atomic(tmp_path / "made" / "a.png", b"x", create_folder=True)


def test_atomic_write_into_a_file(tmp_path):
    blocker = tmp_path / "out"
    blocker.write_bytes(b"a file, not a folder")
    with pytest.raises(OutputError, match="is a file, not a folder"):
        atomic.write_bytes_atomic(blocker / "a.png", b"x")
    with pytest.raises(OutputError, match="cannot create the folder"):
        atomic.write_bytes_atomic(blocker / "sub" / "a.png", b"x", create_folder=True)


def test_atomic_write_onto_a_folder(tmp_path):
    (tmp_path / "a.png").mkdir()
    with pytest.raises(OutputError, match="is a folder, not a file"):
        atomic.write_bytes_atomic(tmp_path / "a.png", b"x")


def test_atomic_write_into_read_only_folder(tmp_path, monkeypatch):
    import tempfile

    def denied(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    with pytest.raises(OutputError) as err:
        atomic.write_bytes_atomic(tmp_path / "a.png", b"x")
    assert f"{tmp_path}: cannot write in this folder (Permission denied)" == _one_line(err)


# --- linear-time regexes ---------------------------------------------------------------

MB = 1_000_000
LONG_RUNS = {
    "spaces": " " * MB,
    "nbsp": "\u00a0" * MB,
    "spaces_between_text": "开展工作" + " " * MB + "推进落实。",
    "nbsp_between_text": "开展工作" + "\u00a0" * MB + "推进落实。",
    "dots": "." * MB,
    "dots_then_text": "." * MB + "x",
    "cn_dots": "。" * MB,
    "ellipsis": "…" * MB,
    "ellipsis_then_text": "…" * MB + "正文",
    "genre_word_then_spaces": "工作要点" + " " * MB + "x",
    "spaces_then_part": " " * MB + "篇二",
}


@pytest.mark.parametrize("body", LONG_RUNS.values(), ids=LONG_RUNS.keys())
def test_long_runs_load_and_diagnose_in_linear_time(tmp_path, body):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text(f"标题\n{body}\n正文。\n", encoding="utf-8")
    start = time.perf_counter()
    corpus = read_directory(folder)
    loaded = time.perf_counter() - start
    start = time.perf_counter()
    textlib.noise(corpus)
    diagnosed = time.perf_counter() - start
    assert loaded < 2 and diagnosed < 2, (loaded, diagnosed)


@pytest.mark.parametrize("body", LONG_RUNS.values(), ids=LONG_RUNS.keys())
def test_long_runs_in_a_page_load_in_linear_time(tmp_path, body):
    path = tmp_path / "page.txt"
    path.write_text(
        "首页\n篇一:2022年工作要点\n正文。\n"
        f"{body}\n工作方案 篇二\n正文。\n篇二:2022年工作方案\n正文。\n推荐访问:工作方案\n",
        encoding="utf-8",
    )
    start = time.perf_counter()
    corpus = textlib.read_page(path)
    textlib.noise(corpus)
    assert time.perf_counter() - start < 4


def test_named_errors_survive_pickling():
    """Errors raised in worker processes travel back pickled: type, message and attributes
    must survive, whatever each error's __init__ takes."""
    import pickle

    from textlib import errors as E

    cases = [
        E.UndecodableFileError("a.txt", ["utf-8", "gb18030"], "byte offset 3"),
        E.EmptyCorpusError("a.txt", "file is empty"),
        E.SourceReadError(Path("a.txt"), "is a directory"),
        E.OutputError("out", "cannot write"),
        E.SourceFileNotFoundError("missing.txt"),
        E.TableFormatError("t.csv", "bad quote", line=3),
    ]
    for error in cases:
        back = pickle.loads(pickle.dumps(error))
        assert type(back) is type(error)
        assert str(back) == str(error)
        assert back.__dict__ == error.__dict__
