"""The records onrecord passes between stages: frozen, slotted, keyword-only.

Offsets in every ``Span`` are Python string indices into ``Article.text``; the
invariant ``article.text[span.start:span.end] == span.text`` holds everywhere.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

StatementKind = Literal["direct", "mixed", "indirect", "according_to", "other"]
ActorKind = Literal["person", "organization", "country", "place", "group", "other"]
Stance = Literal["commit", "accept", "concede", "demand", "reject", "deny", "warn", "assert"]
Voice = Literal["own", "reported"]
STATEMENT_KINDS: tuple[str, ...] = ("direct", "mixed", "indirect", "according_to", "other")
ACTOR_KINDS: tuple[str, ...] = ("person", "organization", "country", "place", "group", "other")

_record = dataclass(frozen=True, slots=True, kw_only=True)


def digest(*parts: str, length: int = 16) -> str:
    """Deterministic short id from text parts (hex sha256 prefix)."""
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8"))
        h.update(b"\x1f")
    return h.hexdigest()[:length]


@_record
class Span:
    """A stretch of an article's text: ``text == article.text[start:end]``."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Span:
        return cls(start=int(data["start"]), end=int(data["end"]), text=str(data["text"]))

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        """The span of ``text`` between ``start`` and ``end``."""
        return cls(start=start, end=end, text=text[start:end])


@_record
class RawDocument:
    """One input as read from a source, before article extraction."""

    origin: str  # path, URL, "stdin", or "file.jsonl:LINE"
    name: str  # short document name: a file's name without extension
    body: str
    media_type: Literal["text/plain", "text/html"] = "text/plain"
    url: str | None = None
    title: str | None = None
    published: str | None = None  # ISO 8601 date or datetime, as given
    site: str | None = None
    author: str | None = None


@_record
class Article:
    """Clean main text of one news article with its metadata."""

    id: str
    name: str
    origin: str
    text: str
    content_hash: str
    title: str | None = None
    url: str | None = None
    canonical_url: str | None = None
    site: str | None = None
    author: str | None = None
    published: str | None = None
    language: str = "en"
    cleaned: bool = True

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        return cls(**{k: data[k] for k in _ARTICLE_FIELDS if k in data})


_ARTICLE_FIELDS = tuple(Article.__dataclass_fields__)


@_record
class Actor:
    """A person, organisation, country or group that speaks or is spoken of."""

    name: str
    kind: ActorKind = "other"
    affiliation: str | None = None
    aliases: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "affiliation": self.affiliation,
            "aliases": list(self.aliases),
            "titles": list(self.titles),
        }

    def brief(self) -> dict[str, Any]:
        """The short form used in the evaluation JSONL: name, kind, affiliation."""
        return {"name": self.name, "kind": self.kind, "affiliation": self.affiliation}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Actor:
        return cls(
            name=data["name"],
            kind=data.get("kind", "other"),
            affiliation=data.get("affiliation"),
            aliases=tuple(data.get("aliases", ())),
            titles=tuple(data.get("titles", ())),
        )


