"""WARC archives (``.warc``, ``.warc.gz``, as Common Crawl News publishes them): one document per HTML page.

Kept: a ``response`` record for an http(s) URL whose HTTP status is 200 and
whose Content-Type is ``text/html`` or ``application/xhtml+xml``. It becomes
one document: the URL is the record's WARC-Target-URI, the published date falls
back to its WARC-Date, and the body is decoded like a fetched page (chunked
transfer and gzip/deflate content encoding undone, the charset from the
Content-Type header, else the page's meta tag, else UTF-8).

Passed over: every other record (warcinfo, request, metadata, revisit,
resource, a non-HTML or non-200 response). An archive is mostly such records,
so they are counted, not reported: the counts go to the log once per file
(logger ``onrecord.sources.warc``, INFO), and an archive that yields nothing
names them in its EmptyInput problem.

Reported, with the record's offset in the origin (``crawl.warc.gz#1234``):
an HTML page that cannot be used (TooLarge over ``file_max_bytes``, DecodeError,
EmptyInput, BinaryInput, UnsupportedContent for a content encoding warcio
cannot undo), and damage (RecordError): a record whose header
does not parse, whose Content-Length does not match, or whose gzip data is
corrupt or cut off. After damage, reading resumes at the next record start
(the next gzip member of a .warc.gz, the next line beginning "WARC/1." of a
.warc) where a WARC header parses; when there is none, the one problem says
how many records were read before it. Nothing read before damage is lost,
and no page comes from a damaged record: in a .warc.gz gzipped record by
record (as Common Crawl's are) a page is used only once its gzip member's
checksum has been checked.

In a .warc.gz the offset is where the record's gzip member starts, the offset
Common Crawl's index gives; a record inside a member that holds several (a
file gzipped as a whole) is ``MEMBER+N``, N bytes into the member's data.
"""

from __future__ import annotations

import io
import logging
import zlib
from collections import Counter
from collections.abc import Generator, Iterator
from functools import cache, partial
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import EmptyInput, RecordError, SourceError, UnsupportedContent
from ..models import Problem, RawDocument
from ..settings import Settings
from .files import problem_for, too_large
from .web import HTML_TYPES, Fetched, document_from_fetched, parse_content_type, url_name

if TYPE_CHECKING:
    from warcio.recordloader import ArcWarcRecord, ArcWarcRecordLoader

log = logging.getLogger(__name__)

WARCIO_PIN = "warcio==1.8.1"
GZIP_MEMBER_START = b"\x1f\x8b\x08"  # a deflate-compressed gzip member starts so
WARC_VERSION = b"WARC/1."  # the first line of every record, "WARC/1.0" or "WARC/1.1"
PLAIN_RECORD_START = b"\n" + WARC_VERSION  # in an uncompressed file, a record starts on a new line
BLOCK_BYTES = 64 * 1024  # read, decompress and drain in blocks this size
SCAN_BYTES = 1024 * 1024  # how much a resync searches per read
HEADER_LINE_BYTES = 64 * 1024  # a header line longer than this is damage, not a reason to read on
PASSED_OVER_SHOWN = 6  # kinds of passed-over record named in a summary
NO_HEADER = "no WARC header here"


class _Damaged(Exception):
    """A record is damaged; reading must resync after it. Never escapes this module."""

    def __init__(
        self, reason: str, *, member: int | None = None, member_out: int = 0, runs_past_end: bool = False
    ) -> None:
        super().__init__(reason)
        self.member = member  # file offset of the gzip member whose data is bad, when that is the damage
        self.member_out = member_out  # where that member's data starts in the decompressed stream
        self.runs_past_end = runs_past_end  # the record claims more bytes than the file has left
        self.where = ""  # the offset label of the damaged record
        self.resume_from = 0  # where the search for the next record starts

    def located(self, where: str, resume_from: int) -> _Damaged:
        """This damage with its offset label and resync start filled in."""
        if self.member is not None:  # bad gzip data: search on from its member, whichever record it cut
            where, resume_from = where or str(self.member), self.member + 1
        self.where, self.resume_from = where, resume_from
        return self


# the outcomes of one stretch of records; its return value is the damage that ended it, None at the end
Stretch = Generator[RawDocument | Problem, None, _Damaged | None]


