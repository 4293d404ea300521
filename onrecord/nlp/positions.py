"""Whose position a statement describes, in what voice, with what stance, about what.

Read off the parse of the content clause, for one attribution at a time:

* **holder**: the actor that is the subject of the reported clause, where the
  clause gives it a stance ("Witkoff said *Russia* had agreed …") or the
  speaker speaks for it; for a clause that only says something of an actor
  ("the defender Tom Aske would miss six weeks") or has no actor for a subject
  ("… guarantees were unacceptable", a bare noun phrase), the speaker's
  affiliation, else the speaker.
* **voice**: ``own`` when the holder speaks, or one of its officials or
  organs does (Lavrov → Russia, the Kremlin → Russia); ``reported`` otherwise.
* **stance**: from the content's predicate chain when the holder is the
  clause's subject ("had agreed" → accept, "is prepared to" → commit, "have
  made concessions" → concede); when the holder is the speaker, from an
  evaluative predicate ("unacceptable" → reject) or else the cue ("insisted"
  → demand, "drew a red line" → reject). Negation flips it ("no longer
  insists" → concede, "did not rule out" → accept); a negated modal on a plain
  verb ("could not install") under an accepting cue is a concession. A
  question ("Why won't he release …?") takes no stance: ``assert``.
* **proposition**: a short phrase naming what the stance is about
  (:mod:`onrecord.nlp.propositions`).
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from ..models import Actor, Position
from .attribution import Attribution
from .holders import holder_of, same_side
from .propositions import CHAIN_DEPS, phrase_text, proposition_phrase, sided_matter
from .stance_words import (
    ADJECTIVE_STANCES, FLIP, NEUTRAL_PHRASES, NOUN_STANCES, PHRASE_STANCES, UNDERGONE, VERB_STANCES, phrase_stance,
)

_DESIRES = frozenset({"want", "wish"})
_ACCEPTING_CUES = frozenset({"recognize", "recognise", "acknowledge", "accept", "agree", "admit", "concede"})
_MODALS = frozenset({"can", "could", "will", "would", "shall", "should", "may", "might", "must"})
_ACTOR_KINDS = frozenset({"person", "organization", "country", "place", "group"})
# in someone's own quoted words "he", "she" or "they" is someone else: the speaker says "I" ("Of course. He wanted
# to run," Daley said)
_THIRD_PERSONS = frozenset({"he", "she", "they"})
_OTHERS = frozenset({"ally", "partner", "friend", "enemy", "opponent", "rival", "critic", "adversary", "neighbor", "neighbour"})
_TAKEN = frozenset({"accept", "commit", "concede"})  # stances a denial of them takes back


def _content_tokens(doc: Doc, att: Attribution) -> list[Token]:
    out: list[Token] = []
    for start, end in att.content:
        span = doc.char_span(start, end, alignment_mode="expand")
        out.extend(span if span is not None else [])
    return out


def _root(tokens: list[Token]) -> Token | None:
    """The token of the content whose head lies outside it (a verb or adjective first)."""
    inside = {t.i for t in tokens}
    roots = [t for t in tokens if t.head.i not in inside or t.head.i == t.i]
    for tok in roots:
        if tok.pos_ in ("VERB", "AUX", "ADJ"):
            return tok
    return roots[0] if roots else None


def _subject(pred: Token) -> Token | None:
    for child in pred.children:
        if child.dep_ in ("nsubj", "nsubjpass", "csubj", "expl"):
            return child if child.dep_ != "expl" else None
    if pred.dep_ in ("acomp", "attr", "xcomp") and pred.head.i != pred.i:
        return _subject(pred.head)
    return None


def _no_longer(tok: Token) -> bool:
    """Whether a verb is negated as something given up: "no longer insists", "does not insist any more"."""
    if any(c.lower_ in ("anymore", "no longer") or (c.lower_ in ("longer", "more") and any(g.lower_ in ("no", "any")
           for g in c.children)) for c in tok.children):
        return True
    prev = tok.doc[tok.i - 2 : tok.i]
    return len(prev) == 2 and prev[0].lower_ == "no" and prev[1].lower_ == "longer"


def _negated(tok: Token) -> bool:
    for child in tok.children:
        if child.dep_ == "neg" or child.lower_ in ("never", "no longer"):
            return True
        if child.lower_ == "longer" and any(g.lower_ == "no" for g in child.children):
            return True
    prev = tok.doc[tok.i - 2 : tok.i]
    return len(prev) == 2 and prev[0].lower_ == "no" and prev[1].lower_ == "longer"


def _future(tok: Token) -> bool:
    """Whether a verb speaks of what its subject will do: a future tense of a verb of doing (not advice:
    "would do well to begin building bridges")."""
    advice = tok.lemma_ == "do" and any(c.lower_ == "well" for c in tok.children)
    return tok.lemma_.lower() not in UNDERGONE and not advice and any(
        c.dep_ == "aux" and c.lower_ in ("will", "would", "shall", "'ll", "wo") for c in tok.children)


_OBLIGING = frozenset({"should", "must", "ought", "shall", "need"})


def _states_a_fact(pred: Token) -> bool:
    """Whether a clause says what is rather than what must be: a finite verb with no "should", "must" or
    "need" and not a bare subjunctive ("that the squad still had everything", not "that Russia should be
    included", "that the talks be held in Geneva")."""
    auxiliaries = [c for c in pred.children if c.dep_ in ("aux", "auxpass")]
    if any(c.lower_ in _OBLIGING or c.tag_ == "TO" for c in auxiliaries):
        return False
    finite = [t for t in (*auxiliaries, pred) if t.tag_ in ("VBD", "VBZ", "VBP", "MD")]
    return bool(finite)  # none: an infinitive, a participle, a subjunctive ("be held", "include")


def _obliged(chain: list[Token], subject: Token) -> bool:
    """Whether a clause says what its subject should do ("should not take", "must withdraw", "ought to",
    "needs to take the first steps"); not a condition ("should Clinton attempt a return", the modal before its
    subject), nor what it would need to do ("Orbital would need to raise $400 million": an estimate)."""
    return any(c.dep_ == "aux" and c.lower_ in ("should", "must", "ought") and c.i > subject.i
               for tok in chain for c in tok.children) or (_needs_to(chain[0]) and not _possible(chain[0], "would"))


def _modal(tok: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ in _MODALS for c in tok.children)


def _chain(pred: Token) -> list[Token]:
    """The predicate and the complements it hands its meaning to: 'was willing to allow'."""
    out = [pred]
    tok = pred
    for _ in range(3):
        nxt = next((c for c in tok.children if c.dep_ in CHAIN_DEPS[:4]), None)
        if nxt is None or _relative(nxt):
            break  # not into "justices who are opposed to …", however the parse hung it
        out.append(nxt)
        tok = nxt
    return out


def _chain_stance(chain: list[Token]) -> tuple[str | None, bool]:
    """(stance, negated) of the first stance-bearing word in the chain. A demand given up is a concession
    ("Russia no longer insists on a veto"); one not made ("never asked for a veto") stays a demand, negated,
    which concedes nothing (:data:`~onrecord.nlp.stance_words.FLIP` keeps it so)."""
    stance, negated = _first_stance(chain)
    if stance == "demand" and negated and any(_no_longer(t) for t in chain):
        return "concede", False
    return stance, negated


def _first_stance(chain: list[Token]) -> tuple[str | None, bool]:
    negated = False
    for tok in chain:
        negated ^= _negated(tok)
        lemma = tok.lemma_.lower()
        if negated and lemma in _DESIRES and tok.pos_ in ("VERB", "AUX"):
            # "Israel doesn't want another adversary state": a refusal, not the concession that "no longer
            # insists" is; the stance says so, so nothing is left to flip
            return "reject", False
        objects = [c for c in tok.children if c.dep_ in ("dobj", "prt", "prep")]
        if lemma == "accept" and any(_received(c) for c in objects if c.dep_ == "dobj"):
            continue  # "accepted more than $200,000", "accepted donations": received, agreed to nothing
        if any(f"{lemma} {c.lower_}" in NEUTRAL_PHRASES for c in tok.children if c.dep_ in ("prt", "advmod") and c.i == tok.i + 1):
            continue  # "pushed back the launch": put off, no demand
        for obj in objects:
            stance = phrase_stance(f"{lemma} {obj.lemma_.lower()}")
            if stance is not None:
                return stance, negated
        sided = sided_matter(tok)
        if sided is not None:
            return sided[0], negated  # "is in favor of free trade", "spoke in opposition to the plan"
        if tok.pos_ == "ADJ" or tok.dep_ in ("acomp",):
            stance = ADJECTIVE_STANCES.get(lemma) or ADJECTIVE_STANCES.get(tok.lower_)
            if stance == "commit" and not _ready_to(tok):
                stance = None  # "isn't ready for the White House" says what he is, not what he will do
        elif tok.pos_ in ("VERB", "AUX"):
            stance = VERB_STANCES.get(lemma)
        else:
            stance = NOUN_STANCES.get(lemma)
        if stance is not None:
            if stance in ("commit", "accept"):
                refusal = _refusal_after(chain[chain.index(tok) + 1 :])
                if refusal is not None:
                    # "plans to boycott the debate", "pledged to veto the bill": undertaking a refusal refuses
                    return "reject", negated ^ refusal
            return stance, negated
    return None, negated


# what one accepts by taking it in hand, not by agreeing to it
_RECEIPTS = frozenset("money cash bribe bribes donation contribution gift payment fund loan kickback fee check "
                      "salary dollar".split())


def _received(obj: Token) -> bool:
    """Whether a verb's object is money or a thing given ("$200,000", "bribes", "a donation from …")."""
    return obj.ent_type_ == "MONEY" or obj.lemma_.lower() in _RECEIPTS


def _refusal_after(rest: list[Token]) -> bool | None:
    """Whether a verb of refusal follows in the chain (and whether it is negated itself); None when none does."""
    negated = False
    for tok in rest:
        negated ^= _negated(tok)
        if tok.pos_ == "VERB" and VERB_STANCES.get(tok.lemma_.lower()) == "reject":
            return negated
    return None


def _ready_to(adjective: Token) -> bool:
    """Whether a word of readiness says what for: "ready to negotiate", "committed to the talks"."""
    return any(c.dep_ == "xcomp" or (c.dep_ == "prep" and c.lower_ == "to") for c in adjective.children)


def position_of(doc: Doc, att: Attribution, resolve_subject, actor_named) -> Position:
    """The position one attribution describes (see the module docstring).

    A question takes no stance: "Why won't he release his tax returns?" says nothing of what he
    rejected, so its stance is "assert", not negated.

    Args:
        doc: the processed Doc.
        att: an attribution with resolved ``actors``.
        resolve_subject: token → list of actors (the article's coreference).
        actor_named: name → the gazetteer's actor of that name, or None (for affiliations).
    """
    content = _content_tokens(doc, att)
    pred = _root(content)
    position = _position_of(doc, att, content, pred, resolve_subject, actor_named)
    if pred is not None and (_asks(pred, {t.i for t in content}) or _embedded_question(content, pred)):
        return replace(position, stance="assert", negated=False)
    if position.voice == "reported" and pred is not None and _hoped_for(att.cue_lemma, pred):
        return replace(position, stance="assert", negated=False)
    return position


_WH = frozenset({"how", "whether", "if", "why", "what", "when", "where", "who", "which"})
_HOPING = frozenset({"hope", "wish", "pray", "fear", "worry", "wonder", "doubt", "bet", "dream"})
_PREDICTING = frozenset({"expect", "predict", "anticipate", "believe", "think", "suspect", "guess", "assume", "forecast"})


def _embedded_question(content: list[Token], pred: Token) -> bool:
    """Whether the content is an indirect question ("asked how he would handle the deportation", "questioning
    whether Obama would have attended"): it asks, it says nothing of a position."""
    # the question word opens the content's own clause ("asked Lavrov how Russia would handle …"); "what
    # Russia wanted was a ceasefire" and "if elected, he would …" open with one of a clause inside it
    return any(t.lower_ in _WH and t.head.i == pred.i and t.i < pred.i for t in content)


def _hoped_for(cue_lemma: str | None, pred: Token) -> bool:
    """Whether someone else's words are a hope or a forecast of what the holder will do, not a position it took:
    "Party leaders hope Sanders will tone down his attacks", "Democrats believe the pressure will become too
    great for Republicans to resist"."""
    lemma = (cue_lemma or "").lower()
    return lemma in _HOPING or (lemma in _PREDICTING and any(_future(t) or _modal(t) for t in pred.subtree))


def _object_in_cue(cue: Span) -> bool:
    """Whether the cue's verb of stance has its object in the cue itself ("didn't provide any descriptions
    for", "signed a bill ending"): what it takes a stance on is that object, not the content. A phrase
    of stance whose object is the phrase ("drew a red line on") is not such a cue."""
    lemmas = f" {' '.join(t.lemma_.lower() for t in cue if not t.is_punct)} "
    if any(f" {phrase} " in lemmas for phrase, _ in PHRASE_STANCES):
        return False
    return any(t.lemma_.lower() in VERB_STANCES and any(c.dep_ == "dobj" and cue.start <= c.i < cue.end for c in t.children)
               for t in cue)


def _asks(pred: Token, inside: set[int]) -> bool:
    """Whether the content's sentence of ``pred`` is a question: its last word in the content, before
    closing quotes, is "?"."""
    for tok in reversed(pred.sent):
        if tok.i not in inside or tok.is_space or tok.is_quote or tok.text in (")", "]"):
            continue
        return tok.text == "?"
    return False


def _position_of(doc: Doc, att: Attribution, content: list[Token], pred: Token | None, resolve_subject,
                 actor_named) -> Position:
    speaker = att.actors[0] if att.actors else None
    cue_stance = phrase_stance(att.cue_lemma)
    cue_negated = False
    cue_span = None
    if att.cue is not None:
        cue_span = doc.char_span(*att.cue, alignment_mode="expand")
        cue_negated = cue_span is not None and any(_negated(t) for t in cue_span)
        if cue_stance is None and cue_span is not None:
            # the cue's words as written: "calls for more troops" is a demand where the lemma kept is "call"
            words = [t.lemma_ for t in cue_span if not t.is_punct]
            cue_stance = phrase_stance(" ".join(words))
            after = doc[cue_span.end] if cue_span.end < len(doc) else None
            if cue_stance is None and after is not None and after.pos_ in ("ADP", "PART") and after.head in cue_span:
                cue_stance = phrase_stance(" ".join([*words, after.lower_]))  # "called | for | restraint"
        elif cue_span is not None and _object_in_cue(cue_span):
            cue_stance = None  # "didn't provide any descriptions for | John Kasich" rejects no Kasich
    if cue_negated and cue_stance is not None:
        cue_stance = FLIP[cue_stance]
    answered = _answered_claim(content, cue_span, speaker, resolve_subject, actor_named)
    if answered is not None:
        return answered
    if att.cue_lemma == "insist" and cue_stance == "demand" and pred is not None and _states_a_fact(pred):
        cue_stance = None  # "insisting that the squad still had everything we need" demands nothing
    if att.cue_lemma in ("decline", "refuse") and pred is not None and pred.lemma_.lower() in _COMMENTING:
        # "declined to say whether the mayor still believed …": no comment, no refusal of the matter
        return _position(holder_of(speaker, actor_named), speaker, "assert", phrase_text(content), False, actor_named)
    if pred is None:
        holder = holder_of(speaker, actor_named)
        return _position(holder, speaker, cue_stance or "assert", phrase_text(content), False, actor_named)
    inside = {t.i for t in content}
    if att.kind == "direct" and speaker is not None:
        resolve_subject = _not_the_speaker(resolve_subject, speaker)
    clause = _actor_clause(content, pred, inside, resolve_subject, att.cue_lemma)
    if clause is not None:
        chain, subject, subject_actor, stance, negated = clause
        own_side = speaker is not None and same_side(
            speaker, holder_of(subject_actor, actor_named) or subject_actor, actor_named)
        if stance is None and own_side:
            stance = cue_stance  # "Lavrov insisted that Russia should be included": Russia demands
        elif cue_stance == "deny" and stance in _TAKEN:
            # "China's Defense Ministry denied that China had agreed to …": China denies it; where another
            # denies it ("The White House denied that Russia had agreed"), Russia agreed to nothing known
            stance = "deny" if own_side else None
        proposition = proposition_phrase(chain, subject, False, content)
        if not own_side and _obliged(chain, subject):
            # "Several candidates said the United States should not take more Syrian refugees": what they
            # demand of it, not its position (which its own words could then be taken to contradict)
            return _position(holder_of(speaker, actor_named), speaker, "demand", proposition, negated, actor_named)
        if not own_side and (_possible(chain[0]) or _needs_to(chain[0])):
            # "Analysts warned that the Commission could order changes", "He estimated that Orbital would need
            # to raise $400 million": what may come or what another must do, no position held
            stance = None
        if stance is not None or own_side:
            return _position(holder_of(subject_actor, actor_named), speaker, stance or "assert", proposition, negated,
                             actor_named)
        # a clause that only says something of another ("Cartwright said the defender Tom Aske would miss six
        # weeks", "the company had not shown that …") holds no position of theirs: it is the speaker's view,
        # a demand or warning where the cue says so, and no denial: "The White House denied that Russia had
        # agreed to …" denies a report, it takes no side on the matter
        told = cue_stance if cue_stance in ("demand", "warn") else None
        return _position(holder_of(speaker, actor_named), speaker, told or "assert", proposition, negated, actor_named)
    chain = _chain(pred)
    subject = _subject(pred)
    stance, negated = _chain_stance(chain)
    evaluative = stance in ("reject", "accept", "commit") and any(t.pos_ == "ADJ" or t.dep_ == "acomp" for t in chain)
    if stance is not None and negated:
        stance = FLIP[stance]
    proposition = proposition_phrase(chain, subject, evaluative, content)
    holder = holder_of(speaker, actor_named)
    # an evaluative predicate is the speaker's own stance ("… were absolutely unacceptable");
    # otherwise the cue says it ("insisted", "drew a red line"), then whatever the content's words do,
    # unless they are about someone or something else the content names ("The government wanted an
    # election …" is no demand of the analyst who says so; "We will not accept it" is the speaker's refusal)
    # "he opposes …", "they want …": most often the speaker; an "it" not people ("it gives too much ground": the bill)
    people = speaker is not None and speaker.kind in ("person", "group")
    other_subject = (subject is not None and subject.i in inside and not expletive(subject, pred)
                     and (subject.pos_ != "PRON" or (subject.lower_ == "it" and people)
                          or (att.kind == "direct" and subject.lower_ in _THIRD_PERSONS)))
    if subject is None and cue_span is not None and cue_span.root.dep_ == "relcl":
        other_subject = True  # "a move analysts said could push prices higher": the move pushes, not they
    chosen = stance if evaluative else (cue_stance or (None if other_subject else stance))
    return _position(holder, speaker, chosen or "assert", proposition, negated, actor_named)


def _not_the_speaker(resolve_subject, speaker: Actor):
    """``resolve_subject`` for someone's own quoted words, where "he", "she" or "they" is never the speaker."""
    def resolve(tok: Token) -> list[Actor]:
        found = resolve_subject(tok)
        return [a for a in found if a.name != speaker.name] if tok.lower_ in _THIRD_PERSONS else found
    return resolve


def _actor_clause(content: list[Token], pred: Token, inside: set[int], resolve_subject, cue_lemma: str | None):
    """The content clause whose subject is an actor: the root's first, then embedded ones.

    Returns (chain, subject, actor, stance, negated) or None. A clause whose
    words carry a stance wins over one whose stance is only inferred.
    """
    verbs = [pred] + [t for t in content if t.i != pred.i and t.pos_ in ("VERB", "AUX", "ADJ") and t.dep_ != "amod"]
    inferred = None
    for verb in verbs:
        subject = _subject(verb)
        if subject is None or subject.i not in inside or expletive(subject, verb):
            continue
        if verb is not pred and subject.tag_ in ("WP", "WDT"):
            continue  # "justices who are opposed to abortion", "voters that oppose Bush": which ones, no one's stand
        if verb is not pred and _said_of_a_noun(verb):
            continue  # "Rubio's claim that Cruz is in favor of …": what a claim says, not what Cruz holds
        if _share_of(subject):
            continue  # "65 percent of Republicans supported …": some of them, not the party
        if any(c.dep_ == "poss" and c.lower_ in ("our", "my") for c in subject.lefts) and subject.lemma_ not in _OTHERS:
            continue  # "Our members found out from the news": the speaker's own side, as "we" is
        found = [a for a in resolve_subject(subject) if a.kind in _ACTOR_KINDS]
        if not found:
            continue
        chain = _chain(verb)
        # a passive's subject undergoes the verb, it takes no stance by it ("Russia is required to withdraw",
        # "the department is not needed to oversee …"), only by what it goes on to do ("was forced to accept")
        passive = subject.dep_ == "nsubjpass"
        stance, negated = _chain_stance(chain[1:] if passive else chain)
        if stance == "accept" and any(_negated(t) and _modal(t) for t in chain[1:]):
            stance = "concede"  # "had recognised it could not install …": accepting a limit is a concession
        if stance is not None:
            return chain, subject, found[0], (FLIP[stance] if negated else stance), negated
        governing = verb.head.lemma_.lower() if verb.dep_ in ("ccomp", "xcomp") else cue_lemma
        if negated and any(_modal(t) for t in chain) and governing in _ACCEPTING_CUES:
            candidate = (chain, subject, found[0], "concede", negated)  # "recognised Russia could not install …"
        elif verb is pred and _future(verb) and not passive and not _conditional(verb):
            # "Valdoria would reopen the crossing": the holder's own undertaking; "will not": a refusal
            candidate = (chain, subject, found[0], "reject" if negated else "commit", negated)
        elif verb is pred:
            candidate = (chain, subject, found[0], None, negated)
        else:
            continue
        if inferred is None or (inferred[3] is None and candidate[3] is not None):
            inferred = candidate
    return inferred


# nouns whose "that" clause is not held to be so: a claim, a rumour, a worry, what evidence would show
_UNSETTLED = frozenset(
    "claim allegation rumor rumour suggestion speculation notion idea theory myth accusation charge suspicion "
    "assumption question possibility prospect evidence concern fear worry".split()
)


def _said_of_a_noun(verb: Token) -> bool:
    """Whether a verb heads the clause of a noun that does not hold it to be so: "Rubio's claim that Cruz is
    in favor of …", "concerns that his supporters would not support Clinton", "no evidence that he wants to
    change"; not "the fact that he declined", "a sense that he rejects the norms", "her comment that she wanted"."""
    return _that_clause(verb) and verb.head.lemma_.lower() in _UNSETTLED


def _that_clause(verb: Token) -> bool:
    """Whether a verb heads a noun's "that" clause ("claims [that he lied]")."""
    return verb.dep_ == "acl" and any(c.dep_ == "mark" and c.lower_ == "that" for c in verb.children)


# the nouns of a claim one answers by denying it or by a plea
_CLAIMS = frozenset("claim allegation accusation charge count report rumor rumour suggestion speculation assertion".split())
_VERDICTS = frozenset({"guilty", "innocent"})


def _answer(noun: Token, cue_ids: set[int], inside: set[int]) -> str | None:
    """How the speaker answers the claim ``noun`` names, where the cue answers it: "deny" for "rejected claims",
    "denied allegations", "pleaded not guilty to charges"; "concede" for "pleaded guilty to charges"."""
    governor = noun.head if noun.dep_ == "dobj" else noun.head.head if noun.head.dep_ == "prep" else None
    if governor is None:
        return None
    plea = governor if governor.lemma_.lower() == "plead" else governor.head if governor.lower_ in _VERDICTS else None
    if plea is not None and plea.lemma_.lower() == "plead" and plea.i in cue_ids:
        # "pleaded | not guilty to charges that …", "pleaded guilty | to charges that …"
        verdict = next((c for c in (governor, *plea.children) if c.lower_ in _VERDICTS), None)
        if verdict is None:
            return None
        return "deny" if verdict.lower_ == "innocent" or any(c.dep_ == "neg" for c in verdict.children) else "concede"
    if governor.i in inside or not (governor.i in cue_ids or noun.i in cue_ids):
        return None  # "said Clinton denied claims …" answers nothing of the speaker's
    if VERB_STANCES.get(governor.lemma_.lower()) in ("deny", "reject") and not _negated(governor):
        return "deny"
    return None


def _answered_claim(content: list[Token], cue_span: Span | None, speaker: Actor | None, resolve_subject,
                    actor_named) -> Position | None:
    """A claim the speaker denies or pleads to, as a stance on what the claim says (None: no such claim).

    "He rejected claims that he lied to investigators" denies that he lied; "Okafor pleaded not guilty to
    charges that he took bribes" denies that he took bribes, and "pleaded guilty to charges that he paid the
    mayor" concedes it: the stance is on the claim's clause, held by its subject where that is the speaker's
    side ("Senator Marsh dismissed reports that she would resign"), else, where it names no other actor, by the
    speaker ("the governor denied allegations that the payments were hidden from auditors"). Not the claim itself, which
    a report of the matter would not match. Where the clause is another actor's ("denied reports that Russia had
    agreed"), this reads nothing: the statement is read as "denied that Russia had agreed" is.
    """
    inside = {t.i for t in content}
    cue_ids = set(range(cue_span.start, cue_span.end)) if cue_span is not None else set()
    # the noun may lie in the content, in the cue, or between them ("rejected | claims | that Russia had …"), or
    # after a verdict that is all the content ("pleaded | not guilty | to charges that he took bribes")
    pleaded = [n for t in content if t.lower_ in _VERDICTS for by in (t, t.head) for p in by.children
               if p.dep_ == "prep" and p.lower_ == "to" for n in p.children]
    for noun in dict.fromkeys([*content, *(cue_span or ()), *(t.head for t in content), *pleaded]):
        if noun.lemma_.lower() not in _CLAIMS or noun.dep_ not in ("dobj", "pobj"):
            continue
        clause = next((c for c in noun.children if _that_clause(c) and (c.i in inside or noun in pleaded)), None)
        stance = _answer(noun, cue_ids, inside) if clause is not None else None
        if stance is None:
            continue
        words = [t for t in clause.subtree if (t.i in inside or clause.i not in inside)
                 and not (t.dep_ == "mark" and t.head.i == clause.i)]
        chain, subject = _chain(clause), _subject(clause)
        negated = _chain_stance(chain)[1]
        found = [a for a in resolve_subject(subject) if a.kind in _ACTOR_KINDS] if subject is not None else []
        own_side = bool(found) and speaker is not None and same_side(
            speaker, holder_of(found[0], actor_named) or found[0], actor_named)
        if found and not own_side:
            return None  # "denied reports that Russia had agreed": a report denied, as "denied that Russia had agreed"
        holder = found[0] if own_side else speaker
        proposition = proposition_phrase(chain, subject, False, words)
        return _position(holder_of(holder, actor_named), speaker, stance, proposition, negated, actor_named)
    return None


# what one declines to do when one declines to comment
_COMMENTING = frozenset({"say", "comment", "discuss", "answer", "elaborate", "specify", "confirm", "disclose", "identify",
                         "reveal", "name", "speculate", "address", "respond", "detail", "explain"})
_POSSIBLE = frozenset({"could", "might", "may"})


def _possible(verb: Token, *also: str) -> bool:
    """Whether a verb says only what may be: "could order", "might reject" (not "would", "will": an intent,
    unless ``also`` names it; nor "could not accept": a refusal)."""
    modal = any(c.dep_ == "aux" and (c.lower_ in _POSSIBLE or c.lower_ in also) for c in verb.children)
    return modal and not _negated(verb)


def _needs_to(verb: Token) -> bool:
    """Whether a verb says what its subject must do ("would need to raise"), not what it wants ("needs guarantees")."""
    return verb.lemma_.lower() == "need" and any(c.dep_ == "xcomp" for c in verb.children)


def _conditional(verb: Token) -> bool:
    """Whether a verb's undertaking hangs on a condition: "he would only do the debate if CNN donated $5
    million" undertakes nothing until it is met."""
    return any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in c.children)
               for c in verb.children)


