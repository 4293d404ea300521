"""The SQLite backend's own file: bytes, pragmas, FTS consistency, schema and path errors."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from onrecord.errors import SchemaError, StoreError, StoreNotFound
from onrecord.models import Article, ExtractedArticle
from onrecord.store import migrate, open_store
from onrecord.store.sqlite import SQLiteStore
from store_records import TEXT_A, article, item_a, item_b, span, sqlite_dump, sqlite_iterdump, statement


# -- SQLite: the file itself --------------------------------------------------------------


@pytest.fixture
def db_path(tmp_path: Path) -> str:
    """Where a SQLite test database goes."""
    return str(tmp_path / "onrecord.db")


def test_sqlite_unchanged_put_keeps_file_bytes_and_dump(db_path: str) -> None:
    with open_store(db_path) as store:
        store.put(item_a())
        store.put(item_b())
        files = [Path(db_path), Path(db_path + "-wal")]
        before = [p.read_bytes() for p in files], sqlite_iterdump(db_path)
        assert store.put(item_a()) == "unchanged"
        assert store.put(item_b()) == "unchanged"
        assert ([p.read_bytes() for p in files], sqlite_iterdump(db_path)) == before


def test_sqlite_uses_wal_and_foreign_keys(db_path: str) -> None:
    with open_store(db_path) as store:
        assert isinstance(store, SQLiteStore)
        store.put(item_a())
        conn = sqlite3.connect(db_path)
        try:
            assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
            orphan = "INSERT INTO statement_spans VALUES (12345, 0, 0, 1, 'x')"
            conn.execute("PRAGMA foreign_keys = ON")
            with pytest.raises(sqlite3.IntegrityError):
                conn.execute(orphan)
        finally:
            conn.close()


def test_sqlite_fts_index_stays_consistent(db_path: str) -> None:
    with open_store(db_path) as store:
        store.put(item_a())
        store.put(item_b())
        text = TEXT_A.replace("Tuesday", "Friday")
        store.put(ExtractedArticle(article=article(text, url=item_a().article.url), statements=()))
    conn = sqlite3.connect(db_path)
    try:
        for table in ("statements_fts", "articles_fts"):
            conn.execute(f"INSERT INTO {table} ({table}) VALUES ('integrity-check')")
    finally:
        conn.close()


def test_sqlite_failure_after_article_row_rolls_back(
    db_path: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store(db_path)
    assert isinstance(store, SQLiteStore)
    first, second, third = item_a(), item_b(), ExtractedArticle(
        article=article("A third article.", url=None), statements=()
    )
    store.put(first)
    insert_article = SQLiteStore._insert_article

    def fail_on_second(self: SQLiteStore, art: Article) -> int:
        pk = insert_article(self, art)
        if art.id == second.article.id:
            raise RuntimeError("disk pulled out")
        return pk

    monkeypatch.setattr(SQLiteStore, "_insert_article", fail_on_second)
    before = sqlite_dump(db_path)
    with pytest.raises(RuntimeError, match="disk pulled out"):
        store.put(second)
    assert sqlite_dump(db_path) == before
    assert store.put(third) == "added"
    store.close()
    with open_store(db_path, create=False) as reopened:
        assert reopened.article(second.article.id) is None
        assert reopened.statements(article_id=first.article.id) == list(first.statements)
        assert reopened.counts() == {"articles": 2, "statements": 3, "actors": 2}


def test_sqlite_in_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with open_store(":memory:") as store:
        assert store.put(item_a()) == "added"
        assert store.schema_version == migrate.latest_version()
    assert os.listdir(tmp_path) == []


def test_sqlite_newer_schema_is_refused(db_path: str) -> None:
    with open_store(db_path):
        pass
    conn = sqlite3.connect(db_path)
    conn.execute("INSERT INTO schema_migrations VALUES (99, '0099_future.sql', '2030-01-01')")
    conn.commit()
    conn.close()
    with pytest.raises(SchemaError, match=r"schema version 99, newer .*upgrade onrecord"):
        open_store(db_path)


def test_sqlite_database_of_another_program_is_refused(db_path: str) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()
    before = Path(db_path).read_bytes()
    with pytest.raises(SchemaError, match="not an onrecord database"):
        open_store(db_path)
    assert Path(db_path).read_bytes() == before


def test_sqlite_non_database_file_is_refused(db_path: str) -> None:
    junk = bytes(range(256)) * 64
    Path(db_path).write_bytes(junk)
    with pytest.raises(StoreError, match="is not a SQLite database"):
        open_store(db_path)
    assert Path(db_path).read_bytes() == junk


def test_sqlite_missing_file_without_create(db_path: str) -> None:
    with pytest.raises(StoreNotFound, match=r"no database at .*onrecord ingest"):
        open_store(db_path, create=False)
    assert not os.path.exists(db_path)


def test_sqlite_empty_file_without_create_is_not_found(db_path: str) -> None:
    Path(db_path).touch()
    with pytest.raises(StoreNotFound):
        open_store(db_path, create=False)


def test_sqlite_unopenable_path(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="cannot open a database"):
        open_store(tmp_path / "no-such-folder" / "onrecord.db")


# The statements INSERT of the versions before schema 5 (which added the words that date a statement)
_INSERT_STATEMENT_BEFORE_5 = """
INSERT INTO statements (id, article_id, seq, kind, sentence, speaker_start,
    speaker_end, speaker_text, cue_start, cue_end, cue_text, cue_lemma, date,
    content_start, content_text, actor_names)
