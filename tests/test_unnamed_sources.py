"""Statements whose source the words do not name: what the one addressed was asked ("Asked whether …, Reid
said"), what someone faced or drew from others ("Clinton faced questions about …"). PolNeAR's gold gives
these no source; neither does onrecord, whatever source the tagger found near the cue."""

from __future__ import annotations

import pytest

from test_nlp import _statements

pytestmark = pytest.mark.model


def test_asking_is_no_act_of_the_one_asked():
    """Whichever source the tagger found near it (here the parse made "Asked" a past tense): "Asked whether …"
    is said of the one asked."""
    text = ("Climate talks stall as rich nations balk at loss-and-damage fund\n\nBAKU — Negotiations at the UN climate "
            "summit stalled on Thursday after wealthy countries refused to commit new money to a fund for poorer "
            "nations hit by disasters, delegates said.\n\n\"We came here to be paid what we are owed, not to be "
            "lectured,\" said Tina Stege, the climate envoy of the Marshall Islands. She accused the European Union of "
            "\"moving the goalposts every single night.\"\n\nAsked whether the bloc would raise its offer, EU climate "
            "commissioner Wopke Hoekstra said the union had \"already put more on the table than anyone else.\" He "
            "added that China, now the world's largest emitter, should contribute as well.")
    statements = _statements(text)
    asked = [st for st in statements if st.cue is not None and st.cue.text == "Asked"]
    assert asked and all(st.speaker is None and not st.actors for st in asked)
    said = next(st for st in statements if st.cue is not None and st.cue.text == "said" and "union" in st.content_text)
    assert said.speaker.text == "EU climate commissioner Wopke Hoekstra"


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("Clinton faced questions about what had gone wrong with her campaign.", "questions about"),
        ("The three governors drew plaudits for their performances at Saturday's debate.", "plaudits for"),
        ("After the attacks in Paris, the president has fielded sharp criticism on France’s national security.",
         "criticism on"),
    ],
)
def test_what_someone_faced_is_no_statement_of_theirs(text, cue):
    """On PolNeAR train "she faces renewed doubts about her effectiveness" and three more were their own words."""
    faced = [st for st in _statements(text) if st.cue is not None and cue in st.cue.text]
    assert faced and all(st.speaker is None and not st.actors for st in faced), [
        (st.speaker and st.speaker.text, st.cue and st.cue.text) for st in _statements(text)]


def test_raising_a_question_is_the_raisers_statement():
    """Raising, unlike facing, is one's own: "Reid raised concerns about …" stays Reid's."""
    (raised,) = [st for st in _statements("Harry Reid raised concerns about the new rules on Monday.")
                 if st.cue is not None and "concerns" in st.cue.text]
    assert raised.speaker.text == "Harry Reid"


@pytest.mark.parametrize(
    ("text", "cue", "source"),
    [
        ("Rubio is taking heat from Cruz over his membership in the Gang of Eight.", "taking heat", "Cruz"),
        ("The senator drew sharp criticism from unions for her vote.", "drew sharp criticism", "unions"),
        ("Clinton faced questions about her campaign.", "faced questions about", None),
        ("Reid raised concerns about the new rules.", "raised concerns about", "Reid"),  # raising is one's own
    ],
)
def test_what_someone_faced_from_others_is_those_others_statement(text, cue, source):
    """Whatever source a candidate came with, the subject of a verb of facing is none: PolNeAR's gold has
    "Rubio is taking heat from Cruz" as Cruz's."""
    from onrecord.nlp.attribution import Attribution
    from onrecord.nlp.combine import _not_the_addressee
    from onrecord.nlp.model import load_base_model

    doc = load_base_model()(text)
    start = text.index(cue)
    subject = next(t for t in doc if t.dep_ == "nsubj")
    att = Attribution(cue=(start, start + len(cue)), cue_lemma=None, content=[(start + len(cue) + 1, len(text) - 1)],
                      source=(subject.idx, subject.idx + len(subject)), source_head=subject.i)
    (kept,) = _not_the_addressee(doc, [att])
    assert (text[slice(*kept.source)] if kept.source else None) == source

