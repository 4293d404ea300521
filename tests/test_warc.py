"""WARC archives → one RawDocument per HTML page; counted skips, damage as one Problem, resync.

Every archive is built here with warcio's writer (no binary fixtures). Damage
is made on the plain bytes of single records, which are then joined plain or
gzipped one member per record, as Common Crawl publishes them.
"""

from __future__ import annotations

import gzip
import io
import logging
import re
import subprocess
import sys
from collections.abc import Sequence
from itertools import accumulate
from pathlib import Path

import pytest
from click.testing import CliRunner
import hypothesis
from hypothesis import HealthCheck, given
from hypothesis import strategies as st
from warcio.recordbuilder import RecordBuilder
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from onrecord.cli import main
from onrecord.models import Problem, RawDocument
from onrecord.pipeline import ingest
from onrecord.settings import DEFAULT_SETTINGS, Settings
from onrecord.sources import classify, iter_documents
from onrecord.store import open_store

DATE = "2024-03-05T09:30:00Z"
BUILDER = RecordBuilder()
PAGE = b"<!doctype html><html><head><title>%s</title></head><body><p>%s said so.</p></body></html>"


def page(n: int) -> bytes:
    return PAGE % (f"Story {n}".encode(), f"Official {n}".encode())


def http(
    body: bytes,
    *,
    status: str = "200 OK",
    content_type: str | None = "text/html; charset=utf-8",
    headers: Sequence[str] = (),
) -> bytes:
    """A raw HTTP response, exactly as a crawler stores it."""
    lines = [f"HTTP/1.1 {status}", *([f"Content-Type: {content_type}"] if content_type else []), *headers]
    if not any(h.lower().startswith("transfer-encoding") for h in headers):
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def response(url: str, raw_http: bytes, *, date: str = DATE) -> ArcWarcRecord:
    return BUILDER.create_warc_record(
        url, "response", payload=io.BytesIO(raw_http), length=len(raw_http), warc_headers_dict={"WARC-Date": date}
    )


def html_response(n: int) -> ArcWarcRecord:
    return response(f"https://news.example/2024/03/story-{n}.html", http(page(n)))


def request(url: str) -> ArcWarcRecord:
    raw = f"GET {url} HTTP/1.1\r\nHost: news.example\r\nUser-Agent: test\r\n\r\n".encode()
    return BUILDER.create_warc_record(url, "request", payload=io.BytesIO(raw), length=len(raw))


def metadata(url: str) -> ArcWarcRecord:
    raw = b"fetchTimeMs: 120\r\n"
    return BUILDER.create_warc_record(
        url, "metadata", payload=io.BytesIO(raw), length=len(raw), warc_content_type="application/warc-fields"
    )


def revisit(url: str) -> ArcWarcRecord:
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    return BUILDER.create_revisit_record(url, "sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ", url, DATE, http_headers=headers)


def write_warc(path: Path, records: Sequence[ArcWarcRecord], *, gz: bool) -> list[int]:
    """Write records with warcio's writer; the offset of each record in the file."""
    offsets = []
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gz)
        for record in records:
            offsets.append(handle.tell())
            writer.write_record(record)
    return offsets


def plain_chunks(records: Sequence[ArcWarcRecord]) -> list[bytes]:
    """Each record as the bytes of an uncompressed WARC, trailing blank lines included."""
    chunks = []
    for record in records:
        buffer = io.BytesIO()
        WARCWriter(buffer, gzip=False).write_record(record)
        chunks.append(buffer.getvalue())
    return chunks


def join(path: Path, chunks: Sequence[bytes], *, gz: bool) -> list[int]:
    """Write record chunks plain or one gzip member each; the offset of each chunk."""
    offsets, data = [], b""
    for chunk in chunks:
        offsets.append(len(data))
        data += gzip.compress(chunk) if gz else chunk
    path.write_bytes(data)
    return offsets


def with_content_length(chunk: bytes, change: int) -> bytes:
    """A record chunk whose WARC Content-Length is off by ``change`` (the HTTP one stays)."""
    head, sep, rest = chunk.partition(b"\r\n\r\n")
    new_head = re.sub(rb"Content-Length: (\d+)", lambda m: b"Content-Length: %d" % (int(m[1]) + change), head)
    return new_head + sep + rest


def run(*sources: str, settings: Settings = DEFAULT_SETTINGS) -> list[RawDocument | Problem]:
    return list(iter_documents(sources, settings=settings))


def summary(outcomes: Sequence[RawDocument | Problem]) -> list[tuple[str, str, str]]:
    """(kind, origin, url or error) of each outcome."""
    return [
        ("doc", o.origin, o.url or "") if isinstance(o, RawDocument) else ("problem", o.origin, o.error)
        for o in outcomes
    ]


