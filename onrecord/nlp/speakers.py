"""Who a source mention is: names, titles, collectives, metonyms and pronouns.

Coreference is rule-based and local to one article: a pronoun source goes to
the most salient compatible antecedent in the preceding sentences, where a
previous speaker and a sentence subject outrank a name that is merely
mentioned. Names are canonicalised within the article (a surname takes the
full name it was introduced with) and then through the gazetteer.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from ..actors import Entry, Gazetteer, normalize, same_person
from ..models import Actor
from .attribution import Attribution
from .positions import office_title
from .lexicon import COLLECTIVE_NOUNS, FEMALE_TITLES, MALE_TITLES, PERSONAL_PRONOUNS, ROLE_NOUNS, TITLE_WORDS

_ENTITY_KIND = {"PERSON": "person", "GPE": "country", "NORP": "group", "ORG": "organization", "LOC": "other", "FAC": "organization"}
_LOOKBACK_SENTENCES = 4
_PLACE_OR_PEOPLE = frozenset({"GPE", "NORP"})  # "Washington", "Americans": never read as a surname
_DETERMINERS = frozenset({"the", "a", "an", "both", "some", "several", "many", "other", "two", "three", "these", "those"})


@dataclass(slots=True)
class _Candidate:
    """A possible antecedent: an actor mentioned at some position."""

    actor: Actor
    pos: int  # character offset of the mention
    sentence: int
    speaker: bool
    subject: bool
    gender: str | None


class SpeakerResolver:
    """Resolves the source mentions of one Doc's attributions to actors."""

    def __init__(self, doc: Doc, gazetteer: Gazetteer) -> None:
        self.doc = doc
        self.gaz = gazetteer
        self.sent_of = [0] * len(doc)
        for i, sent in enumerate(doc.sents):
            for tok in sent:
                self.sent_of[tok.i] = i
        self.full_names = self._full_names()
        self.genders: dict[str, str] = {}
        self.offices: set[str] = set()  # people this article names with a current office
        self.candidates: list[_Candidate] = self._person_mentions()

    # -- names ------------------------------------------------------------

    def _bare_name(self, toks: list[Token]) -> tuple[str, list[Token]]:
        """Name text with leading titles and a trailing possessive removed; also the titles."""
        titles = []
        while toks and (toks[0].lower_ in TITLE_WORDS or toks[0].lower_ in _DETERMINERS) and len(toks) > 1:
            titles.append(toks.pop(0))
        while toks and (toks[-1].lower_ in ("'s", "’s", "'", "’") or toks[-1].is_punct):
            toks.pop()
        return " ".join(t.text for t in toks), titles

    def _full_names(self) -> dict[str, str]:
        """Surname → first full name the article introduces it with."""
        names: dict[str, str] = {}
        for ent in self.doc.ents:
            if ent.label_ != "PERSON":
                continue
            bare, _ = self._bare_name(list(ent))
            parts = bare.split()
            if len(parts) >= 2:
                names.setdefault(parts[-1], bare)
        return names

    def person(self, bare: str, titles: list[Token]) -> Actor:
        """Canonical person actor for a bare name, with its affiliation where known."""
        name = bare
        if len(bare.split()) == 1 and bare in self.full_names:
            name = self.full_names[bare]
        entry = self._person_entry(name)
        gender = _title_gender(titles)
        if entry is not None and entry.actor.kind == "person" and not (gender and entry.gender and gender != entry.gender):
            actor = entry.actor
            if entry.gender:
                self.genders[actor.name] = entry.gender
        else:
            actor = Actor(name=name, kind="person")
        if gender:
            self.genders.setdefault(actor.name, gender)
        title_text = "".join(t.text_with_ws for t in titles if t.lower_ not in _DETERMINERS).strip()
        affiliation = self._affiliation(titles) or actor.affiliation
        return Actor(
            name=actor.name,
            kind="person",
            affiliation=affiliation,
            aliases=actor.aliases,
            titles=(title_text,) if title_text else (),
        )

    def _person_entry(self, name: str) -> Entry | None:
        """The gazetteer's entry for a person the article calls ``name`` (its full name where it gave
        one): by that name, else by the surname when the gazetteer's person is the same name spelled
        otherwise ("Paul D. Ryan" is its "Paul Ryan"); an article's "Tim Ryan", later "Ryan", is not."""
        entry = self.gaz.lookup(name)
        if entry is not None:
            return entry
        entry = self.gaz.lookup(name.split()[-1])
        if entry is not None and entry.actor.kind == "person" and same_person(entry.actor.name, name):
            return entry
        return None

    def _affiliation(self, toks: list[Token]) -> str | None:
        """A country or organisation named in titles or modifiers: 'Russian', 'Trump's', 'U.S.', 'at Acme Bank'."""
        for tok in toks:
            entry = self.gaz.demonym(tok.text) or self.gaz.lookup(tok.text)
            if entry is not None:
                return entry.actor.affiliation if entry.actor.kind == "person" else entry.actor.name
        for tok in toks:
            ent = _entity_at(tok)
            if ent is not None and ent.label_ in ("ORG", "GPE", "NORP"):
                entry = self.gaz.lookup(ent.text) or self.gaz.demonym(ent.text)
                return entry.actor.name if entry is not None else normalize(ent.text)
        return None

    def _person_mentions(self) -> list[_Candidate]:
        out = []
        for ent in self.doc.ents:
            if ent.label_ != "PERSON" and not self._gazetteer_person(ent):
                continue
            bare, titles = self._bare_name(list(ent))
            if not bare:
                continue
            actor = self.person(bare, titles)
            before = [t.text for t in self.doc[max(0, ent.start - 4) : ent.start]]
            if office_title([t.text for t in titles] + before):
                self.offices.add(actor.name)
            out.append(
                _Candidate(
                    actor=actor,
                    pos=ent.start_char,
                    sentence=self.sent_of[ent.start],
                    speaker=False,
                    subject=ent.root.dep_ in ("nsubj", "nsubjpass"),
                    gender=self.genders.get(actor.name),
                )
            )
        return out

    def _gazetteer_person(self, ent: Span) -> bool:
        entry = self.gaz.lookup(self._bare_name(list(ent))[0])
        return entry is not None and entry.actor.kind == "person"

    # -- mentions -----------------------------------------------------------

    def resolve(self, att: Attribution) -> list[Actor]:
        """Actors for an attribution's source mention (several for 'France and Britain')."""
        if att.source_head is None:
            return []
        return self.resolve_token(self.doc[att.source_head], speaker=True)

    def resolve_token(self, head: Token, *, speaker: bool = False) -> list[Actor]:
        """Actors a mention headed by ``head`` names; they become antecedents for later pronouns."""
        pron = PERSONAL_PRONOUNS.get(head.lower_)
        if pron is not None and head.pos_ == "PRON":
            actors = self._pronoun(head, pron)
        else:
            actors = [a for a in (self._noun(t) for t in _conjuncts(head)) if a is not None]
        for actor in actors:
            self.candidates.append(
                _Candidate(
                    actor=actor,
                    pos=head.idx,
                    sentence=self.sent_of[head.i],
                    speaker=speaker,
                    subject=True,
                    gender=self.genders.get(actor.name),
                )
            )
        return actors

    def _noun(self, head: Token) -> Actor | None:
        ent = _entity_at(head)
        if ent is not None:
            return self._entity_actor(ent, head)
        toks = [t for t in head.subtree if t.i <= head.i and t.dep_ not in ("relcl", "acl")]
        text = _strip_determiners(toks)
        entry = self.gaz.lookup(text) if text else None
        if entry is not None:
            return entry.actor
        if head.lemma_.lower() in COLLECTIVE_NOUNS or head.lower_ in COLLECTIVE_NOUNS or head.lower_ in ROLE_NOUNS:
            # "Economists at Northbridge Bank", "a spokesman for the ministry": the whole phrase names them
            whole = _strip_determiners(_phrase(head)) or text
            kind = "group" if head.tag_ in ("NNS", "NNPS") else "person"
            return Actor(name=whole, kind=kind, affiliation=self._affiliation(_modifiers(head)))
        if head.pos_ == "PROPN":
            bare, titles = self._bare_name(toks)
            return self.person(bare, titles) if bare else None
        return Actor(name=text, kind="other", affiliation=self._affiliation(_modifiers(head))) if text else None

    def _entity_actor(self, ent: Span, head: Token) -> Actor:
        bare, titles = self._bare_name(list(ent))
        entry = self.gaz.lookup(ent.text) or self.gaz.lookup(bare)
        if (
            ent.label_ == "PERSON"
            or (entry is not None and entry.actor.kind == "person")
            # the surname of someone the article introduced by full name, whatever the NER made of it
            # ("Gov. Terry McAuliffe … McAuliffe has said": spaCy's small model often calls it ORG or LOC)
            or (bare in self.full_names and ent.label_ not in _PLACE_OR_PEOPLE)
        ):
            # titles before the entity belong to the mention: "Foreign Minister Sergey Lavrov"
            before = [t for t in head.subtree if t.i < ent.start and t.dep_ not in ("det",)]
            return self.person(bare, [*before, *titles])
        if entry is None and ent.label_ == "NORP":
            entry = self.gaz.demonym(bare)
        if entry is not None:
            return entry.actor
        return Actor(name=bare or ent.text, kind=_ENTITY_KIND.get(ent.label_, "other"))  # type: ignore[arg-type]

    # -- pronouns -------------------------------------------------------------

    def _pronoun(self, head: Token, pron: str) -> list[Actor]:
        if pron == "rel":
            antecedent = _relative_antecedent(head)
            return [a for a in [self._noun(antecedent)] if a is not None] if antecedent is not None else []
        if pron in ("s1", "s2", "p1"):
            return []
        sentence = self.sent_of[head.i]
        best: tuple[float, int] | None = None
        chosen: Actor | None = None
        for cand in self.candidates:
            if cand.pos >= head.idx or sentence - cand.sentence > _LOOKBACK_SENTENCES:
                continue
            if not _compatible(pron, cand):
                continue
            score = -2.0 * (sentence - cand.sentence) + 3.0 * cand.speaker + 2.0 * cand.subject
            key = (score, cand.pos)
            if best is None or key > best:
                best, chosen = key, cand.actor
        return [chosen] if chosen is not None else []


