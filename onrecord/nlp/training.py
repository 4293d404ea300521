"""Training the attribution tagger on PolNeAR train: ``make train`` runs this module.

Six steps: tokenise PolNeAR train (:func:`onrecord.nlp.encoder_fit.prepare`),
fine-tune the transformer tagger (:func:`onrecord.nlp.encoder_fit.fit`, on a
GPU when there is one, else in bfloat16 on a CPU that has it): once on the
text alone, and once per ``--feature-runs`` also reading the parse rules' findings; average them into
one tagger (:func:`onrecord.nlp.encoder_fit.soup`), fit the acceptance model for that tagger on the
validation articles (:mod:`onrecord.nlp.acceptance_fit`), fit the content
reader that reads each attribution's content again from the tagger's states
(:mod:`onrecord.nlp.reader_fit`), and score the whole
pipeline on the validation articles, with the tagger and with the parse rules
alone; the scores go into the ``meta.json`` beside the weights (the acceptance
model is fitted on those articles, so its scores there flatter it; its own
cross-validated F1 is in ``accept.json``).

Reproducible: a fixed seed, a fixed split of the train folder into a training
part and a validation part (every 10th article, by name). The dev split is
never used to choose anything here; ``onrecord eval polnear`` scores it
afterwards.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from ..evaluate import EvalReport, score
from ..polnear import GoldDoc, load_polnear
from .acceptance_fit import refit
from .encoder_fit import DEFAULT_OUT, VALIDATION_EVERY, add_fit_options, fit, fit_options, prepare, soup
from .reader import READER_FILE, READER_META
from .reader_fit import main as fit_reader_main


def split_names(names: Sequence[str]) -> tuple[list[str], list[str]]:
    """(training, validation) article names: every 10th, sorted by name, validates."""
    ordered = sorted(names)
    val = ordered[VALIDATION_EVERY - 1 :: VALIDATION_EVERY]
    held = set(val)
    return [n for n in ordered if n not in held], val


def score_with(nlp, golds: Sequence[GoldDoc]) -> EvalReport:
    """The evaluation scores of a pipeline on gold articles (text as read, no cleaning)."""
    from ..models import Article, digest
    from .convert import doc_to_statements

    predictions = []
    articles = [Article(id=digest(g.text), name=g.name, origin=g.name, text=g.text, content_hash="", cleaned=False) for g in golds]
    for article, doc in zip(articles, nlp.pipe((a.text for a in articles), batch_size=16)):
        predictions.extend(st.to_dict(doc=article.name) for st in doc_to_statements(doc, article))
    return score(golds, predictions)


def validation_report(weights: Path, golds: Sequence[GoldDoc]) -> dict:
    """Scores on the validation articles with the tagger, and with the parse rules alone."""
    from . import build_pipeline

    out = {}
    for name, path in (("tagger_and_rules", weights), ("rules_only", None)):
        d = score_with(build_pipeline(tagger_path=path), golds).to_dict()
        out[name] = {k: d[k] for k in ("content_lenient", "content_exact", "speaker_accuracy", "end_to_end")}
    return out


def rescore(data_dir: Path, out_dir: Path) -> dict:
    """(Re)compute the validation scores in ``out_dir/meta.json`` with the current pipeline."""
    golds = {g.name: g for g in load_polnear(data_dir / "train")}
    _, val_names = split_names(list(golds))
    meta_path = out_dir / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["validation"] = validation_report(out_dir, [golds[n] for n in val_names])
    meta_path.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(meta["validation"], indent=1))
    return meta


# (seed, epochs) of the rule-feature taggers in the shipped soup. A second one (seed 7, 5 epochs; its own
# validation span F1 0.770 / 0.676 / 0.617 against 0.753 / 0.677 / 0.613) made the soup score less on
# validation, whole pipeline, lenient / exact / end-to-end: 0.755 / 0.599 / 0.692 at a quarter share,
# 0.753 / 0.596 / 0.687 at a third, against 0.757 / 0.598 / 0.698 without it.
FEATURE_RUNS = [(13, 6)]


def _seed_epochs(text: str) -> tuple[int, int]:
    seed, _, epochs = text.partition(":")
    try:
        return int(seed), int(epochs)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not SEED:EPOCHS") from None


def soup_all(plain: Path, featured: Sequence[Path], out_dir: Path, *, plain_share: float, work: Path) -> dict:
    """The plain tagger at ``plain_share`` and the rule-feature taggers sharing the rest equally, averaged
    into ``out_dir`` (pairwise: the first two, then each further one at its share of what it joins)."""
    if not featured:
        raise ValueError("no rule-feature tagger to average with the plain one")
    features_mixed = featured[0]
    for i, extra in enumerate(featured[1:], start=1):
        step = work / f"features-soup-{i}"
        soup(features_mixed, extra, step, weight=i / (i + 1))
        features_mixed = step
    return soup(plain, features_mixed, out_dir, weight=plain_share)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Train onrecord's attribution tagger on PolNeAR train.")
    parser.add_argument("--data", type=Path, default=Path("../shared/data/polnear"), help="PolNeAR folder with train/")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where the weights and meta.json go")
    add_fit_options(parser)
    parser.add_argument("--soup", type=float, default=0.5,
                        help="share of the plain tagger in the average with the rule-feature one; 1 ships the plain tagger alone")
    parser.add_argument("--feature-lr", type=float, default=2e-4, help="learning rate of the rule-feature taggers")
    parser.add_argument("--feature-runs", nargs="+", default=FEATURE_RUNS, type=_seed_epochs, metavar="SEED:EPOCHS",
                        help="one rule-feature tagger per run, each with its seed and epochs")
    parser.add_argument("--rescore", action="store_true", help="only re-score the weights in --out on validation")
    args = parser.parse_args(argv)
    if not args.rescore:
        with tempfile.TemporaryDirectory() as tmp:
            prepared = Path(tmp) / "polnear_train.npz"
            print(json.dumps(prepare(args.data, prepared)), flush=True)
            options = fit_options(args)
            if args.soup >= 1.0:
                fit(prepared, args.out, base_dir=None, **options)
            else:
                plain = Path(tmp) / "plain"
                fit(prepared, plain, base_dir=None, **{**options, "features": False})
                featured = []
                for seed, epochs in args.feature_runs:
                    featured.append(Path(tmp) / f"featured-{seed}")
                    fit(prepared, featured[-1], base_dir=None, **{**options, "features": True, "lrs": [args.feature_lr],
                                                                   "epochs": epochs, "seed": seed, "budget_s": None})
                soup_all(plain, featured, args.out, plain_share=args.soup, work=Path(tmp))
        for stale in (READER_FILE, READER_META):  # a reader fits one tagger only
            (args.out / stale).unlink(missing_ok=True)
        print(json.dumps({"acceptance": refit(args.data, args.out)}), flush=True)
        fit_reader_main(["--data", str(args.data), "--weights", str(args.out)])
    rescore(args.data, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
