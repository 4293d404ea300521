"""The SQLite store: one file, WAL journal, FTS5 search, one connection per store."""

from __future__ import annotations

import itertools
import json
import os
import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime, timezone
from typing import Any

from .. import stories
from ..actors import same_person
from ..errors import StoreError, StoreNotFound
from ..models import (
    Actor,
    Article,
    ExtractedArticle,
    PositionEntry,
    SearchHit,
    Statement,
    Story,
)
from . import migrate, records
from .base import PutOutcome, Store, check_statements

MEMORY = ":memory:"
BUSY_TIMEOUT_MS = 5_000  # how long a write waits for another writer's lock
SNIPPET_OPEN = "**"  # marks a matched word in search snippets
SNIPPET_CLOSE = "**"
SNIPPET_TOKENS = 24  # words around the match in an article snippet
_FOLD = "onrecord_fold"  # SQL function: Unicode case folding for speaker matching

_PRAGMAS = (
    f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}",
    "PRAGMA foreign_keys = ON",
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = NORMAL",
)

# -- articles -----------------------------------------------------------------

_INSERT_ARTICLE = f"""
INSERT INTO articles ({records.ARTICLE_COLUMNS}, ingested_at)
VALUES (:id, :name, :origin, :text, :content_hash, :title, :url, :canonical_url,
        :site, :author, :published, :language, :cleaned, :ingested_at)"""
_ARTICLE_EXISTS = "SELECT 1 FROM articles WHERE id = ?"
_SELECT_ARTICLE = f"SELECT {records.ARTICLE_COLUMNS} FROM articles WHERE id = ?"
# NULL dates sort last under DESC in SQLite; name and id make the order total.
_ARTICLE_ORDER = "a.published DESC, a.name, a.id"
_SELECT_ARTICLES = f"""
SELECT {records.ARTICLE_COLUMNS} FROM articles a
ORDER BY {_ARTICLE_ORDER} LIMIT :limit OFFSET :offset"""

# -- statements ---------------------------------------------------------------

_INSERT_STATEMENT = """
INSERT INTO statements (id, article_id, seq, kind, sentence, speaker_start,
    speaker_end, speaker_text, cue_start, cue_end, cue_text, cue_lemma, date,
    when_start, when_end, when_text, content_start, content_text, actor_names)
VALUES (:id, :article_id, :seq, :kind, :sentence, :speaker_start, :speaker_end,
    :speaker_text, :cue_start, :cue_end, :cue_text, :cue_lemma, :date,
    :when_start, :when_end, :when_text, :content_start, :content_text, :actor_names)"""
_INSERT_SPAN = """
INSERT INTO statement_spans (statement_pk, seq, span_start, span_end, text)
VALUES (?, ?, ?, ?, ?)"""
_INSERT_POSITION = """
INSERT INTO positions (statement_pk, holder, holder_kind, voice, stance, proposition, negated, embedding)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)"""
_POSITIONS_OF = """
SELECT statement_pk, holder, holder_kind, voice, stance, proposition, negated, embedding FROM positions
WHERE statement_pk IN (SELECT value FROM json_each(?))"""
_POSITION_PKS = """
SELECT p.statement_pk FROM positions p
WHERE (:holder IS NULL OR p.holder = :holder) ORDER BY p.statement_pk"""
_POSITION_VECTORS = """
SELECT statement_pk, embedding FROM positions WHERE embedding IS NOT NULL AND statement_pk > ? ORDER BY statement_pk"""
_POSITIONS_OF_ACTOR = """
SELECT p.statement_pk, s.article_id, s.id, coalesce(s.date, a.published) AS day, p.holder, p.voice,
       p.stance, p.proposition, p.negated,
       coalesce((SELECT ac.name FROM statement_actors sa JOIN actors ac ON ac.id = sa.actor_id
                 WHERE sa.statement_pk = s.pk ORDER BY sa.seq LIMIT 1), s.speaker_text)
FROM positions p JOIN statements s ON s.pk = p.statement_pk JOIN articles a ON a.id = s.article_id
WHERE p.holder = :actor OR p.statement_pk IN (
    SELECT sa.statement_pk FROM statement_actors sa
    WHERE sa.actor_id = (SELECT id FROM actors WHERE name = :actor))
ORDER BY day IS NULL DESC, day DESC, p.statement_pk DESC LIMIT :limit"""
_INSERT_STATEMENT_ACTOR = """
INSERT INTO statement_actors (statement_pk, seq, actor_id, kind, affiliation, aliases, titles)
VALUES (?, ?, ?, ?, ?, ?, ?)"""