def reasons(outcomes: Sequence[RawDocument | Problem]) -> list[str]:
    return [o.reason for o in outcomes if isinstance(o, Problem)]


GZ = pytest.mark.parametrize("gz", [True, False], ids=["warc.gz", "warc"])


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


# -- (d) damage in the middle: one Problem, then the next record ---------------------


def three_pages() -> list[bytes]:
    return plain_chunks([html_response(1), html_response(2), html_response(3)])


URLS = [f"https://news.example/2024/03/story-{n}.html" for n in (1, 2, 3)]


@GZ
def test_a_record_with_a_short_content_length_is_one_problem(tmp_path: Path, gz: bool) -> None:
    one, two, three = three_pages()
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    offsets = join(path, [one, with_content_length(two, -10), three], gz=gz)
    outcomes = run(str(path))
    assert summary(outcomes) == [
        ("doc", f"{path}#{offsets[0]}", URLS[0]),
        ("problem", f"{path}#{offsets[1]}", "RecordError"),
        ("doc", f"{path}#{offsets[2]}", URLS[2]),
    ]
    assert reasons(outcomes) == [
        f"damaged record: the record does not end where its Content-Length says; reading went on at byte {offsets[2]}"
    ]
    assert isinstance(outcomes[1], Problem) and classify(outcomes[1]) == "failed"


def test_a_content_length_past_the_next_records_is_one_problem(tmp_path: Path) -> None:
    one, two, three = three_pages()
    path = tmp_path / "crawl.warc"
    offsets = join(path, [one, with_content_length(two, 100_000), three], gz=False)
    outcomes = run(str(path))
    assert summary(outcomes) == [
        ("doc", f"{path}#{offsets[0]}", URLS[0]),
        ("problem", f"{path}#{offsets[1]}", "RecordError"),
        ("doc", f"{path}#{offsets[2]}", URLS[2]),
    ]
    assert reasons(outcomes) == [
        f"damaged record: its Content-Length runs past the records after it; reading went on at byte {offsets[2]}"
    ]


@GZ
def test_a_record_without_a_content_length_is_one_problem(tmp_path: Path, gz: bool) -> None:
    one, two, three = three_pages()
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    offsets = join(path, [one, re.sub(rb"\r\nContent-Length: \d+", b"", two, count=1), three], gz=gz)
    outcomes = run(str(path))
    assert [o.origin for o in outcomes] == [f"{path}#{offset}" for offset in offsets]
    assert reasons(outcomes) == [
        f"damaged record: the WARC header has no valid Content-Length (None); reading went on at byte {offsets[2]}"
    ]


@GZ
def test_garbage_between_records_is_one_problem(tmp_path: Path, gz: bool) -> None:
    one, two, three = three_pages()
    garbage = b"\x00\x01 not a record at all " * 40 + b"\r\n\r\n"
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    offsets = join(path, [one, garbage, two, three], gz=gz)
    outcomes = run(str(path))
    assert summary(outcomes) == [
        ("doc", f"{path}#{offsets[0]}", URLS[0]),
        ("problem", f"{path}#{offsets[1]}", "RecordError"),
        ("doc", f"{path}#{offsets[2]}", URLS[1]),
        ("doc", f"{path}#{offsets[3]}", URLS[2]),
    ]
    assert reasons(outcomes) == [f"damaged record: no WARC header here; reading went on at byte {offsets[2]}"]


