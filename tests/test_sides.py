"""Whose side a speaker is on: the country or body an official serves (a title, a role set beside the
name, "its"), a state organ and the dateline's country, "the government" and "the agency" in someone's own
words, a person keeping the side the article gives them, parties and state media."""

from __future__ import annotations

import pytest

from test_nlp import _said_by, _statements

pytestmark = pytest.mark.model


@pytest.mark.parametrize(
    ("text", "actor", "side"),
    [
        ("Xi Jinping met Joe Biden. Xi's government said the talks were useful.", "Xi Jinping government", "China"),
        ("Barack Obama spoke. The Obama administration said the talks were useful.", "Barack Obama administration",
         "United States"),
    ],
)
def test_a_government_named_by_its_leader_is_one_actor_of_the_leaders_side(text: str, actor: str, side: str):
    said = next(st for st in _statements(text) if "useful" in st.content_text)
    assert (said.actor.name, said.actor.affiliation) == (actor, side)


@pytest.mark.parametrize(
    ("text", "side"),
    [
        ("Apex Holdings Inc. cut its prices. A spokesman for the company said the cut was overdue.", "Apex Holdings Inc."),
        ("Maersk, the Danish shipping company, diverted six vessels to Hamburg. A spokesman for the company "
         "warned that further delays would raise costs.", "Maersk"),
        ("The Federal Reserve met. A spokesman for the company said the cut was overdue.", None),  # no company named
        # "the organization": the organisation that spoke last, not the World Health Organization before it
        ("The World Health Organization warned of a surge. UNICEF said it was sending doses. A spokesman for the "
         "organization said the first shipments would arrive within two weeks.", "UNICEF"),
        # the apposition named what the body is
        ("IG Metall, the metalworkers' union, warned that it would resist cuts. A spokesman for the union said "
         "talks were planned for next week.", "IG Metall"),
    ],
)
def test_a_spokesman_for_the_company_speaks_for_the_company_named_before(text: str, side: str | None):
    said = next(st for st in _statements(text) if st.speaker is not None and st.speaker.text.startswith("A spokesman"))
    assert said.actor.name.startswith("spokesman for the ") and said.actor.affiliation == side
    if side is not None:
        assert said.position.holder.name == side


def test_an_office_held_for_its_country_speaks_for_it():
    said = next(st for st in _statements(
        "Egypt has pushed for talks. Its foreign minister said that Cairo would host a meeting next month."
    ) if st.speaker is not None and st.speaker.text == "Its foreign minister")
    assert (said.actor.kind, said.actor.affiliation) == ("person", "Egypt")
    assert said.position.holder.name == "Egypt"


def test_a_ministers_government_is_the_country_a_leaders_is_the_leaders():
    sts = _statements("Turkish Foreign Minister Hakan Fidan said his government would keep pressing both sides. "
                      "Prime Minister Keir Starmer said his government would act within weeks.")
    minister, leader = (next(st for st in sts if word in st.content_text) for word in ("pressing", "weeks"))
    assert minister.position.holder.name == "Turkey" and minister.position.voice == "own"
    assert leader.position.holder.name == "Keir Starmer government"


def test_a_spokeswoman_for_a_person_named_by_surname_speaks_for_that_person():
    """"Delgado's spokeswoman, Rachel Kim": the NER may take "Delgado" for an organisation; the article
    named Maria Delgado, whom the spokeswoman speaks for."""
    said = next(st for st in _statements(
        "The challenger accused Gov. Maria Delgado of hiding a gap in the budget. Delgado's spokeswoman, Rachel "
        "Kim, said the state's books had been reviewed by independent auditors."
    ) if "auditors" in st.content_text)
    assert (said.actor.name, said.actor.affiliation) == ("Rachel Kim", "Maria Delgado")
    assert said.position.holder.name == "Maria Delgado"


