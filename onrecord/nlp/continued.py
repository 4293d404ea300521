"""A quotation that stands alone after an attribution is more of the same speaker's words.

News writes a long quotation as a run of paragraphs with one cue::

    “I’m very disappointed in the RNC,” Trump said.

    “I’m very disappointed in the RNC because for three debates now …”

or introduces it with a colon::

    Cruz called them on it:

    “The questions asked in this debate illustrate why …”

The quotation that stands alone (a whole sentence or more, nothing else in its
sentence, no cue of its own) belongs to the attribution just before it, and
PolNeAR annotates it so: one attribution whose content has several spans. Of
the 190 quotations opening a paragraph with nothing else in it in the training
articles, 81 belong to an attribution before them, 95 to a cue after them (the
pipeline finds most of those), 9 to a cue inside and 5 to no one. So where
nothing claimed the quotation, the attribution before it holds a quotation of
its own or ends in a colon, and nothing but the rest of its sentence lies
between, the quotation continues it: :func:`continue_quotes` joins each such
quotation (and a run of them) to that attribution, after the tagger and the
rules. On the training articles this made 22 contents match the gold leniently
that had not and unmade 1 (exact matches: 35 and 5); a question standing alone,
or a quotation of a word or two, is left alone (those it joined were wrong).

A quotation whose next paragraph opens with a dash and a name signs it::

    "Boeing and GE and other multinationals . . . pay zero taxes."

    - Sanders.

is that person's (:func:`signed_quotes`): the dash is the cue, the name the
source, as PolNeAR annotates all 8 such quotations of its training articles
(fact-check and convention-notebook formats).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Doc

from .attribution import Attribution, _kind, doc_text
from .combine import sentence_of
from .quotes import ALL_MARKS, Quote

_SENTENCE_ENDS = ".?!…"
MIN_WORDS = 3  # "Yesssss!" after a candidate's words is a supporter's
_ATTRIBUTION_DASHES = ("-", "—", "–")


def _stands_alone(text: str, q: Quote) -> bool:
    """The quotation is a sentence or more of its own: it opens a line or follows a sentence's end, its words
    end a sentence, and nothing but a line break follows it."""
    before = text[: q.start].rstrip(" \t\xa0")
    if before and not before.endswith("\n") and not before.rstrip(ALL_MARKS).endswith(tuple(_SENTENCE_ENDS)):
        return False
    inner = text[q.start : q.end].strip(ALL_MARKS + " ")
    if not inner.endswith(tuple(_SENTENCE_ENDS)) or len(inner.split()) < MIN_WORDS:
        return False
    if inner.endswith("?"):
        return False  # a question standing alone is as often the writer's, or a heckler's
    line_end = text.find("\n", q.end)
    rest = text[q.end : len(text) if line_end < 0 else line_end]
    if rest.strip(" \t\xa0"):
        return False
    after = text[len(text) if line_end < 0 else line_end :].lstrip()
    return not after.startswith(_ATTRIBUTION_DASHES)  # “…” / — Sanders: a cue after it


def _reach(a: Attribution) -> int:
    return max(a.content_end(), a.cue[1] if a.cue else 0)


def _no_sentence_end(words: str) -> bool:
    """No sentence ends inside ``words`` (at their very end aside; "Mr." and initials are no end), no line breaks."""
    return "\n" not in words and not any(
        words[i] in _SENTENCE_ENDS and words[i + 1] == " " and not words[max(i - 1, 0) : i].isupper()
        and not words[:i].endswith(("Mr", "Mrs", "Ms", "Dr", "Sen", "Rep", "Gov", "St"))
        for i in range(len(words) - 1)
    )


def _sentence_rest(between: str) -> bool:
    """``between`` is the rest of one sentence (possibly empty) and then at most one paragraph break."""
    head, _, tail = between.partition("\n")
    if tail.strip():
        return False
    words = head.strip()
    if not words:
        return True
    if not words.endswith(tuple(_SENTENCE_ENDS) + (":",)) and not words.rstrip(ALL_MARKS).endswith(tuple(_SENTENCE_ENDS)):
        return False
    return _no_sentence_end(words)


def _ended(text: str, a: Attribution) -> bool:
    """The attribution's words after its cue end a sentence ('interjecting, “Only Rosie O’Donnell.”'): what
    follows them is another sentence."""
    if a.cue is None or a.cue[1] > a.content_end():
        return False
    return text[a.content_start() : a.content_end()].rstrip(ALL_MARKS + " ").endswith(tuple(_SENTENCE_ENDS))


def _quoted(a: Attribution, quotes: Sequence[Quote]) -> bool:
    return any(q.start < e and s < q.end for s, e in a.content for q in quotes)


def _speaker_before(text: str, before: list[Attribution]) -> Attribution:
    """The attribution a standing quotation continues: the last before it, or in that one's sentence the last
    whose words are all quotation ('“…,” Trump told a rally, saying Clinton would “abolish the second
    amendment.”': Trump's words go on, not the participle's)."""
    last = max(before, key=_reach)
    same = [a for a in before if a is not last and _reach(a) <= last.content_start()
            and _no_sentence_end(text[_reach(a) : last.content_start()].strip())]
    direct = [a for a in same if a.kind == "direct"]
    return last if last.kind == "direct" or not direct else max(direct, key=_reach)


def continue_quotes(text: str, found: list[Attribution], quotes: Sequence[Quote]) -> list[Attribution]:
    """``found``, each attribution's content joined by the quotations that continue it (see the module)."""
    if not found or not quotes:
        return found
    claimed = [span for a in found for span in (*a.content, *([a.cue] if a.cue else []))]
    for q in quotes:
        if any(s < q.end and q.start < e for s, e in claimed) or not _stands_alone(text, q):
            continue
        before = [a for a in found if _reach(a) <= q.start]
        if not before:
            continue
        last = _speaker_before(text, before)
        between = text[_reach(last) : q.start]
        if not _sentence_rest(between) or (between.strip() and _ended(text, last)):
            continue
        if not (_quoted(last, quotes) or between.strip().endswith(":")):
            continue
        last.content.append((q.start, q.end))
        last.kind = _kind(text, last, quotes)
        claimed.append((q.start, q.end))
    return found


_SIGNATURE = re.compile(r"\n[ \t]*([-—–])[ \t]*([A-Z][^\n,.;:]{0,60})")
MAX_SIGNATURE_WORDS = 5  # "President Obama", "Bernie Sanders"; a longer run is a sentence, not a signature


def signed_quotes(doc: Doc, found: list[Attribution], quotes: Sequence[Quote]) -> list[Attribution]:
    """``found`` and an attribution for each quotation nothing claimed whose next paragraph opens with a dash
    and a name ("- Sanders.", "—President Obama, tweeting after Clinton's speech."): that person's words."""
    text = doc_text(doc)
    claimed = [span for a in found for span in (*a.content, *([a.cue] if a.cue else []))]
    added: list[Attribution] = []
    starts = None
    for match in _SIGNATURE.finditer(text):
        before = text[: match.start()].rstrip()
        quote = next((q for q in reversed(quotes) if q.end <= match.start() and q.end >= len(before)), None)
        if quote is None or any(s < quote.end and quote.start < e for s, e in claimed):
            continue
        name_start, name_end = match.start(2), match.start(2) + len(match.group(2).rstrip())
        name = doc.char_span(name_start, name_end, alignment_mode="contract")
        if name is None or not 0 < len(name) <= MAX_SIGNATURE_WORDS or not all(t.is_title or t.pos_ == "PROPN" for t in name):
            continue
        if starts is None:
            starts = [sent.start_char for sent in doc.sents]
        dash = match.start(1)
        added.append(Attribution(
            cue=(dash, dash + 1), cue_lemma="-", source=(name.start_char, name.end_char), source_head=name[-1].i,
            content=[(quote.start, quote.end)], kind="direct", sentence=sentence_of(starts, dash),
        ))
        claimed.append((quote.start, quote.end))
    if not added:
        return found
    return sorted([*found, *added], key=lambda a: (a.content_start(), a.cue or (0, 0)))
