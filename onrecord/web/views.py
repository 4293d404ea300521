"""The data of every page, as plain JSON-ready dicts: the API returns them, the templates render them.

Each function takes an open store and the current :class:`Snapshot` and does
the queries of one page; nothing here knows about HTTP.
"""

from __future__ import annotations

from typing import Any, Literal
from urllib.parse import quote, urlsplit

from ..contests import Contest, who_said
from ..errors import InvalidRequest, NotFound
from ..models import Actor, Article, SearchHit, Statement, Story
from ..store import Store
from ..topics import statements_on_topic
from .catalog import Snapshot, contest_id, ref

LIMIT = 50  # items per page of a list, unless asked otherwise
MAX_LIMIT = 200  # the most items one page may ask for
HOME_ITEMS = 8  # articles, actors and contests on the home page
ACTOR_LIMIT = 20  # statements per page under an actor's timeline
TIMELINE_MAX = 200  # most recent positions drawn on an actor's timeline
SearchBy = Literal["words", "meaning"]


# -- addresses ------------------------------------------------------------------


def actor_url(name: str) -> str:
    return "/actors/" + quote(name, safe="")


def article_url(article_id: str) -> str:
    return "/articles/" + quote(article_id, safe="")


def statement_url(article_id: str, statement_id: str) -> str:
    return f"/statements/{quote(article_id, safe='')}/{quote(statement_id, safe='')}"


def contest_url(cid: str) -> str:
    return "/contests/" + quote(cid, safe="")


def web_link(url: str | None) -> str | None:
    """An article's own address when it is http(s); anything else (javascript:, data:) is dropped."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


# -- records --------------------------------------------------------------------


def page(items: list[Any], *, limit: int, offset: int, more: bool, total: int | None = None) -> dict[str, Any]:
    """One page of a list: the items, where it starts, and where the next one starts (or null)."""
    return {"items": items, "limit": limit, "offset": offset, "next_offset": offset + limit if more else None, "total": total}


def check_page(limit: int, offset: int) -> None:
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidRequest(f"limit must be between 1 and {MAX_LIMIT}, not {limit}")
    if offset < 0:
        raise InvalidRequest(f"offset must be 0 or more, not {offset}")


def statement_record(st: Statement, *, number: int | None = None) -> dict[str, Any]:
    out = st.to_dict()
    out["url"] = statement_url(st.article_id, st.id)
    out["article_url"] = article_url(st.article_id)
    out["content_text"] = st.content_text
    out["who"] = who_said(st)
    out["actor_url"] = actor_url(st.actor.name) if st.actor is not None else None
    holder = st.position.holder if st.position is not None else None
    out["holder_url"] = actor_url(holder.name) if holder is not None else None
    if number is not None:
        out["number"] = number
    return out


def with_outlets(store: Store, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Statement records with how many outlets carried their article's story, and the story's original."""
    stories = store.stories_of(sorted({r["article_id"] for r in records})) if records else {}
    for r in records:
        story = stories.get(r["article_id"])
        r["outlets"] = story.outlets if story is not None else 1
        r["original_url"] = article_url(story.id) if story is not None and story.id != r["article_id"] else None
    return records


def story_record(story: Story) -> dict[str, Any]:
    out = story.to_dict()
    for member in out["articles"]:
        member["source_url"] = web_link(member.pop("url"))
        member["url"] = article_url(member["article_id"])
    return out


def article_brief(article: Article) -> dict[str, Any]:
    return {
        "id": article.id, "name": article.name, "title": article.title or article.name, "site": article.site,
        "author": article.author, "published": article.published, "source_url": web_link(article.url),
        "url": article_url(article.id),
    }


def actor_record(actor: Actor, statements: int) -> dict[str, Any]:
    return actor.to_dict() | {"statements": statements, "url": actor_url(actor.name)}


def contest_record(contest: Contest) -> dict[str, Any]:
    cid = contest_id(contest)
    out = contest.to_dict() | {"id": cid, "url": contest_url(cid), "holder_url": actor_url(contest.holder)}
    for side, ev in (("claim", contest.claim), ("counter", contest.counter)):
        out[side] = statement_record(ev.statement) | {
            "doc": ev.doc, "title": ev.title or ev.doc, "site": ev.site, "copies": ev.copies,
        }
    return out


# -- pages ----------------------------------------------------------------------


def home(store: Store, snap: Snapshot) -> dict[str, Any]:
    counts = store.counts()
    actors = [_actor_with_count(store, name, n) for name, n in snap.actor_counts[:HOME_ITEMS]]
    return {
        "counts": counts | {"contests": len(snap.contests)},
        "articles": [article_brief(a) for a in store.articles(limit=HOME_ITEMS)],
        "actors": [a for a in actors if a is not None],
        "contests": [contest_record(c) for c in snap.contests[:HOME_ITEMS]],
    }


def _actor_with_count(store: Store, name: str, n: int) -> dict[str, Any] | None:
    actor = store.actor(name)
    return actor_record(actor, n) if actor is not None else None


def actors(store: Store, snap: Snapshot, *, limit: int = LIMIT, offset: int = 0) -> dict[str, Any]:
    """Actors, most quoted first."""
    check_page(limit, offset)
    names = snap.actor_counts[offset : offset + limit + 1]
    rows = [_actor_with_count(store, name, n) for name, n in names[:limit]]
    return page([r for r in rows if r is not None], limit=limit, offset=offset, more=len(names) > limit,
                total=len(snap.actor_counts))


