"""Names and titles, read off the tokens of a mention: a surname alone, the title words before a name
and the roles and gender they give, an entity that runs on past a name, a title-case headline, an
office the person no longer holds. Pure functions; :mod:`onrecord.nlp.speakers` resolves with them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from spacy.tokens import Doc, Span, Token

from .lexicon import (
    COUNSEL, FEMALE_TITLES, MALE_TITLES, NAME_PARTICLES, PERSON_ROLES, PERSONAL_PRONOUNS, SPOKESPEOPLE, TITLE_WORDS,
)
from .mentions import (
    DETERMINERS, POSSESSIVE_ENDINGS, apposed_to_served, bare_name, names_a_body, relative_antecedent,
)
from .holders import FORMER_WORDS, former_office, office_title

_ABBREVIATED = {"sen": "senator", "gov": "governor", "rep": "representative", "gen": "general", "adm": "admiral",
                "prof": "professor", "pres": "president", "sec": "secretary"}
QUALIFIERS = frozenset({"vice", "deputy", "assistant", "under", "associate", "lieutenant", "lt"})
# Titles a definite description can name a person by ("the senator"): offices and roles one person holds,
# not the generic "official", "aide" or "source", which "the" does not make anyone in particular.
DESCRIBING_ROLES = frozenset(
    """president minister secretary senator representative congressman congresswoman governor mayor
    chancellor premier general admiral ambassador envoy spokesman spokeswoman spokesperson chairman
    chairwoman director judge justice speaker commissioner nominee candidate ceo founder professor official manager
    coach""".split()
)
# roles one person holds for whoever owns them
_OWNED_ROLES = frozenset(
    """president director chairman chairwoman chair chief executive ceo manager officer superintendent principal
    treasurer administrator commissioner secretary""".split()
)
_AGENTS = COUNSEL | SPOKESPEOPLE


# a surname's particles capitalised (lower case: lexicon.NAME_PARTICLES), only those no given name is spelt like
# ("De Blasio" opening a sentence, but "Al Gore" and "Van Jones" are full names)
_CAPITAL_PARTICLES = frozenset({"De", "Von", "Der", "Den", "Di", "Du", "Della", "Ten", "Ter"})


def apposed_nouns(head: Token) -> list[Token]:
    """The common nouns set beside a name, either way round: "The Kenyan foreign minister, Musalia Mudavadi"
    and "Musalia Mudavadi, the Kenyan foreign minister" → [minister]."""
    beside = [head.head] if head.dep_ == "appos" and head.head.pos_ == "NOUN" else []
    role = _role_of_served(head)
    return beside + ([role] if role is not None else []) + [c for c in head.rights if c.dep_ == "appos" and c.pos_ == "NOUN"]


def _role_of_served(name: Token) -> Token | None:
    """The role noun whose "for X" the parse hung a name on as X's apposition: "A spokeswoman for Lumen,
    Jessica Ford" (Ford in apposition to Lumen), → spokeswoman (:func:`mentions.apposed_to_served`, the
    other way round)."""
    if name.dep_ != "appos" or name.head.dep_ != "pobj":
        return None
    role = name.head.head.head
    return role if role.pos_ == "NOUN" and not role.ent_type_ and name in apposed_to_served(role) else None


def apposed_title(head: Token) -> list[Token]:
    """The words of a current office set beside a name, either way round: "The Kenyan foreign minister,
    Musalia Mudavadi" and "Musalia Mudavadi, the Kenyan foreign minister" → Kenyan foreign minister;
    only with "the" or a possessive ("Russia's foreign minister"), not "a top aide"; nothing for a
    former office (:func:`former_office_apposed`)."""
    for noun in apposed_nouns(head):
        if not any((c.dep_ == "det" and c.lower_ == "the") or c.dep_ == "poss" for c in noun.lefts):
            continue  # "Clinton, a top aide", "a retired Belgian general": one of many, not the office
        words = [t for t in noun.subtree if t.i <= noun.i and t.dep_ != "det" and not t.is_punct]
        owned_by_body = any(c.dep_ == "poss" and c.lower_ in ("its", "their") for c in noun.lefts)
        if office_title([t.text for t in words]) or (owned_by_body and role_of(noun.lower_) in _OWNED_ROLES):
            return words  # "Its chairwoman, Priscilla Chigumba": the body's, whatever the office
    return []


_NOT_TITLE_POS = frozenset({"PUNCT", "PRON", "VERB", "AUX", "ADV", "SCONJ", "CCONJ", "INTJ", "SYM", "DET"})


def _title_like(tok: Token) -> bool:
    return (is_title(tok) or tok.lower_ in FORMER_WORDS or tok.lower_ in POSSESSIVE_ENDINGS
            or tok.pos_ not in _NOT_TITLE_POS)


def _in_word(tok: Token) -> bool:
    """A hyphen inside a word ("vice-presidential", "ex-Governor")."""
    doc = tok.doc
    return tok.text in ("-", "–") and not tok.whitespace_ and tok.i > 0 and not doc[tok.i - 1].whitespace_


def shown_titles(titles: Sequence[Token], pos: int) -> list[Token]:
    """The words of ``titles`` before a name that starts at character ``pos`` a person is shown with:
    only the run of title words that ends where the name begins. Not a word the parse hung on the name
    from further back ("Everything Trump says", "is also predictable - Donald J. Trump", "frankly the
    president …,” Flynn"), nor punctuation or quote marks ('"Sen. Bernie Sanders' is "Sen."), nor an
    owner's name ("Salem Radio's Hugh Hewitt"), nor a run without a noun ("frustrating Scott")."""
    if not titles:
        return []
    doc = titles[0].doc
    ids = {t.i for t in titles}
    at = doc.char_span(pos, pos + 1, alignment_mode="expand")
    if at is None:
        return list(titles)
    first = next((t for t in doc[at.start :] if t.i not in ids
                  and not (t.is_space or t.is_punct or t.lower_ in DETERMINERS)), None)
    run: list[Token] = []
    for tok in reversed(doc[: first.i if first is not None else len(doc)]):
        if tok.is_space and (tok.i in ids or run):
            run.append(tok)  # "nominee\xa0Gov.": a space token between title words
            continue
        if tok.i not in ids or not (_title_like(tok) or _in_word(tok)):
            break
        run.append(tok)
    run.reverse()
    while run and run[0].is_space:
        run.pop(0)
    while run and run[-1].is_space:
        run.pop()
    if run and run[-1].lower_ in POSSESSIVE_ENDINGS:
        return []  # "Salem Radio's Hugh Hewitt": whose, not what
    return run if any(t.pos_ in ("NOUN", "PROPN") or is_title(t) for t in run) else []


def former_office_apposed(head: Token) -> str | None:
    """An appositive that names an office the person held no longer ("Clinton, the former secretary
    of State" → "former secretary of State"), or None."""
    for child in head.rights:
        if child.dep_ != "appos":
            continue
        clauses = {t.i for c in child.subtree if c.dep_ in ("relcl", "acl", "advcl") for t in c.subtree}
        words = [t for t in child.subtree if t.dep_ != "det" and not t.is_punct and t.i not in clauses]
        if former_office([t.text for t in words if t.i <= child.i]):
            return " ".join(t.text for t in words)  # not what it goes on to say: "…, who runs Crosscut Strategies"
    return None


def surname_of(bare: str) -> str | None:
    """The surname a name is alone, or None for a fuller name: "Keller", "De Blasio" → "Blasio",
    "Von der Leyen" → "Leyen"."""
    words = bare.split()
    if len(words) == 1:
        return words[0]
    particles = all(w in NAME_PARTICLES or w in _CAPITAL_PARTICLES for w in words[:-1])
    if len(words) > 1 and (particles or words[0] in NAME_PARTICLES):
        return words[-1]  # a name opening on a particle in lower case is a surname: "del Pozo Cruz"
    return None


def joined_at_particles(doc: Doc) -> list[Span] | None:
    """The Doc's entities with the people the NER broke at a surname's particles made whole, or None
    where it broke none: "Prince Abdulaziz" + "bin Salman" is one person, and so is "Ursula von der"
    with the "Leyen" it took for a place."""
    ents = list(doc.ents)
    out: list[Span] = []
    changed = False
    i = 0
    while i < len(ents):
        ent = ents[i]
        end = ent.end
        if ent.label_ == "PERSON":
            while i + 1 < len(ents) and ents[i + 1].start == end and ents[i + 1][0].text in NAME_PARTICLES:
                i += 1
                end = ents[i].end
            particles = end
            while particles < len(doc) and doc[particles].text in NAME_PARTICLES:
                particles += 1  # "Borja" + "del Pozo Cruz", which the NER left out
            if particles > end and particles < len(doc) and doc[particles].text[:1].isupper():
                end = particles
            if end - ent.start > 1 and doc[end - 1].text in NAME_PARTICLES:
                while end < len(doc) and doc[end].is_alpha and doc[end].text[:1].isupper():
                    end += 1
            while i + 1 < len(ents) and ents[i + 1].start < end:
                i += 1
                end = max(end, ents[i].end)
        if end != ent.end:
            changed = True
            ent = Span(doc, ent.start, end, label="PERSON")
        out.append(ent)
        i += 1
    return out if changed else None


_JOINING_WORDS = frozenset({"and", "&", "of", "for"})


def joined_organisations(ents: Sequence[Span]) -> list[Span] | None:
    """``ents`` with the organisations the NER broke at a joining word made whole, or None where it
    broke none: "The International Longshore and" + "Warehouse Union" is one union, as "the Bureau of"
    + "Alcohol, Tobacco, Firearms and Explosives" is one bureau; and each with the rest of its name it
    left out (:func:`_run_on`), taking in any entity inside that rest."""
    out: list[Span] = []
    for ent in ents:
        last = out[-1] if out else None
        if (last is not None and last.label_ == "ORG" and last[-1].lower_ in _JOINING_WORDS and ent.start == last.end
                and ent[0].text[:1].isupper() and ent.label_ in ("ORG", "GPE", "PERSON", "NORP", "FAC")):
            out[-1] = Span(ent.doc, last.start, ent.end, label="ORG")
        else:
            out.append(ent)
    joined = [_run_on(ent) if ent.label_ == "ORG" else ent for ent in out]
    taken = [e for i, e in enumerate(joined) if not any(o.start < e.start < o.end for o in joined[:i])]
    return taken if [(e.start, e.end) for e in taken] != [(e.start, e.end) for e in ents] else None


def _run_on(ent: Span) -> Span:
    """An organisation with the rest of its name the NER left out: "for", "to" or "of", perhaps "a" or "the",
    and capitalised words up to a comma ("the European Centre" + "for a Modern Ukraine", "Interfaith Paths"
    + "to Peace"); as it was where no such rest follows."""
    doc, end = ent.doc, ent.end
    if end >= len(doc) or doc[end].lower_ not in ("for", "to", "of"):
        return ent
    words = end + 1 + (end + 1 < len(doc) and doc[end + 1].lower_ in ("a", "the"))
    stop = words
    while stop < len(doc) and doc[stop].is_alpha and doc[stop].text[:1].isupper():
        stop += 1
    closed = stop < len(doc) and doc[stop].text in (",", ";", ".", ")")
    return Span(doc, ent.start, stop, label="ORG") if stop > words and closed else ent


def runs_past(ent: Span, head: Token, person: bool) -> bool:
    """Whether an entity runs on past the mention it holds, and so is no name of it: a colon after
    it ("WALLACE" in "WALLACE: Governor"), or, when the mention names a person (``person``), a verb,
    a lower-case word other than a preposition, article or conjunction, or a punctuation mark
    ("Obama" in the headline entity "Obama Sees 'Personal Insult'", "Trump" in "Trump accused Holt of
    being a"). An organisation's name may hold a verb ("Alliance to Reclaim Our Schools"); what is
    glued into one word stays a name ("Ban Ki-moon")."""
    doc = ent.doc
    after = doc[head.i + 1 : ent.end]
    if any(tok.text in (":", ";") for tok in after):
        return True
    if not person:
        return False
    for tok in after:
        if tok.text in (",", "!", "?"):
            return True
        if not doc[tok.i - 1].whitespace_:
            continue  # the rest of a hyphenated or dotted word
        if tok.pos_ in ("ADP", "DET", "CCONJ", "PART", "SCONJ"):
            continue
        if tok.is_punct or tok.pos_ in ("VERB", "AUX") or (tok.is_alpha and tok.is_lower):
            return True
    return False


def headline_end(text: str) -> int:
    """Where the first line ends when it is a title-case headline over a body ("Derelict Obama and
    Clinton; …"), else 0. The NER reads words its capitals make look like names into names there."""
    end = text.find("\n")
    if end <= 0:
        return 0
    words = [w for w in text[:end].split() if w[:1].isalpha() and len(w) > 3]
    return end if words and sum(w[0].isupper() for w in words) >= 0.8 * len(words) else 0


def role_of(word: str) -> str:
    """A title word as a role: lower case, abbreviations spelled out ("Sen." → senator)."""
    word = word.lower().rstrip(".")
    return _ABBREVIATED.get(word, word)


def title_roles(words: list[str]) -> frozenset[str]:
    """The roles in a run of title words; a qualified one is its own ("Vice President" is no president)."""
    roles = [role_of(w) for w in words]
    return frozenset(
        f"{roles[i - 1]} {r}" if i and roles[i - 1] in QUALIFIERS else r for i, r in enumerate(roles)
    )


def title_words_before(doc: Doc, start: int, most: int = 4) -> list[str]:
    """The words just before a name, at most ``most``, up to the first that cannot stand in a title: a
    verb, a pronoun, a conjunction, punctuation, a preposition other than "of" ("Secretary of State John
    Kerry", "its national security adviser, Eduardo Año"; not "the official party line on Trump", whose
    "official" is no office of his)."""
    words: list[str] = []
    if start > 0 and doc[start - 1].text == ",":
        start -= 1  # an appositive: "Its national security adviser, Eduardo Año"
    for tok in reversed(doc[max(0, start - most) : start]):
        if tok.text in ("-", "–") and tok.i > 0 and tok.nbor(-1).lower_ in ("then", "ex", "former"):
            words.insert(0, tok.nbor(-1).lower_)  # "then-Secretary Clinton": an office held no longer
            break
        if tok.pos_ in ("VERB", "AUX", "PUNCT", "PRON", "CCONJ", "SCONJ") or (tok.pos_ == "ADP" and tok.lower_ != "of"):
            break
        words.insert(0, tok.text)
    return words


def title_run(doc: Doc, start: int) -> list[Token]:
    """The title words just before a name ("House Speaker", "Gov.", "Foreign Minister"), at most four,
    also across the comma of an appositive ("the first lady, Michelle Obama")."""
    i = start - 1
    if i > 0 and doc[i].text == ",":
        if is_title(doc[i - 1]):
            i -= 1
        else:
            i = _title_of_place(doc, i)  # "the former mayor of Riverton, Daniel Okafor"
    words: list[Token] = []
    while i >= 0 and len(words) < 4 and (
        is_title(doc[i])
        or (doc[i].is_title and doc[i].pos_ in ("PROPN", "NOUN"))
        or (words and doc[i].dep_ in ("amod", "compound") and doc[i].head in words)  # "Republican presidential nominee"
    ):
        words.append(doc[i])
        i -= 1
    return words[::-1]


def _title_of_place(doc: Doc, comma: int) -> int:
    """Before an appositive's comma, the title of "TITLE of PLACE, NAME" ("the governor of Texas, Greg
    Abbott"): the title's last word, from which :func:`title_run` reads on; else the comma itself (no title)."""
    i = comma - 1
    while i >= 0 and comma - i <= 4 and doc[i].pos_ == "PROPN":
        i -= 1
    if i == comma - 1 or i < 1 or doc[i].lower_ != "of" or not is_title(doc[i - 1]):
        return comma
    return i - 1


def is_title(tok: Token) -> bool:
    return tok.lower_ in TITLE_WORDS or tok.lower_ in MALE_TITLES or tok.lower_ in FEMALE_TITLES


def title_gender(titles: list[Token]) -> str | None:
    for t in titles:
        if t.lower_ in MALE_TITLES:
            return "m"
        if t.lower_ in FEMALE_TITLES:
            return "f"
    return None


_HYPHENATED_GIVEN = re.compile(r"[A-Z][a-z]+-[a-z]+")  # "Ki-moon", "Geun-hye", "Jong-un"


def full_names(doc: Doc, unlabelled: Sequence[Span] | None = None) -> dict[str, list[tuple[int, str]]]:
    """Surname → the full names the article gives it, with where each is given, in order: the NER's
    people, and the names it missed or took for something else (``unlabelled``, by default
    :func:`unlabelled_people`)."""
    names: dict[str, list[tuple[int, str]]] = {}
    extra = unlabelled_people(doc) if unlabelled is None else list(unlabelled)
    people = [ent for ent in doc.ents if ent.label_ == "PERSON"] + extra
    for ent in sorted(people, key=lambda e: e.start):
        bare, _ = bare_name(list(ent))
        parts = bare.split()
        if len(parts) < 2:
            continue
        # a family name first, before a hyphenated given name: "Ban Ki-moon" is "Mr. Ban"
        surname = parts[0] if len(parts) == 2 and _HYPHENATED_GIVEN.fullmatch(parts[1]) else parts[-1]
        names.setdefault(surname, []).append((ent.start_char, bare))
    return names


def unlabelled_people(doc: Doc) -> list[Span]:
    """Full names the NER missed or took for a place or a body (en_core_web_sm often does: "Kemi
    Badenoch" a place, "Mikel Arteta" nothing, "Police Chief Shon Barnes" nothing): a run of two or three
    capitalised proper nouns that a person's title opens ("Police Chief Shon Barnes"), that a role noun
    stands beside ("Kemi Badenoch, the party leader,"), or, where the NER saw nothing, that opens on a
    given name the census lists clearly as a man's or a woman's ("Arsenal's Mikel Arteta"). Not a name
    that qualifies a title ("former South Carolina Gov."), one in capitals (a headline), a plural ("the
    Carolina Panthers"), part of a longer name ("King County Jail") or a body's ("Denver Water, the
    utility")."""
    from .given_names import given_name_gender

    ents = doc.ents
    people = {i for ent in ents if ent.label_ == "PERSON" for i in range(ent.start, ent.end)}
    entity_of = {i: ent for ent in ents for i in range(ent.start, ent.end)}
    found: list[Span] = []
    i = 0
    while i < len(doc):
        j = i
        while j < len(doc) and doc[j].pos_ == "PROPN" and doc[j].text[:1].isupper() and doc[j].is_alpha and j - i < 6:
            j += 1
        if j == i:
            i += 1
            continue
        run = list(doc[i:j])
        titles = [k for k, t in enumerate(run) if _person_title(t)]
        name = doc[i + titles[-1] + 1 : j] if titles else doc[i:j]
        titled = bool(titles) or (i > 0 and _person_title(doc[i - 1]))
        i = j
        if not 2 <= len(name) <= 3 or any(k in people for k in range(name.start, name.end)):
            continue
        if any(t.is_upper for t in name) or name[-1].tag_ == "NNPS" or names_a_body(list(name), name.root):
            continue
        if not titled and after_the(name):
            continue  # "the Almighty Creator – the one who gave us these rights"
        if name.root.dep_ == "compound" or (name.end < len(doc) and is_title(doc[name.end])):
            continue  # "former South Carolina Gov. Jim Hodges", "a former White House chief of staff"
        labelled = [entity_of[k] for k in range(name.start, name.end) if k in entity_of]
        if any(e.start < name.start or e.end > name.end for e in labelled):
            continue  # part of a longer name of something else
        gender = given_name_gender(name.text)
        if titled or _role_beside(name) or (not labelled and (gender is not None or spoken_of_as_person(name))):
            found.append(name)
        elif labelled and gender is not None and spoken_of_as_person(name, gender):
            found.append(name)  # "Vanessa Iampaglia considered selling her eggs", an organisation to the NER
    return found + _surnames_alone(doc, [*(e for e in ents if e.label_ == "PERSON"), *found], entity_of)


def _surnames_alone(doc: Doc, people: list[Span], entity_of: dict[int, Span]) -> list[Span]:
    """A surname standing alone that the NER left unmarked, after the article gave the full name it ends ("club
    captain Joe Malley … Malley, who has not started …, was less conciliatory"): that person's mention."""
    first_named: dict[str, int] = {}
    for name in people:
        words = [t for t in name if t.is_alpha]
        if len(words) >= 2 and words[-1].text[:1].isupper():
            first_named[words[-1].text] = min(first_named.get(words[-1].text, len(doc)), name.end)
    return [doc[t.i : t.i + 1] for t in doc
            if t.pos_ == "PROPN" and t.i not in entity_of and first_named.get(t.text, len(doc)) <= t.i
            and not (t.i > 0 and doc[t.i - 1].pos_ == "PROPN") and not (t.i + 1 < len(doc) and doc[t.i + 1].pos_ == "PROPN")]


_SUBJECTS = frozenset({"nsubj", "nsubjpass"})


def after_the(name: Span) -> bool:
    """Whether a name opens on or follows "the", which a person's name never takes ("the Bruins")."""
    return name[0].lower_ == "the" or (name.start > 0 and name.doc[name.start - 1].lower_ == "the")


def described_as_person(name: Span) -> bool:
    """Whether a name is set beside a role noun or has a "who" clause on it, as only a person's is:
    "Nefzi, a chemistry professor, said", "Iampaglia, who graduated in 2009" (names en_core_web_sm
    takes for places)."""
    if after_the(name):
        return False  # "the Gridiron (an exclusive clan … who perform skits)"
    return _role_beside(name) or _who_clause(name.root)


def _who_clause(root: Token) -> bool:
    """Whether a "who" clause hangs on ``root`` and stands for it (not for the person a place or body
    is said of: "Alan Berger, a gynecologist from Englewood, who said")."""
    holders = [root, *(c for c in root.children if c.dep_ == "appos")]  # "Harlan Crow, a developer, who"
    return any(
        child.dep_ == "relcl" and any(
            c.lower_ in ("who", "whom") and c.dep_ in (*_SUBJECTS, "dobj") and relative_antecedent(c) == root
            for c in child.children
        )
        for holder in holders for child in holder.children
    )


def spoken_of_as_person(name: Span, gender: str | None = None) -> bool:
    """Whether the sentence goes on to speak of a name as someone's: a "who" clause hangs on it
    ("Iampaglia, who graduated in 2009"), or it is a verb's subject and a "he" or "she" (of ``gender``,
    where given) stands in that verb's clause with no other subject between ("Adel Nefzi said he never
    saw …", "Vanessa Iampaglia considered selling her eggs"; not "Nefzi said Mateen thought he …")."""
    root = name.root
    if _who_clause(root):
        return True
    if root.dep_ not in _SUBJECTS:
        return False
    verb = root.head
    for tok in verb.subtree:
        kind = PERSONAL_PRONOUNS.get(tok.lower_)
        if kind not in ("m", "f") or tok.i < name.end or (gender is not None and kind != gender):
            continue
        step = tok if tok.dep_ in _SUBJECTS else tok.head
        while step.i != verb.i and not any(c.dep_ in _SUBJECTS and c.i != tok.i for c in step.children):
            step = step.head
        if step.i == verb.i:
            return True
    return False


def titled_name(name: Span) -> bool:
    """Whether a person's title stands right before a short run of proper nouns ("Representative Brooks",
    "Speaker Ryan": names en_core_web_sm often takes for organisations), and the run names no body."""
    doc = name.doc
    return (
        name.start > 0 and _person_title(doc[name.start - 1]) and len(name) <= 3
        and all(t.pos_ == "PROPN" and t.text[:1].isupper() and not t.is_upper for t in name)
        and not names_a_body(list(name), name.root)
    )


def _person_title(tok: Token) -> bool:
    """A word that titles a person before the name ("Chief", "Sen.", "Mr", "Dr."), not one that
    qualifies an office ("former", "Foreign", "State")."""
    word = tok.lower_
    return (word in PERSON_ROLES or word in MALE_TITLES or word in FEMALE_TITLES
            or word.rstrip(".") in _ABBREVIATED or word == "dr")


def _role_beside(name: Span) -> bool:
    """Whether a role noun is set beside a name, either way round, between commas or before the
    sentence's end: "Kemi Badenoch, the party leader,", "the United Nations envoy, Ramtane Lamamra,"
    (not "Trump National Doral, the candidate boasted", a subject the parse took for an apposition)."""
    doc = name.doc
    root = name.root

    def set_off(span_end: int) -> bool:
        return span_end >= len(doc) or doc[span_end].is_punct

    for child in root.children:
        if child.dep_ == "appos" and _names_role(child) and set_off(child.right_edge.i + 1):
            return True
    return root.dep_ == "appos" and _names_role(root.head) and set_off(name.end)


# endings of nouns for someone who does something: "hydrologist", "historian", "businesswoman"
_PERSON_ENDINGS = ("ist", "ian", "man")


def _names_role(tok: Token) -> bool:
    word = tok.lower_
    if tok.pos_ == "PROPN" and tok.tag_ == "NNP" and word in PERSON_ROLES:
        return True  # "Joh Husted, Ohio Secretary of State"
    if tok.pos_ != "NOUN" or tok.tag_ != "NN":
        return False
    return role_of(word) in PERSON_ROLES or (len(word) > 5 and word.isalpha() and word.endswith(_PERSON_ENDINGS))


# offices that serve a government rather than lead it
_SERVING_OFFICES = frozenset({"minister", "secretary", "ambassador", "envoy", "spokesman", "spokeswoman", "spokesperson",
                              "diplomat", "official", "general", "admiral"})
_LEADING_OFFICES = frozenset({"prime", "president", "premier", "chancellor", "king", "queen", "emir", "sultan"})


def serves_a_government(roles: set[str] | frozenset[str]) -> bool:
    """Whether someone with these title roles serves a government rather than leads it: a foreign
    minister's "his government" is the country's, a prime minister's is the prime minister's."""
    return bool(roles & _SERVING_OFFICES) and not roles & _LEADING_OFFICES


def owned_role(head: Token, given_surname: Callable[[str], str | None]) -> bool:
    """Whether a role a possessive owns names one person, whom a later "he" or "she" may stand for though the
    article never names them: "its director", "the district's attorney". Not someone speaking for a person
    ("his lawyer", "Pagliano's attorney": ``given_surname`` tells a surname the article gave), in whose words
    "he" is most often the client."""
    owner = next((c for c in head.lefts if c.dep_ == "poss"), None)
    if head.tag_ != "NN" or owner is None:
        return False
    role = role_of(head.lower_)
    person = owner.lower_ in ("his", "her") or owner.ent_type_ == "PERSON" or given_surname(owner.text) is not None
    return role in _OWNED_ROLES or (role in _AGENTS and not person)


def unnamed_one(head: Token) -> bool:
    """"One, who asked not to be named because she feared retaliation, said": a person (not the generic
    "one would have hoped", nor "no one")."""
    return head.lower_ == "one" and any(
        c.dep_ == "relcl" and any(w.lower_ == "who" for w in c.children) for c in head.children
    )
