"""Load benchmark for ``onrecord serve``: 20 concurrent clients against a store of 10k statements.

Run from the repository root (``make bench-web`` installs wrk first)::

    .venv/bin/python bench/bench_web.py --json bench/results/web.json

It builds the store once (PolNeAR train texts through ``ingest`` until there
are 10k statements; kept at --store and reused), starts ``onrecord serve`` on
127.0.0.1, asks every page once from one client (the baseline), then drives a
mix of pages and API routes with wrk (20 connections) and reports p50/p95/p99
latency, requests/s and errors, and the ratio of the loaded p95 to the
single-client median measured in the same run. Everything it starts, it stops.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections import defaultdict
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from onrecord.pipeline import ingest
from onrecord.settings import Settings
from onrecord.store import open_store

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO / ".." / "shared" / "data" / "polnear" / "train" / "text"
DEFAULT_STORE = REPO / "bench" / "results" / "web-10k.db"
BATCH = 40  # articles ingested between two checks of the statement count

LUA = r"""
local paths = {PATHS}
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n % #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests": %d, "duration_s": %.3f, "p50_ms": %.2f, "p90_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f, ' ..
    '"max_ms": %.2f, "errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1e3, latency:percentile(90) / 1e3,
    latency:percentile(95) / 1e3, latency:percentile(99) / 1e3, latency.max / 1e3,
    e.connect, e.read, e.write, e.status, e.timeout))
