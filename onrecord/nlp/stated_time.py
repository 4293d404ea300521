"""When a statement was made, where the article says so: "said on Tuesday", "During a debate in October,
she had said …", "Last month Cartwright had told reporters …", "he said then".

Two pure steps:

* :func:`time_words`: the words that date one attribution, read off the parse
  — a date the NER found whose head chain reaches the cue without passing
  through the content ("said *on Tuesday* that …", "in a *2019* interview"),
  or an adverb of the cue that points back ("then", "at the time",
  "earlier", "previously"). A date inside the content dates what is said,
  not the saying, and is never taken.
* :func:`resolve`: those words as an ISO 8601 date, as precise as they are
  ("2025-10-14", "2025-10", "2025"), counted back from the article's
  publication date where they are relative ("Tuesday" is the last Tuesday on
  or before it, "October" the last October, "last month" the month before).
  Without a publication date only words that name their year resolve. It
  also says whether the words point clearly before the article's own days
  ("last month", "in 2019", "then"), which orders two statements of one
  undated article.

"then" and "at the time" take the time of the statement before them in the
article that has one; where none has, they only say "before".
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date, timedelta

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the dates alone (:func:`resolve`) need no spaCy: the contests read them too
    from spacy.tokens import Doc, Span, Token

    from .attribution import Attribution

_CLIMB = 4  # head steps from a date's root up to the cue, at most
_NEAR = 30  # tokens between a date and the cue, at most
_BACK = frozenset({"then", "earlier", "previously", "once"})
_INHERIT = frozenset({"then", "at the time"})
_SPANS_OF_TIME = frozenset({"since", "until", "till", "over", "for", "through", "throughout", "by", "within", "after", "before"})
_MONTHS = {
    name: i + 1
    for i, names in enumerate(
        (("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
         ("july", "jul"), ("august", "aug"), ("september", "sept", "sep"), ("october", "oct"), ("november", "nov"),
         ("december", "dec"))
    )
    for name in names
}
_WEEKDAYS = {name: i for i, name in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))}
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
            "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "several": None, "few": None, "some": None}
_HEDGES = re.compile(r"^(?:(?:on|in|at|during|since|by|the|early|late|mid|earlier|later)\b[\s-]*)+")
_PARTS = re.compile(r"\s+(?:morning|afternoon|evening|night)$")


@dataclass(frozen=True)
class Resolved:
    """A statement's time: ``date`` (ISO 8601, full or partial; None where it cannot be counted) and
    ``before``: whether it lies clearly before the days the article reports (last week or earlier)."""

    date: str | None
    before: bool


@dataclass(frozen=True)
class StatedTime:
    """The words that date a statement (character offsets into the text) and what they resolve to."""

    start: int
    end: int
    resolved: Resolved


def _published_day(published: str | None) -> date | None:
    try:
        return date.fromisoformat(published[:10]) if published else None
    except ValueError:
        return None


def _month_back(day: date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 - months
    return index // 12, index % 12 + 1


def _count(word: str) -> int | None:
    return int(word) if word.isdigit() else _NUMBERS.get(word)


def resolve(words: str, published: str | None) -> Resolved | None:
    """``words`` (a time expression as written) as a date counted from ``published``; None when they
    name no point in the past (a duration, "next week", a season) or one before the calendar's first year."""
    try:
        told = _resolve(words, published)
    except (OverflowError, ValueError):  # counted back past year 1 from a publication date of year 1
        return None
    year = told.date[:4] if told is not None and told.date is not None else None
    if year is not None and (not year.isdigit() or year == "0000"):
        return None  # "9999 years ago", or year 0
    return told


def _resolve(words: str, published: str | None) -> Resolved | None:
    text = " ".join(re.findall(r"[a-z0-9]+", words.lower().replace("’", "'")))
    if text in _BACK or text == "at the time" or text == "in the past":
        return Resolved(None, True)
    text = _PARTS.sub("", _HEDGES.sub("", text)).strip()
    day = _published_day(published)
    if text in ("today", "this morning", "this afternoon", "this evening", "tonight", "morning", "afternoon", "evening"):
        return Resolved(day.isoformat() if day else None, False)
    if text in ("yesterday", "last night"):
        return Resolved((day - timedelta(days=1)).isoformat() if day else None, False)
    if text.removeprefix("last ") in _WEEKDAYS:
        if day is None:
            return Resolved(None, False)
        back = (day.weekday() - _WEEKDAYS[text.removeprefix("last ")]) % 7
        return Resolved((day - timedelta(days=back or (7 if text.startswith("last ") else 0))).isoformat(), False)
    if text in ("last week", "last month", "last year", "this year", "this month"):
        if day is None:
            return Resolved(None, text.startswith("last"))
        if text == "last week":
            return Resolved("%04d-%02d" % _month_back(day - timedelta(days=7), 0), True)
        if text == "last month":
            return Resolved("%04d-%02d" % _month_back(day, 1), True)
        if text == "this month":
            return Resolved("%04d-%02d" % _month_back(day, 0), False)
        return Resolved("%04d" % (day.year - (text == "last year")), text == "last year")
    ago = re.fullmatch(r"(\w+) (day|week|month|year)s? ago", text)
    if ago:
        n = _count(ago.group(1))
        if day is None or n is None:
            return Resolved(None, True)
        unit = ago.group(2)
        if unit == "day":
            return Resolved((day - timedelta(days=n)).isoformat(), n > 6)
        if unit == "week":
            return Resolved("%04d-%02d" % _month_back(day - timedelta(days=7 * n), 0), True)
        if unit == "month":
            return Resolved("%04d-%02d" % _month_back(day, n), True)
        return Resolved("%04d" % (day.year - n), True)
    if re.fullmatch(r"(?:19|20)\d\d", text):
        if day is not None and int(text) > day.year:
            return None  # a year to come dates no saying
        return Resolved(text, day is None or int(text) < day.year)
    return _calendar(text, day)


