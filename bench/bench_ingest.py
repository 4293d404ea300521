"""Benchmark ``onrecord.pipeline.ingest`` over the PolNeAR dev texts.

Run from the repository root::

    .venv/bin/python bench/bench_ingest.py --json bench/results/ingest.json

Shared machines are noisy, so the headline figures are ratios against bare
spaCy ``nlp.pipe`` on the same texts, measured in the same process and
interleaved with the ingest runs. See bench/README.md for what each figure means.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

# None of these imports spaCy: the model load below is the first to.
import onrecord
from onrecord.models import ExtractedArticle
from onrecord.pipeline import extract, ingest
from onrecord.settings import DEFAULT_SETTINGS, Settings
from onrecord.store import open_store

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO / ".." / "shared" / "data" / "polnear" / "dev" / "text"
MIB = 1024 * 1024
WARMUP_TEXTS = 4  # texts run through a freshly loaded model before any timing


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    def positive(text: str) -> int:
        if not text.isdigit() or int(text) < 1:
            raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}")
        return int(text)

    p = argparse.ArgumentParser(description="Benchmark onrecord ingest against bare spaCy.")
    p.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="folder of *.txt articles")
    p.add_argument("--limit", type=positive, default=None, help="use only the first N files")
    p.add_argument("--repeat", type=positive, default=3, help="timed runs of each pass (default 3)")
    p.add_argument("--processes", type=positive, default=2, help="worker processes for the parallel ingest pass")
    p.add_argument("--batch-size", type=positive, default=DEFAULT_SETTINGS.batch_size, help="nlp.pipe batch size")
    p.add_argument("--json", type=Path, default=None, help="also write every figure to this JSON file")
    return p.parse_args(argv)


def corpus_files(corpus: Path, limit: int | None) -> list[Path]:
    """The corpus's *.txt files, sorted; exits with a message when there are none."""
    if not corpus.is_dir():
        sys.exit(f"error: corpus folder not found: {corpus.resolve()}\n"
                 "  the PolNeAR dev texts belong in ../shared/data/polnear/dev/text; pass --corpus DIR")
    files = sorted(corpus.glob("*.txt"))[:limit]
    if not files:
        sys.exit(f"error: no *.txt files in {corpus.resolve()}; pass --corpus DIR")
    return files


