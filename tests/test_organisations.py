"""Organisations and who is of them: offices and campaigns, officers of a body, a company's chief executive,
a country's organs, unnamed officials described again, and what a headline's title-case words are not."""

from __future__ import annotations

import pytest

from test_nlp import _said_by, _statements

pytestmark = pytest.mark.model


@pytest.mark.parametrize(
    ("text", "actor", "holder"),
    [
        ("Gov. Gavin Newsom's office said the governor was monitoring the strike.", "Office of Gavin Newsom",
         "Gavin Newsom"),
        ("Sen. Alex Padilla spoke on Monday. His office said he supports mediation.", "Office of Alex Padilla",
         "Alex Padilla"),
    ],
)
def test_someones_office_is_an_organisation_that_speaks_for_them(text: str, actor: str, holder: str):
    said = _statements(text)[-1]
    assert (said.actor.name, said.actor.kind, said.actor.affiliation) == (actor, "organization", holder)
    assert (said.position.holder.name, said.position.voice) == (holder, "own")


@pytest.mark.parametrize(
    ("text", "holder", "stance"),
    [
        ("Sen. Alex Padilla spoke on Monday. His office said the bill was unacceptable.", "Alex Padilla", "reject"),
        ("Ann Keller spoke in Ohio. Her campaign said the report was wrong.", "Ann Keller", "reject"),
    ],
)
def test_the_position_of_an_office_or_a_campaign_is_its_owners_own(text: str, holder: str, stance: str):
    said = _statements(text)[-1]
    assert (said.position.holder.name, said.position.voice, said.position.stance) == (holder, "own", stance)


@pytest.mark.parametrize(
    ("text", "speaker", "actor", "affiliation"),
    [
        # a country's name before one of its organs the gazetteer knows is that country
        ("The U.S. State Department called the seizure a violation of international law.", "The U.S. State Department",
         "United States", None),
        # an organisation a country's possessive owns is of that country
        ("Iran's Revolutionary Guards said in a statement that the tanker had been carrying smuggled fuel.",
         "Iran's Revolutionary Guards", "Revolutionary Guards", "Iran"),
    ],
)
def test_a_countrys_organisation_is_the_countrys(text: str, speaker: str, actor: str, affiliation: str | None):
    said = _said_by(text, speaker)
    assert (said.actor.name, said.actor.affiliation) == (actor, affiliation)


def test_a_name_the_parse_hung_on_whom_a_role_serves_is_the_roles():
    """"A spokeswoman for Lumen, Jessica Ford": the parse set Ford beside Lumen, not beside the spokeswoman;
    the speaker had been an actor named "spokeswoman for Lumen, Jessica Ford"."""
    said = _said_by("Lumen Foods said it would close two plants. A spokeswoman for Lumen, Jessica Ford, said the "
                    "company had notified state officials on Monday.", "A spokeswoman for Lumen, Jessica Ford")
    assert (said.actor.name, said.actor.affiliation) == ("Jessica Ford", "Lumen Foods")


def test_an_officer_of_a_body_named_beside_it_is_of_that_body():
    """"The union that represents …, the United Food and Commercial Workers" is the union a later "the union"
    and "a vice president of the union" mean; and "Our members" in the officer's words are the union's side."""
    text = ("The union that represents workers at the Iowa plants, the United Food and Commercial Workers, said it had "
            "not been told of the closures. \"Our members found out from the news,\" said Mark Lauritsen, a vice "
            "president of the union. He said the union would press Lumen to keep one of the plants open.")
    statements = _statements(text)
    officer = next(st for st in statements if "news" in st.content_text)
    assert (officer.actor.name, officer.actor.affiliation) == ("Mark Lauritsen", "United Food and Commercial Workers")
    assert officer.position.holder.name == "United Food and Commercial Workers"
    press = next(st for st in statements if "press" in st.content_text)
    assert (press.position.holder.name, press.position.stance) == ("United Food and Commercial Workers", "demand")


def test_a_chief_executive_with_no_company_named_is_the_companys_the_story_is_about():
    said = _said_by("Lumen Foods said on Tuesday that it would eliminate about 1,200 jobs. In a memo to employees, Chief "
                    "Executive Karen Osei wrote that the cuts were painful but necessary.", "Chief Executive Karen Osei")
    assert (said.actor.name, said.actor.affiliation) == ("Karen Osei", "Lumen Foods")
    assert said.position.holder.name == "Lumen Foods"
    # not where the title says whose it is
    said = _said_by("Robey Warshaw Inc. advised on the deal. Indra Nooyi, the chief executive of PepsiCo, said the bank "
                    "was trusted.", "Indra Nooyi, the chief executive of PepsiCo")
    assert said.actor.affiliation == "PepsiCo"