def _relative(verb: Token) -> bool:
    """Whether a verb's subject is "who", "which" or a relative "that" (also where the parse hung it on
    the verb's auxiliary: "who are opposed")."""
    heads = [verb, *(c for c in verb.children if c.dep_ in ("aux", "auxpass"))]
    return any(c.dep_ in ("nsubj", "nsubjpass") and c.tag_ in ("WP", "WDT") for h in heads for c in h.children)


_SHARES = frozenset(
    "percent percentage % share majority minority half third quarter fraction number most many some few "
    "plurality portion two-thirds three-quarters one-third".split()
)


def _share_of(subject: Token) -> bool:
    """Whether a subject is a part of a group ("65 percent of Republicans", "most of the delegates", "three in
    four voters", "most Republicans"): what they do is no position of the group."""
    if subject.lower_ in _SHARES or subject.lemma_.lower() in _SHARES or subject.like_num:
        return any(c.dep_ == "prep" and c.lower_ in ("of", "in") for c in subject.children) or subject.like_num
    # "most Republicans", "some delegates", "three in four Republicans" (a number with a quantifier of its
    # own); not a number of them ("two Russian diplomats" speak for Russia)
    return any((c.dep_ in ("amod", "det") and c.lower_ in _SHARES)
               or (c.dep_ == "nummod" and any(q.dep_ == "quantmod" and q.lower_ in ("in", "of", "out") for q in c.children))
               for c in subject.children)


def expletive(subject: Token, verb: Token) -> bool:
    """Whether "it" stands for nothing: "It's hard to avoid", "It is clear that …", "it seems that …"."""
    if subject.lower_ != "it":
        return False
    clause = any(c.dep_ in ("xcomp", "ccomp") for c in verb.children)
    said_of = any(c.dep_ in ("acomp", "attr") for c in verb.children) and verb.lemma_ in ("be", "seem", "appear", "remain")
    return subject.dep_ == "expl" or (clause and (said_of or verb.lemma_ in ("seem", "appear")))


def _position(holder: Actor | None, speaker: Actor | None, stance: str, proposition: str, negated: bool, actor_named=None) -> Position:
    own = holder is not None and speaker is not None and same_side(speaker, holder, actor_named)
    return Position(
        holder=Actor(name=holder.name, kind=holder.kind) if holder is not None else None,  # who, not what else is known
        voice="own" if own else "reported",
        stance=stance,  # type: ignore[arg-type]
        proposition=proposition,
        negated=negated,
    )
