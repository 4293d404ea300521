"""Sources: files, folders, globs, stdin, JSONL, URLs and feeds → RawDocument or Problem."""

from __future__ import annotations

import io
import json
import socket
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, TextIO

import pytest

from onrecord.errors import FeedError
from onrecord.models import Problem, RawDocument
from onrecord.settings import DEFAULT_SETTINGS, MEGABYTE, Settings
from onrecord.sources import FeedItem, classify, fetch, iter_documents, parse_feed
from onrecord.sources.web import url_name

if TYPE_CHECKING:
    from conftest import LocalHTTPServer

HTML = "<!doctype html><html><head><title>T</title></head><body><p>Hello, said Ann.</p></body></html>"
FAST = DEFAULT_SETTINGS.with_(fetch_timeout_s=2.0)


def run(
    *sources: str, settings: Settings = FAST, stdin: TextIO | BinaryIO | None = None
) -> list[RawDocument | Problem]:
    """All outcomes of iter_documents as a list."""
    return list(iter_documents(sources, settings=settings, stdin=stdin))


def only_problem(*sources: str, settings: Settings = FAST) -> Problem:
    """The single outcome, which must be a Problem."""
    [outcome] = run(*sources, settings=settings)
    assert isinstance(outcome, Problem), outcome
    return outcome


def only_document(*sources: str, settings: Settings = FAST) -> RawDocument:
    """The single outcome, which must be a document."""
    [outcome] = run(*sources, settings=settings)
    assert isinstance(outcome, RawDocument), outcome
    return outcome


