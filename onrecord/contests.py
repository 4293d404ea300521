"""Contests: claims about an actor's position that the actor's own words contradict.

A **contest** pairs two positions of one holder H on similar propositions
with opposing stances:

* ``contradicted``: a *reported* position of H (someone else says what H
  accepted, committed to, conceded, rejected or denied) against an *own-voice*
  position of H (H, one of its officials or organs speaking), in either time
  order;
* ``walk_back``: two own-voice positions of H, the later contradicting the
  earlier: later by the statements' dates, which their article may state
  (:mod:`onrecord.nlp.stated_time`: one article can hold both), and in one
  undated article by words that point back ("in October", "then") first.

Opposing stances: accept, commit or concede against reject or deny. Demand,
warn and assert oppose nothing by themselves (a demand for the opposite is not
recognised from stance words alone). Similar propositions: cosine similarity
of their all-MiniLM-L6-v2 embeddings at least :data:`SIMILARITY` (for a
walk-back, where one voice contradicts itself, :data:`WALK_BACK_SIMILARITY`), found through
a FAISS inner-product index over every stored position (:class:`PositionIndex`),
never by a Python loop over the vectors.

Propositions must also be *comparable* (:func:`comparable`): each names
something (two content words or more: "taxes" or "Trump" alone is too vague to
contradict), and they share a content word unless they are very similar.

Syndicated or repeated copies of a statement (the same holder and the same
content text in several articles) are one piece of evidence: a contest is
reported once, with its earliest copies, and says how many copies there were.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from .embed import DIM, from_blob
from .nlp.stated_time import resolve
from .models import Statement, Story
from .store import Store

SIMILARITY = 0.40  # least cosine similarity of two propositions to count as "the same matter"
WALK_BACK_SIMILARITY = 0.55  # a holder contradicting itself must be on the very same matter
NEIGHBOURS = 64  # nearest propositions examined per position
POSITIVE = frozenset({"commit", "accept", "concede"})
NEGATIVE = frozenset({"reject", "deny"})
_VERB = {
    "commit": "committed to", "accept": "accepted", "concede": "conceded", "reject": "rejected",
    "deny": "denied", "demand": "demanded", "warn": "warned about", "assert": "asserted",
}

ContestKind = Literal["contradicted", "walk_back"]
_record = dataclass(frozen=True, slots=True, kw_only=True)


@_record
class Evidence:
    """One statement as evidence: where it was said and how many copies of it were stored."""

    statement: Statement
    doc: str  # the article's name: a file's name without extension
    title: str | None = None
    site: str | None = None
    copies: int = 1

    def to_dict(self) -> dict[str, Any]:
        out = self.statement.to_dict(doc=self.doc)
        out["copies"] = self.copies
        return out


@_record
class Contest:
    """A reported or earlier position of ``holder`` against its own contrary words."""

    holder: str
    kind: ContestKind
    claim: Evidence
    counter: Evidence
    similarity: float
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "holder": {"name": self.holder},
            "kind": self.kind,
            "claim": self.claim.to_dict(),
            "counter": self.counter.to_dict(),
            "similarity": round(self.similarity, 4),
            "reason": self.reason,
        }


STRONG_SIMILARITY = 0.60  # similar enough without a shared word
_STOP = frozenset(
    """a an the of to in on at for from by with about over under into than then that this these those
    his her its their our your my he she it they we you i him them us me who whom which what whose
    and or but not no nor so as if any some all each every other others more most much many few
    be is are was were been being have has had do does did will would shall should can could may might must
    new own same such very just also only even still yet further first second last next one two three""".split()
)


# words that name a person's standing, not a matter: "former President George W. Bush" and "the greatest jobs
# president" share no matter; "former president" alone names none
_TITLES = frozenset(
    """former president presidential senator sen governor gov representative rep secretary minister mayor
    candidate nominee mr mrs ms dr""".split()
)


def content_words(text: str) -> set[str]:
    """Stems (first five letters) of a phrase's words, function words and titles left out."""
    words = re.findall(r"[^\W\d_]+|\d+", text.lower())
    return {w[:5] for w in words if w not in _STOP and w not in _TITLES and (len(w) > 2 or w.isdigit())}


def comparable(a: str, b: str, similarity: float) -> bool:
    """Whether two propositions can be the same matter: each names something (two or more content
    words), and they share a word or are very similar ("NATO-like guarantees" / "Article 5 protection")."""
    wa, wb = content_words(a), content_words(b)
    if len(wa) < 2 or len(wb) < 2:
        return False
    return bool(wa & wb) or similarity >= STRONG_SIMILARITY


def opposed(a: str, b: str) -> bool:
    """Whether two stances contradict each other."""
    return (a in POSITIVE and b in NEGATIVE) or (a in NEGATIVE and b in POSITIVE)


