"""Positions: holder, voice, stance (negation and modality included) and proposition, over many phrasings.

The sentences are invented; the actors are the built-in gazetteer's.
"""

from __future__ import annotations

import pytest

from onrecord.models import Article, digest
from onrecord.nlp import extract_statements
from onrecord.nlp.stance_words import phrase_stance

pytestmark = pytest.mark.model


def _position(text: str, *, content: str | None = None):
    article = Article(id=digest(text), name="t", origin="t", text=text, content_hash=digest(text, length=64))
    statements = extract_statements(article)
    chosen = [s for s in statements if content is None or content in s.content_text]
    assert chosen, [s.content_text for s in statements]
    return chosen[0].position


# (sentence, holder, voice, stance)
CASES = [
    # the subject of the reported clause is the holder; someone else speaks: reported
    ("U.S. envoy Steve Witkoff said Russia had agreed to a ceasefire along the front line.", "Russia", "reported", "accept"),
    ("American officials said Moscow was willing to allow monitors at the nuclear plant.", "Russia", "reported", "accept"),
    ("Vice President Vance said the Russians have made significant concessions on the ceasefire.", "Russia", "reported", "concede"),
    ("The White House said the Kremlin had refused to discuss prisoner exchanges.", "Russia", "reported", "reject"),
    ("Diplomats said Russia would withdraw its troops from the border.", "Russia", "reported", "commit"),
    ("Diplomats said Russia will not withdraw its troops from the border.", "Russia", "reported", "reject"),
    # a future tense of what befalls the subject is no undertaking: it says something of Russia, Russia holds
    # no position by it, the view is the speaker's
    ("Diplomats said Russia would lose its seat on the council.", "diplomats", "own", "assert"),
    ("Diplomats said Russia would face new sanctions.", "diplomats", "own", "assert"),
    # a denial of one's own agreement is a denial, however the holder is named; another's denial of it
    # says nothing of the holder's
    ("China's Defense Ministry denied that China had agreed to restore a military hotline.", "China", "own", "deny"),
    ("China's Defense Ministry denied that it had agreed to restore a military hotline.", "China", "own", "deny"),
    ("The White House denied that Russia had agreed to a ceasefire.", "United States", "own", "assert"),  # a report denied
    # a commitment made is an undertaking, one never made a refusal
    ("The envoy said Russia made a commitment to withdraw its troops.", "Russia", "reported", "commit"),
    ("Diplomats said China had never made such a commitment.", "China", "reported", "reject"),
    # nor is advice ("would do well to"): the holder undertakes nothing
    ("Diplomats said Russia would do well to withdraw its troops from the border.", "diplomats", "own", "assert"),
    ("Witkoff said that Russia had denied shelling the power station.", "Russia", "reported", "deny"),
    # the holder's own officials and organs speak: own voice
    ("Russian Foreign Minister Sergey Lavrov said any deployment of European troops was absolutely unacceptable.", "Russia", "own", "reject"),
    ("The Kremlin has drawn a red line on any foreign troops in Ukraine.", "Russia", "own", "reject"),
    ("Foreign Minister Lavrov ruled out a security pact modelled on NATO's Article 5.", "Russia", "own", "reject"),
    ("Foreign Minister Lavrov insisted that Russia should be among the guarantors of the deal.", "Russia", "own", "demand"),
    ("President Trump said the U.S. is prepared to play a role in the guarantees.", "United States", "own", "commit"),
    ("The Kremlin warned that Western weapons deliveries would prolong the war.", "Russia", "own", "warn"),
    ("Foreign Minister Lavrov denied that Russian forces had shelled the plant.", "Russia", "own", "deny"),
    # negation and modality
    ("Foreign Minister Lavrov said Russia no longer insists on a veto over the guarantees.", "Russia", "own", "concede"),
    ("Foreign Minister Lavrov said that Russia did not reject the proposal for monitors.", "Russia", "own", "accept"),
    ("Foreign Minister Lavrov said Russia would not accept any foreign troops in Ukraine.", "Russia", "own", "reject"),
    ("Vance said Russia had recognised it could not install a puppet government in Kyiv.", "Russia", "reported", "concede"),
    # no actor in the reported clause: the speaker's side holds the position
    ("Ukrainian President Volodymyr Zelensky demanded an ironclad security pact.", "Ukraine", "own", "demand"),
    ("President Zelensky said the plan was acceptable to his government.", "Ukraine", "own", "accept"),
    # a person speaks for their side only when named in office, here or elsewhere in the article
    ("Lavrov said the plan was acceptable.", "Sergey Lavrov", "own", "accept"),
    ("Former Foreign Minister Lavrov said the plan was acceptable.", "Sergey Lavrov", "own", "accept"),
    ("Foreign Minister Lavrov met envoys on Monday. Lavrov said the plan was acceptable.", "Russia", "own", "accept"),
    # someone described by an office and the side it serves speaks for that side, as a named official does
    ("A spokesman for the Kremlin said the plan was unacceptable.", "Russia", "own", "reject"),
    ("A Russian official said the plan was unacceptable.", "Russia", "own", "reject"),
    ("Ann Keller spoke on Monday. A spokeswoman for Ann Keller said the plan was unacceptable.", "Ann Keller", "own", "reject"),
    ("Ann Keller spoke on Monday. A Keller aide said the plan was unacceptable.", "Ann Keller", "own", "reject"),
    # an office set beside the name, either way round; not "a" one of many, nor a retired one
    ("The Kenyan foreign minister, Musalia Mudavadi, said the plan was unacceptable.", "Kenya", "own", "reject"),
    ("Musalia Mudavadi, the Kenyan foreign minister, said the plan was unacceptable.", "Kenya", "own", "reject"),
    ("Jo Coelbart, a retired Belgian general, said the plan was unacceptable.", "Jo Coelbart", "own", "reject"),
    # … but not out of office, nor for nobody named
    ("A former Russian official said the plan was unacceptable.", "former Russian official", "own", "reject"),
    ("A spokesman said the plan was unacceptable.", "spokesman", "own", "reject"),
    ("Ann Keller met the envoy. A spokesman said the plan was unacceptable.", "spokesman", "own", "reject"),
    # the departments that speak for a state, as the White House and the Kremlin do
    ("The State Department said the plan was unacceptable.", "United States", "own", "reject"),
    ("The Pentagon said the plan was unacceptable.", "United States", "own", "reject"),
    ("The Russian Foreign Ministry said the plan was unacceptable.", "Russia", "own", "reject"),
    ("China's foreign ministry said the plan was unacceptable.", "China", "own", "reject"),
    ("The Kenyan government said the plan was unacceptable.", "Kenya", "own", "reject"),
    # every member state of the UN is known by its name and its people's
    ("Kenyan officials said the plan was unacceptable.", "Kenya", "own", "reject"),
    ("Burma said the plan was unacceptable.", "Myanmar", "own", "reject"),  # the NER calls it a person
    ("Texas Gov. Greg Abbott said the plan was unacceptable.", "Texas", "own", "reject"),  # "Gov." is "governor"
    # a party adjective or member names the party, not a place called "Democratic"
    ("Democratic leaders said the plan was unacceptable.", "Democratic Party", "own", "reject"),
    # but one member, the voters or the members of a party are some of its people, not its voice (on PolNeAR
    # train "pro-life members of the Democrat Party" denouncing the platform contradicted the party's own)
    ("One Republican said the plan was unacceptable.", "Republican", "own", "reject"),
    ("Republican voters said the plan was unacceptable.", "Republican voters", "own", "reject"),
    ("Pro-life members of the Democratic Party said the plan was unacceptable.",
     "pro-life members of the Democratic Party", "own", "reject"),
    # an affiliation the gazetteer does not know is the holder, of no known kind (below), not a country
    ("Officials of the Ruritanian Fisheries Board said the plan was unacceptable.", "Ruritanian Fisheries Board", "own", "reject"),
    # a question takes no stance: it does not say Russia rejects anything, nor that the asker demands it
    ("“Why won't Russia withdraw its troops from the border?” Witkoff said.", "Russia", "reported", "assert"),
    ("“Will Russia accept the monitors?” Witkoff asked.", "Russia", "reported", "assert"),
    ("“Russia won't withdraw its troops from the border,” Witkoff said.", "Russia", "reported", "reject"),
    # nor does an indirect one
    ("Reporters asked Lavrov how Russia would handle the prisoner exchanges.", "Russia", "reported", "assert"),
    ("She asked whether Russia would withdraw its troops.", "Russia", "reported", "assert"),
    # a hope or a forecast of what another will do is the speaker's, not a position the other took ("said Russia
    # would withdraw", above, still claims an undertaking); "what" opening a clause inside is no question
    ("European diplomats hope that Russia will withdraw its troops from the border.", "Russia", "reported", "assert"),
    ("Analysts believe Russia will withdraw its troops from the border.", "Russia", "reported", "assert"),
    ("Witkoff said what Russia wanted was a ceasefire along the front line.", "Russia", "reported", "demand"),
    # readiness says what for; "not ready for" a post says what someone is
    ("Diplomats said Russia was ready to negotiate a ceasefire.", "Russia", "reported", "commit"),
    ("Analysts said Russia was not ready for a seat on the council.", "analysts", "own", "assert"),
    # not wanting is refusing; no longer insisting, conceding
    ("Diplomats said Russia does not want foreign troops in Ukraine.", "Russia", "reported", "reject"),
    ("Diplomats said Russia no longer insists on a buffer zone.", "Russia", "reported", "concede"),
    ("Diplomats said Russia wants a buffer zone.", "Russia", "reported", "demand"),
    # a relative clause says which ones a noun means, not anyone's stand (on PolNeAR train "nominate justices
    # who are opposed to abortion" had Trump reject it, and "mailings to voters that oppose Bush" the voters)
    ("Donald Trump said that he would nominate Supreme Court justices who are opposed to abortion.", "Donald Trump",
     "own", "commit"),
    ("Officials said the party is sending mailings to voters that oppose both candidates.", "officials", "own",
     "assert"),
    # a passive's subject undergoes the verb: no stance by it, only by what it goes on to do (on PolNeAR train
    # "the department is not needed to oversee …" was the department's concession)
    ("Officials said Russia is required to withdraw its troops.", "officials", "own", "assert"),
    ("Officials said Russia would be punished for the attack.", "officials", "own", "assert"),
    ("Officials said Russia was forced to accept the terms.", "Russia", "reported", "accept"),
    # a cue's preposition the cue itself leaves out still makes the phrase: "called | for | restraint"
    ("Russia, which has troops in the region, called for restraint.", "Russia", "own", "demand"),
]