@dataclass(slots=True)
class _Tally:
    """What one archive held: records read whole, outcomes yielded, records passed over by kind."""

    records: int = 0
    yielded: int = 0
    passed_over: Counter[str] = field(default_factory=Counter)

    def summary(self) -> str:
        """E.g. "9 records passed over (6 request, 2 warcinfo, 1 HTTP 404)"."""
        total = sum(self.passed_over.values())
        kinds = self.passed_over.most_common()
        shown = [f"{n} {kind}" for kind, n in kinds[:PASSED_OVER_SHOWN]]
        if len(kinds) > PASSED_OVER_SHOWN:
            shown.append(f"{sum(n for _, n in kinds[PASSED_OVER_SHOWN:])} other")
        return f"{_count(total, 'record')} passed over" + (f" ({', '.join(shown)})" if shown else "")


def iter_warc(origin: str, *, settings: Settings) -> Iterator[RawDocument | Problem]:
    """Each HTML page a WARC file holds as a document, streamed record by record.

    Args:
        origin: the file's path as given; each outcome's origin is ``ORIGIN#OFFSET``.
        settings: ``file_max_bytes`` caps each page's HTTP body, not the file,
            so an archive of any size streams through.

    Returns:
        An iterator of documents and problems in file order; records that are
        not HTML pages yield nothing (see the module docstring).

    Raises:
        SourceError: the file cannot be read or warcio is missing; EmptyInput
            when the file is empty or holds no HTML page and no damage.
    """
    loader = _loader()
    try:
        handle = Path(origin).open("rb")
    except OSError as exc:
        raise SourceError(f"cannot read the file: {exc.strerror or exc}") from exc
    tally = _Tally()
    with handle:
        if not handle.read(1):
            raise EmptyInput("file is empty")
        yield from _archive(handle, origin=origin, loader=loader, settings=settings, tally=tally)
    log.info("%s: %s read, %s", origin, _count(tally.records, "record"), tally.summary())
    if not tally.yielded and not tally.records:
        raise EmptyInput("archive holds no records")
    if not tally.yielded:
        raise EmptyInput(f"archive holds no HTML pages: {tally.summary()}")


def _archive(
    handle: io.BufferedReader, *, origin: str, loader: ArcWarcRecordLoader, settings: Settings, tally: _Tally
) -> Iterator[RawDocument | Problem]:
    """Stretches of records, each after the first begun by a resync past damage, with one Problem per damage."""
    gzipped = _gzipped(handle, path=Path(origin), loader=loader)
    read = partial(_read, handle, gzipped=gzipped, loader=loader, origin=origin, settings=settings, tally=tally)
    start: int | None = 0
    while start is not None:
        damage = yield from read(start)
        if damage is None:
            return
        start = _resync(handle, damage.resume_from, gzipped=gzipped, loader=loader)
        tally.yielded += 1
        reason = _damage_reason(damage, start, tally)
        yield Problem(origin=f"{origin}#{damage.where}", reason=reason, error="RecordError")


def _gzipped(handle: io.BufferedReader, *, path: Path, loader: ArcWarcRecordLoader) -> bool:
    """Whether an archive is gzip members: by its first bytes, else its name, else where a record is found.

    The last test is for damage at the very start: the way that finds no
    record anywhere is dropped for the other way, when that one finds one.
    """
    handle.seek(0)
    head = handle.read(len(WARC_VERSION))
    guess = head.startswith(GZIP_MEMBER_START) or (not head.startswith(WARC_VERSION) and path.suffix.lower() == ".gz")
    if _parses_at(handle, 0, gzipped=guess, loader=loader):
        return guess
    if _resync(handle, 1, gzipped=guess, loader=loader) is not None:
        return guess
    return guess if _resync(handle, 0, gzipped=not guess, loader=loader) is None else not guess


def _loader() -> ArcWarcRecordLoader:
    """warcio's record parser, imported only when a WARC file is read."""
    try:
        from warcio.recordloader import ArcWarcRecordLoader
    except ImportError as exc:
        raise SourceError(f"reading WARC files needs warcio: pip install {WARCIO_PIN}") from exc
    # verify_http off: a response with a garbled status line is passed over, not taken for damage
    return ArcWarcRecordLoader(verify_http=False, arc2warc=False)