def test_a_portfolio_in_a_title_is_the_department_the_article_names_or_nobody():
    """"Commerce" of "Commerce Secretary" is the Commerce Department the article named, not China's commerce
    ministry nor a body called "Commerce"; "Press" of "Press secretary" is no body at all."""
    sts = _statements(
        "China's commerce ministry said it would retaliate. The Commerce Department in Washington said the rules "
        "were narrow. Commerce Secretary Gina Raimondo told reporters the measures were carefully targeted. "
        "Press secretary Karine Jean-Pierre said the president would sign the bill. Apple CEO Tim Cook said "
        "sales were strong."
    )
    by_name = {st.actor.name: st.actor.affiliation for st in sts if st.actor is not None}
    assert by_name["Gina Raimondo"] == "Commerce Department"
    assert by_name["Karine Jean-Pierre"] is None
    assert by_name["Tim Cook"] == "Apple"


@pytest.mark.parametrize(
    ("text", "speaker", "side"),
    [
        ("The National Oceanic and Atmospheric Administration warned that bleaching was spreading. An agency "
         "official said the next two years would be critical.", "An agency official",
         "National Oceanic and Atmospheric Administration"),
        ("Apex Holdings Inc. reported results on Monday. A company spokesman said sales of its phones fell.",
         "A company spokesman", "Apex Holdings Inc."),
        ("A company spokesman said sales fell.", "A company spokesman", None),  # no company named
    ],
)
def test_a_role_a_word_for_a_body_modifies_serves_the_body_named_before(text: str, speaker: str, side: str | None):
    said = _said_by(text, speaker)
    assert said.actor.kind == "person" and said.actor.affiliation == side


def test_news_organisations_are_organisations_and_state_media_belong_to_their_state():
    sts = _statements("Politico reported that the deal was close. CNN's Jake Tapper said the talks had stalled. "
                      "Xinhua said the visit was a success.")
    by_content = {st.content_text.split()[-1].strip("."): st for st in sts}
    assert (by_content["close"].actor.name, by_content["close"].actor.kind) == ("Politico", "organization")
    assert by_content["stalled"].actor.affiliation == "CNN"
    assert by_content["success"].actor.affiliation == "China"


def test_an_office_a_body_owns_set_beside_a_name_gives_the_body_as_affiliation():
    said = next(st for st in _statements(
        "The electoral commission said that the count was nearly complete. Its chairwoman, Priscilla Chigumba, "
        "said observers had been present at every stage."
    ) if "observers" in st.content_text)
    assert (said.actor.name, said.actor.affiliation) == ("Priscilla Chigumba", "electoral commission")


def test_a_state_organ_no_country_names_is_the_datelines_countrys():
    """"TEHRAN — … The Foreign Ministry said Iran would respond": Iran's own voice. Without a dateline it
    is no country's, and "the embassy" is most often a foreign one."""
    text = ("Iran to expand enrichment\n\nTEHRAN — Iran said on Thursday that it would install new centrifuges. "
            "The Foreign Ministry said Iran would respond firmly. The embassy said the visit was cancelled.")
    ministry = _said_by(text, "The Foreign Ministry")
    assert (ministry.actor.name, ministry.position.voice) == ("Iran", "own")
    assert _said_by(text, "The embassy").actor.name != "Iran"
    undated = _said_by("The Foreign Ministry said Iran would respond firmly.", "The Foreign Ministry")
    assert undated.actor is None or undated.actor.kind != "country"


def test_home_country_reads_the_dateline():
    from onrecord.actors import builtin_gazetteer
    from onrecord.nlp.mentions import home_country
    from onrecord.nlp.model import load_base_model

    nlp, lookup = load_base_model(), builtin_gazetteer().lookup
    assert home_country(nlp("Talks stall\n\nMOSCOW (AP) — The Kremlin said no."), lookup).name == "Russia"
    assert home_country(nlp("Budget fight\n\nCOLUMBUS, Ohio — The governor said no."), lookup) is None
    assert home_country(nlp("The governor said no."), lookup) is None


