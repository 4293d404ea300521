"""Joining the trained tagger's spans with the parse rules into attributions.

The tagger is better at finding contents (beliefs, perceptions, reported
speech the cue lexicon misses); the rules are better at structure (which cue
and subject a content belongs to, where a clause or quotation really ends).
So a tagged content that a rule attribution overlaps is that attribution
(unless the rule's cue lies inside it: then the rule found an attribution
nested in the content, and PolNeAR-style attribution is outermost only); a
content no rule found takes the nearest tagged cue and that cue's grammatical
subject (or the nearest tagged source), and stands when the acceptance model
(:mod:`onrecord.nlp.acceptance`) says so; rule attributions the tagger did not
touch are kept, except those nested in a content.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from .acceptance import Acceptance, Candidate, accept
from .attribution import Attribution, doc_text, mention_span
from .quotes import Quote
from .spanindex import OwnedSpans, SpanIndex, covered
from .subjects import addressed, receiver, subject_of
from .encoder import CONFIDENCE_KEY, SPANS_KEY

CUE_REACH = 120  # characters between a content and its cue, at most
SOURCE_REACH = 60  # characters between a cue and a tagged source that stands in for a missing subject
_ARTICLES = frozenset({"a", "an", "the"})
_WORD_OR_END = re.compile(r"[^\W_]|[.?!\n]")  # a letter or digit (str.isalnum), a sentence end, a line break
MIN_OVERLAP = 0.3  # share of a tagged content a rule content must cover to claim it
# A claiming rule's contents shorter than this share of the tagged content they overlap cut it short
# (a clause the parse ended early): the tagged content stands instead. On validation claims, where
# the rule's were that much shorter the tagged content matched the gold 73 times in 99, the rule's 51.
RULE_SHORTER = 0.8
# Without an acceptance model: a content no rule claims stands only when the tagger was this sure of
# it (the mean probability of its tags; its least sure fragment's). On validation such contents were
# right 57 % of the time (the rule-claimed ones 84 %); below 0.8 they cost more precision than they gave.
MIN_CONFIDENCE = 0.8
# A claiming rule's subject (or a tagged cue's) gives way to a tagged source in the cue's sentence the tagger is this sure of,
# when the tagger marked nothing where the subject is. Validation speaker accuracy / end-to-end F1:
# 0.922 / 0.698 without, 0.925 / 0.701 at 0.9, 0.926 / 0.702 at 0.8 and 0.7, 0.927 / 0.702 at 0.5;
# applied to a tagged cue's subject too (a content no rule claims), 0.927 / 0.703 at 0.8.
SURE_SOURCE = 0.8


@dataclass(frozen=True, slots=True)
class Tagged:
    """The tagger's spans of one Doc, by label, as character offsets."""

    contents: list[tuple[int, int]]
    cues: list[tuple[int, int]]
    sources: list[tuple[int, int]]
    confidence: dict[tuple[int, int], float]  # per content: the lowest of its fragments' (1.0 when unknown)
    cue_index: SpanIndex  # ``cues``, indexed
    source_index: SpanIndex  # ``sources``, indexed


def tagged_spans(doc: Doc, quotes: Sequence[Quote] = ()) -> Tagged:
    """Tagger output with content fragments joined where only whitespace or punctuation separates them
    (a sentence's end only inside one of ``quotes``)."""
    spans = sorted(doc.spans[SPANS_KEY], key=lambda s: s.start_char) if SPANS_KEY in doc.spans else []
    by = {"CONTENT": [], "CUE": [], "SOURCE": []}
    for span in spans:
        if span.label_ == "CONTENT" and span.text.strip().lower() in _ARTICLES:
            continue  # "a" alone says nothing: the tagger's stray first word of a phrase
        by.setdefault(span.label_, []).append((span.start_char, span.end_char))
    contents = _join(doc_text(doc), by["CONTENT"], quotes)
    sure = doc.user_data.get(CONFIDENCE_KEY, {})
    fragments = SpanIndex(by["CONTENT"])
    confidence = {
        c: min(
            (sure.get(("CONTENT", *f), 1.0) for f in (by["CONTENT"][i] for i in fragments.overlapping(c))
             if c[0] <= f[0] and f[1] <= c[1]),
            default=1.0,
        )
        for c in contents
    }
    return Tagged(contents=contents, cues=by["CUE"], sources=by["SOURCE"], confidence=confidence,
                  cue_index=SpanIndex(by["CUE"]), source_index=SpanIndex(by["SOURCE"]))