class PositionIndex:
    """A FAISS inner-product index over the stored proposition embeddings.

    Embeddings are unit vectors, so inner product is cosine similarity. The
    index is exact (``IndexFlatIP``: SIMD scans in C++, about 10 ms for 100k
    vectors on one core); it is built from the store once and extended with
    what was stored since by :meth:`refresh`.
    """

    def __init__(self, store: Store) -> None:
        import faiss

        self.store = store
        self.index = faiss.IndexIDMap2(faiss.IndexFlatIP(DIM))
        self.last = 0
        self.refresh()

    def __len__(self) -> int:
        return int(self.index.ntotal)

    def refresh(self) -> int:
        """Add positions stored since the last refresh; returns how many were added."""
        keys, blob = self.store.position_vectors(after=self.last)
        if keys:
            vectors = np.frombuffer(blob, dtype="<f4").reshape(len(keys), DIM)
            self.index.add_with_ids(np.ascontiguousarray(vectors, dtype=np.float32), np.asarray(keys, dtype=np.int64))
            self.last = keys[-1]
        return len(keys)

    def neighbours(self, vectors: np.ndarray, k: int = NEIGHBOURS) -> list[list[tuple[int, float]]]:
        """For each row of ``vectors``, up to ``k`` (key, similarity) pairs, most similar first."""
        if len(self) == 0 or len(vectors) == 0:
            return [[] for _ in range(len(vectors))]
        sims, ids = self.index.search(np.ascontiguousarray(vectors, dtype=np.float32), min(k, len(self)))
        return [[(int(i), float(s)) for i, s in zip(row_ids, row_sims) if i >= 0] for row_ids, row_sims in zip(ids, sims)]


def find_contests(
    store: Store,
    *,
    holder: str | None = None,
    index: PositionIndex | None = None,
    threshold: float = SIMILARITY,
) -> list[Contest]:
    """Every contest among the stored positions (of one holder when ``holder`` is given).

    Returns:
        Contests, most similar first, then most recent; each pair of
        (claim, counter) texts once however many copies were stored.
    """
    index = index or PositionIndex(store)
    keys = store.position_keys(holder=holder)
    statements = store.statements_by_key(keys)
    return _contests(store, index, statements, threshold)


def contests_for(store: Store, statement: Statement, index: PositionIndex, *, threshold: float = SIMILARITY) -> list[Contest]:
    """The contests one statement (stored or not, its position embedded) takes part in."""
    if statement.position is None or statement.position.embedding is None:
        return []
    return _contests(store, index, {-1: statement}, threshold)


def _contests(store: Store, index: PositionIndex, statements: dict[int, Statement], threshold: float) -> list[Contest]:
    probes = [
        (key, st) for key, st in statements.items()
        if st.position is not None and st.position.holder is not None and st.position.embedding is not None
        and (st.position.stance in POSITIVE or st.position.stance in NEGATIVE)
    ]
    if not probes:
        return []
    vectors = np.stack([from_blob(st.position.embedding) for _, st in probes])  # type: ignore[union-attr]
    hits = index.neighbours(vectors)
    wanted = {k for row in hits for k, s in row if s >= threshold and k not in statements}
    others = dict(statements)
    others.update(store.statements_by_key(sorted(wanted)) if wanted else {})
    pairs: dict[tuple[int, int], tuple[str, float]] = {}
    for (key, st), row in zip(probes, hits):
        for other_key, sim in row:
            other = others.get(other_key)
            if other_key == key or other is None or sim < threshold or other.id == st.id:
                continue
            kind = _relation(st, other)
            if kind is not None and not comparable(st.position.proposition, other.position.proposition, sim):
                continue
            if kind == "contradicted":
                claim, counter = (key, other_key) if st.position.voice == "reported" else (other_key, key)
            elif kind == "walk_back" and sim >= max(threshold, WALK_BACK_SIMILARITY):
                claim, counter = (key, other_key) if _order(st) < _order(other) else (other_key, key)
            else:
                continue
            pairs.setdefault((claim, counter), (kind, sim))
    return _evidence(store, others, pairs)


def _relation(a: Statement, b: Statement) -> ContestKind | None:
    pa, pb = a.position, b.position
    if pa is None or pb is None or pa.holder is None or pb.holder is None or pa.holder.name != pb.holder.name:
        return None
    if not opposed(pa.stance, pb.stance):
        return None
    if {pa.voice, pb.voice} == {"reported", "own"}:
        return "contradicted"
    if pa.voice == pb.voice == "own" and (a.date and b.date or a.article_id == b.article_id) and _order(a) != _order(b):
        return "walk_back"
    return None


def _when(st: Statement) -> str:
    return st.date or ""


def _order(st: Statement) -> tuple[str, int]:
    """When a statement was made, as far as it can be ordered: its date, and on one date (or in one undated
    article) words that point back ("then", "last month", "previously") before those that do not."""
    back = st.when is not None and (told := resolve(st.when.text, None)) is not None and told.before
    return _when(st), 0 if back else 1


