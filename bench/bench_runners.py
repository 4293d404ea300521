"""Benchmark the local runner against the Ray runner on the same articles, in one run.

Run from the repository root::

    .venv/bin/python bench/bench_runners.py --json bench/results/runners.json

Both runners get the same documents (read once, before any timing) and embed
positions, as ``ingest`` does; nothing is stored. Each runner's start-up
(loading the model; for Ray also starting Ray and its workers) is measured
apart from its steady-state throughput, and the steady-state rate per core is
projected onto a month of Common Crawl News. See bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import onrecord
from onrecord.models import ExtractedArticle, RawDocument
from onrecord.settings import DEFAULT_SETTINGS, Settings
from onrecord.sources import iter_documents

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO / ".." / "shared" / "data" / "polnear" / "dev" / "text"
DEFAULT_LIMIT = 40  # articles
DEFAULT_BATCH = 4  # articles per batch: 40 articles make 10 batches, so 2 workers stay evenly busy
MONTH_ARTICLES = 10_000_000  # about one month of Common Crawl News
TARGET_HOURS = (24.0, 6.0)  # wall-clock budgets the projection sizes a cluster for
CLUSTER_WORKERS = (16, 64, 256)  # cluster sizes the projection gives hours for
SAMPLE_S = 0.2  # how often worker memory is sampled
KB = 1024


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    def positive(text: str) -> int:
        if not text.isdigit() or int(text) < 1:
            raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}")
        return int(text)

    p = argparse.ArgumentParser(description="Benchmark the local runner against the Ray runner.")
    p.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="folder of *.txt articles")
    p.add_argument("--limit", type=positive, default=DEFAULT_LIMIT, help=f"use the first N files (default {DEFAULT_LIMIT})")
    p.add_argument("--workers", type=positive, default=2, help="local worker processes and Ray workers (default 2)")
    p.add_argument("--batch-size", type=positive, default=DEFAULT_BATCH, help=f"articles per batch (default {DEFAULT_BATCH})")
    p.add_argument("--month", type=positive, default=MONTH_ARTICLES, help="articles in the projected month (default 10M)")
    p.add_argument("--json", type=Path, default=None, help="also write every figure to this JSON file")
    return p.parse_args(argv)


def read_corpus(corpus: Path, limit: int, settings: Settings) -> list[RawDocument]:
    """The first ``limit`` *.txt files as documents, read once; exits with a message when there are none."""
    if not corpus.is_dir():
        sys.exit(f"error: corpus folder not found: {corpus.resolve()}\n"
                 "  the PolNeAR dev texts belong in ../shared/data/polnear/dev/text; pass --corpus DIR")
    paths = [str(p) for p in sorted(corpus.glob("*.txt"))[:limit]]
    if not paths:
        sys.exit(f"error: no *.txt files in {corpus.resolve()}; pass --corpus DIR")
    docs = [d for d in iter_documents(paths, settings=settings) if isinstance(d, RawDocument)]
    if len(docs) != len(paths):
        sys.exit(f"error: {len(paths) - len(docs)} of the corpus files could not be read")
    return docs


# -- memory --------------------------------------------------------------------------


def status_kb(pid: int, field: str) -> int | None:
    """A ``/proc/PID/status`` figure in KB (VmHWM: peak resident set), None once the process is gone."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def pss_kb(pid: int) -> int | None:
    """Proportional set size in KB: pages shared after a fork count once across the sharers."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def children(parent: int) -> list[int]:
    """Pids of the live processes whose parent is ``parent``."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == parent:
                found.append(int(entry))
    return found


@contextmanager
def sampled(pids: Any) -> Iterator[dict[int, dict[str, int]]]:
    """Peak VmHWM and Pss of the processes ``pids()`` names, sampled in a thread while the block runs."""
    peaks: dict[int, dict[str, int]] = {}
    stop = threading.Event()

    def sample() -> None:
        while True:
            for pid in pids():
                hwm, pss = status_kb(pid, "VmHWM"), pss_kb(pid)
                if hwm is not None:
                    seen = peaks.setdefault(pid, {"vm_hwm_kb": 0, "pss_kb": 0})
                    seen["vm_hwm_kb"] = max(seen["vm_hwm_kb"], hwm)
                    seen["pss_kb"] = max(seen["pss_kb"], pss or 0)
            if stop.wait(SAMPLE_S):
                return

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        yield peaks
    finally:
        stop.set()
        thread.join()


# -- the local runner ----------------------------------------------------------------