@pytest.mark.parametrize(("text", "holder", "voice", "stance"), CASES, ids=[c[0][:50] for c in CASES])
def test_holder_voice_and_stance(text, holder, voice, stance):
    position = _position(text)
    assert position is not None
    assert (position.holder.name if position.holder else None, position.voice, position.stance) == (holder, voice, stance)


@pytest.mark.parametrize(
    ("text", "proposition"),
    [
        ("U.S. envoy Steve Witkoff said Russia had agreed to offer Article 5-like language to cover a security guarantee.",
         "Article 5-like language to cover a security guarantee"),
        ("Lavrov said any security guarantees that involved European forces were absolutely unacceptable.",
         "security guarantees that involved European forces"),
        ("The Kremlin has drawn a red line on any potential involvement of foreign forces in Ukraine.",
         "potential involvement of foreign forces in Ukraine"),
        ("American officials said Moscow was willing to allow “NATO-like” security guarantees for Ukraine.",
         "NATO-like security guarantees for Ukraine"),
        # what is to be done, where a verb of doing with no stance of its own carries it: the verb is the matter
        ("Rubio said Armenia had agreed to withdraw its troops from the border region by the end of the year.",
         "withdraw its troops"),
        ("The ministry denied that the country had agreed to withdraw its troops from the border region.",
         "withdraw its troops"),
        # not a verb of stance, of speech or of what befalls, nor one whose object names nothing
        ("The senator said the bill would reject the subsidies.", "subsidies"),
        ("Officials said he believes cuts to military spending.", "cuts to military spending"),
        # but saying is the deed where a stance governs it (on PolNeAR train "refused to say the words 'Radical
        # Islam'" was about "words 'Radical Islam'" and matched "defeat the Islamic State")
        ("Trump said Obama refused to even say the words 'Radical Islam.'", "say the words 'Radical Islam"),
        ("She said the union would rip it up.", "it"),
        # what the parse hung on the verb right after the object, saying what it is for, is of the matter
        ("The councilwoman said the mayor opposes public money for the stadium.", "public money for the stadium"),
        # not a time: "rejected the plan on Tuesday" is about the plan
        ("Aides said the governor rejected the plan on Tuesday.", "plan"),
        ("Aides said the governor had backed the plan for a long time.", "plan"),
        # nor a second object that names nothing: "him and him"
        ("Aides said the governor had endorsed him and endorsed him again.", "him"),
        # the same stance taken twice over in one content: both objects are the matter
        ("“I support this stadium, and I support a public investment in the land around it,” the mayor said.",
         "stadium and public investment in the land around it"),
        # what a subject is "on", "in" or "under" is its state: the subject is the matter
        ("In March, the minister had said compulsory vaccination was “on the table.”", "compulsory vaccination"),
        ("Aides said the two candidates were in a dead heat nationally.", "two candidates"),
        # … not where a place, a time or a side is named; what a side is taken on is the matter
        ("Aides said the highest office he held was in Maryland.", "Maryland"),
        ("The senator said the governor was in favor of free trade.", "free trade"),
        ("“I’m in total support of waterboarding,” the candidate said.", "waterboarding"),
    ],
)
def test_the_proposition_is_a_short_phrase_naming_the_matter(text, proposition):
    assert _position(text).proposition == proposition


