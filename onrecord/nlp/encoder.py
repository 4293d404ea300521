"""``onrecord_encoder``: the transformer tagger as a spaCy component.

It tags SOURCE, CUE and CONTENT spans with the fine-tuned all-MiniLM-L6-v2 of
:mod:`onrecord.nlp.encoder_model` and writes them to ``doc.spans["onrecord_tags"]``,
where :mod:`onrecord.nlp.combine` reads them. A tagger trained with rule
features (:mod:`onrecord.nlp.tag_features`) needs the parse: it runs the
parse rules first and leaves their attributions in
``doc.user_data[RULES_KEY]`` for ``onrecord_attribution`` to reuse. Where a
content reader ships beside the tagger (:mod:`onrecord.nlp.reader`), it also
leaves the hidden states the reader reads in ``doc.user_data[STATES_KEY]``,
which ``onrecord_attribution`` takes off the Doc again. It leaves every token
attribute alone.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import minibatch

from ..errors import ModelError

SPANS_KEY = "onrecord_tags"
CONFIDENCE_KEY = "onrecord_tag_confidence"  # (label, start_char, end_char) -> mean probability of its tags
RULES_KEY = "onrecord_rules"  # (quotes, rule attributions) the tagger's features were read from
STATES_KEY = "onrecord_states"  # (hidden states, wordpiece offsets) for the content reader; taken off by it
CLS_ID, SEP_ID = 101, 102


def encoder_weights_path() -> Path | None:
    """Where the shipped transformer tagger weights are, or None when the package has none."""
    path = Path(str(resources.files("onrecord").joinpath("data/encoder")))
    return path if any(path.glob("weights-*.safetensors")) else None


def split_lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """[start, end) cut at line breaks: a tagged span never runs from a headline or paragraph into the next."""
    out = []
    pos = start
    for line in text[start:end].split("\n"):
        stripped = line.strip()
        if stripped:
            a = pos + line.index(stripped)
            out.append((a, a + len(stripped)))
        pos += len(line) + 1
    return out


class EncoderTagger:
    """Callable pipeline component holding the tokenizer and the model (bfloat16, or float32 on CPUs without it)."""

    def __init__(self, weights: Path, *, precision: str = "auto", states: bool = True) -> None:
        from .encoder_model import load_tokenizer, load_trained
        from .reader import reader_settings

        try:
            self.model = load_trained(weights, precision=precision)
            self.tokenizer = load_tokenizer()
            settings = reader_settings(weights) if states else None
        except (OSError, ValueError, ImportError, RuntimeError) as exc:
            raise ModelError(f"cannot load the transformer tagger from {weights}: {exc}") from exc
        self.states_layer = settings.layer if settings is not None else None  # what the content reader reads

    def __call__(self, doc: Doc) -> Doc:
        from .encoder_model import decode_pieces, span_confidence, tag_scores_and_states, viterbi

        text = doc.text
        enc = self.tokenizer.encode(text, add_special_tokens=False)
        feats = None
        if getattr(self.model, "features", 0):
            from .tag_features import doc_rule_features

            quotes, rules, feats = doc_rule_features(doc, enc.offsets)
            doc.user_data[RULES_KEY] = (quotes, rules)
        scores, states = tag_scores_and_states(self.model, enc.ids, CLS_ID, SEP_ID, feats=feats, layer=self.states_layer)
        if states is not None:
            doc.user_data[STATES_KEY] = (states, enc.offsets)
        tags = viterbi(scores)
        spans = []
        confidence: dict[tuple[str, int, int], float] = {}
        starts = [t.idx for t in doc]
        ends = [t.idx + len(t) for t in doc]
        for label, start, end, piece_from, piece_to in decode_pieces(tags, enc.offsets):
            sure = span_confidence(scores, tags, piece_from, piece_to)
            for a, b in split_lines(text, start, end):
                # the tokens the characters [a, b) touch (doc.char_span's "expand", without its per-call cost)
                first = max(bisect_right(starts, a) - 1, 0)
                last = min(bisect_left(ends, b), len(doc) - 1)
                if last >= first:
                    span = Span(doc, first, last + 1, label=label)
                    spans.append(span)
                    confidence[(label, span.start_char, span.end_char)] = sure
        doc.spans[SPANS_KEY] = spans
        doc.user_data[CONFIDENCE_KEY] = confidence
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 16) -> Iterator[Doc]:
        for batch in minibatch(docs, size=batch_size):
            yield from (self(doc) for doc in batch)


@Language.factory(
    "onrecord_encoder", assigns=["doc.spans", "doc.user_data"], default_config={"weights": None, "precision": "auto", "states": False}
)
def make_encoder(nlp: Language, name: str, weights: str | None, precision: str, states: bool) -> EncoderTagger:
    """Factory: ``weights`` is a folder of ``weights-*.safetensors`` (default: the shipped one);
    ``precision`` one of :data:`~onrecord.nlp.encoder_model.PRECISIONS`; ``states`` keeps the hidden
    states the content reader shipped beside the tagger reads (:mod:`onrecord.nlp.reader`)."""
    path = Path(weights) if weights else encoder_weights_path()
    if path is None:
        raise ModelError("no transformer tagger weights in onrecord/data/encoder: run `make train`")
    return EncoderTagger(path, precision=precision, states=states)
