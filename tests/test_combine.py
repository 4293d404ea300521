"""Joining tagged spans with the parse rules (tagger output set by hand on parsed Docs)."""

from __future__ import annotations

import pytest

from onrecord.nlp import build_pipeline
from onrecord.nlp.combine import combine, tagged_spans
from onrecord.nlp.quotes import find_quotes
from onrecord.nlp.encoder import SPANS_KEY
from test_nlp import _statements

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline(tagger_path=None)


def _tag(doc, *parts: tuple[str, str]):
    """Put tagger spans on ``doc``: (label, exact text) in order of appearance."""
    spans, pos = [], 0
    for label, text in parts:
        start = doc.text.index(text, pos)
        span = doc.char_span(start, start + len(text), label=label)
        assert span is not None, text
        spans.append(span)
        pos = start + len(text)
    doc.spans[SPANS_KEY] = spans
    return doc


def _run(nlp, doc):
    """Re-run the attribution component now that tagger spans are present."""
    return nlp.get_pipe("onrecord_speakers")(nlp.get_pipe("onrecord_attribution")(doc))


def test_tagged_content_takes_the_cue_and_source_of_the_rule_it_overlaps(nlp):
    doc = nlp("Keller said the bridge would reopen in May.")
    doc = _run(nlp, _tag(doc, ("CONTENT", "the bridge would reopen in May")))
    (att,) = doc._.onrecord_attributions
    assert doc.text[att.source[0] : att.source[1]] == "Keller"
    assert doc.text[att.cue[0] : att.cue[1]] == "said"
    assert att.actors[0].name == "Keller"


def test_contents_no_rule_found_take_the_nearest_tagged_cue_and_its_subject(nlp):
    doc = nlp("Most voters, the poll found last week, distrust both candidates.")
    doc = _run(nlp, _tag(doc, ("CONTENT", "Most voters"), ("SOURCE", "the poll"), ("CUE", "found"),
                         ("CONTENT", "distrust both candidates")))
    # one cue, one attribution: the aside splits its content in two spans
    (att,) = doc._.onrecord_attributions
    assert doc.text[att.cue[0] : att.cue[1]] == "found"
    assert doc.text[att.source[0] : att.source[1]] == "the poll"
    assert [doc.text[s:e] for s, e in att.content] == ["Most voters", "distrust both candidates"]


def test_a_tagged_article_alone_is_no_content(nlp):
    """The tagger's stray "a" (of "a site") had taken the content of the rule attribution around it to the
    cue "looking for"."""
    doc = nlp("Officials welcomed the plan to offer tax breaks to Acme, a battery maker looking for a site in Maine.")
    doc = _run(nlp, _tag(doc, ("SOURCE", "a battery maker"), ("CUE", "looking for"), ("CONTENT", "a")))
    assert not any(doc.text[s:e] == "a" for att in doc._.onrecord_attributions for s, e in att.content)
    assert not any(att.cue is not None and doc.text[att.cue[0] : att.cue[1]] == "looking for"
                   for att in doc._.onrecord_attributions)


def test_content_without_any_cue_nearby_is_dropped(nlp):
    doc = nlp("The bridge opened in 1932 and is painted red.")
    doc = _run(nlp, _tag(doc, ("CONTENT", "The bridge opened in 1932")))
    assert doc._.onrecord_attributions == []


def test_fragments_split_at_sentence_ends_inside_one_quote_are_joined(nlp):
    doc = nlp("Keller said: “The port is closed. We have no choice.”")
    doc = _tag(doc, ("CONTENT", "The port is closed"), ("CONTENT", "We have no choice"))
    assert len(tagged_spans(doc).contents) == 2  # without the quotes: a sentence's end separates
    tagged = tagged_spans(doc, find_quotes(doc.text))
    assert len(tagged.contents) == 1
    atts = combine(doc, [], find_quotes(doc.text))
    assert atts == []  # no cue tagged and no rule: nothing to attribute it to
    doc = _run(nlp, doc)
    (att,) = doc._.onrecord_attributions
    assert doc.text[att.content[0][0] : att.content[0][1]] == "“The port is closed. We have no choice.”"


def test_fragments_across_a_sentence_end_outside_quotes_stay_apart(nlp):
    text = "Officials said the port closed in May. Trade fell, the minister said."
    doc = _tag(nlp(text), ("CONTENT", "the port closed in May"), ("CONTENT", "Trade fell"))
    assert [text[s:e] for s, e in tagged_spans(doc, find_quotes(text)).contents] == ["the port closed in May", "Trade fell"]


