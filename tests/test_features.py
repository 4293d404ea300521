"""The tagger's context columns: quotation state, cue lexicon, parse-rule role."""

from __future__ import annotations

import pytest

from onrecord.nlp import build_pipeline
from onrecord.nlp.features import RULES_KEY, context_columns

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def doc():
    nlp = build_pipeline(tagger_path=None)
    with nlp.select_pipes(enable=["tok2vec", "tagger", "onrecord_paragraphs", "parser", "attribute_ruler", "lemmatizer"]):
        return nlp("Keller said the plan was “dead on arrival” in the legislature.")


def _col(doc, column):
    cols = context_columns(doc)
    return {tok.text: int(cols[tok.i, column]) for tok in doc}


def test_quotation_state_marks_opening_inside_and_closing(doc):
    q = _col(doc, 0)
    assert (q["Keller"], q["“"], q["dead"], q["arrival"], q["”"], q["legislature"]) == (0, 2, 1, 1, 3, 0)


def test_cue_lexicon_flags_speech_verbs_only(doc):
    cue = _col(doc, 1)
    assert cue["said"] == 1
    assert cue["plan"] == cue["Keller"] == 0


def test_rule_roles_mark_source_cue_and_content(doc):
    role = _col(doc, 2)
    assert (role["Keller"], role["said"], role["plan"], role["legislature"], role["."]) == (2, 3, 1, 1, 0)
    assert doc.user_data[RULES_KEY], "the rules are handed to the attribution component"


def test_columns_are_cached_on_the_doc(doc):
    assert context_columns(doc) is context_columns(doc)
