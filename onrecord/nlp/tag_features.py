"""What the parse rules found, as one feature id per wordpiece for the transformer tagger.

The tagger reads text well but sees no parse; the rules read the parse but
miss what their cue lexicon and patterns do not cover. So the tagger may take
the rules' findings as input: each wordpiece gets the role the rule
attributions give its characters (begin or inside of a source, cue or
content, or none) and whether it sits inside a quotation. The tagger learns
when to trust them.

Pure functions of character spans; :func:`doc_rule_features` is the one place
that needs a parsed Doc.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

from .quotes import Quote

ROLE_BASE = {"SOURCE": 1, "CUE": 3, "CONTENT": 5}  # begin = base, inside = base + 1
IN_QUOTE = 7  # added to the role id when the wordpiece starts inside a quotation
FEATURES = 14  # ids 0..13


def rule_role_spans(rules: Sequence) -> list[tuple[str, int, int]]:
    """(role, start, end) of every rule attribution's content, cue and source; later roles win overlaps."""
    spans: list[tuple[str, int, int]] = []
    for att in rules:
        spans.extend(("CONTENT", s, e) for s, e in att.content)
    for att in rules:
        if att.cue is not None:
            spans.append(("CUE", *att.cue))
    for att in rules:
        if att.source is not None:
            spans.append(("SOURCE", *att.source))
    return spans


def wordpiece_features(
    offsets: Sequence[tuple[int, int]], spans: Sequence[tuple[str, int, int]], quotes: Sequence[Quote]
) -> list[int]:
    """One feature id in [0, FEATURES) per wordpiece (character ``offsets``, ascending at both ends)."""
    feats = [0] * len(offsets)
    ends = [b for _, b in offsets]
    for role, start, end in spans:
        first = True
        i = bisect_right(ends, start)  # the first wordpiece ending after the span starts
        while i < len(offsets) and offsets[i][0] < end:
            a, b = offsets[i]
            if b > a:
                feats[i] = ROLE_BASE[role] + (0 if first else 1)
                first = False
            i += 1
    ordered = sorted((q.start, q.end) for q in quotes)
    q = 0
    for i, (a, _) in enumerate(offsets):  # offsets ascend, so one pass over the quotes
        while q < len(ordered) and ordered[q][1] <= a:
            q += 1
        if q < len(ordered) and ordered[q][0] <= a:
            feats[i] += IN_QUOTE
    return feats


def doc_rule_features(doc, offsets: Sequence[tuple[int, int]]) -> tuple[list, list, list[int]]:
    """(quotes, rule attributions, wordpiece features) of a parsed Doc."""
    from .attribution import find_attributions
    from .quotes import find_quotes

    quotes = find_quotes(doc.text)
    rules = find_attributions(doc, quotes)
    return quotes, rules, wordpiece_features(offsets, rule_role_spans(rules), quotes)
