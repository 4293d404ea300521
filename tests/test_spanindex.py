"""SpanIndex finds what a pass over every span finds."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from onrecord.nlp.spanindex import OwnedSpans, SpanIndex

span = st.tuples(st.integers(0, 200), st.integers(0, 40)).map(lambda p: (p[0], p[0] + p[1]))


@given(st.lists(span, max_size=30), span, st.integers(0, 50))
def test_lookups_match_a_pass_over_all_spans(spans, probe, reach):
    index = SpanIndex(spans)
    assert index.overlapping(probe) == [
        i for i, (s, e) in enumerate(spans) if min(e, probe[1]) > max(s, probe[0])
    ]
    assert index.containing(probe) == [i for i, (s, e) in enumerate(spans) if s <= probe[0] and probe[1] <= e]
    near = index.within(probe, reach)
    assert near == sorted(near)
    for i, (s, e) in enumerate(spans):
        gap = 0 if min(e, probe[1]) > max(s, probe[0]) else (s - probe[1] if s >= probe[1] else probe[0] - e)
        if gap <= reach:
            assert i in near  # every span within reach is offered; the caller measures the distance


def test_an_empty_index_finds_nothing():
    assert SpanIndex([]).overlapping((0, 10)) == [] and SpanIndex([]).within((0, 1), 5) == []


@given(st.lists(st.lists(span, max_size=4), max_size=10), span)
def test_owned_spans_name_the_items_a_pass_over_all_would(spans_of, probe):
    owned = OwnedSpans(spans_of)
    assert owned.overlapping(probe) == [
        i for i, spans in enumerate(spans_of) if any(min(e, probe[1]) > max(s, probe[0]) for s, e in spans)
    ]
    assert owned.containing(probe) == [
        i for i, spans in enumerate(spans_of) if any(s <= probe[0] and probe[1] <= e for s, e in spans)
    ]
