"""Attribution rules over a parsed Doc: cue, source mention and content spans.

Each rule finds a cue (a speech/thought verb, "according to", a nominal cue
like "claim that"), then reads the source and content off the dependency
parse, with quotation marks deciding boundaries where they exist. Only the
outermost attribution of a nested one is kept, as in PolNeAR.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from ..models import Actor, Position
from .lexicon import (
    EMPTY_OBJECTS,
    NOMINAL_CUES,
    OBJECT_CUES,
    PREP_CUES,
    SPEECH_VERBS,
)
from .quotes import Quote, find_quotes
from .span_edges import close_quotes, disjoint, drop_dangling_end, drop_opening_conjunction
from .spanindex import OwnedSpans
from .subjects import subject_of

# Verbs whose "to"-infinitive carries the content: "urged Congress to act".
_XCOMP_CUES = frozenset(
    "promise pledge vow agree urge threaten ask demand expect hope plan offer refuse "
    "decline claim vow propose intend".split()
)
_MENTION_CUT_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp", "xcomp"})
_MAX_CUE_GAP = 3  # characters allowed between a quote and its cue clause (", " or ": ")


@dataclass(slots=True)
class Attribution:
    """One attribution found in a Doc, in character offsets (mutable while resolving)."""

    cue: tuple[int, int] | None
    cue_lemma: str | None
    source: tuple[int, int] | None
    content: list[tuple[int, int]]
    kind: str = "indirect"
    sentence: int = 0
    source_head: int | None = None  # token index of the source mention's head
    actors: list[Actor] = field(default_factory=list)
    position: Position | None = None

    def content_start(self) -> int:
        return min(s for s, _ in self.content)

    def content_end(self) -> int:
        return max(e for _, e in self.content)


# -- spans of tokens ---------------------------------------------------------

TEXT_KEY = "onrecord_text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per Doc: spaCy joins it from the tokens on every access, and the
    rules read it thousands of times per article (it was most of their time)."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text



def _char_span(tokens: Iterable[Token]) -> tuple[int, int] | None:
    toks = [t for t in tokens if not t.is_space]
    if not toks:
        return None
    return min(t.idx for t in toks), max(t.idx + len(t.text) for t in toks)


def _trim(doc: Doc, span: tuple[int, int] | None) -> tuple[int, int] | None:
    """Trim whitespace and dangling commas/dashes from a character span."""
    if span is None:
        return None
    text = doc_text(doc)
    start, end = span
    while start < end and (text[start].isspace() or text[start] in ",;—–-:"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;—–-:(" or _final_period(text, start, end)):
        end -= 1
    return (start, end) if end > start else None


def _final_period(text: str, start: int, end: int) -> bool:
    """A sentence-final period, not the end of an abbreviation like 'U.S.'."""
    return text[end - 1] == "." and end - start > 2 and not text[end - 2].isupper() and text[end - 2] != "."


def _subtree_span(tok: Token, exclude: Token | None = None) -> tuple[int, int] | None:
    """Character span of ``tok``'s subtree, cut before ``exclude``'s subtree if given."""
    toks = list(tok.subtree)
    if exclude is not None:
        skip = {t.i for t in exclude.subtree}
        toks = [t for t in toks if t.i not in skip]
    return _char_span(toks)


def _edge_before_clauses(tok: Token) -> int:
    """The last token of ``tok``'s subtree before any clause in it: an appositive ends before a clause
    the parse hung on a word inside it ("Howard Rubel, a senior analyst at Jefferies, | who notes …")."""
    right = tok.i
    for child in tok.rights:
        if child.dep_ in _MENTION_CUT_DEPS:
            break
        right = max(right, _edge_before_clauses(child))
    return right


def mention_span(head: Token) -> tuple[int, int] | None:
    """The speaker mention around ``head``: titles, names, appositives; not clauses."""
    left = head.left_edge.i
    right = head.i
    for child in head.rights:
        if child.dep_ in _MENTION_CUT_DEPS:
            break
        right = max(right, _edge_before_clauses(child))
    for child in head.lefts:
        if child.dep_ in _MENTION_CUT_DEPS:
            left = max(left, child.right_edge.i + 1)
    doc = head.doc
    toks = list(doc[left : right + 1])
    while toks and (toks[-1].is_punct or toks[-1].dep_ == "case") and len(toks) > 1:
        toks.pop()
    while toks and toks[0].is_punct and len(toks) > 1:
        toks.pop(0)
    return _char_span(toks)


# -- finding the parts of one cue -------------------------------------------


_CHARGING = frozenset({"accuse", "blame", "criticize", "criticise", "praise", "condemn", "charge"})  # X of / for Y


def _clause_content(verb: Token) -> list[Token]:
    """Complement clauses of a cue verb: ccomp, and xcomp for verbs of promising."""
    heads = [c for c in verb.children if c.dep_ == "ccomp"]
    if not heads and verb.lemma_ in _XCOMP_CUES:
        heads = [c for c in verb.children if c.dep_ == "xcomp"]
    if not heads and verb.lemma_ in OBJECT_CUES:
        heads = [c for c in verb.children if c.dep_ == "dobj" and c.lower_ not in EMPTY_OBJECTS]
    if not heads and verb.lemma_ in PREP_CUES:
        preps = PREP_CUES[verb.lemma_]
        # "drew a red line on X" attaches "on" to the verb or to "line"
        holders = [verb] + [c for c in verb.children if c.dep_ == "dobj" and c.lemma_ == "line"]
        heads = [
            obj
            for holder in holders
            for c in holder.children
            if c.dep_ == "prep" and c.lower_ in preps
            for obj in c.children
            if obj.dep_ in ("pobj", "pcomp")
        ]
    return heads


def _prep_extension(verb: Token, head: Token) -> tuple[int, int] | None:
    """Content of 'insisted on X as part of Y': from X through the verb's later modifiers."""
    span = _subtree_span(head)
    if span is None:
        return None
    end = span[1]
    for child in verb.rights:
        if child.i > head.i and child.dep_ in ("prep", "npadvmod", "advmod"):
            end = max(end, child.right_edge.idx + len(child.right_edge.text))
    return span[0], end