@pytest.mark.parametrize(
    ("text", "affiliation"),
    [
        # a portfolio after "of" in a title is no body of its own: the gazetteer's John Kerry serves the US
        ("Secretary of State John Kerry said the deal would hold.", "United States"),
        ("The State Department issued a warning. Secretary of State John Kerry said the deal would hold.",
         "United States"),
        ("Secretary of Defense Ash Carter said the troops would stay.", None),
    ],
)
def test_a_portfolio_after_of_in_a_title_is_no_affiliation_of_its_own(text, affiliation):
    said = next(st for st in _statements(text) if st.cue is not None and st.cue.text == "said")
    assert said.actor.affiliation == affiliation


@pytest.mark.parametrize(
    ("text", "speaker", "affiliation"),
    [
        # a role set beside a name says whom it serves: a state organ (the dateline's country where no
        # country qualifies it), a body the gazetteer knows, an organisation, a person
        ("Talks fail\n\nBEIJING — “The Philippine side bears full responsibility,” said Mao Ning, a spokeswoman "
         "for the Foreign Ministry, on Thursday.", "Mao Ning, a spokeswoman for the Foreign Ministry", "China"),
        ("A State Department spokesman, Matthew Miller, said Washington was deeply concerned.",
         "A State Department spokesman, Matthew Miller", "United States"),
        ("Phil Smith, a spokesman for the United Mine Workers of America, said the union expected production to "
         "improve.", "Phil Smith, a spokesman for the United Mine Workers of America",
         "United Mine Workers of America"),
        ("Senator Bernard Sanders spoke on Monday. Mark Longabaugh, a senior adviser to Mr. Sanders, said the "
         "campaign would be well represented.", "Mark Longabaugh, a senior adviser to Mr. Sanders",
         "Bernard Sanders"),
        # a person the gazetteer knows, named by a possessive, is whom the role serves, not that person's country
        ("Tad Devine, Sanders's chief strategist, said the delegates would decide.",
         "Tad Devine, Sanders's chief strategist", "Bernie Sanders"),
        ("Trump's senior communications adviser Jason Miller said the remark was about unification.",
         "Trump's senior communications adviser Jason Miller", "Donald Trump"),
        # an agent or a lawyer speaks for the client the words name; one only placed for none
        ("Joe Malley was left out. His agent, Carla Mendes, said the defender felt disrespected.",
         "His agent, Carla Mendes", "Joe Malley"),
        # … also where the NER marked only the full name, not the surname the "his" goes back to
        ("Harlow coach denies rift with captain after training-ground row\n\nMANCHESTER, England — Harlow United manager Stefan Brandt insisted on Friday that there was no rift "
         "between him and club captain Joe Malley, a day after the pair were filmed arguing at the training ground."
         "\n\n\"Joe and I have a great relationship. We had a disagreement about tactics, that's all,\" Brandt told "
         "reporters. \"People are making a story out of nothing.\"\n\nMalley, who has not started any of the club's last "
         "three matches, was less conciliatory. His agent, Carla Mendes, said the defender felt \"disrespected\" and "
         "would consider his options in January.", "His agent, Carla Mendes", "Joe Malley"),
        ("Donald Trump spoke on Monday. Trump's attorney, Alan Garten, said the story was false.",
         "Trump's attorney, Alan Garten", "Donald Trump"),
        ("Marc E. Elias, a Washington lawyer, said the ruling was wrong.", "Marc E. Elias, a Washington lawyer", None),
        # … and "his": whom it stands for, also where the parse hung the name beside the role
        ("Mayor Daniel Reyes said the city would review the ruling. His spokeswoman, Priya Nair, declined to say "
         "whether the mayor still believed the water had been safe.", "His spokeswoman, Priya Nair", "Daniel Reyes"),
        # a role only placed, or held no longer, serves nobody named
        ("Col. Steven Warren, a military spokesman in Baghdad, said the raid was a combat operation.",
         "Col. Steven Warren, a military spokesman in Baghdad", None),
        ("Mo Elleithee, a campaign aide to Clinton in 2008 and now a director at Georgetown University, said "
         "she was in the driver's seat.", "Mo Elleithee, a campaign aide to Clinton in 2008 and now a director at "
         "Georgetown University", None),
    ],
)
def test_a_role_apposed_to_a_name_says_whom_the_person_serves(text, speaker, affiliation):
    assert _said_by(text, speaker).actor.affiliation == affiliation


