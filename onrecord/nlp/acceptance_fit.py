"""Fitting the acceptance model (:mod:`onrecord.nlp.acceptance`) for a trained tagger.

It runs the pipeline with the tagger over the tagger's validation articles
(every 10th PolNeAR train article, which the tagger never trained on: on its
own training articles it is surer than it will ever be on new text), collects
every candidate attribution ``combine`` proposes, labels each by whether its
content matches a gold content leniently (Jaccard >= 0.5), and fits a
logistic regression on those the model is to judge (``acceptance.judged``).
The regularisation and the threshold are the ones that give the best lenient
F1 of all candidates together (those not judged always stand) in a 5-fold
cross-validation grouped by article; that cross-validated F1 is recorded with
the model. The dev split is never read.

Run by ``make train`` after the tagger; on its own::

    python -m onrecord.nlp.acceptance_fit --data ../shared/data/polnear --weights onrecord/data/encoder
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..evaluate import PRF, content_positions, jaccard
from ..polnear import GoldDoc, load_polnear
from .acceptance import ACCEPT_FILE, Acceptance, features, judged

C_GRID = (0.03, 0.1, 0.3, 1.0, 3.0)
THRESHOLDS = tuple(round(t, 2) for t in np.arange(0.2, 0.71, 0.05))
FOLDS = 5
SEED = 13


@dataclass(frozen=True, slots=True)
class Sample:
    """One candidate attribution of one validation article: its features (judged ones only), its label."""

    doc: str
    values: tuple[float, ...] | None  # None: the model does not judge it, it stands
    correct: bool


def collect(weights: Path, golds: Sequence[GoldDoc]) -> tuple[list[Sample], int]:
    """Every candidate ``combine`` proposes on ``golds`` with the tagger at ``weights``; and the gold count."""
    from . import build_pipeline
    from .attribution import find_attributions
    from .combine import propose
    from .encoder import CONFIDENCE_KEY
    from .quotes import find_quotes

    nlp = build_pipeline(tagger_path=weights, acceptance=False, reader=False)
    samples: list[Sample] = []
    gold_count = 0
    texts = (g.text for g in golds)
    for gold, doc in zip(golds, nlp.pipe(texts, batch_size=16, disable=["onrecord_attribution", "onrecord_speakers"])):
        quotes = find_quotes(doc.text)
        gold_sets = [content_positions(gold.text, a.content) for a in gold.attributions]
        gold_count += sum(1 for g in gold_sets if g)
        sure = doc.user_data.get(CONFIDENCE_KEY, {})
        for cand in propose(doc, find_attributions(doc, quotes), quotes):
            found = content_positions(gold.text, tuple(cand.attribution.content))
            best = max((jaccard(found, g) for g in gold_sets if g & found), default=0.0)
            values = tuple(features(doc, cand, quotes, sure)) if judged(cand) else None
            samples.append(Sample(gold.name, values, best >= 0.5))
    return samples, gold_count


def _f1(correct: np.ndarray, keep: np.ndarray, gold_count: int) -> float:
    return PRF.of(int((correct & keep).sum()), int(keep.sum()), gold_count).f1


def _fit(x: np.ndarray, y: np.ndarray, c: float):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, max_iter=5000).fit(x, y)


def fit_acceptance(samples: Sequence[Sample], gold_count: int) -> tuple[Acceptance, dict]:
    """The model and its record: the C and threshold of the best cross-validated lenient F1."""
    from sklearn.model_selection import GroupKFold

    judged_ = [s for s in samples if s.values is not None]
    standing = np.array([s.correct for s in samples if s.values is None], dtype=bool)
    x = np.array([s.values for s in judged_], dtype=float)
    y = np.array([s.correct for s in judged_], dtype=bool)
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    z = (x - mean) / scale
    folds = list(GroupKFold(FOLDS).split(z, y, [s.doc for s in judged_]))

    def f1(keep: np.ndarray) -> float:  # of every candidate: the judged ones kept, and those that stand
        return _f1(np.concatenate([standing, y]), np.concatenate([np.ones_like(standing), keep]), gold_count)

    best = (-1.0, 0.0, 0.0)
    for c in C_GRID:
        prob = np.zeros(len(y))
        for train, test in folds:
            prob[test] = _fit(z[train], y[train], c).predict_proba(z[test])[:, 1]
        for t in THRESHOLDS:
            if (score := f1(prob >= t)) > best[0]:
                best = (score, c, t)
    score, c, threshold = best
    model = _fit(z, y, c)
    acceptance = Acceptance(
        coef=tuple(float(v) for v in model.coef_[0]), intercept=float(model.intercept_[0]), threshold=float(threshold),
        mean=tuple(float(v) for v in mean), scale=tuple(float(v) for v in scale),
    )
    record = {
        "candidates": len(samples), "judged": len(judged_), "judged_correct": int(y.sum()), "gold": gold_count,
        "C": c, "threshold": threshold, "cross_validated_lenient_f1": round(score, 4),
        "keep_all_lenient_f1": round(f1(np.ones_like(y)), 4),
    }
    return acceptance, record


def refit(data_dir: Path, weights: Path) -> dict:
    """Fit the acceptance model for the tagger at ``weights`` and write it there; returns its record."""
    from .training import split_names

    golds = {g.name: g for g in load_polnear(data_dir / "train")}
    _, val_names = split_names(list(golds))
    samples, gold_count = collect(weights, [golds[n] for n in val_names])
    acceptance, record = fit_acceptance(samples, gold_count)
    (weights / ACCEPT_FILE).write_text(json.dumps({**acceptance.to_dict(), "fit": record}, indent=1) + "\n", encoding="utf-8")
    return record


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Fit the acceptance model for a trained tagger on its validation articles.")
    parser.add_argument("--data", type=Path, default=Path("../shared/data/polnear"), help="PolNeAR folder with train/")
    parser.add_argument("--weights", type=Path, required=True, help="the tagger's folder; accept.json is written there")
    args = parser.parse_args(argv)
    print(json.dumps(refit(args.data, args.weights)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