def _join(text: str, pieces: list[tuple[int, int]], quotes: Sequence[Quote] = ()) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in pieces:
        gap = text[out[-1][1] : start] if out else ""
        # fragments join across punctuation; across a sentence's end or a line break only inside one
        # quotation (validation: end-to-end 0.601 -> 0.614), not from one quotation to the next
        inside_one = any(q.start <= out[-1][0] and end <= q.end for q in quotes) if out else False
        if (
            out
            and not any(ch.isalnum() for ch in gap)
            and (not any(ch in ".?!" for ch in gap) or inside_one)
            and ("\n" not in gap or inside_one)
        ):
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _distance(a: tuple[int, int], b: tuple[int, int]) -> int:
    if _overlap(a, b):
        return 0
    return b[0] - a[1] if b[0] >= a[1] else a[0] - b[1]


def _claiming_rule(
    content: tuple[int, int], rules: Sequence[Attribution], contents: OwnedSpans
) -> Attribution | None:
    """The rule whose contents cover most of ``content`` (``contents``: the rules' content spans)."""
    best, best_share = None, MIN_OVERLAP
    size = max(content[1] - content[0], 1)
    for rule in (rules[i] for i in contents.overlapping(content)):  # one sharing no character covers none
        if rule.cue is not None and _overlap(content, rule.cue):
            continue  # the rule's cue is inside the content: an attribution nested in it, not its own
        share = sum(_overlap(content, c) for c in rule.content) / size
        if share >= best_share:
            best, best_share = rule, share
    return best


def _between(text: str, a: tuple[int, int], b: tuple[int, int]) -> str:
    """The text between two spans that do not overlap."""
    return text[a[1] : b[0]] if a[1] <= b[0] else text[b[1] : a[0]]


def _nearest(target: tuple[int, int], spans: Sequence[tuple[int, int]], reach: int) -> tuple[int, int] | None:
    candidates = [s for s in spans if not _overlap(s, target) and _distance(target, s) <= reach]
    return min(candidates, key=lambda s: _distance(target, s), default=None)


def _source_head(doc: Doc, source: tuple[int, int] | None) -> int | None:
    if source is None:
        return None
    span = doc.char_span(*source, alignment_mode="expand")
    return span.root.i if span is not None and len(span) else None


def _parse_source(cue: Token, content: tuple[int, int]) -> tuple[tuple[int, int] | None, int | None]:
    """The subject of a verbal cue, read off the parse, unless it lies inside the content."""
    if cue.pos_ not in ("VERB", "AUX"):
        return None, None
    subject = subject_of(cue)
    if subject is None:
        return None, None
    span = mention_span(subject)
    if span is None or _overlap(span, content):
        return None, None
    return span, subject.i


def sentence_of(sentence_starts: Sequence[int], pos: int) -> int:
    """The index of the sentence ``pos`` lies in, given every sentence's first character."""
    return max(bisect_right(sentence_starts, pos) - 1, 0)


