"""A quotation standing alone after an attribution continues it (onrecord.nlp.continued), as pure text."""

from __future__ import annotations

import pytest

from onrecord.nlp.attribution import Attribution
from onrecord.nlp.continued import continue_quotes
from onrecord.nlp.quotes import find_quotes


def _at(text: str, words: str, after: int = 0) -> tuple[int, int]:
    start = text.index(words, after)
    return start, start + len(words)


def _said(text: str, content: str, cue: str, source: str, kind: str = "direct") -> Attribution:
    return Attribution(cue=_at(text, cue), cue_lemma=cue, source=_at(text, source), content=[_at(text, content)], kind=kind)


def _contents(text: str, a: Attribution) -> list[str]:
    return [text[s:e] for s, e in a.content]


SAID = "“I’m very disappointed in the RNC,” Trump said."
NEXT = "“They have filled the room with donors and special interests.”"


def test_a_quotation_paragraph_after_a_quoted_speaker_continues_him():
    text = f"{SAID}\n\n{NEXT}\n\n“We will not stand for it.”\n\nThe committee did not answer."
    a = _said(text, "“I’m very disappointed in the RNC,”", "said", "Trump")
    (out,) = continue_quotes(text, [a], find_quotes(text))
    assert _contents(text, out) == ["“I’m very disappointed in the RNC,”", NEXT, "“We will not stand for it.”"]
    assert out.kind == "direct"


def test_a_colon_introduces_the_quotation_after_it():
    text = "Cruz said the questions showed the media’s bias:\n\n“The questions asked in this debate illustrate why.”"
    a = _said(text, "the questions showed the media’s bias", "said", "Cruz", kind="indirect")
    (out,) = continue_quotes(text, [a], find_quotes(text))
    assert _contents(text, out)[-1] == "“The questions asked in this debate illustrate why.”"
    assert out.kind == "mixed"


def test_the_quoted_speaker_goes_on_not_the_participle_after_him():
    text = (
        "“Nothing you can do, folks,” Trump told a rally, saying Clinton would “abolish the second amendment.”"
        f"\n\n{NEXT}"
    )
    told = _said(text, "“Nothing you can do, folks,”", "told", "Trump")
    saying = Attribution(cue=_at(text, "saying"), cue_lemma="say", source=None,
                         content=[_at(text, "Clinton would “abolish the second amendment.”")], kind="mixed")
    continue_quotes(text, [told, saying], find_quotes(text))
    assert _contents(text, told)[-1] == NEXT
    assert len(saying.content) == 1


@pytest.mark.parametrize(
    ("text", "why"),
    [
        (f"{SAID}\n\n“Who is going to pay for it?”", "a question standing alone"),
        (f"{SAID}\n\n“Yesssss!”", "a word or two"),
        (f"{SAID}\n\n{NEXT} The chairman shrugged.", "more than the quotation in its paragraph"),
        (f"{SAID}\n\n{NEXT}\n\n— Reince Priebus", "a dash after it gives the quotation its own speaker"),
        (f"{SAID} The crowd cheered.\n\n{NEXT}", "another sentence between"),
        (f"{SAID}\n\nThe crowd cheered.\n\n{NEXT}", "another paragraph between"),
        ("Trump said he was disappointed in the committee.\n\n" + NEXT, "the speaker before quoted nothing"),
        ("Trump interjected, “Only Rosie O’Donnell.” But Kelly was relentless.\n\n" + NEXT,
         "the speaker's quotation ended its sentence and another began"),
    ],
)
def test_a_quotation_that_does_not_continue_stays_apart(text, why):
    a = (_said(text, "“I’m very disappointed in the RNC,”", "said", "Trump") if text.startswith(SAID)
         else _said(text, text[text.index("“") : text.index("”") + 1], "interjected", "Trump") if "interjected" in text
         else _said(text, "he was disappointed in the committee", "said", "Trump", kind="indirect"))
    before = list(a.content)
    continue_quotes(text, [a], find_quotes(text))
    assert a.content == before, why


def test_a_quotation_someone_already_claimed_stays_theirs():
    text = f"{SAID}\n\n{NEXT}"
    a = _said(text, "“I’m very disappointed in the RNC,”", "said", "Trump")
    b = Attribution(cue=None, cue_lemma=None, source=None, content=[_at(text, NEXT)], kind="direct")
    continue_quotes(text, [a, b], find_quotes(text))
    assert len(a.content) == 1 and b.content == [_at(text, NEXT)]


def test_nothing_found_or_no_quotations_change_nothing():
    assert continue_quotes("No one spoke.", [], []) == []
    text = "Trump said the room was full.\n\nThe committee did not answer."
    a = _said(text, "the room was full", "said", "Trump", kind="indirect")
    assert continue_quotes(text, [a], find_quotes(text)) == [a] and len(a.content) == 1


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "speaker", "content"),
    [
        ('The claims, checked.\n\n"Boeing and GE and other multinationals pay zero taxes."\n\n- Sanders.\n\nPartly true.',
         "Sanders", '"Boeing and GE and other multinationals pay zero taxes."'),
        ("Notes.\n\n“Great speech. She is tested. She is ready.”\n\n—President Obama, tweeting after the speech.",
         "President Obama", "“Great speech. She is tested. She is ready.”"),
    ],
)
def test_a_dash_and_a_name_after_a_quotation_sign_it(text, speaker, content):
    from test_nlp import _statements

    (st,) = [s for s in _statements(text) if s.content[0].text == content]
    assert (st.speaker.text, st.cue.text, st.kind) == (speaker, text[st.cue.start], "direct")


@pytest.mark.model
def test_a_dash_before_a_sentence_signs_nothing():
    from test_nlp import _statements

    text = 'The list follows.\n\n"Item one is the budget for the harbour."\n\n- The following items were tabled.'
    assert not [s for s in _statements(text) if s.cue is not None and s.cue.text == "-"]