def test_a_quotation_in_the_next_paragraph_is_not_joined_to_the_last_ones_content(nlp):
    text = "He said that “the generals have been reduced to rubble.”\n\n“He's absolutely right,” Flynn said."
    doc = _tag(nlp(text), ("CONTENT", "that “the generals have been reduced to rubble.”"), ("CONTENT", "“He's absolutely right,”"))
    contents = [text[s:e] for s, e in tagged_spans(doc, find_quotes(text)).contents]
    assert contents == ["that “the generals have been reduced to rubble.”", "“He's absolutely right,”"]


def test_one_quotation_running_over_two_paragraphs_is_joined(nlp):
    text = "Keller said: “The port is closed. We have no choice.\n\n“We will reopen it when the storm has passed.”"
    doc = _tag(nlp(text), ("CONTENT", "“The port is closed. We have no choice."), ("CONTENT", "“We will reopen it when the storm has passed.”"))
    (content,) = tagged_spans(doc, find_quotes(text)).contents
    assert text[content[0] : content[1]] == text[text.index("“The") :]


def test_two_tagged_pieces_of_one_rule_attribution_become_one_statement(nlp):
    text = "“We will rebuild the port,” Keller said. “It will take two years.”"
    doc = nlp(text)
    doc = _run(nlp, _tag(doc, ("CONTENT", "We will rebuild the port"), ("CONTENT", "It will take two years")))
    (att,) = doc._.onrecord_attributions
    assert [doc.text[s:e] for s, e in att.content] == ["“We will rebuild the port,”", "“It will take two years.”"]
    assert att.kind == "direct"


def _span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def _rule(text: str, source: str, cue: str, *contents: str):
    from onrecord.nlp.attribution import Attribution

    return Attribution(
        cue=_span(text, cue), cue_lemma=cue, source=_span(text, source),
        content=[_span(text, c) for c in contents],
    )


@pytest.mark.parametrize(
    ("text", "second", "joined"),
    [
        ("The new tariffs, the minister said, would start in May.", "would start in May", True),
        # words of the writer's between them: a content of its own
        ("The new tariffs, the minister said on Monday, would start in May.", "would start in May", False),
        # a sentence's end between them
        ("The new tariffs, the minister said. Grain would be spared.", "Grain would be spared", False),
    ],
)
def test_a_content_its_own_cue_interrupts_continues_as_a_second_span(nlp, text, second, joined):
    doc = _tag(nlp(text), ("CONTENT", "The new tariffs"), ("CONTENT", second))
    rules = [_rule(text, "the minister", "said", "The new tariffs")]
    found = combine(doc, rules, find_quotes(text))
    first = next(a for a in found if text[a.cue[0] : a.cue[1]] == "said")
    spans = [text[s:e] for s, e in first.content]
    assert spans == (["The new tariffs", second] if joined else ["The new tariffs"])


@pytest.mark.parametrize(
    ("text", "rule_content", "tags", "expected"),
    [
        # another tagged cue, with its own subject, between them: two attributions
        ("Keller said the port would reopen, and Diaz said the road would close.",
         "the port would reopen, and Diaz said the road would close",
         [("CONTENT", "the port would reopen"), ("SOURCE", "Diaz"), ("CUE", "said"), ("CONTENT", "the road would close")],
         [("said", ["the port would reopen"]), ("said", ["the road would close"])]),
        # a parenthetical aside repeating the cue: one content in two spans
        ("Keller said that the port, he said, would reopen in May.",
         "that the port, he said, would reopen in May",
         [("CONTENT", "that the port"), ("SOURCE", "he"), ("CUE", "said"), ("CONTENT", "would reopen in May")],
         [("said", ["that the port", "would reopen in May"])]),
        # no other cue the tagger saw: both pieces stay the rule's
        ("Keller said the port would reopen and the road would close.",
         "the port would reopen and the road would close",
         [("CONTENT", "the port would reopen"), ("CONTENT", "the road would close")],
         [("said", ["the port would reopen", "the road would close"])]),
    ],
)
def test_a_second_tagged_content_a_rule_covers_goes_to_its_own_tagged_cue(nlp, text, rule_content, tags, expected):
    doc = _tag(nlp(text), *tags)
    rules = [_rule(text, "Keller", "said", rule_content)]
    found = combine(doc, rules, find_quotes(text))
    got = [(text[a.cue[0] : a.cue[1]], [text[s:e] for s, e in a.content]) for a in found]
    assert sorted(got) == sorted(expected)
    if len(expected) == 2:
        second = next(a for a in found if text[a.content[0][0] : a.content[0][1]] == "the road would close")
        assert second.cue != rules[0].cue and text[second.source[0] : second.source[1]] == "Diaz"