def write(path: Path, data: str | bytes) -> str:
    """Write a file (creating folders) and return its path as a string."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_bytes(data.encode("utf-8"))
    else:
        path.write_bytes(data)
    return str(path)


# -- files -------------------------------------------------------------------


def test_text_file(tmp_path: Path) -> None:
    doc = only_document(write(tmp_path / "a" / "story.txt", "The mayor said it would rain.\n"))
    assert doc.name == "story"
    assert doc.origin == str(tmp_path / "a" / "story.txt")
    assert doc.media_type == "text/plain"
    assert doc.body == "The mayor said it would rain.\n"


def test_html_file(tmp_path: Path) -> None:
    doc = only_document(write(tmp_path / "page.html", HTML))
    assert (doc.name, doc.media_type, doc.body) == ("page", "text/html", HTML)


def test_markdown_counts_as_text(tmp_path: Path) -> None:
    assert only_document(write(tmp_path / "notes.md", "# <p> not html\n")).media_type == "text/plain"


def test_unknown_extension_is_sniffed(tmp_path: Path) -> None:
    html, text = tmp_path / "a.page", tmp_path / "b.dat"
    write(html, "\n  <!DOCTYPE html><html><body>x</body></html>")
    write(text, "Just words.")
    docs = run(str(html), str(text))
    assert [d.media_type for d in docs] == ["text/html", "text/plain"]  # type: ignore[union-attr]


def test_crlf_text_is_kept_exactly(tmp_path: Path) -> None:
    raw = "\ufeffLine one,\r\nline two.\r\n\rend"
    path = write(tmp_path / "crlf.txt", raw)
    doc = only_document(path)
    assert doc.body == raw
    with open(path, encoding="utf-8", newline="") as handle:
        assert doc.body == handle.read()


def test_folder_is_walked_sorted_without_hidden(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    write(root / "b.txt", "bee")
    write(root / "a.html", HTML)
    write(root / "sub" / "c.md", "sea")
    write(root / "sub" / "skip.png", b"\x89PNG\r\n\x1a\n")
    write(root / ".hidden.txt", "no")
    write(root / ".git" / "d.txt", "no")
    write(root / "unknown.bin", "no")
    docs = run(str(root))
    assert [d.origin for d in docs] == [str(root / "a.html"), str(root / "b.txt"), str(root / "sub" / "c.md")]
    assert all(isinstance(d, RawDocument) for d in docs)


def test_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    problem = only_problem(str(tmp_path / "empty"))
    assert problem.error == "SourceNotFound"
    assert "no files with a known extension" in problem.reason


def test_glob_with_matches(tmp_path: Path) -> None:
    write(tmp_path / "x" / "2.txt", "two")
    write(tmp_path / "x" / "deep" / "1.txt", "one")
    write(tmp_path / "x" / "3.html", HTML)
    docs = run(str(tmp_path / "x" / "**" / "*.txt"))
    assert [d.body for d in docs] == ["two", "one"]  # type: ignore[union-attr]


def test_glob_without_matches(tmp_path: Path) -> None:
    problem = only_problem(str(tmp_path / "*.nothing"))
    assert problem.error == "SourceNotFound"
    assert problem.reason == "no files match this pattern"
    assert classify(problem) == "failed"


def test_missing_path(tmp_path: Path) -> None:
    problem = only_problem(str(tmp_path / "gone.txt"))
    assert (problem.origin, problem.error) == (str(tmp_path / "gone.txt"), "SourceNotFound")
    assert problem.reason == "no such file or folder"


def test_empty_file(tmp_path: Path) -> None:
    problem = only_problem(write(tmp_path / "empty.txt", b""))
    assert (problem.error, problem.reason) == ("EmptyInput", "file is empty")
    assert classify(problem) == "skipped"


def test_whitespace_only_file(tmp_path: Path) -> None:
    problem = only_problem(write(tmp_path / "blank.txt", " \r\n\t \n"))
    assert (problem.error, problem.reason) == ("EmptyInput", "file holds only whitespace")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"text\x00\x01\x02 more", "file is binary (NUL bytes near the start), not text"),
        (b"\x89PNG\r\n\x1a\n" + b"x" * 20, "file is binary (PNG image), not text"),
        (b"%PDF-1.7 ...", "file is binary (PDF document), not text"),
    ],
)
def test_binary_file(tmp_path: Path, data: bytes, reason: str) -> None:
    problem = only_problem(write(tmp_path / "thing.txt", data))
    assert (problem.error, problem.reason) == ("BinaryInput", reason)
    assert classify(problem) == "skipped"


def test_binary_file_with_unknown_extension(tmp_path: Path) -> None:
    assert only_problem(write(tmp_path / "photo.jpeg", b"\xff\xd8\xff\xe0junk")).error == "BinaryInput"


def test_invalid_utf8_names_the_byte(tmp_path: Path) -> None:
    problem = only_problem(write(tmp_path / "latin.txt", b"Caf\xe9 society"))
    assert (problem.error, problem.reason) == ("DecodeError", "not valid UTF-8 at byte 3")


def test_file_over_a_small_cap(tmp_path: Path) -> None:
    path = write(tmp_path / "big.txt", "x" * 3000)
    problem = only_problem(path, settings=FAST.with_(file_max_bytes=1024))
    assert problem.error == "TooLarge"
    assert problem.reason == "file is 2.9 KB, over the 1.0 KB cap"
    assert classify(problem) == "skipped"


def test_50mb_file_is_skipped_by_stat_without_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "huge.html"
    chunk = b"<p>" + b"a" * (MEGABYTE - 7) + b"</p>\n"
    with path.open("wb") as handle:
        handle.write(b"<html><body>\n")
        for _ in range(50):
            handle.write(chunk)
    size = path.stat().st_size

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was opened")

    monkeypatch.setattr(Path, "open", refuse)
    problem = only_problem(str(path), settings=DEFAULT_SETTINGS)
    assert problem.error == "TooLarge"
    assert problem.reason == f"file is {size / MEGABYTE:.1f} MB, over the 20.0 MB cap"


def test_a_warc_that_is_not_gzip_data_is_a_record_error(tmp_path: Path) -> None:
    problem = only_problem(write(tmp_path / "crawl.warc.gz", b"\x1f\x8b..."))
    assert problem.error == "RecordError" and "0 records read" in problem.reason  # tests/test_warc.py has the rest


# -- stdin -------------------------------------------------------------------


def test_stdin_text() -> None:
    [doc] = run("-", stdin=io.StringIO("Ann said so.\r\nThen left."))
    assert isinstance(doc, RawDocument)
    assert (doc.origin, doc.name, doc.media_type) == ("stdin", "stdin", "text/plain")
    assert doc.body == "Ann said so.\r\nThen left."


def test_stdin_html_bytes() -> None:
    [doc] = run("-", stdin=io.BytesIO(HTML.encode()))
    assert isinstance(doc, RawDocument) and doc.media_type == "text/html"


def test_stdin_empty() -> None:
    [problem] = run("-", stdin=io.StringIO("   \n"))
    assert isinstance(problem, Problem)
    assert (problem.origin, problem.error, problem.reason) == ("stdin", "EmptyInput", "stdin holds only whitespace")


# -- JSONL -------------------------------------------------------------------


def test_jsonl_good_and_bad_lines(tmp_path: Path) -> None:
    lines = [
        json.dumps({"text": "One.", "id": "first", "title": "T1", "url": "https://e.com/1"}),
        "{not json",
        "",
        json.dumps({"title": "no body"}),
        json.dumps({"text": "a", "html": "<p>b</p>"}),
        json.dumps(["an", "array"]),
        json.dumps({"text": 5}),
        json.dumps({"html": "<p>Two.</p>", "published": "2024-05-01", "author": "Bo"}),
    ]
    path = write(tmp_path / "batch.jsonl", "\n".join(lines) + "\n")
    out = run(path)
    docs = [o for o in out if isinstance(o, RawDocument)]
    problems = {o.origin: o for o in out if isinstance(o, Problem)}
    assert [(d.origin, d.name, d.media_type) for d in docs] == [
        (f"{path}:1", "first", "text/plain"),
        (f"{path}:8", "batch-8", "text/html"),
    ]
    assert (docs[0].title, docs[0].url) == ("T1", "https://e.com/1")
    assert (docs[1].published, docs[1].author) == ("2024-05-01", "Bo")
    assert {k: v.error for k, v in problems.items()} == {f"{path}:{n}": "RecordError" for n in (2, 4, 5, 6, 7)}
    assert problems[f"{path}:2"].reason.startswith("not JSON: ")
    assert problems[f"{path}:4"].reason == 'record has neither "text" nor "html"'
    assert problems[f"{path}:5"].reason == 'record has both "text" and "html"; give exactly one'
    assert problems[f"{path}:6"].reason == "not a JSON object but an array"
    assert problems[f"{path}:7"].reason == '"text" must be a string, not a number'
    assert [type(o).__name__ for o in out] == ["RawDocument"] + ["Problem"] * 5 + ["RawDocument"]


def test_jsonl_without_records(tmp_path: Path) -> None:
    problem = only_problem(write(tmp_path / "none.ndjson", "\n\n  \n"))
    assert (problem.error, problem.reason) == ("EmptyInput", "file holds no records")


# -- fetching ----------------------------------------------------------------


@pytest.mark.network
def test_url_html(http_server: LocalHTTPServer) -> None:
    http_server.route("/news/story-1.html", body=HTML)
    url = http_server.url("/news/story-1.html")
    doc = only_document(url)
    assert (doc.origin, doc.url, doc.name, doc.media_type, doc.body) == (url, url, "story-1", "text/html", HTML)


@pytest.mark.network
def test_url_sends_honest_user_agent(http_server: LocalHTTPServer) -> None:
    http_server.route("/", body="plain words", content_type="text/plain")
    doc = only_document(http_server.url("/"))
    assert (doc.media_type, doc.name) == ("text/plain", "127.0.0.1")
    [request] = http_server.requests
    assert request.headers["User-Agent"] == FAST.user_agent


@pytest.mark.network
def test_url_honours_declared_charset(http_server: LocalHTTPServer) -> None:
    http_server.route("/latin", body="<p>Café</p>".encode("latin-1"), content_type="text/html; charset=ISO-8859-1")
    assert only_document(http_server.url("/latin")).body == "<p>Café</p>"


@pytest.mark.network
@pytest.mark.parametrize(("status", "reason"), [(404, "HTTP 404 Not Found"), (500, "HTTP 500 Internal Server Error")])
def test_url_error_status(http_server: LocalHTTPServer, status: int, reason: str) -> None:
    http_server.route("/p", status=status, body="oops")
    problem = only_problem(http_server.url("/p"))
    assert (problem.origin, problem.error, problem.reason) == (http_server.url("/p"), "HTTPStatusError", reason)
    assert classify(problem) == "failed"


@pytest.mark.network
def test_url_timeout(http_server: LocalHTTPServer) -> None:
    http_server.route("/slow", body=HTML, delay_s=5.0)
    problem = only_problem(http_server.url("/slow"), settings=FAST.with_(fetch_timeout_s=0.3))
    assert (problem.error, problem.reason) == ("FetchTimeout", "timed out after 0.3 s")


@pytest.mark.network
def test_redirect_chain_within_limit(http_server: LocalHTTPServer) -> None:
    http_server.route("/r1", redirect="/r2", status=301)
    http_server.route("/r2", redirect=http_server.url("/r3"))
    http_server.route("/r3", redirect="final", status=307)
    http_server.route("/final", body=HTML)
    doc = only_document(http_server.url("/r1"))
    assert (doc.origin, doc.url, doc.name) == (http_server.url("/r1"), http_server.url("/final"), "r1")
    assert [r.path for r in http_server.requests] == ["/r1", "/r2", "/r3", "/final"]


@pytest.mark.network
def test_redirect_loop_over_limit(http_server: LocalHTTPServer) -> None:
    http_server.route("/loop", redirect="/loop")
    problem = only_problem(http_server.url("/loop"), settings=FAST.with_(fetch_max_redirects=3))
    assert problem.error == "TooManyRedirects"
    assert problem.reason == f"more than 3 redirects (the last to {http_server.url('/loop')})"
    assert len(http_server.requests) == 4


@pytest.mark.network
def test_wrong_content_type(http_server: LocalHTTPServer) -> None:
    http_server.route("/img", body=b"\x89PNG\r\n\x1a\n", content_type="image/png")
    problem = only_problem(http_server.url("/img"))
    assert (problem.error, problem.reason) == ("UnsupportedContent", "content type image/png is not an article")
    assert classify(problem) == "skipped"


@pytest.mark.network
@pytest.mark.parametrize("send_length", [True, False])
def test_oversize_response(http_server: LocalHTTPServer, send_length: bool) -> None:
    http_server.route("/big", body="<p>" + "x" * 300_000 + "</p>", send_length=send_length)
    problem = only_problem(http_server.url("/big"), settings=FAST.with_(fetch_max_bytes=100_000))
    assert problem.error == "TooLarge"
    expected = "response is 293.0 KB, over the 97.7 KB cap" if send_length else "response is over the 97.7 KB cap"
    assert problem.reason == expected


def test_connection_refused() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    problem = only_problem(f"http://127.0.0.1:{port}/x")
    assert (problem.error, problem.reason) == ("FetchError", f"connection refused by 127.0.0.1:{port}")


def test_fetch_refuses_other_schemes() -> None:
    with pytest.raises(Exception, match="not an http\\(s\\) URL: ftp://example.com/a"):
        fetch("ftp://example.com/a", settings=FAST)


@pytest.mark.parametrize(
    ("url", "name"),
    [("https://e.com/a/b/story.html", "story"), ("https://e.com/a/b/", "b"), ("https://e.com", "e.com")],
)
def test_url_name(url: str, name: str) -> None:
    assert url_name(url) == name


# -- feeds -------------------------------------------------------------------

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>Example News</title>
    <item>
      <title>Mayor speaks</title>
      <link>{good}</link>
      <pubDate>Wed, 01 May 2024 10:30:00 +0200</pubDate>
      <dc:creator>Ann Reporter</dc:creator>
    </item>
    <item>
      <title>Gone story</title>
      <link>{gone}</link>
    </item>
  </channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Example Atom</title>
  <entry>
    <title>Council votes</title>
    <link rel="self" href="/self/1"/>
    <link rel="alternate" href="/stories/council.html"/>
    <updated>2024-05-02T08:00:00Z</updated>
    <author><name>Bo Writer</name></author>
  </entry>
  <entry>
    <title>No link at all</title>
  </entry>
</feed>
"""


