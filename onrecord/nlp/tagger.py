"""The trained attribution tagger: SOURCE, CUE and CONTENT spans from PolNeAR.

A transition-based span tagger (spaCy's NER machinery) with its own small
CNN encoder over word shape, affixes, part-of-speech and dependency labels.
It writes its spans to ``doc.spans["onrecord_tags"]`` and leaves ``doc.ents``
untouched (and unconstrained) for the entity recogniser that runs after it.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.pipeline import EntityRecognizer
from spacy.tokens import Doc

from ..errors import ModelError
from . import features  # noqa: F401  (registers onrecord.ContextEmbed.v1)

SPANS_KEY = "onrecord_tags"
LABELS = ("SOURCE", "CUE", "CONTENT")

# The encoder reads the parse (TAG, DEP) that runs before it, so its features
# see clause structure, not only words.
FEATURE_ATTRS = ["NORM", "PREFIX", "SUFFIX", "SHAPE", "TAG", "DEP"]
FEATURE_ROWS = [5000, 1000, 2500, 2500, 100, 100]

def model_config(*, context: bool, window: int = 1, hidden: int = 64) -> dict[str, Any]:
    """The tagger's network: a CNN encoder under spaCy's transition-based span model.

    Args:
        context: embed the context columns of ``onrecord.nlp.features`` (quotation
            state, cue lexicon, parse-rule role) next to the word and parse features.
        window: tokens each side every one of the 4 encoder layers looks at.
        hidden: width of the hidden layer that scores the transitions.
    """
    embed: dict[str, Any] = {
        "@architectures": "onrecord.ContextEmbed.v1" if context else "spacy.MultiHashEmbed.v2",
        "width": 128,
        "attrs": FEATURE_ATTRS,
        "rows": FEATURE_ROWS,
    }
    if not context:
        embed["include_static_vectors"] = False
    return {
        "@architectures": "spacy.TransitionBasedParser.v2",
        "state_type": "ner",
        "extra_state_tokens": False,
        "hidden_width": hidden,
        "maxout_pieces": 2,
        "use_upper": True,
        "nO": None,
        "tok2vec": {
            "@architectures": "spacy.Tok2Vec.v2",
            "embed": embed,
            "encode": {
                "@architectures": "spacy.MaxoutWindowEncoder.v2",
                "width": 128,
                "depth": 4,
                "window_size": window,
                "maxout_pieces": 3,
            },
        },
    }


DEFAULT_MODEL = model_config(context=True)


class AttributionTagger(EntityRecognizer):
    """An entity-recogniser-style tagger whose output goes to ``doc.spans``."""

    def set_annotations(self, docs: list[Doc], states_or_beams: Any) -> None:
        super().set_annotations(docs, states_or_beams)
        for doc in docs:
            doc.spans[SPANS_KEY] = list(doc.ents)
            # hand the tokens back as "missing", so the real NER is not constrained
            doc.set_ents([], default="missing")


@Language.factory(
    "onrecord_tagger",
    assigns=["doc.spans"],
    requires=["token.tag", "token.dep"],
    default_config={"model": DEFAULT_MODEL, "update_with_oracle_cut_size": 100},
)
def make_tagger(nlp: Language, name: str, model: Any, update_with_oracle_cut_size: int) -> AttributionTagger:
    """Factory for the trained tagger (weights come from ``onrecord/data/tagger``)."""
    return AttributionTagger(
        nlp.vocab,
        model,
        name=name,
        moves=None,
        update_with_oracle_cut_size=update_with_oracle_cut_size,
        incorrect_spans_key=None,
        scorer=None,
    )


def trained_tagger_path() -> Path | None:
    """Where the shipped tagger weights are, or None when the package has none."""
    path = Path(str(resources.files("onrecord").joinpath("data/tagger/model")))
    return path if (path / "model").is_file() else None


def add_trained_tagger(nlp: Language, path: Path | None = None) -> AttributionTagger:
    """Add the tagger after the lemmatizer (it reads the parse) and load its weights."""
    path = path or trained_tagger_path()
    if path is None:
        raise ModelError("no trained tagger weights in onrecord/data/tagger: run `make train`")
    for label in LABELS:
        nlp.vocab.strings.add(label)
    meta_path = path.parent / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.is_file() else {}
    # the network must be built as it was trained; meta.json records it
    model = meta.get("model", model_config(context=False))
    tagger = nlp.add_pipe("onrecord_tagger", after="lemmatizer", config={"model": model})
    tagger.from_disk(path, exclude=["vocab"])
    return tagger
