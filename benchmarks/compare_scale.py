"""Comparison analyses at scale: templates, passage clusters, bootstrap clustering, keyness.

Usage: python benchmarks/compare_scale.py [--corpora synthetic city] [--docs 1000]
       [--city PATH] [--n-boot 200] [--skip-dtm-analyses] [--json FILE]

``synthetic``: ``textlib.synthetic_corpus(--docs)``. ``city``: the 272 city reports of 2021
(Markdown with YAML front matter; default ``../shared/corpora/city2021`` beside the repository),
copied to a temporary folder as ``.txt`` with the front matter and ``**`` removed; skipped when
the folder is absent (a user's clone has none). Each corpus runs in its own process, so the
peak memory printed is that corpus's. Stages missing from the code measured (an older commit)
print ``n/a``. Nothing here is asserted by the tests.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CITY = ROOT.parent / "shared" / "corpora" / "city2021"


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _markdown_as_text(source: Path, target: Path) -> int:
    """Copy ``source``'s ``*.md`` files into ``target`` as ``.txt``: front matter and ``**``
    removed (measuring only; the library reads Markdown itself where it can)."""
    count = 0
    for path in sorted(source.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        if text.startswith("---"):
            end = text.find("\n---", 3)
            text = text[text.find("\n", end + 1) + 1 :] if end >= 0 else text
        name = "_".join(path.relative_to(source).with_suffix("").parts)
        (target / f"{name}.txt").write_text(text.replace("**", ""), encoding="utf-8")
        count += 1
    return count


def _drawn_documents(dt, n: int, seed: int = 0):
    """``n`` documents of the real reports' vocabulary: document ``k`` draws as many tokens
    as report ``k mod len(dt.units)`` holds, from that report's term profile (multinomial),
    in paragraphs of 40 tokens (the paragraph bootstrap needs them)."""
    import numpy as np
    from scipy import sparse

    from textlib.compare.features import DocumentTerms

    rng = np.random.default_rng(seed)
    counts = dt.counts.tocsr()
    rows, paragraphs, units = [], {}, []
    for k in range(n):
        row = counts[k % counts.shape[0]]
        total = int(row.sum())
        drawn = rng.multinomial(total, row.data / row.data.sum()) if total else row.data
        rows.append(
            sparse.csr_matrix((drawn.astype(float), row.indices, [0, len(drawn)]), shape=row.shape)
        )
        tokens = np.repeat(row.indices, drawn.astype(np.int64))
        rng.shuffle(tokens)
        unit = f"d{k:04d}"
        units.append(unit)
        paragraphs[unit] = [
            [dt.terms[j] for j in tokens[p : p + 40].tolist()] for p in range(0, len(tokens), 40)
        ]
    matrix = sparse.vstack(rows).tocsr()
    matrix.eliminate_zeros()
    return DocumentTerms(units, list(dt.terms), matrix, paragraphs)


def _stage(rows: list, name: str, fn, *args, **kwargs):
    """Time ``fn``; a function or option the measured code lacks is ``n/a``."""
    start, cpu = time.perf_counter(), _cpu()
    try:
        out = fn(*args, **kwargs)
    except (ImportError, TypeError, AttributeError) as err:
        rows.append({"stage": name, "seconds": None, "cpu": None, "note": f"n/a ({err})"[:80]})
        return None
    rows.append(
        {
            "stage": name,
            "seconds": round(time.perf_counter() - start, 2),
            "cpu": round(_cpu() - cpu, 2),
            "note": "",
        }
    )
    return out


def measure(corpus_name: str, docs: int, city: str, n_boot: int, dtm: bool) -> dict:
    import textlib
    from textlib.compare import passages as P
    from textlib.compare import reuse as R
    from textlib.compare.clustering import cluster
    from textlib.compare.features import document_terms
    from textlib.compare.topics import keyness

    rows: list[dict] = []
    with tempfile.TemporaryDirectory() as tmp:
        if corpus_name == "city":
            n_files = _markdown_as_text(Path(city), Path(tmp))
            corpus = _stage(rows, f"load ({n_files} files)", textlib.read_directory, tmp)
        else:
            corpus = _stage(rows, "synthetic_corpus", textlib.synthetic_corpus, docs)
    units = len(corpus.leaf_ids)
    chars = sum(len(corpus.tracked(u).text) for u in corpus.leaf_ids)

    def templates():
        from textlib.compare.templates import find_templates

        return find_templates(corpus)

    found = _stage(rows, "find_templates (n-gram document frequency)", templates)
    if found is not None:
        top = found.templates.head(1)
        if len(top):
            rows[-1]["note"] = (
                f"{len(found.templates)} templates; top in {int(top['n_units'].iloc[0])}/"
                f"{units} units: {str(top['text'].iloc[0])[:24]}"
            )
        cov = found.coverage["share"]
        rows[-1]["note"] += f"; template share median {cov.median():.3f}, max {cov.max():.3f}"
    _stage(rows, "template_passages(corpus) (n-gram path)", R.template_passages, corpus, None)
    passages = _stage(rows, "find_passages", P.find_passages, corpus)
    rows[-1]["note"] = f"{len(passages)} passages"
    _stage(rows, "template_passages(corpus, passages)", R.template_passages, corpus, passages)
    for method in ("overlap", "text"):
        args = {} if method == "overlap" else {"method": method}
        table = _stage(rows, f"passage_clusters {method}", P.passage_clusters, passages, **args)
        if table is not None and len(table):
            sizes = table.groupby("cluster").size()
            units_per = table.groupby("cluster")["unit_id"].nunique()
            rows[-1]["note"] = (
                f"{sizes.size} clusters; largest {int(sizes.max())} stretches, "
                f"{int(units_per.max())} units"
            )
    if dtm:
        dt = _stage(rows, "document_terms (input of the next two)", document_terms, corpus)
        rows[-1]["note"] = f"{dt.counts.shape[0]} × {dt.counts.shape[1]}, {dt.counts.nnz:,} nnz"
        _stage(rows, f"cluster, {n_boot} resamples", cluster, dt, n_boot=n_boot)
        _stage(rows, "keyness", keyness, dt)
        if corpus_name == "city":
            big = _drawn_documents(dt, 1000)
            name = f"cluster, {n_boot} resamples, 1,000 documents drawn from the reports"
            _stage(rows, name, cluster, big, n_boot=n_boot)
            rows[-1]["note"] = f"{big.counts.shape[1]:,} terms, {big.counts.nnz:,} nnz"
            _stage(rows, "keyness, the same 1,000 documents", keyness, big)
    return {
        "corpus": corpus_name,
        "units": units,
        "chars": chars,
        "stages": rows,
        "peak_mb": round(_peak_mb()),
    }


def _run(*args) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--worker", json.dumps(args)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpora", nargs="+", default=["synthetic", "city"])
    parser.add_argument("--docs", type=int, default=1000, help="synthetic corpus size")
    parser.add_argument("--city", default=str(CITY), help="folder of the city reports (.md)")
    parser.add_argument("--n-boot", type=int, default=200)
    parser.add_argument(
        "--skip-dtm-analyses",
        action="store_true",
        help="no document-term matrix, clustering, keyness",
    )
    parser.add_argument("--json", help="also write the results to this file")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    opts = parser.parse_args(argv)
    if opts.worker:
        print(json.dumps(measure(*json.loads(opts.worker))))
        return
    results = []
    for name in opts.corpora:
        if name == "city" and not Path(opts.city).is_dir():
            print(f"city: skipped, {opts.city} is absent")
            continue
        results.append(_run(name, opts.docs, opts.city, opts.n_boot, not opts.skip_dtm_analyses))
    for r in results:
        size = f"{r['units']:,} units, {r['chars']:,} characters"
        print(f"\n{r['corpus']}: {size}, peak {r['peak_mb']} MB")
        print("| stage | wall s | CPU s | note |\n| --- | ---: | ---: | --- |")
        for s in r["stages"]:
            wall = "" if s["seconds"] is None else f"{s['seconds']:.2f}"
            cpu = "" if s["cpu"] is None else f"{s['cpu']:.2f}"
            print(f"| {s['stage']} | {wall} | {cpu} | {s['note']} |")
    if opts.json:
        Path(opts.json).write_text(
            json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8"
        )


if __name__ == "__main__":
    main()
