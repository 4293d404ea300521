"""Stages and runners: from sources to extracted articles to the store."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, BinaryIO, TextIO

from ..errors import OnrecordError
from ..models import Article, ExtractedArticle, IngestReport, Problem, RawDocument
from ..settings import DEFAULT_SETTINGS, Settings
from ..sources import classify, iter_documents
from .local import run_local
from .stages import to_article

if TYPE_CHECKING:
    from ..store import Store

__all__ = ["extract", "ingest", "ingest_documents", "run_local"]


def extract(
    sources: Iterable[str],
    *,
    settings: Settings = DEFAULT_SETTINGS,
    stdin: TextIO | BinaryIO | None = None,
    on_document: Callable[[], None] | None = None,
) -> Iterator[ExtractedArticle | Problem]:
    """Articles and their statements from sources, without a database.

    Args:
        sources: files, folders, globs, URLs, feeds, JSONL files or "-" for stdin.
        settings: fetch limits, cleaning, batch size.
        stdin: what "-" reads; ``sys.stdin`` when not given.
        on_document: called once per document, for progress bars.

    Returns:
        One ExtractedArticle or Problem per input document, in order.
    """
    docs = iter_documents(sources, settings=settings, stdin=stdin)
    return run_local(docs, settings=settings, on_document=on_document)


def ingest(
    store: Store,
    sources: Iterable[str],
    *,
    settings: Settings = DEFAULT_SETTINGS,
    stdin: TextIO | BinaryIO | None = None,
    on_document: Callable[[], None] | None = None,
) -> IngestReport:
    """Extract sources and store each article with its statements, one transaction each.

    A bad input is a counted skip or failure and the batch goes on; what was
    committed before any failure stays committed.

    Returns:
        The report: added and unchanged article ids, skips and failures with reasons.
    """
    documents = iter_documents(sources, settings=settings, stdin=stdin)
    return ingest_documents(store, documents, settings=settings, on_document=on_document)


def ingest_documents(
    store: Store,
    documents: Iterable[RawDocument | Problem],
    *,
    settings: Settings = DEFAULT_SETTINGS,
    on_document: Callable[[], None] | None = None,
) -> IngestReport:
    """Like :func:`ingest`, for documents already read (a web upload, an archive record)."""
    added: list[str] = []
    unchanged: list[str] = []
    skipped: list[Problem] = []
    failed: list[Problem] = []
    written = 0

    def new_articles() -> Iterator[Article | Problem]:
        # an article already stored is not run through the NLP stages again
        for doc in documents:
            item = to_article(doc, clean=settings.clean) if isinstance(doc, RawDocument) else doc
            if isinstance(item, Article) and store.article(item.id) is not None:
                unchanged.append(item.id)
                if on_document is not None:
                    on_document()
                continue
            yield item

    for outcome in run_local(new_articles(), settings=settings, on_document=on_document, embed=True):
        if isinstance(outcome, Problem):
            (skipped if classify(outcome) == "skipped" else failed).append(outcome)
            continue
        try:
            result = store.put(outcome)
        except OnrecordError as exc:
            failed.append(Problem(origin=outcome.article.origin, reason=str(exc), error=type(exc).__name__))
            continue
        if result == "unchanged":
            unchanged.append(outcome.article.id)
        else:
            added.append(outcome.article.id)
            written += len(outcome.statements)
    return IngestReport(
        added=tuple(added), unchanged=tuple(unchanged), skipped=tuple(skipped), failed=tuple(failed), statements=written
    )
