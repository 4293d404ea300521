"""The store contract, continued: positions and their index keys, actors across articles, stories.

The same contract tests as test_store.py, run against every backend through
its ``backend`` and ``store`` fixtures.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np

from onrecord.models import Actor, ExtractedArticle, Position
from onrecord.store import Store
from store_records import LAVROV, RUSSIA, TEXT_B, article, item_a, item_b, span, statement
from test_store import backend, store  # noqa: F401 - the contract fixtures, one run per backend


# -- positions, the similarity index's keys, actor counts -----------------------


def _with_position(item: ExtractedArticle, n: int, **fields: Any) -> ExtractedArticle:
    vector = np.zeros(384, dtype="<f4")
    vector[n] = 1.0
    position = Position(holder=Actor(name=RUSSIA.name, kind=RUSSIA.kind), voice="reported", stance="accept", proposition="Article 5-like protections",
                        embedding=vector.tobytes(), **fields)
    statements = list(item.statements)
    statements[n] = replace(statements[n], position=position)
    return replace(item, statements=tuple(statements))


def test_positions_round_trip_with_their_embeddings(store: Store) -> None:
    a = _with_position(item_a(), 2)
    store.put(a)
    assert store.statements(article_id=a.article.id) == list(a.statements)
    keys = store.position_keys()
    assert len(keys) == 1
    [st] = store.statements_by_key(keys).values()
    assert st.position == a.statements[2].position
    assert store.statements_by_key([10**9]) == {}


def test_position_keys_and_vectors(store: Store) -> None:
    store.put(_with_position(item_a(), 0))
    b = item_b()
    store.put(_with_position(b, 0, negated=True))
    keys = store.position_keys()
    assert len(keys) == 2 and keys == sorted(keys)
    assert store.position_keys(holder="Russia") == keys
    assert store.position_keys(holder="Nobody") == []
    got, blob = store.position_vectors()
    assert got == keys and len(blob) == 2 * 384 * 4
    later, blob = store.position_vectors(after=keys[0])
    assert later == keys[1:] and len(blob) == 384 * 4


def test_actor_counts(store: Store) -> None:
    store.put(item_a())
    counts = store.actor_counts()
    assert counts["Sergey Lavrov"] == 2 and counts["Russia"] == 1


def test_a_person_spelled_differently_merges_into_the_stored_one(store: Store) -> None:
    store.put(item_a())
    art = article(TEXT_B, url="https://example.test/spelling")
    variant = replace(LAVROV, name="Sergei Lavrov")
    store.put(ExtractedArticle(article=art, statements=(
        statement(art, 0, (span(TEXT_B, "They have agreed,"),), actors=(variant,)),
    )))
    # read back under the canonical name, the spelling kept as an alias
    assert store.statements(article_id=art.id)[0].actors[0].name == "Sergey Lavrov"
    assert "Sergei Lavrov" in {a.name: a for a in store.actors()}["Sergey Lavrov"].aliases
    assert store.actor_counts()["Sergey Lavrov"] == 3


def test_a_one_word_name_stays_its_own_actor_across_articles(store: Store) -> None:
    """Within an article the resolver makes "Lavrov" the full name it was introduced with; a one-word
    name that reaches the store is someone no article named fully, and may be anyone so called."""
    store.put(item_a())
    for n, name in enumerate(("Lavrov", "Sergey", "Lavrov")):  # three articles, each its own text
        text = f"{TEXT_B}\n\nUpdate {n}."
        art = article(text, url=f"https://example.test/one-word-{n}")
        store.put(ExtractedArticle(article=art, statements=(
            statement(art, 0, (span(text, "They have agreed,"),), actors=(replace(LAVROV, name=name, aliases=()),)),
        )))
        assert store.statements(article_id=art.id)[0].actors[0].name == name
    counts = store.actor_counts()
    # the same one-word name is one actor; a full name spelled otherwise still merges (the test above)
    assert counts["Sergey Lavrov"] == 2 and counts["Lavrov"] == 2 and counts["Sergey"] == 1


def test_statements_by_actor_take_the_exact_canonical_name(store: Store) -> None:
    a, b = item_a(), item_b()
    store.put(a)
    store.put(b)
    by_lavrov = store.statements(actor="Sergey Lavrov")
    assert by_lavrov and all(any(x.name == "Sergey Lavrov" for x in s.actors) for s in by_lavrov)
    assert by_lavrov == [s for s in store.statements() if any(x.name == "Sergey Lavrov" for x in s.actors)]
    assert store.statements(actor="sergey lavrov") == []  # exact, unlike speaker=
    assert store.statements(actor="Lavrov") == []  # an alias is not a canonical name
    assert store.statements(actor="Sergey Lavrov", article_id=b.article.id) == [
        s for s in by_lavrov if s.article_id == b.article.id
    ]
    assert store.statements(actor="Sergey Lavrov", limit=1, offset=1) == by_lavrov[1:2]


def test_actor_by_name_or_alias(store: Store) -> None:
    store.put(item_a())
    listed = {a.name: a for a in store.actors()}
    assert store.actor("Sergey Lavrov") == listed["Sergey Lavrov"]
    assert store.actor("Lavrov") == listed["Sergey Lavrov"]  # an alias leads to the canonical actor
    assert store.actor("the Kremlin") == listed["Russia"]
    assert store.actor("lavrov") is None  # exact match only
    assert store.actor("Nobody") is None


def test_positions_of_an_actor_held_or_voiced(store: Store) -> None:
    a = _with_position(_with_position(item_a(), 0), 2)  # both held by Russia
    store.put(a)
    b = item_b()
    store.put(_with_position(b, 0, negated=True))
    # Russia holds all three; Lavrov voices only the first (the second is U.S. officials')
    russia = store.positions_of("Russia")
    assert {(e.article_id, e.statement_id) for e in russia} == {
        (a.article.id, a.statements[0].id), (a.article.id, a.statements[2].id), (b.article.id, b.statements[0].id),
    }
    assert all(e.holder == "Russia" for e in russia)
    lavrov = store.positions_of("Sergey Lavrov")
    assert [e.statement_id for e in lavrov] == [a.statements[0].id]
    entry = lavrov[0]
    assert entry.speaker == "Sergey Lavrov" and entry.date == "2025-08-19" and entry.stance == "accept"
    assert entry.key in store.position_keys()
    dates = [e.date for e in russia]
    assert dates == sorted(dates, key=lambda d: (d is None, d or ""))  # oldest first, undated last
    assert store.positions_of("Russia", latest=1) == russia[-1:]
    assert store.positions_of("Russia", latest=2) == russia[-2:]
    assert store.positions_of("Nobody") == []


# -- stories: syndicated copies ---------------------------------------------------------


def test_syndicated_copies_are_one_story(store: Store) -> None:
    from test_stories import COPY, OTHER, WIRE

    wire = article(WIRE, url="https://wire.example/a", site="Wire", published="2026-03-04")
    copy = article(COPY, url="https://coast.example/a", site="Coast", published="2026-03-05")
    again = article(COPY + " Updated.", url="https://coast.example/b", site="Coast", published="2026-03-06")
    other = article(OTHER, url="https://wire.example/b", site="Wire", published="2026-03-04")
    # the copy is stored first: the original is still the earliest published
    for art in (copy, other, wire, again):
        assert store.put(ExtractedArticle(article=art, statements=())) == "added"
    found = store.stories_of([wire.id, copy.id, again.id, other.id, "no-such-id"])
    assert set(found) == {wire.id, copy.id, again.id, other.id}
    story = found[copy.id]
    assert found[wire.id] == story == found[again.id]
    assert story.id == wire.id and [m.article_id for m in story.articles] == [wire.id, copy.id, again.id]
    assert story.outlets == 2  # two sites, three copies
    assert found[other.id].articles[0].article_id == other.id and found[other.id].outlets == 1
    assert store.put(ExtractedArticle(article=copy, statements=())) == "unchanged"
    assert store.stories_of([copy.id])[copy.id] == story


def test_a_short_article_is_a_story_of_its_own(store: Store) -> None:
    a = item_a()
    store.put(a)
    story = store.stories_of([a.article.id])[a.article.id]
    assert story.id == a.article.id and story.outlets == 1


def test_topics_do_not_chain_loosely_similar_propositions(store: Store) -> None:
    """Four propositions on an arc, each 53 degrees from the next (cosine 0.6): neighbours are similar,
    the ends are not. Linking every similar pair made one topic of all four; a topic is a centre
    and what lies within the threshold of it."""
    from onrecord.topics import cluster_topics

    def at(degrees: float) -> bytes:
        vector = np.zeros(384, dtype="<f4")
        vector[0], vector[1] = np.cos(np.radians(degrees)), np.sin(np.radians(degrees))
        return vector.tobytes()

    def positioned(item: ExtractedArticle, angles: dict[int, float]) -> ExtractedArticle:
        statements = list(item.statements)
        for n, degrees in angles.items():
            statements[n] = replace(statements[n], position=Position(
                holder=None, voice="reported", stance="assert", proposition=f"matter at {degrees:g}", embedding=at(degrees)))
        return replace(item, statements=tuple(statements))

    store.put(positioned(item_a(), {0: 0.0, 1: 53.0, 2: 106.0}))
    store.put(positioned(item_b(), {0: 159.0}))
    topics = cluster_topics(store, threshold=0.5)
    assert [t.label for t in topics] == ["matter at 53"]  # the best-connected first centre; 159 is left alone
    members = store.statements_by_key(list(topics[0].keys))
    assert sorted(st.position.proposition for st in members.values()) == ["matter at 0", "matter at 106", "matter at 53"]


def test_a_holder_spelt_otherwise_is_the_stored_person(store: Store) -> None:
    """Positions and contests group by holder: "Sergei Lavrov" in one article is the Sergey Lavrov
    stored from another, as his statements' speaker is."""
    a = item_a()  # Sergey Lavrov speaks in it
    store.put(a)
    b = item_b()
    held = Position(holder=Actor(name="Sergei Lavrov", kind="person"), voice="reported", stance="reject",
                    proposition="foreign troops")
    stranger = replace(held, holder=Actor(name="Ann Keller", kind="person"))  # nobody stored: as given
    statements = list(b.statements)
    statements[0] = replace(statements[0], position=held)
    statements[1] = replace(statements[1], position=stranger)
    store.put(replace(b, statements=tuple(statements)))
    assert [e.statement_id for e in store.positions_of("Sergey Lavrov") if e.holder == "Sergey Lavrov"] == [b.statements[0].id]
    assert store.position_keys(holder="Sergei Lavrov") == []
    assert len(store.position_keys(holder="Ann Keller")) == 1
