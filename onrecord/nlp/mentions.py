"""The parts of a mention the speaker resolver reads off the parse.

Pure functions over spaCy tokens: which tokens a mention's conjuncts are, the
people a share or a description stands for ("62 percent of [voters]", "a
veteran diplomat who" → Lavrov), a group's name without its examples, the
modifiers that can name an affiliation. :mod:`onrecord.nlp.speakers` turns
them into actors.
"""

from __future__ import annotations

from collections.abc import Container, Mapping, Sequence

from spacy.tokens import Doc, Span, Token

from ..actors import Entry, normalize
from ..models import Actor
from .companies import COMPANY_NOUNS, legal_form
from .lexicon import COLLECTIVE_NOUNS, DOCUMENT_SOURCES, NAME_PARTICLES, PERSON_ROLES, ROLE_NOUNS, TITLE_WORDS

POSSESSIVE_ENDINGS = frozenset({"'s", "’s", "'", "’"})  # "Russia's", "the Joneses'"
DETERMINERS = frozenset({"the", "a", "an", "both", "some", "several", "many", "other", "two", "three", "these", "those"})


def some_of_a_people(ent: Span, head: Token, country: Entry | None, portion: bool = False) -> bool:
    """Whether a people's name in the plural is qualified ("Many Americans", "three Russians", "young
    Mexicans", "African Americans", "Americans living in …"): some of its people, who hold opinions of
    their own, where "the Americans" or "Americans" alone stands for their side (``country``: the
    gazetteer's entry for the name; only a country's people, not a party's members; ``portion``: a
    share of them, "56 percent of Americans")."""
    if ent.label_ != "NORP" or head.tag_ not in ("NNS", "NNPS"):
        return False
    if country is None or country.actor.kind != "country":
        return False  # "Senate Republicans", "some Democrats": the party's, as before
    qualified_before = any(
        child.dep_ in ("amod", "nummod", "quantmod", "compound") or (child.dep_ == "det" and child.lower_ != "the")
        for child in head.lefts
    )
    qualified_after = any(child.dep_ in ("acl", "relcl", "prep") for child in head.rights)  # "Americans living in …"
    return portion or qualified_before or qualified_after


def conjuncts(head: Token, people: Container[int] = ()) -> list[Token]:
    """'France and the United Kingdom' → [France, Kingdom]; a bare title stands aside for the people
    its appositive names ('both President Barack Obama and First Lady Michelle Obama', parsed as
    "President" with "Obama" and "Obama" in apposition, → [Obama, Obama]), and a description for the
    person its appositive names ("the former lawmaker, John Smith"), or a word for a body the organisation
    ("The rival, Streamly"; not "The United Nations envoy, Ramtane Lamamra", an ORG to the NER, unless
    ``people``, the indices of tokens in names the NER missed, has it: :func:`names.unlabelled_people`)."""
    apposed = [c for c in head.rights if c.dep_ == "appos"] or _second_subject(head) or apposed_to_served(head)
    named = next((c for c in apposed if c.ent_type_ == "PERSON" or c.i in people), None)
    if named is not None and head.ent_type_ in ("", "ORDINAL") and (head.lower_ in TITLE_WORDS or head.pos_ == "NOUN"):
        return conjuncts(named, people)
    named = next((c for c in apposed if c.ent_type_ == "ORG"), None)
    if named is not None and head.pos_ == "NOUN" and not head.ent_type_ and head.lemma_.lower() in _NAMED_BODIES:
        return conjuncts(named, people)  # "The pipeline's developer, Prairie Midstream": the company
    out = [head]
    for child in head.children:
        if child.dep_ == "conj":
            out.extend(conjuncts(child, people))
    return out


