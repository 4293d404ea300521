"""Benchmark: what positions and contests cost, and how fast contests are found among 100k positions.

Two parts, each reported as ratios against a baseline run in the same process:

1. **Ingest overhead** on a corpus (PolNeAR dev by default): ingest with the
   positions left out of the pipeline and no embeddings (the baseline) against
   the full ingest (positions, proposition embeddings) followed by finding
   every contest in the store. Both use one process, the same pipeline
   otherwise, and a fresh SQLite file each run; the median of ``--repeat`` runs.
2. **Contest lookup at scale**: a store of ``--positions`` (default 100,000)
   positions, made from the corpus's real positions with their embeddings
   perturbed and their holders spread over 50 actors, then: the time to build
   the FAISS index from the store, and the time to find the contests of one new
   statement (median and max over 50 statements), against a brute-force numpy
   scan of the same vectors as the baseline.

    .venv/bin/python bench/bench_positions.py [--corpus DIR] [--limit N] [--positions N] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from onrecord.contests import PositionIndex, contests_for, find_contests
from onrecord.embed import DIM, from_blob, load_embedder, to_blob
from onrecord.models import Actor, ExtractedArticle
from onrecord.nlp import build_pipeline
from onrecord.nlp.encoder import encoder_weights_path
from onrecord.pipeline.local import run_local
from onrecord.settings import Settings
from onrecord.sources import iter_documents
from onrecord.store import open_store

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "polnear" / "dev" / "text"


def ingest_seconds(paths: list[str], nlp, *, embed: bool, contests: bool, settings: Settings) -> tuple[float, int, int]:
    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "b.db") as store:
        docs = list(iter_documents(paths, settings=settings))
        t0 = time.perf_counter()
        n = 0
        for outcome in run_local(docs, settings=settings, nlp=nlp, embed=embed):
            if isinstance(outcome, ExtractedArticle):
                store.put(outcome)
                n += len(outcome.statements)
        found = len(find_contests(store)) if contests else 0
        return time.perf_counter() - t0, n, found


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    p.add_argument("--limit", type=int, default=None)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--positions", type=int, default=100_000)
    p.add_argument("--json", type=Path, default=None)
    args = p.parse_args(argv)
    paths = sorted(str(x) for x in args.corpus.glob("*.txt"))[: args.limit]
    settings = Settings(processes=1, clean=False)
    weights = encoder_weights_path()
    full = build_pipeline(tagger_path=weights)
    bare = build_pipeline(tagger_path=weights, positions=False)
    load_embedder()
    list(full.pipe(Path(x).read_text(encoding="utf-8") for x in paths[:3]))  # warm both
    list(bare.pipe(Path(x).read_text(encoding="utf-8") for x in paths[:3]))
    base_t, full_t = [], []
    for _ in range(args.repeat):  # interleaved, so drift on a shared machine hits both
        t, n, _ = ingest_seconds(paths, bare, embed=False, contests=False, settings=settings)
        base_t.append(t)
        t, n, found = ingest_seconds(paths, full, embed=True, contests=True, settings=settings)
        full_t.append(t)
    result: dict = {
        "corpus": {"articles": len(paths), "statements": n, "contests": found},
        "ingest_without_positions_s": statistics.median(base_t),
        "ingest_with_positions_and_contests_s": statistics.median(full_t),
    }
    result["overhead_ratio"] = result["ingest_with_positions_and_contests_s"] / result["ingest_without_positions_s"]

    # -- contest lookup among N positions --------------------------------------
    rng = np.random.default_rng(7)
    with tempfile.TemporaryDirectory() as tmp:
        with open_store(Path(tmp) / "big.db") as store:
            outcomes = [o for o in run_local(iter_documents(paths, settings=settings), settings=settings, nlp=full, embed=True)
                        if isinstance(o, ExtractedArticle)]
            seeds = [st for o in outcomes for st in o.statements if st.position is not None and st.position.embedding]
            holders = [Actor(name=f"Actor {i}", kind="country") for i in range(50)]
            made = 0
            copy = 0
            t0 = time.perf_counter()
            while made < args.positions:
                for o in outcomes:
                    copy += 1
                    art = replace(o.article, id=f"{o.article.id}-{copy}", content_hash=f"{o.article.content_hash}-{copy}")
                    sts = []
                    for st in o.statements:
                        if st.position is None or st.position.embedding is None:
                            continue
                        v = from_blob(st.position.embedding) + rng.normal(0, 0.05, DIM).astype(np.float32)
                        v /= np.linalg.norm(v)
                        pos = replace(st.position, embedding=to_blob(v), holder=holders[int(rng.integers(50))])
                        sts.append(replace(st, article_id=art.id, id=f"{st.id}-{copy}", position=pos))
                    store.put(ExtractedArticle(article=art, statements=tuple(sts)))
                    made += len(sts)
                    if made >= args.positions:
                        break
            fill_s = time.perf_counter() - t0
            t0 = time.perf_counter()
            index = PositionIndex(store)
            build_s = time.perf_counter() - t0
            probes = [replace(s, id=f"probe-{i}") for i, s in enumerate(rng.choice(seeds, 50, replace=False))]
            # a reported acceptance: the kind of statement whose contests are looked up
            probes = [replace(s, position=replace(s.position, holder=holders[i % 50], voice="reported", stance="accept"))
                      for i, s in enumerate(probes)]
            lookup = []
            found_for = []
            for st in probes:
                t0 = time.perf_counter()
                found_for.append(len(contests_for(store, st, index)))
                lookup.append(time.perf_counter() - t0)
            keys, blob = store.position_vectors()
            matrix = np.frombuffer(blob, dtype="<f4").reshape(len(keys), DIM)
            brute = []
            for st in probes:
                t0 = time.perf_counter()
                sims = matrix @ from_blob(st.position.embedding)
                np.argpartition(-sims, 64)[:64]
                brute.append(time.perf_counter() - t0)
            search = []
            for st in probes:
                t0 = time.perf_counter()
                index.neighbours(from_blob(st.position.embedding)[None, :])
                search.append(time.perf_counter() - t0)
    result["scale"] = {
        "positions": len(index),
        "store_fill_s": fill_s,
        "index_build_s": build_s,
        "contests_for_one_statement_median_s": statistics.median(lookup),
        "contests_for_one_statement_max_s": max(lookup),
        "contests_found_per_probe_median": statistics.median(found_for),
        "faiss_search_median_s": statistics.median(search),
        "numpy_scan_median_s": statistics.median(brute),
    }
    lines = [
        f"corpus   {len(paths)} articles, {n} statements, {found} contests ({args.corpus})",
        f"ingest without positions (baseline)        {result['ingest_without_positions_s']:.3f} s",
        f"ingest with positions, embeddings, contests {result['ingest_with_positions_and_contests_s']:.3f} s",
        f"ratio    positions and contests / baseline  {result['overhead_ratio']:.3f}x  (+{100 * (result['overhead_ratio'] - 1):.1f} %)",
        f"scale    {len(index):,} stored positions (store filled in {fill_s:.1f} s)",
        f"         FAISS index build from the store     {build_s:.3f} s",
        f"         contests of one new statement        median {statistics.median(lookup) * 1000:.1f} ms, max {max(lookup) * 1000:.1f} ms"
        f" ({statistics.median(found_for):.0f} contests found, median)",
        f"         nearest-64 search: FAISS {statistics.median(search) * 1000:.2f} ms, numpy scan {statistics.median(brute) * 1000:.2f} ms",
    ]
    print("\n".join(lines))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