def test_the_proposition_stops_where_the_content_does():
    """An object's subtree the parse ran on past the closing quote into the speaker's apposition."""
    text = ('Copa-Cogeca warned that the cap would drive farms to split. "This will create paperwork, not fairness," '
            "its secretary general, Pekka Pesonen, said in a statement.")
    assert _position(text, content="paperwork").proposition == "create paperwork, not fairness"


def test_every_statement_gets_a_position_in_the_jsonl_form():
    text = "Zelensky said the talks were useful. Diplomats said Russia had agreed to a prisoner exchange."
    article = Article(id=digest(text), name="t", origin="t", text=text, content_hash=digest(text, length=64))
    for st in extract_statements(article):
        record = st.to_dict(doc="t")["position"]
        assert set(record) >= {"holder", "voice", "stance", "proposition"}
        assert record["voice"] in ("own", "reported")
        assert set(record["holder"]) == {"name", "kind"}


@pytest.mark.parametrize(
    ("phrase", "stance"),
    [("drew a red line", "reject"), ("rule out", "reject"), ("insist", "demand"), ("call for", "demand"),
     ("warn", "warn"), ("deny", "deny"), ("pledge", "commit"), ("agree", "accept"), ("concede", "concede"),
     ("say", None), ("express a willingness", "commit"), ("call on", "demand"),
     ("call", None), ("recall for", None), ("order", "demand"), ("object", "reject")],  # "called the findings “alarming”" names, demands nothing
)
def test_cue_stances(phrase, stance):
    assert phrase_stance(phrase) == stance


