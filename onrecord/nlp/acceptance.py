"""Which tagged contents no rule found stand: a logistic model over what the tagger and the parse say.

:mod:`onrecord.nlp.combine` proposes candidates of three origins: a tagged
content a rule claims (right 85 % of the time on validation), a rule
attribution the tagger did not touch (kept: it is where the tagger missed a
cue it had no example of, like "drew a red line"), and a tagged content no
rule found (right 57 % of the time). Whether one of the last is a real
attribution depends on more than the tagger's confidence in it: its
confidence in the cue and source, whether the cue is a speech verb, how far
it is, whether the content is quoted, …. :data:`FEATURES` are those signals;
:class:`Acceptance` holds a logistic model over them, fitted on the tagger's
validation articles (:mod:`onrecord.nlp.acceptance_fit`) and shipped as
``accept.json`` beside the tagger weights it was fitted for. Without one,
``combine`` falls back to a fixed confidence floor.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc

from ..errors import ModelError
from .attribution import Attribution, doc_text
from .lexicon import NOMINAL_CUES, OBJECT_CUES, SPEECH_VERBS
from .quotes import Quote
from .spanindex import SpanIndex

ACCEPT_FILE = "accept.json"
ORIGINS = ("claimed", "tagged", "rule")  # a rule claimed a tagged content; tagged only; rule only
_SAY = frozenset({"say", "tell", "add", "according"})
_PRONOUNS = frozenset({"he", "she", "they", "i", "we", "it", "you"})
_ENTITY_SOURCES = frozenset({"PERSON", "ORG", "GPE", "NORP"})
NO_CUE_DISTANCE = 500  # characters, standing in for a missing cue

FEATURES = (
    "content_confidence_min", "content_confidence_mean",
    "cue_confidence", "source_confidence",
    "has_source", "source_pronoun", "source_entity",
    "cue_in_lexicon", "cue_nominal", "cue_verb", "cue_noun", "cue_say",
    "log_distance", "log_length", "quoted_share", "spans", "cue_after",
    "starts_sconj", "starts_particle", "starts_nominal", "has_verb", "in_headline", "whole_sentence", "sentences",
)


@dataclass(frozen=True, slots=True)
class Candidate:
    """One proposed attribution and where it came from (one of ``ORIGINS``)."""

    attribution: Attribution
    origin: str


@dataclass(frozen=True, slots=True)
class Acceptance:
    """A fitted logistic model: keep a candidate when its probability reaches ``threshold``."""

    coef: tuple[float, ...]
    intercept: float
    threshold: float
    mean: tuple[float, ...]  # feature standardisation, as fitted
    scale: tuple[float, ...]

    def probability(self, features: Sequence[float]) -> float:
        z = self.intercept + sum(c * (x - m) / s for c, x, m, s in zip(self.coef, features, self.mean, self.scale))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def to_dict(self) -> dict:
        return {
            "features": list(FEATURES), "coef": list(self.coef), "intercept": self.intercept,
            "threshold": self.threshold, "mean": list(self.mean), "scale": list(self.scale),
        }

    @classmethod
    def from_dict(cls, data: Mapping) -> Acceptance:
        if list(data.get("features", ())) != list(FEATURES):
            raise ModelError("the acceptance model was fitted on other features: refit it (make train)")
        n = len(FEATURES)
        parts = {k: tuple(float(x) for x in data[k]) for k in ("coef", "mean", "scale")}
        if any(len(v) != n for v in parts.values()) or any(s <= 0 for s in parts["scale"]):
            raise ModelError("the acceptance model is damaged: one weight, mean and scale per feature")
        return cls(intercept=float(data["intercept"]), threshold=float(data["threshold"]), **parts)


def load_acceptance(path: Path) -> Acceptance:
    """Read an ``accept.json``; :class:`ModelError` when it is missing, unreadable or stale."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return Acceptance.from_dict(data)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ModelError(f"cannot read the acceptance model {path}: {exc}") from exc


