"""Token features for the tagger that a window of words cannot see.

A CNN over word features sees a few tokens either side; whether a token sits
inside a quotation opened twenty words earlier, or inside the clause the parse
rules attribute to a cue, is beyond it. ``ContextEmbed`` embeds, next to the
usual lexical and parse attributes, three context columns per token:

- quotation state: outside, inside, opening mark, closing mark;
- cue lexicon: a speech/thought verb, "according", a nominal cue, or none;
- parse-rule role: inside a rule's content, source or cue, or none.

The rules are pure functions of the parse, so the features are the same in
training (parsed examples) and in use (the tagger runs after the parser).
"""

from __future__ import annotations

from typing import Any

import numpy
from spacy.ml.featureextractor import FeatureExtractor
from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import HashEmbed, Maxout, Model, chain, concatenate, list2ragged, ragged2list, with_array

from .attribution import find_attributions
from .lexicon import NOMINAL_CUES, OBJECT_CUES, PREP_CUES, SPEECH_VERBS
from .quotes import find_quotes

CONTEXT_COLUMNS = 3
CONTEXT_ROWS = 64  # hash rows per context column (each has at most 4 values)
_CACHE_KEY = "onrecord_context_features"
RULES_KEY = "onrecord_rule_attributions"


def _quote_states(doc: Doc) -> numpy.ndarray:
    states = numpy.zeros(len(doc), dtype="uint64")
    for q in find_quotes(doc.text):
        span = doc.char_span(q.start, q.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        states[span.start : span.end] = 1
        states[span.start] = 2
        states[span.end - 1] = 3
    return states


def _cue_flags(doc: Doc) -> numpy.ndarray:
    flags = numpy.zeros(len(doc), dtype="uint64")
    for tok in doc:
        lemma = tok.lemma_.lower()
        if tok.lower_ == "according":
            flags[tok.i] = 2
        elif tok.pos_ in ("VERB", "AUX") and (lemma in SPEECH_VERBS or lemma in OBJECT_CUES or lemma in PREP_CUES):
            flags[tok.i] = 1
        elif tok.pos_ == "NOUN" and lemma in NOMINAL_CUES:
            flags[tok.i] = 3
    return flags


def _rule_roles(doc: Doc) -> numpy.ndarray:
    roles = numpy.zeros(len(doc), dtype="uint64")
    found = find_attributions(doc)
    # the attribution component runs the same rules on the same parse: hand them over
    doc.user_data[RULES_KEY] = found
    for att in found:
        for value, spans in ((1, att.content), (2, [att.source] if att.source else []), (3, [att.cue] if att.cue else [])):
            for start, end in spans:
                span = doc.char_span(start, end, alignment_mode="expand")
                if span is not None:
                    roles[span.start : span.end] = value
    return roles


def context_columns(doc: Doc) -> numpy.ndarray:
    """(tokens × 3) uint64 context features of a parsed Doc, cached on the Doc."""
    cached = doc.user_data.get(_CACHE_KEY)
    if cached is not None and len(cached) == len(doc):
        return cached
    cols = numpy.stack([_quote_states(doc), _cue_flags(doc), _rule_roles(doc)], axis=1) if len(doc) else numpy.zeros((0, 3), dtype="uint64")
    doc.user_data[_CACHE_KEY] = cols
    return cols


def _with_context(attrs: list[str]) -> Model:
    """A feature extractor: the Doc's attribute array with the context columns appended."""
    base = FeatureExtractor(attrs)

    def forward(model: Model, docs: list[Doc], is_train: bool) -> tuple[list[Any], Any]:
        arrays, _ = base(docs, is_train)
        out = []
        for doc, arr in zip(docs, arrays):
            ctx = model.ops.asarray(context_columns(doc), dtype="uint64")
            out.append(model.ops.xp.hstack([arr, ctx]) if len(doc) else model.ops.alloc2i(0, len(attrs) + CONTEXT_COLUMNS, dtype="uint64"))
        return out, lambda d_features: []

    return Model("onrecord_context_features", forward, layers=[base])


@registry.architectures("onrecord.ContextEmbed.v1")
def context_embed(width: int, attrs: list[str], rows: list[int]) -> Model[list[Doc], list[Any]]:
    """MultiHashEmbed over ``attrs`` plus the three context columns, mixed by one Maxout layer."""
    if len(rows) != len(attrs):
        raise ValueError(f"rows ({len(rows)}) and attrs ({len(attrs)}) differ in length")
    all_rows = [*rows, *([CONTEXT_ROWS] * CONTEXT_COLUMNS)]
    embeddings = [HashEmbed(width, n, column=i, seed=8 + i, dropout=0.0) for i, n in enumerate(all_rows)]
    return chain(
        _with_context(attrs),
        list2ragged(),
        with_array(concatenate(*embeddings)),
        with_array(Maxout(width, width * len(embeddings), nP=3, dropout=0.0, normalize=True)),
        ragged2list(),
    )