@pytest.mark.network
def test_rss_feed_with_one_failing_item(http_server: LocalHTTPServer) -> None:
    http_server.route("/story", body=HTML)
    body = RSS.format(good=http_server.url("/story"), gone=http_server.url("/gone"))
    http_server.route("/feed", body=body, content_type="application/rss+xml")
    out = run(http_server.url("/feed"))
    assert len(out) == 2
    doc, problem = out
    assert isinstance(doc, RawDocument) and isinstance(problem, Problem)
    assert (doc.origin, doc.title, doc.author) == (http_server.url("/story"), "Mayor speaks", "Ann Reporter")
    assert doc.published == "2024-05-01T10:30:00+02:00"
    assert (problem.origin, problem.error, problem.reason) == (
        http_server.url("/gone"),
        "HTTPStatusError",
        "HTTP 404 Not Found",
    )


@pytest.mark.network
def test_atom_feed_sniffed_from_body(http_server: LocalHTTPServer) -> None:
    http_server.route("/stories/council.html", body=HTML)
    http_server.route("/atom", body=ATOM, content_type="text/html")  # a mislabelled feed is still a feed
    doc = only_document(http_server.url("/atom"))
    assert doc.url == http_server.url("/stories/council.html")
    assert (doc.title, doc.published, doc.author) == ("Council votes", "2024-05-02T08:00:00Z", "Bo Writer")


