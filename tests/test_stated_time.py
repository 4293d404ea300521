"""When a statement was made: the words that date it, and the date they give from the article's publication."""

from __future__ import annotations

import pytest

from onrecord.models import Article, digest
from onrecord.nlp.stated_time import Resolved, resolve

FRIDAY = "2026-12-04"  # a Friday


@pytest.mark.parametrize(
    ("words", "published", "expected"),
    [
        # a weekday is the last one on or before the publication day
        ("Tuesday", FRIDAY, Resolved("2026-12-01", False)),
        ("on Friday", FRIDAY, Resolved("2026-12-04", False)),
        ("early Saturday", FRIDAY, Resolved("2026-11-28", False)),
        ("Monday night", FRIDAY, Resolved("2026-11-30", False)),
        ("last Friday", FRIDAY, Resolved("2026-11-27", False)),
        ("yesterday", FRIDAY, Resolved("2026-12-03", False)),
        ("today", FRIDAY, Resolved("2026-12-04", False)),
        # relative spans are as precise as they are: a month, a year
        ("Last month", FRIDAY, Resolved("2026-11", True)),
        ("last week", FRIDAY, Resolved("2026-11", True)),
        ("last year", FRIDAY, Resolved("2025", True)),
        ("two years ago", FRIDAY, Resolved("2024", True)),
        ("three months ago", FRIDAY, Resolved("2026-09", True)),
        ("10 days ago", FRIDAY, Resolved("2026-11-24", True)),
        # a month is its last occurrence: this year's up to the publication month, else last year's
        ("October", FRIDAY, Resolved("2026-10", True)),
        ("in early December", FRIDAY, Resolved("2026-12", False)),
        ("Oct. 14", FRIDAY, Resolved("2026-10-14", True)),
        ("December 20", FRIDAY, Resolved("2025-12-20", True)),
        ("last December", FRIDAY, Resolved("2025-12", True)),
        ("March 3, 2024", FRIDAY, Resolved("2024-03-03", True)),
        ("May 2019", FRIDAY, Resolved("2019-05", True)),
        ("2019", FRIDAY, Resolved("2019", True)),
        # pointing back without a date
        ("then", FRIDAY, Resolved(None, True)),
        ("at the time", FRIDAY, Resolved(None, True)),
        ("previously", None, Resolved(None, True)),
        # without a publication date only what names its year resolves
        ("Tuesday", None, Resolved(None, False)),
        ("last month", None, Resolved(None, True)),
        ("October", None, Resolved(None, True)),
        ("March 3, 2024", None, Resolved("2024-03-03", True)),
        ("2019", None, Resolved("2019", True)),
        # an unreadable publication date counts as none
        ("Tuesday", "Dec 4th", Resolved(None, False)),
    ],
)
def test_time_words_resolve_from_the_publication_date(words: str, published: str | None, expected: Resolved) -> None:
    assert resolve(words, published) == expected


@pytest.mark.parametrize("words", ["18 months", "next week", "this summer", "the past decade", "Christmas", "February 30", "Smith",
                                   "2030", "March 3, 2030", "January 2027"])
def test_what_names_no_past_day_resolves_to_nothing(words: str) -> None:
    assert resolve(words, FRIDAY) is None


def _statements(text: str, published: str | None = FRIDAY):
    from onrecord.nlp import extract_statements

    article = Article(id=digest(text), name="t", origin="t", text=text, content_hash=digest(text, length=64),
                      published=published)
    return extract_statements(article)


@pytest.mark.model
def test_a_stated_day_dates_the_statement_and_keeps_its_words() -> None:
    text = "Senator Dana Whitfield said on Tuesday that she now opposes the pipeline."
    (st,) = _statements(text)
    assert st.date == "2026-12-01"
    assert st.when is not None and st.when.text == "Tuesday" and text[st.when.start : st.when.end] == "Tuesday"


@pytest.mark.model
def test_then_takes_the_time_of_the_statement_before_it() -> None:
    text = ("During a debate in October, Whitfield had said she supported the pipeline. "
            '"This pipeline means jobs, and I support it," she said then.')
    first, second = _statements(text)
    assert (first.when.text, first.date) == ("October", "2026-10")
    assert (second.when.text, second.date) == ("then", "2026-10")


@pytest.mark.model
def test_a_date_in_what_is_said_or_in_who_says_it_does_not_date_the_saying() -> None:
    inside = _statements("The mayor said the vote would be held on Tuesday.")
    assert [(st.when, st.date) for st in inside] == [(None, FRIDAY)]
    relative = _statements('"We have no choice left," said Mayor Ines Carvalho, who has led the city since 2019.')
    assert [(st.when, st.date) for st in relative] == [(None, FRIDAY)]


@pytest.mark.model
def test_without_a_publication_date_the_words_stay_and_the_date_is_what_they_name() -> None:
    (relative,) = _statements("Last month Cartwright told reporters that the club's spending was finished.", None)
    assert relative.when.text == "Last month" and relative.date is None
    (named,) = _statements("In a 2019 interview, Cartwright said that the club would never sell.", None)
    assert named.when.text == "2019" and named.date == "2019"


def test_counting_back_past_the_calendars_first_year_gives_nothing():
    """A feed's odd publication date ("0001-01-01") or "9999 years ago" is no date, not a crash; an early year
    keeps four digits."""
    assert resolve("yesterday", "0001-01-01") is None
    assert resolve("last month", "0001-01-15") is None
    assert resolve("9999 years ago", FRIDAY) is None
    assert resolve("this year", "0999-05-05") == Resolved("0999", False)