def _charge(verb: Token, heads: list[Token]) -> list[tuple[int, int]]:
    """What a cue of charging or crediting someone says of them where the parse hung it on the verb past a
    time: "accused the government | on Sunday | of planning a tax increase" (the object alone had been
    the content)."""
    if verb.lemma_ not in _CHARGING or len(heads) != 1 or heads[0].dep_ != "dobj":
        return []
    prep = next((c for c in verb.rights if c.dep_ == "prep" and c.lower_ in ("of", "for") and c.i > heads[0].right_edge.i), None)
    span = _trim(verb.doc, _subtree_span(prep)) if prep is not None else None
    return [span] if span else []


def _multiword_cue(verb: Token) -> tuple[int, int]:
    """Cue span: the verb with its particle ("ruled out") or idiom object ("drew a red line")."""
    toks = [verb] + [c for c in verb.children if c.dep_ == "prt"]
    if verb.lemma_ == "draw":
        toks += [t for c in verb.children if c.dep_ == "dobj" and c.lemma_ == "line" for t in c.subtree]
    span = _char_span(toks)
    assert span is not None
    return span


def _is_cue_verb(tok: Token) -> bool:
    if tok.pos_ not in ("VERB", "AUX") and tok.tag_ not in ("VBD", "VBZ", "VBP", "VBN", "VBG", "VB"):
        return False
    lemma = tok.lemma_.lower()
    if lemma == "draw":
        return any(c.dep_ == "dobj" and c.lemma_ == "line" for c in tok.children)
    if lemma == "rule":
        return any(c.dep_ == "prt" and c.lower_ == "out" for c in tok.children)
    return lemma in SPEECH_VERBS or lemma in OBJECT_CUES or lemma in PREP_CUES


