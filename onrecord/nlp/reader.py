"""The content reader: where one attribution's content begins and ends, read with its cue marked.

The tagger marks every source, cue and content of an article at once, so where
attributions sit close together or a content runs on, which words belong to
which cue is one guess it makes for all of them. The reader asks one cue at a
time. It takes the tagger's hidden states after layer ``layer`` over a window
around the cue (``left`` wordpieces before it, the rest of ``window`` after),
adds a learned marker to the cue's wordpieces, and runs the remaining
transformer layers (the tagger's own top layers, fine-tuned for this) to tag
that cue's source and content only, in the tagger's BIO ``TAGS``.

It reuses the tagger's lower layers, so it costs the upper ones over one
window per attribution, and it ships as one small file beside the tagger
(``reader.safetensors``: int8 weight rows with a scale each; its settings in
``reader.json``, with the validation scores they were chosen by).

:func:`revise` decides what a reading changes, and only on evidence: a
content the reader is sure of (every span's mean tag probability at least
``confident``) that overlaps the one found and lies inside the window with
room on both sides replaces it; an attribution whose cue the reader gives
almost no chance of being a cue (under ``drop_below``) is dropped.

Torch only; :func:`read` takes states and offsets, not a Doc.
"""

from __future__ import annotations

import json
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import torch
from torch import nn

from .encoder_model import TAGS, base_model_dir, decode_pieces, span_confidence, viterbi

READER_FILE = "reader.safetensors"
READER_META = "reader.json"
CUE_TAGS = slice(TAGS.index("B-CUE"), TAGS.index("I-CUE") + 1)


@dataclass(frozen=True, slots=True)
class ReaderSettings:
    """Where the reader sits on the tagger, its window, and when its reading counts."""

    layer: int = 3  # the tagger layer whose output it reads
    window: int = 80  # wordpieces per window
    left: int = 24  # of them before the cue
    confident: float = 0.9  # least mean tag probability of a content span that replaces the found one
    drop_below: float = 0.05  # an attribution whose cue the reader gives less chance than this is dropped


@dataclass(frozen=True, slots=True)
class Reading:
    """What the reader read for one cue (character offsets)."""

    content: tuple[tuple[int, int], ...]
    confidence: float  # the least mean tag probability of its content spans (0 when none)
    cue_probability: float  # mean probability, over the cue's wordpieces, of a cue tag
    window: tuple[int, int]  # the characters the window covers


class ContentReader(nn.Module):
    """The tagger's top layers over its states at ``layer``, with a marker on the cue's wordpieces."""

    def __init__(self, config_path: Path, *, layer: int, dropout: float = 0.1) -> None:
        super().__init__()
        from transformers import BertConfig
        from transformers.models.bert.modeling_bert import BertLayer

        config = BertConfig.from_json_file(str(config_path))
        config._attn_implementation = "sdpa"
        self.layer = layer
        self.marker = nn.Embedding(3, config.hidden_size)  # 0 elsewhere, 1 the cue's first wordpiece, 2 the rest
        nn.init.zeros_(self.marker.weight)  # training starts from the tagger's own reading
        self.layers = nn.ModuleList([BertLayer(config) for _ in range(config.num_hidden_layers - layer)])
        self.drop = nn.Dropout(dropout)
        self.head = nn.Linear(config.hidden_size, len(TAGS))

    def start_from_tagger(self, tagger_state: dict[str, torch.Tensor]) -> None:
        """Copy the tagger's layers above ``layer`` and its tag classifier."""
        own = {}
        for key, value in tagger_state.items():
            if key.startswith("bert.encoder.layer."):
                parts = key.split(".")
                index = int(parts[3])
                if index >= self.layer:
                    own[".".join(["layers", str(index - self.layer), *parts[4:]])] = value
            elif key.startswith("head."):
                own[key] = value
        missing, unexpected = self.load_state_dict(own, strict=False)
        if missing != ["marker.weight"] or unexpected:
            raise ValueError(f"the tagger's tensors do not fit the reader: missing {missing[:3]}, unexpected {unexpected[:3]}")

    def forward(self, states: torch.Tensor, mask: torch.Tensor, marks: torch.Tensor) -> torch.Tensor:
        x = states + self.marker(marks).to(states.dtype)
        additive = (1.0 - mask[:, None, None, :].to(x.dtype)) * -1e4
        for layer in self.layers:
            x = layer(x, attention_mask=additive)
        return self.head(self.drop(x.float()))


def reader_window(n: int, first: int, last: int, settings: ReaderSettings) -> tuple[int, int]:
    """Wordpieces [start, end) of the window for a cue on wordpieces [first, last) of ``n``."""
    start = max(0, first - settings.left)
    end = min(n, start + settings.window)
    return max(0, end - settings.window), end


def cue_pieces(starts: Sequence[int], ends: Sequence[int], cue: tuple[int, int]) -> tuple[int, int]:
    """Wordpieces [first, last) that the characters ``cue`` touch (at least one)."""
    first = max(0, bisect_right(ends, cue[0]))
    last = max(bisect_left(starts, cue[1]), first + 1)
    return min(first, len(starts) - 1), min(last, len(starts))


def windows(offsets: Sequence[tuple[int, int]], cues: Sequence[tuple[int, int]], settings: ReaderSettings) -> list[tuple[int, int, int, int]]:
    """Per cue: the wordpieces [start, end) of its window and [first, last) of the cue, of wordpieces at ``offsets``."""
    starts = [a for a, _ in offsets]
    ends = [b for _, b in offsets]
    rows = []
    for cue in cues:
        first, last = cue_pieces(starts, ends, cue)
        rows.append((*reader_window(len(offsets), first, last, settings), first, last))
    return rows