def _second_subject(head: Token) -> list[Token]:
    """A name set off by commas right after a subject, that the parse made a second subject of the verb
    rather than the subject's apposition ("A third, Gerald Pike, said"): as an apposition, or none."""
    doc = head.doc
    if head.dep_ not in ("nsubj", "nsubjpass") or head.i + 2 >= len(doc) or doc[head.i + 1].text != ",":
        return []
    return [c for c in head.head.children if c.dep_ == head.dep_ and c.i > head.i and c.left_edge.i == head.i + 2
            and c.right_edge.i + 1 < len(doc) and doc[c.right_edge.i + 1].text == ","]


def apposed_to_served(head: Token) -> list[Token]:
    """A person's name the parse hung on whom a role serves instead of on the role: "A spokeswoman for
    Lumen, Jessica Ford, said" (Ford in apposition to Lumen), as the role's apposition."""
    return [name for prep in head.rights if prep.dep_ == "prep" and prep.lower_ in ("for", "to", "of")
            for served in prep.children if served.dep_ == "pobj" and served.ent_type_ != "PERSON"
            for name in served.rights if name.dep_ == "appos" and name.ent_type_ == "PERSON"
            and name.left_edge.i > served.i + 1 and name.doc[name.left_edge.i - 1].text == ","]


def modifiers(head: Token) -> list[Token]:
    """Words that can name an affiliation: compounds, adjectives, possessives, 'of/for X'."""
    mods = [t for t in head.lefts if t.dep_ in ("compound", "amod", "poss", "nmod")]
    for prep in head.rights:
        if prep.dep_ == "prep" and prep.lower_ in ("of", "for", "from", "in", "at"):
            for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                owner = next((c for c in pobj.lefts if c.dep_ == "poss" and c.ent_type_ == "ORG"), None)
                # "leaders of the NAACP's Georgia chapter": the NAACP's, not Georgia's
                mods.extend([owner] if owner is not None else [t for t in pobj.subtree if t.dep_ in ("pobj", "compound")])
    return mods


# words that count or share out the people named after "of": "62 percent of voters", "one of his aides",
# "a group of doctors"
_PORTIONS = frozenset(
    """percent percentage number majority minority plurality share most many some all none half third quarter
    handful few several lot dozen dozens hundreds thousands millions each any either neither both rest bulk
    one two three four five six seven eight nine ten group coalition team panel delegation crowd""".split()
)


def of_whom(head: Token) -> Token | None:
    """The people a portion is of ("voters" in "62 percent of voters"), or None; a bare "Some" or "Others"
    opening a sentence is of the people the sentence before was about (:func:`_people_before`)."""
    if head.lower_ in _BARE_PORTIONS and not any(head.children):
        return _people_before(head)
    if head.lemma_.lower() not in _PORTIONS and head.lower_ not in _PORTIONS and not head.like_num:
        return None
    for prep in head.rights:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            whom = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if whom is not None and whom.pos_ in ("NOUN", "PROPN") and not any(c.dep_ == "conj" for c in whom.children):
                return whom  # not "a group of Republicans and Democrats": neither party's
    return None


_BARE_PORTIONS = frozenset({"some", "others", "many", "most", "several"})
_NAMED = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC"})
_SENT = frozenset({"statement", "letter", "memo", "filing", "complaint", "document"})


def author_of(head: Token) -> Token | None:
    """Who wrote a document that speaks ("a statement from the Portland Police Bureau", "a report by the
    Justice Department", "the commission's report", "A Bloomberg poll"), or None."""
    if head.lemma_.lower() not in DOCUMENT_SOURCES:
        return None
    for prep in head.rights:  # "from" only for what is sent: "reports from the convention" are from a place
        if prep.dep_ == "prep" and (prep.lower_ == "by" or (prep.lower_ == "from" and head.lemma_.lower() in _SENT)):
            return next((c for c in prep.children if c.dep_ == "pobj"), None)
    owner = next((c for c in head.lefts if c.dep_ == "poss" and c.pos_ != "PRON"), None)
    named = [c for c in head.lefts if c.dep_ == "compound" and c.ent_type_ in _NAMED]
    return owner or (named[-1] if named else None)