def _adjacent_quote(doc: Doc, quotes: Sequence[Quote], clause: tuple[int, int]) -> Quote | None:
    """A quote that ends just before or starts just after a cue clause."""
    text = doc_text(doc)
    start, end = clause
    for q in quotes:  # the gaps' lengths first: slicing the text up to every quote made a long text quadratic
        if 0 <= q.start - end <= _MAX_CUE_GAP and not text[end : q.start].strip(" ,:\n"):
            return q
        if 0 <= start - q.end <= _MAX_CUE_GAP and not text[q.end : start].strip(" ,"):
            return q
    return None


def _overlaps(quote: Quote, span: tuple[int, int]) -> bool:
    return quote.start < span[1] and span[0] < quote.end


def _verb_attribution(verb: Token, quotes: Sequence[Quote], sent_index: int) -> Attribution | None:
    doc = verb.doc
    subject = subject_of(verb)
    heads = _clause_content(verb)
    if heads and heads[0].dep_ in ("pobj", "pcomp"):
        content = [s for s in (_trim(doc, _prep_extension(verb, h)) for h in heads) if s]
    else:
        content = [s for s in (_trim(doc, _subtree_span(h)) for h in heads) if s] + _charge(verb, heads)
    clause = _char_span([verb, *(t for c in verb.children if c.dep_ in ("aux", "neg", "advmod") for t in c.subtree)]
                        + ([*subject.subtree] if subject is not None and subject.i < verb.i + 3 else []))
    quote = _adjacent_quote(doc, quotes, clause) if clause else None
    if quote is not None and (not content or any(_overlaps(quote, c) for c in content)):
        # the parse cuts quotes at sentence ends; the marks say where the quote really ends
        content = [(quote.start, quote.end)]
    if not content:
        return None
    if subject is not None and subject.lower_ in EMPTY_OBJECTS - {"that", "who", "which"}:
        subject_span = _char_span([subject])
    else:
        subject_span = mention_span(subject) if subject is not None else None
    return Attribution(
        cue=_multiword_cue(verb),
        cue_lemma=_cue_lemma(verb),
        source=subject_span,
        source_head=subject.i if subject is not None else None,
        content=content,
        sentence=sent_index,
    )


def _cue_lemma(verb: Token) -> str:
    lemma = verb.lemma_.lower()
    if lemma == "rule":
        return "rule out"
    if lemma == "draw":
        return "draw a red line"
    return lemma


def _according_to(tok: Token, sent_index: int) -> Attribution | None:
    """'according to X': X is the source, the clause it modifies is the content."""
    if tok.lower_ != "according":
        return None
    to = next((c for c in tok.children if c.lower_ == "to"), None)
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    if to is None and nxt is not None and nxt.lower_ == "to":
        to = nxt
    if to is None:
        return None
    source = next((c for c in to.children if c.dep_ == "pobj"), None)
    doc = tok.doc
    phrase = {t.i for t in tok.subtree} | {t.i for t in to.subtree} | {tok.i, to.i}
    sent = tok.sent
    rest = [t for t in sent if t.i not in phrase]
    before = _trim(doc, _char_span(t for t in rest if t.i < min(phrase)))
    after = _trim(doc, _char_span(t for t in rest if t.i > max(phrase)))
    text = doc_text(doc)
    content = [s for s in (before, after) if s and any(ch.isalnum() for ch in text[s[0] : s[1]])]
    if len(content) == 2 and tok.head.i < tok.i:
        # the phrase follows the clause it qualifies: what comes after it is another matter ("Clinton leads by 271
        # delegates, according to a count by The AP, but Sanders has vowed to …"); only a phrase set inside its
        # clause takes both sides ("Over the long term, according to the budget office, the rise … is …")
        content = content[:1]
    if not content:
        return None
    cue = _char_span([tok, to])
    return Attribution(
        cue=cue,
        cue_lemma="according to",
        source=mention_span(source) if source is not None else None,
        source_head=source.i if source is not None else None,
        content=content,
        kind="according_to",
        sentence=sent_index,
    )


