"""The base model's faster attribute ruler and lemmatizer annotate exactly as spaCy's own."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from onrecord.nlp.fastruler import LookupMatcher, Unreadable, fast_attribute_ruler
from onrecord.nlp.model import MemoisedLemmas, WordList, fast_lemmas, load_base_model

pytestmark = pytest.mark.model

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed"
POLNEAR_DEV = Path(__file__).resolve().parents[2] / "shared" / "data" / "polnear" / "dev" / "text"
ODD = (
    "I ain't gonna say y'all were wrong, nothin' more. There are cats; it was running and I saw it. "
    "Let's go, c'mon!\n\n   Dogs   barked at you. She has been told that the Senators' votes didn't count. "
    "Whether he does or not, he did it, gotta say. Is it? Y all know.\n"
)


@pytest.fixture(scope="module")
def models():
    return load_base_model(), load_base_model(fast=False)


# the founding article as the package ships it: a real article whether or not ../shared sits beside the clone
PACKAGED = Path(__file__).resolve().parents[1] / "onrecord" / "data" / "founding_article.txt"


def _texts() -> list[str]:
    texts = [ODD, "", PACKAGED.read_text(encoding="utf-8")]
    texts += [p.read_text(encoding="utf-8") for p in sorted(SEED.glob("*.txt"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted(POLNEAR_DEV.glob("*.txt"))[:8]]
    return texts


def _annotations(doc) -> list[tuple]:
    return [(t.pos_, t.tag_, str(t.morph), t.lemma_, t.dep_, t.head.i) for t in doc]


def test_the_fast_model_is_the_one_loaded(models):
    fast, plain = models
    assert isinstance(fast.get_pipe("attribute_ruler").match, LookupMatcher)
    assert isinstance(fast.get_pipe("lemmatizer").lemmatize, MemoisedLemmas)
    assert not isinstance(plain.get_pipe("attribute_ruler").match, LookupMatcher)
    assert not isinstance(plain.get_pipe("lemmatizer").lemmatize, MemoisedLemmas)
    assert fast_lemmas(fast) is fast and fast_attribute_ruler(fast) is fast  # a second call changes nothing


def test_lookup_matcher_is_spacys(models):
    fast, plain = models
    texts = _texts()
    assert len(texts) >= 3  # the odd text, the empty one and at least one real article (more from ../shared)
    ruler = plain.get_pipe("attribute_ruler")
    lookup = fast.get_pipe("attribute_ruler").match
    for text in texts:
        with plain.select_pipes(disable=["attribute_ruler", "lemmatizer", "ner"]):
            doc = plain(text)
        assert lookup(doc) == ruler.match(doc), text[:60]  # the same matches, in the same order
        assert _annotations(fast(text)) == _annotations(plain(text)), text[:60]


def test_lookup_matcher_reads_each_kind_of_pattern():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": {"IN": ["gon", "wan"]}}, {"LOWER": "na"}]], {"LEMMA": "going"}, index=0)
    ruler.add([[{"LOWER": {"REGEX": "^y'?$"}}, {"LOWER": "all"}]], {"LEMMA": "you"}, index=-2)
    ruler.add([[{"ORTH": "Cats", "IS_SPACE": False}], [{"LOWER": "dogs"}]], {"TAG": "NNS"})
    ruler.add([[{"LOWER": {"NOT_IN": ["cats", "dogs", "all", "na"]}, "IS_SPACE": False}]], {"TAG": "XX"})
    ruler.add([[{"ORTH": "Cats"}]], {"TAG": "NNP"})  # a later pattern wins
    fast = spacy.blank("en")
    fast.add_pipe("attribute_ruler").add_patterns(ruler.patterns)
    fast_attribute_ruler(fast)
    assert isinstance(fast.get_pipe("attribute_ruler").match, LookupMatcher)
    text = "Cats and dogs, y'all gonna wanna see y all  \n wan na"
    mine, theirs = fast(text), nlp(text)
    assert fast.get_pipe("attribute_ruler").match(fast.make_doc(text)) == ruler.match(nlp.make_doc(text))
    assert [(t.tag_, t.lemma_) for t in mine] == [(t.tag_, t.lemma_) for t in theirs]
    assert [t.tag_ for t in mine][:2] == ["NNP", "XX"] and mine[4].lemma_ == "you"
    assert fast.get_pipe("attribute_ruler").match(fast.make_doc("")) == []


@pytest.mark.parametrize("pattern", [
    [{"LOWER": "a", "OP": "+"}],  # an operator
    [{"LOWER": {"FUZZY": "cat"}}],  # another predicate
    [{"LIKE_NUM": True}],  # another attribute
    [{"LOWER": {"IN": ["a"], "NOT_IN": ["b"]}}],  # two predicates on one attribute
])
def test_a_pattern_it_cannot_read_leaves_spacys_matcher(pattern):
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"TAG": "DT"}]], {"POS": "DET"})
    ruler.add([pattern], {"TAG": "DT"})
    with pytest.raises(Unreadable):
        LookupMatcher(ruler.patterns)
    fast_attribute_ruler(nlp)
    assert not isinstance(ruler.match, LookupMatcher)
    assert nlp("a cat")  # and it still runs


def test_fast_lemmas_are_spacys(models):
    fast, plain = models
    index = fast.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    assert all(isinstance(index[pos], WordList) for pos in index.keys())
    for text in _texts():
        assert [t.lemma_ for t in fast(text)] == [t.lemma_ for t in plain(text)]


def test_memoised_lemmas_stay_bounded(models):
    fast, _ = models
    lemmatizer = fast.get_pipe("lemmatizer")
    memo = MemoisedLemmas(lemmatizer.rule_lemmatize, limit=3)
    with fast.select_pipes(disable=["lemmatizer"]):
        doc = fast("The dogs were running and barking at the cats.")
    lemmas = [memo(t)[0] for t in doc]
    assert (lemmas[1], lemmas[3], lemmas[5]) == ("dog", "run", "bark")
    assert len(memo.known) <= 3
    assert [memo(t)[0] for t in doc] == lemmas


def test_the_fast_model_saves_and_loads_like_spacys(models, tmp_path):
    fast, plain = models
    fast.to_disk(tmp_path / "fast")
    again = spacy.load(tmp_path / "fast")
    text = "The senators were arguing that the votes didn't count."
    assert [t.lemma_ for t in again(text)] == [t.lemma_ for t in plain(text)]
    assert fast.get_pipe("lemmatizer").to_bytes() == plain.get_pipe("lemmatizer").to_bytes()
