"""Damaged and truncated WARC archives: damage is one Problem, reading resumes, nothing before a cut is lost."""

from __future__ import annotations

import gzip
import re
from itertools import accumulate
from pathlib import Path

import hypothesis
from hypothesis import HealthCheck, given
from hypothesis import strategies as st

from onrecord.models import Problem, RawDocument
from onrecord.sources import classify

from warc_records import (
    GZ,
    html_response,
    join,
    page,
    plain_chunks,
    reasons,
    run,
    summary,
    with_content_length,
    write_warc,
)


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
