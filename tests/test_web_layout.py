"""The pure parts of the pages: highlighted paragraphs and the timeline layout."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from onrecord.models import Actor, PositionEntry, Span, Statement
from onrecord.web.highlight import paragraphs
from onrecord.web.timeline import OTHER, layout

TEXT = "Lavrov said the plan was dead.\nHe added that “talks go on,” officials said."


def _span(text: str, part: str, after: int = 0) -> Span:
    start = text.index(part, after)
    return Span.of(text, start, start + len(part))


def _statement(n: int, content: list[Span], speaker: Span | None = None, cue: Span | None = None, actor: str | None = None) -> Statement:
    return Statement(id=f"s{n}", article_id="a", speaker=speaker, cue=cue, content=tuple(content), kind="indirect",
                     sentence=n, actors=(Actor(name=actor),) if actor else ())


def test_roles_anchors_and_paragraphs() -> None:
    outer = _statement(1, [_span(TEXT, "the plan was dead")], _span(TEXT, "Lavrov"), _span(TEXT, "said"), "Sergey Lavrov")
    inner = _statement(2, [_span(TEXT, "talks go on")], _span(TEXT, "officials"), _span(TEXT, "said", 40))
    paras = paragraphs(TEXT, [outer, inner])
    assert len(paras) == 2
    first = {seg.text: seg for seg in paras[0]}
    assert first["Lavrov"].role == "speaker" and first["Lavrov"].actor == "Sergey Lavrov" and first["Lavrov"].number == 1
    assert first["said"].role == "cue"
    assert first["the plan was dead"].role == "content" and first["the plan was dead"].anchors == (1,)
    second = {seg.text: seg for seg in paras[1]}
    assert second["talks go on"].role == "content" and second["talks go on"].number == 2
    assert second["officials"].actor is None  # no resolved actor: no link


def test_a_speaker_inside_another_statements_content_keeps_its_role() -> None:
    text = "Aides said Vance told them he would sign."
    outer = _statement(1, [_span(text, "Vance told them he would sign")], _span(text, "Aides"), _span(text, "said"))
    inner = _statement(2, [_span(text, "he would sign")], _span(text, "Vance"), _span(text, "told"), "JD Vance")
    segs = {s.text: s for s in paragraphs(text, [outer, inner])[0]}
    assert segs["Vance"].role == "speaker" and segs["Vance"].number == 2  # the narrowest span wins
    assert segs["told"].role == "cue" and segs["he would sign"].number == 2
    assert segs[" them "].role == "content" and segs[" them "].number == 1


@given(text=st.text(alphabet="ab \n“”.", min_size=1, max_size=80), cuts=st.lists(st.integers(0, 80), max_size=8))
def test_segments_give_back_the_text(text: str, cuts: list[int]) -> None:
    points = sorted({min(c, len(text)) for c in cuts})
    spans = [Span.of(text, a, b) for a, b in zip(points, points[1:]) if b > a]
    statements = [_statement(i, [s]) for i, s in enumerate(spans)]
    paras = paragraphs(text, statements)
    joined = ["".join(seg.text for seg in p) for p in paras]
    assert joined == [line for line in text.split("\n") if line.strip()]


def _entry(key: int, date: str | None, voice: str = "own", stance: str = "accept") -> PositionEntry:
    return PositionEntry(key=key, article_id="a", statement_id=f"s{key}", date=date, holder="Valdoria", voice=voice,
                         stance=stance, proposition="p", negated=False, speaker="Marek")


def test_timeline_rows_by_topic_and_x_by_date() -> None:
    entries = [_entry(1, "2026-03-03"), _entry(2, "2026-03-08", "reported", "reject"), _entry(3, "2026-03-05"), _entry(4, None)]
    chart = layout(entries, {1: "dam monitors", 2: "dam monitors", 3: "tariffs"})
    assert [r.label for r in chart.rows] == ["dam monitors", "tariffs", OTHER]
    x = {p.entry.key: p.x for p in chart.points}
    y = {p.entry.key: p.y for p in chart.points}
    assert x[1] < x[3] < x[2] < x[4]  # by date, undated at the right
    assert y[1] == y[2] != y[3] != y[4]
    assert {p.entry.key: p.own for p in chart.points} == {1: True, 2: False, 3: True, 4: True}
    assert chart.ticks[0].label == "2026-03-03" and chart.ticks[-1].label == "2026-03-08"
    assert chart.undated_x is not None and all(0 <= p.x <= chart.width for p in chart.points)


def test_timeline_keeps_the_largest_topics_and_spreads_equal_points() -> None:
    entries = [_entry(i, "2026-01-01") for i in range(12)]
    chart = layout(entries, {i: f"topic {i % 6}" for i in range(12)}, max_rows=3)
    assert len(chart.rows) == 4 and chart.rows[-1].label == OTHER and chart.rows[-1].count == 6
    places = [(p.x, p.y) for p in chart.points]
    assert len(set(places)) == len(places)  # no point hides another


def test_timeline_without_dates_spreads_points_in_reading_order() -> None:
    chart = layout([_entry(3, None), _entry(1, None), _entry(2, None)], {})
    xs = [p.x for p in sorted(chart.points, key=lambda p: p.entry.key)]
    assert xs == sorted(xs) and len(set(xs)) == 3 and chart.ticks == ()


def test_timeline_places_a_stated_month_or_year_at_its_start() -> None:
    """A statement dated by its words only to a month ("in October") or a year ("in 2019") is on the chart."""
    chart = layout([_entry(1, "2026-10"), _entry(2, "2026-12-01T09:30:00Z"), _entry(3, "2019")], {})
    x = {p.entry.key: p.x for p in chart.points}
    assert x[3] < x[1] < x[2] and chart.undated_x is None


def test_empty_timeline() -> None:
    chart = layout([], {})
    assert chart.points == () and chart.rows == ()