def combine(
    doc: Doc,
    rules: list[Attribution],
    quotes: Sequence[Quote],
    *,
    keep_unclaimed: bool = True,
    rule_content: bool = False,
    acceptance: Acceptance | None = None,
) -> list[Attribution]:
    """Attributions from tagged contents, structured by the rules where they agree.

    Args:
        doc: a Doc the tagger has run on.
        rules: the rule attributions of the same Doc.
        quotes: its quotation spans, to end a content where its quote ends.
        keep_unclaimed: propose rule attributions that no tagged content touched, except
            those whose cue lies inside a content: PolNeAR-style attribution
            is outermost only, so "X said Y believes Z" is X's, with Y's
            belief inside its content.
        rule_content: where a rule claims a tagged content, keep the rule's
            content boundaries, which follow the parse, instead of the tagger's
            (unless the rule's are much shorter: ``RULE_SHORTER``). Off by default:
            the tagger reads the rules' spans as features and learned where
            PolNeAR's boundaries differ from the parse's (validation exact
            content F1 0.592 with the tagger's boundaries, 0.591 with the rule's; lenient 0.748 and 0.746).
        acceptance: a fitted model that decides which candidates stand
            (:mod:`onrecord.nlp.acceptance`); without one, a tagged content
            no rule claims needs ``MIN_CONFIDENCE`` and every other candidate stands.

    Returns:
        The attributions, tagged contents of one rule attribution merged into it.
    """
    found = propose(doc, rules, quotes, keep_unclaimed=keep_unclaimed, rule_content=rule_content,
                    confidence_floor=MIN_CONFIDENCE if acceptance is None else None)
    if acceptance is None:
        return _not_the_addressee(doc, [c.attribution for c in found])
    return _not_the_addressee(doc, accept(doc, found, quotes, doc.user_data.get(CONFIDENCE_KEY, {}), acceptance))


def _not_the_addressee(doc: Doc, found: list[Attribution]) -> list[Attribution]:
    """``found`` with no source where the cue is said of the one addressed ("Asked whether …, Reid said":
    Reid did not ask; :func:`onrecord.nlp.subjects.addressed`), unless its "by" names the asker, or of the
    one who faced it ("Clinton faced questions about …": :func:`onrecord.nlp.subjects.receiver`), whose
    source is then whoever "from" names ("Rubio is taking heat from Cruz"). The nearest tagged source a
    candidate took stays while the acceptance model judges it, as it did when the model was fitted: a
    sourceless reading there would turn down attributions that stand."""
    for att in found:
        if att.cue is None or att.source is None:
            continue
        cue = doc.char_span(*att.cue, alignment_mode="expand")
        if cue is None:
            continue
        facing = receiver(cue)
        if addressed(cue.root):
            att.source, att.source_head = None, None
        elif facing is not None and att.source[0] <= facing[0].idx < att.source[1]:
            others = facing[1]  # its words up to its head: "unions [for her vote]" is the parse's
            att.source = (others.left_edge.idx, others.idx + len(others)) if others is not None else None
            att.source_head = others.i if others is not None else None
    return found


def drop_contained(text: str, found: list[Attribution]) -> list[Attribution]:
    """``found`` less each attribution whose content lies wholly inside another's with its own cue outside
    that content: a second reading of the same words ("’s poised to argue" and "argue" both giving "he’s
    in this race"; "expressed misgivings about Mrs. Clinton" beside "have expressed misgivings about"
    giving "Mrs. Clinton"), where one content is attributed once, to the outermost. One whose cue lies
    inside the other's content stays: a second attribution the other's content ran over ("announced the
    arrest and said a curfew would continue")."""
    words = [covered(text, a.content) for a in found]
    ranges = SpanIndex([(a.content_start(), a.content_end()) for a in found])
    dropped = set()
    for j, inner in enumerate(found):
        for i in ranges.containing((inner.content_start(), inner.content_end())):
            outer = found[i]
            if i == j or len(words[i]) <= len(words[j]) or not words[j] <= words[i]:
                continue
            if inner.cue is None or not outer.content_start() <= inner.cue[0] < outer.content_end():
                dropped.add(j)
                break
    return [a for k, a in enumerate(found) if k not in dropped]