def _fingerprint(st: Statement, stories: dict[str, Story]) -> tuple[str, ...]:
    """What makes two statements one piece of evidence.

    Within a syndicated story (copies of one wire story), the same holder,
    voice, stance and proposition; elsewhere, the same holder and content text.
    """
    holder = st.position.holder.name if st.position and st.position.holder else ""
    story = stories.get(st.article_id)
    if story is not None and len(story.articles) > 1 and st.position is not None:
        p = st.position
        return "story", holder, story.id, p.voice, p.stance, " ".join(re.sub(r"[^\w]+", " ", p.proposition.lower()).split())
    words = re.sub(r"[^\w]+", " ", st.content_text.lower()).split()
    return "text", holder, " ".join(words)


def _evidence(store: Store, statements: dict[int, Statement], pairs: dict[tuple[int, int], tuple[str, float]]) -> list[Contest]:
    """Contests from (claim key, counter key) pairs, syndicated copies folded into one."""
    involved = {k for pair in pairs for k in pair}
    stories = store.stories_of(sorted({statements[k].article_id for k in involved})) if involved else {}
    copies: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for key in involved:
        st = statements[key]
        copies[_fingerprint(st, stories)].add(st.article_id)
    articles = {}
    for article_id in {statements[k].article_id for pair in pairs for k in pair}:
        articles[article_id] = store.article(article_id)
    best: dict[tuple[tuple[str, ...], tuple[str, ...]], tuple[tuple[int, int], str, float]] = {}
    for (claim, counter), (kind, sim) in sorted(pairs.items(), key=lambda p: (_when(statements[p[0][0]]), p[0])):
        group = (_fingerprint(statements[claim], stories), _fingerprint(statements[counter], stories))
        if group not in best:  # the earliest copy of each piece of evidence stands for all
            best[group] = ((claim, counter), kind, sim)
    out = []
    for (claim, counter), kind, sim in best.values():
        a, b = statements[claim], statements[counter]
        out.append(Contest(
            holder=a.position.holder.name,  # type: ignore[union-attr]
            kind=kind,  # type: ignore[arg-type]
            claim=_as_evidence(a, articles, len(copies[_fingerprint(a, stories)])),
            counter=_as_evidence(b, articles, len(copies[_fingerprint(b, stories)])),
            similarity=sim,
            reason=reason(a, b, kind),
        ))
    out.sort(key=lambda c: (-round(c.similarity, 4), _neg(max(_when(c.claim.statement), _when(c.counter.statement)))))
    return out


def _neg(date: str) -> tuple[int, ...]:
    return tuple(-ord(ch) for ch in date)


def _as_evidence(st: Statement, articles: dict[str, Any], copies: int) -> Evidence:
    article = articles.get(st.article_id)
    return Evidence(
        statement=st,
        doc=article.name if article is not None else st.article_id,
        title=article.title if article is not None else None,
        site=article.site if article is not None else None,
        copies=copies,
    )


def who_said(st: Statement) -> str:
    """The speaker as the article names it (short, not a pronoun), else the resolved actor."""
    pronoun = st.speaker is not None and st.speaker.text.lower() in ("he", "she", "they", "it", "we", "i", "who")
    if st.speaker is not None and len(st.speaker.text) <= 40 and not (pronoun and st.actor is not None):
        return " ".join(st.speaker.text.split())
    if st.actor is not None:
        return st.actor.name
    return "an unnamed source"


def reason(claim: Statement, counter: Statement, kind: str) -> str:
    """One line saying why the two positions contradict each other."""
    pc, pk = claim.position, counter.position
    assert pc is not None and pk is not None and pc.holder is not None
    holder = pc.holder.name
    first = f"{claim.date[:10]}" if claim.date else "undated"
    second = f"{counter.date[:10]}" if counter.date else "undated"
    if kind == "walk_back":
        return (f"{holder} {_VERB[pc.stance]} “{pc.proposition}” ({who_said(claim)}, {first}), "
                f"then {_VERB[pk.stance]} “{pk.proposition}” ({who_said(counter)}, {second})")
    return (f"{who_said(claim)} ({first}): {holder} {_VERB[pc.stance]} “{pc.proposition}”; "
            f"but {holder}'s own voice, {who_said(counter)} ({second}), {_VERB[pk.stance]} “{pk.proposition}”")


def render_contests(contests: Sequence[Contest]) -> Iterable[str]:
    """Human-readable lines for the CLI."""
    for i, c in enumerate(contests, 1):
        yield f"[{i}] {c.holder} — {c.kind.replace('_', ' ')} (similarity {c.similarity:.2f})"
        yield f"   {c.reason}"
        for label, ev in (("claim", c.claim), ("counter", c.counter)):
            st = ev.statement
            extra = f", {ev.copies} copies" if ev.copies > 1 else ""
            yield f"   {label:8} [{ev.doc}{extra}] {who_said(st)}: {st.cue.text if st.cue else ''} “{st.content_text}”"
        yield ""