@pytest.mark.parametrize(
    ("sure", "also_tagged", "speaker"),
    [
        (0.95, False, "Kim, the party leader,"),  # the tagger is sure of another source and marked nothing at the subject
        (0.5, False, "Good Morning Valdoria"),  # not sure enough: the parse's subject stays
        (0.95, True, "Good Morning Valdoria"),  # the tagger marked the subject too: the parse decides
    ],
)
def test_a_sure_tagged_source_beside_the_cue_replaces_a_subject_the_tagger_did_not_mark(nlp, sure, also_tagged, speaker):
    from onrecord.nlp.encoder import CONFIDENCE_KEY

    text = "“We will win,” Kim, the party leader, said on “Good Morning Valdoria.”"
    parts = [("CONTENT", "We will win"), ("SOURCE", "Kim, the party leader,"), ("CUE", "said")]
    doc = _tag(nlp(text), *(parts + [("SOURCE", "Good Morning Valdoria")] if also_tagged else parts))
    doc.user_data[CONFIDENCE_KEY] = {(s.label_, s.start_char, s.end_char): sure for s in doc.spans[SPANS_KEY]}
    rules = [_rule(text, "Good Morning Valdoria", "said", "“We will win,”")]
    (att,) = combine(doc, rules, find_quotes(text))
    assert text[att.source[0] : att.source[1]] == speaker


def test_a_rule_nested_in_a_tagged_content_neither_claims_it_nor_stays(nlp):
    text = "Keller said Ortiz believes the bridge will reopen in May."
    doc = _tag(nlp(text), ("SOURCE", "Keller"), ("CUE", "said"), ("CONTENT", "Ortiz believes the bridge will reopen in May"))
    inner = _rule(text, "Ortiz", "believes", "the bridge will reopen in May")  # as if the rules missed "said"
    (att,) = combine(doc, [inner], find_quotes(text))
    assert text[att.cue[0] : att.cue[1]] == "said"
    assert text[att.source[0] : att.source[1]] == "Keller"
    assert [text[s:e] for s, e in att.content] == ["Ortiz believes the bridge will reopen in May"]


def test_a_rule_content_much_shorter_than_the_tagged_one_gives_way_to_it(nlp):
    text = "Keller said the bridge will reopen in May after repairs to its deck."
    doc = _tag(nlp(text), ("CONTENT", "the bridge will reopen in May after repairs to its deck"))
    (att,) = combine(doc, [_rule(text, "Keller", "said", "the bridge will reopen")], find_quotes(text), rule_content=True)
    assert [text[s:e] for s, e in att.content] == ["the bridge will reopen in May after repairs to its deck"]
    assert text[att.cue[0] : att.cue[1]] == "said"


def test_with_rule_content_a_rule_content_about_as_long_as_the_tagged_one_keeps_its_boundaries(nlp):
    text = "Keller said the bridge will reopen in May after repairs to its deck."
    doc = _tag(nlp(text), ("CONTENT", "the bridge will reopen in May after repairs to its"))
    rule = _rule(text, "Keller", "said", "the bridge will reopen in May after repairs to its deck")
    (att,) = combine(doc, [rule], find_quotes(text), rule_content=True)
    assert [text[s:e] for s, e in att.content] == ["the bridge will reopen in May after repairs to its deck"]


def test_by_default_a_claimed_content_keeps_the_tagged_boundaries_and_the_rules_cue_and_source(nlp):
    """The tagger reads the rules' spans as features and learned where PolNeAR's boundaries differ from the parse's."""
    text = "Keller said on Monday that the bridge will reopen in May."
    doc = _tag(nlp(text), ("CONTENT", "the bridge will reopen in May"))
    rule = _rule(text, "Keller", "said", "that the bridge will reopen in May")
    (att,) = combine(doc, [rule], find_quotes(text))
    assert [text[s:e] for s, e in att.content] == ["the bridge will reopen in May"]
    assert (text[att.cue[0] : att.cue[1]], text[att.source[0] : att.source[1]]) == ("said", "Keller")


