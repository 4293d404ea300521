"""The PostgreSQL store's own edges: URLs and logins, databases that are not
(yet) onrecord's, migrations, search input, limits of PostgreSQL, a server restart.

The contract every store keeps is in test_store.py. Tests that need a server
take ``admin_url`` (``ONRECORD_TEST_PG``; they fail under CI when it is unset,
and are skipped elsewhere); the others run everywhere psycopg is installed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from importlib.util import find_spec
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit

import pytest

from onrecord.errors import SchemaError, StoreError, StoreNotFound
from onrecord.models import ExtractedArticle, Position
from onrecord.store import Store, migrate, open_store
from store_records import (
    LAVROV,
    RUSSIA,
    TEXT_B,
    VANCE,
    article,
    item_a,
    item_b,
    pg_admin_url,
    pg_database,
    pg_dump,
    pg_execute,
    pg_schema,
    pg_url_of,
    span,
    statement,
)

# Without psycopg (the postgres extra) the tests that need no server are skipped, but not under CI.
needs_psycopg = pytest.mark.skipif(
    find_spec("psycopg") is None and not os.environ.get("CI"), reason="psycopg is not installed"
)
T = TypeVar("T")
SERVER_SCRIPT = Path(__file__).parents[1] / "scripts" / "pg-test-server"
PASSWORD = "s3cret-Pw"


@pytest.fixture
def admin_url() -> str:
    """The test server's URL: a superuser on its own database."""
    return pg_admin_url()


@pytest.fixture
def db_url(admin_url: str) -> Iterator[str]:
    """A fresh, empty schema, the only one on the URL's search path (fast, see pg_schema)."""
    with pg_schema(admin_url) as url:
        yield url


@pytest.fixture
def database_url(admin_url: str) -> Iterator[str]:
    """A fresh, empty database, to use in its public schema as most users do."""
    with pg_database(admin_url) as url:
        yield url


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with open_store(db_url) as opened:
        yield opened


def _message(exc: pytest.ExceptionInfo[BaseException]) -> str:
    """An error's message together with the messages of the errors it chains to."""
    text, seen = "", exc.value
    while seen is not None:
        text += f" | {seen}"
        seen = seen.__cause__ or seen.__context__
    return text


# -- URLs and logins ---------------------------------------------------------------


def test_missing_psycopg_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(sys.modules, "onrecord.store.postgres", raising=False)
    monkeypatch.setitem(sys.modules, "psycopg", None)  # import psycopg → ImportError
    with pytest.raises(StoreError, match=r"PostgreSQL support needs psycopg: pip install 'onrecord\[postgres\]'"):
        open_store("postgresql://u@127.0.0.1:1/db")


@needs_psycopg
@pytest.mark.parametrize(
    ("url", "message"),
    [
        (f"postgresql://u:{PASSWORD}@127.0.0.1:1/db", "Connection refused"),
        (f"postgresql://u:{PASSWORD}@127.0.0.1:notaport/db", 'invalid integer value "notaport"'),
        # libpq quotes a badly encoded password back in its message
        (f"postgresql://u:{PASSWORD}%zz@127.0.0.1/db", "invalid percent-encoded token"),
        (f"postgresql://u@127.0.0.1:1/db?password={PASSWORD}", "Connection refused"),
    ],
)
def test_bad_url_or_no_server_is_store_error_without_the_password(url: str, message: str) -> None:
    with pytest.raises(StoreError, match=message) as caught:
        open_store(url)
    assert not isinstance(caught.value, StoreNotFound)
    assert PASSWORD not in _message(caught)


def test_wrong_password_is_store_error_without_either_password(admin_url: str) -> None:
    real = urlsplit(admin_url).password
    if not real:
        pytest.skip("the test server's URL has no password")
    try:
        open_store(admin_url.replace(f":{real}@", f":{PASSWORD}@", 1)).close()
    except StoreError as exc:
        text = str(exc)
        assert "password authentication failed" in text
        assert PASSWORD not in text and real not in text
        assert exc.__cause__ is None and exc.__context__ is None  # the driver's error may quote the URL
    else:
        pytest.skip("the server trusts every password")


def test_postgres_scheme_and_a_schema_of_its_own(database_url: str) -> None:
    pg_execute(database_url, "CREATE SCHEMA news")
    url = pg_url_of(database_url, schema="news").replace("postgresql://", "postgres://", 1)
    with open_store(url) as store:
        assert store.put(item_a()) == "added"
    assert pg_dump(database_url) == {}  # nothing in public
    assert pg_dump(pg_url_of(database_url, schema="news"))["articles"]


# -- databases that are not (yet) onrecord's --------------------------------------


