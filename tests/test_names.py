"""Full names the small NER model misses or mislabels: a person's title before a run of proper nouns, a
role set beside it, or a clear given name where the NER saw nothing make it a person's name, so its
surname and pronouns resolve to that person."""

from __future__ import annotations

import pytest

from onrecord.nlp.model import load_base_model
from onrecord.nlp.names import full_names, unlabelled_people
from test_nlp import _statements

pytestmark = pytest.mark.model


def _by(text: str, speaker: str):
    return next(st for st in _statements(text) if st.speaker is not None and st.speaker.text == speaker)


@pytest.fixture(scope="module")
def nlp():
    return load_base_model()


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Police Chief Shon Barnes said investigators did not yet know the motive.", ["Shon Barnes"]),
        ("Mikel Arteta was careful not to write off City.", ["Mikel Arteta"]),
        ("The Conservatives disagreed. Kemi Badenoch, the party leader, said Labour could not be trusted.",
         ["Kemi Badenoch"]),
        # a name that qualifies a title, part of a longer name, a body's, a plural, a headline in capitals
        ("“It is over,” said former South Carolina Gov. Jim Hodges.", []),
        ("The man was booked into King County Jail on Tuesday.", []),
        ("Denver Water, the utility that manages the pipes, said it supported the plan.", []),
        ("On Sunday, when the Carolina Panthers are set to host the game, fans will gather.", []),
        ("GARLAND STEPS ASIDE.\n\nThe arguments went on.", []),
    ],
)
def test_names_the_ner_missed(nlp, text, found):
    """Whatever the NER made of them (the full names an article gives, with the NER's own people);
    nothing else is taken for a name."""
    doc = nlp(text)
    given = {name for names in full_names(doc).values() for _, name in names}
    ner = {ent.text for ent in doc.ents if ent.label_ == "PERSON"}
    assert given - ner == set(found) - ner
    assert set(found) <= given
    assert all(span.text in found for span in unlabelled_people(doc))


def test_a_name_the_ner_missed_is_the_person_its_surname_and_pronouns_stand_for():
    text = ("SEATTLE — Police Chief Shon Barnes said investigators did not yet know the motive. “We are not going "
            "to speculate,” Barnes said. He urged anyone with information to call a tip line.")
    assert _by(text, "Police Chief Shon Barnes").actor.name == "Shon Barnes"  # the title is not the name
    assert _by(text, "Barnes").actor.name == "Shon Barnes"  # an ORG to the NER
    assert _by(text, "He").actor.name == "Shon Barnes"
    uk = ("Kemi Badenoch, the party leader, said Labour had raised taxes. “Every promise comes with an asterisk,” "
          "she said.")
    said = _by(uk, "Kemi Badenoch, the party leader")
    assert (said.actor.name, said.actor.kind) == ("Kemi Badenoch", "person")  # a place to the NER
    assert _by(uk, "she").actor.name == "Kemi Badenoch"


def test_a_name_the_ner_saw_outranks_one_only_the_fallback_found():
    """A letters page opening "Hold Melania Trump to her husband's standards." (no NER entity there) whose
    body names Donald Trump: a bare "Trump" is still he."""
    text = ("Hold Melania Trump to her husband's standards.\n\nLETTERS.\n\nSeveral weeks ago, Donald Trump stated "
            "that Melania would discuss her immigration history \"in a few weeks.\" But those weeks have come and "
            "gone without explanation.\n\nTrump said on Monday that the questions were unfair.")
    assert _by(text, "Trump").actor.name == "Donald Trump"