def earlier_author(head: Token) -> Token | None:
    """Who wrote the document a bare "the statement" (or "the report", …) refers back to: the author of
    the nearest one before it with that noun ("according to a statement from the Seattle Police
    Department. … , the statement said"), or None where that one names none."""
    lemma = head.lemma_.lower()
    if lemma not in DOCUMENT_SOURCES or not bare_definite(head):
        return None
    earlier = next((t for t in reversed(head.doc[: head.i]) if t.lemma_.lower() == lemma and t.pos_ == "NOUN"), None)
    return author_of(earlier) if earlier is not None else None


def _people_before(head: Token) -> Token | None:
    """The people the sentence before was about (its subject, a plural of people), for a bare portion that
    opens its sentence as a subject: "Legal experts were divided. Some said … Others noted …" (both are
    legal experts), or the people of the portion that opens its sentence ("Some said …, while others warned …",
    "Some observers said …, while others warned …")."""
    sent = head.sent
    if head.dep_ != "nsubj":
        return None
    if not opens_sentence(head):
        first = next((t for t in sent if t.i < head.i and t.dep_ == "nsubj"), None)
        if first is None or not opens_sentence(first.left_edge):
            return None
        if first.lower_ in _BARE_PORTIONS:
            return _people_before(first)
        # "Some observers said …, while others warned …": other observers
        some = any(c.dep_ == "det" and c.lower_ == "some" for c in first.children) and first.tag_ == "NNS"
        return first if some and head.lower_ == "others" else None
    for _ in range(2):
        before = sent.start - 1
        while before >= 0 and head.doc[before].is_space:
            before -= 1
        if before < 0:
            return None
        sent = head.doc[before].sent
        subject = next((t for t in sent if t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ == "ROOT"), None)
        if subject is None or subject.lower_ not in _BARE_PORTIONS:
            people = subject is not None and (subject.lower_ in COLLECTIVE_NOUNS or subject.ent_type_ == "NORP"
                                              or subject.tag_ == "NNPS")
            return subject if people else None  # not "Efforts … Some …"
    return None


_DASHES = frozenset({"-", "--", "—", "–"})
_DATELINE_TOKENS = 10  # "MANCHESTER, N.H. (AP) —" is six


def dateline_end(doc: Doc, start: int) -> int | None:
    """The index of the dash ending a dateline that opens a line at token ``start`` ("WASHINGTON (AP)
    —", "MANCHESTER, N.H. -", "NAIROBI, Kenya —"): words in capitals, with commas, stops and brackets,
    after a comma also capitalised words (the country or state), then a dash."""
    after_comma = False
    for tok in doc[start : start + _DATELINE_TOKENS]:
        if tok.text in _DASHES:
            return tok.i if tok.i > start else None
        after_comma = after_comma or tok.text == ","
        if tok.is_space or not (tok.is_upper or tok.text in ",.()&'" or (after_comma and tok.is_title)):
            return None
    return None


def home_country(doc: Doc, lookup) -> Actor | None:
    """The country whose place a dateline opening one of the article's first lines names ("TEHRAN —" is
    Iran, "MOSCOW (AP) —" Russia; ``lookup``: the gazetteer's), where the gazetteer knows it; else None."""
    starts = [0] + [t.i + 1 for t in doc[:-1] if t.is_space and "\n" in t.text][:4]
    for start in starts:
        dash = dateline_end(doc, start)
        if dash is None:
            continue
        name = "".join(t.text_with_ws for t in doc[start:dash]).split(",")[0].split("(")[0].strip().title()
        entry = lookup(name) if name else None
        return entry.actor if entry is not None and entry.actor.kind == "country" else None
    return None


_BODY_ENTITIES = frozenset({"ORG", "FAC", "GPE", "LOC", "NORP"})


