"""The PostgreSQL store: psycopg 3, its SQL in pgsql.py, tsvector search (built in pgtext.py), COPY for the rows of one article.

Same behaviour as the SQLite store, by the same contract tests. Where the two
engines differ, this store makes PostgreSQL act like SQLite:

* Full-text search: onrecord builds the tsvectors (and the tsquery of a search)
  itself, from the tokens SQLite's ``unicode61 remove_diacritics 2`` tokenizer
  finds: runs of letters and digits, case-folded, accents removed. PostgreSQL's
  own parser would split "5-like" or "U.S." differently and fold case by the
  server's locale. The vectors live in ``search`` columns under GIN indexes;
  ``ts_rank`` ranks and ``ts_headline`` marks the snippets.
* Order: every column results are ordered by is ``COLLATE "C"`` (code point
  order); NULLs are placed where SQLite places them.
* The speaker filter compares Python's ``str.casefold`` of each text, kept in
  ``*_fold`` columns (PostgreSQL before 18 has no Unicode case folding).

Writes: one transaction per article, under an advisory lock so that writers
take turns as in SQLite (actor merging reads what earlier articles stored);
the statements, spans, statement actors and positions of an article go in
with COPY. Proposition embeddings are ``bytea``, the bytes as given; the
similarity search over them stays in FAISS (``onrecord.contests``), so the
pgvector extension is not needed. A lost connection (a server restart) fails
the call in progress with ``StoreError``; the next call reconnects.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from typing import Any
from urllib.parse import unquote

import psycopg
from psycopg import conninfo

from .. import stories
from ..actors import same_person
from ..errors import SchemaError, StoreError, StoreNotFound
from ..models import (
    Actor,
    Article,
    ExtractedArticle,
    Position,
    PositionEntry,
    SearchHit,
    Statement,
    Story,
)
from . import migrate, pgsql as sql, records
from .base import PutOutcome, Store, check_statements
from .pgtext import (
    SEARCH_ARTICLES,
    SEARCH_STATEMENTS,
    framed,
    highlight_query,
    tsquery,
    tsvector,
)

MIGRATIONS = "migrations_pg"  # package folder of the numbered SQL files
MIGRATION_LOCK = migrate.APPLICATION_ID  # advisory lock key held while migrating
# Advisory lock key held while writing an article. One writer at a time, as in
# SQLite: merging actors reads what earlier articles stored (spelling variants
# of a person), and two articles naming the same actors in another order would
# otherwise deadlock. Readers never wait for it.
WRITE_LOCK = MIGRATION_LOCK + 1
SCHEMA_MARK = "onrecord"  # comment on schema_migrations: this database is onrecord's
CONNECT_TIMEOUT_S = 10  # unless the URL sets connect_timeout
_NO_DATABASE = re.compile(r'database "[^"]*" does not exist')

def _secrets(url: str) -> list[str]:
    """The password of a URL as written and decoded, to keep out of messages."""
    found = [m[1] for m in (_URL_PASSWORD.search(url), _QUERY_PASSWORD.search(url)) if m and m[1]]
    return found + [unquote(s) for s in found if unquote(s) != s]


_URL_PASSWORD = re.compile(r"^[^:/?#]+://[^:@/?#]*:([^/?#]*)@")
_QUERY_PASSWORD = re.compile(r"[?&]password=([^&#]*)")


def public_url(url: str) -> str:
    """The URL without its password, for messages."""
    masked = re.sub(r"^([^:/?#]+://[^:@/?#]*):[^/?#]*@", r"\1@", url)
    return _QUERY_PASSWORD.sub(lambda m: m[0][0] + "password=***", masked)


class PostgresStore(Store):
    """A ``Store`` in a PostgreSQL database (in its current schema), over one connection."""

    def __init__(self, url: str, *, create: bool = True) -> None:
        """Open (and, if allowed, create onrecord's tables in) the database at ``url``.

        Args:
            url: a ``postgresql://`` or ``postgres://`` URL; the database must exist.
            create: create onrecord's tables when the database has none yet.

        Raises:
            StoreNotFound: the database does not exist, or ``create`` is false
                and it holds no onrecord tables.
            StoreError: the server cannot be reached or refuses the login.
            SchemaError: the database holds other tables, or onrecord's at a
                newer version than this onrecord.
        """
        scheme, _, rest = url.partition("://")
        self._url = url = f"{scheme.lower()}://{rest}"  # libpq knows the schemes in lower case only
        self._label = public_url(url)
        self._secrets = _secrets(url)
        self._db: psycopg.Connection[Any] | None = self._connect()
        try:
            self._version = self._prepare(create=create)
        except BaseException:
            self.close()
            raise

    def _connect(self) -> psycopg.Connection[Any]:
        """A new autocommit connection, with driver errors translated."""
        try:
            options = conninfo.conninfo_to_dict(self._url)
            timeout = {} if "connect_timeout" in options else {"connect_timeout": CONNECT_TIMEOUT_S}
            return psycopg.connect(self._url, autocommit=True, fallback_application_name="onrecord", **timeout)
        except psycopg.Error as exc:
            message = self._scrub(exc)
        # Raised outside the handler, so that the driver's error is neither cause nor
        # context of ours: libpq's message may quote the URL, password included.
        if _NO_DATABASE.search(message):
            raise StoreNotFound(f"{message}: create it first (createdb), then run onrecord again")
        raise StoreError(f"cannot connect to {self._label}: {message}")

    def _scrub(self, exc: Exception) -> str:
        """A driver error's message on one line, the password replaced."""
        message = " ".join(str(exc).split())
        for secret in self._secrets:
            message = message.replace(secret, "***")
        return message

    def _prepare(self, *, create: bool) -> int:
        """Check what the database holds and migrate it; return the schema version."""
        with self._translate("read the schema"):
            version = self._current_version()
        if version == 0 and not create:
            raise StoreNotFound(
                f"{self._label} holds no onrecord database: run `onrecord ingest URL SOURCE...` first"
            )
        if version < migrate.latest_version(MIGRATIONS):
            version = self._migrate()
        return version

    def _current_version(self) -> int:
        """The schema version: 0 for a schema without tables."""
        tables = dict(self._conn.execute(sql.SCHEMA_TABLES).fetchall())
        if not tables:
            return 0
        if tables.get("schema_migrations") != SCHEMA_MARK:
            raise SchemaError(
                f"{self._label} holds tables that are not onrecord's: give onrecord a database "
                "of its own (or a schema of its own: ?options=-csearch_path%3Donrecord)"
            )
        version = self._conn.execute(sql.READ_VERSION).fetchone()[0] or 0  # type: ignore[index]
        latest = migrate.latest_version(MIGRATIONS)
        if version > latest:
            raise SchemaError(
                f"{self._label} has schema version {version}, newer than this onrecord "
                f"understands ({latest}): upgrade onrecord to read it"
            )
        return int(version)

    def _migrate(self) -> int:
        """Apply every migration the database lacks, each in a transaction under an advisory lock.

        The version is re-read under the lock, so two processes opening a new
        database at once apply each migration once.
        """
        conn = self._conn
        for migration in migrate.migrations(MIGRATIONS):
            try:
                with conn.transaction():
                    conn.execute(sql.LOCK, (MIGRATION_LOCK,))
                    if migration.version <= self._current_version():
                        continue
                    conn.execute(migration.sql.encode("utf-8"))  # bytes: no placeholders in it
                    conn.execute(sql.RECORD_VERSION, (migration.version, migration.name))
            except psycopg.Error as exc:
                raise SchemaError(f"{self._label}: migration {migration.name} failed: {self._scrub(exc)}") from exc
        with self._translate("read the schema"):
            return self._current_version()

    @property
    def schema_version(self) -> int:
        return self._version

    @property
    def _conn(self) -> psycopg.Connection[Any]:
        """The connection; a new one when the last was lost (a server restart, a network cut)."""
        if self._db is None:
            raise StoreError(f"the store for {self._label} is closed")
        if self._db.broken:
            fresh = self._connect()
            self._db.close()
            self._db = fresh
        return self._db

    @contextmanager
    def _translate(self, action: str) -> Iterator[None]:
        """Turn driver errors into ``StoreError`` naming the database."""
        try:
            yield
        except psycopg.Error as exc:
            hint = ": the connection was lost; the next call reconnects" if self._db and self._db.broken else ""
            raise StoreError(f"{self._label}: could not {action}: {self._scrub(exc)}{hint}") from exc

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
            # Checked before the transaction: re-ingesting is the common case.
            if conn.execute(sql.ARTICLE_EXISTS, (article.id,)).fetchone():
                return "unchanged"
            with conn.transaction():
                conn.execute(sql.LOCK, (WRITE_LOCK,))
                return self._write(item)

    def _write(self, item: ExtractedArticle) -> PutOutcome:
        """Insert one article with its statements; the caller holds the transaction."""
        conn = self._conn
        article = item.article
        row = article.to_dict() | {"search": tsvector((article.title, "A"), (article.text, "B"))}
        inserted = conn.execute(sql.INSERT_ARTICLE, row).fetchone()
        if inserted is None:
            return "unchanged"  # another writer stored it since the check
        self._group(int(inserted[0]), article.text)
        if not item.statements:
            return "added"
        actor_ids: dict[Actor, int] = {}
        for statement in item.statements:
            for actor in statement.actors:
                if actor not in actor_ids:
                    actor_ids[actor] = self._merge_actor(actor)
        keys = sorted(k for (k,) in conn.execute(sql.NEW_STATEMENT_KEYS, (len(item.statements),)))
        rows = list(zip(keys, item.statements))
        with conn.cursor() as cur:
            with cur.copy(sql.COPY_STATEMENTS) as copy:
                for seq, (pk, statement) in enumerate(rows):
                    copy.write_row(_statement_row(pk, seq, statement))
            with cur.copy(sql.COPY_SPANS) as copy:
                for pk, statement in rows:
                    for i, s in enumerate(statement.content):
                        copy.write_row((pk, i, s.start, s.end, s.text))
            with cur.copy(sql.COPY_STATEMENT_ACTORS) as copy:
                for pk, statement in rows:
                    for i, actor in enumerate(statement.actors):
                        copy.write_row((pk, i, actor_ids[actor], actor.kind, actor.affiliation,
                                        list(actor.aliases), list(actor.titles)))
            holders = {s.position.holder: self._holder_name(s.position.holder) for _, s in rows
                       if s.position is not None and s.position.holder is not None}
            with cur.copy(sql.COPY_POSITIONS) as copy:
                for pk, statement in rows:
                    if statement.position is not None:
                        copy.write_row(_position_row(pk, statement.position, holders))
        return "added"

    def _group(self, article_pk: int, text: str) -> None:
        """File the new article under the story of its nearest stored copy, else its own."""
        conn = self._conn
        sig = stories.signature(text)
        story = None
        if sig is not None:
            keys = stories.band_keys(sig)
            story = stories.story_of(sig, ((k, bytes(b) if b is not None else None)
                                           for k, b in conn.execute(sql.CANDIDATE_COPIES, (keys,)).fetchall()))
            with conn.cursor() as cur, cur.copy(sql.COPY_BANDS) as copy:
                for key in sorted(set(keys)):
                    copy.write_row((key, article_pk))
        conn.execute(sql.INSERT_STORY, (article_pk, story if story is not None else article_pk, sig))

    def _merge_actor(self, actor: Actor) -> int:
        """The canonical actor's id, after merging this sighting into it.

        A person whose full name is a spelling variant of a stored person's
        (:func:`onrecord.actors.same_person`) merges into that person, the new
        spelling kept as an alias. A one-word name merges only into the same name:
        "Roberts" from one article is not the "Jennifer Roberts" of another.
        """
        conn = self._conn
        if actor.kind == "person" and not conn.execute(sql.ACTOR_ID, (actor.name,)).fetchone():
            spelt = self._spelling_of(actor.name)
            if spelt is not None:
                known_id, known = spelt
                self._add_aliases(known_id, (actor.name,))
                actor = replace(actor, name=known)
        params = {"name": actor.name, "name_fold": actor.name.casefold(), "kind": actor.kind,
                  "affiliation": actor.affiliation}
        found = conn.execute(sql.UPSERT_ACTOR, params).fetchone() or conn.execute(sql.ACTOR_ID, (actor.name,)).fetchone()
        actor_id = int(found[0])  # type: ignore[index]
        self._add_aliases(actor_id, actor.aliases)
        if actor.titles:
            conn.execute(sql.INSERT_TITLES, (actor_id, list(actor.titles)))
        return actor_id

    def _spelling_of(self, name: str) -> tuple[int, str] | None:
        """(id, name) of a stored person whose full name ``name`` is a spelling of
        (:func:`onrecord.actors.same_person`), or None."""
        surname = name.split()[-1] if name.split() else name
        for known_id, known in self._conn.execute(sql.PEOPLE_NAMED, {"name": name, "surname": f"%{surname[:3]}%"}).fetchall():
            if same_person(known, name, surname_alone=False):
                return int(known_id), known
        return None

    def _holder_name(self, holder: Actor) -> str:
        """A position holder's name as the actors table spells the person ("HIllary Clinton" in one
        article is the stored Hillary Clinton), so that positions and contests find one holder."""
        if holder.kind != "person" or self._conn.execute(sql.ACTOR_ID, (holder.name,)).fetchone():
            return holder.name
        spelt = self._spelling_of(holder.name)
        return spelt[1] if spelt is not None else holder.name

    def _add_aliases(self, actor_id: int, aliases: Sequence[str]) -> None:
        if aliases:
            self._conn.execute(sql.INSERT_ALIASES, (actor_id, list(aliases), [a.casefold() for a in aliases]))

    # -- reading --------------------------------------------------------------

    def article(self, article_id: str) -> Article | None:
        if "\x00" in article_id:  # PostgreSQL text cannot hold NUL: no such article
            return None
        with self._translate("read an article"):
            row = self._conn.execute(sql.SELECT_ARTICLE, (article_id,)).fetchone()
        return records.article_of(row) if row else None

    def articles(self, *, limit: int = 50, offset: int = 0) -> list[Article]:
        with self._translate("read articles"):
            rows = self._conn.execute(sql.SELECT_ARTICLES, _page(limit, offset)).fetchall()
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
        if any("\x00" in v for v in (speaker, article_id, actor) if v):
            return []
        params: dict[str, Any] = _page(limit, offset)
        params.update(article_id=article_id, speaker=speaker.casefold() if speaker else None, actor=actor)
        query = sql.STATEMENT_QUERIES[(article_id is not None, bool(speaker), actor is not None)]
        with self._translate("read statements"):
            return self._statements(self._conn.execute(query, params).fetchall())

    def _statements(self, rows: Sequence[Sequence[Any]]) -> list[Statement]:
        """Statements built from statement rows, with their spans, actors and positions."""
        conn = self._conn
        pks = [row[0] for row in rows]
        if not pks:
            return []
        return records.statements_of(rows, conn.execute(sql.SPANS_OF, (pks,)), conn.execute(sql.ACTORS_OF, (pks,)),
                                     conn.execute(sql.POSITIONS_OF, (pks,)))

    def statements_by_key(self, keys: Sequence[int]) -> dict[int, Statement]:
        with self._translate("read statements"):
            rows = self._conn.execute(sql.STATEMENTS_BY_PK, ([int(k) for k in keys],)).fetchall()
            return {row[0]: st for row, st in zip(rows, self._statements(rows))}

    def position_keys(self, *, holder: str | None = None) -> list[int]:
        if holder is not None and "\x00" in holder:
            return []
        with self._translate("read positions"):
            if holder is None:
                return [key for (key,) in self._conn.execute(sql.POSITION_KEYS)]
            return [key for (key,) in self._conn.execute(sql.POSITION_KEYS_OF, (holder,))]

    def position_vectors(self, *, after: int = 0) -> tuple[list[int], bytes]:
        keys: list[int] = []
        blobs: list[bytes] = []
        with self._translate("read position vectors"):
            for key, blob in self._conn.execute(sql.POSITION_VECTORS, (after,)):
                keys.append(key)
                blobs.append(blob)
        return keys, b"".join(blobs)

    def actors(self, *, limit: int | None = None, offset: int = 0) -> list[Actor]:
        with self._translate("read actors"):
            return self._actors(self._conn.execute(sql.SELECT_ACTORS, _page(limit, offset)).fetchall())

    def actor(self, name: str) -> Actor | None:
        if "\x00" in name:
            return None
        with self._translate("read an actor"):
            found = self._actors(self._conn.execute(sql.ACTOR_NAMED, {"name": name}).fetchall())
        return found[0] if found else None

    def _actors(self, rows: Sequence[Sequence[Any]]) -> list[Actor]:
        """Actors built from actor rows, with their aliases and titles."""
        ids = [row[0] for row in rows]
        if not ids:
            return []
        return records.actors_of(rows, self._conn.execute(sql.ALIASES_OF, (ids,)), self._conn.execute(sql.TITLES_OF, (ids,)))

    def search(self, query: str, *, limit: int = 20) -> list[SearchHit]:
        match = tsquery(query)
        if match is None or limit <= 0:
            return []
        params = {"match": match, "show": highlight_query(query), "limit": limit}
        conn = self._conn
        with self._translate("search"):
            found = conn.execute(SEARCH_STATEMENTS, params).fetchall()
            by_pk = {row[0]: row for row in conn.execute(sql.STATEMENTS_BY_PK, ([row[0] for row in found],))}
            statements = self._statements([by_pk[row[0]] for row in found])
            hits = [
                SearchHit(kind="statement", article_id=statement.article_id, article_title=title,
                          snippet=framed(snippet, before, after), statement=statement, score=rank)
                for statement, (_, title, snippet, before, after, rank) in zip(statements, found)
            ]
            left = limit - len(hits)
            if left > 0:
                hits += [
                    SearchHit(kind="article", article_id=article_id, article_title=title,
                              snippet=framed(snippet, before, after), score=rank)
                    for article_id, title, snippet, before, after, rank in conn.execute(
                        SEARCH_ARTICLES, params | {"limit": left}
                    )
                ]
        return hits

    def positions_of(self, actor: str, *, latest: int | None = None) -> list[PositionEntry]:
        if "\x00" in actor:
            return []
        params = {"actor": actor, "limit": _page(latest, 0)["limit"]}
        with self._translate("read positions"):
            rows = self._conn.execute(sql.POSITIONS_OF_ACTOR, params).fetchall()[::-1]  # latest first → oldest first
        return records.position_entries_of(rows)

    def stories_of(self, article_ids: Sequence[str]) -> dict[str, Story]:
        with self._translate("read stories"):
            rows = self._conn.execute(sql.STORY_MEMBERS, (list(article_ids),)).fetchall()
        return records.stories_of(rows)

    def actor_counts(self) -> dict[str, int]:
        with self._translate("count statements per actor"):
            return dict(self._conn.execute(sql.ACTOR_COUNTS).fetchall())

    def counts(self) -> dict[str, int]:
        with self._translate("count"):
            articles, statements, actors = self._conn.execute(sql.COUNTS).fetchone()  # type: ignore[misc]
        return {"articles": articles, "statements": statements, "actors": actors}


def _page(limit: int | None, offset: int) -> dict[str, int | None]:
    """LIMIT/OFFSET parameters; PostgreSQL reads a NULL limit as no limit."""
    return {"limit": None if limit is None else max(limit, 0), "offset": max(offset, 0)}


def _statement_row(pk: int, seq: int, statement: Statement) -> tuple[Any, ...]:
    """The ``statements`` row of a statement, in ``sql.COPY_STATEMENTS`` order."""
    speaker, cue = statement.speaker, statement.cue
    actor_names = "; ".join(actor.name for actor in statement.actors)
    return (
        pk, statement.id, statement.article_id, seq, statement.kind, statement.sentence,
        speaker.start if speaker else None, speaker.end if speaker else None,
        speaker.text if speaker else None, speaker.text.casefold() if speaker else None,
        cue.start if cue else None, cue.end if cue else None, cue.text if cue else None,
        statement.cue_lemma, statement.date,
        *((when.start, when.end, when.text) if (when := statement.when) is not None else (None, None, None)),
        statement.content[0].start if statement.content else None, statement.content_text, actor_names,
        tsvector((statement.content_text, "A"), (speaker.text if speaker else None, "B"), (actor_names, "B")),
    )


def _position_row(pk: int, position: Position, holder_names: dict[Actor, str]) -> tuple[Any, ...]:
    """The ``positions`` row of a statement's position, in ``sql.COPY_POSITIONS`` order (``holder_names``:
    each holder's name as stored)."""
    holder = position.holder
    return (pk, holder_names[holder] if holder else None, holder.kind if holder else None, position.voice,
            position.stance, position.proposition, position.negated, position.embedding)
