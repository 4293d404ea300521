"""The store contract, run against every backend, plus the edges of opening one.

Positions, actors across articles and stories: test_store_positions.py.

Every test that takes the ``store`` or ``backend`` fixture runs once per entry
of ``BACKENDS``: SQLite always, PostgreSQL when ``ONRECORD_TEST_PG`` holds the
URL of a server (``scripts/pg-test-server start`` prints one), each test in a
fresh schema of its own. Under CI (``CI`` set) the PostgreSQL backend always
runs, and fails when that variable is unset. PostgreSQL's own edges are in
test_store_postgres.py, SQLite's in test_store_sqlite.py.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, get_args

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from onrecord.errors import StoreError
from onrecord.models import (
    ACTOR_KINDS,
    STATEMENT_KINDS,
    Actor,
    ActorKind,
    Article,
    ExtractedArticle,
    Span,
    digest,
)
from onrecord.store import Store, migrate, open_store
from store_records import (
    LAVROV,
    PG_ENV,
    RUSSIA,
    TEXT_A,
    TEXT_B,
    VANCE,
    article,
    ids,
    item_a,
    item_b,
    pg_admin_url,
    pg_dump,
    pg_schema,
    span,
    sqlite_dump,
    statement,
)

# PostgreSQL runs against a real server when one is given, and always under CI,
# where pg_admin_url() fails the test if none is.
BACKENDS = ["sqlite", *(["postgresql"] if os.environ.get(PG_ENV) or os.environ.get("CI") else [])]


# -- backends -------------------------------------------------------------------


@dataclass
class Backend:
    """How the contract tests open a backend and look at its raw contents."""

    name: str
    target: str

    def open(self, *, create: bool = True) -> Store:
        """A store on this backend's database."""
        return open_store(self.target, create=create)

    def dump(self) -> dict[str, list[tuple[Any, ...]]]:
        """Every table's rows (sorted), read beside the store through the driver."""
        if self.name == "sqlite":
            return sqlite_dump(self.target)
        return pg_dump(self.target)


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    """A fresh, empty database on each backend."""
    if request.param == "sqlite":
        yield Backend(name="sqlite", target=str(tmp_path / "onrecord.db"))
        return
    with pg_schema(pg_admin_url()) as url:
        yield Backend(name="postgresql", target=url)


@pytest.fixture
def store(backend: Backend) -> Iterator[Store]:
    """An open store on a fresh database, closed after the test."""
    with backend.open() as opened:
        yield opened


# -- put: added, unchanged ------------------------------------------------


def test_put_new_article_is_added(store: Store) -> None:
    assert store.put(item_a()) == "added"
    assert store.counts() == {"articles": 1, "statements": 3, "actors": 2}


def test_put_same_article_again_is_unchanged_and_writes_nothing(
    store: Store, backend: Backend
) -> None:
    store.put(item_a())
    store.put(item_b())
    before = backend.dump()
    assert store.put(item_a()) == "unchanged"
    assert store.put(item_b()) == "unchanged"
    assert backend.dump() == before
    assert store.counts() == {"articles": 2, "statements": 5, "actors": 3}


def test_same_id_under_another_url_is_unchanged(store: Store) -> None:
    store.put(item_a())
    moved = item_a(url="https://mirror.test/lavrov")
    assert store.put(moved) == "unchanged"
    assert store.article(moved.article.id) == item_a().article


def test_same_url_with_new_content_is_kept_as_a_second_version(store: Store, backend: Backend) -> None:
    old = item_a()
    store.put(old)
    text = TEXT_A.replace("Tuesday", "Wednesday")
    art = article(text, url=old.article.url, title="Lavrov rejects guarantees (updated)")
    new = ExtractedArticle(article=art, statements=(
        statement(art, 0, (span(text, "wants China as a guarantor"),), actors=(RUSSIA,)),
    ))
    assert store.put(new) == "added"
    assert store.article(old.article.id) == old.article
    assert store.article(art.id) == art
    assert store.statements(article_id=old.article.id) == list(old.statements)
    assert store.statements(article_id=art.id) == list(new.statements)
    assert [h.article_id for h in store.search("Wednesday")] == [art.id]
    # re-putting either version, in either order, changes nothing
    before = backend.dump()
    assert store.put(old) == "unchanged"
    assert store.put(new) == "unchanged"
    assert backend.dump() == before


def test_statement_of_another_article_is_refused(store: Store) -> None:
    a, b = item_a(), item_b()
    with pytest.raises(StoreError, match="belongs to article"):
        store.put(replace(a, statements=(*a.statements, b.statements[0])))
    assert store.counts()["articles"] == 0


# -- round trips --------------------------------------------------------------------