def _nominal(tok: Token, sent_index: int) -> Attribution | None:
    """'X's claim that Y' / 'the assessment by X that Y'."""
    if tok.pos_ != "NOUN" or tok.lemma_.lower() not in NOMINAL_CUES:
        return None
    clause = next(
        (c for c in tok.children if c.dep_ in ("acl", "ccomp") and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)),
        None,
    )
    if clause is None:
        return None
    speaker = next((c for c in tok.children if c.dep_ == "poss"), None)
    if speaker is None:
        by = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("by", "from", "of")), None)
        speaker = next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None
    content = _trim(tok.doc, _subtree_span(clause))
    if content is None:
        return None
    return Attribution(
        cue=_char_span([tok]),
        cue_lemma=tok.lemma_.lower(),
        source=mention_span(speaker) if speaker is not None else None,
        source_head=speaker.i if speaker is not None else None,
        content=[content],
        sentence=sent_index,
    )


# -- the whole document -------------------------------------------------------


def _drop_nested(found: list[Attribution]) -> list[Attribution]:
    """Keep only outermost attributions: drop one whose cue lies in another's content."""
    contents = OwnedSpans([b.content for b in found])
    kept = []
    for a in found:
        probe = a.cue or (a.content_start(), a.content_start() + 1)
        if not any(found[i] is not a for i in contents.containing(probe)):
            kept.append(a)
    return kept


def _following_quote(text: str, a: Attribution, quotes: Sequence[Quote]) -> Quote | None:
    """The quotation that opens the sentence after the cue's, in the same paragraph, when the
    attribution's one content is a quotation closed before its cue ('“X,” he said. “Y.”')."""
    if a.cue is None or len(a.content) != 1:
        return None
    q_start, q_end = a.content[0]
    if text[q_start] not in "“\"«'" or q_end > a.cue[0]:
        return None
    follow = next((q for q in quotes if q.start >= a.cue[1]), None)
    if follow is None:
        return None
    between = text[a.cue[1] : follow.start]
    # the cue's sentence ends right before the quotation, in the same paragraph, and no other sentence ends between them
    if "\n" in between:
        return None
    between = between.rstrip()
    if not between.endswith((".", "!", "?")):
        return None
    if any(between[i] in ".!?" and between[i + 1] == " " and not between[i - 1].isupper() for i in range(1, len(between) - 1)):
        return None
    return follow


def _merge_split_quotes(doc: Doc, found: list[Attribution], quotes: Sequence[Quote]) -> list[Attribution]:
    """'“X,” he said. “Y.”' is one attribution: the quotation that follows the cue's sentence joins it,
    taken from any attribution that claimed it with a cue outside it (a participle of the cue's
    sentence, or a tagged cue nearby); an attribution left with no content goes."""
    text = doc_text(doc)
    for a in found:
        follow = _following_quote(text, a, quotes)
        if follow is None:
            continue
        holders = [b for b in found if b is not a and any(c[0] < follow.end and follow.start < c[1] for c in b.content)]
        if any(b.cue is None or not a.content[0][0] <= b.cue[0] < follow.start for b in holders):
            continue  # the quotation has a cue of its own, outside the sentence before it ("“Y,” she added")
        if any(b is not a and b.cue and follow.start <= b.cue[0] < follow.end for b in found):
            continue  # or inside it
        a.content.append((follow.start, follow.end))
        for b in found:
            if b is not a:
                b.content = [c for c in b.content if not (follow.start <= c[0] and c[1] <= follow.end)]
    return [a for a in found if a.content]


