"""The local runner: one process, articles batched through spaCy's ``nlp.pipe``."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import TYPE_CHECKING

from ..models import Article, ExtractedArticle, Problem, RawDocument
from ..settings import DEFAULT_SETTINGS, Settings
from .stages import to_article

if TYPE_CHECKING:
    from spacy.language import Language

Outcome = ExtractedArticle | Problem


def _batches(items: Iterable[Article | Problem], size: int) -> Iterator[list[Article | Problem]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def run_local(
    documents: Iterable[RawDocument | Article | Problem],
    *,
    settings: Settings = DEFAULT_SETTINGS,
    nlp: Language | None = None,
    on_document: Callable[[], None] | None = None,
) -> Iterator[Outcome]:
    """Extract every document, in input order: an ExtractedArticle or a Problem each.

    Args:
        documents: raw documents, articles already extracted from them, and
            source problems (passed through).
        settings: cleaning and batch size.
        nlp: the pipeline; ``onrecord.nlp.load_pipeline()`` when not given.
        on_document: called once per input, for progress bars.

    Returns:
        An iterator of outcomes, one per input.
    """
    from ..nlp import load_pipeline
    from ..nlp.convert import doc_to_statements

    nlp = nlp or load_pipeline()
    articles = (to_article(d, clean=settings.clean) if isinstance(d, RawDocument) else d for d in documents)
    for batch in _batches(articles, settings.batch_size):
        ready = [a for a in batch if isinstance(a, Article)]
        docs = iter(nlp.pipe((a.text for a in ready), batch_size=settings.batch_size))
        for item in batch:
            if isinstance(item, Article):
                yield ExtractedArticle(article=item, statements=doc_to_statements(next(docs), item))
            else:
                yield item
            if on_document is not None:
                on_document()
