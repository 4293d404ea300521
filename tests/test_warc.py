"""WARC archives → one RawDocument per HTML page, with counted skips.

What is kept and passed over, charsets, encodings, the size cap, empty files,
folders, and ingest end to end. Damage and truncation: test_warc_damage.py.
Archives are built by tests/warc_records.py.
"""

from __future__ import annotations

import gzip
import logging
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from onrecord.cli import main
from onrecord.models import Problem, RawDocument
from onrecord.pipeline import ingest
from onrecord.settings import DEFAULT_SETTINGS
from onrecord.sources import classify
from onrecord.store import open_store

from warc_records import (
    BUILDER,
    DATE,
    GZ,
    html_response,
    http,
    join,
    metadata,
    page,
    plain_chunks,
    reasons,
    request,
    response,
    revisit,
    run,
    summary,
    with_content_length,
    write_warc,
)


# -- (a) what is kept and what is passed over --------------------------------------


@GZ
def test_only_html_200_responses_come_out_with_url_date_and_name(
    tmp_path: Path, gz: bool, caplog: pytest.LogCaptureFixture
) -> None:
    url = "https://news.example/2024/03/story-{}.html"
    records = [
        BUILDER.create_warcinfo_record("crawl.warc.gz", {"software": "test-crawler"}),
        request(url.format(1)),
        html_response(1),
        metadata(url.format(1)),
        response("https://news.example/logo.png", http(b"\x89PNG\r\n\x1a\n" + bytes(64), content_type="image/png")),
        response("https://news.example/gone", http(b"<html><body>gone</body></html>", status="404 Not Found")),
        revisit(url.format(1)),
        response("https://news.example/2024/03/story-2", http(page(2), content_type="application/xhtml+xml")),
        response("https://news.example/feed", http(b"<rss/>", content_type="application/rss+xml")),
        response("https://news.example/moved", http(b"", status="301 Moved Permanently", content_type=None)),
        html_response(3),
    ]
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    offsets = write_warc(path, records, gz=gz)
    caplog.set_level(logging.INFO, logger="onrecord.sources.warc")

    docs = run(str(path))

    assert summary(docs) == [
        ("doc", f"{path}#{offsets[2]}", url.format(1)),
        ("doc", f"{path}#{offsets[7]}", "https://news.example/2024/03/story-2"),
        ("doc", f"{path}#{offsets[10]}", url.format(3)),
    ]
    first = docs[0]
    assert isinstance(first, RawDocument)
    assert (first.name, first.media_type, first.published) == ("story-1", "text/html", DATE)
    assert first.body == page(1).decode()
    assert [d.name for d in docs if isinstance(d, RawDocument)] == ["story-1", "story-2", "story-3"]
    [line] = [r.getMessage() for r in caplog.records if r.name == "onrecord.sources.warc"]
    assert line == (
        f"{path}: 11 records read, 8 records passed over "
        "(1 warcinfo, 1 request, 1 metadata, 1 image/png, 1 HTTP 404, 1 revisit, 2 other)"
    )


def test_an_archive_without_html_pages_is_one_empty_input(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, [BUILDER.create_warcinfo_record("x", {"a": "b"}), request("https://x.example/")], gz=True)
    [problem] = run(str(path))
    assert problem == Problem(
        origin=str(path),
        reason="archive holds no HTML pages: 2 records passed over (1 warcinfo, 1 request)",
        error="EmptyInput",
    )
    assert classify(problem) == "skipped"


# -- (b) charsets --------------------------------------------------------------------


@GZ
def test_charset_from_the_header_else_from_the_meta_tag(tmp_path: Path, gz: bool) -> None:
    quoted = "<html><body><p>“Nous verrons,” a déclaré le ministre — café.</p></body></html>"
    meta = '<html><head><meta charset="iso-8859-1"></head><body><p>Le maire a déclaré: « non ».</p></body></html>'
    records = [
        response(
            "https://a.example/cp1252", http(quoted.encode("cp1252"), content_type="text/html; charset=windows-1252")
        ),
        response("https://a.example/meta", http(meta.encode("latin-1"), content_type="text/html")),
        response("https://a.example/bad", http("déclaré".encode("latin-1"), content_type="text/html; charset=utf-8")),
        html_response(1),
    ]
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    offsets = write_warc(path, records, gz=gz)
    first, second, bad, last = run(str(path))
    assert isinstance(first, RawDocument) and isinstance(second, RawDocument) and isinstance(last, RawDocument)
    assert first.body == quoted
    assert second.body == meta
    assert bad == Problem(origin=f"{path}#{offsets[2]}", reason="not valid UTF-8 at byte 1", error="DecodeError")
    assert classify(bad) == "skipped"