def test_a_person_keeps_the_side_the_article_gives_them():
    """"Its national security adviser, Eduardo Año, said … Mr. Año said" speaks for the Philippines both
    times, so his later denial is the Philippines' own voice; a person the article gives two sides keeps
    neither where the mention names none."""
    text = ("The Philippine government rejected the account. Its national security adviser, Eduardo Año, said the "
            "vessel had cut across the bow of a supply boat. China has long insisted that the Philippines agreed to "
            "remove the ship. On Thursday, Mr. Año said again that the Philippines had never agreed to leave.")
    later = _said_by(text, "Mr. Año")
    assert later.actor.affiliation == "Philippines"
    assert (later.position.holder.name, later.position.voice, later.position.stance) == ("Philippines", "own", "reject")
    two = ("Anna Berg, a spokeswoman for Acme Corp., said sales rose. Anna Berg, a spokeswoman for Borealis Bank, "
           "said rates fell. Berg said the two were unrelated.")
    assert _said_by(two, "Berg").actor.affiliation is None


def test_the_government_a_countrys_official_speaks_of_is_that_countrys():
    """"LONDON — A spokeswoman for the Dutch economy ministry said the government would study the offer":
    the Dutch government, not the dateline's."""
    text = ("Harrow buys Vanloo\n\nLONDON — Harrow Foods agreed on Monday to buy the Dutch snack maker Vanloo. A "
            "spokeswoman for the Dutch economy ministry said the government would study the offer's effect on jobs. "
            "The government said it would not intervene.")
    dutch = _said_by(text, "A spokeswoman for the Dutch economy ministry")
    assert (dutch.actor.affiliation, dutch.position.holder.name, dutch.position.voice) == (
        "Netherlands", "Netherlands", "own")
    assert _said_by(text, "The government").actor.name == "United Kingdom"


def test_a_company_named_short_in_a_title_is_the_company():
    """"Harrow's chief executive" after "Harrow Foods": Harrow Foods, whatever the NER made of "Harrow"."""
    text = ("LONDON — Harrow Foods agreed on Monday to buy the Dutch snack maker Vanloo.\n\nHarrow's chief executive, "
            "Priya Natarajan, said the combination would give the company scale.")
    assert _said_by(text, "Harrow's chief executive, Priya Natarajan").actor.affiliation == "Harrow Foods"


def test_britains_parties_are_known():
    said = _said_by("Kemi Badenoch said Labour had refused to cut taxes on farmers.", "Kemi Badenoch")
    assert (said.position.holder.name, said.position.stance) == ("Labour Party", "reject")
    tories = _said_by("The Tories said the budget would fail.", "The Tories")
    assert (tories.actor.name, tories.actor.affiliation) == ("Conservative Party", "United Kingdom")


def test_the_agency_in_a_bodys_own_words_is_that_body():
    """A CDC spokesman's "the agency had sent a team" is the CDC's own, not the last body that spoke (the
    American Academy of Pediatrics, the sentence before)."""
    text = ("The American Academy of Pediatrics said his comments risked confusing parents. A spokesman for the "
            "Centers for Disease Control and Prevention said the agency had sent a team to Lubbock.")
    said = _said_by(text, "A spokesman for the Centers for Disease Control and Prevention")
    assert (said.position.holder.name, said.position.voice) == ("Centers for Disease Control and Prevention", "own")


@pytest.mark.parametrize(
    ("text", "speaker", "affiliation"),
    [
        # a body named by description in a title: the one the article named before
        ("BRUSSELS — The European Commission fined Meta on Wednesday. Margrethe Vestager, the commission's "
         "competition chief, said Meta had imposed unfair conditions.",
         "Margrethe Vestager, the commission's competition chief", "European Union"),
        # "the ministry" a state organ of the dateline's country, not the NER's organisation "Foreign Ministry"
        ("YEREVAN — Armenia's Foreign Ministry on Tuesday denied the report. “Armenia has made no such "
         "commitment,” the ministry's spokesman, Arman Veli, said in a statement.",
         "the ministry's spokesman, Arman Veli", "Armenia"),
        # "its" for a bare "the company" says nothing of which
        ("The company said the decision ignored the market. Its president of global affairs, Nick Clegg, called "
         "the fine unjustified.", "Its president of global affairs, Nick Clegg", None),
    ],
)
def test_a_body_named_in_a_title(text, speaker, affiliation):
    assert _said_by(text, speaker).actor.affiliation == affiliation