_HYPHENS = frozenset({"-", "–", "‐"})


def bare_name(toks: list[Token]) -> tuple[str, list[Token]]:
    """Name text with leading punctuation and titles and a trailing possessive removed; also the titles.
    A title word is the name's own where the name is a body's or a place's: "General Motors", "the
    Interior Ministry", "Ukraine's General Staff" (not "Motors", "Ministry", "Staff")."""
    titles = []
    while toks and toks[-1].is_space:
        toks.pop()  # "Representative\n": a hard-wrapped line's break
    while toks and toks[0].is_space:
        toks.pop(0)
    while toks and toks[0].is_punct:
        toks.pop(0)  # an opening quote the entity took in: '"PENCE'
    while (len(toks) > 1 and toks[0].tag_ in ("IN", "CC") and toks[0].lower_ not in NAME_PARTICLES
           and toks[1].pos_ == "PROPN"):
        toks.pop(0)  # a headline's first word the NER took in: "Beneath Clinton's wins"
    named_body = bool(toks) and toks[-1].ent_type_ in _BODY_ENTITIES  # "General Motors", "Interior Ministry"
    owned = [k for k, t in enumerate(toks[:-1]) if t.lower_ in POSSESSIVE_ENDINGS]
    if (owned and toks[-1].ent_type_ == "PERSON" and not names_a_body(toks, toks[-1])
            and all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in toks[owned[-1] + 1 :])):
        # "Breitbart’s Joel Pollak", one person to the NER: Joel Pollak (not "the Swiss People’s Party")
        titles.extend(toks[: owned[-1] + 1])
        toks = toks[owned[-1] + 1 :]
    while toks and (toks[0].lower_ in DETERMINERS or toks[0].lower_ in TITLE_WORDS and not named_body) and len(toks) > 1:
        if not toks[0].whitespace_ and toks[1].text in _HYPHENS:
            break  # "three-quarters", "ex-president": one word, written with a hyphen
        titles.append(toks.pop(0))
    if not named_body:  # capitalised words that qualify a title are the title's: "Police Chief Shon Barnes"
        last = max((k for k, t in enumerate(toks[:-1]) if t.lower_ in TITLE_WORDS), default=None)
        if last is not None and all(t.is_title for t in toks[:last]) and all(
                t.pos_ == "PROPN" and t.text[:1].isupper() for t in toks[last + 1 :]):
            titles.extend(toks[: last + 1])
            toks = toks[last + 1 :]
    while toks and (toks[-1].lower_ in POSSESSIVE_ENDINGS or toks[-1].is_punct):
        toks.pop()
    text = "".join(" " if t.is_space else t.text_with_ws for t in toks)  # "Newt\xa0Gingrich": a space token
    return " ".join(text.split()), titles  # "Ban Ki-moon", not "Ki - moon"


def strip_determiners(toks: list[Token]) -> str:
    """The words of ``toks`` without leading determiners; a space where words were left out between
    them ("Critics of the EB-5 program like …" without the comma, not "programlike")."""
    while toks and toks[0].lower_ in DETERMINERS:
        toks = toks[1:]
    words = [t for t in toks if not t.is_space]
    text = "".join(
        t.text + (t.whitespace_ if nxt is not None and nxt.i == t.i + 1 else " ")
        for t, nxt in zip(words, [*words[1:], None])
    )
    return normalize(text).strip(" ,")


def capitalised_inside(doc: Doc, lower: frozenset[str]) -> frozenset[str]:
    """The words a text capitalises somewhere other than at a sentence's start: names, for
    :func:`description`. A word the text also writes in lower case counts only capitalised on its own:
    "Police" in "Portland Police Bureau" or "Police Chief Bob Day" is part of a name, and leaves
    "Police said" the police of "police said"; "Waters" after "Maxine" stays a name. ``lower``: the words
    the text writes in lower case."""

    def in_run(tok: Token) -> bool:
        return any(0 <= j < len(doc) and doc[j].text[:1].isupper() for j in (tok.i - 1, tok.i + 1))

    return frozenset(
        t.text for t in doc
        if t.text[:1].isupper() and not opens_sentence(t) and not (t.text.lower() in lower and in_run(t))
    )