# -- (c) HTTP transfer and content encodings -----------------------------------------


def chunked(body: bytes, size: int = 40) -> bytes:
    parts = [body[i : i + size] for i in range(0, len(body), size)]
    return b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in parts) + b"0\r\n\r\n"


@GZ
def test_gzip_content_encoding_and_chunked_bodies_are_undone(tmp_path: Path, gz: bool) -> None:
    body = page(7)
    records = [
        response("https://e.example/gzip", http(gzip.compress(body), headers=["Content-Encoding: gzip"])),
        response("https://e.example/chunked", http(chunked(body), headers=["Transfer-Encoding: chunked"])),
        response(
            "https://e.example/both",
            http(chunked(gzip.compress(body)), headers=["Content-Encoding: gzip", "Transfer-Encoding: chunked"]),
        ),
        response("https://e.example/zstd", http(b"\x28\xb5\x2f\xfd" + bytes(20), headers=["Content-Encoding: zstd"])),
    ]
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    offsets = write_warc(path, records, gz=gz)
    *docs, unreadable = run(str(path))
    assert [d.body for d in docs if isinstance(d, RawDocument)] == [body.decode()] * 3
    assert unreadable == Problem(
        origin=f"{path}#{offsets[3]}",
        reason="the page is zstd-encoded, which onrecord cannot decode",
        error="UnsupportedContent",
    )


# -- size cap ------------------------------------------------------------------------


def test_a_page_over_the_cap_is_too_large_and_reading_goes_on(tmp_path: Path) -> None:
    big = b"<html><body><p>" + b"word " * 600 + b"</p></body></html>"
    bomb = gzip.compress(big)  # small on disk, over the cap once decoded
    records = [
        html_response(1),
        response("https://b.example/big", http(big)),
        response("https://b.example/bomb", http(bomb, headers=["Content-Encoding: gzip"])),
        html_response(2),
    ]
    path = tmp_path / "crawl.warc.gz"
    offsets = write_warc(path, records, gz=True)
    outcomes = run(str(path), settings=DEFAULT_SETTINGS.with_(file_max_bytes=1024))
    assert summary(outcomes) == [
        ("doc", f"{path}#{offsets[0]}", "https://news.example/2024/03/story-1.html"),
        ("problem", f"{path}#{offsets[1]}", "TooLarge"),
        ("problem", f"{path}#{offsets[2]}", "TooLarge"),
        ("doc", f"{path}#{offsets[3]}", "https://news.example/2024/03/story-2.html"),
    ]
    assert len(bomb) < 1024 < len(big)
    assert reasons(outcomes) == [
        f"page is {len(big) / 1024:.1f} KB, over the 1.0 KB cap",
        "page is over the 1.0 KB cap",
    ]
    assert isinstance(outcomes[1], Problem) and classify(outcomes[1]) == "skipped"


# -- (f) empty files -----------------------------------------------------------------


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_an_empty_file_is_empty_input(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"")
    assert run(str(path)) == [Problem(origin=str(path), reason="file is empty", error="EmptyInput")]