def test_a_countrys_military_is_the_country():
    said = _said_by("KYIV, Ukraine — Ukraine's military said Saturday that it had shot down 37 drones.",
                    "Ukraine's military")
    assert (said.actor.name, said.actor.kind) == ("Ukraine", "country")


def test_an_office_word_that_is_not_the_persons_title_puts_no_one_in_office():
    """"the party's official line on Trump": "official" is no office of Trump's, so his words stay his own,
    not his country's; an office before the name, across an appositive's comma too, still is one."""
    text = "The party's official line on Trump is silence. Trump said he would ban Muslims from entering the country."
    position = _said_by(text, "Trump").position
    assert (position.holder.name, position.voice) == ("Donald Trump", "own")
    text = "Secretary of State John Kerry said the United States would lift the sanctions."
    assert _said_by(text, "Secretary of State John Kerry").position.holder.name == "United States"


@pytest.mark.parametrize(
    "text",
    [
        # a speaker's courtesy, inside a quotation: no office the article gives him
        "“While Secretary Rubio was in the Senate, he opposed the pipeline,” an aide said. Rubio said he would ban "
        "new pipelines.",
        # an office held no longer
        "The memo reached then-Secretary Rubio in May. Rubio said he would ban new pipelines.",
    ],
)
def test_a_title_in_a_quotation_or_held_no_longer_puts_no_one_in_office(text):
    position = _said_by(text, "Rubio").position
    assert (position.holder.name, position.voice) == ("Marco Rubio", "own")
    assert _said_by("Secretary Rubio said he would ban new pipelines.", "Secretary Rubio").position.holder.name == "United States"


def test_a_person_apposed_with_an_office_speaks_for_its_side_in_later_mentions_too():
    """"Ingrid Solberg, the union's regional secretary, said … Solberg said the union had never asked for a veto"
    had been the union's position reported by someone outside it; not where the office is a person's
    ("Sanders's chief strategist" serves a campaign) nor where the parse hung a phrase that is no office beside
    the name ("To Florida consultant Wilson, the official party line …")."""
    text = ("The Norwegian Transport Workers' Union backed the strike. Ingrid Solberg, the union's regional secretary, "
            "said members had been patient. Solberg said the union had never asked for a veto.")
    said = next(st for st in _statements(text) if "never asked" in st.content_text)
    assert said.position.voice == "own"
    text = ("Tad Devine, Bernie Sanders's chief strategist, spoke on Monday. Devine said the party should "
            "change its rules.")
    devine = next(st for st in _statements(text) if "change its rules" in st.content_text)
    assert devine.position.holder.name == "Tad Devine"


@pytest.mark.parametrize(
    ("text", "speaker", "actor"),
    [
        # "one of them" with a name beside it is that person, not "one"
        ("Two members voted for a cut. One of them, deputy governor Paul Reyes, has argued that high rates are "
         "hurting small businesses.", "One of them, deputy governor Paul Reyes", "Paul Reyes"),
        # "while others" in the sentence "Some" opens are of the same people
        ("Economists were divided. Some said the bank was right to wait, while others warned that high rates "
         "risked a recession.", "others", "economists"),
        # … and of the people a "Some" opening the sentence qualifies
        ("Environmental groups were scathing. Some observers said the summit could still be rescued, while others "
         "warned that a weak deal would be worse than none.", "others", "observers"),
    ],
)
def test_one_of_them_named_and_others_beside_some(text, speaker, actor):
    assert _said_by(text, speaker).actor.name == actor
