"""Rows to records, the same for every backend: the queries differ, the rows they return do not.

Each function takes rows as the backends' queries return them (columns in the
order named in each docstring) and builds the records of ``onrecord.models``;
driver types stay out (a backend decodes its JSON or array columns first).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from .. import stories
from ..models import (
    Actor,
    Article,
    Position,
    PositionEntry,
    Span,
    Statement,
    Story,
    StoryMember,
)

# The columns every backend selects for the rows below: their order is the order these functions read.
ARTICLE_COLUMNS = (
    "id, name, origin, text, content_hash, title, url, canonical_url, site, "
    "author, published, language, cleaned"
)
STATEMENT_COLUMNS = (
    "s.pk, s.id, s.article_id, s.kind, s.sentence, s.speaker_start, s.speaker_end, "
    "s.speaker_text, s.cue_start, s.cue_end, s.cue_text, s.cue_lemma, s.date, "
    "s.when_start, s.when_end, s.when_text"
)  # from ``statements s``


def article_of(row: Sequence[Any]) -> Article:
    """An article from (id, name, origin, text, content_hash, title, url, canonical_url, site,
    author, published, language, cleaned)."""
    (id_, name, origin, text, content_hash, title, url, canonical_url, site, author,
     published, language, cleaned) = row
    return Article(
        id=id_, name=name, origin=origin, text=text, content_hash=content_hash, title=title,
        url=url, canonical_url=canonical_url, site=site, author=author, published=published,
        language=language, cleaned=bool(cleaned),
    )


def statements_of(
    rows: Sequence[Sequence[Any]],
    spans: Iterable[Sequence[Any]],
    actors: Iterable[Sequence[Any]],
    positions: Iterable[Sequence[Any]],
) -> list[Statement]:
    """Statements, in the order of ``rows``, with their spans, actors and positions.

    Args:
        rows: (pk, id, article_id, kind, sentence, speaker_start, speaker_end,
            speaker_text, cue_start, cue_end, cue_text, cue_lemma, date, when_start,
            when_end, when_text).
        spans: (statement pk, start, end, text), in order within a statement.
        actors: (statement pk, name, kind, affiliation, aliases, titles), aliases
            and titles as sequences of strings, in order within a statement.
        positions: (statement pk, holder, holder_kind, voice, stance,
            proposition, negated, embedding).
    """
    content: dict[int, list[Span]] = defaultdict(list)
    for pk, start, end, text in spans:
        content[pk].append(Span(start=start, end=end, text=text))
    speakers: dict[int, list[Actor]] = defaultdict(list)
    for pk, name, kind, affiliation, aliases, titles in actors:
        speakers[pk].append(Actor(name=name, kind=kind, affiliation=affiliation,
                                  aliases=tuple(aliases), titles=tuple(titles)))
    held: dict[int, Position] = {}
    for pk, holder, holder_kind, voice, stance, proposition, negated, embedding in positions:
        held[pk] = Position(
            holder=Actor(name=holder, kind=holder_kind) if holder is not None else None,
            voice=voice, stance=stance, proposition=proposition, negated=bool(negated),
            embedding=bytes(embedding) if embedding is not None else None,
        )
    return [_statement(row, content[row[0]], speakers[row[0]], held.get(row[0])) for row in rows]


def _statement(row: Sequence[Any], content: list[Span], actors: list[Actor], position: Position | None) -> Statement:
    (_, id_, article_id, kind, sentence, speaker_start, speaker_end, speaker_text,
     cue_start, cue_end, cue_text, cue_lemma, date, when_start, when_end, when_text) = row
    speaker = Span(start=speaker_start, end=speaker_end, text=speaker_text) if speaker_text is not None else None
    cue = Span(start=cue_start, end=cue_end, text=cue_text) if cue_text is not None else None
    return Statement(
        id=id_, article_id=article_id, speaker=speaker, cue=cue, content=tuple(content),
        kind=kind, sentence=sentence, actors=tuple(actors), cue_lemma=cue_lemma, date=date,
        position=position, when=Span(start=when_start, end=when_end, text=when_text) if when_text is not None else None,
    )


def actors_of(rows: Sequence[Sequence[Any]], aliases: Iterable[Sequence[Any]], titles: Iterable[Sequence[Any]]) -> list[Actor]:
    """Actors from (id, name, kind, affiliation) rows and (actor id, alias) / (actor id, title) rows."""
    alias_of: dict[int, list[str]] = defaultdict(list)
    for actor_id, alias in aliases:
        alias_of[actor_id].append(alias)
    title_of: dict[int, list[str]] = defaultdict(list)
    for actor_id, title in titles:
        title_of[actor_id].append(title)
    return [
        Actor(name=name, kind=kind, affiliation=affiliation,
              aliases=tuple(alias_of[actor_id]), titles=tuple(title_of[actor_id]))
        for actor_id, name, kind, affiliation in rows
    ]


def position_entries_of(rows: Iterable[Sequence[Any]]) -> list[PositionEntry]:
    """Entries from (key, article_id, statement_id, date, holder, voice, stance, proposition, negated, speaker)."""
    return [
        PositionEntry(key=key, article_id=article_id, statement_id=sid, date=day, holder=holder, voice=voice,
                      stance=stance, proposition=proposition, negated=bool(negated), speaker=speaker)
        for key, article_id, sid, day, holder, voice, stance, proposition, negated, speaker in rows
    ]


def stories_of(rows: Iterable[Sequence[Any]]) -> dict[str, Story]:
    """Stories from (asked id, member id, site, title, published, url) rows, members in storage order."""
    members: dict[str, list[StoryMember]] = defaultdict(list)
    first: dict[str, str] = {}
    for asked, member, site, title, published, url in rows:
        first.setdefault(asked, member)
        members[asked].append(StoryMember(article_id=member, site=site, title=title, published=published, url=url))
    out = {}
    for asked, found in members.items():
        ordered = stories.order_members(found, first[asked])
        out[asked] = Story(id=ordered[0].article_id, articles=ordered)
    return out
