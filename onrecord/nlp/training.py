"""Training the attribution tagger on PolNeAR train: ``make train`` runs this module.

Five steps: tokenise PolNeAR train (:func:`onrecord.nlp.encoder_fit.prepare`),
fine-tune the transformer tagger twice (:func:`onrecord.nlp.encoder_fit.fit`, on a
GPU when there is one, else in bfloat16 on a CPU that has it): once on the
text alone, once also reading the parse rules' findings; average the two into
one tagger (:func:`onrecord.nlp.encoder_fit.soup`), fit the acceptance model for that tagger on the
validation articles (:mod:`onrecord.nlp.acceptance_fit`), and score the whole
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

from ..evaluate import EvalReport, GoldDoc, load_polnear, score
from .acceptance_fit import refit
from .encoder_fit import DEFAULT_OUT, VALIDATION_EVERY, add_fit_options, fit, fit_options, prepare, soup


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


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Train onrecord's attribution tagger on PolNeAR train.")
    parser.add_argument("--data", type=Path, default=Path("../shared/data/polnear"), help="PolNeAR folder with train/")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where the weights and meta.json go")
    add_fit_options(parser)
    parser.add_argument("--soup", type=float, default=0.5,
                        help="share of the plain tagger in the average with the rule-feature one; 1 ships the plain tagger alone")
    parser.add_argument("--feature-lr", type=float, default=2e-4, help="learning rate of the rule-feature tagger")
    parser.add_argument("--feature-epochs", type=int, default=6, help="epochs of the rule-feature tagger")
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
                plain, featured = Path(tmp) / "plain", Path(tmp) / "featured"
                fit(prepared, plain, base_dir=None, **{**options, "features": False})
                fit(prepared, featured, base_dir=None,
                    **{**options, "features": True, "lrs": [args.feature_lr], "epochs": args.feature_epochs, "budget_s": None})
                soup(plain, featured, args.out, weight=args.soup)
        print(json.dumps({"acceptance": refit(args.data, args.out)}), flush=True)
    rescore(args.data, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
