"""What a position is about: a short phrase read off the content's parse (:func:`proposition_phrase`).

The object of the innermost verb ("… offer *Article 5-like language* …"), with the verb where the two name
the matter together ("withdraw its troops") and what the parse hung on the verb saying what it is for
("public money *for the stadium*"); the subject of an evaluative predicate; or the content itself when it
is a noun phrase. A bare definite noun ("the pipeline") is the fuller phrase that named it before
("the proposed Northern Plains pipeline"), so two mentions of one matter are one proposition.
"""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Token

from .lexicon import SPEECH_VERBS
from .stance_words import SIDING_STANCES, SIDING_VERBS, UNDERGONE, phrase_stance

CHAIN_DEPS = ("xcomp", "ccomp", "acomp", "attr", "conj")
_LEADING = frozenset({"any", "the", "a", "an", "that", "this", "these", "those", "some", "all", "to"})
_MAX_PROPOSITION_TOKENS = 14
_DEFINITE = frozenset({"the", "this", "that", "these", "those"})
_CHUNKS_KEY = "onrecord_noun_chunks"
_LOOK_BACK = 400  # noun chunks back that a bare definite noun's fuller name is looked for in
# what a subject can be "in", "on" or "under" that is its state: "on the table", "in trouble", "under threat"
_STATE_PREPOSITIONS = frozenset({"in", "on", "under", "at", "off", "out", "within", "beyond"})
# … but "in favor of free trade", "in violation of the law" take a side on what follows: that is the matter
_SIDING = frozenset({"favor", "favour", "support", "opposition", "violation", "defiance", "breach"})
_MATTER_PREPOSITIONS = frozenset({"for", "on", "against", "of"})  # "money for the stadium", "limits on emissions"


def phrase_text(tokens: list[Token]) -> str:
    """The words of ``tokens`` as a proposition: no leading article or quantifier, no trailing punctuation or
    quote marks, at most a few words; a bare definite noun as the phrase that named it before."""
    tokens = [t for t in tokens if not t.is_space]
    fuller = _named_before(tokens)
    if fuller is not None:
        tokens = fuller
    while tokens and (tokens[0].is_punct or tokens[0].lower_ in _LEADING):
        tokens = tokens[1:]
    while tokens and tokens[-1].is_punct and tokens[-1].text not in ("”", "’") or (tokens and tokens[-1].is_space):
        tokens = tokens[:-1]
    tokens = tokens[:_MAX_PROPOSITION_TOKENS]
    if not tokens:
        return ""
    doc = tokens[0].doc
    text = doc[tokens[0].i : tokens[-1].i + 1].text
    for mark in "\"“”«»„":
        text = text.replace(mark, "")
    return " ".join(text.split()).strip(" '‘’,.;:")


def _named_before(tokens: list[Token]) -> list[Token] | None:
    """Where a phrase is a definite noun alone ("the pipeline", "this deal"), the nearest phrase before it in
    the article that names the same thing by a name ("the proposed Northern Plains pipeline", "the Iran deal",
    "Carrier's parent company"), else None: two mentions of one matter are then one proposition, and a
    contest can pair them. Describing words alone ("the final bill", "a recent report") name nothing."""
    words = [t for t in tokens if not t.is_punct]
    if len(words) != 2 or words[0].lower_ not in _DEFINITE or words[1].pos_ != "NOUN":
        return None
    head = words[1]
    doc = head.doc
    chunks = doc.user_data.get(_CHUNKS_KEY)
    if chunks is None:  # (end, start, root) of each noun chunk, read once per Doc
        chunks = doc.user_data[_CHUNKS_KEY] = [(c.end, c.start, c.root.i) for c in doc.noun_chunks]
    last = bisect_right(chunks, (words[0].i, len(doc), len(doc)))
    for end, start, root_i in reversed(chunks[max(0, last - _LOOK_BACK) : last]):
        root = doc[root_i]
        if root.lemma_.lower() != head.lemma_.lower() or root.tag_ != head.tag_:
            continue
        if any(t.i < root.i and _naming(t) for t in doc[start:end]):
            return list(doc[start:end])
    return None