def test_a_content_no_rule_claims_needs_the_tagger_to_be_sure_of_it(nlp):
    from onrecord.nlp.encoder import CONFIDENCE_KEY

    text = "Most voters, the poll found last week, distrust both candidates."
    parts = (("CONTENT", "Most voters"), ("SOURCE", "the poll"), ("CUE", "found"), ("CONTENT", "distrust both candidates"))
    for sure, kept in ((0.95, True), (0.5, False)):  # the threshold is 0.8
        doc = _tag(nlp(text), *parts)
        doc.user_data[CONFIDENCE_KEY] = {
            ("CONTENT", *_span(text, "Most voters")): 0.99,
            ("CONTENT", *_span(text, "distrust both candidates")): sure,
        }
        atts = combine(doc, [], find_quotes(text))
        contents = [text[s:e] for a in atts for s, e in a.content]
        assert "Most voters" in contents
        assert ("distrust both candidates" in contents) is kept, sure


@pytest.mark.parametrize(
    ("text", "cue", "sourceless"),
    [
        ("The event seemed an insult away from a brawl.", "seemed", True),
        ("The senator appears confident about the vote.", "appears", True),
        ("Rubio could be seen as the more electable choice.", "could be seen as", True),
        ("The bill is expected to pass next week.", "is expected", True),
        ("The bill, reportedly, will pass next week.", "reportedly", True),
        ("Three commissioners were charged with taking bribes.", "were charged with", True),
        ("The plan was criticized by Keller as too costly.", "was criticized", False),
        ("Asked about the wall, Trump said it would be built.", "Asked about", True),
        ("Keller expects the bill to pass next week.", "expects", False),
        ("Trump asked whether the wall would be built.", "asked", False),
        ("The union has asked management to guarantee minimum pay.", "has asked", False),  # a perfect, not "Asked about"
        ("Keller said the bill will pass next week.", "said", False),
    ],
)
def test_impressions_nobody_holds_have_no_source(nlp, text, cue, sourceless):
    from onrecord.nlp.attribution import _sourceless

    assert _sourceless(nlp(text), _span(text, cue)) is sourceless


def test_an_impression_keeps_its_cue_and_its_subject_opens_the_content(nlp):
    text = "The event seemed an insult away from a brawl."
    doc = _run(nlp, _tag(nlp(text), ("SOURCE", "The event"), ("CUE", "seemed"), ("CONTENT", "an insult away from a brawl")))
    (att,) = doc._.onrecord_attributions
    assert text[att.cue[0] : att.cue[1]] == "seemed"
    assert [text[s:e] for s, e in att.content] == ["The event", "an insult away from a brawl"]
    assert att.source is None and att.actors == []


@pytest.mark.parametrize(
    ("text", "cue", "content", "contents"),
    [
        ("The birth of the baby is expected to coincide with the convention.", "is expected",
         "to coincide with the convention", ["The birth of the baby", "to coincide with the convention"]),
        # an expletive subject is no part of what is said
        ("It seems that the vote will be close.", "seems", "that the vote will be close", ["that the vote will be close"]),
        # a source who holds the view stays the source, out of the content
        ("Keller believes that the vote will be close.", "believes", "that the vote will be close",
         ["that the vote will be close"]),
    ],
)
def test_the_subject_of_a_sourceless_cue_is_the_first_content_span(nlp, text, cue, content, contents):
    doc = _run(nlp, _tag(nlp(text), ("CUE", cue), ("CONTENT", content)))
    (att,) = doc._.onrecord_attributions
    assert [text[s:e] for s, e in att.content] == contents


def test_a_passive_cue_without_agent_has_no_source_and_its_subject_opens_the_content(nlp):
    text = "Three city commissioners were charged with receiving bribes."
    doc = _run(nlp, _tag(nlp(text), ("SOURCE", "Three city commissioners"), ("CUE", "were charged"),
                         ("CONTENT", "with receiving bribes")))
    (att,) = doc._.onrecord_attributions
    assert [text[s:e] for s, e in att.content] == ["Three city commissioners", "with receiving bribes"]
    assert att.source is None