def dotted_agency(name: str) -> bool:
    """Whether a name is three or more capitals with dots, as agencies are written ("I.R.S.", "F.B.I."), which
    en_core_web_sm often takes for places; the places so written are two letters ("D.C.", "L.A.") or countries
    the gazetteer knows ("U.S.A.")."""
    letters = name.split(".")
    return len(letters) >= 4 and letters[-1] == "" and all(len(x) == 1 and x.isupper() for x in letters[:-1])


def written_as_acronym(tok: Token) -> bool:
    """Whether a word is in capitals in a sentence that is not: "WHO" (the World Health Organization) or
    "US" there is no pronoun."""
    return len(tok.text) > 1 and tok.text.isupper() and any(t.is_alpha and not t.is_upper for t in tok.sent)


def opens_sentence(tok: Token) -> bool:
    """Whether ``tok`` is a sentence's first word, after any quote marks or brackets."""
    start = tok.sent.start
    return start == tok.i or all(t.is_punct or t.is_space for t in tok.doc[start : tok.i])


def description(toks: list[Token], names: frozenset[str] = frozenset()) -> str:
    """A description's words as :func:`strip_determiners` gives them, a capital that only opens the
    sentence lowered ("Police said" and "police said" are one "police"; "Authorities", "Proponents");
    a name keeps it: a word of an entity, one in capitals ("NATO"), or one of ``names`` (see
    :func:`capitalised_inside`)."""
    text = strip_determiners(toks)
    words = [t for t in toks if not t.is_space]
    while words and words[0].lower_ in DETERMINERS:
        words = words[1:]
    first = words[0] if words else None
    if first is None or not opens_sentence(first) or first.pos_ == "PROPN" or first.ent_type_:
        return text
    if not first.text[:1].isupper() or any(c.isupper() for c in first.text[1:]) or first.lower_ in TITLE_WORDS:
        return text  # "NATO", "WashPost", "Mr. Obama's bet"
    if len(words) > 1 and words[1].is_alpha and words[1].text[:1].isupper():
        return text  # a title-case headline's "Black Lawmakers"
    if first.text in names:
        return text  # capitalised inside a sentence too: a name the tagger took for a noun ("Politifact")
    return text[:1].lower() + text[1:] if text.startswith(first.text) else text


_EXAMPLE_PREPOSITIONS = frozenset({"like", "including", "such", "unlike", "besides"})


def phrase(head: Token) -> list[Token]:
    """The noun phrase of ``head`` with its prepositional modifiers, without clauses."""
    keep = [head]
    cut = False
    for child in head.children:
        if child.dep_ in ("relcl", "acl", "appos", "punct", "cc", "conj"):
            continue
        if child.dep_ == "prep" and child.lower_ in _EXAMPLE_PREPOSITIONS:
            continue  # "critics of the program, like Senators …": examples, not the group's name
        # nor a relative clause the parse hung deeper: "Two people with knowledge of the talks, who spoke on
        # the condition of anonymity because …"
        clauses = {t.i for c in child.subtree if c.dep_ == "relcl" for t in c.subtree}
        keep.extend(t for t in child.subtree if t.i not in clauses)
        cut = cut or bool(clauses)
    keep.sort(key=lambda t: t.i)
    while cut and len(keep) > 1 and keep[-1].is_punct:  # the comma that set the clause off
        keep.pop()
    return keep


NOT_PEOPLE = frozenset({"ORG", "GPE", "LOC", "FAC"})  # entity labels of what is no person