def _naming(tok: Token) -> bool:
    """Whether a word before a noun names which one it is: a name or a noun ("Northern Plains", "carbon"),
    a name's possessive ("Carrier's"), or an adjective made of a name ("Iranian"), not "final" or "their"."""
    if tok.dep_ == "compound" or tok.pos_ == "PROPN":
        return True
    if tok.dep_ == "poss":
        return tok.pos_ in ("NOUN", "PROPN")
    return tok.dep_ == "amod" and tok.text[:1].isupper() and tok.i > tok.sent.start


def proposition_phrase(chain: list[Token], subject: Token | None, evaluative: bool, content: list[Token]) -> str:
    inside = {t.i for t in content}
    if evaluative and subject is not None:
        # everything from the subject up to the verb: "[security guarantees that involved European forces] were …"
        verb_start = min([chain[0].i] + [c.i for c in chain[0].children if c.dep_ in ("aux", "auxpass", "neg")])
        start = min(subject.left_edge.i, verb_start)
        return phrase_text([t for t in content if start <= t.i < verb_start]) or phrase_text(list(subject.subtree))
    if chain[-1].pos_ in ("NOUN", "PROPN") and chain[-1].dep_ not in CHAIN_DEPS:
        return phrase_text(content)  # the content is a noun phrase: "a red line on [any involvement of …]"
    for tok in reversed(chain):
        sided = sided_matter(tok)
        if sided is not None and sided[1].i in inside:
            return phrase_text([t for t in sided[1].subtree if t.i in inside])  # "in favor of [free trade]"
    for tok in reversed(chain):
        for child in tok.children:
            if child.dep_ in ("dobj", "attr", "oprd") and child.i in inside:
                matter = _object_matter(tok, child, inside, governed=tok is not chain[0])
                # "I support this stadium, and I support a public investment in …": both are the matter
                also = next((_object_matter(c, o, inside, governed=tok is not chain[0]) for c in tok.children
                             if c.dep_ == "conj" and c.pos_ == "VERB" and c.lemma_ == tok.lemma_
                             for o in c.children if o.dep_ == "dobj" and o.i in inside), "")
                both = names_a_matter(matter) and names_a_matter(also) and also != matter  # not "him and him"
                return f"{matter} and {also}" if both else matter
    last = chain[-1]
    if subject is not None and subject.head.i == last.i and subject.pos_ in ("NOUN", "PROPN") and _in_a_state(last):
        # "compulsory vaccination was on the table", "the deal is in trouble": what is so, not in what state
        before = [t for t in subject.subtree if t.i < last.i]  # not an apposition the parse hung after the verb
        return phrase_text([t for t in before if t.i in inside]) or phrase_text(before)
    for tok in reversed(chain):
        for child in tok.children:
            if child.dep_ == "prep" and child.i in inside and child.i > tok.i:
                objs = [g for g in child.children if g.dep_ == "pobj"]
                if objs:
                    return phrase_text(list(objs[0].subtree))
    if last.pos_ in ("NOUN", "PROPN", "PRON"):
        return phrase_text(content)
    tokens = [t for t in last.subtree if t.i in inside and (subject is None or t.i not in {s.i for s in subject.subtree})]
    return phrase_text(tokens) or phrase_text(content)


def sided_matter(tok: Token) -> tuple[str, Token] | None:
    """Where ``tok`` takes a side by "in favor of", "in support of" or "in opposition to": (its stance, the
    word that heads the matter: "trade" of "in favor of free trade", "legalizing" of "in favor of legalizing …");
    else None. ``tok``: the verb the phrase hangs on (one of :data:`~onrecord.nlp.stance_words.SIDING_VERBS`)."""
    contracted = tok.lower_.replace("’", "'") in ("'m", "'re", "'s")  # "I’m": a lemma the curly mark leaves unread
    if not (tok.lemma_.lower() in SIDING_VERBS or contracted) or tok.pos_ not in ("VERB", "AUX"):
        return None
    sides = [side for prep in tok.children if prep.dep_ == "prep" and prep.lower_ == "in"
             for side in prep.children if side.dep_ == "pobj" and side.lemma_.lower() in SIDING_STANCES]
    for side in sides:
        links = [link for link in side.children if link.dep_ == "prep" and link.lower_ in ("of", "to")]
        matter = next((m for link in links for m in link.children if m.dep_ in ("pobj", "pcomp")), None)
        if matter is not None:
            return SIDING_STANCES[side.lemma_.lower()], matter
    return None