@pytest.mark.parametrize(
    ("text", "tagged", "content"),
    [
        ("But the port will reopen in May, Keller said.", "But the port will reopen in May", "the port will reopen in May"),
        ("And the port will reopen in May, Keller said.", "And the port will reopen in May", "the port will reopen in May"),
        # inside a quotation the conjunction is the speaker's own
        ("“But the port will reopen in May,” Keller said.", "“But the port will reopen in May,”", "“But the port will reopen in May,”"),
    ],
)
def test_a_sentence_opening_conjunction_is_the_writers_not_the_sources(nlp, text, tagged, content):
    doc = _run(nlp, _tag(nlp(text), ("CONTENT", tagged), ("SOURCE", "Keller"), ("CUE", "said")))
    (att,) = doc._.onrecord_attributions
    assert [text[s:e] for s, e in att.content] == [content]


@pytest.mark.parametrize(
    ("tagged", "content"),
    [
        ("the public option, which", "the public option"),
        ("the public option and", "the public option"),
        ("the public option", "the public option"),
    ],
)
def test_a_clause_opener_the_content_stops_after_is_left_out(nlp, tagged, content):
    text = f"Keller backed {tagged} would let people buy into Medicare."
    doc = _run(nlp, _tag(nlp(text), ("SOURCE", "Keller"), ("CUE", "backed"), ("CONTENT", tagged)))
    (att,) = [a for a in doc._.onrecord_attributions if text[a.cue[0] : a.cue[1]] == "backed"]
    assert [text[s:e] for s, e in att.content] == [content]


def _at(text: str, cue: str, *content: str) -> "Attribution":
    from onrecord.nlp.attribution import Attribution

    spans = [(text.index(c), text.index(c) + len(c)) for c in content]
    start = text.index(cue)
    return Attribution(cue=(start, start + len(cue)), cue_lemma=cue.split()[-1], source=None, content=spans)


def test_words_inside_another_content_are_attributed_once_to_the_outermost():
    from onrecord.nlp.combine import drop_contained

    text = "Kasich is poised to argue he’s in this race for the long haul."
    outer = _at(text, "is poised to argue", "he’s in this race for the long haul")
    again = _at(text, "argue", "he’s in this")  # its cue outside the outer content
    assert drop_contained(text, [again, outer]) == [outer]
    # a content no other holds whole stands, and so do two of the same words (those are finalize's to settle)
    beside = _at(text, "is poised", "Kasich")
    assert drop_contained(text, [outer, beside]) == [outer, beside]
    twin = _at(text, "argue", "he’s in this race for the long haul")
    assert drop_contained(text, [outer, twin]) == [outer, twin]


def test_an_attribution_whose_cue_the_other_content_ran_over_stays():
    from onrecord.nlp.combine import drop_contained

    text = "The police announced the arrest of a man and said a curfew would continue through the weekend."
    outer = _at(text, "announced", "the arrest of a man and said a curfew would continue through the weekend")
    inner = _at(text, "said", "a curfew would continue through the weekend")
    assert drop_contained(text, [outer, inner]) == [outer, inner]


def test_a_content_never_opens_on_a_dateline(nlp):
    from onrecord.nlp.attribution import Attribution
    from onrecord.nlp.components import tidy_edges

    text = "Crash was no accident\n\nPORTLAND, Ore. \u2014 The driver did so deliberately, police said Tuesday."
    doc = nlp(text)
    start = text.index("PORTLAND")
    said = text.index("said")
    att = Attribution(cue=(said, said + 4), cue_lemma="say", source=(said - 7, said - 1),
                      content=[(start, text.index(", police"))])
    (out,) = tidy_edges(doc, [att])
    assert [text[a:b] for a, b in out.content] == ["The driver did so deliberately"]
    # a capitalised opening that is no dateline stays
    plain = "NATO - the alliance - said the exercise would go ahead."
    att = Attribution(cue=None, cue_lemma=None, source=None, content=[(0, 12)])
    assert tidy_edges(nlp(plain), [att])[0].content == [(0, 12)]
    # the dateline alone, which the tagger had taken for a fragment of the content after it, is no content;
    # an attribution left with none is gone
    text = "Minister broke pledge\n\nOSLO \u2014 Karin Vik accused the government of lying."
    doc = nlp(text)
    oslo, government = text.index("OSLO"), text.index("the government")
    accused = Attribution(cue=(text.index("accused"), text.index("accused") + 7), cue_lemma="accuse", source=None,
                          content=[(oslo, oslo + 4), (government, len(text) - 1)])
    alone = Attribution(cue=None, cue_lemma=None, source=None, content=[(oslo, oslo + 4)])
    (out,) = tidy_edges(doc, [accused, alone])
    assert [text[a:b] for a, b in out.content] == ["the government of lying"]