def test_an_affiliation_the_gazetteer_does_not_know_is_of_no_known_kind():
    position = _position("Officials of the Ruritanian Fisheries Board said the plan was unacceptable.")
    assert position.holder.name == "Ruritanian Fisheries Board"
    assert position.holder.kind == "other"  # it had been made a country


def test_it_stands_for_an_organisation_only_close_by():
    """Further back "it" is most often a thing: the small step is the deal, not the African Union."""
    far = _position("The African Union said it welcomed the deal. Analysts were divided. "
                    "“It is a small step,” said Rashid Abdi.", content="small step")
    assert far.holder.name == "Rashid Abdi"
    near = _position("The African Union said it welcomed the deal. It said the deal was a model.", content="model")
    assert near.holder.name == "African Union"


def test_a_word_that_only_opens_a_sentence_is_no_name():
    """“Data is not water”: "Data" after the quote mark is the word the article also writes "data"."""
    position = _position("Officials agreed on Monday to share data on the river. “Data is not water,” said Egyptian "
                         "Foreign Minister Sameh Shoukry.", content="Data")
    assert position.holder.name == "Egypt"


def test_a_campaigns_he_is_its_candidate():
    position = _position("Luis Ortega spoke in Mesa on Monday. His campaign manager, Dana Pruitt, told reporters the "
                         "race was close. The Ortega campaign said he would release a water plan next week.",
                         content="water plan")
    assert position.holder.name == "Luis Ortega" and position.voice == "own"


@pytest.mark.parametrize(
    "text",
    [
        "The Congressional Budget Office said on Monday that the cuts would cost 2 trillion dollars. "
        "“It is clear that the cuts favor the rich,” said Ryan Ellis, a tax consultant.",
        "The Congressional Budget Office said on Monday that the cuts would cost 2 trillion dollars. "
        "“It will be interesting to see where the cuts go,” said Ryan Ellis, a tax consultant.",
    ],
)
def test_an_it_that_stands_for_nothing_holds_no_position(text):
    """"It is clear that …", "It will be interesting to see …": the "it" is no organisation named before, so
    the consultant speaks for himself."""
    position = _position(text, content="It ")
    assert (position.holder.name, position.voice) == ("Ryan Ellis", "own")