@pytest.mark.parametrize("create", [True, False])
def test_missing_database_is_store_not_found(admin_url: str, create: bool) -> None:
    url = pg_url_of(admin_url, "no_such_database")
    with pytest.raises(StoreNotFound, match='database "no_such_database" does not exist: create it first'):
        open_store(url, create=create)


def test_empty_database_without_create_is_store_not_found(database_url: str) -> None:
    with pytest.raises(StoreNotFound, match="holds no onrecord database: run `onrecord ingest"):
        open_store(database_url, create=False)
    assert pg_dump(database_url) == {}  # nothing was created
    with open_store(database_url) as store:
        assert store.schema_version == migrate.latest_version()
    with open_store(database_url, create=False) as store:
        assert store.counts() == {"articles": 0, "statements": 0, "actors": 0}


def test_database_with_other_tables_is_schema_error(db_url: str) -> None:
    pg_execute(db_url, "CREATE TABLE invoices (id integer)")
    with pytest.raises(SchemaError, match="holds tables that are not onrecord's"):
        open_store(db_url)
    assert list(pg_dump(db_url)) == ["invoices"]


def test_newer_schema_is_schema_error(db_url: str) -> None:
    open_store(db_url).close()
    pg_execute(db_url, "INSERT INTO schema_migrations (version, name) VALUES (99, '0099_future.sql')")
    with pytest.raises(SchemaError, match=rf"schema version 99, newer than this onrecord understands \({migrate.latest_version()}\)"):
        open_store(db_url, create=False)


def test_schema_versions_match_across_backends() -> None:
    sqlite_names = [m.name for m in migrate.migrations()]
    postgres_names = [m.name for m in migrate.migrations("migrations_pg")]
    assert postgres_names == sqlite_names
    assert migrate.latest_version("migrations_pg") == migrate.latest_version()


def test_migrating_resumes_from_an_older_version(db_url: str) -> None:
    open_store(db_url).close()
    pg_execute(db_url, "DROP TABLE article_bands, article_stories, positions")
    pg_execute(db_url, "ALTER TABLE statements DROP COLUMN when_start, DROP COLUMN when_end, DROP COLUMN when_text")
    pg_execute(db_url, "DELETE FROM schema_migrations WHERE version >= 2")
    with open_store(db_url) as store:
        assert store.schema_version == 5
    applied = pg_execute(db_url, "SELECT version, name FROM schema_migrations ORDER BY version")
    assert applied == [(1, "0001_initial.sql"), (2, "0002_positions.sql"), (3, "0003_stories.sql"),
                       (4, "0004_place_kind.sql"), (5, "0005_stated_time.sql")]


def _at_once(count: int, work: Callable[[int], T]) -> list[T]:
    """``work(0)`` … ``work(count - 1)``, each in a thread, started together; their results.

    The first error any of them raised is raised here.
    """
    start = threading.Barrier(count)

    def run(n: int) -> T:
        start.wait()
        return work(n)

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(run, range(count)))


def test_stores_opening_a_new_database_at_once_migrate_it_once(db_url: str) -> None:
    def open_one(_: int) -> int:
        with open_store(db_url) as store:
            return store.schema_version

    versions = _at_once(4, open_one)
    assert versions == [migrate.latest_version()] * 4
    every = [(version,) for version in range(1, migrate.latest_version() + 1)]
    assert pg_execute(db_url, "SELECT version FROM schema_migrations ORDER BY version") == every


def test_the_same_article_put_at_once_is_added_once(db_url: str) -> None:
    open_store(db_url).close()

    def put(_: int) -> str:
        with open_store(db_url) as store:
            return store.put(item_a())

    assert sorted(_at_once(4, put)) == ["added", "unchanged", "unchanged", "unchanged"]
    with open_store(db_url) as store:
        assert store.counts() == {"articles": 1, "statements": 3, "actors": 2}


def test_writers_at_once_merge_actors_as_one_writer_would(db_url: str) -> None:
    # Without the write lock, two of these deadlock on the actors' rows, and a
    # spelling of Lavrov's name can miss the other and become an actor of its own.
    open_store(db_url).close()
    variant = replace(LAVROV, name="Sergei Lavrov", aliases=())
    casts = [(LAVROV, RUSSIA), (RUSSIA, LAVROV), (variant, VANCE), (VANCE, variant), (RUSSIA, VANCE), (VANCE, LAVROV)]

    def put(n: int) -> str:
        art = article(f"{TEXT_B} ({n})", url=None)
        with open_store(db_url) as store:
            return store.put(ExtractedArticle(article=art, statements=(
                statement(art, 0, (span(art.text, "They have agreed,"),), actors=casts[n]),
            )))

    assert _at_once(len(casts), put) == ["added"] * len(casts)
    with open_store(db_url) as store:
        counts = store.actor_counts()
    lavrov = "Sergey Lavrov" if "Sergey Lavrov" in counts else "Sergei Lavrov"  # whichever came first
    assert counts == {"JD Vance": 4, "Russia": 3, lavrov: 5}


