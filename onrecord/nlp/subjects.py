"""Who a cue verb's source is: its subject, found by climbing the dependency parse.

A participle or a conjunct has no subject of its own ("…, saying …", "said … and accused …"); its source
is the subject of the clause it hangs on, or, where the parse hung it on a reported clause, the speaker's.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from .lexicon import COLLECTIVE_NOUNS, DOCUMENT_SOURCES, ROLE_NOUNS, SPEECH_VERBS, TITLE_WORDS

_SUBJECT_DEPS = ("nsubj", "csubj")
_CLIMB_DEPS = ("advcl", "xcomp", "conj", "pcomp", "ccomp")
_SOMEONE = COLLECTIVE_NOUNS | ROLE_NOUNS | DOCUMENT_SOURCES  # nouns for people, roles and documents


def subject_of(verb: Token) -> Token | None:
    """The source of a cue verb: its subject, climbing through participles and conjuncts.

    A passive cue's subject is what is said, not who says it ("the sale is
    expected to …"): only its "by" agent is a source.
    """
    if addressed(verb):
        return None
    tok, step = verb, None
    for _ in range(4):
        agents = [obj for c in tok.children if c.dep_ == "agent" for obj in c.children if obj.dep_ == "pobj"]
        if agents:
            return agents[0]
        subject = next((c for c in tok.children if c.dep_ in _SUBJECT_DEPS or c.dep_ == "nsubjpass"), None)
        speaker_verb = _reported_by(tok) if subject is not None and step is not None else None
        if speaker_verb is not None and _speakers_step(step, subject):
            tok, step = speaker_verb, None
            continue
        if subject is not None:
            return None if subject.dep_ == "nsubjpass" else subject
        if tok.dep_ in ("acl", "relcl") and tok.head.pos_ in ("NOUN", "PROPN", "PRON"):
            clause = _doers_clause(tok)
            if clause is None and tok.dep_ == "acl" and _set_beside_a_name(tok.head):
                return tok.head.head  # "Dmitri Peskov, its spokesman, called …": the parse hung it on the apposition
            if clause is None:
                return tok.head if tok.dep_ == "acl" else None
            tok, step = clause, None
            continue
        if tok.dep_ not in _CLIMB_DEPS or tok.head.i == tok.i:
            return None
        tok, step = tok.head, tok
        if step.dep_ == "pcomp" and tok.lower_ in _DOING_TOO and tok.dep_ == "prep" and tok.head.pos_ in ("VERB", "AUX"):
            # "Kasich cautioned …, before | predicting that …", "ended the meeting by | insisting": the one who
            # does the one does the other, where that is someone named by the finite verb's own subject, no
            # further up: not "not allowing Muslims to enter … by citing"
            doing = tok.head
            finite = doing.tag_ in _FINITE or any(c.dep_ == "aux" and c.tag_ in _FINITE for c in doing.children)
            found = next((c for c in doing.children if c.dep_ == "nsubj"), None) if finite else None
            return found if found is not None and _someone(found) else None
    return None


# verbs whose passive participle is said of the one spoken to: "Asked whether …, Reid said" (PolNeAR gives
# such a cue no source unless "by" names one)
_ADDRESSING = frozenset({"ask", "press", "question", "quiz", "tell", "inform", "remind", "challenge", "confront", "grill"})


def addressed(verb: Token) -> bool:
    """Whether a cue is a passive participle opening a clause about the one spoken to ("Asked whether he
    would fire a speechwriter, Priebus said …", "Pressed on the deal, she said …"): its subject is that
    listener, not the asker, whom nothing names."""
    return (verb.tag_ in ("VBN", "VBD") and verb.dep_ in ("advcl", "ccomp", "dep") and verb.lemma_.lower() in _ADDRESSING
            and verb.i < verb.head.i and not any(c.dep_ in ("agent", "nsubj", "nsubjpass", "aux", "auxpass") for c in verb.children))


# what someone faces or draws from others: "Clinton faced questions about …", "she faces renewed doubts about
# …", "The three governors drew plaudits for …" (PolNeAR's gold: no source, 9 times of 9 on train)
_RECEIVING = frozenset({"face", "endure", "receive", "weather", "encounter", "field", "draw", "come", "take", "get"})
_REACTIONS = frozenset(
    """question doubt criticism fire heat scrutiny plaudit praise attack flak rebuke condemnation backlash pressure
    accusation allegation charge complaint call demand query inquiry challenge skepticism scepticism suspicion
    ridicule derision""".split()
)


def receiver(cue: Span) -> tuple[Token, Token | None] | None:
    """The one a cue says received what it names ("Clinton | faced questions about", "faces renewed doubts
    about"): the subject of a verb of facing whose object is a word of others' reaction in the cue, with
    those others where "from" names them ("Rubio is taking heat from Cruz", "drew criticism from unions");
    None where the cue is no such thing."""
    for noun in cue:
        if noun.pos_ != "NOUN" or noun.lemma_.lower() not in _REACTIONS:
            continue
        verb = noun.head.head if noun.dep_ == "pobj" and noun.head.dep_ == "prep" else noun.head if noun.dep_ == "dobj" else None
        if verb is None or verb.pos_ != "VERB" or verb.lemma_.lower() not in _RECEIVING:
            continue
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is None:
            return None
        others = next((o for p in [*noun.children, *verb.children] if p.dep_ == "prep" and p.lower_ == "from"
                       for o in p.children if o.dep_ == "pobj"), None)
        return subject, others
    return None


_DOING_TOO = frozenset({"before", "after", "by", "while", "without", "upon", "since"})
_FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})


def _doers_clause(verb: Token) -> Token | None:
    """The clause whose subject does what a verb the parse hung on a thing says, where that thing cannot:
    a participle set off by a comma ("blocked Alabama from using a map that groups said diluted the votes,
    | ordering the Legislature to …": a map orders nothing, the judge who blocked it does) or an
    infinitive of purpose ("parents packed a meeting | to object to the plan"). It is the nearest verb
    above that thing with a subject; None for any other clause on a noun."""
    doc = verb.doc
    participle = verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.i > 0 and doc[verb.i - 1].text == ","
    purpose = verb.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    if not (participle or purpose) or not _thing(verb.head):
        return None
    above = next((v for v in verb.head.ancestors
                  if v.pos_ in ("VERB", "AUX") and any(c.dep_ in _SUBJECT_DEPS for c in v.children)), None)
    if above is None or any(c.dep_ == "dative" for c in above.children):
        return None  # "The rise of Bannon gave Beck new impetus to oppose Trump": Beck opposes
    subject = next(c for c in above.children if c.dep_ in _SUBJECT_DEPS)
    return None if subject.lower_ in ("it", "this", "that") else above  # "It's a strategy to appeal to …"


def _set_beside_a_name(noun: Token) -> bool:
    """Whether a noun heads an apposition right after a person's name and its comma ("Dmitri Peskov, | its
    spokesman")."""
    name = noun.head
    return (noun.dep_ == "appos" and name.ent_type_ == "PERSON" and noun.left_edge.i == name.i + 2
            and name.nbor(1).text == ",")


def _speakers_step(step: Token, subject: Token) -> bool:
    """Whether a cue the parse hung on a reported clause (``step``, without a subject of its own) is the
    speaker's, not the act of that clause's ``subject``: a conjunct ("said the president had made clear
    … and accused Republicans"), or a participle after a clause about a thing or a pronoun ("said that
    the playing field had been far from level, citing state media"; "said he would …, adding").
    On PolNeAR train's gold (``scripts/count_hung_cues.py``), such a conjunct cue was the speaker's 41 times
    out of 57 (the clause subject's 4 times, neither's 12), such a participle 26 out of 34 (5); after a named
    subject a participle was that subject's 12 times out of 15, so it stays theirs."""
    if step.dep_ == "conj":
        return True
    return step.dep_ == "advcl" and step.tag_ == "VBG" and (_thing(subject) or subject.pos_ == "PRON")


def _someone(tok: Token) -> bool:
    """Whether a subject is surely someone: a name, a personal pronoun, a noun for people or a title."""
    if tok.pos_ == "PRON":
        return tok.lower_ in ("he", "she", "they", "i", "we", "you", "who")
    if tok.ent_type_:
        return tok.ent_type_ in ("PERSON", "ORG", "NORP", "GPE")
    return tok.pos_ == "NOUN" and (tok.lemma_.lower() in _SOMEONE or tok.lower_ in TITLE_WORDS)


def _thing(tok: Token) -> bool:
    """Whether a subject is a thing, not someone: a common noun no entity covers that names no people,
    role or document ("the playing field", "the vote")."""
    return tok.pos_ == "NOUN" and not tok.ent_type_ and tok.lemma_.lower() not in _SOMEONE


def _reported_by(clause: Token) -> Token | None:
    """The speech verb whose complement ``clause`` is (also as a later conjunct of it), or None."""
    tok = clause
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    head = tok.head
    return head if tok.dep_ == "ccomp" and head.lemma_.lower() in SPEECH_VERBS else None