def test_a_stance_of_someone_or_something_else_the_content_names_is_not_the_speakers():
    """"The government wanted an election …," said an analyst: no demand of the analyst's; "We will not
    accept it" and "he opposes it" are the speaker's own."""
    position = _position("\u201cThe government wanted an election that would be accepted abroad,\u201d said Piers "
                         "Pigou, a southern Africa specialist.")
    assert position.stance == "assert"
    assert _position("Keller said she opposes sending troops to the border.").stance == "reject"


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        # "insist" demands only what must be: a "should", a "must", a bare subjunctive
        ("Russian Foreign Minister Sergey Lavrov insisted that Russia and China should be included among the "
         "guarantors.", "demand"),
        ("The minister insisted that the talks be held in Geneva.", "demand"),
        # what is, insisted on, is asserted: "insisting that the squad still had everything"
        ("Guardiola insisted that the squad still had everything it needed to win the title.", "assert"),
        ("Officials insisted that there was no chance of that level of violence.", "assert"),
    ],
)
def test_insisting_on_what_is_demands_nothing(text, stance):
    assert _position(text).stance == stance


def test_what_someone_says_another_should_do_is_their_demand_not_its_position():
    """"Several candidates said the United States should not take more Syrian refugees" is the candidates'
    demand of it; the United States' own words cannot contradict it. Its own side's "should" is its own
    ("Russian Foreign Minister Sergey Lavrov insisted that Russia should be included": Russia demands)."""
    position = _position("Several candidates said the United States should not take more Syrian refugees.")
    assert (position.holder.name, position.voice, position.stance) == ("candidates", "own", "demand")
    own = _position("Russian Foreign Minister Sergey Lavrov insisted that Russia should be included among the "
                    "guarantors.")
    assert (own.holder.name, own.stance) == ("Russia", "demand")
    # "should" before its subject is a condition, not an obligation
    conditional = _position("Don Fowler, a former party chairman, urged caution, should Clinton attempt an "
                            "expeditious return to the campaign trail.")
    assert (conditional.holder.name, conditional.stance) == ("Don Fowler", "demand")  # his, for caution: none of Clinton's


@pytest.mark.parametrize(
    "text",
    [
        "Exit polls showed that 65 percent of Republicans supported the ban on new pipelines.",
        "The survey found that most of the Democrats backed the ban on new pipelines.",
        "Three in four Republicans support the ban on new pipelines, the poll found.",
    ],
)
def test_a_share_of_a_group_is_not_the_group(text):
    position = _position(text, content="the ban")
    assert position.holder is None or position.holder.name not in ("Republican Party", "Democratic Party")


def test_a_number_of_a_countrys_people_still_speak_for_it():
    assert _position("Officials said two Russian diplomats had agreed to the ceasefire.").holder.name == "Russia"


@pytest.mark.parametrize(
    ("text", "stance", "proposition"),
    [
        # undertaking a refusal refuses: a contest with "accepted the resolution", not with "declined to join the talks"
        ("Diplomats said Russia pledged to veto the resolution.", "reject", "resolution"),
        ("Diplomats said Russia plans to boycott the talks in Geneva.", "reject", "talks in Geneva"),
        ("Diplomats said Russia agreed not to block the deal.", "accept", "deal"),
        ("Diplomats said Russia agreed to withdraw its troops.", "accept", "withdraw its troops"),
    ],
)
def test_undertaking_a_refusal_is_a_refusal(text, stance, proposition):
    position = _position(text)
    assert (position.holder.name, position.stance, position.proposition) == ("Russia", stance, proposition)


@pytest.mark.parametrize(
    ("text", "cue", "content", "stance"),
    [
        # the cue's verb has its object in the cue: its stance is on that object, not on the content (on PolNeAR
        # train "didn't provide any descriptions for | John Kasich" had Trump reject Kasich, a contest)
        ("Trump didn't provide any descriptions for John Kasich.", "didn't provide any descriptions for", "John Kasich",
         "assert"),
        ("Trump didn't provide John Kasich.", "didn't provide", "John Kasich", "reject"),
        ("The Kremlin drew a red line on foreign troops.", "drew a red line on", "foreign troops", "reject"),
    ],
)
def test_a_cue_whose_verb_has_its_own_object_takes_no_stance_on_the_content(text, cue, content, stance):
    from onrecord.models import Actor
    from onrecord.nlp.attribution import Attribution
    from onrecord.nlp.model import load_base_model
    from onrecord.nlp.positions import position_of

    doc = load_base_model()(text)
    a, b = text.index(cue), text.index(content)
    lemma = doc.char_span(a, a + len(cue), alignment_mode="expand").root.lemma_
    att = Attribution(cue=(a, a + len(cue)), cue_lemma=lemma, source=(0, text.index(" ")),
                      content=[(b, b + len(content))], actors=[Actor(name="X", kind="person")])
    assert position_of(doc, att, lambda tok: [], lambda name: None).stance == stance


