"""Fitting the content reader (:mod:`onrecord.nlp.reader`) for a trained tagger: the last step of ``make train``.

1. **Examples.** Every PolNeAR train article is parsed and tagged once by the
   shipped tagger, keeping its hidden states after the reader's layer. Each
   gold attribution with a cue is one example: a window around the cue, the
   cue marked, the gold tags of that attribution's source, cue and content and
   of nothing else. Each cue the parse rules find that no gold attribution has
   is one more, tagged all ``O`` (a nested or mistaken cue). Every 10th
   article by name is held out for validation, as for the tagger.
2. **Fit.** The reader starts from the tagger's top layers and tag classifier
   (its cue marker from zero) and is trained for ``epochs`` epochs (AdamW,
   linear warm-up and decay, bfloat16 autocast where the CPU has it).
3. **Choose.** The whole pipeline is scored on the validation articles for
   each pair of ``confident`` and ``drop_below``; the pair with the best mean
   of lenient and exact content F1 and end-to-end F1 is written to
   ``reader.json`` with every pair's scores. The dev split is never read.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, replace
from pathlib import Path

import torch

from .encoder_fit import optimiser_step
from .encoder_model import TAGS, base_model_dir, bf16_supported, decode, gold_tags, read_trained_state, viterbi
from .reader import READER_FILE, READER_META, ContentReader, ReaderSettings, batch_rows, cue_pieces, reader_window

CONFIDENT = (0.9, 0.95, 0.98)
DROP_BELOW = (0.0, 0.05, 0.1)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def examples(data_dir: Path, weights_dir: Path, settings: ReaderSettings, *, limit: int | None = None) -> dict:
    """The tagger's states of every train article and the reader's examples, split into train and validation."""
    from ..polnear import load_polnear
    from . import build_pipeline
    from .attribution import find_attributions
    from .encoder import CLS_ID, SEP_ID
    from .encoder_model import load_tokenizer, load_trained, tag_scores_and_states
    from .quotes import find_quotes
    from .tag_features import rule_role_spans, wordpiece_features
    from .training import split_names

    golds = sorted(load_polnear(data_dir / "train"), key=lambda g: g.name)[:limit]
    _, held = split_names([g.name for g in golds])
    tagger = load_trained(weights_dir)
    tok = load_tokenizer()
    nlp = build_pipeline(tagger_path=None)
    parse_only = [n for n in nlp.pipe_names if n.startswith("onrecord_") and n != "onrecord_paragraphs"] + ["ner"]
    states: dict[str, torch.Tensor] = {}
    out: dict[str, list] = {"train": [], "validation": []}
    for gold, doc in zip(golds, nlp.pipe((g.text for g in golds), batch_size=16, disable=parse_only)):
        enc = tok.encode(gold.text, add_special_tokens=False)
        offsets = [tuple(o) for o in enc.offsets]
        quotes = find_quotes(gold.text)
        rules = find_attributions(doc, quotes)
        feats = wordpiece_features(offsets, rule_role_spans(rules), quotes) if tagger.features else None
        _, hidden = tag_scores_and_states(tagger, enc.ids, CLS_ID, SEP_ID, feats=feats, layer=settings.layer)
        states[gold.name] = hidden.to(torch.bfloat16)
        starts, ends = [a for a, _ in offsets], [b for _, b in offsets]
        split = out["validation" if gold.name in held else "train"]

        def add(cue: tuple[int, int], spans: list) -> None:
            first, last = cue_pieces(starts, ends, cue)
            start, end = reader_window(len(offsets), first, last, settings)
            split.append((gold.name, start, end, first, last, gold_tags(end - start, offsets[start:end], spans)))

        gold_cues = []
        for att in gold.attributions:
            if not att.cue:
                continue
            cue = (min(s for s, _ in att.cue), max(e for _, e in att.cue))
            gold_cues.append(cue)
            add(cue, [("CONTENT", s, e) for s, e in att.content] + [("CUE", s, e) for s, e in att.cue]
                + [("SOURCE", s, e) for s, e in att.source])
        for rule in rules:
            if rule.cue is not None and not any(_overlaps(rule.cue, c) for c in gold_cues):
                add(tuple(rule.cue), [])
    return {"states": states, **out}


def _batch(rows: Sequence, states: dict[str, torch.Tensor]) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    x, mask, marks = batch_rows([(states[name], start, end, first, last) for name, start, end, first, last, _ in rows])
    target = torch.full(mask.shape, -100, dtype=torch.long)
    for i, (_, start, end, _, _, tags) in enumerate(rows):
        target[i, : end - start] = torch.tensor(tags)
    return x.float(), mask, marks, target


def content_f1(model: ContentReader, rows: Sequence, states: dict[str, torch.Tensor]) -> float:
    """Exact wordpiece-span F1 of the content the reader tags for each example's cue."""
    model.eval()
    tp = predicted = gold = 0
    with torch.inference_mode(), torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16_supported("cpu")):
        for i in range(0, len(rows), 128):
            chunk = rows[i : i + 128]
            x, mask, marks, _ = _batch(chunk, states)
            logp = model(x, mask, marks).float().log_softmax(-1)
            for (_, start, end, _, _, tags), scores in zip(chunk, logp):
                pieces = [(j, j + 1) for j in range(end - start)]
                p = {s for s in decode(viterbi(scores[: end - start]), pieces) if s[0] == "CONTENT"}
                g = {s for s in decode(tags, pieces) if s[0] == "CONTENT"}
                tp, predicted, gold = tp + len(p & g), predicted + len(p), gold + len(g)
    model.train()
    precision, recall = tp / max(predicted, 1), tp / max(gold, 1)
    return round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0