def test_an_archive_of_blank_lines_holds_no_records(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    path.write_bytes(b"\r\n\r\n")
    assert run(str(path)) == [Problem(origin=str(path), reason="archive holds no records", error="EmptyInput")]


# -- (h) folders and globs -----------------------------------------------------------


def test_folders_and_globs_include_warc_files(tmp_path: Path) -> None:
    folder = tmp_path / "crawl"
    (folder / "2024").mkdir(parents=True)
    write_warc(folder / "2024" / "CC-NEWS-1.warc.gz", [html_response(1), html_response(2)], gz=True)
    write_warc(folder / "2024" / "CC-NEWS-2.warc", [html_response(3)], gz=False)
    (folder / "notes.txt").write_text("Mayor Jane Doe said so.\n", encoding="utf-8")

    walked = [o.origin.rsplit("#", 1)[0] for o in run(str(folder))]
    globbed = [o.origin.rsplit("#", 1)[0] for o in run(str(folder / "**" / "*.warc.gz"))]

    one, two = str(folder / "2024" / "CC-NEWS-1.warc.gz"), str(folder / "2024" / "CC-NEWS-2.warc")
    assert walked == [one, one, two, str(folder / "notes.txt")]
    assert globbed == [one, one]


def test_warcio_is_imported_only_when_a_warc_is_read() -> None:
    code = "import sys, onrecord.sources, onrecord.pipeline; print('warcio' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


# -- (g) end to end: ingest into SQLite ------------------------------------------------

ARTICLES = {
    "budget-vote": (
        "Parliament passes budget after late-night vote",
        [
            "Parliament passed the 2024 budget early on Tuesday after a debate that ran past midnight.",
            'The finance minister, Clara Hoffmann, said "this budget protects every pension in the country."',
            'Opposition leader Marc Duval told reporters that "the numbers simply do not add up."',
        ],
    ),
    "port-strike": (
        "Dock workers strike over pay at the northern port",
        [
            "Dock workers walked off the job on Monday, halting cargo at the northern port for a second day.",
            'Union chief Ana Ribeiro said "we will stay out until the company makes a serious offer."',
            'The port authority said in a statement that "talks will resume on Thursday."',
        ],
    ),
    "flood-aid": (
        "Government pledges flood aid for river towns",
        [
            "The government pledged emergency aid on Wednesday for towns along the river after a week of floods.",
            'The interior minister, Jonas Berg, said "no family will be left without shelter this winter."',
            'Mayor Elena Rossi warned that "the water is still rising in the lower town."',
        ],
    ),
}


def news_html(title: str, paragraphs: list[str]) -> bytes:
    body = "\n".join(f"<p>{p.replace('&', '&amp;')}</p>" for p in paragraphs)
    return (
        "<!doctype html><html lang=en><head><meta charset=utf-8>"
        f"<title>{title} | Daily Example</title></head><body>"
        "<header><nav><a href=/>Home</a> <a href=/world>World</a></nav></header>"
        f"<main><article><h1>{title}</h1><p class=byline>By Staff Reporter</p>\n{body}\n</article></main>"
        "<footer>© Daily Example</footer></body></html>"
    ).encode("utf-8")


def news_archive(path: Path) -> dict[str, str]:
    """A CC-News-like archive of three articles among the records a crawler also writes; {url: slug}."""
    records = [BUILDER.create_warcinfo_record(path.name, {"software": "test-crawler"})]
    urls = {}
    for slug, (title, paragraphs) in ARTICLES.items():
        url = f"https://daily.example/2024/03/{slug}"
        urls[url] = slug
        records += [request(url), response(url, http(news_html(title, paragraphs))), metadata(url)]
    write_warc(path, records, gz=True)
    return urls


@pytest.mark.model
def test_ingest_a_warc_stores_each_article_with_statements_and_twice_is_once(tmp_path: Path) -> None:
    archive = tmp_path / "CC-NEWS-20240305.warc.gz"
    urls = news_archive(archive)
    db = tmp_path / "news.db"

    with open_store(db) as store:
        first = ingest(store, [str(archive)])
        articles = store.articles()
        statements = store.statements()
    with open_store(db) as store:
        second = ingest(store, [str(archive)])
        assert len(store.statements()) == len(statements)

    assert (len(first.added), first.skipped, first.failed) == (3, (), ())
    assert {a.url for a in articles} == set(urls)
    assert sorted(a.name for a in articles) == sorted(urls.values())
    assert all(a.origin.startswith(f"{archive}#") for a in articles)
    assert {a.name: a.published for a in articles}["port-strike"] == DATE  # no date on the page: the crawl's stands in
    by_article = {a.id: sum(s.article_id == a.id for s in statements) for a in articles}
    assert all(n >= 1 for n in by_article.values()), by_article
    assert first.statements == len(statements)
    assert (second.added, sorted(second.unchanged), second.statements) == ((), sorted(first.added), 0)


@pytest.mark.model
def test_cli_summary_names_a_damaged_record_once(tmp_path: Path) -> None:
    one, two, three = plain_chunks(
        [response(f"https://daily.example/{slug}", http(news_html(*ARTICLES[slug]))) for slug in ARTICLES]
    )
    archive = tmp_path / "crawl.warc.gz"
    offsets = join(archive, [one, with_content_length(two, -10), three], gz=True)
    result = CliRunner(env={"COLUMNS": "200"}).invoke(main, ["ingest", str(tmp_path / "news.db"), str(archive)])
    assert result.exit_code == 1, result.output  # damage is a failure
    lines = result.stdout.splitlines()
    assert lines[0].startswith("added 2, unchanged 0, skipped 0, failed 1; ")
    assert lines[1:] == [
        f"  failed  {archive}#{offsets[1]}: damaged record: the record does not end where its Content-Length says; "
        f"reading went on at byte {offsets[2]}"
    ]
