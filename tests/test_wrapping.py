"""Hard-wrapped text: line breaks inside paragraphs are read as spaces, offsets unchanged."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from onrecord.models import Article, digest
from onrecord.nlp.wrapping import unwrap

SEED = Path(__file__).parents[1] / "onrecord" / "data" / "founding_article.txt"
PARAGRAPH = (
    "The committee met on Tuesday to discuss the budget for the coming year, and its chair said that the "
    "city would have to choose between repairing the bridge and opening the new library. Council members "
    "disagreed about which project mattered more to the residents of the eastern districts."
)


def hard_wrap(text: str, width: int = 72) -> str:
    """``text`` wrapped at ``width`` columns the way ``fmt`` does it, a space becoming a line break."""
    chars = list(text)
    col, last_space = 0, -1
    for i, ch in enumerate(text):
        if ch == "\n":
            col, last_space = 0, -1
            continue
        if ch == " ":
            last_space = i
        col += 1
        if col > width and last_space >= 0:
            chars[last_space] = "\n"
            col, last_space = i - last_space, -1
    return "".join(chars)


def test_a_wrapped_text_unwraps_to_its_paragraphs_with_every_offset_kept():
    text = "Budget talks\n\n" + textwrap.fill(PARAGRAPH, 72) + "\n\n" + textwrap.fill(PARAGRAPH, 72)
    flat = unwrap(text)
    assert len(flat) == len(text)
    assert flat == "Budget talks\n\n" + PARAGRAPH + "\n\n" + PARAGRAPH  # blank lines stay
    assert hard_wrap(PARAGRAPH) != PARAGRAPH and unwrap(hard_wrap(PARAGRAPH + " " + PARAGRAPH)) == PARAGRAPH + " " + PARAGRAPH


def test_windows_line_breaks_unwrap_too():
    text = textwrap.fill(PARAGRAPH + " " + PARAGRAPH, 72).replace("\n", "\r\n")
    flat = unwrap(text)
    assert len(flat) == len(text) and "\r" not in flat and "\n" not in flat
    assert " ".join(flat.split()) == PARAGRAPH + " " + PARAGRAPH


@pytest.mark.parametrize("text", [
    "",
    "One line, no break.",
    PARAGRAPH + "\n" + PARAGRAPH + "\n" + PARAGRAPH + "\n" + PARAGRAPH + "\n" + PARAGRAPH,  # a paragraph a line
    "Budget talks\nBy Ann Keller\nMarch 3, 2016\nUpdated 5 p.m.\nCity Hall\n\n" + PARAGRAPH,  # short lines, a list
    textwrap.fill(PARAGRAPH, 72)[:150],  # too few lines to tell
])
def test_text_that_is_not_hard_wrapped_is_left_as_it_is(text: str):
    assert unwrap(text) == text


def test_a_wrapped_paragraphs_short_last_line_keeps_its_break():
    wrapped = textwrap.fill(PARAGRAPH, 72)
    text = wrapped + "\nShort line.\n" + wrapped
    lines = unwrap(text).split("\n")
    assert lines[0].endswith("Short line.")  # the filled lines before it run on into it
    assert lines[1] == PARAGRAPH  # its own break, after a short line, stays


def test_the_unwrapping_tokenizer_pickles_and_copies():
    """spaCy's nlp.pipe(n_process=...) pickles the pipeline where processes are spawned."""
    import copy
    import pickle

    import spacy

    from onrecord.nlp.wrapping import UnwrappingTokenizer

    tokenizer = UnwrappingTokenizer(spacy.blank("en").tokenizer)
    text = textwrap.fill(PARAGRAPH + " " + PARAGRAPH, 72)
    for other in (pickle.loads(pickle.dumps(tokenizer)), copy.copy(tokenizer), copy.deepcopy(tokenizer)):
        assert other(text).text == tokenizer(text).text == unwrap(text)


@pytest.mark.model
def test_the_founding_article_hard_wrapped_gives_the_same_statements():
    """Before: the parse read each wrapped line that opens with a capital as a new sentence, and
    of the 15 statements 12 changed (on PolNeAR validation, lenient content F1 0.759 → 0.556)."""
    from onrecord.nlp import extract_statements

    def statements(text: str):
        article = Article(id=digest(text), name="t", origin="t", text=text, content_hash=digest(text, length=64))
        return article, extract_statements(article)

    def brief(sts):
        return [
            (st.speaker and (st.speaker.start, st.speaker.end), [(c.start, c.end) for c in st.content],
             st.actor and st.actor.name, st.position and st.position.stance)
            for st in sts
        ]

    text = SEED.read_text(encoding="utf-8")
    wrapped = hard_wrap(text)
    assert wrapped != text and max(len(line) for line in wrapped.split("\n")) <= 90
    _, flat = statements(text)
    article, got = statements(wrapped)
    assert brief(got) == brief(flat) and len(got) == 15
    # spans are slices of the wrapped text as given, line breaks and all
    assert any("\n" in c.text for st in got for c in st.content)
    assert all(article.text[c.start : c.end] == c.text for st in got for c in st.content)