@pytest.mark.network
def test_feed_item_cap(http_server: LocalHTTPServer) -> None:
    http_server.route("/story", body=HTML)
    body = RSS.format(good=http_server.url("/story"), gone=http_server.url("/gone"))
    http_server.route("/feed.xml", body=body, content_type="text/xml")
    [doc] = run(http_server.url("/feed.xml"), settings=FAST.with_(feed_max_items=1))
    assert isinstance(doc, RawDocument)


@pytest.mark.network
def test_local_feed_file(http_server: LocalHTTPServer, tmp_path: Path) -> None:
    http_server.route("/story", body=HTML)
    path = write(tmp_path / "news.rss", RSS.format(good=http_server.url("/story"), gone="relative/only"))
    doc, problem = run(path)
    assert isinstance(doc, RawDocument) and doc.title == "Mayor speaks"
    assert isinstance(problem, Problem)
    assert (problem.origin, problem.error) == ("relative/only", "FetchError")
    assert problem.reason == "not an http(s) URL: relative/only"


@pytest.mark.network
def test_broken_feed_xml(http_server: LocalHTTPServer) -> None:
    http_server.route("/feed", body="<rss><channel><item></channel>", content_type="application/rss+xml")
    problem = only_problem(http_server.url("/feed"))
    assert problem.error == "FeedError"
    assert problem.reason.startswith("feed does not parse: mismatched tag")
    assert classify(problem) == "failed"