def fit_reader(
    data: dict, weights_dir: Path, settings: ReaderSettings, *, lr: float = 2e-4, epochs: int = 2, batch: int = 32,
    seed: int = 13, log=print,
) -> tuple[ContentReader, list[dict]]:
    """Train a reader from the tagger in ``weights_dir`` on :func:`examples`; returns it and each epoch's scores."""
    random.seed(seed)
    torch.manual_seed(seed)
    model = ContentReader(base_model_dir() / "config.json", layer=settings.layer)
    model.start_from_tagger(read_trained_state(weights_dir))
    params = list(model.parameters())
    optimizer = torch.optim.AdamW(params, lr=lr, weight_decay=0.01)
    train, states = data["train"], data["states"]
    total = epochs * ((len(train) + batch - 1) // batch)
    warmup = max(1, total // 16)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: min((step + 1) / warmup, max(0.0, (total - step) / max(total - warmup, 1)))
    )
    loss_fn = torch.nn.CrossEntropyLoss(ignore_index=-100)
    history = []
    for epoch in range(1, epochs + 1):
        began = time.perf_counter()
        order = list(range(len(train)))
        random.shuffle(order)
        running = 0.0
        for i in range(0, len(order), batch):
            x, mask, marks, target = _batch([train[j] for j in order[i : i + batch]], states)
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16_supported("cpu")):
                logits = model(x, mask, marks)
            loss = loss_fn(logits.float().reshape(-1, len(TAGS)), target.reshape(-1))
            running += optimiser_step(loss, optimizer, schedule, params)
        score = content_f1(model, data["validation"], states)
        history.append({"epoch": epoch, "loss": round(running, 2), "validation_content_f1": score})
        log(f"reader epoch {epoch}/{epochs}: loss {running:.1f}, validation content F1 {score} ({time.perf_counter() - began:.0f} s)")
    model.eval()
    return model, history


def save_reader(model: ContentReader, out_dir: Path) -> Path:
    """Write the reader's tensors beside the tagger: matrices as int8 rows with a scale each, the rest float16."""
    from safetensors.torch import save_file

    from .reader import quantise_rows

    path = out_dir / READER_FILE
    save_file(quantise_rows(model.state_dict()), str(path))
    return path


def choose(
    data_dir: Path, weights_dir: Path, settings: ReaderSettings, *, limit: int | None = None, log=print
) -> tuple[ReaderSettings, list[dict]]:
    """Score the pipeline on the validation articles for every ``confident`` and ``drop_below``; the best pair."""
    from ..polnear import load_polnear
    from . import build_pipeline
    from .training import score_with, split_names

    golds = sorted(load_polnear(data_dir / "train"), key=lambda g: g.name)[:limit]
    _, held = split_names([g.name for g in golds])
    golds = [g for g in golds if g.name in set(held)]
    keys = ("content_lenient", "content_exact", "end_to_end")
    scored = []
    for confident in CONFIDENT:
        for drop_below in DROP_BELOW:
            trial = replace(settings, confident=confident, drop_below=drop_below)
            (weights_dir / READER_META).write_text(json.dumps(asdict(trial)) + "\n", encoding="utf-8")
            report = score_with(build_pipeline(tagger_path=weights_dir), golds).to_dict()
            scores = {k: round(report[k]["f1"], 4) for k in keys}
            scored.append({"confident": confident, "drop_below": drop_below, **scores})
            log(json.dumps(scored[-1]))
    best = max(scored, key=lambda s: (sum(s[k] for k in keys), -s["drop_below"], -s["confident"]))
    return replace(settings, confident=best["confident"], drop_below=best["drop_below"]), scored


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Fit the content reader for the trained tagger in --weights.")
    parser.add_argument("--data", type=Path, default=Path("../shared/data/polnear"), help="PolNeAR folder with train/")
    parser.add_argument("--weights", type=Path, required=True, help="the trained tagger's folder; the reader is written there")
    parser.add_argument("--layer", type=int, default=ReaderSettings().layer)
    parser.add_argument("--window", type=int, default=ReaderSettings().window, help="wordpieces per window")
    parser.add_argument("--left", type=int, default=ReaderSettings().left, help="of them before the cue")
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--lr", type=float, default=2e-4)
    parser.add_argument("--limit", type=int, default=None, help="the first N train articles only (quick runs)")
    args = parser.parse_args(argv)
    settings = ReaderSettings(layer=args.layer, window=args.window, left=args.left)
    log = lambda m: print(m, flush=True)  # noqa: E731
    data = examples(args.data, args.weights, settings, limit=args.limit)
    log(f"{len(data['train'])} training examples, {len(data['validation'])} validation examples")
    model, history = fit_reader(data, args.weights, settings, lr=args.lr, epochs=args.epochs, log=log)
    save_reader(model, args.weights)
    chosen, scored = choose(args.data, args.weights, settings, limit=args.limit, log=log)
    meta = {**asdict(chosen), "lr": args.lr, "epochs": args.epochs, "history": history, "validation": scored}
    (args.weights / READER_META).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    log(json.dumps({"reader": asdict(chosen)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