def test_a_bare_the_office_is_no_earlier_persons_office():
    """"Gov. Kay Ivey's office did not respond. A spokeswoman for the secretary of state said the office was
    reviewing the decision": the office is the secretary's, not the governor's; and "The Secretary of
    Environment" serves no "Environment"."""
    said = _said_by("Gov. Kay Ivey's office did not respond to a request for comment. A spokeswoman for the secretary "
                    "of state said the office was reviewing the decision.", "A spokeswoman for the secretary of state")
    assert said.position.holder.name != "Kay Ivey"
    said = _said_by("The Secretary of Environment said the regional government would send tanker trucks.",
                    "The Secretary of Environment")
    assert said.actor.affiliation != "Environment"


def test_the_official_is_the_unnamed_official_described_before():
    """"a senior Biden administration official told reporters … The official, who spoke on the condition of
    anonymity, …": one person (the second had been an actor called "official", whom every article's
    anonymous officials would pool into); a clause set off by a comma says no more which official."""
    statements = _statements("A senior Biden administration official told reporters that Chinese negotiators had "
                             "agreed to resume the talks. The official, who spoke on the condition of anonymity, said "
                             "the two sides were working out a date.")
    first, second = (next(st for st in statements if words in st.content_text) for words in ("resume", "working out"))
    assert second.actor == first.actor and first.actor.name == "senior Biden administration official"


def test_a_headlines_title_case_words_are_no_body_a_description_names():
    """"Oil Tanker Seized in Strait of Hormuz" is an organisation to the NER; "the tanker" in the body is not it."""
    said = _said_by("Oil Tanker Seized in Strait of Hormuz, Shipping Sources Say\n\nDUBAI — Iranian forces seized an oil "
                    "tanker on Thursday. Iran's Revolutionary Guards said in a statement that the tanker had been "
                    "carrying smuggled fuel.", "Iran's Revolutionary Guards")
    assert said.position.holder.name != "Oil Tanker Seized"


def test_a_title_naming_a_kind_of_body_names_no_affiliation():
    """"Council Member Girmay Zahilay": the NER's one-word organisation "Council" says no more than "a council";
    he had been of an organisation called "Council"."""
    said = _said_by("Every year we delay, the project gets more expensive, said Council Member Girmay Zahilay, who "
                    "sponsored the measure.", "Council Member Girmay Zahilay")
    assert said.actor.name == "Girmay Zahilay" and said.actor.affiliation != "Council"


def test_a_word_for_what_a_body_is_to_something_stands_aside_for_its_name():
    """"The pipeline's developer, Prairie Midstream, said": the company, not someone called "pipeline's
    developer"; a person's name beside such a word is still the person."""
    text = "The pipeline's developer, Prairie Midstream, said it was disappointed."
    said = _said_by(text, "The pipeline's developer, Prairie Midstream")
    assert (said.actor.name, said.actor.kind) == ("Prairie Midstream", "organization")
    owner = _said_by("The team's owner, Jerry Jones, said he was disappointed.", "The team's owner, Jerry Jones")
    assert (owner.actor.name, owner.actor.kind) == ("Jerry Jones", "person")


def test_the_group_is_the_organisation_that_spoke_just_before():
    """"The Alzheimer's Association welcomed the vote. “…,” the group said": the association."""
    text = ("The Alzheimer's Association welcomed the vote on Thursday. “Every new option is a step forward,” the "
            "group said in a statement.")
    said = _said_by(text, "the group")
    assert (said.actor.name, said.actor.kind) == ("Alzheimer's Association", "organization")


def test_a_relative_clause_the_parse_hung_deeper_is_no_part_of_a_groups_name():
    text = ("Two people with knowledge of the talks, who spoke on the condition of anonymity because the deal had "
            "not been completed, said a medical was scheduled for Monday.")
    said = _statements(text)[0]
    assert (said.actor.name, said.actor.kind) == ("people with knowledge of the talks", "group")


def test_the_kingdom_is_the_country_just_spoken_of():
    """"Saudi Arabia said … A member of the Saudi delegation said the kingdom supported …": Saudi Arabia's
    acceptance; where no country is near, "the kingdom" names none and the view is the speaker's; "the country"
    and "the nation" are left alone (politicians say them of their own: "the nation needs …")."""
    text = ("Saudi Arabia said it would not accept targets on any single source of energy. A member of the Saudi "
            "delegation said the kingdom supported all technologies that reduce emissions.")
    said = _statements(text)[-1]
    assert (said.position.holder.name, said.position.stance) == ("Saudi Arabia", "accept")
    alone = _statements("Observers said the kingdom had agreed to the terms.")[0]
    assert alone.position.holder.name == "observers"