def _damage_reason(damage: _Damaged, resumed_at: int | None, tally: _Tally) -> str:
    """The one-line reason for damage, saying whether and where reading went on."""
    if resumed_at is not None:
        # a record found after one that claims the rest of the file: its Content-Length is wrong
        what = "its Content-Length runs past the records after it" if damage.runs_past_end else str(damage)
        return f"damaged record: {what}; reading went on at byte {resumed_at}"
    if str(damage) == NO_HEADER and damage.where == "0":
        return "not a WARC archive: no WARC header at its start"
    what = "the file ends inside this record: the archive is truncated" if damage.runs_past_end else str(damage)
    return f"{what}; {_count(tally.records, 'record')} read before it, none after"


def _count(n: int, noun: str) -> str:
    """ "1 record", "2 records"."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


# -- reading records ---------------------------------------------------------


def _read(
    handle: io.BufferedReader,
    start: int,
    *,
    gzipped: bool,
    loader: ArcWarcRecordLoader,
    origin: str,
    settings: Settings,
    tally: _Tally,
) -> Stretch:
    """The outcomes of the records from ``start`` on; returns the damage that stopped it, or None at the end."""
    reader = _Reader(handle, start, gzipped=gzipped)
    while True:
        where, resume_from = "", start
        try:
            if not reader.at_record():
                return None
            where, resume_from = reader.where()
            outcome = _record_outcome(reader, loader, origin=f"{origin}#{where}", settings=settings, tally=tally)
        except _Damaged as damage:
            return damage.located(where, resume_from)
        tally.records += 1
        if outcome is not None:
            tally.yielded += 1
            yield outcome


def _record_outcome(
    reader: _Reader, loader: ArcWarcRecordLoader, *, origin: str, settings: Settings, tally: _Tally
) -> RawDocument | Problem | None:
    """One whole record's document or problem, None when it is passed over; _Damaged when it is damaged."""
    record = _parse(reader.stream, loader)
    skip = _passed_over(record)
    outcome: RawDocument | Problem | None = None
    if skip is None:
        try:
            outcome = _document(record, origin=origin, settings=settings)
        except SourceError as exc:
            outcome = problem_for(origin, exc)
    # a damaged record yields nothing, not even the page read from it
    _finish(record, reader.stream)
    reader.settle()
    if skip is not None:
        tally.passed_over[skip] += 1
    return outcome


def _parse(stream: _Lines, loader: ArcWarcRecordLoader) -> ArcWarcRecord:
    """The record that starts here, its WARC and HTTP headers read."""
    looks_like_one = stream.peek(len(WARC_VERSION)).startswith(WARC_VERSION)
    try:
        record = loader.parse_record_stream(stream, known_format="warc")
    except _Damaged:
        raise
    except Exception as exc:  # warcio raises ArchiveLoadFailed, and AttributeError or ValueError on cut headers
        if looks_like_one and not stream.peek(1):
            raise _Damaged("the file ends inside the record's header", runs_past_end=True) from exc
        raise _Damaged(NO_HEADER) from exc
    length = record.rec_headers.get_header("Content-Length")
    if length is None or not length.strip().isdigit():
        # without a length the record would run to the end of the file
        raise _Damaged(f"the WARC header has no valid Content-Length ({length!r})")
    return record


def _passed_over(record: ArcWarcRecord) -> str | None:
    """Why a record is not an HTML page (its kind, for the tally), or None for one that is."""
    if record.rec_type != "response":
        return record.rec_type or "untyped"
    if record.http_headers is None:
        return "non-HTTP response"
    status = record.http_headers.get_statuscode()
    if status != "200":
        return f"HTTP {status}"
    media_type, _ = parse_content_type(record.http_headers.get_header("Content-Type"))
    return None if media_type in HTML_TYPES else media_type or "no content type"


