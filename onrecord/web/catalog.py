"""What the pages need beyond single queries, computed once per state of the store.

Contests and topics look across every stored position, so they are computed
once and kept until the store changes (its counts of articles, statements and
actors move); every request checks that in three ``count(*)`` queries.
"""

from __future__ import annotations

import gc
import threading
from dataclasses import dataclass

from ..contests import Contest, PositionIndex, find_contests
from ..models import Statement, digest
from ..store import Store
from ..topics import cluster_topics

StatementRef = tuple[str, str]  # (article id, statement id): a statement's address in URLs


def contest_id(contest: Contest) -> str:
    """A stable id for a contest: its claim's and its counter's addresses."""
    a, b = contest.claim.statement, contest.counter.statement
    return digest(a.article_id, a.id, b.article_id, b.id, length=12)


def ref(statement: Statement) -> StatementRef:
    return statement.article_id, statement.id


def _latest(contest: Contest) -> str:
    return max(contest.claim.statement.date or "", contest.counter.statement.date or "")


@dataclass(frozen=True, slots=True, kw_only=True)
class Snapshot:
    """Cross-article views of one state of the store."""

    version: tuple[int, ...]
    index: PositionIndex
    contests: tuple[Contest, ...]  # latest first
    contest_by_id: dict[str, Contest]
    contests_of: dict[StatementRef, tuple[str, ...]]  # contest ids a statement takes part in
    topic_of: dict[int, str]  # storage key → its topic's label
    actor_counts: tuple[tuple[str, int], ...]  # most statements first
    statements_of: dict[str, int]  # the same counts by actor name


def build_snapshot(store: Store, version: tuple[int, ...]) -> Snapshot:
    index = PositionIndex(store)
    contests = sorted(find_contests(store, index=index), key=lambda c: (_latest(c), c.similarity), reverse=True)
    by_id = {contest_id(c): c for c in contests}
    contests_of: dict[StatementRef, list[str]] = {}
    for cid, c in by_id.items():
        for ev in (c.claim, c.counter):
            contests_of.setdefault(ref(ev.statement), []).append(cid)
    topic_of = {key: topic.label for topic in cluster_topics(store, index=index) for key in topic.keys}
    counts = sorted(((n, c) for n, c in store.actor_counts().items() if c > 0), key=lambda nc: (-nc[1], nc[0]))
    return Snapshot(
        version=version, index=index, contests=tuple(contests), contest_by_id=by_id,
        contests_of={k: tuple(v) for k, v in contests_of.items()}, topic_of=topic_of, actor_counts=tuple(counts),
        statements_of=dict(counts),
    )


class Catalog:
    """The current snapshot, rebuilt (by one thread at a time) when the store has changed."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._snapshot: Snapshot | None = None

    def snapshot(self, store: Store) -> Snapshot:
        version = tuple(store.counts().values())
        current = self._snapshot
        if current is not None and current.version == version:
            return current
        with self._lock:
            current = self._snapshot
            if current is None or current.version != version:
                current = self._snapshot = build_snapshot(store, version)
                # A snapshot lives until the store changes: keep its many objects out of the
                # collector's full passes, which under load were the slowest 5 % of requests.
                gc.collect()
                gc.freeze()
        return current
