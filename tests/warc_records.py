"""Builders of small WARC archives for the tests, with warcio's writer (no binary fixtures).

Damage is made on the plain bytes of single records, which are then joined
plain or gzipped one member per record, as Common Crawl publishes them.
"""

from __future__ import annotations

import gzip
import io
import re
from collections.abc import Sequence
from pathlib import Path

import pytest
from warcio.recordbuilder import RecordBuilder
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from onrecord.models import Problem, RawDocument
from onrecord.settings import DEFAULT_SETTINGS, Settings
from onrecord.sources import iter_documents

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