_SELECT_STATEMENTS = f"""
SELECT {records.STATEMENT_COLUMNS} FROM statements s JOIN articles a ON a.id = s.article_id"""
_STATEMENT_ORDER = f"""
ORDER BY {_ARTICLE_ORDER}, s.sentence, s.content_start, s.seq
LIMIT :limit OFFSET :offset"""
_BY_ARTICLE = "s.article_id = :article_id"
_BY_SPEAKER = f"""(
    instr({_FOLD}(s.speaker_text), :speaker) > 0
    OR EXISTS (
        SELECT 1 FROM statement_actors sa JOIN actors ac ON ac.id = sa.actor_id
        WHERE sa.statement_pk = s.pk AND (
            instr({_FOLD}(ac.name), :speaker) > 0
            OR EXISTS (SELECT 1 FROM actor_aliases al
                       WHERE al.actor_id = ac.id AND instr({_FOLD}(al.alias), :speaker) > 0))))"""
_BY_ACTOR = """s.pk IN (
    SELECT sa.statement_pk FROM statement_actors sa
    WHERE sa.actor_id = (SELECT id FROM actors WHERE name = :actor))"""


def _statement_query(by_article: bool, by_speaker: bool, by_actor: bool) -> str:
    filters = [f for on, f in ((by_article, _BY_ARTICLE), (by_speaker, _BY_SPEAKER), (by_actor, _BY_ACTOR)) if on]
    where = f" WHERE {' AND '.join(filters)}" if filters else ""
    return f"{_SELECT_STATEMENTS}{where} {_STATEMENT_ORDER}"


# One fixed query per combination of filters, keyed by (by article, by speaker, by actor).
_STATEMENT_QUERIES = {key: _statement_query(*key) for key in itertools.product((False, True), repeat=3)}
_STATEMENTS_BY_PK = f"""
SELECT {records.STATEMENT_COLUMNS} FROM statements s
WHERE s.pk IN (SELECT value FROM json_each(?))"""
_SPANS_OF = """
SELECT statement_pk, span_start, span_end, text FROM statement_spans
WHERE statement_pk IN (SELECT value FROM json_each(?)) ORDER BY statement_pk, seq"""
_ACTORS_OF = """
SELECT sa.statement_pk, ac.name, sa.kind, sa.affiliation, sa.aliases, sa.titles
FROM statement_actors sa JOIN actors ac ON ac.id = sa.actor_id
WHERE sa.statement_pk IN (SELECT value FROM json_each(?)) ORDER BY sa.statement_pk, sa.seq"""

# -- stories (syndicated copies) ------------------------------------------------

_CANDIDATE_COPIES = """
SELECT DISTINCT st.story_pk, st.signature FROM article_bands b
JOIN article_stories st ON st.article_pk = b.article_pk
WHERE b.band_key IN (SELECT value FROM json_each(?))"""
_INSERT_STORY = "INSERT INTO article_stories (article_pk, story_pk, signature) VALUES (?, ?, ?)"
_INSERT_BAND = "INSERT OR IGNORE INTO article_bands (band_key, article_pk) VALUES (?, ?)"
# every copy of the stories of the given articles; an article without a row is its own story
_STORY_MEMBERS = """
WITH wanted AS (
    SELECT a.id AS asked, coalesce(st.story_pk, a.pk) AS story
    FROM articles a LEFT JOIN article_stories st ON st.article_pk = a.pk
    WHERE a.id IN (SELECT value FROM json_each(?))),
members AS (
    SELECT w.asked, st.article_pk AS pk FROM wanted w JOIN article_stories st ON st.story_pk = w.story
    UNION
    SELECT w.asked, w.story FROM wanted w)
SELECT m.asked, a.id, a.site, a.title, a.published, a.url
FROM members m JOIN articles a ON a.pk = m.pk ORDER BY m.asked, a.pk"""

