"""``python -m textlib.figures [--out DIR] [--only ID ...] [--list]``: build every figure."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from textlib.errors import TextlibError
from textlib.figures.build import DEFAULT_OUT, build_figures
from textlib.figures.registry import REGISTRY


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m textlib.figures", description=__doc__)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    parser.add_argument("--only", nargs="+", metavar="ID", help="build only these figure ids")
    parser.add_argument("--list", action="store_true", help="list registered figures and exit")
    args = parser.parse_args(argv)
    if args.list:
        for spec in REGISTRY:
            print(f"{spec.figure_id:28s} {spec.filename:36s} {spec.description}")
        return 0
    try:
        for figure_id, path, changed in build_figures(args.out, args.only):
            print(f"{'wrote ' if changed else 'same  '} {path}  ({figure_id})")
    except (TextlibError, KeyError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