def batch_rows(
    rows: Sequence[tuple[torch.Tensor, int, int, int, int]]
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """States, mask and cue marks of windows (an article's states, start, end, cue first, cue last), padded to the longest."""
    width = max(end - start for _, start, end, _, _ in rows)
    x = torch.zeros((len(rows), width, rows[0][0].shape[-1]), dtype=rows[0][0].dtype)
    mask = torch.zeros((len(rows), width), dtype=torch.long)
    marks = torch.zeros((len(rows), width), dtype=torch.long)
    for i, (states, start, end, first, last) in enumerate(rows):
        x[i, : end - start] = states[start:end]
        mask[i, : end - start] = 1
        marks[i, first - start] = 1
        marks[i, first - start + 1 : last - start] = 2
    return x, mask, marks


@torch.inference_mode()
def read(
    model: ContentReader,
    states: torch.Tensor,
    offsets: Sequence[tuple[int, int]],
    cues: Sequence[tuple[int, int]],
    settings: ReaderSettings,
    *,
    batch: int = 32,
) -> list[Reading]:
    """One :class:`Reading` per cue: ``states`` are the tagger's at ``settings.layer``, one row per wordpiece at ``offsets``."""
    if not cues or not offsets:
        return [Reading((), 0.0, 1.0, (0, 0)) for _ in cues]  # nothing to read: no evidence either way
    rows = windows(offsets, cues, settings)
    out = []
    for i in range(0, len(rows), batch):
        chunk = rows[i : i + batch]
        x, mask, marks = batch_rows([(states, *row) for row in chunk])
        logp = model(x, mask, marks).float().log_softmax(-1)
        for (start, end, first, last), scores in zip(chunk, logp):
            scores = scores[: end - start]
            tags = viterbi(scores)
            window = offsets[start:end]
            spans = [(a, b, span_confidence(scores, tags, f, t)) for label, a, b, f, t in decode_pieces(tags, window) if label == "CONTENT"]
            cue_p = float(scores[first - start : last - start].exp()[:, CUE_TAGS].sum(-1).mean())
            out.append(Reading(
                content=tuple((a, b) for a, b, _ in spans),
                confidence=min((c for _, _, c in spans), default=0.0),
                cue_probability=cue_p,
                window=(window[0][0], window[-1][1]),
            ))
    return out


def revise(content: Sequence[tuple[int, int]], reading: Reading, settings: ReaderSettings) -> list[tuple[int, int]] | None:
    """The content an attribution keeps after ``reading``: its own, the reader's, or None (dropped)."""
    if reading.cue_probability < settings.drop_below:
        return None
    if not reading.content or reading.confidence < settings.confident:
        return list(content)
    low, high = reading.window
    inside = all(low <= a and b <= high for a, b in content)
    room = all(low < a and b < high for a, b in reading.content)
    overlaps = any(a < d and c < b for a, b in content for c, d in reading.content)
    return list(reading.content) if inside and room and overlaps else list(content)


def reader_settings(weights_dir: Path) -> ReaderSettings | None:
    """The settings of the reader shipped beside the tagger in ``weights_dir``, or None when it has none."""
    meta = weights_dir / READER_META
    if not (weights_dir / READER_FILE).is_file() or not meta.is_file():
        return None
    data = json.loads(meta.read_text(encoding="utf-8"))
    return ReaderSettings(**{k: data[k] for k in ReaderSettings.__dataclass_fields__ if k in data})


SCALE = ".row_scale"  # the float16 scale of each row of an int8 matrix


def quantise_rows(state: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    """Tensors to store: each weight matrix as int8 with one scale per row (its largest magnitude / 127),
    everything else as float16. The reader is a quarter the size of float32 and reads as it did."""
    out = {}
    for key, value in state.items():
        value = value.detach().to("cpu", torch.float32)
        if value.dim() == 2 and key.endswith(".weight") and not key.startswith("marker."):
            scale = value.abs().amax(dim=1, keepdim=True).clamp(min=1e-8) / 127.0
            out[key] = torch.round(value / scale).clamp(-127, 127).to(torch.int8).contiguous()
            out[key + SCALE] = scale.to(torch.float16).contiguous()
        else:
            out[key] = value.to(torch.float16).contiguous()
    return out


def dequantise_rows(stored: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    """:func:`quantise_rows` undone, in float32."""
    out = {}
    for key, value in stored.items():
        if key.endswith(SCALE):
            continue
        scale = stored.get(key + SCALE)
        out[key] = value.float() * scale.float() if scale is not None else value.float()
    return out


def load_reader(weights_dir: Path, settings: ReaderSettings, *, bf16: bool) -> ContentReader:
    """The shipped reader, in eval mode (bfloat16 where the CPU has it, its tag classifier float32)."""
    from safetensors.torch import load_file

    model = ContentReader(base_model_dir() / "config.json", layer=settings.layer)
    state = dequantise_rows(load_file(str(weights_dir / READER_FILE)))
    missing, unexpected = model.load_state_dict(state, strict=False)
    if missing or unexpected:
        raise ValueError(f"reader weights do not fit: missing {missing[:3]}, unexpected {unexpected[:3]}")
    model.eval()
    if bf16:
        model.to(torch.bfloat16)
        model.head.float()
    return model
