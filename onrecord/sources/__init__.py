"""Where articles come from: files, folders, globs, stdin, URLs, feeds, JSONL and WARC archives.

``iter_documents`` turns source strings into ``RawDocument`` records, and every
input it cannot use into a ``Problem`` instead of an exception, so a batch of
many inputs goes on past the bad ones.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import BinaryIO, Literal, TextIO

from ..errors import EmptyInput, ExtractionError, SourceError
from ..models import Problem, RawDocument
from ..settings import DEFAULT_SETTINGS, Settings
from .feeds import FeedItem, feed_documents, is_feed, parse_feed
from .files import check_bytes, expand, kind_of, problem_for, read_capped, read_file, read_stdin
from .jsonl import iter_records
from .warc import iter_warc  # warcio itself is imported only when a WARC file is read
from .web import Fetched, document_from_fetched, fetch, is_url

__all__ = ["FeedItem", "Fetched", "classify", "fetch", "iter_documents", "parse_feed"]

Outcome = Iterator[RawDocument | Problem]

SKIPPED_ERRORS = frozenset(
    {"EmptyInput", "BinaryInput", "TooLarge", "DecodeError", "UnsupportedContent", "ExtractionError", "NotEnglish"}
)


def iter_documents(
    sources: Iterable[str],
    *,
    settings: Settings = DEFAULT_SETTINGS,
    stdin: TextIO | BinaryIO | None = None,
) -> Iterator[RawDocument | Problem]:
    """Every document the sources hold, in order, with a Problem for each bad input.

    Args:
        sources: ``-`` for stdin, http(s) URLs (pages or RSS/Atom feeds), files
            (WARC archives yield one document per HTML page), folders (walked,
            sorted) and glob patterns (``**`` allowed).
        settings: size caps, fetch limits and the feed item cap.
        stdin: the stream ``-`` reads; ``sys.stdin`` when None.

    Returns:
        An iterator of RawDocument and Problem records. It does not raise for
        a bad input: the Problem names the error class and a one-line reason.
    """
    for source in sources:
        origin = "stdin" if source == "-" else source
        yield from _guarded(origin, partial(_from_source, source, settings=settings, stdin=stdin))


def classify(problem: Problem) -> Literal["skipped", "failed"]:
    """Whether a problem is a skip (input with nothing usable) or a failure.

    Args:
        problem: a Problem from ``iter_documents`` or a later stage.

    Returns:
        "skipped" for empty, binary, oversize, undecodable, unsupported or
        article-less inputs; "failed" for everything else.
    """
    return "skipped" if problem.error in SKIPPED_ERRORS else "failed"


def _guarded(origin: str, produce: Callable[[], Outcome]) -> Outcome:
    """The items ``produce`` yields, ending in a Problem if it raises a source error."""
    try:
        yield from produce()
    except (SourceError, ExtractionError) as exc:
        yield problem_for(origin, exc)


def _from_source(source: str, *, settings: Settings, stdin: TextIO | BinaryIO | None) -> Outcome:
    """Documents from one source string."""
    if source == "-":
        stream = stdin if stdin is not None else getattr(sys.stdin, "buffer", sys.stdin)
        yield read_stdin(stream, settings=settings)
    elif is_url(source):
        yield from _from_url(source, settings=settings)
    else:
        for origin in expand(source):
            yield from _guarded(origin, partial(_from_file, origin, settings=settings))


def _from_file(origin: str, *, settings: Settings) -> Outcome:
    """Documents from one existing file, by its kind."""
    kind = kind_of(Path(origin))
    if kind == "jsonl":
        yield from iter_records(origin, settings=settings)
    elif kind == "warc":
        yield from iter_warc(origin, settings=settings)
    elif kind == "feed":
        yield from _from_feed_file(origin, settings=settings)
    else:
        yield read_file(origin, settings=settings)


def _from_feed_file(origin: str, *, settings: Settings) -> Outcome:
    """The pages a local feed file links to."""
    raw = read_capped(Path(origin), cap=settings.file_max_bytes)
    check_bytes(raw, what="file")
    yield from _feed_outcome(parse_feed(raw, base_url=None), settings=settings)


def _from_url(url: str, *, settings: Settings) -> Outcome:
    """One page, or the pages of a feed."""
    fetched = fetch(url, settings=settings)
    if is_feed(fetched):
        yield from _feed_outcome(parse_feed(fetched.body, base_url=fetched.url), settings=settings)
    else:
        yield document_from_fetched(fetched, origin=url)


def _feed_outcome(items: list[FeedItem], *, settings: Settings) -> Outcome:
    """The item pages of a parsed feed; EmptyInput when it links to nothing."""
    if not items:
        raise EmptyInput("feed has no items with a link")
    yield from feed_documents(items, settings=settings)