def actor(store: Store, snap: Snapshot, name: str, *, limit: int = ACTOR_LIMIT, offset: int = 0) -> dict[str, Any]:
    """One actor: who they are, their positions over time, their statements, the contests about them."""
    check_page(limit, offset)
    found = store.actor(name)
    if found is None:
        raise NotFound(f"no actor named {name!r}: see /actors for the names stored")
    counts = snap.statements_of
    statements = store.statements(actor=found.name, limit=limit + 1, offset=offset)
    entries = store.positions_of(found.name, latest=TIMELINE_MAX)
    positions = [
        e.to_dict() | {"topic": snap.topic_of.get(e.key), "url": statement_url(e.article_id, e.statement_id)}
        for e in entries
    ]
    contests = [c for c in snap.contests if c.holder == found.name or _speaks(c, found.name)]
    side = store.actor(found.affiliation) if found.affiliation else None  # a campaign's candidate, an official's side
    record = actor_record(found, counts.get(found.name, 0)) | {"affiliation_url": actor_url(side.name) if side else None}
    return {
        "actor": record,
        "positions": positions,
        "statements": page(with_outlets(store, [statement_record(s) for s in statements[:limit]]), limit=limit,
                           offset=offset, more=len(statements) > limit, total=counts.get(found.name, 0)),
        "contests": [contest_record(c) for c in contests],
        "_entries": entries,  # for the timeline layout; dropped from JSON
    }


def _speaks(contest: Contest, name: str) -> bool:
    return any(a.name == name for ev in (contest.claim, contest.counter) for a in ev.statement.actors)


def articles(store: Store, *, limit: int = LIMIT, offset: int = 0) -> dict[str, Any]:
    check_page(limit, offset)
    rows = store.articles(limit=limit + 1, offset=offset)
    return page([article_brief(a) for a in rows[:limit]], limit=limit, offset=offset, more=len(rows) > limit,
                total=store.counts()["articles"])


def article(store: Store, snap: Snapshot, article_id: str) -> dict[str, Any]:
    """One article: its text and its statements, numbered in reading order."""
    found = store.article(article_id)
    if found is None:
        raise NotFound(f"no article with id {article_id!r}")
    statements = store.statements(article_id=article_id)
    records = []
    for n, st in enumerate(statements, 1):
        records.append(statement_record(st, number=n) | {"contests": list(snap.contests_of.get(ref(st), ()))})
    story = store.stories_of([article_id]).get(article_id)
    return {
        "article": article_brief(found) | {"text": found.text, "cleaned": found.cleaned, "language": found.language},
        "story": story_record(story) if story is not None else None,
        "statements": records,
        "_statements": statements,  # for highlighting; dropped from JSON
    }


def statements(
    store: Store, *, speaker: str | None = None, actor: str | None = None, article_id: str | None = None,
    limit: int = LIMIT, offset: int = 0,
) -> dict[str, Any]:
    check_page(limit, offset)
    rows = store.statements(speaker=speaker, actor=actor, article_id=article_id, limit=limit + 1, offset=offset)
    return page(with_outlets(store, [statement_record(s) for s in rows[:limit]]), limit=limit, offset=offset,
                more=len(rows) > limit)


def statement(store: Store, snap: Snapshot, article_id: str, statement_id: str) -> dict[str, Any]:
    """One statement with its article and the contests it takes part in."""
    found = store.article(article_id)
    match = [s for s in store.statements(article_id=article_id) if s.id == statement_id] if found else []
    if found is None or not match:
        raise NotFound(f"no statement {statement_id!r} in article {article_id!r}")
    st = match[0]
    contests = [snap.contest_by_id[c] for c in snap.contests_of.get(ref(st), ())]
    story = store.stories_of([article_id]).get(article_id)
    return {
        "statement": with_outlets(store, [statement_record(st)])[0],
        "article": article_brief(found),
        "story": story_record(story) if story is not None else None,
        "contests": [contest_record(c) for c in contests],
    }


def contests(snap: Snapshot, *, holder: str | None = None, limit: int = LIMIT, offset: int = 0) -> dict[str, Any]:
    check_page(limit, offset)
    rows = [c for c in snap.contests if holder is None or c.holder == holder]
    return page([contest_record(c) for c in rows[offset : offset + limit]], limit=limit, offset=offset,
                more=len(rows) > offset + limit, total=len(rows))


def contest(snap: Snapshot, cid: str) -> dict[str, Any]:
    found = snap.contest_by_id.get(cid)
    if found is None:
        raise NotFound(f"no contest with id {cid!r}: contests are listed at /contests")
    return {"contest": contest_record(found)}


def search(store: Store, snap: Snapshot, query: str, *, by: SearchBy = "words", limit: int = LIMIT) -> dict[str, Any]:
    """Statements and articles matching the query's words, or statements near it in meaning."""
    check_page(limit, 0)
    if by not in ("words", "meaning"):
        raise InvalidRequest(f"by must be 'words' or 'meaning', not {by!r}")
    hits: list[dict[str, Any]] = []
    if by == "meaning":
        for hit in statements_on_topic(store, query, limit=limit, index=snap.index):
            hits.append({"kind": "statement", "score": round(hit.score, 4), "by": hit.by,
                         "statement": statement_record(hit.statement), "snippet": None,
                         "article_url": article_url(hit.statement.article_id)})
    else:
        hits = [_hit(h) for h in store.search(query, limit=limit)]
    return {"query": query, "by": by, "hits": hits}


def _hit(hit: SearchHit) -> dict[str, Any]:
    return {
        "kind": hit.kind, "score": round(hit.score, 4), "by": "words", "snippet": hit.snippet,
        "article_title": hit.article_title, "article_url": article_url(hit.article_id),
        "statement": statement_record(hit.statement) if hit.statement is not None else None,
    }


def public(data: dict[str, Any]) -> dict[str, Any]:
    """A page's data without the records kept for the HTML page only."""
    return {k: v for k, v in data.items() if not k.startswith("_")}
