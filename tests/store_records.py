"""Records, raw-table dumps and test databases shared by the store test suites."""

from __future__ import annotations

import os
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import pytest

from onrecord.models import Actor, Article, ExtractedArticle, Span, Statement, digest

PG_ENV = "ONRECORD_TEST_PG"  # the URL `scripts/pg-test-server start` prints


def sqlite_dump(path: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows in a SQLite file, FTS5 shadow tables included."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {
            name: sorted(conn.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr)
            for name in sorted(names)
            if not name.startswith("sqlite_")
        }
    finally:
        conn.close()


def sqlite_iterdump(path: str) -> list[str]:
    """The SQL text dump of a SQLite file."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


# -- PostgreSQL test databases ------------------------------------------------------


def pg_admin_url() -> str:
    """The test server's URL; unset, the test fails under CI (``CI`` set) and is skipped elsewhere."""
    url = os.environ.get(PG_ENV)
    if url:
        return url
    message = f"{PG_ENV} is not set: run `export {PG_ENV}=$(scripts/pg-test-server start)`"
    if os.environ.get("CI"):
        pytest.fail(f"{message}; CI runs the store tests against PostgreSQL too")
    pytest.skip(message)


def pg_url_of(url: str, database: str | None = None, *, schema: str | None = None) -> str:
    """The URL of another database on the same server, as the same user, or of one schema in it."""
    parts = urlsplit(url)
    if database is not None:
        parts = parts._replace(path="/" + database)
    if schema is not None:
        query = [(k, v) for k, v in parse_qsl(parts.query) if k != "options"]
        parts = parts._replace(query=urlencode([*query, ("options", f"-csearch_path={schema}")]))
    return urlunsplit(parts)


@contextmanager
def pg_database(admin_url: str) -> Iterator[str]:
    """A fresh, empty database on the server of ``admin_url``: its URL; dropped after."""
    name = f"t_{secrets.token_hex(6)}"
    pg_execute(admin_url, f"CREATE DATABASE {name}")
    try:
        yield pg_url_of(admin_url, name)
    finally:
        pg_execute(admin_url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@contextmanager
def pg_schema(admin_url: str) -> Iterator[str]:
    """A fresh, empty schema in the database of ``admin_url``, as the only one on its URL's
    search path: the URL; dropped after.

    A schema costs a fraction of a millisecond where a database costs 10-300 ms
    (a copy of the template and a checkpoint), and the store keeps to its
    current schema, so the contract tests each get one.
    """
    name = f"t_{secrets.token_hex(6)}"
    pg_execute(admin_url, f"CREATE SCHEMA {name}")
    try:
        yield pg_url_of(admin_url, schema=name)
    finally:
        pg_execute(admin_url, f"DROP SCHEMA IF EXISTS {name} CASCADE")


def pg_execute(url: str, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Run one statement beside the store (autocommit); its rows, if any."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        cur = conn.execute(sql, params or None)
        return cur.fetchall() if cur.description else []


def pg_dump(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows in a PostgreSQL database's current schema."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        names = [r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")]
        return {
            name: sorted(conn.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr)
            for name in sorted(names)
        }


# -- records built by hand -------------------------------------------------------

LAVROV = Actor(
    name="Sergey Lavrov",
    kind="person",
    affiliation="Russia",
    aliases=("Lavrov", "Sergei Lavrov"),
    titles=("Russian Foreign Minister",),
)
RUSSIA = Actor(name="Russia", kind="country", aliases=("Moscow", "the Kremlin"))
VANCE = Actor(name="JD Vance", kind="person", affiliation="United States", aliases=("Vance",))

TEXT_A = (
    "Foreign Minister Sergey Lavrov said on Tuesday that guarantees involving European "
    'forces were "absolutely unacceptable". Moscow, he added, wants China as a guarantor. '
    'According to U.S. officials, Russia accepted "Article 5-like" protections.'
)
QUOTE_A = 'guarantees involving European forces were "absolutely unacceptable"'
TEXT_B = 'Vance repeated the claim. "They have agreed," he said in an interview with Fox News.'


def span(text: str, words: str, nth: int = 0) -> Span:
    """The span of the ``nth`` occurrence of ``words`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(words, start + 1)
    return Span.of(text, start, start + len(words))


def article(text: str, **fields: Any) -> Article:
    """An article over ``text``; its id is the text's hash unless given."""
    fields.setdefault("id", digest(text))
    fields.setdefault("name", "article-" + fields["id"][:6])
    return Article(origin="test", text=text, content_hash=digest(text), **fields)


def statement(art: Article, n: int, content: tuple[Span, ...], **fields: Any) -> Statement:
    """Statement number ``n`` of an article, with a deterministic id."""
    fields.setdefault("kind", "indirect")
    fields.setdefault("sentence", 0)
    return Statement(
        id=digest(art.id, str(n)), article_id=art.id, content=content,
        speaker=fields.pop("speaker", None), cue=fields.pop("cue", None), **fields,
    )


def item_a(**fields: Any) -> ExtractedArticle:
    """The Lavrov article: a mixed quote, a two-span paraphrase, an "according to"."""
    fields.setdefault("url", "https://example.test/lavrov")
    art = article(TEXT_A, title="Lavrov rejects guarantees", published="2025-08-19", **fields)
    t = art.text
    return ExtractedArticle(article=art, statements=(
        statement(
            art, 0, (span(t, QUOTE_A),),
            speaker=span(t, "Foreign Minister Sergey Lavrov"), cue=span(t, "said"),
            kind="mixed", actors=(LAVROV,), cue_lemma="say", date="2025-08-19",
        ),
        statement(
            art, 1, (span(t, "Moscow"), span(t, "wants China as a guarantor")),
            speaker=span(t, "he"), cue=span(t, "added"), sentence=1,
            actors=(LAVROV, RUSSIA), cue_lemma="add",
        ),
        statement(
            art, 2, (span(t, 'Russia accepted "Article 5-like" protections'),),
            speaker=span(t, "U.S. officials"), cue=span(t, "According to"),
            kind="according_to", sentence=2,
        ),
    ))


def item_b() -> ExtractedArticle:
    """The Vance article: a direct quote and a statement with no speaker or cue."""
    art = article(TEXT_B, title="Vance repeats claim", published="2025-08-20",
                  url="https://example.test/vance")
    t = art.text
    return ExtractedArticle(article=art, statements=(
        statement(art, 0, (span(t, "Vance repeated the claim."),), kind="other"),
        statement(
            art, 1, (span(t, "They have agreed,"),), speaker=span(t, "he"),
            cue=span(t, "said"), kind="direct", sentence=1, actors=(VANCE,), cue_lemma="say",
        ),
    ))


def ids(statements: list[Statement]) -> list[str]:
    """The ids of some statements, in order."""
    return [s.id for s in statements]
