"""Transcripts: each speaker's turn is one attribution.

An interview or a broadcast transcript gives its speakers' words line by line
after their names in capitals ("WALLACE: Let's start with …", "PARK: We are
not going to raise taxes."), with no verb of saying for the rules or the
tagger to find. A line that opens so is that speaker's turn: the colon is its
cue, the name its source, the rest of the line its content, and whatever the
rules or the tagger found inside the line (a quotation the speaker read out,
a claim the speaker reported) is the turn's content, not an attribution of
its own, since attribution is outermost only (as PolNeAR annotates it).

Only where an article has at least two such lines whose labels name someone
(a label that opens two lines, ends another, or whose last word the article
writes as a name inside a sentence): one "CORRECTION:" or "BYLINE:" line is an
editor's note, "PROS:" and "CONS:" name nobody, and the labels editors use
are never speakers. A transcript quoted whole by an attribution before it ("a
partial transcript is as follows:") stays that attribution's content.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from spacy.tokens import Doc

from .attribution import Attribution, doc_text
from .combine import sentence_of

_LABEL = r"[A-Z][A-Z.'’\- ]{0,38}"  # a name in capitals, up to its last character
_TURN = re.compile(rf"^[ \t]*[\"“]?(?P<label>{_LABEL}[A-Z.])[ \t]*:[ \t]+(?P<rest>\S[^\n]*)", re.MULTILINE)
_LABELLED = re.compile(rf"{_LABEL}:\s")  # any label, a questioner's "Q:" too
# what editors put before a colon at the start of a line; never a speaker
EDITORIAL_LABELS = frozenset(
    """CORRECTION CORRECTIONS CLARIFICATION UPDATE UPDATED BYLINE DATELINE VIDEO VIDEOS PHOTO PHOTOS WATCH
    READ RELATED NOTE SOURCE SOURCES LISTEN ADVERTISEMENT BREAKING EXCLUSIVE ANALYSIS OPINION EDITORIAL
    SPONSORED CREDIT GRAPHIC MAP CHART AUDIO TRANSCRIPT DISCLOSURE ADVERTISING""".split()
) | {"EDITOR'S NOTE", "EDITOR’S NOTE", "READ MORE", "WATCH NOW", "FULL TRANSCRIPT"}
MIN_TURNS = 2
_CLOSING = "\"”’' \t\r"
_OPENING = "\"“‘' \t"


@dataclass(frozen=True, slots=True)
class Turn:
    """One speaker's turn of a transcript, in character offsets."""

    label: tuple[int, int]  # the speaker's name (an interviewee's, in the introduction)
    colon: tuple[int, int]
    start: int  # where the turn's line opens: its label, or an answer's "A"
    content: tuple[tuple[int, int], ...]  # the rest of the line, and the paragraphs that go on with it


def turns(text: str) -> list[Turn]:
    """The transcript turns of ``text``: none unless there are at least :data:`MIN_TURNS`.

    A turn goes on over the paragraphs after its line up to the next speaker's, and stops at another
    label ("Q:") or a stage direction ("(CROSSTALK.)", "(END VIDEO CLIP.)", "…"); the last turn is its
    line alone, since the article's own text may follow it."""
    lines = []
    for m in _TURN.finditer(text):
        label = m.group("label")
        if label in EDITORIAL_LABELS or len(label.split()) > 4 or sum(ch.isalpha() for ch in label) < 2:
            continue
        rest = _trimmed(text, m.start("rest"), m.end("rest"))
        if rest is not None:
            colon = text.index(":", m.end("label"))
            lines.append(((m.start("label"), m.end("label")), (colon, colon + 1), rest))
    labels = [text[a:b] for (a, b), _, _ in lines]
    lines = [(label[0], label, colon, rest) for label, colon, rest in lines]
    named = {label: _names_someone(text, label, labels) for label in set(labels)}
    lines = [line for line, label in zip(lines, labels) if named[label]]
    if len(lines) < MIN_TURNS:
        return []
    return _continued(text, lines)


_Line = tuple[int, tuple[int, int], tuple[int, int], tuple[int, int]]  # start, label, colon, the rest


def _continued(text: str, lines: list[_Line]) -> list[Turn]:
    """Turns of ``lines``, each going on over the paragraphs up to the next line, stopping at another
    label or a stage direction; the last one is its line alone."""
    found = []
    for i, (start, label, colon, rest) in enumerate(lines):
        content = [rest]
        if i + 1 < len(lines):
            for para in re.finditer(r"[^\n]+", text[rest[1] : lines[i + 1][0]]):
                piece = _trimmed(text, rest[1] + para.start(), rest[1] + para.end())
                if piece is None:
                    continue
                if _stage_direction(text[piece[0] : piece[1]]) or _LABELLED.match(text, piece[0]):
                    break  # a stage direction, or another speaker's line ("Q:")
                content.append(piece)
        found.append(Turn(label=label, colon=colon, start=start, content=tuple(content)))
    return found


_ANSWER = re.compile(r"^[ \t]*(?P<a>A|ANSWER)[ \t]*(?P<colon>:)[ \t]+(?P<rest>\S[^\n]*)", re.MULTILINE)
_QUESTION = re.compile(r"^[ \t]*(?:Q|QUESTION)[ \t]*:", re.MULTILINE)