def bench_local(docs: list[RawDocument], settings: Settings) -> dict[str, Any]:
    """Model load in this process (start-up), then the worker processes over every document."""
    from onrecord.embed import load_embedder
    from onrecord.nlp import load_pipeline
    from onrecord.pipeline import run_local

    start = time.perf_counter()
    nlp = load_pipeline(settings.actors_file, model=settings.model)
    load_embedder()
    startup = time.perf_counter() - start
    me = os.getpid()
    with sampled(lambda: children(me)) as peaks:
        start = time.perf_counter()
        outcomes = list(run_local(docs, settings=settings, nlp=nlp, embed=True))
        steady = time.perf_counter() - start
    return {
        "startup_s": {"model_load": startup},
        "steady_s": steady,
        "articles": count_articles(outcomes),
        "workers": [{"pid": pid, **peak} for pid, peak in sorted(peaks.items())],
        "driver_vm_hwm_kb": status_kb(me, "VmHWM"),
    }


# -- the Ray runner ------------------------------------------------------------------


def timed_extractor(log: str) -> type:
    """The Ray runner's worker class, noting when its model load and each batch start and end.

    Defined in ``__main__``, so Ray ships it to the workers by value.
    """
    from onrecord.pipeline import ray_runner

    class TimedExtractor(ray_runner._Extractor):
        def __init__(self, settings: Settings, embed: bool) -> None:
            start = time.time()
            super().__init__(settings, embed)
            self.note({"event": "init", "start": start, "end": time.time()})

        def __call__(self, batch: Any) -> Any:
            start = time.time()
            out = super().__call__(batch)
            self.note({"event": "batch", "start": start, "end": time.time(), "rows": batch.num_rows})
            return out

        def note(self, record: dict[str, Any]) -> None:
            record.update(pid=os.getpid(), vm_hwm_kb=status_kb(os.getpid(), "VmHWM"), pss_kb=pss_kb(os.getpid()))
            with open(log, "a", encoding="utf-8") as handle:
                handle.write(json.dumps(record) + "\n")

    return TimedExtractor


def bench_ray(docs: list[RawDocument], settings: Settings, workers: int) -> dict[str, Any]:
    """Ray start, then one run: worker start-up (spawn, imports, model load) apart from the batches after it."""
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    import logging

    import ray

    from onrecord.pipeline import ray_runner

    start = time.perf_counter()
    ray.init(address="local", num_cpus=max(os.cpu_count() or 1, workers), include_dashboard=False,
             log_to_driver=False, logging_level=logging.ERROR)
    ray_init = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as tmp:
        log = str(Path(tmp) / "workers.jsonl")
        ray_runner._Extractor = timed_extractor(log)  # the bench's own instrumented worker
        try:
            t0 = time.time()
            outcomes = list(ray_runner.run_ray(docs, settings=settings, workers=workers))
            t_end = time.time()
        finally:
            ray.shutdown()
        notes = [json.loads(line) for line in Path(log).read_text(encoding="utf-8").splitlines()]
    inits = [n for n in notes if n["event"] == "init"]
    batches = [n for n in notes if n["event"] == "batch"]
    ready = max(n["end"] for n in inits)  # every worker has its model
    # the articles done after that: a batch that straddles it counts for the share of its time after
    after = sum(b["rows"] * max(0.0, b["end"] - max(b["start"], ready)) / (b["end"] - b["start"]) for b in batches)
    pids = sorted({n["pid"] for n in notes})
    return {
        "startup_s": {
            "ray_init": ray_init,
            "workers_ready": ready - t0,  # from the run's start: process spawn, imports, model load
            "model_load_per_worker": [n["end"] - n["start"] for n in inits],
        },
        "steady_s": t_end - ready,
        "steady_articles": after,
        "busy_s": sum(b["end"] - b["start"] for b in batches),
        "articles": count_articles(outcomes),
        "workers": [
            {"pid": pid, "vm_hwm_kb": max(n["vm_hwm_kb"] or 0 for n in notes if n["pid"] == pid),
             "pss_kb": max(n["pss_kb"] or 0 for n in notes if n["pid"] == pid),
             "batches": sum(1 for b in batches if b["pid"] == pid)}
            for pid in pids
        ],
        "worker_starts": len(inits),
        "run_s": t_end - t0,
    }


def count_articles(outcomes: list[Any]) -> int:
    return sum(1 for o in outcomes if isinstance(o, ExtractedArticle))


# -- figures -------------------------------------------------------------------------


def projection(per_core: float, month: int) -> dict[str, Any]:
    """Hours for a month of articles on N workers, and workers for a wall-clock budget.

    hours(N) = month / (per_core × N × 3600); workers(T) = ceil(month / (per_core × T × 3600)),
    with one worker per core, each at the measured steady-state per-core rate.
    """
    return {
        "formula": "hours = articles / (per_core_articles_per_s * workers * 3600); "
                   "workers = ceil(articles / (per_core_articles_per_s * hours * 3600))",
        "articles": month,
        "per_core_articles_per_s": per_core,
        "core_hours": month / per_core / 3600,
        "hours_by_workers": {str(n): month / (per_core * n * 3600) for n in CLUSTER_WORKERS},
        "workers_by_hours": {f"{t:g}": math.ceil(month / (per_core * t * 3600)) for t in TARGET_HOURS},
    }