def relative_antecedent(pron: Token) -> Token | None:
    """'Lavrov, who said …': the noun the relative clause hangs on. A common noun that only
    describes someone stands for them: an appositive before "who" ("Lavrov, a veteran diplomat who
    said") or what a copula says its subject is ("Trump is a serial liar and birther who has pledged")."""
    clause = pron.head
    while clause.dep_ not in ("relcl", "acl") and clause.head.i != clause.i:
        clause = clause.head
        if clause.dep_ == "ROOT":
            return None
    noun = clause.head
    if pron.lower_ in ("who", "whom") and noun.ent_type_ in NOT_PEOPLE and noun.dep_ == "pobj" and noun.head.dep_ == "prep":
        # "Howard Rubel, a senior analyst at Jefferies, who notes": the parse hung the clause on the body
        # the person works at; "who" is the one at it
        holder = noun.head.head
        role = holder.lemma_.lower() in PERSON_ROLES or holder.lemma_.lower() in ROLE_NOUNS
        described = holder.dep_ == "appos" and holder.head.ent_type_ == "PERSON"  # "Alan Berger, a gynecologist from Englewood"
        if (holder.pos_ == "NOUN" and (role or described)) or holder.ent_type_ == "PERSON":
            noun = holder
    if noun.pos_ == "NOUN" or (noun.pos_ == "PROPN" and not noun.ent_type_):  # "rampant xenophobe" is tagged PROPN
        if noun.dep_ == "appos" and noun.head.pos_ in ("PROPN", "NOUN") and pron.lower_ in ("who", "whom", "whose"):
            # a person: "Bannon of Breitbart News, a conservative website that" hangs on Bannon in the parse;
            # not through a list: "the EPA, 18 states, … and a number of cities that"
            return noun.head
        first = noun
        while first.dep_ == "conj" and first.head.i != first.i:
            first = first.head  # "a serial liar, rampant xenophobe … and birther who"
        if first.dep_ == "attr":
            verb = first.head
            while True:  # "Trump incites violence and is a liar": the first verb has the subject
                subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
                if subject is not None or verb.dep_ != "conj" or verb.head.i == verb.i:
                    break
                verb = verb.head
            if subject is not None and subject.pos_ == "PROPN":
                return subject
    return noun if noun.pos_ in ("PROPN", "NOUN") else None


# -- organisations named by description -------------------------------------------------

# an organisation a person's name makes ("Clinton's campaign", "her campaign", "the Obama administration"),
# and whom it speaks for: a campaign for its candidate, an administration for the side its head leads
OWNED_ORGANISATIONS = {"campaign": "person", "office": "person", "administration": "side", "government": "side"}
_ELECTION_WORDS = frozenset({"election", "reelection", "re-election", "primary", "presidential", "senate", "transition"})
# what speaks for a country when the country's name or people qualify it ("the Russian Foreign Ministry",
# "China's foreign ministry", "the Kenyan government"), as "the Kremlin" does for Russia
STATE_ORGANS = frozenset({"ministry", "government", "embassy", "cabinet", "presidency", "consulate", "military", "army",
                          "navy"})
# those a dateline's country owns when the article names no other's: not "the embassy", most often a foreign one
_HOME_ORGANS = frozenset({"ministry", "government", "cabinet", "presidency"})