def answers(doc: Doc) -> list[Turn]:
    """The answers of a question-and-answer interview ("Q: … A: …") as the interviewee's turns: the person
    the text before the first question names most often (by surname), whose first full mention there is
    each turn's label. None without a question and two answers, or without a person before the first
    question. PolNeAR annotates most such interviews by what is attributed inside the answers, so
    this is a setting (``Settings.interview_answers``), off by default."""
    text = doc_text(doc)
    first_question = _QUESTION.search(text)
    found = list(_ANSWER.finditer(text))
    if first_question is None or len(found) < MIN_TURNS:
        return []
    who = _interviewee(doc, first_question.start())
    if who is None:
        return []
    lines = []
    for m in found:
        rest = _trimmed(text, m.start("rest"), m.end("rest"))
        if rest is not None:
            lines.append((m.start("a"), who, (m.start("colon"), m.end("colon")), rest))
    return _continued(text, lines) if len(lines) >= MIN_TURNS else []


def _interviewee(doc: Doc, end: int) -> tuple[int, int] | None:
    """The first full mention, before ``end``, of the person named there most often by surname."""
    people = [ent for ent in doc.ents if ent.label_ == "PERSON" and ent.end_char <= end]
    if not people:
        return None
    text = doc_text(doc)[:end]
    counts = {ent.text.split()[-1]: len(re.findall(rf"\b{re.escape(ent.text.split()[-1])}\b", text)) for ent in people}
    surname = max(counts, key=lambda name: (counts[name], -text.find(name)))
    mentions = [ent for ent in people if ent.text.split()[-1] == surname]
    full = next((ent for ent in mentions if len(ent.text.split()) > 1), mentions[0])
    return full.start_char, full.end_char


def _names_someone(text: str, label: str, labels: list[str]) -> bool:
    """Whether a label is someone's name: it opens two lines or more ("WALLACE:"), it ends another
    label ("BENENSON" and "JOEL BENENSON"), or the article writes its last word as a name inside a
    sentence ("TRUMP" and "… said Trump"). "PROS:" and "CONS:", "WHEN:" and "WHERE:" are not."""
    last = label.split()[-1]
    if labels.count(label) >= 2 or any(other != label and other.split()[-1] == last for other in labels):
        return True
    return re.search(rf"[a-z,;]\s+{re.escape(last.title())}\b", text) is not None


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    """``start``-``end`` without the quote marks and spaces around it; None when nothing is left."""
    while start < end and text[start] in _OPENING:
        start += 1
    while end > start and text[end - 1] in _CLOSING:
        end -= 1
    return (start, end) if start < end else None


def _stage_direction(line: str) -> bool:
    """"(CROSSTALK.)", "(BEGIN VIDEO CLIP.)", "…": no one's words."""
    bracketed = line.startswith(("(", "[")) and line.rstrip(".").endswith((")", "]"))
    return bracketed or not any(ch.isalpha() for ch in line)


def with_turns(doc: Doc, found: list[Attribution], *, interview_answers: bool = False) -> list[Attribution]:
    """``found`` with each transcript turn of the Doc as an attribution: what was found inside a turn's
    line gives way to it, and a content running into the line from outside ends before it. With
    ``interview_answers``, the "A:" answers of a question-and-answer interview are turns too
    (:func:`answers`)."""
    text = doc_text(doc)
    all_turns = sorted(turns(text) + (answers(doc) if interview_answers else []), key=lambda t: t.start)
    if not all_turns:
        return found
    first = all_turns[0].start
    # a transcript quoted whole: an attribution cued before it whose content holds its first line
    if any(a.cue is not None and a.cue[1] <= first and a.content_start() <= first < a.content_end() for a in found):
        return found
    lines = [(t.start, t.content[-1][1]) for t in all_turns]
    starts = [start for start, _ in lines]
    kept = []
    for att in found:
        probe = att.cue or att.source or (att.content_start(), att.content_start() + 1)
        i = bisect_right(starts, probe[0]) - 1
        if i >= 0 and probe[0] < lines[i][1]:
            continue  # inside a turn: the turn's content
        att.content = [piece for span in att.content for piece in _outside(span, lines)]
        if att.content:
            kept.append(att)
    sentence_starts = [sent.start_char for sent in doc.sents]
    for turn in all_turns:
        label = doc.char_span(*turn.label, alignment_mode="expand")
        kept.append(Attribution(
            cue=turn.colon, cue_lemma=":", source=turn.label, content=list(turn.content), kind="direct",
            sentence=sentence_of(sentence_starts, turn.colon[0]),
            source_head=label[-1].i if label is not None and len(label) else None,
        ))
    kept.sort(key=lambda a: (a.content_start(), a.cue or (0, 0)))
    return kept


def _outside(span: tuple[int, int], lines: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The parts of ``span`` outside every one of ``lines``."""
    parts = [span]
    for low, high in lines:
        parts = [piece for a, b in parts for piece in ((a, min(b, low)), (max(a, high), b)) if piece[0] < piece[1]]
    return parts