def propose(
    doc: Doc,
    rules: list[Attribution],
    quotes: Sequence[Quote],
    *,
    keep_unclaimed: bool = True,
    rule_content: bool = False,
    confidence_floor: float | None = None,
) -> list[Candidate]:
    """The candidate attributions ``combine`` decides on (its arguments; ``confidence_floor``: the
    least confidence of a tagged content no rule claims, None for any)."""
    tagged = tagged_spans(doc, quotes)
    claimed: dict[int, Attribution] = {}
    replaced: dict[int, set[tuple[int, int]]] = {}  # per claiming rule: its contents a tagged one replaced
    superseded: set[int] = set()  # rules whose content is a whole attribution the tagger found
    out: list[Candidate] = []
    starts: list[list[int]] = []

    def sentence_starts() -> list[int]:  # read off doc.sents when first needed (spaCy rebuilds them on every access)
        if not starts:
            starts.append([sent.start_char for sent in doc.sents])
        return starts[0]

    taken = [span for r in rules for span in (r.source, r.cue) if span is not None]
    taken_index = SpanIndex(taken)
    rule_contents = OwnedSpans([r.content for r in rules])
    for found in tagged.contents:
        content = _snap_to_quote(found, quotes)
        near = [taken[i] for i in taken_index.overlapping(content)] if content[1] > content[0] else taken
        if any(_overlap(content, span) >= (content[1] - content[0]) / 2 for span in near):
            continue  # mostly a source or cue the rules found: not a content
        rule = _claiming_rule(content, rules, rule_contents)
        if rule is not None and _swallowed(doc, tagged, rule, content):
            superseded.add(id(rule))  # the rule's content holds the tagger's own cue for this content: the tagger's
            rule = None
        if rule is None:
            before = _interrupted(doc_text(doc), out, content)
            if before is not None:  # "X, he said, Y" / "X reportedly Y": the rest of one content
                before.attribution.content.append(content)
                continue
            if confidence_floor is not None and tagged.confidence[found] < confidence_floor:
                continue
            found_here = _from_tags(doc, tagged, content, sentence_starts())
            out.extend(Candidate(a, "tagged") for a in [found_here] if a is not None)
            continue
        if id(rule) not in claimed:
            claimed[id(rule)] = _from_rule(doc, tagged, rule, content)
            out.append(Candidate(claimed[id(rule)], "claimed"))
        merged = claimed[id(rule)]
        if not rule_content:
            sure_enough = confidence_floor is None or tagged.confidence[found] >= confidence_floor
            own = _own_attribution(doc, tagged, rules, merged, content, sentence_starts) if sure_enough else None
            if own is not None:
                out.append(Candidate(own, "tagged"))
            else:
                merged.content.append(content)
            continue
        overlapping = [c for c in rule.content if _overlap(c, content)]
        if sum(e - s for s, e in overlapping) < RULE_SHORTER * (content[1] - content[0]):
            replaced.setdefault(id(rule), set()).update(overlapping)
            merged.content.append(content)
    for rule in rules:
        if rule_content and id(rule) in claimed:
            cut = replaced.get(id(rule), set())
            merged = claimed[id(rule)]
            merged.content = sorted({*merged.content, *(c for c in rule.content if c not in cut)})
    if keep_unclaimed:
        contents = SpanIndex([c for cand in out for c in cand.attribution.content])
        out.extend(
            Candidate(r, "rule") for r in rules
            if id(r) not in claimed and id(r) not in superseded
            and not (r.cue is not None and contents.overlapping(r.cue))
        )
    return out


def _own_attribution(
    doc: Doc, tagged: Tagged, rules: Sequence[Attribution], claimed: Attribution, content: tuple[int, int],
    sentence_starts: Callable[[], list[int]],
) -> Attribution | None:
    """A further tagged content the rule of ``claimed`` also covers, as an attribution of its own.

    A rule's content often takes in a second attribution ("22 percent said A, while 38 percent — who
    said B"; "A, foreign policy experts affirm B"; "insisted A, outlining B"). When the tagged
    content does not continue ``claimed``'s across its cue ("“A,” he said, “B”") or across a
    parenthetical aside (", he said,"), and the tagged cue nearest to it is another, it is that cue's.
    Validation, lenient / exact content F1 / speaker accuracy / end-to-end F1: 0.758 / 0.599 / 0.927 /
    0.703 with every such content merged into the rule's attribution, 0.759 / 0.609 / 0.924 / 0.702
    split off and judged by the acceptance model (0.757 / 0.607 / 0.924 / 0.700 if it always stood).
    """
    if not claimed.content or _cue_between(claimed, content):
        return None
    text = doc_text(doc)
    cues = [*tagged.cues, *(r.cue for r in rules if r.cue is not None)]
    sources = [*tagged.sources, *(r.source for r in rules if r.source is not None)]
    if _aside_between(text, claimed, content, cues, sources):
        return None
    own = _from_tags(doc, tagged, content, sentence_starts())
    if own is None or own.cue is None or (claimed.cue is not None and _overlap(own.cue, claimed.cue)):
        return None
    return own