# -- what PostgreSQL cannot hold, and search input ---------------------------------------


def test_text_with_nul_is_refused_whole(store: Store) -> None:
    art = article("A NUL \x00 in the text.", url=None)
    with pytest.raises(StoreError, match="NUL"):
        store.put(ExtractedArticle(article=art, statements=(
            statement(art, 0, (span(art.text, "A NUL"),)),
        )))
    assert store.counts()["articles"] == 0


def test_lookups_with_nul_find_nothing(store: Store) -> None:
    store.put(item_a())
    assert store.article("\x00") is None
    assert store.actor("Lavrov\x00") is None
    assert store.statements(speaker="lav\x00") == []
    assert store.statements(article_id="\x00") == []
    assert store.statements(actor="\x00") == []
    assert store.position_keys(holder="\x00") == []
    assert store.positions_of("\x00") == []
    assert [h.kind for h in store.search("\x00lavrov\x00")] == [h.kind for h in store.search("lavrov")]


@pytest.mark.parametrize(
    "query",
    [
        "a & b | !c <-> d:* 'e' \\ (",  # tsquery operators
        "foo:* !bar <2> baz",
        "'''",
        "\\\\'",
        "x" * 3000,  # longer than a lexeme may be
        "-".join(["word"] * 20_000),  # a phrase deeper than PostgreSQL's parser recurses
        " ".join(f"w{i}" for i in range(50_000)),
        "é" * 2000,
        "\x00 lavrov",
    ],
)
def test_search_input_is_never_an_error(store: Store, query: str) -> None:
    store.put(item_a())
    assert isinstance(store.search(query), list)


def test_search_folds_case_and_accents(store: Store) -> None:
    text = "The Élysée said the STRASSE was closed."
    art = article(text, title="Paris")
    store.put(ExtractedArticle(article=art, statements=(
        statement(art, 0, (span(text, "the STRASSE was closed"),), speaker=span(text, "The Élysée")),
    )))
    for query in ("elysee", "ÉLYSÉE", "straße", "Strasse"):
        assert [h.kind for h in store.search(query)] == ["statement", "article"], query
    assert store.search("straße")[0].snippet == "the **STRASSE** was closed"
    # ts_headline folds case by the server's locale: accented capitals are marked where it knows them
    assert "Élysée" in store.search("élysée")[1].snippet


def test_long_articles_are_searchable_to_the_end(store: Store) -> None:
    words = [f"w{i}" for i in range(40_000)] + ["x" * 3000, "lastword"]
    art = article(" ".join(words), title="Long")
    assert store.put(ExtractedArticle(article=art, statements=())) == "added"
    [hit] = store.search("lastword")
    assert hit.article_id == art.id and "**lastword**" in hit.snippet
    assert [h.article_id for h in store.search("w0 w39999")] == [art.id]


# -- storage details --------------------------------------------------------------------


def test_embeddings_are_the_bytes_given(store: Store, db_url: str) -> None:
    blob = bytes(range(256)) * 6  # not floats, and a length that is no multiple of 384*4
    a = item_a()
    position = Position(holder=None, voice="own", stance="assert", proposition="p", embedding=blob)
    store.put(replace(a, statements=(replace(a.statements[0], position=position), *a.statements[1:])))
    [(stored,)] = pg_execute(db_url, "SELECT embedding FROM positions")
    assert stored == blob
    keys, vectors = store.position_vectors()
    assert len(keys) == 1 and vectors == blob


def test_order_is_code_point_order_whatever_the_collation(store: Store) -> None:
    names = ["b", "B", "a", "é", "Z", "_x"]
    for name in names:
        art = article(f"Article {name}.", name=name, published="2025-01-01")
        store.put(ExtractedArticle(article=art, statements=()))
    assert [a.name for a in store.articles()] == sorted(names)


# -- a server restart ------------------------------------------------------------------


def test_a_server_restart_fails_one_call_and_the_next_reconnects(admin_url: str, store: Store) -> None:
    running = subprocess.run([str(SERVER_SCRIPT), "url"], capture_output=True, text=True, check=False)
    if running.stdout.strip() != admin_url:
        pytest.skip("restarting needs the server of scripts/pg-test-server")
    store.put(item_a())
    subprocess.run([str(SERVER_SCRIPT), "restart"], check=True, timeout=60)
    with pytest.raises(StoreError, match="the next call reconnects"):
        store.counts()
    assert store.counts() == {"articles": 1, "statements": 3, "actors": 2}
    assert store.put(item_b()) == "added"
