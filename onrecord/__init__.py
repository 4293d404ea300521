"""onrecord: who said what, about whom, when — and whether it held.

The public API: plain functions over the frozen records of ``onrecord.models``.
Heavy parts (spaCy, trafilatura) load on first use, not on import.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._version import __version__
from .errors import OnrecordError
from .models import (
    Actor,
    Article,
    ExtractedArticle,
    IngestReport,
    Problem,
    RawDocument,
    SearchHit,
    Span,
    Statement,
)
from .settings import DEFAULT_SETTINGS, Settings

if TYPE_CHECKING:
    from .evaluate import EvalReport
    from .store import Store

__all__ = [
    "DEFAULT_SETTINGS",
    "Actor",
    "Article",
    "ExtractedArticle",
    "IngestReport",
    "OnrecordError",
    "Problem",
    "RawDocument",
    "SearchHit",
    "Settings",
    "Span",
    "Statement",
    "__version__",
    "clean_text",
    "evaluate_polnear",
    "extract",
    "extract_article",
    "extract_statements",
    "ingest",
    "iter_documents",
    "open_store",
]


def extract(sources: Any, **kwargs: Any) -> Any:
    """Articles and statements from sources, no database: see ``onrecord.pipeline.extract``."""
    from .pipeline import extract as _extract

    return _extract(sources, **kwargs)


def ingest(store: Store, sources: Any, **kwargs: Any) -> IngestReport:
    """Extract sources into a store: see ``onrecord.pipeline.ingest``."""
    from .pipeline import ingest as _ingest

    return _ingest(store, sources, **kwargs)


def open_store(target: Any, *, create: bool = True) -> Store:
    """Open a SQLite file or a ``postgresql://`` URL: see ``onrecord.store.open_store``."""
    from .store import open_store as _open_store

    return _open_store(target, create=create)


def iter_documents(sources: Any, **kwargs: Any) -> Any:
    """Raw documents and problems from sources: see ``onrecord.sources.iter_documents``."""
    from .sources import iter_documents as _iter_documents

    return _iter_documents(sources, **kwargs)


def extract_article(doc: RawDocument, *, clean: bool = True) -> Article:
    """A raw document's article (HTML through trafilatura, text through the cleaner)."""
    from .extract import extract_article as _extract_article

    return _extract_article(doc, clean=clean)


def clean_text(text: str) -> str:
    """Plain text with scrape junk removed by general rules."""
    from .clean import clean_text as _clean_text

    return _clean_text(text)


def extract_statements(article: Article) -> tuple[Statement, ...]:
    """The statements of one article, through the shared spaCy pipeline."""
    from .nlp import extract_statements as _extract_statements

    return _extract_statements(article)


def evaluate_polnear(directory: Any) -> EvalReport:
    """Score extraction on a PolNeAR split: see ``onrecord.evaluate.evaluate_polnear``."""
    from .evaluate import evaluate_polnear as _evaluate_polnear

    return _evaluate_polnear(directory)
