"""The ``Store`` interface every database backend implements.

A store keeps extracted articles, their statements and the actors those
statements resolve to. Backends take and return the records of
``onrecord.models`` only: rows, cursors and driver exceptions stay inside the
backend, which raises ``StoreError`` (or a subclass) for every database failure.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from types import TracebackType
from typing import Literal, Self

from ..errors import StoreError
from ..models import (
    Actor,
    Article,
    ExtractedArticle,
    PositionEntry,
    SearchHit,
    Statement,
    Story,
)

PutOutcome = Literal["added", "unchanged"]


def check_statements(item: ExtractedArticle) -> None:
    """Refuse (``StoreError``) an article carrying a statement of another article."""
    for statement in item.statements:
        if statement.article_id != item.article.id:
            raise StoreError(
                f"statement {statement.id} belongs to article {statement.article_id}, "
                f"not to {item.article.id}: it cannot be stored with it"
            )


class Store(ABC):
    """A database of articles, statements and actors.

    Stores are context managers: ``with open_store(path) as store: ...`` closes
    the connection on exit.
    """

    @property
    @abstractmethod
    def schema_version(self) -> int:
        """The schema version of the open database (the last migration applied)."""

    @abstractmethod
    def put(self, item: ExtractedArticle) -> PutOutcome:
        """Write one article and all its statements, with their actors, atomically.

        Idempotent: an article whose ``id`` is already stored is left alone and
        nothing at all is written, so ingesting the same input twice leaves the
        database unchanged. Articles are keyed by their content: a page whose
        text changed under the same ``url`` is stored as a second version
        beside the first (replacing it would make re-ingesting a batch that
        holds both versions flip between them). A failure rolls back this
        article only; articles written before stay.

        Args:
            item: the article and the statements extracted from it; every
                statement's ``article_id`` must be the article's ``id``.

        Returns:
            ``"added"`` or ``"unchanged"``.

        Raises:
            StoreError: the article could not be written (nothing of it was),
                for example because a statement's kind is not one of
                ``STATEMENT_KINDS`` or it belongs to another article.
        """

    @abstractmethod
    def article(self, article_id: str) -> Article | None:
        """The stored article with this id, or ``None``.

        Args:
            article_id: an ``Article.id``.

        Returns:
            The article exactly as it was put, or ``None`` when there is none.
        """

    @abstractmethod
    def articles(self, *, limit: int = 50, offset: int = 0) -> list[Article]:
        """A page of stored articles, newest ``published`` first, then by name.

        Articles without a published date come after every dated one.

        Args:
            limit: the most articles to return.
            offset: how many articles of that order to skip first.

        Returns:
            The articles of the page, possibly none.
        """

    @abstractmethod
    def statements(
        self,
        *,
        speaker: str | None = None,
        article_id: str | None = None,
        actor: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Statement]:
        """Stored statements, optionally filtered by speaker, by article and by actor.

        Ordered by article (in the order of ``articles``), then sentence, then
        the start of the first content span, then the order they were put in.

        Args:
            speaker: keep statements where this text occurs, case-insensitively,
                in the resolved actor's name, one of its aliases, or the speaker
                mention (``"lavrov"`` finds Sergey Lavrov and "Lavrov said").
            article_id: keep the statements of this article only.
            actor: keep the statements resolved to the actor with exactly this
                canonical name (an index look-up, unlike ``speaker``).
            limit: the most statements to return; ``None`` for all.
            offset: how many statements of that order to skip first.

        Returns:
            Statements equal to the ones that were put.
        """

    @abstractmethod
    def actors(self, *, limit: int | None = None, offset: int = 0) -> list[Actor]:
        """The canonical actors, by name, with every alias and title seen merged.

        Args:
            limit: the most actors to return; ``None`` for all.
            offset: how many actors to skip first.

        Returns:
            Actors with aliases and titles sorted; kind and affiliation are the
            first specific ones seen.
        """

    @abstractmethod
    def actor(self, name: str) -> Actor | None:
        """One canonical actor by its name, else by one of its aliases; ``None`` if neither.

        Args:
            name: a canonical name ("Sergey Lavrov") or an alias ("Lavrov"),
                matched exactly.

        Returns:
            The canonical actor as ``actors`` lists it.
        """

    @abstractmethod
    def search(self, query: str, *, limit: int = 20) -> list[SearchHit]:
        """Full-text search over statements and articles.

        Every word of the query must occur; double-quoted words must occur as a
        phrase. Punctuation and operator-like input are taken as plain words,
        so no query is a syntax error.

        Args:
            query: the words to look for, as a user typed them.
            limit: the most hits to return, statements and articles together.

        Returns:
            Statement hits first, best match first, each carrying its
            ``Statement``; then article hits, each with an excerpt around the
            match. An empty query (or one without words) returns ``[]``.
        """

    @abstractmethod
    def statements_by_key(self, keys: Sequence[int]) -> dict[int, Statement]:
        """Statements by their storage key (the key of their position in the similarity index).

        Unknown keys are left out of the result.
        """

    @abstractmethod
    def position_keys(self, *, holder: str | None = None) -> list[int]:
        """Storage keys of the statements that carry a position, ascending; of one holder if given."""

    @abstractmethod
    def position_vectors(self, *, after: int = 0) -> tuple[list[int], bytes]:
        """Keys above ``after`` and their proposition embeddings, concatenated float32 bytes, ascending."""

    @abstractmethod
    def positions_of(self, actor: str, *, latest: int | None = None) -> list[PositionEntry]:
        """The positions an actor holds or voices, oldest first (undated last).

        Args:
            actor: a canonical actor name; a position counts when it is the
                holder, or when the actor is the statement's resolved speaker.
            latest: keep only the last this many of that order; ``None`` for all.
        """

    @abstractmethod
    def stories_of(self, article_ids: Sequence[str]) -> dict[str, Story]:
        """The story of each stored article: itself alone, or it and its syndicated copies.

        ``put`` groups an article with the stored article it is a near-duplicate
        of (``onrecord.stories``: MinHash over word shingles, LSH bands,
        estimated Jaccard at least ``COPY_JACCARD``). Unknown ids are left out.
        """

    @abstractmethod
    def actor_counts(self) -> dict[str, int]:
        """Statements per canonical actor name (0 for an actor no statement names any more)."""

    @abstractmethod
    def counts(self) -> dict[str, int]:
        """How many articles, statements and actors are stored.

        Returns:
            ``{"articles": n, "statements": n, "actors": n}``.
        """

    @abstractmethod
    def close(self) -> None:
        """Close the connection; closing twice is harmless."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
