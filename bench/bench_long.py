"""How extraction time grows with the length of one document.

Runs the full extraction pipeline (``onrecord.nlp.load_pipeline()``, what
``onrecord extract`` and ``ingest`` run per article) on one document made of
the founding article repeated N times, for growing N, and reports seconds per
100,000 characters at each length and the ratio of that rate to the shortest
document's, measured in the same process: 1.0 means time grows in proportion
to length; a ratio that climbs with N means something is quadratic. The same
runs with ``en_core_web_sm`` alone (``--baseline``) show what spaCy itself
costs per character at each length.

    .venv/bin/python bench/bench_long.py [--copies 5 20 80 320] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "onrecord" / "data" / "founding_article.txt"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, nargs="+", default=[5, 20, 80, 320], help="document lengths, in copies of the founding article")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    from onrecord.nlp import load_pipeline
    from onrecord.nlp.model import load_base_model

    piece = SEED.read_text(encoding="utf-8") + "\n\n"
    nlp = load_pipeline()
    base = load_base_model(fast=False)  # as spaCy builds it
    base.max_length = nlp.max_length = max(nlp.max_length, len(piece) * max(args.copies) + 1)
    nlp(piece)  # warm up
    rows = []
    for n in sorted(args.copies):
        text = piece * n
        start = time.perf_counter()
        doc = nlp(text)
        full = time.perf_counter() - start
        start = time.perf_counter()
        base(text)
        bare = time.perf_counter() - start
        rows.append({"copies": n, "characters": len(text), "statements": len(doc._.onrecord_attributions),
                     "seconds": round(full, 2), "spacy_seconds": round(bare, 2)})
    first = rows[0]
    per = lambda row, key: row[key] / row["characters"] * 100_000  # noqa: E731
    print(f"{'copies':>7} {'characters':>11} {'statements':>10} {'s':>7} {'s/100k chars':>13} {'vs shortest':>12} {'spaCy s/100k':>13}")
    for row in rows:
        row["per_100k"] = round(per(row, "seconds"), 2)
        row["ratio_to_shortest"] = round(per(row, "seconds") / per(first, "seconds"), 2)
        row["spacy_per_100k"] = round(per(row, "spacy_seconds"), 2)
        print(f"{row['copies']:>7} {row['characters']:>11,} {row['statements']:>10} {row['seconds']:>7.1f} "
              f"{row['per_100k']:>13.2f} {row['ratio_to_shortest']:>11.2f}x {row['spacy_per_100k']:>13.2f}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"rows": rows, "machine": platform.platform(), "python": platform.python_version()}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