def test_corrupt_gzip_data_in_one_member_is_one_problem(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    offsets = join(path, three_pages(), gz=True)
    data = bytearray(path.read_bytes())
    middle = (offsets[1] + offsets[2]) // 2
    data[middle : middle + 16] = bytes(16)
    path.write_bytes(bytes(data))
    outcomes = run(str(path))
    assert summary(outcomes) == [
        ("doc", f"{path}#{offsets[0]}", URLS[0]),
        ("problem", f"{path}#{offsets[1]}", "RecordError"),
        ("doc", f"{path}#{offsets[2]}", URLS[2]),
    ]
    [reason] = reasons(outcomes)
    assert reason.startswith("damaged record: ") and reason.endswith(f"; reading went on at byte {offsets[2]}")


def test_damage_with_no_record_start_after_it_stops_with_a_count(tmp_path: Path) -> None:
    # gzipped as a whole: one member, so there is no later member to resync at
    one, two, three = three_pages()
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(gzip.compress(one + with_content_length(two, -10) + three))
    outcomes = run(str(path))
    assert outcomes == [
        outcomes[0],
        Problem(
            origin=f"{path}#0+{len(one)}",
            reason="the record does not end where its Content-Length says; 1 record read before it, none after",
            error="RecordError",
        ),
    ]
    assert isinstance(outcomes[0], RawDocument) and outcomes[0].origin == f"{path}#0"


def test_a_file_gzipped_as_a_whole_is_read_with_offsets_into_its_member(tmp_path: Path) -> None:
    one, two, three = three_pages()
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(gzip.compress(one + two + three))
    assert [d.origin for d in run(str(path))] == [f"{path}#0", f"{path}#0+{len(one)}", f"{path}#0+{len(one + two)}"]


@GZ
def test_a_file_that_is_not_a_warc_is_one_problem(tmp_path: Path, gz: bool) -> None:
    text = b"Mayor Jane Doe said the bridge would reopen.\n"
    path = tmp_path / ("notes.warc.gz" if gz else "notes.warc")
    path.write_bytes(gzip.compress(text) if gz else text)
    assert run(str(path)) == [
        Problem(origin=f"{path}#0", reason="not a WARC archive: no WARC header at its start", error="RecordError")
    ]


# -- (e) truncation ------------------------------------------------------------------


@GZ
def test_a_truncated_archive_keeps_what_came_before_the_cut(tmp_path: Path, gz: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    offsets = write_warc(path, [html_response(n) for n in range(1, 6)], gz=gz)  # odd: the middle is inside a record
    data = path.read_bytes()
    cut = len(data) // 2
    cut_record = max(i for i, offset in enumerate(offsets) if offset < cut)
    assert offsets[cut_record] < cut - 8 and cut + 8 < (offsets + [len(data)])[cut_record + 1]  # inside a record
    path.write_bytes(data[:cut])

    outcomes = run(str(path))

    *docs, problem = outcomes
    assert [d.origin for d in docs] == [f"{path}#{offset}" for offset in offsets[:cut_record]]
    truncated = "inside a gzip member" if gz else "inside this record"
    assert problem == Problem(
        origin=f"{path}#{offsets[cut_record]}",
        reason=f"the file ends {truncated}: the archive is truncated; {cut_record} records read before it, none after",
        error="RecordError",
    )


# Any cut and any overwritten bytes: never an exception, never a page from a damaged record.

PROPERTY = hypothesis.settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
PAGES = {f"https://news.example/2024/03/story-{n}.html": page(n).decode() for n in range(1, 6)}
CHUNKS = plain_chunks([html_response(n) for n in range(1, 6)])
PIECES = {gz: [gzip.compress(c, mtime=0) if gz else c for c in CHUNKS] for gz in (True, False)}
ENDS = {gz: list(accumulate(len(piece) for piece in pieces)) for gz, pieces in PIECES.items()}  # where each record ends


def archive_bytes(gz: bool) -> bytes:
    return b"".join(PIECES[gz])


@PROPERTY
@given(gz=st.booleans(), fraction=st.floats(0, 1, exclude_max=True))
def test_any_cut_keeps_every_whole_record_before_it(tmp_path: Path, gz: bool, fraction: float) -> None:
    data = archive_bytes(gz)
    cut = max(1, int(len(data) * fraction))
    path = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    path.write_bytes(data[:cut])
    outcomes = run(str(path))
    docs = [o for o in outcomes if isinstance(o, RawDocument)]
    problems = [o for o in outcomes if isinstance(o, Problem)]
    whole = sum(end <= cut for end in ENDS[gz])
    assert [d.url for d in docs] == list(PAGES)[: len(docs)]
    assert all(d.body == PAGES.get(d.url or "") for d in docs)
    assert whole <= len(docs) <= whole + 1
    assert len(problems) <= 1 and outcomes[-len(problems) or len(outcomes) :] == problems
    assert {p.error for p in problems} <= {"RecordError", "EmptyInput"}


@PROPERTY
@given(gz=st.booleans(), fraction=st.floats(0, 1, exclude_max=True), junk=st.binary(min_size=1, max_size=12))
def test_overwritten_bytes_cost_at_most_the_records_they_touch(
    tmp_path: Path, gz: bool, fraction: float, junk: bytes
) -> None:
    data = bytearray(archive_bytes(gz))
    at = int(len(data) * fraction)
    data[at : at + len(junk)] = junk
    path = tmp_path / ("junk.warc.gz" if gz else "junk.warc")
    path.write_bytes(bytes(data))
    outcomes = run(str(path))
    docs = [o for o in outcomes if isinstance(o, RawDocument)]
    per_record = {"RecordError", "DecodeError", "BinaryInput", "EmptyInput", "UnsupportedContent"}
    assert all(isinstance(o, Problem) and o.error in per_record for o in outcomes if o not in docs)
    assert len(docs) >= len(PAGES) - 2  # junk of at most 12 bytes touches at most two records
    if gz:  # gzip's CRC catches every changed byte: no page from a damaged record gets through
        assert all(d.body == PAGES.get(d.url or "") for d in docs)


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