# -- actors -------------------------------------------------------------------

_INSERT_ACTOR = """
INSERT INTO actors (name, kind, affiliation) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING"""
_ACTOR_ID = "SELECT id FROM actors WHERE name = ?"
_PEOPLE_NAMED = "SELECT id, name FROM actors WHERE kind = 'person' AND (name = :name OR name LIKE :surname)"
_ACTOR_COUNTS = """
SELECT ac.name, count(DISTINCT sa.statement_pk) FROM actors ac
LEFT JOIN statement_actors sa ON sa.actor_id = ac.id GROUP BY ac.id"""
# Merge rule: a kind other than "other" and a non-null affiliation fill in once;
# the first specific value seen is kept. The WHERE makes a no-op write nothing.
_MERGE_ACTOR = """
UPDATE actors SET
    kind = CASE WHEN kind = 'other' THEN :kind ELSE kind END,
    affiliation = coalesce(affiliation, :affiliation)
WHERE id = :id AND ((kind = 'other' AND :kind <> 'other')
                    OR (affiliation IS NULL AND :affiliation IS NOT NULL))"""
_INSERT_ALIAS = "INSERT INTO actor_aliases (actor_id, alias) VALUES (?, ?) ON CONFLICT DO NOTHING"
_INSERT_TITLE = "INSERT INTO actor_titles (actor_id, title) VALUES (?, ?) ON CONFLICT DO NOTHING"
_SELECT_ACTORS = """
SELECT id, name, kind, affiliation FROM actors ORDER BY name LIMIT :limit OFFSET :offset"""
_ACTOR_NAMED = """
SELECT id, name, kind, affiliation FROM actors WHERE id = coalesce(
    (SELECT id FROM actors WHERE name = :name),
    (SELECT min(actor_id) FROM actor_aliases WHERE alias = :name))"""
_ALIASES_OF = """
SELECT actor_id, alias FROM actor_aliases
WHERE actor_id IN (SELECT value FROM json_each(?)) ORDER BY actor_id, alias"""
_TITLES_OF = """
SELECT actor_id, title FROM actor_titles
WHERE actor_id IN (SELECT value FROM json_each(?)) ORDER BY actor_id, title"""

# -- search and counts --------------------------------------------------------

_SEARCH_STATEMENTS = f"""
SELECT s.pk, a.title,
       snippet(statements_fts, 0, '{SNIPPET_OPEN}', '{SNIPPET_CLOSE}', '…', {SNIPPET_TOKENS}),
       bm25(statements_fts, 1.0, 0.5, 0.5) AS rank
FROM statements_fts
JOIN statements s ON s.pk = statements_fts.rowid
JOIN articles a ON a.id = s.article_id
WHERE statements_fts MATCH ? ORDER BY rank, s.pk LIMIT ?"""
_SEARCH_ARTICLES = f"""
SELECT a.id, a.title,
       snippet(articles_fts, 1, '{SNIPPET_OPEN}', '{SNIPPET_CLOSE}', '…', {SNIPPET_TOKENS}),
       bm25(articles_fts, 2.0, 1.0) AS rank
FROM articles_fts JOIN articles a ON a.pk = articles_fts.rowid
WHERE articles_fts MATCH ? ORDER BY rank, a.pk LIMIT ?"""
_COUNTS = """
SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM statements),
       (SELECT count(*) FROM actors)"""