def _swallowed(doc: Doc, tagged: Tagged, rule: Attribution, content: tuple[int, int]) -> bool:
    """Whether the tagged cue nearest to ``content``, in its sentence and right before it, lies inside the
    rule's content with the rule's cue outside it: the parse took a whole attribution for the content of
    another verb ("a street advocates have called" given "He urged the city to build bike lanes" as
    what they called), where the tagger, which tags only outermost attributions, found it one of its own.
    Validation lenient +0.0001, exact -0.0004, end-to-end +0.0008 (five attributions change cue)."""
    if rule.cue is None:
        return False
    text = doc_text(doc)
    near = [tagged.cues[i] for i in tagged.cue_index.within(content, CUE_REACH)]
    before = [c for c in near if c[1] <= content[0] and "\n" not in _between(text, c, content)]
    cue = max(before, default=None)
    if cue is None or _overlap(cue, rule.cue):
        return False
    # the rule's content opens on the tagged attribution (its source, its cue), not on words of its own before
    # an aside ("that the port, he said, would reopen")
    return any(
        a <= cue[0] and cue[1] <= b and _only_these_between(text, a, cue[0], tagged.sources) for a, b in rule.content
    )


def _cue_between(att: Attribution, content: tuple[int, int]) -> bool:
    """Whether ``att``'s cue lies between its contents and ``content`` (a quote its cue splits)."""
    if att.cue is None:
        return False
    first = min(s for s, _ in att.content)
    last = max(e for _, e in att.content)
    return (last <= att.cue[0] and att.cue[1] <= content[0]) or (content[1] <= att.cue[0] and att.cue[1] <= first)


_PARENTHESIS = ",—–-"


def _aside_between(
    text: str, att: Attribution, content: tuple[int, int], cues: Sequence[tuple[int, int]], sources: Sequence[tuple[int, int]]
) -> bool:
    """Whether a parenthetical source and cue (", he said,"), set off by commas or dashes on both sides,
    is all that lies between ``att``'s last content and ``content``, within one sentence and one paragraph."""
    last = max(e for _, e in att.content)
    if last > content[0]:
        return False
    between = text[last : content[0]].strip()
    if len(between) < 3 or between[0] not in _PARENTHESIS or between[-1] not in _PARENTHESIS:
        return False
    if not any(last <= a and b <= content[0] for a, b in sources):
        return False
    return _only_these_between(text, last, content[0], [*sources, *cues])


def _interrupted(text: str, found: Sequence[Candidate], content: tuple[int, int]) -> Candidate | None:
    """The candidate whose content ``content`` continues after its own cue interrupted it: only the cue,
    its source, punctuation and spaces lie between them, within one sentence and one paragraph."""
    for cand in reversed(found):
        att = cand.attribution
        if not att.content or att.cue is None:
            continue
        last = max(att.content, key=lambda c: c[1])
        if not (last[1] <= att.cue[0] and att.cue[1] <= content[0]):
            continue
        if _only_these_between(text, last[1], content[0], [span for span in (att.cue, att.source) if span is not None]):
            return cand
    return None