def test_articles_round_trip(store: Store) -> None:
    a = item_a()
    full = replace(
        a.article, canonical_url="https://example.test/c", site="example.test",
        author="A. Writer", language="de", cleaned=False,
    )
    store.put(replace(a, article=full))
    assert store.article(full.id) == full
    assert store.article("no-such-id") is None


def test_statements_round_trip(store: Store) -> None:
    a, b = item_a(), item_b()
    store.put(a)
    store.put(b)
    assert store.statements(article_id=a.article.id) == list(a.statements)
    assert store.statements(article_id=b.article.id) == list(b.statements)
    two_actors = store.statements(article_id=a.article.id)[1]
    assert two_actors.actors == (LAVROV, RUSSIA)
    assert len(two_actors.content) == 2


def test_statements_read_back_as_put_after_actor_merges(store: Store) -> None:
    a = item_a()
    store.put(a)
    seen_again = replace(LAVROV, aliases=("Лавров",), titles=("foreign minister",))
    art = article(TEXT_B, url="https://example.test/other")
    store.put(ExtractedArticle(article=art, statements=(
        statement(art, 0, (span(TEXT_B, "They have agreed,"),), actors=(seen_again,)),
    )))
    assert store.statements(article_id=a.article.id) == list(a.statements)
    assert store.statements(article_id=art.id)[0].actors == (seen_again,)
    merged = {actor.name: actor for actor in store.actors()}["Sergey Lavrov"]
    assert merged.aliases == ("Lavrov", "Sergei Lavrov", "Лавров")
    assert merged.titles == ("Russian Foreign Minister", "foreign minister")


def test_actor_kind_and_affiliation_fill_in_once(store: Store) -> None:
    art = article(TEXT_B, url=None)
    vague = Actor(name="JD Vance")
    store.put(ExtractedArticle(article=art, statements=(
        statement(art, 0, (span(TEXT_B, "They have agreed,"),), actors=(vague,)),
        statement(art, 1, (span(TEXT_B, "Vance repeated the claim."),), actors=(VANCE,)),
        statement(art, 2, (span(TEXT_B, "he"),), actors=(replace(VANCE, kind="group",
                                                                  affiliation="Ohio"),)),
    )))
    assert store.actors() == [VANCE]


def test_every_kind_of_actor_is_stored_and_read_back(store: Store) -> None:
    """Each kind a resolved actor can have, "place" (schema 4) included, goes in and comes back as put."""
    text = "Texas said it would sue."
    art = article(text, url=None)
    kinds = ["person", "organization", "country", "place", "group", "other"]
    assert set(kinds) == set(ACTOR_KINDS) == set(get_args(ActorKind))
    store.put(ExtractedArticle(article=art, statements=tuple(
        statement(art, n, (span(text, "it would sue"),), actors=(Actor(name=f"Actor {kind}", kind=kind),))
        for n, kind in enumerate(kinds)
    )))
    assert sorted((a.name, a.kind) for a in store.actors()) == sorted((f"Actor {k}", k) for k in kinds)


def test_articles_newest_first_then_name(store: Store) -> None:
    undated = article("An undated piece.", name="aaa", url=None)
    older = article("Older news.", name="zzz", published="2024-01-01")
    same_day_b = article("Same day, b.", name="b", published="2025-01-01")
    same_day_a = article("Same day, a.", name="a", published="2025-01-01")
    for art in (undated, older, same_day_b, same_day_a):
        store.put(ExtractedArticle(article=art, statements=()))
    assert store.articles() == [same_day_a, same_day_b, older, undated]
    assert store.articles(limit=2, offset=1) == [same_day_b, older]


def test_statements_ordered_by_article_sentence_and_start(store: Store) -> None:
    a, b = item_a(), item_b()
    shuffled = replace(a, statements=tuple(reversed(a.statements)))
    store.put(shuffled)
    store.put(b)
    assert ids(store.statements()) == ids([*b.statements, *a.statements])
    assert ids(store.statements(limit=2, offset=1)) == ids([b.statements[1], a.statements[0]])


# -- filters ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("speaker", "expected"),
    [
        ("lavrov", ["a0", "a1"]),  # actor name and alias, not only the mention text
        ("SERGEI", ["a0", "a1"]),  # an alias, case-insensitive
        ("the kremlin", ["a1"]),  # an alias of the second actor
        ("u.s. officials", ["a2"]),  # mention text of a statement with no actor
        ("  Vance ", ["b1"]),
        ("he", ["a1", "b1"]),  # substring: the mentions "he", the alias "the Kremlin"
        ("nobody", []),
    ],
)
def test_statements_by_speaker(store: Store, speaker: str, expected: list[str]) -> None:
    a, b = item_a(), item_b()
    store.put(a)
    store.put(b)
    names = {s.id: f"a{i}" for i, s in enumerate(a.statements)}
    names |= {s.id: f"b{i}" for i, s in enumerate(b.statements)}
    found = [names[s.id] for s in store.statements(speaker=speaker)]
    assert sorted(found) == expected