def _document(record: ArcWarcRecord, *, origin: str, settings: Settings) -> RawDocument:
    """An HTML response record as a document, decoded like a fetched page."""
    http = record.http_headers
    cap = settings.file_max_bytes
    if record.payload_length > cap:
        raise too_large("page", cap, record.payload_length)
    encoding = (http.get_header("Content-Encoding") or "identity").strip().lower()
    if encoding not in _readable_encodings():
        raise UnsupportedContent(f"the page is {encoding}-encoded, which onrecord cannot decode")
    body = record.content_stream().read(cap + 1)  # chunked and gzip/deflate bodies come out decoded
    if len(body) > cap:
        raise too_large("page", cap)
    url = record.rec_headers.get_header("WARC-Target-URI")
    try:
        name = url_name(url)
    except ValueError as exc:  # e.g. an unbalanced "[" in the host
        raise RecordError(f"the WARC-Target-URI is not a valid URL: {url[:200]!r}") from exc
    media_type, charset = parse_content_type(http.get_header("Content-Type"))
    fetched = Fetched(url=url, status=200, content_type=media_type, charset=charset, body=body)
    doc = document_from_fetched(fetched, origin=origin)
    return replace(doc, name=name, published=record.rec_headers.get_header("WARC-Date"))


@cache
def _readable_encodings() -> frozenset[str]:
    """The HTTP Content-Encodings warcio undoes (brotli only when it is installed)."""
    from warcio.bufferedreaders import BufferedReader

    return frozenset({"identity", *BufferedReader.get_supported_decompressors()})


def _finish(record: ArcWarcRecord, stream: _Lines) -> None:
    """Read the rest of a record; _Damaged when it is shorter than its Content-Length or runs on."""
    while record.raw_stream.read(BLOCK_BYTES):
        pass
    if record.raw_stream.limit:  # the bytes ran out before the Content-Length did
        raise _Damaged("the record runs past the end of the file", runs_past_end=True)
    if stream.readline(BLOCK_BYTES).strip():  # a record ends with a blank line (CRLF CRLF)
        raise _Damaged("the record does not end where its Content-Length says")


class _Reader:
    """A decompressed view of an archive from one offset on, with record offsets as the file gives them."""

    def __init__(self, handle: io.BufferedReader, start: int, *, gzipped: bool) -> None:
        handle.seek(start)
        self.gunzip = _Gunzip(handle, at=start) if gzipped else None
        self.buffered = io.BufferedReader(self.gunzip, BLOCK_BYTES) if self.gunzip else handle
        self.stream = _Lines(self.buffered)
        self.deferred: _Damaged | None = None  # damage found past a record, raised when the next one is read
        self.member = start  # in a .warc.gz, the file offset of the member the current record starts in

    def at_record(self) -> bool:
        """Skip the blank lines before the next record; False at the end of the file."""
        if self.deferred is not None:
            raise self.deferred
        while data := self.buffered.peek(1):
            blank = len(data) - len(data.lstrip(b"\r\n"))
            if not blank:
                return True
            self.buffered.read(blank)
        return False

    def settle(self) -> None:
        """In a .warc.gz, read past the record just read, so that its member's checksum is checked.

        gzip checks a member's data only at its end, so a page is used only
        once the bytes after it come from a later member, or are the next record
        of the same member (a file gzipped as a whole, checked only at its end).
        Damage found in a later member is kept for that member's turn.
        """
        if self.gunzip is None:
            return
        end = self.buffered.tell()
        try:
            more = self.at_record()
        except _Damaged as damage:
            if damage.member is None or damage.member_out < end:
                raise
            self.deferred = damage
            return
        same_member = more and self.gunzip.member_of(self.buffered.tell())[1] == self.member
        if same_member and not self.stream.peek(len(WARC_VERSION)).startswith(WARC_VERSION):
            raise _Damaged("the record's gzip member holds more than the record")

    def where(self) -> tuple[str, int]:
        """The offset label of the record that starts here, and where a resync after it would search from."""
        pos = self.buffered.tell()
        if self.gunzip is None:
            return str(pos), pos + 1
        self.gunzip.forget_before(pos)
        out, self.member = self.gunzip.member_of(pos)
        return (str(self.member) if pos == out else f"{self.member}+{pos - out}"), self.member + 1


class _Lines:
    """The stream warcio parses: a line read without a limit stops at HEADER_LINE_BYTES.

    warcio reads header lines with an unbounded readline, so garbage without a
    newline would otherwise be read into memory whole.
    """

    def __init__(self, stream: io.BufferedReader) -> None:
        self.stream = stream

    def readline(self, size: int | None = -1) -> bytes:
        return self.stream.readline(HEADER_LINE_BYTES if size is None or size < 0 else size)

    def read(self, size: int | None = -1) -> bytes:
        return self.stream.read(size)

    def peek(self, size: int) -> bytes:
        """Up to ``size`` bytes ahead, without reading them (fewer at the end of the file)."""
        return self.stream.peek(size)[:size]

    def tell(self) -> int:
        return self.stream.tell()