def _in_a_state(verb: Token) -> bool:
    """Whether a verb is "be" with a phrase after it of the state its subject is in ("was on the table")."""
    return verb.lemma_ == "be" and any(c.dep_ == "prep" and c.i > verb.i and c.lower_ in _STATE_PREPOSITIONS
                                       and not _names_someone(c) for c in verb.children)


def _names_someone(prep: Token) -> bool:
    """Whether a prepositional phrase names someone, somewhere or some time ("in Maryland", "in the 1990s") or
    takes a side ("in favor of"), not a state ("on the table", "in a dead heat", "under threat")."""
    return any(t.ent_type_ in ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "DATE", "TIME") or t.lemma_ in _SIDING
               for t in prep.subtree)


def _object_matter(verb: Token, obj: Token, inside: set[int], *, governed: bool) -> str:
    """The matter a verb's object names: the object, with the verb where the two name it together
    ("agreed to withdraw its troops" → "withdraw its troops"), and with what the parse hung on the verb
    right after the object that says whom or what it is for ("opposes public money for the stadium")."""
    tokens = [t for t in obj.subtree if t.i in inside]  # not the speaker the parse hung on it: "“…,” its chief said"
    if _matter_verb(verb, obj, inside, governed=governed):
        tokens.insert(0, verb)
    after = next((c for c in verb.children if c.dep_ == "prep" and c.i == obj.right_edge.i + 1 and c.i in inside
                  and c.lower_ in _MATTER_PREPOSITIONS), None)
    if after is not None and not any(t.ent_type_ in ("DATE", "TIME") or t.lemma_ == "time" for t in after.subtree):
        tokens += [t for t in after.subtree if t.i in inside]
    return phrase_text(tokens)


def _matter_verb(verb: Token, obj: Token, inside: set[int], *, governed: bool = False) -> bool:
    """Whether a verb and its object together name the matter: a verb of doing that carries no stance of
    its own, in the content, just before its object ("withdraw its troops", "release his tax returns";
    not "rejected the plan", "offer Article 5-like language", "was a mistake"). A verb of saying is a
    deed where a stance governs it (``governed``: "refused to say the words" → "say the words")."""
    lemma = verb.lemma_.lower()
    return (obj.dep_ == "dobj" and verb.pos_ == "VERB" and verb.i in inside and verb.i < obj.left_edge.i
            and phrase_stance(lemma) is None and lemma not in UNDERGONE and lemma not in ("do", "get")
            and (governed or lemma not in SPEECH_VERBS)  # "believes cuts to military spending": a report
            and names_a_matter(phrase_text(list(obj.subtree))))  # "rip it" names no more than "it" does


# words that stand for a matter without naming it: a proposition of these alone ("it", "what", "them")
_PLACEHOLDERS = frozenset(
    "i me my mine myself we us our ours ourselves you your yours yourself yourselves he him his himself she her hers "
    "herself it its itself they them their theirs themselves one ones this that these those what whatever which "
    "whichever who whom whose whoever how why when where much many so something anything nothing everything all "
    "some".split()
)


def names_a_matter(proposition: str) -> bool:
    """Whether a proposition names what it is about: not empty, not a pronoun or a wh-word alone.

    "it", "them", "what", "how much" say nothing about a matter until their antecedent is known,
    and onrecord does not resolve it; compared by meaning they group with each other, not with the
    matter they stand for."""
    words = [w.strip(".,;:!?'\"’‘“”()-").lower() for w in proposition.split()]
    return any(w and w not in _PLACEHOLDERS for w in words)