@_record
class Position:
    """Whose stance a statement describes (holder), in whose voice, which stance, on what."""

    holder: Actor | None
    voice: Voice
    stance: Stance
    proposition: str
    negated: bool = False
    # the proposition's embedding as float32 bytes (``onrecord.embed``); set at ingest
    embedding: bytes | None = field(default=None, repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "holder": {"name": self.holder.name, "kind": self.holder.kind} if self.holder else None,
            "voice": self.voice,
            "stance": self.stance,
            "proposition": self.proposition,
            "negated": self.negated,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Position:
        holder = data.get("holder")
        return cls(
            holder=Actor(name=holder["name"], kind=holder.get("kind", "other")) if holder else None,
            voice=data["voice"],
            stance=data["stance"],
            proposition=data.get("proposition", ""),
            negated=bool(data.get("negated", False)),
        )


@_record
class Statement:
    """One attribution: who (speaker, actors) said what (content) through which cue."""

    id: str
    article_id: str
    speaker: Span | None
    cue: Span | None
    content: tuple[Span, ...]
    kind: StatementKind
    sentence: int
    actors: tuple[Actor, ...] = ()
    cue_lemma: str | None = None
    date: str | None = None  # ISO 8601, as precise as known: the stated date (see ``when``), else the article's
    position: Position | None = None
    when: Span | None = None  # the words that date it ("on Tuesday", "last month", "then"), where the text says

    @property
    def actor(self) -> Actor | None:
        """The first resolved speaker actor, if any."""
        return self.actors[0] if self.actors else None

    @property
    def content_text(self) -> str:
        return " … ".join(s.text for s in self.content)

    def to_dict(self, *, doc: str | None = None) -> dict[str, Any]:
        """The evaluation format of PRODUCT.md, with resolved actors appended."""
        out: dict[str, Any] = {}
        if doc is not None:
            out["doc"] = doc
        out["speaker"] = self.speaker.to_dict() if self.speaker else None
        out["cue"] = self.cue.to_dict() if self.cue else None
        out["content"] = [s.to_dict() for s in self.content]
        out["kind"] = self.kind
        out["actor"] = self.actor.brief() if self.actor else None
        if len(self.actors) > 1:
            out["actors"] = [a.brief() for a in self.actors]
        out["cue_lemma"] = self.cue_lemma
        out["sentence"] = self.sentence
        out["date"] = self.date
        out["when"] = self.when.to_dict() if self.when else None
        out["id"] = self.id
        out["article_id"] = self.article_id
        out["position"] = self.position.to_dict() if self.position else None
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Statement:
        actors = data.get("actors")
        if actors is None:
            actors = [data["actor"]] if data.get("actor") else []
        return cls(
            id=data["id"],
            article_id=data["article_id"],
            speaker=Span.from_dict(data["speaker"]) if data.get("speaker") else None,
            cue=Span.from_dict(data["cue"]) if data.get("cue") else None,
            content=tuple(Span.from_dict(s) for s in data["content"]),
            kind=data["kind"],
            sentence=int(data.get("sentence", 0)),
            actors=tuple(Actor.from_dict(a) for a in actors),
            cue_lemma=data.get("cue_lemma"),
            date=data.get("date"),
            position=Position.from_dict(data["position"]) if data.get("position") else None,
            when=Span.from_dict(data["when"]) if data.get("when") else None,
        )


@_record
class PositionEntry:
    """One stored position in brief, for timelines: no spans, no embedding."""

    key: int  # the statement's storage key
    article_id: str
    statement_id: str
    date: str | None  # the statement's date, else its article's publication date
    holder: str | None
    voice: Voice
    stance: Stance
    proposition: str
    negated: bool
    speaker: str | None  # the resolved speaker's canonical name, else the mention

    def to_dict(self) -> dict[str, Any]:
        # by hand: asdict's recursive copy is most of the cost of a long timeline
        return {
            "key": self.key, "article_id": self.article_id, "statement_id": self.statement_id, "date": self.date,
            "holder": self.holder, "voice": self.voice, "stance": self.stance, "proposition": self.proposition,
            "negated": self.negated, "speaker": self.speaker,
        }


@_record
class StoryMember:
    """One outlet's copy of a story."""

    article_id: str
    site: str | None
    title: str | None
    published: str | None
    url: str | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@_record
class Story:
    """Articles that are copies of one another (a wire story and its republications)."""

    id: str  # the original's article id: the earliest published copy, then the first stored
    articles: tuple[StoryMember, ...]  # the original first, then by publication date

    @property
    def outlets(self) -> int:
        """How many outlets carried it: distinct sites, each copy without a site counted alone."""
        sites = {m.site for m in self.articles if m.site}
        return len(sites) + sum(1 for m in self.articles if not m.site)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "outlets": self.outlets, "articles": [m.to_dict() for m in self.articles]}


@_record
class Problem:
    """Why one input was skipped or failed, for the ingest summary."""

    origin: str
    reason: str
    error: str  # the error class name, e.g. "EmptyInput"

    def line(self) -> str:
        return f"{self.origin}: {self.reason}"


@_record
class ExtractedArticle:
    """An article together with the statements found in it."""

    article: Article
    statements: tuple[Statement, ...]


@_record
class IngestReport:
    """What one ingest run did: counts plus a reason for every skip and failure."""

    added: tuple[str, ...] = ()  # article ids
    unchanged: tuple[str, ...] = ()
    skipped: tuple[Problem, ...] = ()
    failed: tuple[Problem, ...] = ()
    statements: int = 0  # statements written by this run

    @property
    def ok(self) -> bool:
        return not self.failed


@_record
class SearchHit:
    """One full-text search result: a statement or an article passage."""

    kind: Literal["statement", "article"]
    article_id: str
    article_title: str | None
    snippet: str
    statement: Statement | None = None
    score: float = field(default=0.0)
