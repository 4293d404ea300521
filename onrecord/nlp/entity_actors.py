"""Which actor a named entity is, the part of :class:`onrecord.nlp.speakers.SpeakerResolver` that decides it.

The NER's label is only a first guess: a company it called a person ("Denver Water, the utility that
…"), a surname it called a place ("Justice Frank Nervo … Nervo wrote"), "the Clintons" as a person, a
country it called a person ("Burma said"), members of a party ("one Republican", "some Democrats") as
the party. :class:`EntityActors` holds these decisions; the resolver that inherits it provides the
article's state they read (the attributes declared below) and the mention resolution they call back
into (``person``, ``_given_surname``, ``_company``, ``_apposed_office``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from ..actors import Entry, Gazetteer
from ..models import Actor
from .lexicon import FACTIONS, SOME_OF
from .companies import marked_company, traded_names
from .mentions import bare_name, dotted_agency, names_a_body
from .names import after_the, apposed_title, former_office_apposed, is_title, surname_of, titled_name
from .holders import office_title

_ENTITY_KIND = {"PERSON": "person", "GPE": "place", "NORP": "group", "ORG": "organization", "LOC": "other", "FAC": "organization"}
_PLACE_OR_PEOPLE = frozenset({"GPE", "NORP"})  # "Washington", "Americans": a surname only where the gazetteer knows no such place


class EntityActors:
    """The actor a named entity stands for, mixed into the speaker resolver."""

    doc: Doc
    gaz: Gazetteer
    first_words: dict[str, str] | None  # "Arkon" → "Arkon Semiconductor", filled when first needed
    traded: frozenset[str] | None  # names a trade word stands before ("chipmaker Veltrix"), filled when first needed
    full_names: dict[str, list[tuple[int, str]]]  # surname → the full names the article gave it, with where
    given_in_full: set[str]
    described_people: frozenset[str]
    offices: set[str]  # people the article names in an office of a side

    def _apposed_office_of_a_side(self, apposed: Sequence[Token]) -> bool:
        """Whether a role set beside a name is an office ("the union's regional secretary"), and not one
        of a person's ("Sanders's chief strategist" serves a campaign, which does not speak as Sanders's side)."""
        inside = {t.i for t in apposed}
        heads = [t.text for t in apposed if t.head.i not in inside]  # "the official party line" is a line
        return office_title(heads) and not any(
            t.dep_ == "poss" and (t.ent_type_ == "PERSON" or self._gazetteer_names_person(t.text)) for t in apposed)

    def _traded(self, name: str) -> bool:
        """Whether the article puts a trade word before this name somewhere (:func:`traded_names`)."""
        if self.traded is None:
            self.traded = traded_names(self.doc)
        return name in self.traded

    def _gazetteer_person(self, ent: Span) -> bool:
        return self._gazetteer_names_person(bare_name(list(ent))[0])

    def _gazetteer_names_person(self, name: str) -> bool:
        """Whether the gazetteer knows the name ("Sanders", "Bernie Sanders") as a person's."""
        entry = self.gaz.lookup(name)
        return entry is not None and entry.actor.kind == "person"

    def _person_taken_for_body(self, ent: Span) -> Actor | None:
        """:meth:`_body_by_first_word` of a one-word name the NER took for a person's the gazetteer does not know."""
        if ent.label_ != "PERSON" or len(ent) != 1 or self._gazetteer_person(ent):
            return None
        return self._body_by_first_word(ent)

    def _body_by_first_word(self, ent: Span) -> Actor | None:
        """The organisation a one-word name the NER took for a person's stands for: the one the article
        named with that first word ("Arkon" after "Arkon Semiconductor"), or itself where the article writes
        of it as only a company is written of ("Shares of Arkon fell"). None where the article gave someone
        that name, or a title or another body ("Trump Organization" and "Trump Tower") makes it unsure."""
        word = ent.text
        if self._given_surname(word) is not None or (ent.start > 0 and is_title(ent.doc[ent.start - 1])):
            return None
        if self.first_words is None:
            named: dict[str, set[str]] = {}
            for e in self.doc.ents:
                words = [t for t in e if t.dep_ != "det"]
                if e.label_ == "ORG" and len(words) > 1 and words[0].text[:1].isupper():
                    named.setdefault(words[0].text, set()).add(bare_name(words)[0])
            self.first_words = {first: full.pop() for first, full in named.items() if len(full) == 1}
        if word in self.first_words:
            return Actor(name=self.first_words[word], kind="organization")
        if any(e.text == word and marked_company(e) for e in self.doc.ents):
            return Actor(name=word, kind="organization")
        return None

    def _names_a_body(self, bare: str, name: Sequence[Token], root: Token) -> bool:
        """Whether a name the NER took for a person's (or for none) is a body's (:func:`names_a_body`),
        and not someone's: it is no surname the article gave."""
        return names_a_body(name, root) and self._given_surname(surname_of(bare) or "") is None

    def _names_person(self, word: str) -> bool:
        """Whether a word is a person's name here: the gazetteer's, or a surname the article gave."""
        return self._gazetteer_names_person(word) or self._given_surname(word) is not None

    def _entity_actor(self, ent: Span, head: Token) -> Actor:
        bare, titles = bare_name(list(ent))
        company = self._company(bare)
        if company is not None:
            return company
        if ent.label_ == "PERSON" and self._names_a_body(bare, ent, ent.root):
            return Actor(name=bare or ent.text, kind="organization")  # "Denver Water, the utility that …"
        if ent.label_ == "PERSON" and len(ent) == 1 and bare.endswith("s") and after_the(ent):
            return Actor(name=bare, kind="group")  # "the Bruins", "the Clintons": a person takes no "the"
        body = self._person_taken_for_body(ent)
        if body is not None:
            return body
        entry = self.gaz.lookup(ent.text) or self.gaz.lookup(bare) or self._country_organ(bare)
        # a country or organisation the gazetteer knows, under one name the NER called a person ("Burma
        # said"), unless the article gave someone that name ("Rep. Jim Jordan … Jordan said", "Georgia Smith")
        known_body = (
            entry is not None and entry.actor.kind in ("country", "organization") and len(bare.split()) == 1
            and self._given_surname(bare) is None
            and not any(name.split()[0] == bare for names in self.full_names.values() for _, name in names)
        )
        if (
            (ent.label_ == "PERSON" and not known_body)
            or (entry is not None and entry.actor.kind == "person")
            # the surname of someone the article introduced by full name, whatever the NER made of it
            # ("Gov. Terry McAuliffe … McAuliffe has said": spaCy's small model often calls it ORG or LOC,
            # and "Justice Frank Nervo … Nervo wrote" a place); a place the gazetteer knows stays one
            # ("Washington" beside Denzel Washington)
            or (self._given_surname(surname_of(bare)) is not None and (ent.label_ not in _PLACE_OR_PEOPLE or entry is None))
            # a full name the NER took for a place or a body, that the article gives as a person's
            # ("Kemi Badenoch, the party leader"; :func:`unlabelled_people`)
            or (bare in self.given_in_full and entry is None)
            # one name the NER took for a place or a body, that the article describes as someone somewhere
            or (entry is None and bare in self.described_people)
            or (entry is None and titled_name(ent))  # "Representative Brooks", an organisation to the NER
        ):
            # titles before the entity belong to the mention: "Foreign Minister Sergey Lavrov"
            before = [t for t in head.subtree if t.i < ent.start and t.dep_ not in ("det",)]
            # and a title set beside the name: "The Kenyan foreign minister, Musalia Mudavadi, said"
            apposed = apposed_title(head)
            actor = self.person(bare, [*before, *titles], ent.start_char, apposed=apposed)
            if actor.affiliation and self._apposed_office_of_a_side(apposed) and not self.quoted(ent.start_char):
                self.offices.add(actor.name)  # "Ingrid Solberg, the union's regional secretary": her later "she" too
            if actor.affiliation is None:  # "Mao Ning, a spokeswoman for the Foreign Ministry": whom the role serves
                actor = self._apposed_office(head, actor)
            former = former_office_apposed(head)
            return replace(actor, titles=(*actor.titles, former)) if former else actor
        if ent.label_ == "NORP":
            member = entry is None and head.tag_ in ("NN", "NNP")
            some = next((c.lower_ for c in head.lefts if c.lower_ in SOME_OF or (c.dep_ == "amod" and c.lower_ in FACTIONS)),
                        None) if head.tag_ in ("NNS", "NNPS") else None
            entry = entry or self.gaz.demonym(bare)
            if entry is not None and entry.actor.kind == "organization" and (member or some):
                # "one Republican", "a Democrat", "some Democrats": members (a group: no "he"), not the party itself
                return Actor(name=f"{some} {bare}" if some else bare, kind="group", affiliation=entry.actor.name)
        if entry is not None:
            return entry.actor
        marked = ent.label_ == "GPE" and any(e.text == ent.text and marked_company(e) for e in self.doc.ents)
        if marked or (ent.label_ == "GPE" and self._traded(bare or ent.text)):
            # "Nvidia's chief financial officer", "chipmaker Veltrix": no place
            return Actor(name=bare or ent.text, kind="organization")
        # "I.R.S.", and a place no gazetteer knows in three to five capitals ("NRA"): an agency, no place
        acronym = ent.label_ in ("GPE", "LOC") and 3 <= len(bare) <= 5 and bare.isalpha() and bare.isupper()
        kind = "organization" if dotted_agency(bare) or acronym else _ENTITY_KIND.get(ent.label_, "other")
        owner = next((c for c in ent.root.lefts if c.dep_ == "poss" and c.i < ent.start), None)
        country = self.gaz.lookup(owner.text) if owner is not None and kind == "organization" else None
        side = country.actor.name if country is not None and country.actor.kind == "country" else None
        return Actor(name=bare or ent.text, kind=kind, affiliation=side)  # type: ignore[arg-type]

    def _country_organ(self, bare: str) -> Entry | None:
        """The country a name stands for that is the country's name and one of its organs the gazetteer
        knows ("U.S. State Department": "U.S." and "State Department", both the United States)."""
        words = bare.split()
        for cut in range(1, min(3, len(words))):
            country = self.gaz.lookup(" ".join(words[:cut])) or self.gaz.demonym(" ".join(words[:cut]))
            organ = self.gaz.lookup(" ".join(words[cut:])) if country is not None else None
            if organ is not None and country.actor.kind == "country" and organ.actor.name == country.actor.name:
                return organ
        return None