def _calendar(text: str, day: date | None) -> Resolved | None:
    """A month, with or without its day and year: "october", "oct 3", "october 3 2024", "last october"."""
    m = re.fullmatch(r"(?:last )?([a-z]+)(?: (\d{1,2})(?:st|nd|rd|th)?)?(?: (?:of )?((?:19|20)\d\d))?", text)
    if not m or m.group(1) not in _MONTHS:
        return None
    month, dom, year = _MONTHS[m.group(1)], m.group(2), m.group(3)
    if dom is not None and not 1 <= int(dom) <= 31:
        return None
    if year is None:
        if day is None:
            return Resolved(None, True)
        year = day.year if (month, int(dom or 1)) <= (day.month, day.day) or (month == day.month and dom is None) else day.year - 1
        if text.startswith("last ") and month == day.month:
            year = day.year - 1
    year = int(year)
    if dom is not None:
        try:
            stated = date(year, month, int(dom))
        except ValueError:
            return None
        if day is not None and stated > day:
            return None
        return Resolved(stated.isoformat(), day is None or (day - stated).days > 6)
    if day is not None and (year, month) > (day.year, day.month):
        return None
    return Resolved("%04d-%02d" % (year, month), day is None or (year, month) < (day.year, day.month))


def _reaches(token: Token, cue: Token, content: set[int]) -> bool:
    """Whether the date at ``token`` dates the cue: its head chain reaches the cue through no content word,
    no other verb ("said Klaar, who has mediated … since 2017") and no span of time ("over 18 months")."""
    for step in range(_CLIMB + 1):
        if token.i == cue.i:
            return True
        if token.i in content or token.head.i == token.i or (step and token.pos_ in ("VERB", "AUX")):
            return False
        if token.dep_ == "prep" and token.lower_ in _SPANS_OF_TIME:
            return False
        token = token.head
    return False


@dataclass(frozen=True)
class DateEntities:
    """The NER's dates and times of one Doc, in text order, and where each starts (token index): read once
    for all its attributions."""

    spans: list[Span]
    starts: list[int]

    @classmethod
    def of(cls, doc: Doc) -> DateEntities:
        spans = [ent for ent in doc.ents if ent.label_ in ("DATE", "TIME")]
        return cls(spans, [ent.start for ent in spans])

    def near(self, i: int) -> list[Span]:
        """Those starting within :data:`_NEAR` tokens of token ``i``."""
        return self.spans[bisect_left(self.starts, i - _NEAR) : bisect_right(self.starts, i + _NEAR)]


def time_words(doc: Doc, att: Attribution, dates: DateEntities | None = None) -> tuple[int, int] | None:
    """Character offsets of the words that date ``att`` (see the module's docstring), or None.
    ``dates``: :meth:`DateEntities.of` ``doc``, read once for all its attributions."""
    if att.cue is None:
        return None
    cue_span = doc.char_span(*att.cue, alignment_mode="expand")
    if cue_span is None or not len(cue_span):
        return None
    cue = cue_span.root
    content = {t.i for s, e in att.content for t in (doc.char_span(s, e, alignment_mode="expand") or ())}
    best = None
    for ent in (dates or DateEntities.of(doc)).near(cue.i):
        if ent.start in content:
            continue
        if _reaches(ent.root, cue, content) and (best is None or abs(ent.start - cue.i) < abs(best.start - cue.i)):
            best = ent
    if best is not None:
        return best.start_char, best.end_char
    for child in cue.children:
        if child.dep_ == "advmod" and child.lower_ in _BACK and child.i not in content:
            return child.idx, child.idx + len(child)
        if child.dep_ == "prep" and child.lower_ == "at" and child.i not in content:
            words = doc[child.i : child.right_edge.i + 1]
            if words.text.lower() == "at the time":
                return words.start_char, words.end_char
    return None


def stated_times(doc: Doc, atts: list[Attribution], published: str | None) -> list[StatedTime | None]:
    """The stated time of each attribution, in the order given (text order): "then" and "at the time"
    take the last earlier one's."""
    text = doc.text
    dates = DateEntities.of(doc)
    out: list[StatedTime | None] = []
    last: StatedTime | None = None
    for att in atts:
        words = time_words(doc, att, dates)
        written = text[words[0] : words[1]] if words is not None else ""
        resolved = resolve(written, published) if words is not None else None
        if words is None or resolved is None:
            out.append(None)
            continue
        if written.lower() in _INHERIT and last is not None:
            resolved = last.resolved
        stated = StatedTime(words[0], words[1], resolved)
        if resolved.date is not None or resolved.before:
            last = stated
        out.append(stated)
    return out
