"""The local runner: articles through spaCy's ``nlp.pipe`` in order, in one or more processes.

With ``settings.processes > 1`` the runner forks worker processes after the
pipeline is loaded, so they share its weights copy-on-write instead of each
loading the model; each worker turns a chunk of articles into records (Docs
never cross a process boundary) and the chunks come back in input order.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from itertools import chain, islice
from typing import TYPE_CHECKING, Any

from ..models import Article, ExtractedArticle, Problem, RawDocument, Statement
from ..settings import DEFAULT_SETTINGS, Settings
from .stages import to_article

if TYPE_CHECKING:
    from spacy.language import Language

Outcome = ExtractedArticle | Problem
Item = Article | Problem

_WORKER_NLP: Language | None = None  # the pipeline a forked worker inherits
_WORKER_EMBED = False  # whether forked workers embed propositions
MAX_AUTO_PROCESSES = 4  # workers "auto" starts at most; each holds a model's working memory


def _articles(items: Iterable[RawDocument | Article | Problem], *, clean: bool) -> Iterator[Item]:
    for item in items:
        yield to_article(item, clean=clean) if isinstance(item, RawDocument) else item


def _chunks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def extract_chunk(chunk: list[Item], nlp: Language | None = None, *, embed: bool | None = None) -> list[Outcome]:
    """Statements for a chunk of articles (problems pass through), in order.

    With ``embed`` every position's proposition gets its embedding (what
    ``ingest`` stores for similarity search); ``extract`` does without.
    """
    from ..nlp.convert import doc_to_statements

    nlp = nlp or _WORKER_NLP
    embed = _WORKER_EMBED if embed is None else embed
    assert nlp is not None, "extract_chunk needs a pipeline"
    ready = [a for a in chunk if isinstance(a, Article)]
    docs = iter(nlp.pipe((a.text for a in ready), batch_size=len(ready) or 1))
    out = [
        ExtractedArticle(article=item, statements=doc_to_statements(next(docs), item)) if isinstance(item, Article) else item
        for item in chunk
    ]
    return embed_positions(out) if embed else out


def embed_positions(outcomes: list[Outcome]) -> list[Outcome]:
    """The outcomes with each position's proposition embedded (one batch for the chunk)."""
    from ..embed import load_embedder, to_blob

    from ..nlp.propositions import names_a_matter

    def embedded(st: Statement) -> bool:  # a proposition that is only "it" or "what" is compared with nothing
        return st.position is not None and names_a_matter(st.position.proposition)

    texts = [
        st.position.proposition  # type: ignore[union-attr]
        for o in outcomes if isinstance(o, ExtractedArticle)
        for st in o.statements if embedded(st)
    ]
    if not texts:
        return outcomes
    vectors = iter(load_embedder().embed(texts))
    result: list[Outcome] = []
    for o in outcomes:
        if not isinstance(o, ExtractedArticle):
            result.append(o)
            continue
        statements = tuple(
            replace(st, position=replace(st.position, embedding=to_blob(next(vectors)))) if embedded(st) else st  # type: ignore[arg-type]
            for st in o.statements
        )
        result.append(replace(o, statements=statements))
    return result


def run_local(
    documents: Iterable[RawDocument | Article | Problem],
    *,
    settings: Settings = DEFAULT_SETTINGS,
    nlp: Language | None = None,
    on_document: Callable[[], None] | None = None,
    embed: bool = False,
) -> Iterator[Outcome]:
    """Extract every document, in input order: an ExtractedArticle or a Problem each.

    Args:
        documents: raw documents, articles already extracted from them, and
            source problems (passed through).
        settings: cleaning, batch size and the number of worker processes.
        nlp: the pipeline; ``onrecord.nlp.load_pipeline`` with the settings' actors file, model and
            interview answers when not given.
        on_document: called once per input, for progress bars.
        embed: embed every position's proposition (for storing).

    Returns:
        An iterator of outcomes, one per input.
    """
    from ..nlp import load_pipeline

    nlp = nlp or load_pipeline(settings.actors_file, model=settings.model, interview_answers=settings.interview_answers)
    chunks = _chunks(_articles(documents, clean=settings.clean), settings.batch_size)
    processes = worker_count(settings)
    first = list(islice(chunks, 2))
    chunks = chain(first, chunks)
    if processes <= 1 or len(first) < 2:  # one chunk: forking would only add start-up time
        results: Iterable[list[Outcome]] = (extract_chunk(c, nlp, embed=embed) for c in chunks)
        yield from _ticked(results, on_document)
        return
    global _WORKER_NLP, _WORKER_EMBED
    _WORKER_NLP, _WORKER_EMBED = nlp, embed
    if embed:
        from ..embed import load_embedder

        load_embedder()  # loaded once, before the fork, and shared
    with multiprocessing.get_context("fork").Pool(processes, initializer=_init_worker) as pool:
        yield from _ticked(_windowed(pool, chunks, 2 * processes), on_document)


def _init_worker() -> None:
    """One compute thread per worker: the workers already use every core, and a
    forked child must not enter the OpenMP pool its parent started (it hangs)."""
    torch = sys.modules.get("torch")
    if torch is not None:
        torch.set_num_threads(1)


def worker_count(settings: Settings) -> int:
    """Worker processes to use: ``settings.processes``, or with 0 one per CPU (at most 4)."""
    if settings.processes > 0:
        return settings.processes
    return max(1, min(os.cpu_count() or 1, MAX_AUTO_PROCESSES))


def _windowed(pool: Any, chunks: Iterator[list[Item]], window: int) -> Iterator[list[Outcome]]:
    """Results in order, with at most ``window`` chunks in flight.

    Chunks are read here, in the caller's thread (sources and the store may be
    bound to it), and never far ahead of the results, so memory stays bounded.
    """
    pending: deque[Any] = deque()
    for chunk in chunks:
        pending.append(pool.apply_async(extract_chunk, (chunk,)))
        if len(pending) >= window:
            yield pending.popleft().get()
    while pending:
        yield pending.popleft().get()


def _ticked(results: Iterable[list[Outcome]], on_document: Callable[[], None] | None) -> Iterator[Outcome]:
    for chunk in results:
        for outcome in chunk:
            yield outcome
            if on_document is not None:
                on_document()
