"""PostgreSQL end to end: the web pages over a PostgreSQL store, and an ingest across a server restart.

Both need the server of scripts/pg-test-server (``ONRECORD_TEST_PG``; they
fail under CI when it is unset, and are skipped elsewhere).
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient

from onrecord.embed import from_blob
from onrecord.pipeline import ingest
from onrecord.settings import Settings
from onrecord.store import open_store
from onrecord.store.postgres import PostgresStore
from onrecord.web.app import ServeConfig, create_app
from store_records import pg_admin_url, pg_schema

pytestmark = pytest.mark.model
ROOT = Path(__file__).parents[1]
STORY = ROOT / "tests" / "data" / "story"
SERVER_SCRIPT = ROOT / "scripts" / "pg-test-server"
SOURCES = [str(ROOT / "onrecord" / "data" / "founding_article.txt"), *sorted(str(p) for p in STORY.glob("*.html"))]
SETTINGS = Settings(actors_file=str(STORY / "actors.toml"), processes=1)


@pytest.fixture
def pg_url() -> Iterator[str]:
    with pg_schema(pg_admin_url()) as url:
        yield url


def _without_keys(value):
    """JSON with the storage keys left out (they number rows in each database)."""
    if isinstance(value, dict):
        return {k: _without_keys(v) for k, v in value.items() if k != "key"}
    if isinstance(value, list):
        return [_without_keys(v) for v in value]
    return value


def test_serve_shows_the_same_pages_on_postgresql(pg_url: str, web_db: str) -> None:
    with open_store(pg_url) as store:
        assert ingest(store, SOURCES, settings=SETTINGS).ok
    with TestClient(create_app(ServeConfig(db=web_db))) as lite, TestClient(create_app(ServeConfig(db=pg_url))) as pg:
        founding = [a for a in lite.get("/api/articles").json()["items"] if a["name"] == "founding_article"][0]
        contest = lite.get("/api/contests", params={"holder": "Russia"}).json()["items"][0]
        pages = ["/", "/actors", "/actors/Sergey%20Lavrov", "/actors/Steve%20Witkoff", "/actors/Valdoria", "/articles",
                 founding["url"], "/contests", contest["url"], "/search?q=Tessel+dam"]
        for path in pages:
            a, b = lite.get("/api" + (path if path != "/" else "/home")), pg.get("/api" + (path if path != "/" else "/home"))
            assert a.status_code == b.status_code == 200, path
            if "search" not in path:  # full-text ranking differs between FTS5's bm25 and ts_rank
                assert _without_keys(a.json()) == _without_keys(b.json()), path
            page_a, page_b = lite.get(path), pg.get(path)
            assert page_a.status_code == page_b.status_code == 200, path
            if path == founding["url"]:
                assert page_a.text == page_b.text  # the highlighted article, byte for byte


def test_ingest_across_a_server_restart_loses_nothing_and_duplicates_nothing(
    pg_url: str, web_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    running = subprocess.run([str(SERVER_SCRIPT), "url"], capture_output=True, text=True, check=False)
    if running.stdout.strip() != pg_admin_url():
        pytest.skip("restarting needs the server of scripts/pg-test-server")
    group = PostgresStore._group
    calls = {"n": 0}

    def restart_inside_the_third_write(self: PostgresStore, article_pk: int, text: str) -> None:
        calls["n"] += 1
        group(self, article_pk, text)
        if calls["n"] == 3:  # the article row is written, its statements not yet: the server goes away
            subprocess.run([str(SERVER_SCRIPT), "restart"], check=True, timeout=60)

    monkeypatch.setattr(PostgresStore, "_group", restart_inside_the_third_write)
    with open_store(pg_url) as store:
        first = ingest(store, SOURCES, settings=SETTINGS)
    # the article being written when the server went down is reported, not half-stored
    assert len(first.failed) == 1 and first.failed[0].error == "StoreError", first
    assert len(first.added) == len(SOURCES) - 1
    with open_store(pg_url) as store:
        second = ingest(store, SOURCES, settings=SETTINGS)  # the same command again finishes the job
    assert second.ok and len(second.added) == 1 and len(second.unchanged) == len(SOURCES) - 1
    with open_store(pg_url) as pg, open_store(web_db, create=False) as lite:
        assert pg.counts() == lite.counts()
        for art in lite.articles():
            got, want = pg.statements(article_id=art.id), lite.statements(article_id=art.id)
            assert [_bare(s) for s in got] == [_bare(s) for s in want], art.name  # whole, once
            for g, w in zip(got, want):  # embedded in another batch: equal up to float rounding
                assert np.allclose(from_blob(g.position.embedding), from_blob(w.position.embedding), atol=1e-5)


def _bare(st):
    return replace(st, position=replace(st.position, embedding=None)) if st.position else st