def test_a_relative_clause_cue_leaves_the_contents_verb_to_its_antecedent():
    """"a move analysts said could push prices higher": the move pushes; the analysts assert, demand nothing."""
    position = _position("Oil prices rose on Monday after Saudi Arabia and Russia indicated that OPEC+ would extend "
                         "production cuts into next year, a move analysts said could push gasoline prices higher ahead "
                         "of the holidays.", content="push gasoline prices")
    assert position.stance == "assert"
    assert phrase_stance("push") == "demand"  # the verb alone would have made it one



def test_a_faction_of_a_party_is_not_its_voice_and_no_it():
    """"progressive Democrats" hold their own position, as "some Democrats" do; the "it" of their words is the
    bill, not the party a plural named (which had made "some conservatives insisting it does not go far enough"
    the Democratic Party's position), and "it gives too much ground" concedes nothing of theirs."""
    text = ("A border bill is in trouble, with progressive Democrats saying it gives too much ground to Republicans "
            "and some conservatives insisting it does not go far enough.")
    gives = _position(text, content="too much ground")
    assert (gives.holder.name, gives.stance) == ("progressive Democrats", "assert")
    enough = _position(text, content="far enough")
    assert enough.holder is None or enough.holder.name != "Democratic Party"
    # nor is the "it" after a party named by its members' plural that party
    critics = _position("Democrats said on Tuesday that the measure was flawed. Critics insisted it did not go far "
                        "enough.", content="far enough")
    assert critics.holder.name == "critics"
    # a body's own "it" is still its own: "The Kremlin said it would not accept …"
    own = _position("The Kremlin said it would not accept foreign troops in Ukraine.")
    assert (own.holder.name, own.stance) == ("Russia", "reject")


def test_a_spokesman_of_no_one_named_speaks_for_the_body_that_spoke_just_before():
    position = _position("The Kremlin said talks had stalled. A spokesman said the plan was unacceptable.",
                         content="unacceptable")
    assert (position.holder.name, position.voice, position.stance) == ("Russia", "own", "reject")



def test_a_bare_definite_matter_is_the_fuller_phrase_that_named_it_before():
    """"she supported the pipeline" after "the proposed Northern Plains pipeline": one matter, named in full;
    where nothing before names it more fully, or only vaguely ("the other pipeline"), it stays as it is."""
    named = ("The proposed Northern Plains pipeline would cross the river. Whitfield said she supported the "
             "pipeline.")
    assert _position(named, content="supported").proposition == "proposed Northern Plains pipeline"
    alone = "Whitfield said she supported the pipeline."
    assert _position(alone).proposition == "pipeline"
    vague = "The other pipeline would cross the river. Whitfield said she supported the pipeline."
    assert _position(vague, content="supported").proposition == "pipeline"


def test_a_clause_that_only_says_something_of_another_is_the_speakers_view():
    """"Cartwright said the defender Tom Aske would miss six weeks": nothing Aske holds; Cartwright's."""
    position = _position("Coach Ian Cartwright said the defender Tom Aske would miss six weeks with a hamstring injury.")
    assert (position.holder.name, position.voice, position.stance) == ("Ian Cartwright", "own", "assert")
    urged = _position("Diplomats urged that Russia withdraw its troops from the border.")
    assert (urged.holder.name, urged.stance) == ("diplomats", "demand")


def test_an_undertaking_on_a_condition_undertakes_nothing():
    """"Trump told reporters that he would only do the debate if CNN donated $5 million": no commitment."""
    conditional = _position("Trump told reporters that he would only do the debate if CNN donated $5 million to charity.")
    assert conditional.stance == "assert"
    plain = _position("Trump told reporters that he would do the debate.")
    assert plain.stance == "commit"


def test_what_another_may_do_is_no_position_of_theirs():
    """"Analysts warned that the Commission could order changes": a warning of the analysts, not the
    Commission's demand; "could not accept" is a refusal all the same."""
    may = _position("Analysts at Bernstein warned that the Commission could order changes to the contracts.")
    assert (may.holder.name, may.voice, may.stance) == ("analysts at Bernstein", "own", "warn")
    might = _position("Officials said Iran might reject the offer.")
    assert (might.holder.name, might.stance) == ("officials", "assert")
    # what another needs to do is the speaker's demand of them, what they would need to do an estimate
    needs = _position("Ryan said that Trump needs to take the first steps to unify the party.")
    assert (needs.holder.name, needs.voice, needs.stance) == ("Paul Ryan", "own", "demand")
    would = _position("Mark Hughes, an analyst, estimated that Orbital would need to raise $400 million more.")
    assert (would.holder.name, would.stance) == ("Mark Hughes", "assert")
    refused = _position("Officials said Iran could not accept the offer.")
    assert (refused.holder.name, refused.voice, refused.stance) == ("Iran", "reported", "reject")
    did = _position("Officials said Iran rejected the offer.")
    assert (did.holder.name, did.voice, did.stance) == ("Iran", "reported", "reject")


