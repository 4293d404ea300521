"""Where a content's span ends: the tidying every attribution's content spans get, on the text alone.

A content never counts a character twice (:func:`disjoint`), takes in the closing mark of a quotation it
opens (:func:`close_quotes`), and neither opens on the writer's linking conjunction
(:func:`drop_opening_conjunction`) nor ends on the next clause's opener (:func:`drop_dangling_end`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .quotes import Quote


def disjoint(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted spans with the overlapping ones merged: one content never counts a character twice."""
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if out and start < out[-1][1]:
            out[-1] = (out[-1][0], max(end, out[-1][1]))
        else:
            out.append((start, end))
    return out


_OPENING_CONJUNCTIONS = ("And ", "But ", "Yet ", "Still, ")


def drop_opening_conjunction(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """'[And] if Clinton is the nominee, he would …': a sentence-opening conjunction links the writer's
    sentences; it is no part of what the source said."""
    start, end = span
    for word in _OPENING_CONJUNCTIONS:
        if text.startswith(word, start) and end - start > len(word) + 2:
            return start + len(word), end
    return span


_DANGLING_END = re.compile(r"[\s,;—–-]+(?:which|who|whom|whose|where|when|that|and|but|or|as|while|although)$", re.IGNORECASE)


def drop_dangling_end(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """'Hillary Clinton's “public option”[, which]': a clause opener the content stops right after
    belongs to the next clause, not to the content."""
    start, end = span
    cut = _DANGLING_END.search(text, start, end)
    if cut is None or cut.start() - start < 3:
        return span
    return start, cut.start()


def close_quotes(text: str, span: tuple[int, int], quotes: Sequence[Quote]) -> tuple[int, int]:
    """Extend a content span over the closing mark of a quote it opens ('… “absolutely unacceptable.”')."""
    start, end = span
    for q in quotes:
        if start <= q.start < end < q.end and not text[end : q.end].strip(" .,;:!?”’\"»"):
            end = q.end
    return start, end
