"""The pipeline's stages as pure functions over records.

source → RawDocument → (to_article) → Article → (local.extract_chunk) → statements.
I/O lives in ``onrecord.sources`` and ``onrecord.store``; batching belongs to
the runner, which hands ``nlp.pipe`` many articles at once.
"""

from __future__ import annotations

from ..errors import ExtractionError
from ..extract import extract_article
from ..models import Article, Problem, RawDocument


def to_article(doc: RawDocument, *, clean: bool) -> Article | Problem:
    """The article in a raw document, or the Problem that says why there is none."""
    try:
        return extract_article(doc, clean=clean)
    except ExtractionError as exc:
        return Problem(origin=doc.origin, reason=str(exc), error=type(exc).__name__)
