"""Where the pipeline's errors on the validation articles (every 10th of PolNeAR train) come from.

For every gold content no prediction matches leniently: whether some prediction overlaps it (a boundary error)
or none does, and then whether a candidate the acceptance model turned down would have matched it (a detection
error the acceptance model made) or no candidate at all came near it (one the tagger and the rules made). For the
predictions: how often each origin of candidate is right (a tagged content a rule claims, a tagged one no rule
found, a rule's the tagger did not touch), the tagged ones by the acceptance model's probability, and how often
the candidates it turned down would have been right.

    .venv/bin/python scripts/error_sources.py [PolNeAR folder]   # about 30 s on 2 cores
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from onrecord.evaluate import content_positions, greedy_match, jaccard, load_polnear
from onrecord.models import Article, digest
from onrecord.nlp import acceptance, build_pipeline, combine
from onrecord.nlp.convert import doc_to_statements
from onrecord.nlp.encoder import encoder_weights_path
from onrecord.nlp.training import split_names


def main(data: Path) -> None:
    golds = load_polnear(data / "train")
    _, held = split_names([g.name for g in golds])
    golds = [g for g in golds if g.name in set(held)]
    seen: dict[str, list] = {}  # text → (candidate, its acceptance probability or None) of each Doc
    decide = combine.accept

    def recording(doc, candidates, quotes, sure, model):
        prepared = acceptance.Confidences(sure, quotes)
        seen[doc.text] = [(c, model.probability(acceptance.features(doc, c, quotes, prepared))
                           if acceptance.judged(c) else None) for c in candidates]
        return decide(doc, candidates, quotes, sure, model)

    combine.accept = recording
    try:
        nlp = build_pipeline(tagger_path=encoder_weights_path())
        threshold = next(p for n, p in nlp.pipeline if n == "onrecord_attribution").acceptance.threshold
        origins: Counter = Counter()
        bands: Counter = Counter()
        missed: Counter = Counter()
        for gold, doc in zip(golds, nlp.pipe((g.text for g in golds), batch_size=16)):
            article = Article(id=digest(gold.text), name=gold.name, origin=gold.name, text=gold.text,
                              content_hash="", cleaned=False)
            text = gold.text
            gs = [content_positions(text, a.content) for a in gold.attributions]
            preds = doc_to_statements(doc, article)
            ps = [content_positions(text, [(c.start, c.end) for c in st.content]) for st in preds]
            matched = greedy_match(gs, ps, 0.5)
            right = {b for _, b in matched}
            found = {a for a, _ in matched}
            cands = [(c, p, content_positions(text, c.attribution.content)) for c, p in seen.get(text, [])]
            for j, (st, p) in enumerate(zip(preds, ps)):
                cue = (st.cue.start, st.cue.end) if st.cue is not None else None
                best = max(cands, key=lambda x: len(x[2] & p) + (10_000 if cue and x[0].attribution.cue == cue else 0),
                           default=None)
                origin = best[0].origin if best is not None and (best[2] & p or cue) else "none"
                origins[(origin, j in right)] += 1
                if origin == "tagged" and best[1] is not None:
                    bands[(f"{min(9, int(best[1] * 10)) / 10:.1f}", j in right)] += 1
            turned_down = [(prob, cp) for c, prob, cp in cands if prob is not None and prob < threshold]
            for prob, cp in turned_down:
                bands[(f"{int(prob * 10) / 10:.1f} (down)", any(jaccard(cp, g) >= 0.5 for g in gs))] += 1
            turned_down = [cp for _, cp in turned_down]
            for i, g in enumerate(gs):
                if i in found:
                    continue
                where = "overlapped by a prediction" if any(g & p for p in ps) else "no prediction near"
                near = any(jaccard(g, cp) >= 0.5 for cp in turned_down)
                missed[(where, "a turned-down candidate matches" if near else "no candidate matches")] += 1
    finally:
        combine.accept = decide
    print("unmatched gold contents:")
    for key, n in sorted(missed.items()):
        print(f"  {n:5d}  {key[0]}, {key[1]}")
    print("predictions by origin (right / wrong):")
    for origin in ("claimed", "tagged", "rule", "none"):
        print(f"  {origin:8s} {origins[(origin, True)]:5d} / {origins[(origin, False)]:5d}")
    print(f"tagged contents by acceptance probability, and those turned down (threshold {threshold}):")
    for band in sorted({b for b, _ in bands}):
        print(f"  {band:12s} {bands[(band, True)]:5d} right, {bands[(band, False)]:5d} wrong")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("../shared/data/polnear"))
