"""The layout of an actor's positions over time: one row per topic, one point per position.

Pure: position entries and a topic per entry in, coordinates out. The page
draws it as inline SVG (no script, nothing to load), each point a link to its
statement; stance gives the colour, a filled point is the holder's own voice,
a ring a position reported by someone else.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from ..models import PositionEntry

WIDTH = 720  # SVG user units; the page scales it to its column
LEFT = 14
RIGHT = 14
UNDATED_BAND = 70  # width kept at the right for positions without a date
TOP = 8
ROW_HEIGHT = 40  # a label line above a line of points
AXIS_HEIGHT = 26
RADIUS = 6
NUDGE = 9  # how far a point moves right from another at the same place
MAX_ROWS = 8  # topics shown as rows; the rest share one "other matters" row
OTHER = "other matters"


@dataclass(frozen=True, slots=True, kw_only=True)
class Point:
    x: float
    y: float
    stance: str
    own: bool  # the holder's own voice (filled) or reported by another (ring)
    entry: PositionEntry


@dataclass(frozen=True, slots=True, kw_only=True)
class Row:
    label: str
    y: float  # the line the points sit on
    count: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Chart:
    width: int
    height: int
    rows: tuple[Row, ...]
    points: tuple[Point, ...]
    ticks: tuple[Tick, ...]
    axis_y: float
    undated_x: float | None  # where undated points stand, when there are any


def _day(value: str | None) -> date | None:
    """The day an ISO 8601 date names; a month ("2025-10") or a year ("2025") stated alone, its first day."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10] if len(value) >= 10 else (value + "-01-01")[:10])
    except ValueError:
        return None


def layout(entries: Sequence[PositionEntry], topic_of: Mapping[int, str], *, max_rows: int = MAX_ROWS) -> Chart:
    """Place each entry on its topic's row at its date.

    Args:
        entries: the positions, in any order.
        topic_of: a topic label per storage key; an entry without one joins
            "other matters".
        max_rows: the most topic rows; smaller topics join "other matters".
    """
    counts = Counter(topic_of.get(e.key, OTHER) for e in entries)
    shown = [t for t, _ in sorted(counts.items(), key=lambda kv: (kv[0] == OTHER, -kv[1], kv[0])) if t != OTHER][:max_rows]
    label_of = {t: t for t in shown}
    labels = shown + ([OTHER] if any(topic_of.get(e.key, OTHER) not in label_of for e in entries) else [])
    rows = tuple(
        Row(label=label, y=TOP + i * ROW_HEIGHT + ROW_HEIGHT - 10,
            count=sum(1 for e in entries if label_of.get(topic_of.get(e.key, OTHER), OTHER) == label))
        for i, label in enumerate(labels)
    )
    row_y = {r.label: r.y for r in rows}
    days = [d for d in (_day(e.date) for e in entries) if d is not None]
    undated = any(_day(e.date) is None for e in entries)
    right = WIDTH - RIGHT - (UNDATED_BAND if undated else 0)
    first, last = (min(days), max(days)) if days else (None, None)
    span = max(((last - first).days if first and last else 0), 1)

    def x_of(d: date | None) -> float:
        if d is None:
            return WIDTH - RIGHT - UNDATED_BAND / 2
        if first == last:
            return (LEFT + right) / 2
        return LEFT + RADIUS + (right - LEFT - 2 * RADIUS) * (d - first).days / span  # type: ignore[operator]

    if not days:
        return _undated_only(entries, row_y, label_of, topic_of, rows)
    taken: Counter[tuple[float, float]] = Counter()
    points = []
    for e in sorted(entries, key=lambda e: (e.date is None, e.date or "", e.key)):
        y = row_y[label_of.get(topic_of.get(e.key, OTHER), OTHER)]
        x = x_of(_day(e.date))
        n = taken[(x, y)]
        taken[(x, y)] += 1
        points.append(Point(x=round(x + NUDGE * n, 1), y=y, stance=e.stance, own=e.voice == "own", entry=e))
    axis_y = TOP + len(rows) * ROW_HEIGHT + 6
    return Chart(
        width=WIDTH, height=int(axis_y + AXIS_HEIGHT), rows=rows, points=tuple(points),
        ticks=_ticks(first, last, x_of) if first else (), axis_y=axis_y,
        undated_x=x_of(None) if undated else None,
    )


def _undated_only(
    entries: Sequence[PositionEntry], row_y: dict[str, float], label_of: dict[str, str],
    topic_of: Mapping[int, str], rows: tuple[Row, ...],
) -> Chart:
    """No entry has a date: spread each row's points evenly across the width, in reading order."""
    by_row: dict[float, list[PositionEntry]] = {}
    for e in sorted(entries, key=lambda e: e.key):
        by_row.setdefault(row_y[label_of.get(topic_of.get(e.key, OTHER), OTHER)], []).append(e)
    inner = WIDTH - LEFT - RIGHT - 2 * RADIUS
    points = [
        Point(x=round(LEFT + RADIUS + inner * (i + 1) / (len(row) + 1), 1), y=y, stance=e.stance, own=e.voice == "own", entry=e)
        for y, row in by_row.items() for i, e in enumerate(row)
    ]
    axis_y = TOP + len(rows) * ROW_HEIGHT + 6
    return Chart(width=WIDTH, height=int(axis_y + AXIS_HEIGHT), rows=rows, points=tuple(points), ticks=(),
                 axis_y=axis_y, undated_x=WIDTH / 2)


def _ticks(first: date, last: date | None, x_of: Callable[[date | None], float]) -> tuple[Tick, ...]:
    """Up to five dated ticks, first and last included."""
    assert last is not None
    n = min(4, (last - first).days)
    if n <= 0:
        return (Tick(x=round(x_of(first), 1), label=first.isoformat()),)
    days = sorted({date.fromordinal(first.toordinal() + round(i * (last - first).days / n)) for i in range(n + 1)})
    return tuple(Tick(x=round(x_of(d), 1), label=d.isoformat()) for d in days)