def test_speaker_match_folds_unicode_case(store: Store) -> None:
    text = "Élysée officials said nothing. Straße, the mayor, said more."
    art = article(text)
    store.put(ExtractedArticle(article=art, statements=(
        statement(art, 0, (span(text, "nothing"),), speaker=span(text, "Élysée officials")),
        statement(art, 1, (span(text, "more"),), actors=(Actor(name="Straße"),), sentence=1),
    )))
    assert len(store.statements(speaker="ÉLYSÉE")) == 1
    assert len(store.statements(speaker="STRASSE")) == 1


def test_statements_by_article_and_speaker(store: Store) -> None:
    a, b = item_a(), item_b()
    store.put(a)
    store.put(b)
    assert store.statements(article_id=b.article.id, speaker="lavrov") == []
    assert store.statements(article_id=a.article.id, speaker="kremlin") == [a.statements[1]]
    assert store.statements(article_id="no-such-id") == []


# -- search -------------------------------------------------------------------------


def test_search_finds_statement_content_first(store: Store) -> None:
    a, b = item_a(), item_b()
    store.put(a)
    store.put(b)
    hits = store.search("unacceptable")
    assert [h.kind for h in hits] == ["statement", "article"]
    assert hits[0].statement == a.statements[0]
    assert hits[0].article_title == "Lavrov rejects guarantees"
    assert "**unacceptable**" in hits[0].snippet


def test_search_finds_article_words(store: Store) -> None:
    a = item_a()
    store.put(a)
    store.put(item_b())
    hits = store.search("tuesday")
    assert [(h.kind, h.article_id, h.statement) for h in hits] == [("article", a.article.id, None)]
    assert "**Tuesday**" in hits[0].snippet
    assert [h.kind for h in store.search("Fox News")] == ["article"]


def test_search_finds_speakers_and_actors(store: Store) -> None:
    a = item_a()
    store.put(a)
    assert [h.statement for h in store.search("officials") if h.statement] == [a.statements[2]]
    by_actor = {h.statement.id for h in store.search("Sergey Lavrov") if h.statement}
    assert by_actor == {a.statements[0].id, a.statements[1].id}


def test_search_ranks_and_limits(store: Store) -> None:
    store.put(item_a())
    store.put(item_b())
    hits = store.search("said", limit=50)
    statement_scores = [h.score for h in hits if h.kind == "statement"]
    assert statement_scores == sorted(statement_scores, reverse=True)
    kinds = [h.kind for h in hits]
    assert kinds == sorted(kinds, key=lambda k: k != "statement")
    assert len(store.search("said", limit=1)) == 1
    assert store.search("said", limit=0) == []


@pytest.mark.parametrize(
    "query",
    [
        '"quoted" AND -weird: (input)',
        "NEAR(a b) OR NOT * ^ +",
        'unbalanced "quote',
        "col:umn {x} [y] 'z'",
        "\"\" '' -- ;; DROP TABLE articles",
    ],
)
def test_search_takes_any_input_as_words(store: Store, query: str) -> None:
    store.put(item_a())
    assert store.search(query) == []
    assert store.counts()["articles"] == 1


def test_search_hyphens_colons_and_phrases(store: Store) -> None:
    a = item_a()
    store.put(a)
    for query in ('"Article 5-like"', "Article-5-like:", "article 5 like", "(Russia) accepted,"):
        hits = [h.statement for h in store.search(query) if h.statement]
        assert hits == [a.statements[2]], query
    assert store.search('"like Article 5"') == []


@pytest.mark.parametrize("query", ["", "   ", "---", '" "', "...:"])
def test_search_without_words_is_empty(store: Store, query: str) -> None:
    store.put(item_a())
    assert store.search(query) == []


# -- atomicity, reopening, lifecycle ---------------------------------------------------


def test_failed_put_leaves_no_rows_and_keeps_earlier_articles(
    store: Store, backend: Backend
) -> None:
    first, second = item_a(), item_b()
    store.put(first)
    before = backend.dump()
    # The last statement breaks a constraint after the article and the first
    # statement are written: the whole article must roll back.
    broken = replace(second.statements[1], kind="shouted")  # type: ignore[arg-type]
    with pytest.raises(StoreError):
        store.put(replace(second, statements=(second.statements[0], broken)))
    assert backend.dump() == before
    assert store.article(second.article.id) is None
    assert store.statements(article_id=second.article.id) == []
    third = ExtractedArticle(
        article=article("A third article.", url=None), statements=()
    )
    assert store.put(third) == "added"
    assert store.put(second) == "added"
    assert store.statements(article_id=first.article.id) == list(first.statements)
    assert store.counts() == {"articles": 3, "statements": 5, "actors": 3}