def find_attributions(doc: Doc, quotes: Sequence[Quote] | None = None) -> list[Attribution]:
    """Every outermost attribution in ``doc``, ordered by position.

    Args:
        doc: a parsed Doc (tagger, parser, lemmatizer).
        quotes: quotation spans of ``doc.text``; found here when not given.

    Returns:
        Attributions with character offsets into ``doc.text``; speakers unresolved.
    """
    if quotes is None:
        quotes = find_quotes(doc_text(doc))
    found: list[Attribution] = []
    for sent_index, sent in enumerate(doc.sents):
        found.extend(_sentence_attributions(sent, quotes, sent_index))
    return finalize(doc, _drop_nested(found), quotes)


# Impressions nobody in particular holds: "the event seemed an insult", "Rubio could be seen as the
# more electable choice", "the plan is expected to pass". PolNeAR gives these no source: on train,
# 177 of 222 "seem"/"appear" cues, 48 of 50 passive "expected", 29 of 30 "known/seen/viewed as",
# 10 of 12 "reportedly"; and questions whose asker goes unnamed: 11 of 11 "asked about", 11 of 13
# "was asked". Their grammatical subject belongs to the content.
IMPRESSION_VERBS = frozenset({"seem", "appear"})
IMPRESSION_PHRASES = ("known as", "seen as", "viewed as", "reportedly")


def _sourceless(doc: Doc, cue: tuple[int, int] | None) -> bool:
    """Whether a cue voices an impression nobody in particular holds (see ``IMPRESSION_VERBS``)."""
    if cue is None:
        return False
    span = doc.char_span(*cue, alignment_mode="expand")
    if span is None or not len(span):
        return False
    words = span.text.lower()
    if any(p in words for p in IMPRESSION_PHRASES):
        return True
    root = span.root
    if root.lemma_.lower() in IMPRESSION_VERBS:
        return True
    if root.lemma_.lower() == "ask" and root.tag_ == "VBN" and not any(c.dep_ in ("nsubj", "aux") for c in root.children):
        return True  # "Asked about the wall, Trump said …": the question's asker goes unnamed ("The union has asked" names it)
    return any(c.dep_ == "auxpass" for c in root.children) and not any(c.dep_ == "agent" for c in root.children)


_FRONTED_DEPS = ("nsubj", "nsubjpass", "csubj", "csubjpass")
_EXPLETIVES = frozenset({"it", "there"})


def _fronted_subject(doc: Doc, a: Attribution) -> tuple[int, int] | None:
    """The grammatical subject of a sourceless cue, where it stands before the cue outside the content.

    "[The sale] is expected [to close in May]", "[Mr. Trump's tone] often seemed [an insult]",
    "[Bloomberg] reportedly [considering a run]": what nobody in particular says is about the
    subject, so PolNeAR makes it the content's first span (on train, 27 of 29 "is expected",
    39 of 42 "seemed", 8 of 9 "reportedly" split their content so).
    """
    if a.cue is None or a.source is not None:
        return None
    span = doc.char_span(*a.cue, alignment_mode="expand")
    if span is None or not len(span):
        return None
    verb = span.root.head if span.root.pos_ == "ADV" else span.root
    subject = next((c for c in verb.children if c.dep_ in _FRONTED_DEPS), None)
    if subject is None or subject.dep_ == "expl" or subject.lower_ in _EXPLETIVES:
        return None
    found = _trim(doc, _subtree_span(subject))
    if found is None or found[1] > a.cue[0] or any(s < found[1] and found[0] < e for s, e in a.content):
        return None
    return found


def _depth(doc: Doc, cue: tuple[int, int] | None) -> int:
    """How far a cue's head word sits below its sentence's root (no cue: deepest)."""
    span = doc.char_span(*cue, alignment_mode="expand") if cue is not None else None
    if span is None or not len(span):
        return 99
    tok, depth = span.root, 0
    while tok.head.i != tok.i and depth < 99:
        tok, depth = tok.head, depth + 1
    return depth