def test_declining_to_comment_refuses_nothing():
    """"declined to say whether the mayor still believed the water had been safe" had been a refusal of the
    matter; declining an offer still is one."""
    comment = _position("Mayor Daniel Reyes spoke on Monday. His spokeswoman, Priya Nair, declined to say whether "
                        "the mayor still believed the water had been safe.")
    assert (comment.holder.name, comment.stance) == ("Daniel Reyes", "assert")
    offer = _position("Officials said Iran declined the offer.")
    assert offer.stance == "reject"


def test_pushing_back_a_date_demands_nothing():
    """"Orbital Systems has pushed back the launch …, the company said" had been Orbital's demand."""
    put_off = _position("Orbital Systems has pushed back the launch of its satellites to next year, the company said.")
    assert put_off.stance == "assert"
    pushed = _position("The union said it would push for higher wages.")
    assert pushed.stance == "demand"


@pytest.mark.parametrize(
    ("text", "holder", "stance", "proposition"),
    [
        # a side taken by "in favor of", "in support of", "in opposition to" is the holder's stance on what follows
        ("Mike Pence said Donald Trump really is in favor of free trade.", "Donald Trump", "accept", "free trade"),
        ("Governor Jane Holt said she is in favor of a higher minimum wage.", "Jane Holt", "accept",
         "higher minimum wage"),
        ("Governor Jane Holt said she voted in opposition to the pipeline.", "Jane Holt", "reject", "pipeline"),
        ("“I’m in total support of waterboarding,” Donald Trump said.", "Donald Trump", "accept", "waterboarding"),
        # … not where the phrase says what favours whom
        ("Bernie Sanders said the system is rigged in favor of the rich.", "Bernie Sanders", "assert", None),
        ("Aides said Mrs. Clinton was making decisions in favor of contributors.", None, "assert", None),
    ],
)
def test_taking_a_side_in_favor_of_or_in_opposition_to(text, holder, stance, proposition):
    position = _position(text)
    assert position.stance == stance
    if holder is not None:
        assert position.holder.name == holder
    if proposition is not None:
        assert position.proposition == proposition


def test_what_a_claim_or_a_worry_says_is_no_position_of_its_subject():
    """On PolNeAR train a Cruz spokeswoman's "Rubio's claim that Cruz is in favor of legalizing illegal
    immigrants is simply not true" would have been Cruz's acceptance, and "concerns that Sanders's supporters
    would not support Clinton" the supporters' refusal; the fact that someone declined still is theirs."""
    claim = _position("Ted Cruz spoke on Monday. A Cruz spokeswoman, Alice Stewart, said Rubio's claim that Cruz "
                      "is in favor of legalizing illegal immigrants is \"simply not true.\"")
    assert claim.stance != "accept"
    worry = _position("Democrats said concerns that Bernie Sanders would not support Hillary Clinton were overblown.")
    assert worry.holder is None or worry.holder.name != "Bernie Sanders"
    fact = _position("Critics said the fact that Donald Trump had declined to participate in the debate was telling.")
    assert (fact.holder.name, fact.stance) == ("Donald Trump", "reject")
    claimed = _position("Critics said the claim that Donald Trump had declined to participate in the debate was false.")
    assert (claimed.holder.name, claimed.stance) == ("critics", "assert")