def test_a_name_a_trade_word_stands_before_is_a_company_wherever_the_ner_takes_it_for_a_place():
    """"Dutch chipmaker Veltrix": every "Veltrix" of the article is the company (the NER had called it a place
    each time, and the company that rejected a fine was typed a place)."""
    text = ("The Commission fined Dutch chipmaker Veltrix on Tuesday. Veltrix rejected the decision and said it "
            "would appeal.")
    said = _said_by(text, "Veltrix")
    assert (said.actor.name, said.actor.kind) == ("Veltrix", "organization")


def test_a_body_named_by_whose_it_is_is_an_organisation_an_unnamed_one_stays_a_description():
    """"Moldova's electoral commission" is a body that speaks for itself; "the commission" alone stays what it was
    (a description, kind "other"), so that no person becomes "of the commission" by it."""
    said = _said_by("Moldova's electoral commission said it had received 200 complaints.", "Moldova's electoral commission")
    assert (said.actor.kind, said.actor.affiliation) == ("organization", "Moldova")
    bare = _said_by("The commission said it had received 200 complaints.", "The commission")
    assert bare.actor.kind == "other"


def test_a_role_serving_a_body_named_beside_its_description_serves_the_name():
    """"a spokeswoman for Nabisco's parent company, Mondelez International": of Mondelez International."""
    text = ("Laurie Guzzinati, a spokeswoman for Nabisco's parent company, Mondelez International, said the plant "
            "would close.")
    said = _said_by(text, "Laurie Guzzinati, a spokeswoman for Nabisco's parent company, Mondelez International")
    assert (said.actor.name, said.actor.affiliation) == ("Laurie Guzzinati", "Mondelez International")


def test_a_member_of_a_body_is_someone_of_it():
    """"A member of the Saudi delegation" is a person of Saudi Arabia (it had been an actor "member" of no
    kind), so that "the kingdom" in their words is Saudi Arabia; "a member of the council" names no body."""
    saudi = _said_by("A member of the Saudi delegation said the kingdom would not accept the targets.",
                     "A member of the Saudi delegation")
    assert (saudi.actor.name, saudi.actor.kind, saudi.actor.affiliation) == (
        "member of the Saudi delegation", "person", "Saudi Arabia")
    assert (saudi.position.holder.name, saudi.position.stance) == ("Saudi Arabia", "reject")
    council = _said_by("A member of the council said the vote was rigged.", "A member of the council")
    assert (council.actor.kind, council.actor.affiliation) == ("person", None)


def test_a_place_in_capitals_no_gazetteer_knows_is_an_agency():
    """"The NRA said": the NER's place is the National Rifle Association, an organisation; a country in
    capitals the gazetteer knows stays the country."""
    said = _said_by("The NRA said the bill would fail.", "The NRA")
    assert (said.actor.name, said.actor.kind) == ("NRA", "organization")
    uae = _said_by("The UAE said the talks would resume.", "The UAE")
    assert (uae.actor.name, uae.actor.kind) == ("United Arab Emirates", "country")


def test_their_union_is_the_one_the_next_sentences_name():
    """"Dockworkers … voted to strike, their union said. The Norwegian Transport Workers' Union said …" had
    made "their union" an actor of no kind; a union named three sentences on is too far to be sure of."""
    text = ("Dockworkers at the port voted on Thursday to strike, their union said.\n\nThe Norwegian Transport "
            "Workers' Union said 87 percent of its members backed the strike.")
    assert _said_by(text, "their union").actor.name == "Norwegian Transport Workers' Union"
    text = ("Dockworkers at the port voted on Thursday to strike, their union said. Talks failed. Ships waited. "
            "Cranes stood idle. The Norwegian Transport Workers' Union said its members backed the strike.")
    assert _said_by(text, "their union").actor.name != "Norwegian Transport Workers' Union"


def test_the_body_an_officer_serves_is_the_organisation_not_a_person_of_its_name():
    """The NER took one "Helix Pharma" for a person; "the company's chief medical officer" then spoke for a
    person "Helix Pharma"."""
    text = ("Helix Pharma said it was confident in the drug. \"We have nothing to hide,\" the company's chief "
            "medical officer, Dr. Sofie Lund, told analysts.\n\nShares in Helix Pharma fell 7 percent.")
    said = next(st for st in _statements(text) if "nothing to hide" in st.content_text)
    assert (said.position.holder.name, said.position.holder.kind) == ("Helix Pharma", "organization")
