"""``python -m textlib.stream FOLDER OUT [options]``: :func:`stream_directory` from a shell."""

from __future__ import annotations

import argparse
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    """:func:`textlib.stream_directory` from a shell; one line per problem, no traceback.
    ``--scheduler ADDRESS`` runs the chunks on that Dask cluster."""
    from textlib.cli import run_command

    parser = argparse.ArgumentParser(
        prog="python -m textlib.stream",
        description="Read a folder of documents (or a CSV/Parquet table, one unit per row) and "
        "write its tables (units, counts, tokens, outline, load report) to OUT in bounded memory.",
    )
    parser.add_argument(
        "folder", type=Path, help="a folder of .txt/.docx/.pdf/.html files, or a .csv/.parquet"
    )
    parser.add_argument("out", type=Path, help="output folder for the Parquet tables")
    parser.add_argument("--lexicon", type=Path, help="lexicon CSV (default: the bundled one)")
    parser.add_argument("--segmenter", default="jieba", help="jieba (default) or rjieba")
    parser.add_argument("--n-jobs", type=int, default=1, help="worker processes")
    parser.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="a Dask scheduler (e.g. tcp://host:8786): run on its cluster, not --n-jobs",
    )
    parser.add_argument("--chunk-chars", type=int, default=1_000_000)
    parser.add_argument("--pattern", help="only files matching this glob (e.g. '*.txt')")
    parser.add_argument("--metadata", type=Path, help="manifest CSV with a path column")
    parser.add_argument("--skip-errors", action="store_true", help="skip unreadable files")
    parser.add_argument("--keep-boilerplate", action="store_true")
    parser.add_argument("--encoding", default="auto", help="text files' encoding (default: auto)")
    parser.add_argument("--id-column", default="id", help="a table's id column (default: id)")
    parser.add_argument("--text-column", default="text", help="a table's text column")
    args = parser.parse_args(argv)

    def stream() -> None:
        from textlib.lexicon.loading import load_lexicon
        from textlib.load.sources import TABLE_SUFFIXES
        from textlib.stream.run import stream_directory

        client = _connect(args.scheduler) if args.scheduler else None
        try:
            streamed = stream_directory(
                args.folder,
                args.out,
                lexicon=load_lexicon(args.lexicon) if args.lexicon else None,
                segmenter=args.segmenter,
                n_jobs=args.n_jobs,
                client=client,
                chunk_chars=args.chunk_chars,
                pattern=args.pattern,
                metadata=args.metadata,
                errors="skip" if args.skip_errors else "raise",
                drop_boilerplate=not args.keep_boilerplate,
                encoding=args.encoding,
                id_column=args.id_column,
                text_column=args.text_column,
            )
        finally:
            if client is not None:
                client.close()
        status = streamed.load_report["status"].value_counts()
        what = "rows" if args.folder.suffix.lower() in TABLE_SUFFIXES else "files"
        print(
            f"{int(status.get('read', 0))} {what} read, {int(status.get('skipped', 0))} skipped "
            f"(see {streamed.out / 'load_report.csv'}); tables in {streamed.out}"
        )

    hints = {
        "pass errors='skip'": "pass --skip-errors",
        "pass encoding=...": "pass --encoding ...",
        "see corpus.load_report": "see load_report.csv",
        "parameter metadata=": "option --metadata ",
    }
    return run_command(stream, hints=hints)


def _connect(address: str):
    """A client of the Dask scheduler at ``address``; a named error when there is none."""
    from textlib.errors import StudyParameterError

    try:
        from dask.distributed import Client
    except ImportError:
        raise StudyParameterError(
            "scheduler", address, "None unless dask.distributed is installed (textlib[dask])"
        ) from None
    import dask

    try:  # waits as long as dask is told to (distributed.comm.timeouts.connect, 30 s)
        return Client(address, timeout=dask.config.get("distributed.comm.timeouts.connect"))
    except (OSError, TimeoutError, ValueError) as err:
        raise StudyParameterError(
            "scheduler", address, f"the address of a running Dask scheduler ({err})"
        ) from None
