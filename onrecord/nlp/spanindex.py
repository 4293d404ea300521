"""Spans sorted by start: the ones overlapping a span, found without a pass over all of them.

The rules and the combination look up, for each of an article's spans, the
spans of another kind near it; a pass over all of them each time made a long
text (a transcript, a report) quadratic.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence


def covered(text: str, spans: Sequence[tuple[int, int]]) -> set[int]:
    """The positions of the non-space characters ``spans`` cover in ``text``."""
    return {i for a, b in spans for i in range(a, b) if not text[i].isspace()}


class SpanIndex:
    """Character spans ``(start, end)``, indexed by start."""

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        self.order = sorted(range(len(spans)), key=lambda i: spans[i][0])
        self.spans = [spans[i] for i in self.order]
        self.starts = [s for s, _ in self.spans]
        self.longest = max((e - s for s, e in spans), default=0)

    def overlapping(self, span: tuple[int, int]) -> list[int]:
        """Indices (into the spans as given, ascending) of those sharing a character with ``span``."""
        lo = bisect_left(self.starts, span[0] - self.longest)
        hi = bisect_left(self.starts, span[1])
        return sorted(
            self.order[k] for k in range(lo, hi) if min(self.spans[k][1], span[1]) > max(self.spans[k][0], span[0])
        )

    def containing(self, span: tuple[int, int]) -> list[int]:
        """Indices (ascending) of the spans that hold all of ``span``."""
        lo = bisect_left(self.starts, span[0] - self.longest)
        hi = bisect_left(self.starts, span[0] + 1)
        return sorted(
            self.order[k] for k in range(lo, hi) if self.spans[k][0] <= span[0] and span[1] <= self.spans[k][1]
        )

    def within(self, span: tuple[int, int], reach: int) -> list[int]:
        """Indices (ascending) of the spans that start or end within ``reach`` characters of ``span``
        or overlap it: a superset of those at distance ``reach`` or less."""
        lo = bisect_left(self.starts, span[0] - reach - self.longest)
        hi = bisect_left(self.starts, span[1] + reach + 1)
        return sorted(self.order[k] for k in range(lo, hi) if self.spans[k][1] >= span[0] - reach)


class OwnedSpans:
    """The spans of several items (an attribution's content spans, say), to find which items have one
    overlapping or holding a span."""

    def __init__(self, spans_of: Sequence[Sequence[tuple[int, int]]]) -> None:
        self.owner = [i for i, spans in enumerate(spans_of) for _ in spans]
        self.index = SpanIndex([span for spans in spans_of for span in spans])

    def overlapping(self, span: tuple[int, int]) -> list[int]:
        """Indices (ascending) of the items with a span that shares a character with ``span``."""
        return sorted({self.owner[k] for k in self.index.overlapping(span)})

    def containing(self, span: tuple[int, int]) -> list[int]:
        """Indices (ascending) of the items with a span that holds all of ``span``."""
        return sorted({self.owner[k] for k in self.index.containing(span)})