def _only_these_between(text: str, start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    """Whether text[start:end], once the ``spans`` wholly inside it are taken out, is only spaces and
    punctuation, with no sentence end or line break."""
    pos = start
    for a, b in sorted((a, b) for a, b in spans if start <= a and b <= end):
        if a > pos and _WORD_OR_END.search(text, pos, a):
            return False
        pos = max(pos, b)
    return not _WORD_OR_END.search(text, pos, end)


def _other_sources(doc: Doc, tagged: Tagged, content: tuple[int, int], cue: tuple[int, int]) -> list[tuple[int, int]]:
    """Tagged sources outside the content and in the cue's sentence (a source never speaks across one)."""
    sentence = doc.char_span(*cue, alignment_mode="expand").sent
    bounds = (sentence.start_char, sentence.end_char)
    in_sentence = (tagged.sources[i] for i in tagged.source_index.overlapping(bounds))
    return [
        s for s in in_sentence
        if not _overlap(s, content) and sentence.start_char <= s[0] and s[1] <= sentence.end_char
    ]


def _surer_source(
    doc: Doc, tagged: Tagged, content: tuple[int, int], cue: tuple[int, int], source: tuple[int, int], head: int | None
) -> tuple[tuple[int, int], int | None]:
    """The parse's subject of ``cue``, unless the tagger marked nothing there and is sure of another source
    beside the cue (a parse that took a quoted show title for the subject: "…,” Flynn said on “Fox and Friends.”")."""
    if tagged.source_index.overlapping(source):
        return source, head
    sure = doc.user_data.get(CONFIDENCE_KEY, {})
    rivals = [s for s in _other_sources(doc, tagged, content, cue) if sure.get(("SOURCE", *s), 0.0) >= SURE_SOURCE]
    better = _nearest(cue, rivals, SOURCE_REACH)
    return (better, _source_head(doc, better)) if better is not None else (source, head)


def _from_rule(doc: Doc, tagged: Tagged, rule: Attribution, content: tuple[int, int]) -> Attribution:
    """A rule attribution's cue and source (a tagged one beside the cue if the parse found none)."""
    source, head = rule.source, rule.source_head
    if source is not None and rule.cue is not None:
        source, head = _surer_source(doc, tagged, content, rule.cue, source, head)
    if source is None and rule.cue is not None:
        source = _nearest(rule.cue, _other_sources(doc, tagged, content, rule.cue), SOURCE_REACH)
        head = _source_head(doc, source)
    return Attribution(
        cue=rule.cue, cue_lemma=rule.cue_lemma, source=source, content=[],
        kind=rule.kind, sentence=rule.sentence, source_head=head,
    )


def _from_tags(doc: Doc, tagged: Tagged, content: tuple[int, int], sentence_starts: Sequence[int]) -> Attribution | None:
    """A content no rule found: the nearest tagged cue, and its subject or the nearest tagged source."""
    text = doc_text(doc)
    near = [tagged.cues[i] for i in tagged.cue_index.within(content, CUE_REACH)]
    same_block = [c for c in near if "\n" not in _between(text, content, c)]
    cue = _nearest(content, same_block, CUE_REACH)  # a cue never reaches across a paragraph or headline break
    if cue is None:
        return None
    cue_root = doc.char_span(*cue, alignment_mode="expand").root
    source, head = _parse_source(cue_root, content)
    if source is not None:
        source, head = _surer_source(doc, tagged, content, cue, source, head)
    if source is None:
        source = _nearest(cue, _other_sources(doc, tagged, content, cue), CUE_REACH)
        head = _source_head(doc, source)
    return Attribution(
        cue=cue, cue_lemma=cue_root.lemma_.lower(), source=source, content=[content],
        sentence=sentence_of(sentence_starts, cue[0]), source_head=head,
    )


def _snap_to_quote(content: tuple[int, int], quotes: Sequence[Quote]) -> tuple[int, int]:
    """Widen a content that starts or ends just inside a quotation to the quote marks."""
    start, end = content
    for q in quotes:
        if q.start < start <= q.start + 2 and end <= q.end:
            start = q.start
        if q.end - 2 <= end < q.end and start >= q.start:
            end = q.end
    return start, end