class Confidences:
    """The tagger's span confidences of one Doc (``{(label, start, end): confidence}``), indexed by
    label and position, with the Doc's quotations: what :func:`features` looks up per candidate."""

    def __init__(self, sure: Mapping, quotes: Sequence[Quote]) -> None:
        by_label: dict[str, list[tuple[tuple[int, int], float]]] = {}
        for (label, start, end), value in sure.items():
            by_label.setdefault(label, []).append(((start, end), value))
        self.values = {label: [v for _, v in items] for label, items in by_label.items()}
        self.index = {label: SpanIndex([span for span, _ in items]) for label, items in by_label.items()}
        self.quotes = list(quotes)
        self.quote_index = SpanIndex([(q.start, q.end) for q in self.quotes])

    def of(self, label: str, spans: Sequence[tuple[int, int]]) -> list[float]:
        """Confidences of the ``label`` spans that overlap any of ``spans``, in the mapping's order."""
        if label not in self.index:
            return []
        hits = sorted({i for span in spans for i in self.index[label].overlapping(span)})
        return [self.values[label][i] for i in hits]

    def quotes_over(self, spans: Sequence[tuple[int, int]]) -> list[Quote]:
        return [self.quotes[i] for i in sorted({i for span in spans for i in self.quote_index.overlapping(span)})]


def features(doc: Doc, candidate: Candidate, quotes: Sequence[Quote], sure: Mapping | Confidences) -> list[float]:
    """The values of :data:`FEATURES` for one candidate (``sure``: the tagger's span confidences,
    as a mapping or, for many candidates of one Doc, prepared once as :class:`Confidences`)."""
    if not isinstance(sure, Confidences):
        sure = Confidences(sure, quotes)
    a = candidate.attribution
    text = doc_text(doc)
    content = a.content
    content_conf = sure.of("CONTENT", content)
    cue_conf = sure.of("CUE", [a.cue]) if a.cue else []
    source_conf = sure.of("SOURCE", [a.source]) if a.source else []
    cue_span = doc.char_span(*a.cue, alignment_mode="expand") if a.cue else None
    root = cue_span.root if cue_span is not None and len(cue_span) else None
    lemma = root.lemma_.lower() if root is not None else ""
    first_span = doc.char_span(*content[0], alignment_mode="expand")
    first = first_span[0] if first_span is not None and len(first_span) else None
    length = sum(e - s for s, e in content)
    near = sure.quotes_over(content)
    quoted = sum(min(e, q.end) - max(s, q.start) for s, e in content for q in near if q.start < e and s < q.end)
    if a.cue is None:
        distance = NO_CUE_DISTANCE
    elif any(s <= a.cue[0] < e for s, e in content):
        distance = 0
    else:
        distance = min(abs(a.cue[0] - content[-1][1]), abs(content[0][0] - a.cue[1]))
    tokens = [t for s, e in content for t in (doc.char_span(s, e, alignment_mode="expand") or ())]
    sent = first.sent if first is not None else None
    line_end = text.find("\n")
    source_text = text[a.source[0] : a.source[1]].lower() if a.source else ""
    values = (
        min(content_conf, default=0.0), sum(content_conf) / len(content_conf) if content_conf else 0.0,
        max(cue_conf, default=0.0), max(source_conf, default=0.0),
        a.source is not None, source_text in _PRONOUNS,
        a.source_head is not None and doc[a.source_head].ent_type_ in _ENTITY_SOURCES,
        lemma in SPEECH_VERBS or lemma in OBJECT_CUES, lemma in NOMINAL_CUES,
        root is not None and root.pos_ in ("VERB", "AUX"), root is not None and root.pos_ == "NOUN",
        lemma in _SAY,
        math.log1p(distance), math.log1p(length), quoted / max(length, 1), len(content),
        a.cue is not None and a.cue[0] >= content[-1][1],
        first is not None and first.pos_ == "SCONJ", first is not None and first.pos_ == "PART",
        first is not None and first.pos_ in ("DET", "PRON", "PROPN", "NOUN"),
        any(t.pos_ in ("VERB", "AUX") for t in tokens),
        line_end > 0 and content[0][0] < line_end,
        sent is not None and content[0][0] <= sent.start_char + 2 and content[-1][1] >= sent.end_char - 2,
        len({t.sent.start for t in tokens if t.is_sent_start or t is tokens[0]}),
    )
    return [float(v) for v in values]


def accept(doc: Doc, candidates: Sequence[Candidate], quotes: Sequence[Quote], sure: Mapping,
           model: Acceptance) -> list[Attribution]:
    """The candidates' attributions that stand, in order: the model judges the tagged contents no
    rule found (``judged``); the others stand."""
    prepared = Confidences(sure, quotes)
    return [
        c.attribution for c in candidates
        if not judged(c) or model.probability(features(doc, c, quotes, prepared)) >= model.threshold
    ]


def judged(candidate: Candidate) -> bool:
    """Whether the acceptance model decides on this candidate: a tagged content no rule found."""
    return candidate.origin == "tagged"