def summarize(docs: list[RawDocument], local: dict[str, Any], remote: dict[str, Any], args: argparse.Namespace) -> dict[str, Any]:
    n = len(docs)
    local_rate = local["articles"] / local["steady_s"]
    ray_rate = remote["steady_articles"] / remote["steady_s"] if remote["steady_s"] > 0 else float("nan")
    ray_per_core = ray_rate / args.workers
    import ray
    import spacy

    return {
        "machine": {
            "date": datetime.now(timezone.utc).isoformat(timespec="seconds"), "cpu_count": os.cpu_count(),
            "python": platform.python_version(), "platform": platform.platform(),
            "onrecord": onrecord.__version__, "spacy": spacy.__version__, "ray": ray.__version__,
        },
        "corpus": {"articles": n, "chars": sum(len(d.body) for d in docs), "path": str(args.corpus)},
        "settings": {"workers": args.workers, "batch_size": args.batch_size, "embed": True},
        "local": {**local, "articles_per_s": local_rate, "per_core_articles_per_s": local_rate / args.workers},
        "ray": {**remote, "articles_per_s": ray_rate, "per_core_articles_per_s": ray_per_core,
                "busy_articles_per_s_per_worker": remote["articles"] / remote["busy_s"]},
        "projection": projection(ray_per_core, args.month),
    }


def mib(kb: int | None) -> str:
    return "n/a" if kb is None else f"{kb / KB:.0f} MiB"


def render(s: dict[str, Any]) -> str:
    local, remote, proj = s["local"], s["ray"], s["projection"]
    c = s["corpus"]
    lines = [
        f"onrecord {s['machine']['onrecord']}, ray {s['machine']['ray']}, {s['machine']['cpu_count']} CPUs, "
        f"{c['articles']} articles ({c['chars'] / c['articles']:.0f} chars each on average), "
        f"{s['settings']['workers']} workers, batches of {s['settings']['batch_size']}, positions embedded",
        "",
        f"{'':26}{'local (processes)':>22}{'ray (actors)':>22}",
        f"{'start-up: ray init':26}{'-':>22}{remote['startup_s']['ray_init']:>21.1f}s",
        f"{'start-up: model load':26}{local['startup_s']['model_load']:>21.1f}s"
        f"{max(remote['startup_s']['model_load_per_worker']):>21.1f}s",
        f"{'start-up: workers ready':26}{'(forked, shared)':>22}{remote['startup_s']['workers_ready']:>21.1f}s",
        f"{'steady state':26}{local['articles_per_s']:>16.2f} art/s{remote['articles_per_s']:>16.2f} art/s",
        f"{'  per core':26}{local['per_core_articles_per_s']:>16.2f} art/s{remote['per_core_articles_per_s']:>16.2f} art/s",
        f"{'peak RSS per worker':26}{', '.join(mib(w['vm_hwm_kb']) for w in local['workers']):>22}"
        f"{', '.join(mib(w['vm_hwm_kb']) for w in remote['workers']):>22}",
        f"{'peak PSS per worker':26}{', '.join(mib(w['pss_kb']) for w in local['workers']):>22}"
        f"{', '.join(mib(w['pss_kb']) for w in remote['workers']):>22}",
        f"{'articles out':26}{local['articles']:>22}{remote['articles']:>22}",
        "",
        f"Projection: {proj['articles']:,} articles (a month of Common Crawl News) at the Ray runner's "
        f"{proj['per_core_articles_per_s']:.2f} articles/s per core:",
        f"  hours = articles / (per-core rate × workers × 3600)  →  {proj['core_hours']:,.0f} core-hours",
        "  " + "; ".join(f"{n} workers: {h:,.1f} h" for n, h in proj["hours_by_workers"].items()),
        "  " + "; ".join(f"done in {t} h: {n:,} workers" for t, n in proj["workers_by_hours"].items()),
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        import pyarrow  # noqa: F401
        import ray  # noqa: F401
    except ImportError:
        sys.exit("error: the Ray runner needs ray: pip install 'onrecord[ray]'")
    settings = DEFAULT_SETTINGS.with_(batch_size=args.batch_size, processes=args.workers)
    docs = read_corpus(args.corpus, args.limit, settings)
    local = bench_local(docs, settings)
    remote = bench_ray(docs, settings, args.workers)
    summary = summarize(docs, local, remote, args)
    print(render(summary))
    if args.json is not None:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return 0 if local["articles"] == remote["articles"] == len(docs) else 1


if __name__ == "__main__":
    sys.exit(main())