end
"""


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description="Load benchmark of onrecord serve.")
    p.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="folder of *.txt articles to build the store from")
    p.add_argument("--store", type=Path, default=DEFAULT_STORE, help="the store; built when it has too few statements")
    p.add_argument("--statements", type=int, default=10_000, help="statements the store must hold")
    p.add_argument("--clients", type=int, default=20, help="concurrent connections")
    p.add_argument("--duration", type=int, default=30, help="seconds of load")
    p.add_argument("--workers", type=int, default=2, help="server processes (onrecord serve --workers)")
    p.add_argument("--threads", type=int, default=2, help="wrk threads")
    p.add_argument("--skip", action="append", default=[], help="leave one kind of page out of the mix (repeatable)")
    p.add_argument("--json", type=Path, default=None, help="also write every figure to this JSON file")
    return p.parse_args(argv)


def build_store(path: Path, corpus: Path, target: int) -> dict[str, Any]:
    """Ingest corpus texts in order until the store holds ``target`` statements."""
    path.parent.mkdir(parents=True, exist_ok=True)
    files = sorted(str(p) for p in corpus.glob("*.txt"))
    if not files:
        sys.exit(f"no *.txt files in {corpus}: give --corpus")
    start = time.perf_counter()
    with open_store(path) as store:
        done = store.counts()["articles"]
        while store.counts()["statements"] < target and done < len(files):
            ingest(store, files[done : done + BATCH], settings=Settings(processes=2))
            done += BATCH
            print(f"  store: {store.counts()}", file=sys.stderr)
        counts = store.counts()
    if counts["statements"] < target:
        sys.exit(f"the corpus gave only {counts['statements']} statements; {target} were asked for")
    return counts | {"build_s": round(time.perf_counter() - start, 1)}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=60) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def start_server(store: Path, workers: int) -> tuple[subprocess.Popen[bytes], str, float]:
    port = free_port()
    cmd = [sys.executable, "-c", "from onrecord.cli import main; main()", "serve", str(store),
           "--port", str(port), "--workers", str(workers)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    while time.perf_counter() - started < 300:
        if proc.poll() is not None:
            sys.exit(f"onrecord serve exited: {proc.stderr.read().decode()}")  # type: ignore[union-attr]
        try:
            if get(base + "/api/home")[0] == 200:
                return proc, base, time.perf_counter() - started
        except OSError:
            pass
        time.sleep(0.2)
    stop_server(proc)
    sys.exit("onrecord serve did not answer within 300 s")


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def server_rss_mib(proc: subprocess.Popen[bytes]) -> list[float]:
    """Resident memory of the server and its worker processes."""
    out = subprocess.run(["ps", "-o", "rss=", "--ppid", str(proc.pid)], capture_output=True, text=True).stdout.split()
    own = subprocess.run(["ps", "-o", "rss=", "-p", str(proc.pid)], capture_output=True, text=True).stdout.split()
    return [round(int(kb) / 1024, 1) for kb in own + out]


def page_mix(base: str) -> dict[str, list[str]]:
    """The paths of the load, by kind: pages and their JSON, read off the running server."""
    home = json.loads(get(base + "/api/home")[1])
    actors = json.loads(get(base + "/api/actors?limit=40")[1])["items"]
    articles = json.loads(get(base + "/api/articles?limit=200")[1])["items"]
    contests = json.loads(get(base + "/api/contests?limit=40")[1])["items"]
    rng = random.Random(7)
    picked = rng.sample(articles, min(30, len(articles)))
    statements = []
    for a in picked[:15]:
        items = json.loads(get(base + "/api" + a["url"])[1])["statements"]
        statements += [s["url"] for s in items[:2]]
    words = ["security", "tax plan", "immigration", "Clinton campaign", "health care", "Supreme Court", "debate"]
    mix = {
        "home": ["/", "/api/home"],
        "lists": ["/actors", "/articles", "/contests", "/articles?offset=50", "/api/actors", "/api/statements?limit=50"],
        "actor": [a["url"] for a in actors[:20]] + ["/api" + a["url"] for a in actors[:5]],
        "article": [a["url"] for a in picked] + ["/api" + a["url"] for a in picked[:5]],
        "statement": statements,
        "contest": [c["url"] for c in contests[:10]],
        "search": ["/search?q=" + urllib.parse.quote(w) for w in words] + ["/api/search?q=" + urllib.parse.quote(w) for w in words[:3]],
        "meaning": ["/search?by=meaning&q=" + urllib.parse.quote(w) for w in ("border security", "tax cuts for the rich")],
    }
    assert home["counts"]["statements"] > 0
    return {k: v for k, v in mix.items() if v}


def baseline(base: str, mix: dict[str, list[str]]) -> dict[str, dict[str, float]]:
    """One client, every path twice (the first warms): median and max milliseconds per kind."""
    times: dict[str, list[float]] = defaultdict(list)
    for kind, paths in mix.items():
        for path in paths:
            status, _ = get(base + path)
            if status != 200:
                sys.exit(f"{path} answered {status}")
            start = time.perf_counter()
            get(base + path)
            times[kind].append((time.perf_counter() - start) * 1000)
    return {k: {"median_ms": round(statistics.median(v), 2), "max_ms": round(max(v), 2), "paths": len(v)}
            for k, v in times.items()}


def run_wrk(base: str, paths: list[str], *, clients: int, threads: int, duration: int) -> dict[str, Any]:
    wrk = shutil.which("wrk")
    if wrk is None:
        sys.exit("wrk is missing: `make bench-web` installs it (Debian package wrk)")
    lua = LUA.replace("{PATHS}", "{" + ", ".join(json.dumps(p) for p in paths) + "}")
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(lua)
    try:
        out = subprocess.run(
            [wrk, f"-t{threads}", f"-c{clients}", f"-d{duration}s", "--timeout", "10s", "-s", f.name, base],
            capture_output=True, text=True, timeout=duration + 60,
        ).stdout
    finally:
        os.unlink(f.name)
    match = re.search(r"^WRKJSON (.*)$", out, re.M)
    if match is None:
        sys.exit(f"wrk printed no summary:\n{out}")
    result = json.loads(match.group(1))
    result["requests_per_s"] = round(result["requests"] / result["duration_s"], 1)
    return result


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    print(f"store {args.store}", file=sys.stderr)
    counts = build_store(args.store, args.corpus, args.statements)
    proc, base, startup = start_server(args.store, args.workers)
    try:
        mix = {kind: paths for kind, paths in page_mix(base).items() if kind not in args.skip}
        single = baseline(base, mix)
        paths = [p for kind in mix.values() for p in kind]
        load = run_wrk(base, paths, clients=args.clients, threads=args.threads, duration=args.duration)
        rss = server_rss_mib(proc)
    finally:
        stop_server(proc)
    single_median = statistics.median(v["median_ms"] for v in single.values())
    report = {
        "when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "store": counts, "workers": args.workers, "clients": args.clients, "duration_s": args.duration,
        "paths": len(paths), "startup_s": round(startup, 1), "single_client": single, "load": load, "server_rss_mib": rss,
        "p95_over_single_client_median": round(load["p95_ms"] / single_median, 2),
    }
    errors = sum(load["errors"].values())
    print(f"store: {counts['articles']} articles, {counts['statements']} statements, {counts['actors']} actors")
    print(f"server start-up (contests and topics over the store included): {startup:.1f} s")
    print(f"{args.clients} clients, {args.duration} s, {args.workers} server processes, {len(paths)} paths")
    print(f"  p50 {load['p50_ms']:.1f} ms   p95 {load['p95_ms']:.1f} ms   p99 {load['p99_ms']:.1f} ms   "
          f"max {load['max_ms']:.1f} ms")
    print(f"  {load['requests_per_s']} requests/s, {load['requests']} requests, {errors} errors {load['errors']}")
    print("  one client, median per page kind: " + ", ".join(f"{k} {v['median_ms']:.1f} ms" for k, v in single.items()))
    print(f"  p95 under load / single-client median: {report['p95_over_single_client_median']}x")
    print(f"  server memory (MiB, per process): {rss}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
