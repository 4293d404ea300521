"""Antecedents: the actors a pronoun or a description may stand for, as the speaker resolver records
them; which pronoun fits which ("he" a person not known to be a woman, "it" an organisation or a
country, "they" a group, or people a plural noun named), which one a pronoun takes, and which person a
description's modifiers fit."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from ..actors import Gazetteer
from ..models import Actor
from .lexicon import COLLECTIVE_NOUNS
from .names import role_of


@dataclass(slots=True)
class Candidate:
    """A possible antecedent: an actor mentioned at some position."""

    actor: Actor
    pos: int  # character offset of the mention
    sentence: int
    speaker: bool
    subject: bool
    gender: str | None
    roles: frozenset[str] = frozenset()  # title words the mention gives ("sen." → senator)
    plural: bool = False  # named by a plural noun ("Proponents", "critics"): a "they"
    topic: bool = False  # a person's name as the subject of its sentence's main clause
    # people only named as a clause's subject, never speaking: a speaker "they" may be them ("The researchers
    # followed 1,100 patients … , they reported"), a "they" in someone's words most often others ("Analysts
    # were skeptical. “They keep missing,” one said" is the company's managers)
    bystanders: bool = False


def subject_candidates(doc: Doc, noun_actor: Callable[[Token], Actor | None], sent_of: Sequence[int], *,
                       bodies: bool = False) -> list[Candidate]:
    """Who a main clause's subject names though they never speak: people a plural noun names, whom a later
    speaker "they" may stand for ("The researchers, led by Dr. Okafor, followed 1,100 patients … , they
    reported"); with ``bodies``, an organisation or a country a singular one names instead, whom a later
    "its" may stand for ("The Chicago Teachers Union has not taken a position. Its president, Mark Feldman,
    said …" speaks for the union; as the antecedent of any "it", "they" or description such subjects were
    wrong as often as right on PolNeAR train)."""
    out = []
    for tok in doc:
        if tok.dep_ not in ("nsubj", "nsubjpass") or tok.head.dep_ != "ROOT":
            continue
        if not bodies and (tok.tag_ != "NNS" or tok.lower_ not in COLLECTIVE_NOUNS):
            continue
        if bodies and tok.tag_ not in ("NN", "NNP"):
            continue
        actor = noun_actor(tok)
        if actor is None:
            continue
        if not bodies and actor.kind == "group":
            out.append(Candidate(actor=actor, pos=tok.idx, sentence=sent_of[tok.i], speaker=False,
                                 subject=True, gender=None, plural=True, bystanders=True))
        elif bodies and actor.kind in ("organization", "country"):
            out.append(Candidate(actor=actor, pos=tok.idx, sentence=sent_of[tok.i], speaker=False,
                                 subject=True, gender=None))
    return out


def principal(candidates: list[Candidate], actor: Actor) -> Actor | None:
    """The person an organisation speaks for, where the article named them (a campaign's candidate)."""
    if actor.kind != "organization" or not actor.affiliation:
        return None
    return next((c.actor for c in candidates if c.actor.kind == "person" and c.actor.name == actor.affiliation), None)


def compatible(pron: str, cand: Candidate) -> bool:
    """Whether a pronoun of class ``pron`` ("m", "f", "p" they, "n" it) may stand for ``cand``."""
    kind = cand.actor.kind
    if pron in ("m", "f"):
        return kind == "person" and (cand.gender is None or cand.gender == pron)
    if pron == "p":
        return kind in ("group", "country", "place", "organization") or (kind == "other" and cand.plural)
    if pron == "n":  # not a body a plural named: "progressive Democrats saying it gives too much ground"
        return kind in ("country", "place", "organization", "other") and not cand.plural
    return False


def clause_partner(pronoun: Token) -> Token | None:
    """The person named as the subject of the clause that a pronoun's own clause (when, because, if …) hangs on,
    before it: "Bush is “like a spoiled child” because he’s in favor of …", "Comey coined this term when he
    attributed …" (he is Bush, Comey); else None. Not the other way round: in "If Trump doesn't become the
    nominee, he said …" or "since Manning was supporting him, he would …" the name of the clause before is
    most often someone else. A name only: "the official" or "it" binds nothing."""
    if pronoun.dep_ not in ("nsubj", "nsubjpass") or pronoun.head.dep_ != "advcl":
        return None
    subject = next((c for c in pronoun.head.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is not None and subject.pos_ == "PROPN" and subject.i < pronoun.i and subject.ent_type_ == "PERSON":
        return subject
    return None


_LOOKBACK_SENTENCES = 4
# "it" stands for an organisation or a country only close by: further back it is most often a thing
# ("The union said it hoped … Analysts were divided. “It is a small step,” said …")
_LOOKBACK_IT = 1
_TOPIC = 1.5


def best_antecedent(candidates: list[Candidate], pron: str, pos: int, sentence: int, *, speaker: bool = True) -> Actor | None:
    """The actor a pronoun of class ``pron`` at character ``pos`` of sentence ``sentence`` stands for:
    of the fitting candidates before it and close enough, the nearest sentence, a speaker, a subject
    (``speaker``: the pronoun is a source; else bystanders are left out)."""
    best: tuple[float, int] | None = None
    chosen: Actor | None = None
    lookback = _LOOKBACK_IT if pron == "n" else _LOOKBACK_SENTENCES
    for cand in candidates:
        if cand.pos >= pos or sentence - cand.sentence > lookback or not compatible(pron, cand):
            continue
        if cand.bystanders and not speaker:
            continue
        back = sentence - cand.sentence
        # a person named as the subject of the sentence just before (its main clause) is who the story
        # turned to: "Whitman was unmoved. She said …" is Whitman, not the official who spoke two back
        topic = _TOPIC if cand.topic and back == 1 else 0.0
        key = (-2.0 * back + 3.0 * cand.speaker + 2.0 * cand.subject + topic, cand.pos)
        if best is None or key > best:
            best, chosen = key, cand.actor
    return chosen


# modifiers that leave a description's referent open: "the former governor" is still the governor named before
_TIME_MODIFIERS = frozenset({"former", "then", "current", "late", "outgoing", "incoming", "acting", "new", "top", "senior"})


def fits(modifier: Token, cand: Candidate, gaz: Gazetteer) -> bool:
    """Whether a description's modifier fits a person: one of the words the person was titled
    with ("the Republican nominee" and "Republican presidential nominee Donald Trump"), a time
    word ("former"), or a country or place that is not another than the person's affiliation
    ("the Russian minister"). A party or organisation must be among the title words: "the
    Democratic nominee" is not the Republican one."""
    word = modifier.lower_
    if word in _TIME_MODIFIERS or role_of(word) in cand.roles:
        return True
    if modifier.pos_ == "PROPN" or modifier.ent_type_ in ("GPE", "NORP"):
        entry = gaz.demonym(modifier.text) or gaz.lookup(modifier.text)
        if entry is not None and entry.actor.kind == "country":
            place = entry.actor.name
        elif entry is None and modifier.ent_type_ == "GPE":
            place = modifier.text  # a place the gazetteer does not know: "the Ohio senator"
        else:
            return False  # a party, an organisation, a people
        return cand.actor.affiliation is None or cand.actor.affiliation == place
    return False


# words for an organisation that say nothing of which one: "the agency" is the one just named, not one whose
# name has the word ("the organization" after UNICEF spoke is UNICEF, not the World Health Organization)
GENERIC_BODIES = frozenset({"agency", "organization", "organisation", "body", "institution", "group"})


# words for a country that name none ("the kingdom supported …"): the country just spoken of, or for; not
# "the country" or "the nation", which politicians say of their own ("the nation needs more than two parties")
COUNTRY_WORDS = frozenset({"kingdom", "republic"})


def nearest_body(candidates: list[Candidate], pos: int, sentence: int, reach: int = 2,
                 kind: str = "organization") -> Actor | None:
    """The organisation (or actor of ``kind``) most recently mentioned before character ``pos``, at most
    ``reach`` sentences back."""
    before = [c for c in candidates if c.pos < pos and sentence - c.sentence <= reach and c.actor.kind == kind]
    return max(before, key=lambda c: c.pos).actor if before else None
