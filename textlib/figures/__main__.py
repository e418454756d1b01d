"""``python -m textlib.figures [--corpus PATH] [--lexicon CSV] [--out DIR] [--only ID ...]``:
build every registered figure, and the CSV of its data, for the seed or any corpus."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from textlib.cli import run_command
from textlib.errors import FigureBuildError
from textlib.figures.build import DEFAULT_OUT, FORMATS, FigureOutcome, build_figures
from textlib.figures.registry import get_spec, specs


def _load(
    corpus: Path | None,
    lexicon: Path | None,
    *,
    metadata: Path | None = None,
    jobs: int = 1,
    formulations: list[str] | None = None,
):
    from textlib.datasets.seed import load_seed
    from textlib.load.formats import file_format
    from textlib.load.page import read_page
    from textlib.load.readers import read_directory
    from textlib.study import Study

    if corpus is None:
        loaded = load_seed()
    elif (
        corpus.is_file()
        and corpus.suffix.lower() not in (".csv", ".parquet")
        and file_format(corpus) in (None, "txt")  # .md, .docx, .pdf, .html: their own format
    ):
        loaded = read_page(corpus)
    else:
        loaded = read_directory(corpus, metadata=metadata, n_jobs=jobs)
    chosen = tuple(formulations) if formulations else None
    return Study(loaded, lexicon=lexicon, n_jobs=jobs, formulations=chosen)


#: the Study's tables the figures share, computed first, each timed (the stages of a build)
STAGES = (
    ("formulations", ("hits", "counts")),
    ("near-duplicates and passages", ("duplicates", "passages")),
    ("tokens", ("tokens",)),
    ("structure", ("outline", "sections")),
    ("document-term matrix", ("dtm",)),
)


def _run_stages(study) -> None:
    """Compute the shared tables stage by stage, printing each stage's elapsed time."""
    import time

    for name, tables in STAGES:
        started = time.perf_counter()
        for table in tables:
            getattr(study, table)
        print(f"stage {name:32s} {time.perf_counter() - started:6.1f} s", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m textlib.figures", description=__doc__)
    parser.add_argument(
        "--corpus",
        type=Path,
        help="a page of 篇X: plans, a folder of .txt files or a CSV/Parquet table (default: seed)",
    )
    parser.add_argument("--lexicon", type=Path, help="lexicon CSV (default: the bundled one)")
    parser.add_argument(
        "--metadata",
        type=Path,
        help="a CSV of metadata by file (a manifest: its first column the file or unit id)",
    )
    parser.add_argument(
        "--formulations",
        nargs="+",
        metavar="F",
        help="the formulations the charts show (default: each chart picks the most frequent)",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=-1,
        help="worker processes for the per-unit stages (default -1: every core; "
        "results never depend on it)",
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    parser.add_argument("--only", nargs="+", metavar="ID", help="build only these figure ids")
    parser.add_argument(
        "--format",
        nargs="+",
        choices=FORMATS,
        default=list(FORMATS),
        help="file formats to write (default: all three)",
    )
    parser.add_argument("--list", action="store_true", help="list registered figures and exit")
    args = parser.parse_args(argv)
    if args.list:
        for spec in specs():
            print(f"{spec.figure_id:28s} {spec.stem:30s} {spec.description}")
        return 0

    def build() -> None:
        for figure_id in args.only or ():
            get_spec(figure_id)  # fail before any work on an unknown id
        import time

        started = time.perf_counter()
        study = _load(
            args.corpus,
            args.lexicon,
            metadata=args.metadata,
            jobs=args.jobs,
            formulations=args.formulations,
        )
        chars = sum(len(t) for t in study.corpus.units["text"])
        print(
            f"stage {'read ' + str(len(study.corpus.leaf_ids)) + ' units':32s} "
            f"{time.perf_counter() - started:6.1f} s  ({chars:,} characters)",
            flush=True,
        )
        _run_stages(study)
        outcomes: list[FigureOutcome] = []
        build_figures(study, args.out, only=args.only, formats=args.format, report=outcomes)
        for o in outcomes:
            changed = sum(c for _, c in o.files)
            if o.status == "built":
                what = f"built ({changed} file(s) changed)" if changed else "up to date"
            else:
                what = f"{o.status}: {o.reason}"
            print(f"{o.figure_id:24s} {o.seconds:6.1f} s  {what}")
        counts = {s: sum(o.status == s for o in outcomes) for s in ("built", "skipped", "failed")}
        print(
            f"{counts['built']} built, {counts['skipped']} skipped (not applicable), "
            f"{counts['failed']} failed; gallery: {args.out / 'README.md'}"
        )
        if counts["failed"]:
            failed = ", ".join(o.figure_id for o in outcomes if o.status == "failed")
            raise FigureBuildError(f"{counts['failed']} figure(s) failed: {failed}")

    return run_command(build)


if __name__ == "__main__":
    sys.exit(main())