def state_organ(head: Token, gaz, entity_of: Mapping[int, Span], home: Actor | None) -> Actor | None:
    """The country whose organ a mention names, as "the Kremlin" names Russia: "the Russian Foreign
    Ministry", "China's foreign ministry", "the Kenyan government", "the government of Canada"; one that
    names none ("the Foreign Ministry", "the government") is ``home``'s, the dateline's country ("TEHRAN —",
    :func:`home_country`). ``gaz``: the gazetteer; ``entity_of``: token index → its entity."""
    if head.lemma_.lower() not in STATE_ORGANS or head.tag_ not in ("NN", "NNP"):
        return None
    words = [t for t in head.subtree if t.i < head.i and t.dep_ != "det"] + [
        t for p in head.rights if p.dep_ == "prep" and p.lower_ == "of" for t in p.subtree if t.i != p.i]
    for tok in words:
        entry = gaz.demonym(tok.text) or gaz.lookup(tok.text)
        if entry is None and tok.ent_type_ == "GPE" and tok.i in entity_of:
            entry = gaz.lookup(bare_name(list(entity_of[tok.i]))[0])
        if entry is not None and entry.actor.kind == "country":
            return entry.actor
    unnamed = not any(t.ent_type_ in ("GPE", "NORP", "LOC", "PERSON") or t.dep_ == "poss" for t in words)
    definite = any(c.dep_ == "det" and c.lower_ == "the" for c in head.lefts)
    return home if unnamed and definite and head.lemma_.lower() in _HOME_ORGANS else None


# a place named through what it is: "the city of Phoenix", "the government of Canada"
_PLACE_NOUNS = frozenset({"city", "state", "town", "village", "county", "province", "government", "republic", "kingdom"})


# words for a body that an apposed name can name: "The rival, Streamly", "One group, Occupy DNC"
BODY_NOUNS = frozenset(
    """company firm corporation group organisation organization union agency rival competitor party network
    outlet newspaper broadcaster bank lender carmaker automaker retailer insurer startup charity association
    coalition committee fund institute foundation movement society utility""".split()
)

# what a body is to something, where a name set beside the word says which: "The pipeline's developer,
# Prairie Midstream", "its parent, Alphabet" (alone, "the developer" or "the owner" may be a person)
_NAMED_BODIES = BODY_NOUNS | COMPANY_NOUNS | frozenset(
    """developer operator owner parent producer supplier builder contractor publisher distributor regulator
    watchdog club employer sponsor bidder buyer subsidiary""".split()
)

_BODY_HEADS = BODY_NOUNS | frozenset(
    """commission office board council department ministry court authority bureau administration government
    police team campaign school university hospital panel tribunal regulator""".split()
)


def body_described(name: str) -> bool:
    """Whether a description names a body by its last word: "electoral commission", "state's budget office"."""
    words = name.split()
    return bool(words) and words[-1].lower() in _BODY_HEADS


def names_a_body(name: Sequence[Token], root: Token) -> bool:
    """Whether a name (its words, headed by ``root``) is a body's, whatever the NER took it for: its last
    word says so ("The Alzheimer's Society", "Novell Pharma") or an apposition does ("Denver Water, the
    utility that …", "The drug's maker, Novell Pharma")."""
    words = [t for t in name if not t.is_punct and t.dep_ != "det"]
    if len(words) > 1 and (words[-1].lower_ in _BODY_HEADS or legal_form(words[-1].text)):
        return True
    if any(_which_about(root, c) for c in root.children):
        return True  # "The Fraternal Order of Police, which represents the city's officers"
    apposed = [c for c in root.children if c.dep_ == "appos"] + ([root.head] if root.dep_ == "appos" else [])
    # one body, not one of several: "competitors, … William M. Daley" is no company
    return any(t.tag_ == "NN" and t.lemma_.lower() in BODY_NOUNS | COMPANY_NOUNS for t in apposed)


def _which_about(root: Token, clause: Token) -> bool:
    """Whether a "which" clause is about the name ``root`` heads itself: it follows the name's own words,
    not an apposition's ("Jonathan Westin, director of New York Communities for Change, which advocates
    …" is about the group he directs)."""
    if clause.dep_ != "relcl" or not any(g.lower_ == "which" for g in clause.children):
        return False
    before = clause.left_edge.i - 1
    if before > 0 and root.doc[before].text == ",":
        before -= 1
    apposed = {t.i for c in root.children if c.dep_ == "appos" for t in c.subtree}
    return root.left_edge.i <= before <= root.i or (before in {t.i for t in root.subtree} and before not in apposed)