def _compatible(pron: str, cand: _Candidate) -> bool:
    kind = cand.actor.kind
    if pron in ("m", "f"):
        return kind == "person" and (cand.gender is None or cand.gender == pron)
    if pron == "p":
        return kind in ("group", "country", "organization")
    if pron == "n":
        return kind in ("country", "organization", "other")
    return False


def _title_gender(titles: list[Token]) -> str | None:
    for t in titles:
        if t.lower_ in MALE_TITLES:
            return "m"
        if t.lower_ in FEMALE_TITLES:
            return "f"
    return None


def _conjuncts(head: Token) -> list[Token]:
    """'France and the United Kingdom' → [France, Kingdom]."""
    out = [head]
    for child in head.children:
        if child.dep_ == "conj":
            out.extend(_conjuncts(child))
    return out


def _entity_at(tok: Token) -> Span | None:
    if not tok.ent_type:
        return None  # outside every entity: spare building doc.ents, which spaCy does on every access
    for ent in tok.doc.ents:
        if ent.start <= tok.i < ent.end:
            return ent
    return None


def _modifiers(head: Token) -> list[Token]:
    """Words that can name an affiliation: compounds, adjectives, possessives, 'of/for X'."""
    mods = [t for t in head.lefts if t.dep_ in ("compound", "amod", "poss", "nmod")]
    for prep in head.rights:
        if prep.dep_ == "prep" and prep.lower_ in ("of", "for", "from", "in", "at"):
            mods.extend(t for t in prep.subtree if t.dep_ in ("pobj", "compound"))
    return mods