def test_reopening_keeps_everything(backend: Backend) -> None:
    a, b = item_a(), item_b()
    with backend.open() as store:
        store.put(a)
        store.put(b)
        articles, statements, counts = store.articles(), store.statements(), store.counts()
    with backend.open(create=False) as store:
        assert store.articles() == articles
        assert store.statements() == statements
        assert store.counts() == counts
        assert store.put(a) == "unchanged"


def test_schema_version(store: Store) -> None:
    assert store.schema_version == migrate.latest_version()


def test_closed_store_says_so(backend: Backend) -> None:
    store = backend.open()
    with store:
        pass
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.counts()


@pytest.mark.parametrize("scheme", ["postgresql", "postgres", "PostgreSQL"])
def test_postgresql_urls_open_the_postgresql_store(scheme: str) -> None:
    # Nobody listens on port 1: the PostgreSQL store tried (or says how to install its
    # driver), and its message hides the password.
    pattern = r"cannot connect to \w+://u@127\.0\.0\.1:1/db: .*Connection refused|PostgreSQL support needs psycopg"
    with pytest.raises(StoreError, match=pattern) as caught:
        open_store(f"{scheme}://u:hunter22@127.0.0.1:1/db")
    assert "hunter22" not in str(caught.value)


def test_unknown_url_scheme_is_refused() -> None:
    with pytest.raises(StoreError, match="unsupported database URL scheme mysql://"):
        open_store("mysql://localhost/db")


# -- property: arbitrary text round-trips -------------------------------------------------

TEXT = st.text(
    alphabet=st.characters(exclude_categories=("Cs", "Cc"), include_characters="\n\t"),
    min_size=1,
    max_size=200,
)
NAMES = st.text(alphabet=st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=12)
ACTORS = st.builds(
    Actor,
    name=NAMES,
    kind=st.sampled_from(ACTOR_KINDS),
    affiliation=st.none() | NAMES,
    aliases=st.lists(NAMES, max_size=3, unique=True).map(tuple),
    titles=st.lists(NAMES, max_size=2, unique=True).map(tuple),
)
_serial = itertools.count()  # article ids stay unique across examples sharing one store
# The store fixture is shared by all examples of a test: every example adds a
# new article, so sharing it is part of what these properties check.
FIXTURE_OK = [HealthCheck.function_scoped_fixture]


@st.composite
def extracted_articles(draw: st.DrawFn) -> ExtractedArticle:
    """An article over arbitrary text and statements whose spans are slices of it."""
    text = draw(TEXT)

    def any_span() -> Span:
        start = draw(st.integers(0, len(text)))
        return Span.of(text, start, draw(st.integers(start, len(text))))

    art = Article(
        id=f"prop-{next(_serial)}", name=draw(NAMES), origin="hypothesis", text=text,
        content_hash=digest(text), title=draw(st.none() | TEXT),
        published=draw(st.none() | st.dates().map(str)),
    )
    statements = []
    for n in range(draw(st.integers(0, 3))):
        statements.append(statement(
            art, n, tuple(any_span() for _ in range(draw(st.integers(1, 3)))),
            speaker=draw(st.none() | st.builds(any_span)),
            cue=draw(st.none() | st.builds(any_span)),
            kind=draw(st.sampled_from(STATEMENT_KINDS)),
            sentence=draw(st.integers(0, 3)),
            actors=tuple(draw(st.lists(ACTORS, max_size=2))),
            cue_lemma=draw(st.none() | NAMES),
            date=draw(st.none() | st.dates().map(str)),
            when=draw(st.none() | st.builds(any_span)),
        ))
    return ExtractedArticle(article=art, statements=tuple(statements))


@settings(max_examples=60, deadline=None, suppress_health_check=FIXTURE_OK)
@given(item=extracted_articles())
def test_any_article_round_trips_and_is_idempotent(store: Store, item: ExtractedArticle) -> None:
    assert store.put(item) == "added"
    assert store.article(item.article.id) == item.article
    expected = sorted(item.statements, key=lambda s: (s.sentence, s.content[0].start))
    assert store.statements(article_id=item.article.id) == expected
    assert store.put(item) == "unchanged"


@settings(max_examples=100, deadline=None, suppress_health_check=FIXTURE_OK)
@given(query=st.text())
def test_search_never_fails_on_user_input(store: Store, query: str) -> None:
    assert isinstance(store.search(query), list)