def served_by(role: Token, *, of: bool = False) -> Token | None:
    """Whom a role noun says it serves: the object of its "for" or "to" ("a spokesman for the Kremlin", "an
    adviser to Mr. Sanders"; with ``of`` also "of": "a vice president of the union"), else a compound or
    possessive before it ("the Sanders aide", "its chairwoman")."""
    words = ("for", "to", "of") if of else ("for", "to")
    served = next((c for p in role.rights if p.dep_ == "prep" and p.lower_ in words
                   for c in p.children if c.dep_ == "pobj"), None)
    return served or next((c for c in role.lefts if c.dep_ in ("compound", "poss")), None)


def owner_of(head: Token) -> Token | None:
    """The person an owned organisation is named by ("Clinton" in "Clinton's campaign" and "the Clinton
    campaign", "her" in "her campaign"), or None: "an ad campaign", "the Brexit campaign" are no one's."""
    if head.lemma_.lower() not in OWNED_ORGANISATIONS or head.tag_ != "NN":
        return None
    if any(c.dep_ == "compound" and c.pos_ == "NOUN" and c.lower_ not in _ELECTION_WORDS for c in head.lefts):
        return None  # "Rowe's ad campaign" is an advertisement's, "his reelection campaign" his
    for child in head.lefts:
        if child.dep_ == "poss" and (child.pos_ == "PROPN" or child.lower_ in ("his", "her")):
            return child
        if child.dep_ == "compound" and child.pos_ == "PROPN" and child.i == head.i - 1:
            return child
    return None


def place_of(head: Token) -> Token | None:
    """The named place in "the city of Phoenix" (the noun, then "of" and a place entity), or None."""
    if head.lemma_.lower() not in _PLACE_NOUNS or head.tag_ != "NN":
        return None
    for prep in head.rights:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            place = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if place is not None and place.ent_type_ in ("GPE", "LOC"):
                return place
    return None


def bare_definite(head: Token) -> bool:
    """Whether a mention is "the" and a singular common noun, with nothing else to say which one it is
    ("the fund", "the nonpartisan commission"; not "the fund's director", "the commission on X")."""
    if head.tag_ != "NN" or head.lower_ in TITLE_WORDS:
        return False
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in head.lefts):
        return False
    if any(c.dep_ in ("poss", "compound", "nmod", "prep", "appos", "relcl", "acl") for c in head.children):
        return False
    return not any(c.dep_ == "amod" and (c.pos_ == "PROPN" or c.ent_type_) for c in head.lefts)


# A government portfolio in a title ("Commerce Secretary", "Press secretary"): a word the NER often takes for
# an organisation of its own
_PORTFOLIOS = frozenset(
    """commerce treasury defense defence state justice interior labor labour energy education agriculture
    transportation health housing press homeland veterans trade finance foreign""".split()
)


def portfolio_body(ent: Span) -> str | None:
    """For a one-word organisation the NER took out of a title ("Commerce" of "Commerce Secretary Gina
    Raimondo", "State" of "Secretary of State John Kerry"), the body the article names with that word first
    ("Commerce Department", "State Department"), or "" where it names none ("Press secretary": no body
    called "Press"); None where ``ent`` is no such word."""
    doc = ent.doc
    if len(ent) != 1 or ent[0].lower_ not in _PORTFOLIOS:
        return None
    before = ent.start >= 2 and doc[ent.start - 1].lower_ == "of" and doc[ent.start - 2].lower_ in TITLE_WORDS
    if not before and (ent.end >= len(doc) or doc[ent.end].lower_ not in TITLE_WORDS):
        return None
    for other in doc.ents:
        words = [t for t in other if t.lower_ not in DETERMINERS]
        if other.label_ == "ORG" and len(words) > 1 and words[0].text == ent[0].text:  # not "China's commerce ministry"
            return normalize(" ".join(t.text for t in words))
    return ""
