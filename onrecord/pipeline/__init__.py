"""Stages and runners: from sources to extracted articles to the store."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import TYPE_CHECKING, BinaryIO, Literal, TextIO

from ..errors import OnrecordError
from ..models import Article, ExtractedArticle, IngestReport, Problem, RawDocument
from ..settings import DEFAULT_SETTINGS, Settings
from ..sources import classify, iter_documents
from .local import run_local
from .parquet import ARTICLES_PER_SHARD, load_parquet, write_parquet
from .stages import to_article

if TYPE_CHECKING:
    from ..store import Store

__all__ = ["RUNNERS", "extract", "ingest", "ingest_documents", "ingest_parquet", "load_parquet", "run_local", "write_parquet"]

Runner = Literal["local", "ray"]
RUNNERS: tuple[str, ...] = ("local", "ray")


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
    runner: Runner = "local",
    address: str | None = None,
) -> IngestReport:
    """Extract sources and store each article with its statements, one transaction each.

    A bad input is a counted skip or failure and the batch goes on; what was
    committed before any failure stays committed.

    Args:
        runner: "local" (worker processes on this machine) or "ray" (a Ray
            actor pool: a local Ray, or the cluster at ``address``); the
            driver stores every article either way.
        address: the Ray cluster to join (``runner="ray"`` only).

    Returns:
        The report: added and unchanged article ids, skips and failures with reasons.
    """
    documents = iter_documents(sources, settings=settings, stdin=stdin)
    return ingest_documents(
        store, documents, settings=settings, on_document=on_document, runner=runner, address=address
    )


def ingest_documents(
    store: Store,
    documents: Iterable[RawDocument | Problem],
    *,
    settings: Settings = DEFAULT_SETTINGS,
    on_document: Callable[[], None] | None = None,
    runner: Runner = "local",
    address: str | None = None,
) -> IngestReport:
    """Like :func:`ingest`, for documents already read (a web upload, an archive record).

    Articles are extracted from raw documents here, with either runner, so
    that one already stored skips the NLP stages.
    """
    run = _runner(runner, address)
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

    for outcome in run(new_articles(), settings=settings, on_document=on_document, embed=True):
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


def ingest_parquet(
    out_dir: str | os.PathLike[str],
    sources: Iterable[str],
    *,
    settings: Settings = DEFAULT_SETTINGS,
    stdin: TextIO | BinaryIO | None = None,
    on_document: Callable[[], None] | None = None,
    runner: Runner = "local",
    address: str | None = None,
    shard_size: int = ARTICLES_PER_SHARD,
) -> IngestReport:
    """Like :func:`ingest`, into Parquet shards in ``out_dir`` instead of a store.

    Load the shards into any store with :func:`load_parquet` (``onrecord load``).

    Returns:
        The report: article ids written ("added"), skips and failures with reasons.
    """
    documents = iter_documents(sources, settings=settings, stdin=stdin)
    outcomes = _runner(runner, address)(documents, settings=settings, on_document=on_document, embed=True)
    return write_parquet(outcomes, out_dir, shard_size=shard_size)


def _runner(runner: str, address: str | None) -> Callable[..., Iterator[ExtractedArticle | Problem]]:
    """The runner function a name picks, with the Ray address bound."""
    if runner == "local":
        if address is not None:
            raise ValueError("address is for the Ray runner: pass runner='ray'")
        return run_local
    if runner == "ray":
        from .ray_runner import run_ray

        return partial(run_ray, address=address)
    raise ValueError(f"unknown runner {runner!r}: one of {', '.join(RUNNERS)}")