def test_a_he_in_a_clause_that_hangs_on_a_named_subject_is_that_person():
    """"Trump said Bush is “like a spoiled child” because he’s in favor of …" had been Trump's acceptance."""
    bush = _position("Donald Trump said that Jeb Bush is “like a spoiled child” because he’s in favor of the common "
                     "core education standards.")
    assert (bush.holder.name, bush.stance, bush.proposition) == ("Jeb Bush", "accept",
                                                                  "common core education standards")
    text = ("Donald Trump spoke on Monday. FBI Director James Comey coined this term when he attributed rising "
            "murder rates to police officers acting cautiously.")
    article = Article(id=digest(text), name="t", origin="t", text=text, content_hash=digest(text, length=64))
    (comey,) = [s for s in extract_statements(article) if s.speaker and s.speaker.text == "he"]
    assert [a.name for a in comey.actors] == ["James Comey"]


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("Bernie Sanders spoke in Iowa. “I heard parts of Bernie’s speech. He wants to give away our country, folks,” "
         "Donald Trump said.", "He wants"),
        ("“He opposed every single one of them. Every single amendment,” Ted Cruz said of Marco Rubio.", "He opposed"),
        ("Joe Biden did not run. Asked whether that had been hard, Bill Daley said: “Of course. He wanted to run.”",
         "He wanted"),
    ],
)
def test_a_he_in_the_speakers_own_quoted_words_is_not_the_speaker(text, content):
    """On PolNeAR train 46 positions held such a "he" to be the speaker: Trump's "He wants to give away our
    country" (of Sanders) was Trump's demand, Cruz's "He opposed every single one of them" Cruz's refusal."""
    position = _position(text, content=content)
    speaker = {"He wants": "Donald Trump", "He opposed": "Ted Cruz", "He wanted": "Bill Daley"}[content]
    assert position.holder is None or position.holder.name != speaker or position.stance == "assert"


@pytest.mark.parametrize(
    "text",
    [
        "Bernie Sanders said he didn't seek Barack Obama's endorsement in the race.",
        "A Cruz spokeswoman said Ted Cruz had never asked for a recount.",
    ],
)
def test_a_demand_not_made_concedes_nothing(text):
    """On PolNeAR train 40 such positions had been concessions ("he didn't seek … Obama's endorsement" conceded
    the endorsement); only a demand given up is one ("no longer insists": the cases above)."""
    position = _position(text)
    assert (position.stance, position.negated) == ("demand", True)


@pytest.mark.parametrize(
    ("text", "content", "holder", "stance", "proposition"),
    [
        ("Daniel Okafor is the former mayor of Riverton. Okafor has pleaded not guilty to federal charges that he took "
         "bribes from a construction firm.", "bribes", "Daniel Okafor", "deny", "took bribes"),
        # the verdict alone the content, the charges after it
        ("Riverton ex-mayor goes on trial\n\nThe former mayor of Riverton, Daniel Okafor, pleaded not guilty on Monday "
         "to charges that he took bribes from a construction firm.", "guilty", "Daniel Okafor", "deny", "took bribes"),
        ("Paul Gresham owns the firm. Gresham pleaded guilty last year to charges that he paid the mayor $200,000.",
         "paid the mayor", "Paul Gresham", "concede", "paid the mayor"),
        ("Senator Ellen Marsh dismissed reports that she would resign.", "resign", "Ellen Marsh", "deny", "resign"),
        ("Foreign Minister Lavrov rejected claims that Russia had shelled the plant.", "shelled", "Russia", "deny", "shelled"),
    ],
)
def test_a_claim_denied_or_pleaded_to_is_a_stance_on_what_it_says(text, content, holder, stance, proposition):
    """Not on the claim: "rejected claims that he lied" denies that he lied, which a report that he lied can
    then be found to contradict; a plea of guilty concedes what the charges say."""
    position = _position(text, content=content)
    assert (position.holder.name, position.stance, position.voice) == (holder, stance, "own")
    assert proposition in position.proposition and "claims" not in position.proposition
    assert "charges" not in position.proposition and "reports" not in position.proposition


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("Senator Ellen Marsh has not denied the reports that she would resign, aides said.", "resign"),  # the aides', not denied
        ("The White House denied reports that Russia had agreed to a ceasefire.", "ceasefire"),  # another's matter
        ("Senator Ellen Marsh said the governor had denied claims that he lied.", "lied"),  # the governor's answer
    ],
)
def test_a_claim_not_answered_by_the_speaker_is_no_denial_of_theirs(text, content):
    position = _position(text, content=content)
    assert not (position.stance == "deny" and position.holder is not None and position.holder.name == "Ellen Marsh")
    assert not (position.stance == "deny" and position.holder is not None and position.holder.name == "United States")


@pytest.mark.parametrize(
    ("text", "content", "stance"),
    [
        # money or a gift taken is received, not agreed to: the prosecutors' account, no acceptance of Okafor's
        ("Prosecutors said Mr. Okafor accepted more than $200,000 from Brightline Builders.", "200,000", "assert"),
        ("Aides said Senator Ellen Marsh accepted donations from the firm.", "donations", "assert"),
        # a plan or a deal accepted is still agreed to
        ("Diplomats said Russia accepted the plan for monitors.", "monitors", "accept"),
    ],
)
def test_money_accepted_is_received_not_agreed_to(text, content, stance):
    assert _position(text, content=content).stance == stance
