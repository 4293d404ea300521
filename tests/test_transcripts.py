"""Transcripts: a speaker's name in capitals and a colon opens that speaker's turn, one attribution."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from onrecord.nlp.transcripts import turns

INTERVIEW = """An interview with Governor Ellen Park

Governor Ellen Park sat down with the Herald on Tuesday to discuss the budget.

Q: The budget gap is now 2 billion dollars. How do you close it?

PARK: We are not going to raise taxes. I have said that from the first day.

Q: Your opponent, Senator Mark Ruiz, says you have mismanaged the surplus.

PARK: Senator Ruiz voted for every one of those budgets. He said last year that the surplus was "a gift."

That is the record.

(CROSSTALK.)

RUIZ: That is not what I said.

Follow the Herald on Twitter.
"""


def _text(text: str, span: tuple[int, int]) -> str:
    return text[span[0] : span[1]]


def test_each_speakers_line_is_a_turn_that_goes_on_to_a_stage_direction():
    found = turns(INTERVIEW)
    assert [_text(INTERVIEW, t.label) for t in found] == ["PARK", "PARK", "RUIZ"]
    assert [_text(INTERVIEW, t.colon) for t in found] == [":", ":", ":"]
    first, second, last = found
    assert [_text(INTERVIEW, c) for c in first.content] == [
        "We are not going to raise taxes. I have said that from the first day."]
    # the next paragraph goes on with the turn; "(CROSSTALK.)" ends it; "Q:" is nobody's name
    assert [_text(INTERVIEW, c) for c in second.content] == [
        'Senator Ruiz voted for every one of those budgets. He said last year that the surplus was "a gift.',
        "That is the record."]
    # the last turn is its line alone: the article's own text may follow
    assert [_text(INTERVIEW, c) for c in last.content] == ["That is not what I said."]


@pytest.mark.parametrize(
    "text",
    [
        "Senate passes budget\n\nCORRECTION: An earlier version misspelled a name.\n\nBYLINE: Amber Phillips.\n",
        "One speaker alone\n\nPARK: We are not going to raise taxes.\n",  # a single line is no transcript
        "Q: Will you run again?\n\nA: I will decide after the session.\n",  # single letters are no names
        # labels that name nobody: each once, and never written as a name in the article
        "Festival guide\n\nWHEN: Saturday from noon. When it rains, the show moves inside.\n\nWHERE: The old port.\n",
        "The new phone\n\nPROS: A bright screen and a long battery life.\n\nCONS: It is heavy.\n",
    ],
)
def test_editors_labels_a_single_line_and_letters_are_no_transcript(text: str):
    assert turns(text) == []


@pytest.mark.model
@pytest.mark.tagger
def test_an_interview_is_its_speakers_statements():
    from test_nlp import _statements

    statements = _statements(INTERVIEW)
    by_turn = [st for st in statements if st.cue is not None and st.cue.text == ":"]
    assert [(st.actor.name, st.kind) for st in by_turn] == [("Ellen Park", "direct")] * 2 + [("Mark Ruiz", "direct")]
    assert by_turn[1].content_text.startswith("Senator Ruiz voted") and "That is the record." in by_turn[1].content_text
    # what the speaker reports inside a turn is the turn's content, not an attribution of its own
    assert not any(st.cue is not None and st.cue.text == "said" and "surplus" in st.content_text for st in statements)


@pytest.mark.model
def test_a_transcript_an_attribution_quotes_whole_stays_its_content():
    from onrecord.nlp.attribution import Attribution
    from onrecord.nlp.model import load_base_model
    from onrecord.nlp.transcripts import with_turns

    text = ("The moderator, Jorge Ramos, pressed Hillary Clinton. A partial transcript of the exchange is as "
            "follows:\n\n\"RAMOS: Did you lie to them?\n\n\"CLINTON: I feel a great deal of sympathy for the families.\n")
    doc = load_base_model()(text)
    cue = text.index("as follows:")
    quoting = Attribution(cue=(cue, cue + 11), cue_lemma="follow", source=(0, 19),
                          content=[(text.index("RAMOS"), len(text) - 1)])
    assert with_turns(doc, [quoting]) == [quoting]
    # without it, the two lines are two turns
    assert [a.source for a in with_turns(doc, [])] == [
        (text.index("RAMOS"), text.index("RAMOS") + 5), (text.index("CLINTON"), text.index("CLINTON") + 7)]


@settings(max_examples=150)
@given(st.lists(st.tuples(st.sampled_from(["PARK", "RUIZ", "Q", "CORRECTION", "", "(CROSSTALK.)", "JOEL BENENSON"]),
                          st.text(alphabet="ab “”\"'.:\n", max_size=30)), max_size=12))
def test_turns_stay_in_the_text_in_order_and_never_hold_a_label(parts):
    text = "".join((f"{label}: " if label and not label.startswith("(") else label) + body + "\n\n"
                   for label, body in parts)
    found = turns(text)
    assert len(found) != 1  # a transcript has two turns or none
    previous_end = 0
    for turn in found:
        assert turn.label[0] >= previous_end and text[turn.colon[0]] == ":"
        for start, end in turn.content:
            assert turn.colon[1] <= start < end <= len(text) and text[start:end].strip() == text[start:end]
            previous_end = end


QA = """Q&A: Fed governor Lisa Moreno on rates and jobs

Federal Reserve Governor Lisa Moreno spoke with reporters on Friday. Moreno, who joined the board last year,
has said little in public since.

Q: Are rate cuts coming this year?

A: I would not rule them out. Inflation has to come down for several more months first.

Q: Some economists say the labor market is weakening.

A: The job numbers have cooled, yes. That is what we wanted to see.

Unemployment is still low by any historical standard.

Q: And housing?

A: Housing is the hardest part of this.
"""


@pytest.mark.model
def test_interview_answers_are_the_interviewees_turns_only_when_asked_for():
    """PolNeAR annotates most "Q:"/"A:" interviews by what is attributed inside the answers, so the answers
    are the interviewee's statements only with the setting (``--interview-answers``)."""
    from onrecord.nlp import build_pipeline
    from onrecord.nlp.transcripts import answers

    doc = build_pipeline(tagger_path=None, interview_answers=True)(QA)
    said = [a for a in doc._.onrecord_attributions if a.cue_lemma == ":"]
    assert [QA[a.source[0]:a.source[1]] for a in said] == ["Lisa Moreno"] * 3
    assert {a.actors[0].name for a in said} == {"Lisa Moreno"}
    assert [[QA[s:e] for s, e in a.content] for a in said] == [
        ["I would not rule them out. Inflation has to come down for several more months first."],
        ["The job numbers have cooled, yes. That is what we wanted to see.",
         "Unemployment is still low by any historical standard."],
        ["Housing is the hardest part of this."],  # the last answer is its line alone
    ]
    assert all(a.kind == "direct" for a in said)
    # by default no answer is anyone's turn
    plain = build_pipeline(tagger_path=None)(QA)
    assert not [a for a in plain._.onrecord_attributions if a.cue_lemma == ":"]
    # no interview without a question, or with one answer, or with nobody named before the first question
    assert answers(plain) != []
    assert answers(build_pipeline(tagger_path=None)(QA.replace("Q: ", "Question one "))) == []
    one = QA[: QA.index("Q: Some")]
    assert answers(build_pipeline(tagger_path=None)(one)) == []
    nobody = "An interview\n\nQ: Will it rain?\n\nA: It will.\n\nQ: When?\n\nA: Soon.\n"
    assert answers(build_pipeline(tagger_path=None)(nobody)) == []