def test_parse_feed_rss1_and_relative_links() -> None:
    rdf = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://e.com/"><title>E</title></channel>
  <item rdf:about="https://e.com/1"><title>One</title><link>/1</link><dc:date>2024-01-02</dc:date></item>
</rdf:RDF>"""
    assert parse_feed(rdf, base_url="https://e.com/feed") == [
        FeedItem(link="https://e.com/1", title="One", published="2024-01-02", author=None)
    ]


def test_parse_feed_refuses_entities_and_other_roots() -> None:
    bomb = b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]><rss>&a;</rss>'
    with pytest.raises(FeedError, match="feed does not parse"):
        parse_feed(bomb, base_url=None)
    with pytest.raises(FeedError, match="root element is <html>"):
        parse_feed(b"<html><body/></html>", base_url=None)


# -- batches -----------------------------------------------------------------


@pytest.mark.network
def test_batch_yields_every_good_input_in_order(http_server: LocalHTTPServer, tmp_path: Path) -> None:
    http_server.route("/good", body=HTML)
    http_server.route("/bad", status=404)
    good_a = write(tmp_path / "a.txt", "Alpha.")
    good_b = write(tmp_path / "b.html", HTML)
    empty = write(tmp_path / "empty.txt", "")
    binary = write(tmp_path / "bin.txt", b"\x00\x00")
    jsonl = write(tmp_path / "c.jsonl", '{"text": "Gamma."}\nnope\n')
    sources = [good_a, str(tmp_path / "missing.txt"), empty, http_server.url("/bad"), good_b,
               binary, http_server.url("/good"), jsonl, "-"]
    out = run(*sources, stdin=io.StringIO("Delta."))
    docs = [o for o in out if isinstance(o, RawDocument)]
    assert [d.origin for d in docs] == [good_a, good_b, http_server.url("/good"), f"{jsonl}:1", "stdin"]
    errors = [o.error for o in out if isinstance(o, Problem)]
    assert errors == ["SourceNotFound", "EmptyInput", "HTTPStatusError", "BinaryInput", "RecordError"]


def test_a_malformed_url_is_a_fetch_error_not_a_crash() -> None:
    [problem] = run("http://[bad/x")
    assert isinstance(problem, Problem) and problem.error == "FetchError" and "not a valid URL" in problem.reason