def _strip_determiners(toks: list[Token]) -> str:
    while toks and toks[0].lower_ in _DETERMINERS:
        toks = toks[1:]
    return normalize("".join(t.text_with_ws for t in toks if not t.is_space)).strip(" ,")


def _phrase(head: Token) -> list[Token]:
    """The noun phrase of ``head`` with its prepositional modifiers, without clauses."""
    keep = [head]
    for child in head.children:
        if child.dep_ not in ("relcl", "acl", "appos", "punct", "cc", "conj"):
            keep.extend(child.subtree)
    keep.sort(key=lambda t: t.i)
    return keep


def _relative_antecedent(pron: Token) -> Token | None:
    """'Lavrov, who said …': the noun the relative clause hangs on."""
    clause = pron.head
    while clause.dep_ not in ("relcl", "acl") and clause.head.i != clause.i:
        clause = clause.head
        if clause.dep_ == "ROOT":
            return None
    return clause.head if clause.head.pos_ in ("PROPN", "NOUN") else None


def resolve_speakers(doc: Doc, attributions: list[Attribution], gazetteer: Gazetteer, *, positions: bool = True) -> None:
    """Fill ``actors`` of each attribution, in text order so pronouns see earlier speakers;
    then, with ``positions``, each attribution's ``position``."""
    from .positions import position_of

    resolver = SpeakerResolver(doc, gazetteer)
    ordered = sorted(attributions, key=lambda a: a.source or a.cue or (0, 0))
    for att in ordered:
        att.actors = resolver.resolve(att)

    class _Named:
        """Gazetteer lookups by name, and the people the article names in office."""

        offices = frozenset(resolver.offices)

        def __call__(self, name: str) -> Actor | None:
            entry = gazetteer.lookup(name)
            return entry.actor if entry is not None else None

    actor_named = _Named()

    for att in ordered if positions else ():
        if att.content:
            att.position = position_of(doc, att, resolver.resolve_token, actor_named)
