"""Quotation spans in raw text, including quotes that run across paragraphs.

Works on characters, not tokens, so the rules see exactly what a reader sees:
curly and straight double quotes, guillemets, and single curly quotes that
are not apostrophes. A quote left open at the end of a paragraph continues
when the next paragraph opens with a quote mark (the newspaper convention for
a quotation that runs over several paragraphs); otherwise it closes there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPENING = "“«„"
CLOSING = "”»"
STRAIGHT = '"'
ALL_MARKS = OPENING + CLOSING + STRAIGHT + "‘’"
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")


@dataclass(frozen=True, slots=True)
class Quote:
    """One quotation: ``start`` is the opening mark, ``end`` is just past the closing one."""

    start: int
    end: int

    def contains(self, pos: int) -> bool:
        return self.start <= pos < self.end


def _is_opening_straight(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([{—–-/:") and not after.isspace()


def _is_opening_single(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([{—–-“\"") and after.isalnum()


def _is_closing_single(text: str, i: int) -> bool:
    after = text[i + 1] if i + 1 < len(text) else " "
    # an apostrophe sits between letters (they’ve) or ends a plural possessive
    # followed by a noun; a closing quote is followed by space or punctuation
    return not after.isalnum()


def _paragraph_ends(text: str) -> list[int]:
    return [m.start() for m in _PARAGRAPH_BREAK.finditer(text)] + [len(text)]


def _next_paragraph_opens_quote(text: str, pos: int) -> bool:
    m = _PARAGRAPH_BREAK.match(text, pos)
    if not m:
        return False
    rest = text[m.end() : m.end() + 4].lstrip()
    return bool(rest) and (rest[0] in OPENING or rest[0] == STRAIGHT)


def _scan_double(text: str) -> list[Quote]:
    quotes: list[Quote] = []
    para_ends = _paragraph_ends(text)
    open_at: int | None = None
    p = 0
    i = 0
    n = len(text)
    while i < n:
        while p < len(para_ends) - 1 and i >= para_ends[p]:
            if open_at is not None and not _next_paragraph_opens_quote(text, para_ends[p]):
                quotes.append(Quote(open_at, _rstrip_end(text, para_ends[p])))
                open_at = None
            p += 1
        ch = text[i]
        if open_at is None:
            if ch in OPENING or (ch == STRAIGHT and _is_opening_straight(text, i)):
                open_at = i
        elif ch in CLOSING or (ch == STRAIGHT and not _is_opening_straight(text, i)):
            quotes.append(Quote(open_at, i + 1))
            open_at = None
        elif ch in OPENING and not _starts_paragraph(text, i):
            # a second opening mark without a close: the first one was stray
            open_at = i
        i += 1
    if open_at is not None:
        quotes.append(Quote(open_at, _rstrip_end(text, n)))
    return [q for q in quotes if q.end - q.start > 2]


def _starts_paragraph(text: str, i: int) -> bool:
    j = i - 1
    while j >= 0 and text[j] in " \t":
        j -= 1
    return j < 0 or text[j] == "\n"


def _rstrip_end(text: str, end: int) -> int:
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end


def _scan_single(text: str, inside: list[Quote]) -> list[Quote]:
    quotes: list[Quote] = []
    i = 0
    n = len(text)
    while i < n:
        if text[i] == "‘" and _is_opening_single(text, i) and not any(q.contains(i) for q in inside):
            j = i + 1
            limit = min(n, i + 600)
            while j < limit and text[j] != "\n":
                if text[j] == "’" and _is_closing_single(text, j):
                    quotes.append(Quote(i, j + 1))
                    i = j
                    break
                j += 1
        i += 1
    return quotes


_JOINER = "\u2060"


def find_quotes(text: str) -> list[Quote]:
    """All top-level quotations in ``text``, in order, as character spans."""
    # Some archives write a double quote as two apostrophes (''like this''):
    # read them as one straight quote without moving any offset.
    norm = text.replace("''", '"' + _JOINER) if "''" in text else text
    doubles = [Quote(q.start, q.end + 1) if norm[q.end : q.end + 1] == _JOINER else q for q in _scan_double(norm)]
    singles = _scan_single(text, doubles)
    return sorted(doubles + singles, key=lambda q: q.start)


def has_quote_mark(text: str) -> bool:
    """Whether ``text`` carries any double or curly quotation mark."""
    return any(ch in OPENING or ch in CLOSING or ch == STRAIGHT for ch in text)