_QUERY_TERM = re.compile(r'"([^"]*)"|(\S+)')
_WORD_CHAR = re.compile(r"[^\W_]")


def fts_query(text: str) -> str | None:
    """An FTS5 query matching every word of user input, or ``None`` if it has none.

    Each bare word and each double-quoted phrase becomes one FTS5 string (inner
    quotes doubled), so operators and punctuation in the input are plain text.
    """
    terms = []
    # FTS5 reads its query as a C string: a NUL would end it mid-term.
    for match in _QUERY_TERM.finditer(text.replace("\x00", " ")):
        term = match[1] if match[1] is not None else match[2]
        if _WORD_CHAR.search(term):
            terms.append('"' + term.replace('"', '""') + '"')
    return " ".join(terms) or None


def _fold(value: str | None) -> str | None:
    """Unicode case folding, registered as a SQL function."""
    return value.casefold() if value is not None else None


def _now() -> str:
    """The current time as ISO 8601 UTC, to the second."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _json_list(values: Iterable[Any]) -> str:
    """A JSON array parameter, for ``json_each(?)``."""
    return json.dumps(list(values), ensure_ascii=False)


class SQLiteStore(Store):
    """A ``Store`` in one SQLite file (or in memory for ``":memory:"``)."""

    def __init__(self, path: str | os.PathLike[str], *, create: bool = True) -> None:
        """Open (and, if allowed, create and migrate) the database at ``path``.

        Args:
            path: the database file, or ``":memory:"``.
            create: create the file when it does not exist.

        Raises:
            StoreNotFound: ``create`` is false and there is no database at ``path``.
            StoreError: the file cannot be opened or is not a SQLite database.
            SchemaError: the file is not onrecord's or is newer than this onrecord.
        """
        self.path = os.fspath(path)
        self._label = self.path
        missing = self.path != MEMORY and not os.path.exists(self.path)
        if missing and not create:
            raise StoreNotFound(_not_found(self.path))
        try:
            # check_same_thread off: a store is used by one thread at a time (the web
            # server keeps one per thread) but may be closed from another at shutdown.
            conn = sqlite3.connect(
                self.path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
            )
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open a database at {self.path}: {exc}") from exc
        self._db: sqlite3.Connection | None = conn
        try:
            self._version = self._prepare(conn, create=create)
        except BaseException:
            self.close()
            raise

    def _prepare(self, conn: sqlite3.Connection, *, create: bool) -> int:
        """Check what the file is, set the connection up, migrate; return the version."""
        try:
            version = migrate.current_version(conn, label=self._label)
        except sqlite3.OperationalError as exc:
            raise StoreError(f"cannot open a database at {self._label}: {exc}") from exc
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                f"{self._label} is not a SQLite database ({exc}): "
                "give the path of an onrecord database or of a new file"
            ) from exc
        if version == 0 and not create:
            raise StoreNotFound(_not_found(self._label))
        conn.create_function(_FOLD, 1, _fold, deterministic=True)
        with self._translate("set up"):
            for pragma in _PRAGMAS:
                conn.execute(pragma)
        with self._translate("migrate"):
            return migrate.migrate(conn, label=self._label)

    @property
    def schema_version(self) -> int:
        return self._version

    @property
    def _conn(self) -> sqlite3.Connection:
        if self._db is None:
            raise StoreError(f"the store for {self._label} is closed")
        return self._db

    @contextmanager
    def _translate(self, action: str) -> Iterator[None]:
        """Turn driver errors into ``StoreError`` naming the database."""
        try:
            yield
        except sqlite3.Error as exc:
            hint = ": another process holds the lock, try again" if "locked" in str(exc) else ""
            raise StoreError(f"{self._label}: could not {action}: {exc}{hint}") from exc

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    # -- writing --------------------------------------------------------------

    def put(self, item: ExtractedArticle) -> PutOutcome:
        article = item.article
        check_statements(item)
        conn = self._conn
        with self._translate(f"write article {article.id}"):
            # Checked before taking the write lock: re-ingesting is the common case.
            if conn.execute(_ARTICLE_EXISTS, (article.id,)).fetchone():
                return "unchanged"
            conn.execute("BEGIN IMMEDIATE")
            try:
                outcome = self._write(item)
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        return outcome

    def _write(self, item: ExtractedArticle) -> PutOutcome:
        """Insert one article with its statements; the caller holds the transaction."""
        conn = self._conn
        article = item.article
        if conn.execute(_ARTICLE_EXISTS, (article.id,)).fetchone():
            return "unchanged"
        article_pk = self._insert_article(article)
        self._group(article_pk, article.text)
        for seq, statement in enumerate(item.statements):
            self._insert_statement(seq, statement)
        return "added"

    def _group(self, article_pk: int, text: str) -> None:
        """File the new article under the story of its nearest stored copy, else its own."""
        conn = self._conn
        sig = stories.signature(text)
        story = None
        if sig is not None:
            keys = stories.band_keys(sig)
            story = stories.story_of(sig, conn.execute(_CANDIDATE_COPIES, (_json_list(keys),)).fetchall())
            conn.executemany(_INSERT_BAND, [(k, article_pk) for k in keys])
        conn.execute(_INSERT_STORY, (article_pk, story if story is not None else article_pk, sig))

    def _insert_article(self, article: Article) -> int:
        """Insert the article row, stamped with the time of this first insert."""
        row = article.to_dict()
        row["cleaned"] = int(article.cleaned)
        row["ingested_at"] = _now()
        return int(self._conn.execute(_INSERT_ARTICLE, row).lastrowid)  # type: ignore[arg-type]

    def _insert_statement(self, seq: int, statement: Statement) -> None:
        """Insert one statement with its content spans and actor links."""
        conn = self._conn
        speaker, cue = statement.speaker, statement.cue
        row = {
            "id": statement.id,
            "article_id": statement.article_id,
            "seq": seq,
            "kind": statement.kind,
            "sentence": statement.sentence,
            "speaker_start": speaker.start if speaker else None,
            "speaker_end": speaker.end if speaker else None,
            "speaker_text": speaker.text if speaker else None,
            "cue_start": cue.start if cue else None,
            "cue_end": cue.end if cue else None,
            "cue_text": cue.text if cue else None,
            "cue_lemma": statement.cue_lemma,
            "date": statement.date,
            "when_start": statement.when.start if statement.when else None,
            "when_end": statement.when.end if statement.when else None,
            "when_text": statement.when.text if statement.when else None,
            "content_start": statement.content[0].start if statement.content else None,
            "content_text": statement.content_text,
            "actor_names": "; ".join(actor.name for actor in statement.actors),
        }
        pk = conn.execute(_INSERT_STATEMENT, row).lastrowid
        conn.executemany(
            _INSERT_SPAN, [(pk, i, s.start, s.end, s.text) for i, s in enumerate(statement.content)]
        )
        for i, actor in enumerate(statement.actors):
            actor_id = self._merge_actor(actor)
            conn.execute(
                _INSERT_STATEMENT_ACTOR,
                (pk, i, actor_id, actor.kind, actor.affiliation,
                 _json_list(actor.aliases), _json_list(actor.titles)),
            )
        position = statement.position
        if position is not None:
            holder = position.holder
            conn.execute(
                _INSERT_POSITION,
                (pk, self._holder_name(holder) if holder else None, holder.kind if holder else None, position.voice,
                 position.stance, position.proposition, int(position.negated), position.embedding),
            )

    def _merge_actor(self, actor: Actor) -> int:
        """The canonical actor's id, after merging this sighting into it.

        A person whose full name is a spelling variant of a stored person's
        (:func:`onrecord.actors.same_person`) merges into that person, the new
        spelling kept as an alias. A one-word name merges only into the same name:
        "Roberts" from one article is not the "Jennifer Roberts" of another.
        """
        conn = self._conn
        if actor.kind == "person" and not conn.execute(_ACTOR_ID, (actor.name,)).fetchone():
            spelt = self._spelling_of(actor.name)
            if spelt is not None:
                known_id, known = spelt
                conn.execute(_INSERT_ALIAS, (known_id, actor.name))
                actor = replace(actor, name=known)
        conn.execute(_INSERT_ACTOR, (actor.name, actor.kind, actor.affiliation))
        actor_id = int(conn.execute(_ACTOR_ID, (actor.name,)).fetchone()[0])
        conn.execute(
            _MERGE_ACTOR, {"id": actor_id, "kind": actor.kind, "affiliation": actor.affiliation}
        )
        conn.executemany(_INSERT_ALIAS, [(actor_id, alias) for alias in actor.aliases])
        conn.executemany(_INSERT_TITLE, [(actor_id, title) for title in actor.titles])
        return actor_id

    def _spelling_of(self, name: str) -> tuple[int, str] | None:
        """(id, name) of a stored person whose full name ``name`` is a spelling of
        (:func:`onrecord.actors.same_person`), or None."""
        surname = name.split()[-1] if name.split() else name
        for known_id, known in self._conn.execute(_PEOPLE_NAMED, {"name": name, "surname": f"%{surname[:3]}%"}).fetchall():
            if same_person(known, name, surname_alone=False):
                return int(known_id), known
        return None

    def _holder_name(self, holder: Actor) -> str:
        """A position holder's name as the actors table spells the person ("HIllary Clinton" in one
        article is the stored Hillary Clinton), so that positions and contests find one holder."""
        if holder.kind != "person" or self._conn.execute(_ACTOR_ID, (holder.name,)).fetchone():
            return holder.name
        spelt = self._spelling_of(holder.name)
        return spelt[1] if spelt is not None else holder.name

    # -- reading --------------------------------------------------------------

    def article(self, article_id: str) -> Article | None:
        with self._translate("read an article"):
            row = self._conn.execute(_SELECT_ARTICLE, (article_id,)).fetchone()
        return records.article_of(row) if row else None

    def articles(self, *, limit: int = 50, offset: int = 0) -> list[Article]:
        with self._translate("read articles"):
            rows = self._conn.execute(_SELECT_ARTICLES, _page(limit, offset)).fetchall()
        return [records.article_of(row) for row in rows]

    def statements(
        self,
        *,
        speaker: str | None = None,
        article_id: str | None = None,
        actor: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Statement]:
        speaker = speaker.strip() if speaker else None
        params: dict[str, Any] = _page(limit, offset)
        params.update(article_id=article_id, speaker=_fold(speaker), actor=actor)
        sql = _STATEMENT_QUERIES[(article_id is not None, bool(speaker), actor is not None)]
        with self._translate("read statements"):
            rows = self._conn.execute(sql, params).fetchall()
            return self._statements(rows)

    def _statements(self, rows: Sequence[Sequence[Any]]) -> list[Statement]:
        """Statements built from statement rows, with their spans, actors and positions."""
        conn = self._conn
        pks = _json_list(row[0] for row in rows)
        actors = [(pk, name, kind, affiliation, json.loads(aliases), json.loads(titles))
                  for pk, name, kind, affiliation, aliases, titles in conn.execute(_ACTORS_OF, (pks,))]
        return records.statements_of(rows, conn.execute(_SPANS_OF, (pks,)), actors, conn.execute(_POSITIONS_OF, (pks,)))

    def statements_by_key(self, keys: Sequence[int]) -> dict[int, Statement]:
        with self._translate("read statements"):
            rows = self._conn.execute(_STATEMENTS_BY_PK, (_json_list(int(k) for k in keys),)).fetchall()
            return {row[0]: st for row, st in zip(rows, self._statements(rows))}

    def position_keys(self, *, holder: str | None = None) -> list[int]:
        with self._translate("read positions"):
            return [row[0] for row in self._conn.execute(_POSITION_PKS, {"holder": holder})]

    def position_vectors(self, *, after: int = 0) -> tuple[list[int], bytes]:
        keys: list[int] = []
        blobs: list[bytes] = []
        with self._translate("read position vectors"):
            for key, blob in self._conn.execute(_POSITION_VECTORS, (after,)):
                keys.append(key)
                blobs.append(blob)
        return keys, b"".join(blobs)

    def actors(self, *, limit: int | None = None, offset: int = 0) -> list[Actor]:
        with self._translate("read actors"):
            return self._actors(self._conn.execute(_SELECT_ACTORS, _page(limit, offset)).fetchall())

    def actor(self, name: str) -> Actor | None:
        with self._translate("read an actor"):
            found = self._actors(self._conn.execute(_ACTOR_NAMED, {"name": name}).fetchall())
        return found[0] if found else None

    def _actors(self, rows: Sequence[Sequence[Any]]) -> list[Actor]:
        """Actors built from actor rows, with their aliases and titles."""
        ids = _json_list(row[0] for row in rows)
        return records.actors_of(rows, self._conn.execute(_ALIASES_OF, (ids,)), self._conn.execute(_TITLES_OF, (ids,)))

    def search(self, query: str, *, limit: int = 20) -> list[SearchHit]:
        match = fts_query(query)
        if match is None or limit <= 0:
            return []
        conn = self._conn
        with self._translate("search"):
            found = conn.execute(_SEARCH_STATEMENTS, (match, limit)).fetchall()
            pks = _json_list(row[0] for row in found)
            by_pk = {row[0]: row for row in conn.execute(_STATEMENTS_BY_PK, (pks,))}
            statements = self._statements([by_pk[row[0]] for row in found])
            hits = [
                SearchHit(kind="statement", article_id=statement.article_id, article_title=title,
                          snippet=snippet, statement=statement, score=-rank)
                for statement, (_, title, snippet, rank) in zip(statements, found)
            ]
            left = limit - len(hits)
            if left > 0:
                hits += [
                    SearchHit(kind="article", article_id=article_id, article_title=title,
                              snippet=snippet, score=-rank)
                    for article_id, title, snippet, rank in conn.execute(
                        _SEARCH_ARTICLES, (match, left)
                    )
                ]
        return hits

    def positions_of(self, actor: str, *, latest: int | None = None) -> list[PositionEntry]:
        params = {"actor": actor, "limit": _page(latest, 0)["limit"]}
        with self._translate("read positions"):
            rows = self._conn.execute(_POSITIONS_OF_ACTOR, params).fetchall()[::-1]  # latest first → oldest first
        return records.position_entries_of(rows)

    def stories_of(self, article_ids: Sequence[str]) -> dict[str, Story]:
        with self._translate("read stories"):
            rows = self._conn.execute(_STORY_MEMBERS, (_json_list(article_ids),)).fetchall()
        return records.stories_of(rows)

    def actor_counts(self) -> dict[str, int]:
        with self._translate("count statements per actor"):
            return dict(self._conn.execute(_ACTOR_COUNTS).fetchall())

    def counts(self) -> dict[str, int]:
        with self._translate("count"):
            articles, statements, actors = self._conn.execute(_COUNTS).fetchone()
        return {"articles": articles, "statements": statements, "actors": actors}


def _not_found(path: str) -> str:
    """The message for a database that does not exist yet."""
    return f"no database at {path}: run `onrecord ingest {path} SOURCE...` first"


def _page(limit: int | None, offset: int) -> dict[str, int]:
    """LIMIT/OFFSET parameters; SQLite reads a negative limit as no limit."""
    return {"limit": -1 if limit is None else max(limit, 0), "offset": max(offset, 0)}
