"""Actors a description names, the part of :class:`onrecord.nlp.speakers.SpeakerResolver` that reads them.

A role and whom it serves ("a spokesman for the Kremlin", "Mao Ning, a spokeswoman for the Foreign
Ministry"), the body "its" or "their" stands for, "his aides" named by whose they are, a definite
description of a person named before ("the governor"), and an organisation named by description ("the
fund", "Clinton's campaign", "the company"). :class:`Descriptions` holds these methods; the resolver
that inherits it provides the article's state they read (the attributes declared below) and the
mention resolution they call back into (``_noun``, ``_pronoun``, ``_affiliation``, ``_entity_actor``).
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from ..actors import Gazetteer
from ..models import Actor
from .antecedents import COUNTRY_WORDS, GENERIC_BODIES, Candidate, best_antecedent, fits, nearest_body
from .companies import COMPANY_NOUNS, last_company, legal_form
from .lexicon import COUNSEL, PERSONAL_PRONOUNS, ROLE_NOUNS, SPOKESPEOPLE
from .mentions import (
    OWNED_ORGANISATIONS, STATE_ORGANS, bare_definite, bare_name, body_described, description, modifiers, owner_of,
    phrase, place_of, relative_antecedent, served_by, state_organ, strip_determiners,
)
from .names import DESCRIBING_ROLES, QUALIFIERS, apposed_nouns, role_of, serves_a_government
from .holders import former_office, office_title


# who speaks for a client as a spokesman does for a body: "His agent, Carla Mendes", "a lawyer for the family"
_REPRESENTATIVES = COUNSEL | {"agent"}
_OFFICERS = frozenset({"president", "chairman", "chairwoman", "chair", "director", "head", "leader", "chief", "treasurer",
                       "executive", "officer"})


class Descriptions:
    """Resolution of descriptions, mixed into the speaker resolver."""

    doc: Doc
    gaz: Gazetteer
    candidates: list[Candidate]
    subject_bodies: list[Candidate]  # organisations and countries named as a main clause's subject
    offices: set[str]
    entity_of: dict[int, Span]
    home: Actor | None
    voice_home: Actor | None
    voice_body: Actor | None
    names: frozenset[str]
    roles_of: dict[str, set[str]]
    nouns: dict[str, list[int]]
    sent_of: list[int]
    companies: dict[str, str]
    genders: dict[str, str]
    headline_chars: int  # how far the article's headline runs, 0 where it has none

    def _office_holder(self, name: str, head: Token) -> Actor | None:
        """Someone a role in office and the side it serves describe ("a spokesman for the Kremlin", "the
        Kenyan foreign minister", "a Russian official"): a person whose description is their title, so
        that they speak for that side as a named official does; "a spokeswoman for Hillary Clinton"
        speaks for her. None for a role out of office or for nobody named ("the former president",
        "a spokesman")."""
        if not office_title(name.split()):
            return None
        served = served_by(head)
        if served is not None and served.lower_ in ("its", "their"):  # "Its foreign minister": the body's
            body = self._body(served)
            if head.lemma_.lower() in STATE_ORGANS:  # "Its foreign ministry": the country, as "China's foreign ministry"
                return body if body is not None and body.kind == "country" else None
            title = name.partition(" ")[2]
            return Actor(name=title, kind="person", affiliation=body.name, titles=(title,)) if body and title else None
        person = self._noun(served) if served is not None and served.pos_ == "PROPN" else None
        if person is not None and person.kind == "person":
            if served.tag_ != "NNP" or not person.name[:1].isupper():
                return None  # "an adviser to both Clintons": no one side
            side: str | None = person.name
        elif person is not None and person.kind == "country":  # "a spokeswoman for the Foreign Ministry" of "BEIJING —"
            side = person.name
        else:
            side = self._affiliation(modifiers(head))
        if side is None and served is not None and served.pos_ == "NOUN":
            # "a spokeswoman for the Dutch economy ministry": the Netherlands; "for the company": the one named before
            named = state_organ(served, self.gaz, self.entity_of, self.home) or self._organisation(served)
            side = named.name if named is not None and named.kind != "person" else None
        if side is None and served is None and head.lower_ in SPOKESPEOPLE and not modifiers(head):
            side = self._body_that_spoke(head)  # "The White House signaled … “…,” a spokeswoman said"
        return Actor(name=name, kind="person", affiliation=side, titles=(name,)) if side else None

    def _body_that_spoke(self, head: Token) -> str | None:
        """The organisation or country that spoke last, in the sentence of ``head`` or the one before."""
        sentence = self.sent_of[head.i]
        spoke = [c for c in self.candidates if c.speaker and c.pos < head.idx and sentence - c.sentence <= 1
                 and c.actor.kind in ("organization", "country")]
        return max(spoke, key=lambda c: c.pos).actor.name if spoke else None

    def _apposed_office(self, head: Token, actor: Actor) -> Actor:
        """A person with a role set beside the name that says whom it serves ("Mao Ning, a spokeswoman for
        the Foreign Ministry", "A State Department spokesman, Matthew Miller", "a senior adviser to Mr.
        Sanders"): in that office, of that side. Not a role only placed ("a military spokesman in
        Baghdad", "an adviser at Allianz"), nor one held no longer ("former", "now director of …");
        ``actor`` as it was where no such role is apposed."""
        for noun in apposed_nouns(head):
            words = [t.lower_ for t in noun.subtree if t.i != head.i]
            # an officer of a body serves it: "a vice president of the union", "the director of the Centre"
            officer = role_of(noun.lower_) in _OFFICERS and any(p.dep_ == "prep" and p.lower_ == "of" for p in noun.rights)
            serving = role_of(noun.lower_) in ROLE_NOUNS or noun.lower_ in _REPRESENTATIVES
            if (not serving and not officer) or former_office(words) or "now" in words:
                continue
            served = served_by(noun, of=officer or serving)
            placed = served is not None and served.dep_ == "compound" and served.ent_type_ in ("GPE", "LOC")
            if served is None or (noun.lower_ in _REPRESENTATIVES and placed):
                continue  # "a Washington lawyer" practises there, for no client of that name
            # "a spokeswoman for Nabisco's parent company, Mondelez International": the one its name says
            served = next((c for c in served.children if c.dep_ == "appos" and c.pos_ == "PROPN" and c.ent_type_ == "ORG"
                           and served.pos_ == "NOUN"), served)
            if served.lower_ in ("its", "their"):
                side = self._body(served)
            elif served.lower_ in ("his", "her"):  # "His spokeswoman, Priya Nair": whom "his" stands for
                owners = self._pronoun(served, PERSONAL_PRONOUNS[served.lower_])
                side = owners[0] if len(owners) == 1 else None
            else:
                side = self._noun(served)
            named_person = side is not None and side.kind == "person" and len(side.name.split()) > 1 and side.name[:1].isupper()
            if officer and (side is None or side.kind != "organization"):
                continue  # an officer of a place is no one's ("executive director of One Wisconsin Now")
            if side is not None and (side.kind in ("country", "place", "organization") or named_person):
                if not officer:  # a spokesman speaks for the side; a director is of it, speaking for it only
                    self.offices.add(actor.name)  # where the title is an office: "the president of the union"
                return replace(actor, affiliation=side.name, titles=(*actor.titles, description(phrase(noun), self.names)))
        return actor

    def _body(self, poss: Token) -> Actor | None:
        """The organisation or country "its" or "their" stands for, also one named by description ("The
        electoral commission said … Its chairwoman"), or None."""
        owners = self._pronoun(poss, PERSONAL_PRONOUNS[poss.lower_])
        if not owners and poss.lower_ == "its":  # a body the article only named as a subject
            found = best_antecedent(self.subject_bodies, "n", poss.idx, self.sent_of[poss.i], speaker=False)
            owners = [found] if found is not None else []
        if len(owners) != 1:
            return None
        # "their" is as often people's; a bare "company" or "agency" says which no more than "its" does
        described = poss.lower_ == "its" and body_described(owners[0].name) and len(owners[0].name.split()) > 1
        return owners[0] if owners[0].kind in ("organization", "country", "place") or described else None

    def _whose(self, head: Token, actor: Actor) -> Actor:
        """A description with "his" or "her", named by the person it stands for: "his aides" → "Donald
        Trump's aides" (every "his wife" of every article was one actor); in "Jeb Bush and his brother"
        the person of the first conjunct. Left as written where it finds nobody by full name. With
        "its" or "their", by the organisation or country it stands for, which it belongs to: "its
        lawyers" → "Orchard Inc.'s lawyers", "its foreign minister" → "Egypt's foreign minister"."""
        poss = next((c for c in head.lefts if c.dep_ == "poss" and c.lower_ in ("his", "her", "its", "their", "whose")), None)
        if poss is not None and poss.lower_ == "whose":
            return self._whose_relative(poss, actor)
        if poss is not None and poss.lower_ in ("its", "their"):
            body = self._body(poss)
            if body is None:
                return actor
            rest = actor.name.partition(" ")[2] if actor.name.split()[0].lower() == poss.lower_ else actor.name
            return replace(actor, name=f"{body.name}'s {rest}", affiliation=actor.affiliation or body.name,
                           aliases=(*actor.aliases, actor.name))
        first, _, rest = actor.name.partition(" ")
        if poss is None or first.lower() != poss.lower_ or not rest:
            return actor
        if head.dep_ == "conj":
            lead = head.head
            while lead.dep_ == "conj" and lead.head.i != lead.i:
                lead = lead.head
            owners = [a for a in [self._noun(lead)] if a is not None]
        else:
            owners = self._pronoun(poss, PERSONAL_PRONOUNS[poss.lower_])
        if (len(owners) != 1 or owners[0].kind != "person"
                or len(owners[0].name.split()) < 2 or not owners[0].name[:1].isupper()):
            return actor  # nobody, a description ("a spokeswoman for …") or a one-word name ("Bill")
        gender = self.genders.get(owners[0].name)
        if gender is not None and gender != PERSONAL_PRONOUNS[poss.lower_]:
            return actor
        return replace(actor, name=f"{owners[0].name}'s {rest}", aliases=(*actor.aliases, actor.name))

    def _whose_relative(self, poss: Token, actor: Actor) -> Actor:
        """"whose advocates" by whom the clause hangs on: "Robert Egge, executive director of the
        Alzheimer's Impact Movement, whose advocates lean on …" → "Alzheimer's Impact Movement's advocates"
        (belonging to it); left as written where that is nobody named."""
        antecedent = relative_antecedent(poss)
        owner = self._noun(antecedent) if antecedent is not None else None
        if owner is None or owner.kind not in ("organization", "country", "place", "person") or not owner.name[:1].isupper():
            return actor
        if owner.kind == "person" and len(owner.name.split()) < 2:
            return actor
        first, _, rest = actor.name.partition(" ")
        if first.lower() != "whose" or not rest:
            return actor
        body = owner.name if owner.kind != "person" else None
        return replace(actor, name=f"{owner.name}'s {rest}", affiliation=actor.affiliation or body,
                       aliases=(*actor.aliases, actor.name))

    def _described(self, head: Token) -> Actor | None:
        """The person a definite description names: "the governor" after "Gov. Terry McAuliffe".

        Only "the" + a singular title of :data:`DESCRIBING_ROLES`, the last person the article named
        with that title before it. A possessive or a prepositional phrase ("his spokesman", "the
        president of the company") makes it someone else, so nobody; a place or people modifier ("the
        Ohio senator") must not contradict the person's known affiliation; another modifier ("the
        campaign chairman") must be among the person's title words.
        """
        role = role_of(head.lower_)
        # "Moldova's president" is "the Moldovan president": the one the article names so, of that country
        country = self._possessive_country(head)
        # a headline drops its articles: "Mayor says city will not cut police budget" is the mayor it names
        headline = head.idx < self.headline_chars and not any(c.dep_ == "det" for c in head.lefts) and (
            country is not None or not any(c.dep_ == "poss" for c in head.lefts))
        # "The President said": a title written with a capital is the same description
        capital = head.tag_ == "NNP" and head.text[:1].isupper() and not head.is_upper and not head.ent_type_
        if (head.tag_ != "NN" and not (headline or capital)) or role not in DESCRIBING_ROLES:
            return None
        if not (headline or country is not None or any(c.dep_ == "det" and c.lower_ == "the" for c in head.lefts)):
            return None
        # "the official, who spoke on the condition of anonymity": a clause set off by a comma says no more
        # which one; "the official who ran the program" does
        aside = [c for c in head.children
                 if c.dep_ == "relcl" and c.left_edge.i > 0 and head.doc[c.left_edge.i - 1].text == ","]
        if any(c.dep_ in ("prep", "appos", "relcl", "acl") and c not in aside or c.dep_ == "poss" and country is None
               for c in head.children):
            return None
        modifiers = [t for t in head.lefts if t.dep_ in ("amod", "compound", "nmod", "npadvmod")]
        if head.i and head.nbor(-1) in modifiers and role_of(head.nbor(-1).text) in QUALIFIERS:
            role = f"{role_of(head.nbor(-1).text)} {role}"  # "the vice president"
            modifiers.remove(head.nbor(-1))

        def fitting(cand: Candidate) -> bool:
            # of that country by affiliation or title ("Moldovan President Elena Rusu"), not of none known
            return all(fits(m, cand, self.gaz) for m in modifiers) and (
                country is None or cand.actor.affiliation == country or any(
                    (entry := self.gaz.demonym(word.capitalize()) or self.gaz.lookup(word.capitalize())) is not None
                    and entry.actor.name == country for word in cand.roles))

        for cand in sorted(self.candidates, key=lambda c: -c.pos):
            if cand.pos >= head.idx or cand.actor.kind != "person" or role not in cand.roles:
                continue
            if fitting(cand):
                return cand.actor
        if headline:  # the first the story names with that title
            for cand in sorted(self.candidates, key=lambda c: c.pos):
                if cand.pos > head.idx and cand.actor.kind == "person" and role in cand.roles:
                    return cand.actor if fitting(cand) else None
        return None

    def _named_after(self, head: Token) -> Actor | None:
        """The person a body's role stands for where the story names them only after it: "its governor said
        borrowing costs could fall … Governor Elena Marsh told a news conference", "the club's manager" before
        "Manager Tom Reid": the first person the next two sentences name with that title. Not "his spokesman",
        someone's, nor a role the words say more of ("its governor at the time")."""
        role = role_of(head.lower_)
        owner = [c for c in head.children if c.dep_ == "poss"]
        if head.tag_ != "NN" or role not in DESCRIBING_ROLES or len(owner) != 1:
            return None
        if not (owner[0].lower_ in ("its", "their") or owner[0].pos_ == "NOUN") or any(
                c.dep_ in ("prep", "appos", "relcl", "acl") for c in head.children):
            return None
        sentence = self.sent_of[head.i]
        later = [c for c in self.candidates if c.pos > head.idx and c.actor.kind == "person" and role in c.roles
                 and 0 < c.sentence - sentence <= 2]
        return min(later, key=lambda c: c.pos).actor if later else None

    def _possessive_country(self, head: Token) -> str | None:
        """The country a description's possessive names ("Moldova's president", "France's"), or None."""
        poss = [c for c in head.children if c.dep_ == "poss"]
        if len(poss) != 1 or poss[0].pos_ != "PROPN" or any(c.dep_ != "case" for c in poss[0].children):
            return None
        entry = self.gaz.lookup(poss[0].text)
        return entry.actor.name if entry is not None and entry.actor.kind == "country" else None

    def _organisation(self, head: Token) -> Actor | None:
        """The organisation or place a description names, or None.

        "the city of Phoenix" is Phoenix; "Clinton's campaign", "the Clinton campaign" and "her
        campaign" are the one "Hillary Clinton campaign", which speaks for her; and "the fund", "the commission", "the
        campaign" are the nearest organisation before it that the same noun heads ("the International
        Monetary Fund", "the Commission on Presidential Debates", "the Trump campaign").
        """
        place = place_of(head)
        if place is not None:
            return self._noun(place)
        owner = owner_of(head)
        if owner is not None:
            if owner.pos_ == "PRON":
                people = self._pronoun(owner, PERSONAL_PRONOUNS[owner.lower_])
            else:
                people = [a for a in [self._noun(owner)] if a is not None]
            if len(people) != 1 or people[0].kind != "person" or not people[0].name[:1].isupper():
                return None  # not a described one: "her" taken for "a spokeswoman for Hillary Clinton"
            person = people[0]
            written = strip_determiners([t for t in head.subtree if t.i <= head.i])
            noun = head.lemma_.lower()
            serves = noun in STATE_ORGANS and serves_a_government(self.roles_of.get(person.name, set()))
            country = self.gaz.lookup(person.affiliation) if serves and person.affiliation else None
            if country is not None and country.actor.kind == "country":
                # the Turkish foreign minister's "his government" is Turkey's, as "the Turkish government" is;
                # a leader's ("Xi's government") is the leader's
                return country.actor
            side = person.name if OWNED_ORGANISATIONS[noun] == "person" else person.affiliation
            name = f"Office of {person.name}" if noun == "office" else f"{person.name} {noun}"  # not "Gavin Newsom office"
            return Actor(name=name, kind="organization", affiliation=side, aliases=(written,))
        if any(c.dep_ == "poss" and c.lower_ in ("its", "their") for c in head.lefts) and head.tag_ == "NN":
            return self._body_named_after(head)  # "Dockworkers … voted to strike, their union said"
        if not (bare_definite(head) or head.dep_ == "compound") or role_of(head.lower_) in DESCRIBING_ROLES:
            return None  # a compound serves the role it modifies: "an agency official", "a company spokesman"
        if head.lemma_.lower() in COUNTRY_WORDS and not any(c.dep_ in ("amod", "compound") for c in head.lefts):
            # "the kingdom", "the republic": in what a country's official says, that country; else the one that
            # spoke or acted last, close by ("Saudi Arabia … said … A member of the Saudi delegation said the
            # kingdom supported …"); none: the word alone
            return self.voice_home or nearest_body(self.candidates, head.idx, self.sent_of[head.i], kind="country")
        if head.lemma_.lower() in GENERIC_BODIES:
            # "the agency", "the group": in what a body's spokesman says, that body; else the organisation that spoke
            # last, close by; else one whose name ends with the word ("UnitedHealth Group … the group")
            near = self.voice_body or nearest_body(self.candidates, head.idx, self.sent_of[head.i])
            if near is not None:
                return near
        for earlier in reversed(self.nouns.get(head.lemma_.lower(), [])):
            if earlier >= head.i:
                continue
            tok = self.doc[earlier]
            ent = self._entity_at(tok)
            # the name's head, or its last word where the parse made another its head ("the International
            # Longshore and Warehouse Union … the union"); not a title-case headline's: "Oil Tanker Seized …",
            # "… Named By Police" are no bodies
            head_word = ent is not None and ent.start_char >= self.headline_chars and tok.i in (ent.root.i, ent.end - 1)
            named = head_word and ent.label_ in ("ORG", "FAC", "GPE")
            if named and len(bare_name(list(ent))[0].split()) > 1:  # the NER's "the Bank" is the word
                return self._entity_actor(ent, tok)  # "the International Monetary Fund … the fund"
            # "the campaign" after "the Trump campaign"; not "the office" after "Gov. Kay Ivey's office": a
            # bare "the office" is as often another's ("A spokeswoman for the secretary of state said the office …")
            if place_of(tok) is not None or (owner_of(tok) is not None and tok.lemma_.lower() != "office"):
                return self._organisation(tok)  # "the Trump campaign … the campaign"
            called = self._entity_at(tok.head) if tok.dep_ == "appos" else None
            if called is not None and called.label_ in ("ORG", "FAC"):  # "IG Metall, the metalworkers' union … the union"
                return self._entity_actor(called, tok.head)
            # "The union that represents …, the United Food and Commercial Workers, … the union"
            naming = next((self._entity_at(c) for c in tok.rights if c.dep_ == "appos"), None)
            if naming is not None and naming.label_ in ("ORG", "FAC"):
                return self._entity_actor(naming, naming.root)
        if head.lemma_.lower() in COMPANY_NOUNS:  # "Apex Holdings Inc. … the company": the nearest company
            company = last_company(self.doc.ents, head.i)
            if company is not None:
                return self._entity_actor(company, company.root)
            # one the NER did not mark, that spoke before ("Halvorsen Stores Inc. lowered its forecast, blaming …")
            spoken = (c.actor for c in sorted(self.candidates, key=lambda c: -c.pos) if c.pos < head.idx
                      and c.actor.kind == "organization" and len(c.actor.name.split()) > 1
                      and legal_form(c.actor.name.split()[-1]))
            return next(spoken, None)
        return None

    def _body_named_after(self, head: Token) -> Actor | None:
        """The organisation "their union", "its parent company" is where the story names it only in the next
        two sentences ("Dockworkers at the Port of Halden voted …, their union said. The Norwegian Transport
        Workers' Union said …"): the first organisation named there whose name the same noun ends; else None."""
        sentence = self.sent_of[head.i]
        for later in self.nouns.get(head.lemma_.lower(), []):
            if later <= head.i or self.sent_of[later] - sentence > 2:
                continue
            tok = self.doc[later]
            ent = self._entity_at(tok)
            if ent is not None and ent.label_ == "ORG" and tok.i == ent.end - 1 and len(bare_name(list(ent))[0].split()) > 1:
                return self._entity_actor(ent, tok)
        return None

    def _company(self, bare: str) -> Actor | None:
        """The company an article named in full that ``bare`` names short ("Orchard" after "Orchard Inc."),
        unless the article gave someone that surname."""
        full = self.companies.get(bare)
        return Actor(name=full, kind="organization") if full and self._given_surname(bare) is None else None
