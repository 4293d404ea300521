"""Ingesting batches: bad inputs are one-line reasons, the rest goes on, nothing stored is lost, twice is once."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from click.testing import CliRunner, Result

import onrecord.pipeline
from onrecord.cli import main
from onrecord.errors import StoreError
from onrecord.models import ExtractedArticle, IngestReport
from onrecord.pipeline import ingest
from onrecord.settings import DEFAULT_SETTINGS, MEGABYTE
from onrecord.store import SQLiteStore, open_store

if TYPE_CHECKING:
    from conftest import LocalHTTPServer

JANE = "Mayor Jane Doe said the bridge would reopen in May. She added that the repairs would cost $4 million.\n"
BOB = "Governor Bob Roe said the tunnel would close in June.\n\n“We have no choice,” Roe told reporters.\n"
ANN = "Senator Ann Lee said the budget was late.\n"
KIM = "Police chief Kim Park warned that the roads would be icy.\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + b"\x00" * 256
HUGE_BYTES = 50 * MEGABYTE
TIMEOUT_S = 0.5
SLOW_S = 5.0  # the slow route answers long after the client gave up
BROKEN_FEED = b"<?xml version='1.0'?><rss version='2.0'><channel><item><link>http://example.com/a</link>"


def invoke(*args: str) -> Result:
    """Run ``onrecord ARGS`` in-process; only SystemExit may escape the command."""
    result = CliRunner(env={"COLUMNS": "110"}).invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def write(path: Path, data: str | bytes) -> str:
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return str(path)


def dump(db: str | Path) -> list[str]:
    """Every row of every table as SQL, FTS shadow tables included."""
    conn = sqlite3.connect(db)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def stored(db: str | Path) -> tuple[list[str], list[Any]]:
    """Names of the stored articles and every stored statement."""
    with open_store(db, create=False) as store:
        return sorted(a.name for a in store.articles()), store.statements()


@pytest.fixture(scope="session")
def huge_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real 50 MB HTML page, written once per session in 1 MB chunks."""
    path = tmp_path_factory.mktemp("huge") / "huge.html"
    paragraph = b"<p>Mayor Jane Doe said the bridge would reopen in May, officials said.</p>\n"
    chunk = paragraph * (MEGABYTE // len(paragraph))
    with path.open("wb") as handle:
        handle.write(b"<!doctype html><html><head><title>Huge</title></head><body>\n")
        while handle.tell() + len(chunk) <= HUGE_BYTES:
            handle.write(chunk)
        handle.write(b"x" * (HUGE_BYTES - handle.tell() - len(b"</body></html>")) + b"</body></html>")
    assert path.stat().st_size == HUGE_BYTES
    return path


FRENCH = (
    "Le maire a déclaré mardi que le pont rouvrirait avant la fin de l'année. « Nous ne reculerons pas », "
    "a-t-il affirmé devant les conseillers municipaux, qui ont voté le budget des travaux."
)
LONG_TEXT = "\n\n".join(
    " ".join(f"The council met for the {n * 10 + k}th time and said the bridge would reopen." for k in range(10))
    for n in range(1_700)
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Bad:
    """One bad input of the batch: where it is, how it is counted, what its reason names."""

    origin: str
    outcome: str  # "skipped" or "failed"
    error: str  # the error class name
    names: str  # a word the reason must contain


@dataclass(frozen=True, slots=True, kw_only=True)
class Batch:
    sources: list[str]
    good: list[str]  # article names of the good inputs
    bad: list[Bad]


@pytest.fixture
def batch(tmp_path: Path, http_server: LocalHTTPServer, huge_html: Path) -> Batch:
    """A good file, every kind of bad input, and a second good file at the end."""
    http_server.route("/slow", body="<html><body><p>Late.</p></body></html>", delay_s=SLOW_S)
    http_server.route("/gone", body="no such page", status=404)
    http_server.route("/broken", body="internal error", status=500)
    http_server.route("/feed.xml", body=BROKEN_FEED, content_type="application/rss+xml")
    bad = [
        Bad(origin=write(tmp_path / "empty.txt", b""), outcome="skipped", error="EmptyInput", names="empty"),
        Bad(origin=write(tmp_path / "image.txt", PNG), outcome="skipped", error="BinaryInput", names="binary"),
        Bad(origin=str(huge_html), outcome="skipped", error="TooLarge", names="50.0 MB"),
        Bad(origin=write(tmp_path / "french.txt", FRENCH.encode()), outcome="skipped", error="NotEnglish", names="English"),
        Bad(  # 1.3 MB, under the file cap, but longer than the parser reads in one article
            origin=write(tmp_path / "book.txt", LONG_TEXT.encode()), outcome="skipped", error="ExtractionError",
            names="1,000,000 characters",
        ),
        Bad(
            origin=write(tmp_path / "latin1.txt", "Le maire a déclaré que le pont rouvrirait.".encode("latin-1")),
            outcome="skipped",
            error="DecodeError",
            names="UTF-8",
        ),
        Bad(origin=http_server.url("/slow"), outcome="failed", error="FetchTimeout", names="timed out"),
        Bad(origin=http_server.url("/gone"), outcome="failed", error="HTTPStatusError", names="404"),
        Bad(origin=http_server.url("/broken"), outcome="failed", error="HTTPStatusError", names="500"),
        Bad(origin=http_server.url("/feed.xml"), outcome="failed", error="FeedError", names="feed"),
    ]
    first = write(tmp_path / "jane.txt", JANE)
    last = write(tmp_path / "bob.txt", BOB)
    return Batch(sources=[first, *(b.origin for b in bad), last], good=["bob", "jane"], bad=bad)


def reason_lines(summary: str, origin: str) -> list[str]:
    """The summary lines that name ``origin`` (as the origin of a problem)."""
    return [line for line in summary.splitlines() if re.match(rf"  (skipped|failed ) {re.escape(origin)}: ", line)]


# -- a batch with every kind of bad input ---------------------------------------------


@pytest.mark.model
@pytest.mark.network
def test_cli_bad_inputs_are_one_line_each_and_the_batch_goes_on(tmp_path: Path, batch: Batch) -> None:
    db = str(tmp_path / "news.db")
    result = invoke("ingest", db, *batch.sources, "--timeout", str(TIMEOUT_S))
    assert result.exit_code == 1  # fetches failed
    lines = result.stdout.splitlines()
    assert lines[0] == "added 2, unchanged 0, skipped 6, failed 4; 4 statements written"
    assert len(lines) == 1 + len(batch.bad)
    for bad in batch.bad:
        [line] = reason_lines(result.stdout, bad.origin)
        assert line.startswith(f"  {bad.outcome:<7} {bad.origin}: "), line
        assert bad.names in line.split(": ", 1)[1], line
    names, statements = stored(db)
    assert names == batch.good
    assert len(statements) == 4


@pytest.mark.model
@pytest.mark.network
def test_library_bad_inputs_are_named_problems(tmp_path: Path, batch: Batch) -> None:
    settings = DEFAULT_SETTINGS.with_(fetch_timeout_s=TIMEOUT_S)
    with open_store(tmp_path / "news.db") as store:
        report = ingest(store, batch.sources, settings=settings)
        assert sorted(store.article(i).name for i in report.added) == batch.good  # type: ignore[union-attr]
    assert report.unchanged == ()
    assert not report.ok
    problems = {p.origin: (outcome, p) for outcome in ("skipped", "failed") for p in getattr(report, outcome)}
    assert set(problems) == {b.origin for b in batch.bad}
    for bad in batch.bad:
        outcome, problem = problems[bad.origin]
        assert (outcome, problem.error) == (bad.outcome, bad.error)
        assert bad.names in problem.reason
        assert "\n" not in problem.line()


@pytest.mark.model
def test_huge_file_is_refused_by_size_before_reading(tmp_path: Path, huge_html: Path) -> None:
    result = invoke("ingest", str(tmp_path / "news.db"), str(huge_html))
    assert result.exit_code == 0  # a skip is not a failure
    assert result.stdout == (
        "added 0, unchanged 0, skipped 1, failed 0; 0 statements written\n"
        f"  skipped {huge_html}: file is 50.0 MB, over the 20.0 MB cap\n"
    )


@pytest.mark.model
def test_only_skips_exit_0(tmp_path: Path) -> None:
    good = write(tmp_path / "jane.txt", JANE)
    empty = write(tmp_path / "empty.txt", "  \n\n ")
    result = invoke("ingest", str(tmp_path / "news.db"), good, empty)
    assert result.exit_code == 0
    assert result.stdout == (
        "added 1, unchanged 0, skipped 1, failed 0; 2 statements written\n"
        f"  skipped {empty}: file holds only whitespace\n"
    )


@pytest.mark.model
def test_missing_source_is_a_failure(tmp_path: Path) -> None:
    missing = str(tmp_path / "nope.txt")
    result = invoke("ingest", str(tmp_path / "news.db"), missing)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[1] == f"  failed  {missing}: no such file or folder"


def test_ingest_into_a_file_that_is_not_a_database_exits_2(tmp_path: Path) -> None:
    db = write(tmp_path / "notes.db", "not a database\n" * 200)
    result = invoke("ingest", db, write(tmp_path / "jane.txt", JANE))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1
    assert Path(db).read_text() == "not a database\n" * 200


# -- nothing stored before is lost ----------------------------------------------------------


@pytest.mark.model
@pytest.mark.network
def test_a_bad_batch_loses_nothing_stored_before(tmp_path: Path, batch: Batch) -> None:
    db = str(tmp_path / "news.db")
    earlier = [write(tmp_path / "ann.txt", ANN), write(tmp_path / "kim.txt", KIM)]
    assert invoke("ingest", db, *earlier).exit_code == 0
    with open_store(db) as store:
        articles_before = {a.id: a for a in store.articles()}
        statements_before = store.statements()
    assert len(articles_before) == 2 and statements_before

    assert invoke("ingest", db, *batch.sources, "--timeout", str(TIMEOUT_S)).exit_code == 1
    with open_store(db, create=False) as store:
        for article_id, article in articles_before.items():
            assert store.article(article_id) == article
        kept = [st for article_id in articles_before for st in store.statements(article_id=article_id)]
        assert kept == statements_before
        assert sorted(a.name for a in store.articles()) == sorted(["ann", "kim", *batch.good])


@pytest.mark.model
def test_a_store_failure_fails_one_article_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sources = [write(tmp_path / f"{n}.txt", t) for n, t in (("ann", ANN), ("jane", JANE), ("kim", KIM))]
    real_put = SQLiteStore.put

    def put(self: SQLiteStore, item: ExtractedArticle) -> str:
        if item.article.name == "jane":
            raise StoreError("disk full (simulated)")
        return real_put(self, item)

    monkeypatch.setattr(SQLiteStore, "put", put)
    result = invoke("ingest", str(tmp_path / "news.db"), *sources)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "added 2, unchanged 0, skipped 0, failed 1; 2 statements written",
        f"  failed  {sources[1]}: disk full (simulated)",
    ]
    assert stored(tmp_path / "news.db")[0] == ["ann", "kim"]


# -- interrupted ingests -------------------------------------------------------------------------


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Four good articles, read in name order: ann, bob, jane, kim."""
    root = tmp_path / "articles"
    root.mkdir()
    for name, text in (("ann", ANN), ("bob", BOB), ("jane", JANE), ("kim", KIM)):
        write(root / f"{name}.txt", text)
    return root


def interrupt_after(n: int, produce: Any) -> Any:
    """A stand-in for ``produce`` whose iterator raises KeyboardInterrupt after ``n`` items."""

    def wrapper(*args: Any, **kwargs: Any) -> Iterator[Any]:
        for i, item in enumerate(produce(*args, **kwargs)):
            if i == n:
                raise KeyboardInterrupt
            yield item

    return wrapper


def assert_healthy(db: Path, names: list[str]) -> None:
    """The database opens, passes SQLite's integrity check and holds exactly these articles."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        conn.close()
    got, statements = stored(db)
    assert got == names
    assert statements


@pytest.mark.model
def test_interrupt_after_the_second_article_keeps_the_first_two(
    tmp_path: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "news.db"
    monkeypatch.setattr(onrecord.pipeline, "run_local", interrupt_after(2, onrecord.pipeline.run_local))
    with open_store(db) as store, pytest.raises(KeyboardInterrupt):
        ingest(store, [str(folder)])
    assert_healthy(db, ["ann", "bob"])
    monkeypatch.undo()

    with open_store(db) as store:
        report = ingest(store, [str(folder)])
    assert (len(report.added), len(report.unchanged)) == (2, 2)


@pytest.mark.model
def test_interrupt_in_the_source_iterator_keeps_what_was_stored(
    tmp_path: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "news.db"
    monkeypatch.setattr(onrecord.pipeline, "iter_documents", interrupt_after(2, onrecord.pipeline.iter_documents))
    one_at_a_time = DEFAULT_SETTINGS.with_(batch_size=1, processes=1)  # no read-ahead
    with open_store(db) as store, pytest.raises(KeyboardInterrupt):
        ingest(store, [str(folder)], settings=one_at_a_time)
    assert_healthy(db, ["ann", "bob"])


@pytest.mark.model
def test_interrupt_inside_a_write_rolls_back_that_article_only(
    tmp_path: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "news.db"
    real_insert = SQLiteStore._insert_statement

    def insert(self: SQLiteStore, seq: int, statement: Any) -> None:
        real_insert(self, seq, statement)
        # The article row and its first statement are written, the transaction still open.
        if seq == 1 and self.article(statement.article_id).name == "jane":  # type: ignore[union-attr]
            raise KeyboardInterrupt

    monkeypatch.setattr(SQLiteStore, "_insert_statement", insert)
    with open_store(db) as store, pytest.raises(KeyboardInterrupt):
        ingest(store, [str(folder)])
    assert_healthy(db, ["ann", "bob"])


@pytest.mark.model
def test_cli_interrupt_leaves_an_openable_database(
    tmp_path: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "news.db"
    monkeypatch.setattr(onrecord.pipeline, "run_local", interrupt_after(3, onrecord.pipeline.run_local))
    result = invoke("ingest", str(db), str(folder))
    assert result.exit_code == 130
    assert "interrupted: every article stored before the interrupt is kept" in result.stderr
    assert_healthy(db, ["ann", "bob", "jane"])


# -- ingesting twice ---------------------------------------------------------------------------------


@pytest.mark.model
def test_ingesting_a_folder_twice_changes_nothing(tmp_path: Path, folder: Path) -> None:
    write(folder / "empty.txt", "")
    db = str(tmp_path / "news.db")
    first = invoke("ingest", db, str(folder))
    assert first.stdout.splitlines()[0] == "added 4, unchanged 0, skipped 1, failed 0; 6 statements written"
    before = dump(db)
    second = invoke("ingest", db, str(folder))
    assert second.exit_code == 0
    assert second.stdout == (
        "added 0, unchanged 4, skipped 1, failed 0; 0 statements written\n"
        f"  skipped {folder / 'empty.txt'}: file is empty\n"
    )
    assert dump(db) == before


@pytest.mark.model
def test_the_same_article_twice_in_one_batch_is_stored_once(tmp_path: Path) -> None:
    one = write(tmp_path / "one.txt", JANE)
    two = write(tmp_path / "two.txt", JANE)
    with open_store(tmp_path / "news.db") as store:
        report = ingest(store, [one, two])
        assert store.counts()["articles"] == 1
    assert (len(report.added), len(report.unchanged), report.statements) == (1, 1, 2)


@pytest.mark.model
def test_records_sharing_a_url_are_idempotent(tmp_path: Path) -> None:
    corpus = tmp_path / "crawl.jsonl"
    records = [
        {"text": JANE, "url": "https://example.com/bridge"},
        {"text": JANE.replace("May", "June"), "url": "https://example.com/bridge"},
    ]
    corpus.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    db = tmp_path / "news.db"
    with open_store(db) as store:
        ingest(store, [str(corpus)])
    before = dump(db)
    with open_store(db) as store:
        second: IngestReport = ingest(store, [str(corpus)])
    assert second.added == ()
    assert dump(db) == before
