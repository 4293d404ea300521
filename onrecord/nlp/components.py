"""onrecord's spaCy components, registered by name.

Add them to any English pipeline that has a tagger, parser, lemmatizer and NER:

    nlp.add_pipe("onrecord_paragraphs", before="parser")  # paragraph = sentence boundary
    nlp.add_pipe("onrecord_quotes")                       # doc._.onrecord_quotes
    nlp.add_pipe("onrecord_attribution")                  # doc._.onrecord_attributions
    nlp.add_pipe("onrecord_speakers")                     # fills each attribution's actors

``onrecord_attribution`` finds quotes itself when ``onrecord_quotes`` did not
run, so it can be used alone.
"""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from ..actors import Gazetteer, load_gazetteer
from .acceptance import Acceptance, load_acceptance
from .attribution import Attribution, doc_text, finalize, find_attributions
from .combine import combine, drop_contained
from .continued import continue_quotes, signed_quotes
from .quotes import find_quotes
from .speakers import resolve_speakers
from .encoder import RULES_KEY, SPANS_KEY, STATES_KEY
from .mentions import dateline_end
from .names import joined_at_particles, joined_organisations
from .positions import expletive
from .reread import ShippedReader, load_shipped_reader, reread
from .transcripts import with_turns

for _name in ("onrecord_quotes", "onrecord_attributions"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


def _ends_sentence(text: str) -> bool:
    return text in (".", "?", "!", "”", '"', "’", ":", ")")


def _starts_line(text: str) -> bool:
    return text[:1].isupper() or text[:1].isdigit() or text[:1] in "“\"‘'(["


@Language.component("onrecord_paragraphs", assigns=["token.is_sent_start"])
def paragraphs(doc: Doc) -> Doc:
    """Start a sentence at every paragraph break, and at a line break unless the text
    is hard-wrapped mid-sentence (the next line goes on in lower case). A dateline that opens a
    line ("BRUSSELS - European leaders gathered …") is a sentence of its own, so the parse does not
    take the place into the sentence's subject."""
    line_starts = [0] if len(doc) else []
    for tok in doc[:-1]:
        if tok.is_space and "\n" in tok.text:
            prev = doc[tok.i - 1].text if tok.i > 0 else "."
            nxt = doc[tok.i + 1].text
            if tok.text.count("\n") >= 2 or _ends_sentence(prev) or _starts_line(nxt):
                doc[tok.i + 1].is_sent_start = True
            line_starts.append(tok.i + 1)
    for start in line_starts:
        dash = dateline_end(doc, start)
        if dash is not None and dash + 1 < len(doc) and _starts_line(doc[dash + 1].text):
            doc[dash + 1].is_sent_start = True  # not "NATO - the alliance - said"
    return doc


@Language.component("onrecord_names", requires=["doc.ents"], assigns=["doc.ents"])
def names(doc: Doc) -> Doc:
    """Names the NER broke made whole: people's at a surname's particle ("Ursula von der" + "Leyen"),
    organisations' at a joining word ("The International Longshore and" + "Warehouse Union")."""
    people = joined_at_particles(doc)
    ents = people if people is not None else list(doc.ents)
    bodies = joined_organisations(ents)
    if bodies is not None or people is not None:
        doc.ents = bodies if bodies is not None else ents
    return doc


@Language.component("onrecord_quotes", assigns=["doc._.onrecord_quotes"])
def quotes(doc: Doc) -> Doc:
    """Mark every quotation span of the text."""
    doc._.onrecord_quotes = find_quotes(doc_text(doc))
    return doc


class AttributionComponent:
    """Find cues, sources and contents of every outermost attribution.

    When the trained tagger ran before (``doc.spans["onrecord_tags"]``), its
    contents decide what is attributed and the rules give them structure;
    ``acceptance`` (fitted for that tagger) decides which candidates stand,
    and ``reader`` (its content reader) reads each content again with its cue
    marked, from the hidden states the tagger left on the Doc.
    """

    def __init__(
        self, acceptance: Acceptance | None = None, reader: ShippedReader | None = None, *, interview_answers: bool = False
    ) -> None:
        self.acceptance = acceptance
        self.reader = reader
        self.interview_answers = interview_answers

    def __call__(self, doc: Doc) -> Doc:
        reused = doc.user_data.pop(RULES_KEY, None)  # the tagger ran the rules already for its features
        states = doc.user_data.pop(STATES_KEY, None)  # never left on the Doc: it is large
        if reused is not None:
            quotes, found = reused
        else:
            quotes = doc._.onrecord_quotes if doc._.onrecord_quotes is not None else find_quotes(doc_text(doc))
            found = find_attributions(doc, quotes)
        if SPANS_KEY in doc.spans:
            found = finalize(doc, combine(doc, found, quotes, acceptance=self.acceptance), quotes)
            if self.reader is not None and states is not None:
                found = reread(doc, found, quotes, self.reader, *states)
        found = signed_quotes(doc, continue_quotes(doc_text(doc), found, quotes), quotes)
        doc._.onrecord_attributions = with_turns(
            doc, drop_contained(doc_text(doc), tidy_edges(doc, whole_clause(doc, found))),
            interview_answers=self.interview_answers
        )
        return doc


_TIME_PREPOSITIONS = frozenset({"on", "in", "at", "during", "since", "earlier", "late", "early"})


_SEPARATORS = frozenset({",", ";", ":", "—", "–", "-", "--"})


def _without_time(doc: Doc, source: tuple[int, int]) -> tuple[int, int]:
    """A speaker mention without the time the parse or the tagger hung on its end: "The Republican
    challenger for governor on Monday" is the challenger ("The Class of 2016" keeps its year)."""
    span = doc.char_span(*source, alignment_mode="expand")
    if span is None or len(span) < 3:
        return source
    end = len(span)
    while end > 1 and span[end - 1].ent_type_ in ("DATE", "TIME"):
        end -= 1
    if end == len(span) or end < 2 or span[end - 1].lower_ not in _TIME_PREPOSITIONS:
        return source  # no time at the end, or no preposition before it, or nothing before that
    return (span.start_char, span[end - 2].idx + len(span[end - 2].text))


def _trimmed(doc: Doc, source: tuple[int, int]) -> tuple[int, int]:
    """A speaker mention without separators at its edges: "Gov. Tom Reyes," is "Gov. Tom Reyes" (a
    bracket or quote mark the mention closes stays: "Rep. Jason Chaffetz (R-Utah)")."""
    span = doc.char_span(*source, alignment_mode="expand")
    if span is None:
        return source
    first, last = 0, len(span)
    while first < last and (span[first].text in _SEPARATORS or span[first].is_space):
        first += 1
    while last > first and (span[last - 1].text in _SEPARATORS or span[last - 1].is_space):
        last -= 1
    if first == last or (first, last) == (0, len(span)):
        return source
    return span[first].idx, span[last - 1].idx + len(span[last - 1].text)


def _expletive_source(doc: Doc, source: tuple[int, int]) -> bool:
    """Whether a source is an "it" that stands for nothing: "It is not yet clear how many …", "it seems
    that …" has no source, as PolNeAR annotates it."""
    span = doc.char_span(*source, alignment_mode="expand")
    return span is not None and len(span) == 1 and expletive(span[0], span[0].head)


def _time_source(doc: Doc, source: tuple[int, int]) -> bool:
    """Whether a source is only a time, a passive's "by" taken for its agent: "A decision is expected by
    the end of June" has no source."""
    span = doc.char_span(*source, alignment_mode="expand")
    words = [t for t in span or () if not (t.is_punct or t.is_stop)]
    return bool(words) and all(t.ent_type_ in ("DATE", "TIME") for t in words)


def _article_source(doc: Doc, source: tuple[int, int]) -> bool:
    """Whether a source is only an article before a nominal cue: "the debunked claim that …", "the so called
    …", "a quip by a right-wing politician" name no one by "the" or "a" (a transcript's "A:" label stays)."""
    return doc_text(doc)[source[0] : source[1]] in ("the", "a", "an")


_CIRCUMSTANCES = frozenset({"after", "before", "amid", "despite", "following"})


def whole_clause(doc: Doc, found: list[Attribution]) -> list[Attribution]:
    """``found`` with a content that opens on a clause of circumstance hanging on words before it in its
    line's sentence, its cue after it, taking those words in: "[Negotiations stalled on Thursday] after
    wealthy countries refused …, delegates said" is what the delegates said, not only why (a dateline is
    then cut off by :func:`tidy_edges`). Not where another attribution holds any of those words."""
    text = doc_text(doc)
    for att in found:
        if att.cue is None or len(att.content) != 1 or att.cue[0] < att.content[0][1]:
            continue
        start, end = att.content[0]
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        first = span[0]
        if first.lower_ not in _CIRCUMSTANCES and first.i > 0 and doc[first.i - 1].lower_ in _CIRCUMSTANCES:
            first = doc[first.i - 1]  # the reader left the word itself out: "[after] wealthy countries refused"
        if first.lower_ not in _CIRCUMSTANCES or first.dep_ not in ("mark", "prep"):
            continue
        clause = first.head if first.dep_ == "mark" else first
        if clause.head.i >= first.i or clause.head.sent != first.sent:
            continue
        line = text.rfind("\n", 0, first.idx) + 1
        opening = next((t for t in first.sent if t.idx >= line and not (t.is_space or t.is_punct)), first)
        new_start = opening.idx
        if new_start >= first.idx or any(
                other is not att and a < first.idx and new_start < b
                for other in found for a, b in [*other.content, *([other.cue] if other.cue else [])]):
            continue
        att.content = [(new_start, end)]
    return found


def tidy_edges(doc: Doc, found: list[Attribution]) -> list[Attribution]:
    """``found`` with no content opening on a dateline ("PORTLAND, Ore. — The driver … did so
    deliberately, police said" is what police said, not where the story was filed; a content that is the
    dateline alone stands no more) and no speaker
    mention ending on a time (:func:`_without_time`) or a separator (:func:`_trimmed`), and no "it" that
    stands for nothing (:func:`_expletive_source`), a time (:func:`_time_source`) or an article
    (:func:`_article_source`) as a source."""
    for att in found:
        if att.source is not None and (_expletive_source(doc, att.source) or _time_source(doc, att.source)
                                       or _article_source(doc, att.source)):
            att.source, att.source_head = None, None
        if att.source is not None:
            att.source = _without_time(doc, _trimmed(doc, att.source))
        content = []
        for a, b in att.content:
            span = doc.char_span(a, b, alignment_mode="expand")
            first = span[0] if span is not None and len(span) else None
            opens_line = first is not None and (first.i == 0 or "\n" in doc[first.i - 1].text)
            dash = dateline_end(doc, first.i) if opens_line else None
            if dash is not None and b <= doc[dash].idx + len(doc[dash].text):
                continue  # the dateline alone ("OSLO"), which the tagger may take for a fragment of a content
            if dash is not None and dash + 1 < len(doc) and doc[dash + 1].idx < b and _starts_line(doc[dash + 1].text):
                a = doc[dash + 1].idx
            content.append((a, b))
        att.content = content
    return [att for att in found if att.content]


@Language.factory(
    "onrecord_attribution",
    default_config={"acceptance": None, "reader": None, "interview_answers": False},
    requires=["token.dep", "token.lemma", "token.pos"],
    assigns=["doc._.onrecord_attributions"],
)
def make_attribution(
    nlp: Language, name: str, acceptance: str | None, reader: str | None, interview_answers: bool
) -> AttributionComponent:
    """Factory: ``acceptance`` is an ``accept.json`` fitted for the tagger (none: a fixed confidence floor);
    ``reader`` the tagger's folder when its content reader should revise the contents (none: it does not);
    ``interview_answers``: a question-and-answer interview's answers are the interviewee's statements."""
    return AttributionComponent(
        load_acceptance(Path(acceptance)) if acceptance else None, load_shipped_reader(Path(reader)) if reader else None,
        interview_answers=interview_answers,
    )


class SpeakersComponent:
    """Resolve each attribution's source mention to actors (pronouns included), then its position."""

    def __init__(self, gazetteer: Gazetteer, *, positions: bool = True) -> None:
        self.gazetteer = gazetteer
        self.positions = positions

    def __call__(self, doc: Doc) -> Doc:
        if doc._.onrecord_attributions:
            resolve_speakers(doc, doc._.onrecord_attributions, self.gazetteer, positions=self.positions)
        return doc


@Language.factory(
    "onrecord_speakers",
    default_config={"actors_file": None, "positions": True},
    requires=["doc.ents", "doc._.onrecord_attributions"],
)
def make_speakers(nlp: Language, name: str, actors_file: str | None, positions: bool) -> SpeakersComponent:
    """Factory: the gazetteer is the built-in one, extended by ``actors_file`` if given;
    ``positions`` also works out each attribution's position (``onrecord.nlp.positions``)."""
    return SpeakersComponent(load_gazetteer(actors_file), positions=positions)