class _Gunzip(io.RawIOBase):
    """The decompressed bytes of a gzip file, member after member; corrupt or cut data raises _Damaged.

    Python's gzip module is not used: it neither says where each member starts
    (a record's offset) nor lets a reader resume after a bad member.
    """

    def __init__(self, raw: io.BufferedReader, *, at: int) -> None:
        self.raw = raw
        self.raw_pos = at  # file offset just past the compressed bytes read so far
        self.out_pos = 0
        self.pending = b""  # compressed bytes read but not yet decompressed
        self.decompressor: zlib._Decompress | None = None
        self.member_at = at
        self.members: list[tuple[int, int]] = []  # (output offset, file offset) of each member started

    def readable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.out_pos

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self._next_block(len(buffer))
        buffer[: len(data)] = data
        self.out_pos += len(data)
        return len(data)

    def member_of(self, pos: int) -> tuple[int, int]:
        """Where the member holding output byte ``pos`` starts: in the output, in the file."""
        return next(m for m in reversed(self.members) if m[0] <= pos)

    def forget_before(self, pos: int) -> None:
        """Drop the members before the one holding ``pos`` (records are read in order)."""
        while len(self.members) > 1 and self.members[1][0] <= pos:
            del self.members[0]

    def _next_block(self, size: int) -> bytes:
        """Up to ``size`` decompressed bytes; b"" only at the clean end of the last member."""
        while True:
            if (self.decompressor is None or self.decompressor.eof) and not self._start_member():
                return b""
            assert self.decompressor is not None
            if not self.pending:
                self.pending = self._read_raw()
                if not self.pending:
                    raise self._damaged("the file ends inside a gzip member: the archive is truncated")
            try:
                data = self.decompressor.decompress(self.pending, size)
            except zlib.error as exc:
                raise self._damaged(f"corrupt gzip data ({exc})") from exc
            self.pending = self.decompressor.unused_data if self.decompressor.eof else self.decompressor.unconsumed_tail
            if data:
                return data

    def _start_member(self) -> bool:
        """Begin decompressing the next member; False when the file has no more bytes."""
        if not self.pending:
            self.pending = self._read_raw()
            if not self.pending:
                return False
        self.member_at = self.raw_pos - len(self.pending)
        self.members.append((self.out_pos, self.member_at))
        self.decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
        return True

    def _damaged(self, reason: str) -> _Damaged:
        return _Damaged(reason, member=self.member_at, member_out=self.members[-1][0])

    def _read_raw(self) -> bytes:
        data = self.raw.read(BLOCK_BYTES)
        self.raw_pos += len(data)
        return data


# -- resync ------------------------------------------------------------------


def _resync(handle: io.BufferedReader, start: int, *, gzipped: bool, loader: ArcWarcRecordLoader) -> int | None:
    """The first offset from ``start`` on where a record starts and its WARC header parses, or None."""
    needle = GZIP_MEMBER_START if gzipped else PLAIN_RECORD_START
    while (found := _find(handle, needle, start)) is not None:
        candidate = found if gzipped else found + 1  # a plain record starts after the newline
        if _parses_at(handle, candidate, gzipped=gzipped, loader=loader):
            return candidate
        start = found + 1
    return None


def _find(handle: io.BufferedReader, needle: bytes, start: int) -> int | None:
    """The file offset of the first ``needle`` at or after ``start``, read in blocks."""
    handle.seek(start)
    base, carry = start, b""
    while chunk := handle.read(SCAN_BYTES):
        data = carry + chunk
        if (index := data.find(needle)) >= 0:
            return base + index
        carry = data[len(data) - len(needle) + 1 :]
        base += len(data) - len(carry)
    return None


def _parses_at(handle: io.BufferedReader, offset: int, *, gzipped: bool, loader: ArcWarcRecordLoader) -> bool:
    """Whether a WARC record header parses at ``offset`` (a false match of the search does not)."""
    reader = _Reader(handle, offset, gzipped=gzipped)
    try:
        _parse(reader.stream, loader)
    except _Damaged:
        return False
    return True
