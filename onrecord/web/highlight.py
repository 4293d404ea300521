"""An article's text cut into paragraphs of segments, each marked with the attribution role it plays.

Pure: text and statements in, records out; the template escapes every segment.
Statements may overlap (one statement's speaker inside another's content): a
segment takes the role of the narrowest span covering it, and a speaker or cue
wins over content at equal width.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..models import Statement

Role = str  # "speaker", "cue" or "content"
_RANK = {"speaker": 0, "cue": 1, "content": 2}


@dataclass(frozen=True, slots=True, kw_only=True)
class Segment:
    """A run of text with one role (or none)."""

    text: str
    role: Role | None = None
    number: int | None = None  # the statement (1-based, in the given order) the role belongs to
    actor: str | None = None  # a speaker segment's resolved actor, for a link to its page
    anchors: tuple[int, ...] = ()  # statements whose first content span starts here


@dataclass(frozen=True, slots=True, kw_only=True)
class _Mark:
    start: int
    end: int
    role: Role
    number: int
    actor: str | None


def _marks(statements: Sequence[Statement]) -> list[_Mark]:
    marks = []
    for number, st in enumerate(statements, 1):
        actor = st.actor.name if st.actor is not None else None
        if st.speaker is not None:
            marks.append(_Mark(start=st.speaker.start, end=st.speaker.end, role="speaker", number=number, actor=actor))
        if st.cue is not None:
            marks.append(_Mark(start=st.cue.start, end=st.cue.end, role="cue", number=number, actor=None))
        for span in st.content:
            marks.append(_Mark(start=span.start, end=span.end, role="content", number=number, actor=None))
    return [m for m in marks if m.end > m.start]


def paragraphs(text: str, statements: Sequence[Statement]) -> list[list[Segment]]:
    """The text as paragraphs (split at line breaks, blank ones dropped) of marked segments.

    Joining every segment's text, with a line break between paragraphs, gives
    back the text's non-blank lines.
    """
    marks = _marks(statements)
    anchors: dict[int, list[int]] = {}
    for number, st in enumerate(statements, 1):
        if st.content:
            anchors.setdefault(min(s.start for s in st.content), []).append(number)
    cuts = {0, len(text)} | {m.start for m in marks} | {m.end for m in marks} | set(anchors)
    cuts |= {i for i, ch in enumerate(text) if ch == "\n"} | {i + 1 for i, ch in enumerate(text) if ch == "\n"}
    bounds = sorted(c for c in cuts if 0 <= c <= len(text))
    starting: dict[int, list[_Mark]] = {}
    for m in marks:
        starting.setdefault(m.start, []).append(m)
    active: list[_Mark] = []  # the marks covering the current segment (a sweep, not a scan per segment)
    out: list[list[Segment]] = [[]]
    for start, end in zip(bounds, bounds[1:]):
        active = [m for m in active if m.end > start] + starting.get(start, [])
        piece = text[start:end]
        if piece == "\n":
            out.append([])
            continue
        top = min(active, key=lambda m: (m.end - m.start, _RANK[m.role], m.number), default=None)
        out[-1].append(Segment(
            text=piece,
            role=top.role if top else None,
            number=top.number if top else None,
            actor=top.actor if top else None,
            anchors=tuple(anchors.get(start, ())),
        ))
    return [p for p in out if any(seg.text.strip() for seg in p)]
