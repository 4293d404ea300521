"""Training the attribution tagger on PolNeAR train: ``make train`` runs this module.

Reproducible: a fixed seed, a fixed split of the train folder into a training
part and a validation part (every 10th article, by name), and the weights plus
a ``meta.json`` with the scores written to ``onrecord/data/tagger``. The dev
split is never used to choose anything here; ``onrecord eval polnear`` scores
it afterwards.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.training import Example
from spacy.util import filter_spans, minibatch

from ..evaluate import EvalReport, GoldDoc, load_polnear, score
from .tagger import LABELS, SPANS_KEY, model_config

DEFAULT_OUT = Path(__file__).resolve().parents[1] / "data" / "tagger"
VALIDATION_EVERY = 10  # every 10th training article (by name) is held out for validation
ROLE_LABEL = {"source": "SOURCE", "cue": "CUE", "content": "CONTENT"}


def reference_doc(predicted: Doc, gold: GoldDoc) -> Doc:
    """The gold spans of one article as non-overlapping SOURCE/CUE/CONTENT entities.

    The tagger cannot cross a sentence boundary, so a span that does (a quote
    of several sentences) becomes one fragment per sentence; the decoder joins
    fragments that only whitespace and punctuation separate.
    """
    doc = Doc(predicted.vocab, words=[t.text for t in predicted], spaces=[bool(t.whitespace_) for t in predicted])
    spans = []
    for att in gold.attributions:
        for role, label in ROLE_LABEL.items():
            for start, end in getattr(att, role):
                span = predicted.char_span(start, end, label=label, alignment_mode="expand")
                if span is None:
                    continue
                for sent in _sentence_pieces(span):
                    piece = _trimmed(sent)
                    if piece is not None:
                        spans.append(Span(doc, piece.start, piece.end, label=label))
    # overlaps come from nested or shared parts; the longest span wins
    doc.ents = filter_spans(spans)
    return doc


def _sentence_pieces(span: Span) -> list[Span]:
    """``span`` cut at the sentence starts of its Doc."""
    doc = span.doc
    cuts = [span.start] + [t.i for t in span[1:] if t.is_sent_start] + [span.end]
    return [Span(doc, a, b, label=span.label_) for a, b in zip(cuts, cuts[1:]) if b > a]


def _trimmed(span: Span | None) -> Span | None:
    """The span without edge whitespace or punctuation tokens (the tagger cannot start or end on them)."""
    if span is None:
        return None
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].is_space or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].is_space or doc[end - 1].is_punct):
        end -= 1
    return Span(doc, start, end, label=span.label_) if end > start else None


def split_names(names: Sequence[str]) -> tuple[list[str], list[str]]:
    """(training, validation) article names: every 10th, sorted by name, validates."""
    ordered = sorted(names)
    val = ordered[VALIDATION_EVERY - 1 :: VALIDATION_EVERY]
    held = set(val)
    return [n for n in ordered if n not in held], val


def parse_examples(nlp: Language, golds: Iterable[GoldDoc]) -> list[Example]:
    """Examples whose predicted Docs carry the parse the tagger reads (no NER)."""
    golds = list(golds)
    disabled = [p for p in nlp.pipe_names if p not in ("tok2vec", "tagger", "onrecord_paragraphs", "parser", "attribute_ruler", "lemmatizer")]
    with nlp.select_pipes(disable=disabled):
        predicted = list(nlp.pipe((g.text for g in golds), batch_size=32))
    return [Example(p, reference_doc(p, g)) for p, g in zip(predicted, golds)]


def span_scores(nlp: Language, examples: Sequence[Example]) -> dict[str, float]:
    """Exact span P/R/F1 of the tagger per label on already parsed examples."""
    tagger = nlp.get_pipe("onrecord_tagger")
    docs = [ex.predicted.copy() for ex in examples]
    for doc in docs:
        doc.set_ents([], default="missing")
    out: dict[str, float] = {}
    tp = {lab: 0 for lab in LABELS}
    npred = dict(tp)
    ngold = dict(tp)
    for doc, ex in zip(tagger.pipe(docs), examples):
        pred = {(s.start_char, s.end_char, s.label_) for s in doc.spans[SPANS_KEY]}
        gold = {(s.start_char, s.end_char, s.label_) for s in ex.reference.ents}
        for lab in LABELS:
            p = {x for x in pred if x[2] == lab}
            g = {x for x in gold if x[2] == lab}
            tp[lab] += len(p & g)
            npred[lab] += len(p)
            ngold[lab] += len(g)
    for lab in LABELS:
        prec = tp[lab] / npred[lab] if npred[lab] else 0.0
        rec = tp[lab] / ngold[lab] if ngold[lab] else 0.0
        out[lab] = round(2 * prec * rec / (prec + rec), 4) if prec + rec else 0.0
    return out


def build_nlp(*, context: bool = True, window: int = 1, hidden: int = 64) -> Language:
    """The full onrecord pipeline with a fresh, untrained tagger."""
    from . import components, tagger  # noqa: F401  (register the factories)
    from .model import load_base_model

    nlp = load_base_model()
    nlp.add_pipe("onrecord_paragraphs", before="parser")
    nlp.add_pipe("onrecord_tagger", after="lemmatizer", config={"model": model_config(context=context, window=window, hidden=hidden)})
    return nlp


def train(
    data_dir: Path,
    out_dir: Path,
    *,
    epochs: int,
    seed: int,
    dropout: float,
    context: bool = True,
    window: int = 1,
    hidden: int = 64,
    limit: int | None = None,
    log=print,
) -> dict:
    """Train the tagger on ``data_dir/train`` and write it to ``out_dir``.

    Returns:
        The metadata written beside the weights (scores per epoch, settings).
    """
    random.seed(seed)
    from thinc.api import fix_random_seed

    fix_random_seed(seed)
    nlp = build_nlp(context=context, window=window, hidden=hidden)
    network = model_config(context=context, window=window, hidden=hidden)
    golds = {g.name: g for g in load_polnear(data_dir / "train")}
    train_names, val_names = split_names(list(golds))
    if limit is not None:
        train_names, val_names = train_names[:limit], val_names[: max(limit // 10, 5)]
    t0 = time.perf_counter()
    train_ex = parse_examples(nlp, (golds[n] for n in train_names))
    val_ex = parse_examples(nlp, (golds[n] for n in val_names))
    log(f"parsed {len(train_ex)} training and {len(val_ex)} validation articles in {time.perf_counter() - t0:.0f} s")
    tagger = nlp.get_pipe("onrecord_tagger")
    tagger.initialize(lambda: train_ex, nlp=nlp)
    optimizer = nlp.create_optimizer()
    others = [p for p in nlp.pipe_names if p != "onrecord_tagger"]
    history = []
    best: tuple[float, bytes] | None = None
    for epoch in range(1, epochs + 1):
        random.shuffle(train_ex)
        losses: dict[str, float] = {}
        t0 = time.perf_counter()
        for batch in minibatch(train_ex, size=_words_batcher()):
            nlp.update(batch, sgd=optimizer, drop=dropout, losses=losses, exclude=others)
        with tagger.model.use_params(optimizer.averages):
            scores = span_scores(nlp, val_ex)
            weights = tagger.to_bytes()
        mean = sum(scores.values()) / len(scores)
        history.append({"epoch": epoch, "loss": round(float(losses.get("onrecord_tagger", 0.0)), 1), "validation_f1": scores})
        log(f"epoch {epoch}: loss {losses.get('onrecord_tagger', 0.0):.0f}, validation exact span F1 {scores} "
            f"({time.perf_counter() - t0:.0f} s)")
        if best is None or mean > best[0]:
            best = (mean, weights)
    assert best is not None
    tagger.from_bytes(best[1])
    out_dir.mkdir(parents=True, exist_ok=True)
    tagger.to_disk(out_dir / "model", exclude=["vocab"])
    (out_dir / "meta.json").write_text(json.dumps({"model": network}), encoding="utf-8")
    validation = validation_report(out_dir / "model", [golds[n] for n in val_names])
    meta = {
        "labels": list(LABELS),
        "model": network,
        "seed": seed,
        "epochs": epochs,
        "dropout": dropout,
        "training_articles": len(train_names),
        "validation_articles": len(val_names),
        "history": history,
        "best_validation_mean_f1": round(float(best[0]), 4),
        "validation": validation,
    }
    log(json.dumps(validation, indent=1))
    (out_dir / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return meta


def score_with(nlp: Language, golds: Sequence[GoldDoc]) -> EvalReport:
    """The evaluation scores of a pipeline on gold articles (text as read, no cleaning)."""
    from ..models import Article, digest
    from .convert import doc_to_statements

    predictions = []
    articles = [Article(id=digest(g.text), name=g.name, origin=g.name, text=g.text, content_hash="", cleaned=False) for g in golds]
    for article, doc in zip(articles, nlp.pipe((a.text for a in articles), batch_size=16)):
        predictions.extend(st.to_dict(doc=article.name) for st in doc_to_statements(doc, article))
    return score(golds, predictions)


def validation_report(tagger_path: Path, golds: Sequence[GoldDoc]) -> dict:
    """Scores on the validation articles with the tagger, and with the parse rules alone."""
    from . import build_pipeline

    out = {}
    for name, path in (("tagger_and_rules", tagger_path), ("rules_only", None)):
        report = score_with(build_pipeline(tagger_path=path), golds)
        d = report.to_dict()
        out[name] = {k: d[k] for k in ("content_lenient", "content_exact", "speaker_accuracy", "end_to_end")}
    return out


def rescore(data_dir: Path, out_dir: Path) -> dict:
    """Recompute the validation scores in ``out_dir/meta.json`` with the current decoding code."""
    golds = {g.name: g for g in load_polnear(data_dir / "train")}
    _, val_names = split_names(list(golds))
    meta_path = out_dir / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["validation"] = validation_report(out_dir / "model", [golds[n] for n in val_names])
    meta_path.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(meta["validation"], indent=1))
    return meta


def _words_batcher():
    """Batch sizes by words: an endless generator of the word budget per batch."""
    from spacy.util import compounding

    return (int(x) for x in compounding(4.0, 16.0, 1.02))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Train onrecord's attribution tagger on PolNeAR train.")
    parser.add_argument("--data", type=Path, default=Path("../shared/data/polnear"), help="PolNeAR folder with train/")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where the weights and meta.json go")
    parser.add_argument("--epochs", type=int, default=12)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--dropout", type=float, default=0.15)
    parser.add_argument("--no-context", action="store_true", help="word and parse features only (no context columns)")
    parser.add_argument("--window", type=int, default=1, help="tokens each side per encoder layer")
    parser.add_argument("--hidden", type=int, default=64, help="hidden width of the transition scorer")
    parser.add_argument("--limit", type=int, default=None, help="train on the first N articles only (quick runs)")
    parser.add_argument("--rescore", action="store_true", help="only re-score the tagger in --out on validation")
    args = parser.parse_args(argv)
    if args.rescore:
        rescore(args.data, args.out)
        return 0
    train(
        args.data, args.out, epochs=args.epochs, seed=args.seed, dropout=args.dropout, limit=args.limit, context=not args.no_context, window=args.window, hidden=args.hidden,
        log=lambda m: print(m, flush=True),
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
