"""Benchmarks: print timings, throughputs and peak memory (``make bench``). Tests never time things.

Usage: python benchmarks/run.py [--quick] [--size-mb 50]
All figures are medians of repeated runs on this machine; the scale corpus is generated here
(the seed's plans perturbed and replicated) into a temporary folder.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def median_time(func: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def import_time(repeat: int) -> float:
    code = "import time; t = time.perf_counter(); import textlib; print(time.perf_counter() - t)"
    runs = [
        float(
            subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(repeat)
    ]
    return statistics.median(runs)


def seed_benchmarks(repeat: int) -> list[tuple[str, str]]:
    import textlib
    from textlib.lexicon.matching import build_matcher, count_matches
    from textlib.repairs.steps import repair
    from textlib.text import patterns as P
    from textlib.text.tracked import TrackedText
    from textlib.tokens.segmentation import default_jieba, default_tokenizer

    def pipeline():
        corpus = textlib.load_seed()
        textlib.count_formulations(corpus)
        textlib.outline(corpus)

    rows = [
        (
            "seed pipeline (load → repair → counts → outline)",
            f"{median_time(pipeline, repeat):.3f} s",
        )
    ]
    corpus = textlib.load_seed()
    raw = "\n".join(corpus.units.loc[corpus.leaf_ids, "raw"]) * 10
    text = "\n".join(corpus.units.loc[corpus.leaf_ids, "text"]) * 10
    han = P.count_han(text)
    matcher = build_matcher(textlib.load_lexicon())
    tokenizer = default_tokenizer()
    tokenizer.tokenize("预热")
    jieba = default_jieba()
    jieba.lcut("预热")
    cases = {
        "repair": lambda: repair(TrackedText.from_source(raw)),
        "lexicon counting": lambda: count_matches(text, matcher),
        "domain tokenisation": lambda: tokenizer.tokenize(text),
        "raw jieba.lcut (reference)": lambda: jieba.lcut(text),
    }
    for name, func in cases.items():
        seconds = median_time(func, repeat)
        rows.append((f"throughput: {name}", f"{han / seconds / 1e6:.2f} M Han chars/s"))
    return rows


def figures_time(repeat: int) -> float:
    def build():
        with tempfile.TemporaryDirectory() as out:
            env = {**os.environ, "OMP_NUM_THREADS": "1"}
            subprocess.run(
                [sys.executable, "-m", "textlib.figures", "--out", out],
                check=True,
                capture_output=True,
                env=env,
            )

    return median_time(build, repeat)


def make_scale_corpus(folder: Path, size_mb: float, seed: int = 0) -> int:
    """Perturbed copies of the seed's plans until ``size_mb`` of UTF-8 text: each copy shuffles
    the plan's paragraphs and swaps a few characters, so no two units are identical."""
    import textlib

    corpus = textlib.load_seed()
    plans = [corpus.unit(u)["raw"] for u in corpus.leaf_ids]
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    written, k = 0, 0
    while written < size_mb * 1e6:
        paragraphs = plans[k % len(plans)].split("\n\n")
        rng.shuffle(paragraphs)
        text = "\n\n".join(paragraphs)
        chars = list(text)
        for _ in range(len(chars) // 200):
            i = rng.randrange(len(chars))
            if "\u4e00" <= chars[i] <= "\u9fff":
                chars[i] = chr(0x4E00 + rng.randrange(0x51A5))
        data = "".join(chars).encode("utf-8")
        (folder / f"unit{k:06d}.txt").write_bytes(data)
        written += len(data)
        k += 1
    return k


def batch_worker(folder: str, n_jobs: int, jieba_only: bool) -> None:
    """Run in a subprocess: the batch path (or raw jieba alone), printing seconds and peak RSS."""
    import textlib
    from textlib.text import patterns as P
    from textlib.tokens.segmentation import default_jieba

    start = time.perf_counter()
    if jieba_only:
        jieba = default_jieba()
        han = 0
        for file in sorted(Path(folder).glob("*.txt")):
            text = file.read_text(encoding="utf-8")
            han += P.count_han(text)
            jieba.lcut(text)
    else:
        corpus = textlib.read_directory(folder, n_jobs=n_jobs, progress=False)
        textlib.count_formulations(corpus, n_jobs=n_jobs, progress=False)
        textlib.tokens.unit_tokens(corpus, n_jobs=n_jobs, progress=False)
        textlib.outline(corpus, n_jobs=n_jobs, progress=False)
        han = sum(P.count_han(t) for t in corpus.units["text"])
    seconds = time.perf_counter() - start
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    try:  # joblib's workers stay alive: read their peak RSS (Linux) while they are still there
        import psutil

        children = psutil.Process().children(recursive=True)
        child_kb = max((_peak_rss_kb(c) for c in children), default=0)
    except ImportError:
        child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(f"{seconds} {han} {self_kb} {child_kb}")


def _peak_rss_kb(process) -> float:
    """VmHWM (peak resident set) of a live process, from /proc; its current RSS elsewhere."""
    try:
        for line in Path(f"/proc/{process.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return float(line.split()[1])
    except OSError:
        pass
    return process.memory_info().rss / 1024


def run_worker(
    folder: Path, n_jobs: int, jieba_only: bool = False
) -> tuple[float, int, float, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--worker", str(folder), "--n-jobs", str(n_jobs)]
        + (["--jieba-only"] if jieba_only else []),
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "OMP_NUM_THREADS": "1"},
    ).stdout.split()
    seconds, han, self_kb, child_kb = float(out[0]), int(out[1]), float(out[2]), float(out[3])
    return seconds, han, self_kb / 1024, child_kb / 1024


def reuse_scaling() -> list[tuple[str, str]]:
    import textlib
    from textlib.compare.reuse import shared_passages  # the all-pairs test oracle

    corpus = textlib.load_seed()
    base = corpus.unit("7")["text"]
    rows = []
    for copies in (1, 2, 4):
        folder = Path(tempfile.mkdtemp())
        a = base * copies
        b = "".join(ch if i % 97 else "某" for i, ch in enumerate(a))
        (folder / "a.txt").write_text(a, encoding="utf-8")
        (folder / "b.txt").write_text(b, encoding="utf-8")
        pair = textlib.read_directory(folder)
        seconds = median_time(lambda p=pair: shared_passages(p, "a", "b"), 3)
        rows.append((f"passage alignment, two units of {len(a):,} chars", f"{seconds:.2f} s"))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="fewer repeats, 10 MB scale corpus")
    parser.add_argument("--size-mb", type=float, default=50.0)
    parser.add_argument("--worker")
    parser.add_argument("--n-jobs", type=int, default=1)
    parser.add_argument("--jieba-only", action="store_true")
    args = parser.parse_args()
    if args.worker:
        batch_worker(args.worker, args.n_jobs, args.jieba_only)
        return
    repeat = 3 if args.quick else 5
    size = 10.0 if args.quick else args.size_mb
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(
        f"textlib import: {import_time(repeat) * 1000:.0f} ms (median of {repeat}; target < 500 ms)"
    )
    for name, value in seed_benchmarks(repeat):
        print(f"{name}: {value}")
    print(f"python -m textlib.figures: {figures_time(1 if args.quick else 3):.1f} s")
    for name, value in reuse_scaling():
        print(f"{name}: {value}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "scale"
        units = make_scale_corpus(folder, size)
        print(f"scale corpus: {units} units, {size:.0f} MB of UTF-8 text")
        seconds, han, rss, _ = run_worker(folder, 1, jieba_only=True)
        print(
            f"raw jieba.lcut over the scale corpus: {seconds:.1f} s, "
            f"{han / seconds / 1e6:.2f} M Han chars/s, peak {rss:.0f} MB"
        )
        jieba_seconds = seconds
        for n_jobs in (1, 2):
            seconds, han, rss, child = run_worker(folder, n_jobs)
            print(
                f"batch path (read → repair → counts → tokens → outline), n_jobs={n_jobs}: "
                f"{seconds:.1f} s, {han / seconds / 1e6:.2f} M Han chars/s, "
                f"{seconds / jieba_seconds:.2f}× raw jieba, peak {rss:.0f} MB "
                f"(+ largest worker {child:.0f} MB)"
            )
        for fraction in (0.25, 0.5):
            part = Path(tmp) / f"part{fraction}"
            part.mkdir()
            files = sorted(folder.glob("*.txt"))
            for file in files[: int(len(files) * fraction)]:
                os.link(file, part / file.name)
            seconds, han, rss, _ = run_worker(part, 1)
            print(
                f"memory scaling, n_jobs=1, {size * fraction:.0f} MB: "
                f"peak {rss:.0f} MB ({seconds:.1f} s)"
            )


if __name__ == "__main__":
    main()