def test_a_rule_whose_content_is_a_whole_tagged_attribution_gives_way_to_it(nlp):
    """The parse took "He urged the city to build bike lanes on Division" for what "a street advocates have
    called"; the tagger, which tags outermost attributions only, found "He urged" with its own content."""
    text = ("He urged the city to build protected bike lanes on Division, a street advocates have called one of "
            "the most dangerous in Portland.")
    doc = _run(nlp, _tag(nlp(text), ("SOURCE", "He"), ("CUE", "urged"),
                         ("CONTENT", "the city to build protected bike lanes on Division"), ("SOURCE", "a street advocates"),
                         ("CUE", "have called"), ("CONTENT", "one of the most dangerous in Portland")))
    by_cue = {text[a.cue[0]:a.cue[1]]: [text[s:e] for s, e in a.content] for a in doc._.onrecord_attributions}
    assert by_cue["urged"] == ["the city to build protected bike lanes on Division"]
    assert all("He urged" not in c for contents in by_cue.values() for c in contents)


@pytest.mark.parametrize(
    ("tidy", "text", "mention", "kept"),
    [
        # no time the parse hung on the mention's end
        ("_without_time", "The Republican challenger for governor on Monday accused her.",
         "The Republican challenger for governor on Monday", "The Republican challenger for governor"),
        ("_without_time", "A survey by the group in March found support.", "A survey by the group in March",
         "A survey by the group"),
        ("_without_time", "The Class of 2016 said it was proud.", "The Class of 2016", "The Class of 2016"),
        ("_without_time", "Mr. Keller said it was over.", "Mr. Keller", "Mr. Keller"),
        # no separator at either edge; a bracket the mention closes stays
        ("_trimmed", "The proposal, backed by Gov. Tom Reyes, would require work.", "Gov. Tom Reyes,", "Gov. Tom Reyes"),
        ("_trimmed", "Oversight panel Chairman Rep. Jason Chaffetz (R-Utah) said so.", "Rep. Jason Chaffetz (R-Utah)",
         "Rep. Jason Chaffetz (R-Utah)"),
        ("_trimmed", "It was, — the mayor said, over.", "— the mayor", "the mayor"),
        ("_trimmed", "Mr. Keller said it was over.", "Mr. Keller", "Mr. Keller"),
    ],
)
def test_a_speaker_mention_ends_on_neither_a_time_nor_a_separator(nlp, tidy, text, mention, kept):
    from onrecord.nlp import components

    start = text.index(mention)
    a, b = getattr(components, tidy)(nlp(text), (start, start + len(mention)))
    assert text[a:b] == kept


@pytest.mark.parametrize(
    ("text", "expletive"),
    [
        ("It is not yet clear how many developers will take advantage of the rules.", True),
        ("It was not clear whether the shot came from the driver.", True),
        ("It seems that the talks have stalled.", True),
        ("It said the plan would fail.", False),  # an organisation's "it" speaks
    ],
)
def test_an_it_that_stands_for_nothing_is_no_source(nlp, text, expletive):
    from onrecord.nlp.components import _expletive_source

    assert _expletive_source(nlp(text), (0, 2)) is expletive


def test_a_content_opening_on_a_clause_of_circumstance_takes_the_clause_it_hangs_on():
    """A wire lead, "X happened after Y, delegates said": the tagger and the reader kept only "after Y"."""
    text = ("Climate talks stall as rich nations balk at loss-and-damage fund\n\nBAKU — Negotiations at the UN climate "
            "summit stalled on Thursday after wealthy countries refused to commit new money to a fund for poorer "
            "nations hit by disasters, delegates said.\n\n\"We came here to be paid what we are owed, not to be "
            "lectured,\" said Tina Stege, the climate envoy of the Marshall Islands.")
    (lead,) = [st for st in _statements(text) if st.speaker is not None and st.speaker.text == "delegates"]
    assert lead.content_text.startswith("Negotiations at the UN climate summit stalled on Thursday after")