def _drop_repeated_contents(doc: Doc, found: list[Attribution]) -> list[Attribution]:
    """One content is attributed once: of two attributions with the same contents ("“X,” he said,
    speaking on condition of anonymity"), the one whose cue governs the sentence stays."""
    by_content: dict[tuple[tuple[int, int], ...], Attribution] = {}
    for a in sorted(found, key=lambda a: _depth(doc, a.cue)):
        by_content.setdefault(tuple(sorted(a.content)), a)
    kept = {id(a) for a in by_content.values()}
    return [a for a in found if id(a) in kept]


def _merge_shared_cues(found: list[Attribution]) -> list[Attribution]:
    """One cue introduces one attribution: contents that share a cue become its spans."""
    by_cue: dict[tuple[int, int], Attribution] = {}
    out = []
    for a in found:
        first = by_cue.get(a.cue) if a.cue is not None else None
        if first is None:
            if a.cue is not None:
                by_cue[a.cue] = a
            out.append(a)
        else:
            first.content.extend(a.content)
    return out


def finalize(doc: Doc, found: list[Attribution], quotes: Sequence[Quote]) -> list[Attribution]:
    """Merge contents that share a cue, drop the source of an impression nobody holds
    (``_sourceless``), close quotes a content opens, set kinds, order by position."""
    found = _merge_split_quotes(doc, _drop_repeated_contents(doc, _merge_shared_cues(found)), quotes)
    text = doc_text(doc)
    for a in found:
        if a.source is not None and _sourceless(doc, a.cue):
            a.source, a.source_head = None, None
        subject = _fronted_subject(doc, a)
        if subject is not None:
            a.content.append(subject)
        a.content = disjoint(sorted({
            drop_dangling_end(text, drop_opening_conjunction(text, close_quotes(text, span, quotes))) for span in a.content
        }))
        a.kind = _kind(text, a, quotes)
    found.sort(key=lambda a: (a.content_start(), a.cue or (0, 0)))
    return found


def _sentence_attributions(sent: Span, quotes: Sequence[Quote], sent_index: int) -> list[Attribution]:
    out: list[Attribution] = []
    for tok in sent:
        att = None
        if tok.lower_ == "according":
            att = _according_to(tok, sent_index)
        elif _is_cue_verb(tok):
            att = _verb_attribution(tok, quotes, sent_index)
        elif tok.pos_ == "NOUN":
            att = _nominal(tok, sent_index)
        if att is not None:
            out.append(att)
    if not out:
        introduced = _introduced_quote(sent, quotes, sent_index)
        if introduced is not None:
            out.append(introduced)
    return out


def _introduced_quote(sent: Span, quotes: Sequence[Quote], sent_index: int) -> Attribution | None:
    """A sentence that ends in a colon with a quotation right after it introduces that quotation, whatever
    its verb ("Cruz continued:", "Clinton released the following statement:", "Stated Stone:"): its
    subject's words. On the training articles every one of the 26 quotations after a colon and a line
    break is annotated so."""
    text = doc_text(sent.doc)
    end = sent.end_char
    if not text[sent.start_char : end].rstrip().endswith(":"):
        return None
    quote = next((q for q in quotes if q.start >= end and not text[end : q.start].strip()), None)
    root = sent.root
    if quote is None or root.pos_ not in ("VERB", "AUX") or root.lemma_ == "be":
        return None  # "The agenda was as follows:" is no one's words
    subject = subject_of(root)
    if subject is None:
        return None
    return Attribution(
        cue=_multiword_cue(root), cue_lemma=_cue_lemma(root), source=mention_span(subject), source_head=subject.i,
        content=[(quote.start, quote.end)], sentence=sent_index,
    )


def _kind(text: str, att: Attribution, quotes: Sequence[Quote]) -> str:
    """direct: every content span is a whole quotation; mixed: some quoted words; else indirect."""
    if att.kind == "according_to":
        return "according_to"
    inside = [any(q.start <= s and e <= q.end for q in quotes) for s, e in att.content]
    if all(inside):
        return "direct"
    if any(q.start < e and s < q.end for s, e in att.content for q in quotes):
        return "mixed"
    return "indirect"