VALUES (:id, :article_id, :seq, :kind, :sentence, :speaker_start, :speaker_end,
    :speaker_text, :cue_start, :cue_end, :cue_text, :cue_lemma, :date,
    :content_start, :content_text, :actor_names)"""


def _schema_3_database(db_path: str, monkeypatch: pytest.MonkeyPatch, *items: ExtractedArticle) -> tuple:
    """A database at schema 3 holding ``items``, as the version before schema 4 wrote it; every migration
    shipped, for the caller to go on with."""
    from onrecord.store import sqlite as sqlite_store

    every = migrate.migrations()
    with monkeypatch.context() as old:
        old.setattr(migrate, "migrations", lambda folder_name="migrations": every[:3])
        old.setattr(sqlite_store, "_INSERT_STATEMENT", _INSERT_STATEMENT_BEFORE_5)
        with open_store(db_path) as store:
            assert store.schema_version == 3
            for item in items:
                store.put(item)
    return every


def test_sqlite_schema_4_keeps_every_actor_and_whatever_refers_to_them(
    db_path: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Schema 4 rebuilds the actors table (SQLite cannot widen a CHECK constraint in place) for the kind
    "place": a database of schema 3 keeps every actor, alias, title and statement's actor, the same ids,
    foreign keys are enforced again after, and a place can be stored."""
    from onrecord.models import Actor

    every = _schema_3_database(db_path, monkeypatch, item_a(), item_b())
    before = sqlite_dump(db_path)
    monkeypatch.setattr(migrate, "migrations", lambda folder_name="migrations": every[:4])
    with open_store(db_path) as store:
        assert store.schema_version == 4
        after = sqlite_dump(db_path)
        assert {k: v for k, v in after.items() if k != "schema_migrations"} == {
            k: v for k, v in before.items() if k != "schema_migrations"}
        assert [row[:2] for row in after["schema_migrations"]][-1] == (4, "0004_place_kind.sql")
    monkeypatch.setattr(migrate, "migrations", lambda folder_name="migrations": every)
    with open_store(db_path) as store:
        art = article("Texas said it would sue.", url="https://example.test/texas")
        said = statement(art, 0, (span(art.text, "it would sue"),), speaker=span(art.text, "Texas"),
                         cue=span(art.text, "said"), actors=(Actor(name="Texas", kind="place"),), cue_lemma="say")
        assert store.put(ExtractedArticle(article=art, statements=(said,))) == "added"
        assert store.actor("Texas").kind == "place"
    conn = sqlite3.connect(db_path)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("INSERT INTO actor_titles VALUES (987654, 'Gov.')")
    finally:
        conn.close()


def test_sqlite_schema_5_reads_older_statements_back_undated_by_words(db_path: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Schema 5 adds the words that date a statement: those stored before read back as they were put, with
    no such words, and a statement put after keeps its own."""
    from dataclasses import replace

    old = item_a()
    _schema_3_database(db_path, monkeypatch, old)
    monkeypatch.undo()
    art = article("On Tuesday Texas said it would sue.", url="https://example.test/texas-tuesday")
    said = statement(art, 0, (span(art.text, "it would sue"),), speaker=span(art.text, "Texas"), cue=span(art.text, "said"),
                     cue_lemma="say", date="2026-12-01", when=span(art.text, "Tuesday"))
    with open_store(db_path) as store:
        assert store.schema_version == 5
        assert store.statements(article_id=old.article.id) == list(old.statements)
        assert all(st.when is None for st in store.statements(article_id=old.article.id))
        assert store.put(ExtractedArticle(article=art, statements=(said,))) == "added"
        assert store.statements(article_id=art.id) == [said]
        assert store.statements(article_id=art.id)[0].when == replace(said.when)


def test_sqlite_a_rebuild_that_would_orphan_rows_is_rolled_back(db_path: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A migration that rebuilds a table runs with foreign keys off, so they are checked before it commits: one
    that would leave statements pointing at actors that are gone fails with a clear error and changes nothing."""
    every = _schema_3_database(db_path, monkeypatch, item_a())
    before = sqlite_dump(db_path)
    broken = migrate.Migration(version=4, name="0004_broken.sql", sql=(
        "-- onrecord: rebuilds tables\nDROP TABLE actors;\n"
        "CREATE TABLE actors (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,"
        " affiliation TEXT);\n"
    ))
    monkeypatch.setattr(migrate, "migrations", lambda folder_name="migrations": (*every[:3], broken))
    with pytest.raises(SchemaError, match="0004_broken.sql failed: it would leave rows referring to rows"):
        open_store(db_path)
    assert sqlite_dump(db_path) == before