def rss_kb() -> int:
    """Peak resident set size of this process so far, in KB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak  # bytes on macOS, KB on Linux


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    """Seconds ``fn`` took by the wall clock, and what it returned."""
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def load_model(warmup: list[str]) -> dict[str, Any]:
    """The onrecord pipeline, cold-loaded (spaCy import and hash check included), with timings."""
    from onrecord.nlp import load_pipeline
    from onrecord.nlp import model

    load_s, nlp = timed(load_pipeline)
    figures: dict[str, Any] = {"load_s": load_s, "name": model.base_model_name(), "hash_check_s": None}
    if figures["name"] == model.REUPLOAD:  # only the re-upload is hash-checked
        # _reupload_dir is private, but reusing it keeps this from drifting from the loader.
        figures["hash_check_s"], _ = timed(lambda: model.verify_model_dir(model._reupload_dir()))
    figures["rss_after_load_kb"] = rss_kb()
    list(nlp.pipe(warmup))  # un-timed: first calls allocate what later ones reuse
    return figures


def run_ingest(paths: list[str], db: Path, settings: Settings) -> tuple[float, Any]:
    """Seconds to ingest ``paths`` into the SQLite file ``db`` (opening it is not timed)."""
    with open_store(db) as store:
        return timed(lambda: ingest(store, paths, settings=settings))


def run_extract(paths: list[str], settings: Settings) -> tuple[float, list[Any]]:
    """Seconds to extract every article and statement, with no store, and the outcomes."""
    return timed(lambda: list(extract(paths, settings=settings)))


def run_with(nlp: Any, paths: list[str], settings: Settings) -> float:
    """Seconds to extract with the pipeline ``nlp`` (the rules alone; the tagger without its reader), no store."""
    from onrecord.pipeline import run_local
    from onrecord.sources import iter_documents

    return timed(lambda: list(run_local(iter_documents(paths, settings=settings), settings=settings, nlp=nlp)))[0]


def run_puts(outcomes: list[Any], db: Path) -> float:
    """Seconds to store already-extracted articles in a fresh SQLite file: the store alone."""
    items = [o for o in outcomes if isinstance(o, ExtractedArticle)]
    with open_store(db) as store:
        return timed(lambda: [store.put(item) for item in items])[0]


def run_baseline(nlp: Any, texts: list[str], batch_size: int) -> float:
    """Seconds for bare spaCy ``nlp.pipe`` over the raw texts."""
    return timed(lambda: sum(1 for _ in nlp.pipe(texts, batch_size=batch_size)))[0]


def measure_rounds(paths: list[str], texts: list[str], tmp: Path, args: argparse.Namespace) -> dict[str, Any]:
    """Interleaved ingest / extract / baseline runs, so drift on a shared machine hits all three."""
    from onrecord.nlp.model import load_base_model

    from onrecord.nlp import build_pipeline
    from onrecord.nlp.encoder import encoder_weights_path

    settings = DEFAULT_SETTINGS.with_(batch_size=args.batch_size, processes=1)
    parallel = settings.with_(processes=args.processes)
    out: dict[str, Any] = {"ingest": [], "ingest_parallel": [], "extract": [], "rules_only": [], "no_reader": [],
                           "store_put": [], "baseline": []}
    base = rules = unread = None
    for i in range(args.repeat):
        seconds, report = run_ingest(paths, tmp / f"ingest-{i}.db", settings)
        out["ingest"].append(seconds)
        out.setdefault("rss_after_ingest_kb", rss_kb())  # before the baseline model adds its own
        out["report"] = report
        out["ingest_parallel"].append(run_ingest(paths, tmp / f"parallel-{i}.db", parallel)[0])
        if i == 0:  # largest reaped worker, forked before this process loads the comparison pipelines
            out["worker_rss_kb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        if rules is None:
            rules = build_pipeline(tagger_path=None)
            list(rules.pipe(texts[:WARMUP_TEXTS]))
        out["rules_only"].append(run_with(rules, paths, settings))
        if unread is None:
            unread = build_pipeline(tagger_path=encoder_weights_path(), reader=False)
            list(unread.pipe(texts[:WARMUP_TEXTS]))
        out["no_reader"].append(run_with(unread, paths, settings))
        seconds, outcomes = run_extract(paths, settings)
        out["extract"].append(seconds)
        out["store_put"].append(run_puts(outcomes, tmp / f"puts-{i}.db"))
        if base is None:  # a second, bare copy of the same model, loaded late for the reason above
            out["base_load_s"], base = timed(lambda: load_base_model(fast=False))  # as spaCy builds it
            list(base.pipe(texts[:WARMUP_TEXTS]))
        out["baseline"].append(run_baseline(base, texts, args.batch_size))
    out["reingest_s"], out["rereport"] = run_ingest(paths, tmp / f"ingest-{args.repeat - 1}.db", settings)
    return out


def traced_peak(paths: list[str], db: Path, settings: Settings) -> int:
    """Peak bytes Python allocated during one ingest, by tracemalloc (slow: never timed)."""
    tracemalloc.start()
    try:
        run_ingest(paths, db, settings)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def rate(times: list[float], articles: int, words: int) -> dict[str, float]:
    """Median and min seconds of a pass, and throughput at the median."""
    median = statistics.median(times)
    return {"runs_s": times, "median_s": median, "min_s": min(times),
            "articles_per_s": articles / median, "words_per_s": words / median}


def machine_info() -> dict[str, Any]:
    """Where and when the figures were taken."""
    import spacy

    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    return {"date": datetime.now(timezone.utc).isoformat(timespec="seconds"), "cpu_count": os.cpu_count(),
            "cpus_usable": usable, "python": platform.python_version(), "platform": platform.platform(),
            "onrecord": onrecord.__version__, "spacy": spacy.__version__}


def summarize(corpus: dict[str, Any], load: dict[str, Any], rounds: dict[str, Any], peak: int) -> dict[str, Any]:
    """Every figure of the run, as one JSON-ready dict."""
    n, words = corpus["articles"], corpus["words"]
    passes = {k: rate(rounds[k], n, words)
              for k in ("baseline", "rules_only", "no_reader", "extract", "ingest", "ingest_parallel", "store_put")}
    med = {k: v["median_s"] for k, v in passes.items()}
    report, rereport = rounds["report"], rounds["rereport"]
    return {
        "machine": machine_info(),
        "corpus": corpus,
        "model": {**load, "base_load_s": rounds["base_load_s"]},
        "passes": passes,
        "reingest": {"seconds": rounds["reingest_s"], "unchanged": len(rereport.unchanged),
                     "added": len(rereport.added), "vs_ingest": rounds["reingest_s"] / med["ingest"]},
        "ingest_report": {"added": len(report.added), "skipped": len(report.skipped),
                          "failed": len(report.failed), "statements": report.statements},
        "ratios": {"ingest_vs_baseline": med["ingest"] / med["baseline"],
                   "tagger_extract_vs_rules_only": med["extract"] / med["rules_only"],
                   "extract_vs_no_reader": med["extract"] / med["no_reader"],
                   "parallel_speedup": med["ingest"] / med["ingest_parallel"],
                   "extract_vs_baseline": med["extract"] / med["baseline"],
                   "ingest_vs_extract": med["ingest"] / med["extract"],
                   "store_s": med["ingest"] - med["extract"],
                   "store_share_of_ingest": (med["ingest"] - med["extract"]) / med["ingest"],
                   "store_put_share_of_ingest": med["store_put"] / med["ingest"]},
        "memory": {"rss_after_load_kb": load["rss_after_load_kb"], "worker_peak_rss_kb": rounds["worker_rss_kb"],
                   "rss_after_ingest_kb": rounds["rss_after_ingest_kb"], "tracemalloc_peak_bytes": peak},
    }


LABELS = {"baseline": "spaCy nlp.pipe (baseline)", "rules_only": "extract, rules only",
          "no_reader": "extract, no content reader",
          "extract": "extract (no store)", "ingest": "ingest (fresh SQLite)",
          "ingest_parallel": "ingest, worker processes", "store_put": "store.put only (no NLP)"}


def _header(r: dict[str, Any]) -> list[str]:
    m, c, mod = r["machine"], r["corpus"], r["model"]
    hash_s = "n/a (official model)" if mod["hash_check_s"] is None else f"{mod['hash_check_s']:.3f} s"
    return [
        f"onrecord {m['onrecord']} ingest benchmark, {m['date']}",
        f"machine  {m['cpu_count']} CPUs ({m['cpus_usable']} usable), Python {m['python']}, "
        f"spaCy {m['spacy']}, {m['platform']}",
        f"corpus   {c['articles']} articles, {c['words']:,} words, {c['bytes']:,} bytes  ({c['path']})",
        f"settings batch size {c['batch_size']}, repeat {c['repeat']}, model {mod['name']}",
        "",
        f"{'model load (load_pipeline, cold: spaCy import + hash check)':<62}{mod['load_s']:.3f} s",
        f"{'  hash check alone (verify_model_dir, warm cache)':<62}{hash_s}",
        f"{'  bare base model load (for the baseline)':<62}{mod['base_load_s']:.3f} s",
    ]


def _row(label: str, median: float, best: str, articles: int, words: int, base: float) -> str:
    return f"{label:<28}{median:>10.3f}{best:>9}{articles / median:>12.1f}{words / median:>10.0f}{median / base:>9.2f}"


def _table(r: dict[str, Any]) -> list[str]:
    n, words, base = r["corpus"]["articles"], r["corpus"]["words"], r["passes"]["baseline"]["median_s"]
    lines = [f"{'pass':<28}{'median s':>10}{'min s':>9}{'articles/s':>12}{'words/s':>10}{'x spaCy':>9}"]
    for key, label in LABELS.items():
        p = r["passes"][key]
        lines.append(_row(label, p["median_s"], f"{p['min_s']:.3f}", n, words, base))
    return [*lines, _row("re-ingest (all unchanged)", r["reingest"]["seconds"], "", n, words, base)]


def _footer(r: dict[str, Any]) -> list[str]:
    ratio, mem, rep, again = r["ratios"], r["memory"], r["ingest_report"], r["reingest"]
    return [
        f"ratios   ingest/spaCy {ratio['ingest_vs_baseline']:.2f}x   extract/spaCy {ratio['extract_vs_baseline']:.2f}x"
        f"   ingest/extract {ratio['ingest_vs_extract']:.2f}x   re-ingest/ingest {again['vs_ingest']:.2f}x",
        f"         extract with tagger / rules only {ratio['tagger_extract_vs_rules_only']:.2f}x   "
        f"with content reader / without {ratio['extract_vs_no_reader']:.2f}x   "
        f"ingest speed-up with {r['corpus']['processes']} processes {ratio['parallel_speedup']:.2f}x",
        f"store    ingest - extract = {ratio['store_s']:.3f} s ({ratio['store_share_of_ingest']:.1%} of ingest); "
        f"store.put alone {r['passes']['store_put']['median_s']:.3f} s "
        f"({ratio['store_put_share_of_ingest']:.1%} of ingest)",
        f"memory   peak RSS after load {mem['rss_after_load_kb'] / 1024:.0f} MiB, after ingest "
        f"{mem['rss_after_ingest_kb'] / 1024:.0f} MiB; "
        f"tracemalloc peak during ingest {mem['tracemalloc_peak_bytes'] / MIB:.1f} MiB; "
        f"largest worker process peak RSS {mem['worker_peak_rss_kb'] / 1024:.0f} MiB",
        f"ingest   added {rep['added']}, skipped {rep['skipped']}, failed {rep['failed']}, "
        f"{rep['statements']} statements; re-ingest unchanged {again['unchanged']}, added {again['added']}",
    ]


def render(r: dict[str, Any]) -> str:
    """The results as a plain-text table."""
    return "\n".join([*_header(r), "", *_table(r), "", *_footer(r)])


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    files = corpus_files(args.corpus, args.limit)
    texts = [f.read_text(encoding="utf-8") for f in files]
    load = load_model(texts[:WARMUP_TEXTS])  # before anything else loads the cached pipeline
    corpus = {"path": str(args.corpus.resolve()), "articles": len(files), "words": sum(len(t.split()) for t in texts),
              "bytes": sum(f.stat().st_size for f in files), "batch_size": args.batch_size, "repeat": args.repeat,
              "processes": args.processes}
    paths = [str(f) for f in files]
    with tempfile.TemporaryDirectory(prefix="onrecord-bench-") as tmp:
        rounds = measure_rounds(paths, texts, Path(tmp), args)
        peak = traced_peak(paths, Path(tmp) / "traced.db", DEFAULT_SETTINGS.with_(batch_size=args.batch_size, processes=1))
    results = summarize(corpus, load, rounds, peak)
    print(render(results))
    if args.json is not None:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        print(f"\nwrote {args.json}")
    return 1 if results["ingest_report"]["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
