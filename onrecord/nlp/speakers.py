"""Who a source mention is: names, titles, collectives, metonyms and pronouns.

Coreference is rule-based and local to one article: a pronoun source goes to
the most salient compatible antecedent in the preceding sentences, where a
previous speaker and a sentence subject outrank a name that is merely
mentioned. Names are canonicalised within the article (a surname takes the
full name it was introduced with) and then through the gazetteer. A definite
description ("the governor", "the Ohio senator") is the last person the
article named with that title ("Gov. Terry McAuliffe"); "the fund" the
organisation named before that the same noun heads; "Clinton's campaign" one
"Hillary Clinton campaign"; "his aides" the aides of whom "his" stands for,
"its lawyers" those of the organisation "its" stands for; "Orchard" the
"Orchard Inc." the article named in full.
"He" and "she" know gender from titles, the gazetteer and clear given names.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from ..actors import Entry, Gazetteer, normalize, same_person
from ..clean import headline
from ..models import Actor
from .antecedents import Candidate, best_antecedent, clause_partner, subject_candidates
from .antecedents import principal as principal_of
from .attribution import Attribution, doc_text
from .companies import last_company, short_company_names
from .described import Descriptions
from .entity_actors import EntityActors
from .given_names import ALONE_SHARE, OPENING_SHARE, given_name_gender
from .lexicon import COLLECTIVE_NOUNS, COUNSEL, NAME_PARTICLES, PERSONAL_PRONOUNS, ROLE_NOUNS, TITLE_WORDS
from .mentions import (
    BODY_NOUNS, DETERMINERS, NOT_PEOPLE, STATE_ORGANS, author_of, bare_name, capitalised_inside, conjuncts, description,
    earlier_author, home_country, modifiers, of_whom, opens_sentence, phrase, portfolio_body, relative_antecedent,
    served_by, some_of_a_people, state_organ, strip_determiners, written_as_acronym,
)
from .names import (
    DESCRIBING_ROLES, described_as_person, full_names, headline_end, is_title, owned_role, runs_past, shown_titles,
    surname_of, title_gender, title_roles, title_run, title_words_before, unlabelled_people, unnamed_one,
)
from .holders import former_office, office_title
from .quotes import find_quotes
from .spanindex import SpanIndex

_CORPORATE = re.compile(r"\b(chief (executive|financial|operating|technology) officer|chief executive|ceo|cfo|coo|cto)\b")
# who serves the person a possessive names: "Trump's spokesman", "Sanders's chief strategist", "his agent"
_SERVING = ROLE_NOUNS | COUNSEL | frozenset({"strategist", "agent", "manager", "secretary", "pollster", "consultant"})
_ANY_BODY = frozenset({"council", "committee", "board", "commission", "department", "court", "assembly", "cabinet"})
_NAMING = frozenset({"PERSON", "ORG", "GPE", "NORP"})  # entities that name someone who can speak
_ADDRESS_TITLES = frozenset({"mr.", "mrs.", "ms.", "miss", "sir", "lord", "lady", "dr."})  # no office: "Miss" may be a name


def _named_body(head: Token) -> bool:
    """Whether a description names one body by whose or where it is: "Moldova's electoral commission",
    "the Brazilian central bank" (not "the company", "an advocacy group": no side to speak for)."""
    return (head.tag_ == "NN" and (head.lower_ in BODY_NOUNS or head.lower_ in _ANY_BODY or head.lower_ in STATE_ORGANS)
            and any(t.pos_ == "PROPN" or t.ent_type_ in ("GPE", "NORP") for left in head.lefts for t in left.subtree))


class SpeakerResolver(EntityActors, Descriptions):
    """Resolves the source mentions of one Doc's attributions to actors."""

    def __init__(self, doc: Doc, gazetteer: Gazetteer, *, cues: frozenset[int] = frozenset()) -> None:
        """``cues``: the tokens that head the attributions' cues (:func:`cue_words`), which no name holds."""
        self.doc = doc
        self.gaz = gazetteer
        self.sent_of = [0] * len(doc)
        for i, sent in enumerate(doc.sents):
            for tok in sent:
                self.sent_of[tok.i] = i
        # spaCy builds doc.ents anew on every access: a pass over them per mention made a long text quadratic
        ents = doc.ents
        if cues and any(i in cues for e in ents for i in range(e.start, e.end)):
            ents = doc.ents = without_cues(ents, cues)
        self.entity_of = {i: ent for ent in ents for i in range(ent.start, ent.end)}
        self.companies = short_company_names(ents)  # "Orchard" → "Orchard Inc."
        self.first_words: dict[str, str] | None = None  # "Arkon" → "Arkon Semiconductor", when first needed
        self.traded: frozenset[str] | None = None  # "chipmaker Veltrix": a company, when first needed
        # full names the NER missed: "Police Chief Shon Barnes"
        self.unlabelled = [s for s in unlabelled_people(doc) if not any(i in cues for i in range(s.start, s.end))]
        self.full_names = full_names(doc, self.unlabelled)  # surname → the full names given it, with where
        self.given_in_full = {name for given in self.full_names.values() for _, name in given}
        self.organisations = frozenset(normalize(bare_name(list(e))[0]) for e in ents if e.label_ == "ORG")
        # one-word names the NER took for places or bodies that the article describes as someone somewhere
        # ("Nefzi, a chemistry professor, said", "Iampaglia, who graduated in 2009"): everywhere that person
        self.described_people = frozenset(
            bare for e in ents if e.label_ in NOT_PEOPLE and len((bare := bare_name(list(e))[0]).split()) == 1
            and described_as_person(e)
        )
        self.unlabelled_at = {span.start_char for span in self.unlabelled}
        self.unlabelled_tokens = {i for span in self.unlabelled for i in range(span.start, span.end)}
        self.roles_of: dict[str, set[str]] = {}  # the titles each full name was given with, as roles
        # a title-case headline's "names" are often a word too long ("Derelict Obama and Clinton")
        self.headline_end = headline_end(doc.text)
        title = headline(doc.text)
        self.headline_chars = doc.text.index(title) + len(title) if title else 0
        self.home = home_country(doc, gazetteer.lookup)  # the dateline's country: whose "the government"
        self.voice_home: Actor | None = None  # while reading a content: the country its speaker speaks for
        self.voice_body: Actor | None = None  # … and the organisation
        self.genders: dict[str, str] = {}
        self.offices: set[str] = set()  # people this article names with a current office (not in a quotation:
        # "“While Secretary Clinton …”" is a courtesy the speaker pays a former secretary)
        quotes = doc._.onrecord_quotes if doc.has_extension("onrecord_quotes") and doc._.onrecord_quotes is not None else None
        self.quotations = SpanIndex([(q.start, q.end) for q in (quotes if quotes is not None else find_quotes(doc_text(doc)))])
        self.sides: dict[str, str] = {}  # person → the one side the article has them serve (see resolve_speakers)
        self.subject_bodies: list[Candidate] = []  # for "its" only (set below: reading them may need "its")
        self.candidates: list[Candidate] = self._person_mentions()
        self.lower_words = frozenset(t.text for t in doc if t.is_lower)
        self.names = capitalised_inside(doc, self.lower_words)  # "Politifact" mid-sentence is a name, not "politifact"
        self.nouns: dict[str, list[int]] = {}  # lemma → where nouns with it stand: what "the fund" may refer to
        for tok in doc:
            if tok.pos_ in ("NOUN", "PROPN"):
                self.nouns.setdefault(tok.lemma_.lower(), []).append(tok.i)
        self.candidates += subject_candidates(doc, self._noun, self.sent_of)
        self.subject_bodies = subject_candidates(doc, self._noun, self.sent_of, bodies=True)

    # -- names ------------------------------------------------------------

    def quoted(self, pos: int) -> bool:
        """Whether the character at ``pos`` lies inside a quotation."""
        return bool(self.quotations.containing((pos, pos + 1)))

    def _given_surname(self, surname: str | None) -> str | None:
        """The surname as the article gave it with a full name, also for one written in capitals (a
        transcript's "WALLACE" after "Chris Wallace"); None when the article gave no full name with it."""
        if surname is None:
            return None
        if surname in self.full_names:
            return surname
        if surname.isupper() and len(surname) > 3:  # not an acronym like "PAC"
            return next((s for s in self.full_names if s.upper() == surname), None)
        return None

    def _capital_particle_surname(self, bare: str) -> str | None:
        """The surname of a name opening on a particle capitalised where a full name the article gave has
        it in lower case ("Van Dijk" opening a sentence after "Joost van Dijk"; "Van Jones" alone, a given
        name, stays a full name)."""
        words = bare.split()
        if len(words) < 2 or words[0].lower() not in NAME_PARTICLES:
            return None
        ending = " " + " ".join([words[0].lower(), *words[1:]])
        names = self.full_names.get(words[-1], [])
        return words[-1] if any(name.endswith(ending) for _, name in names) else None

    def _full_name(self, bare: str, pos: int, gender: str | None, roles: frozenset[str] = frozenset()) -> str:
        """The full name a surname at ``pos`` stands for (``bare``: "Keller", "de Blasio"; a fuller name
        is itself).

        In order: the first full name the article's body gave before it (the person the article is
        about; a relative named later keeps her own), where several fit the one an office title was
        given with, or none ("President Bush" after Jeb, George W. and Laura Bush); else the
        gazetteer's person of that name ("President Obama" ahead of "the first lady, Michelle
        Obama"); else the first full name given anywhere (a headline's surname; a title-case
        headline's full names, which may hold a word too many, count only here); else the surname
        itself. A gendered title skips full names of the other gender ("Mr. Keller" after "Mrs.
        Lena Keller introduced her husband, Tom Keller").
        """
        surname = surname_of(bare) or self._capital_particle_surname(bare)
        if surname is None:  # a fuller name; in a headline, a full name the body gave and the words after it
            words = bare.split()  # the NER took in ("Glenn Beck Blasts Drudge" is Glenn Beck)
            given = [n for names in self.full_names.values() for at, n in names if pos < self.headline_end <= at
                     and 1 < len(n.split()) < len(words) and words[: len(n.split())] == n.split()
                     and not any(w.lower() in TITLE_WORDS or w.isupper() for w in words[len(n.split()) :])]
            return max(given, key=len) if given else bare
        given = [(at, name) for at, name in self.full_names.get(self._given_surname(surname) or surname, [])
                 if not (gender and self.genders.get(name, gender) != gender)]
        # a name the NER saw outranks one only the fallback found ("Hold Melania Trump to …" opening a letters
        # page whose "Donald Trump" the NER saw: "Trump" is still he)
        earlier = [(at, name) for at, name in given if self.headline_end <= at < pos]
        before = list(dict.fromkeys([name for at, name in earlier if at not in self.unlabelled_at]
                                    + [name for at, name in earlier if at in self.unlabelled_at]))
        wanted = roles & DESCRIBING_ROLES
        if len(before) > 1 and wanted:
            # "President Bush" after Jeb, George W. and Laura Bush: the one given that title, else nobody sure
            fitting = [name for name in before if wanted & self.roles_of.get(name, set())]
            return fitting[0] if fitting else bare
        if before:
            return before[0]
        entry = self.gaz.lookup(bare)
        if entry is not None and entry.actor.kind == "person":
            return bare
        return given[0][1] if given else bare  # a title-case headline's only after the gazetteer

    def person(
        self, bare: str, titles: list[Token], pos: int, run: Sequence[Token] = (), apposed: Sequence[Token] = ()
    ) -> Actor:
        """Canonical person actor for a bare name at character ``pos``, with its affiliation where known
        (``run``: title words before the name but outside it, which only help to tell who it is;
        ``apposed``: the words of an office set beside the name, either side of it)."""
        mentioned, titles = titles, [*apposed, *titles]  # the mention's own title words, then all
        gender = title_gender(titles)
        roles = title_roles([t.text for t in [*run, *titles]])
        name = self._full_name(bare, pos, gender, roles)
        self.roles_of.setdefault(name, set()).update(roles)
        entry = self._person_entry(name)
        if entry is not None and entry.actor.kind == "person" and not (gender and entry.gender and gender != entry.gender):
            actor = entry.actor
            if entry.gender:
                self.genders[actor.name] = entry.gender
        else:
            actor = Actor(name=name, kind="person")
        # "Kamala Lopez … his program" is not hers; "Tom" is not, unless the article's Tom is a surname
        opening = any(name.split()[0] == actor.name for names in self.full_names.values() for _, name in names)
        alone = None if actor.name in self.full_names else OPENING_SHARE if opening else ALONE_SHARE
        gender = gender or given_name_gender(actor.name, alone=alone)
        if gender:
            self.genders.setdefault(actor.name, gender)
        shown = [*apposed, *shown_titles(mentioned, pos)]
        title_text = "".join(t.text_with_ws for t in shown if t.lower_ not in DETERMINERS).strip()
        affiliation = self._affiliation(titles) or actor.affiliation or self.sides.get(actor.name)
        whose = apposed and any(c.dep_ == "prep" for c in apposed[-1].children)  # "the chief executive of PepsiCo"
        if affiliation is None and not whose and _CORPORATE.search(" ".join(t.lower_ for t in titles)):
            # "Chief Executive Karen Osei" in a story about one company: its chief executive
            at = self.doc.char_span(pos, pos + 1, alignment_mode="expand")
            company = last_company(self.doc.ents, at.start) if at is not None else None
            affiliation = bare_name(list(company))[0] if company is not None else None
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
        if entry is not None or not name.split():
            return entry
        entry = self.gaz.lookup(name.split()[-1])
        if entry is None or entry.actor.kind != "person":
            return None
        known = entry.actor.name.split()
        if same_person(entry.actor.name, name) or (len(known) >= 2 and name.split()[-len(known) :] == known):
            return entry  # the second: a headline verb the NER took into the name ("Lawmakers Rip Donald Trump")
        return None

    def _affiliation(self, toks: list[Token]) -> str | None:
        """A country or organisation named in titles or modifiers: 'Russian', 'Trump's', 'U.S.', 'at Acme Bank',
        or meant by "its" or "their"."""
        for tok in toks:
            if tok.dep_ == "poss" and tok.lower_ in ("its", "their"):
                body = self._body(tok)
                if body is not None:
                    return body.name
            entry = self.gaz.demonym(tok.text) or self.gaz.lookup(tok.text)
            if entry is not None:
                if entry.actor.kind == "person" and tok.dep_ == "poss" and tok.head.lemma_.lower() in _SERVING:
                    return entry.actor.name  # "Sanders's chief strategist" serves Bernie Sanders, not his country
                return entry.actor.affiliation if entry.actor.kind == "person" else entry.actor.name
        for tok in toks:
            ent = self._entity_at(tok)
            owner = self._possessor(tok, ent)
            if owner is not None:
                return owner
            company = self._company(bare_name(list(ent))[0]) if ent is not None else None
            if company is not None:  # "Harrow's chief executive" after "Harrow Foods", whatever the NER made of it
                return company.name
            if ent is None and tok.dep_ == "poss" and tok.pos_ == "NOUN":  # "the commission's competition chief"
                body = self._noun(tok)  # "the ministry's spokesman": a state organ first, the dateline's country
                if body is not None and body.kind in ("organization", "country", "place"):
                    return body.name
            if ent is not None and ent.label_ == "ORG" and (body := portfolio_body(ent)) is not None:
                if body:  # "State Department": the gazetteer's United States
                    return entry.actor.name if (entry := self.gaz.lookup(body)) is not None else body
                continue
            if ent is not None and ent.label_ in ("ORG", "GPE", "NORP"):
                entry = self.gaz.lookup(ent.text) or self.gaz.demonym(ent.text)
                if entry is None and normalize(ent.text).lower() in _ANY_BODY:
                    continue  # "Council Member Girmay Zahilay": which council, the title does not say
                return entry.actor.name if entry is not None else normalize(ent.text)
        return None

    def _possessor(self, tok: Token, ent: Span | None) -> str | None:
        """The person whom someone serving them speaks for, named by a surname the article gave with a full
        name, whatever the NER made of it: "Delgado's spokeswoman, Rachel Kim" speaks for Maria Delgado,
        not for an ORG "Delgado". Not anyone's relatives, remarks or proposals."""
        if tok.dep_ != "poss" or tok.head.lemma_.lower() not in ROLE_NOUNS or ent is None or ent.label_ not in _NAMING:
            return None
        bare = bare_name(list(ent))[0]
        if len(bare.split()) != 1 or self._given_surname(bare) is None:
            return None
        name = self._full_name(bare, ent.start_char, None)
        return name if len(name.split()) > 1 else None

    def _person_mentions(self) -> list[Candidate]:
        out = []
        named = [ent for ent in self.doc.ents if ent.label_ == "PERSON" or self._gazetteer_person(ent)]
        for ent in sorted(named + self.unlabelled, key=lambda e: e.start):
            if self._person_taken_for_body(ent) is not None:
                continue  # "downtown Greenfield" beside "the Greenfield Police Department": no "he"
            bare, titles = bare_name(list(ent))
            if not bare:
                continue
            run = title_run(self.doc, ent.start)
            actor = self.person(bare, titles, ent.start_char, run)
            if (gender := title_gender(run)) is not None:
                # "Mrs. Lena Keller", the title outside the entity: it outranks a given name ("Mrs. Chris
                # Keller"); before a surname alone it only fills in, as the full name it took may be wrong
                if len(bare.split()) > 1:
                    self.genders[actor.name] = gender
                else:
                    self.genders.setdefault(actor.name, gender)
            if office_title([t.text for t in titles] + title_words_before(self.doc, ent.start)) and not self.quoted(ent.start_char):
                self.offices.add(actor.name)
            out.append(
                Candidate(
                    actor=actor,
                    pos=ent.start_char,
                    sentence=self.sent_of[ent.start],
                    speaker=False,
                    subject=ent.root.dep_ in ("nsubj", "nsubjpass"),
                    gender=self.genders.get(actor.name),
                    roles=title_roles([t.text for t in [*run, *titles]]),
                    topic=ent.root.dep_ in ("nsubj", "nsubjpass") and ent.root.head.dep_ == "ROOT",
                )
            )
        return out

    def _entity_at(self, tok: Token) -> Span | None:
        """The entity ``tok`` is in, if any."""
        return self.entity_of.get(tok.i)

    # -- mentions -----------------------------------------------------------

    def resolve(self, att: Attribution) -> list[Actor]:
        """Actors for an attribution's source mention (several for 'France and Britain'); where the parse made
        a verb its head ("Sen. Alex Padilla, one of the Democrats opposed to it, said"), the first one it names."""
        if att.source_head is None:
            return []
        head = self.doc[att.source_head]
        if head.pos_ in ("VERB", "AUX") and att.source is not None:
            named = [self.entity_of.get(t.i) for t in self.doc.char_span(*att.source, alignment_mode="expand") or ()]
            named = sorted((e for e in named if e is not None and e.label_ in _NAMING), key=lambda e: e.label_ != "PERSON")
            head = named[0].root if named else head  # a person first: "ranking Democrat Elijah Cummings"
        return self.resolve_token(head, speaker=True)

    def resolve_token(self, head: Token, *, speaker: bool = False) -> list[Actor]:
        """Actors a mention headed by ``head`` names; they become antecedents for later pronouns."""
        pron = PERSONAL_PRONOUNS.get(head.lower_)
        if pron is not None and head.pos_ == "PRON" and not written_as_acronym(head):  # "WHO warns", "US said"
            actors = self._pronoun(head, pron, speaker=speaker)
        else:
            actors = [a for a in (self._noun(t) for t in conjuncts(head, self.unlabelled_tokens)) if a is not None]
        for actor in actors:
            self.candidates.append(
                Candidate(
                    actor=actor,
                    pos=head.idx,
                    sentence=self.sent_of[head.i],
                    speaker=speaker,
                    subject=True,
                    # "a spokeswoman for the mayor" is no "he"
                    gender=self.genders.get(actor.name) or (title_gender([head]) if len(actors) == 1 else None),
                    roles=title_roles(" ".join(actor.titles).split()),
                    plural=head.tag_ in ("NNS", "NNPS"),
                )
            )
            principal = principal_of(self.candidates, actor)
            if principal is not None:  # "The Ortega campaign said he would …": he is Ortega
                self.candidates.append(Candidate(
                    actor=principal, pos=head.idx, sentence=self.sent_of[head.i], speaker=speaker, subject=True,
                    gender=self.genders.get(principal.name),
                ))
        return actors

    def _noun(self, head: Token, *, portion: bool = False) -> Actor | None:
        """The actor a noun names (``portion``: it follows a share of it, "56 percent of [Americans]")."""
        if head.lower_ in ("one", "another"):  # "One of them, deputy governor Paul Reyes, has argued": Reyes
            named = next((c for c in head.children if c.dep_ == "appos" and c.ent_type_ == "PERSON"), None)
            if named is not None:
                return self._noun(named)
        whom = of_whom(head)
        if whom is not None:  # "62 percent of voters", "one of his aides", "a number of members of Congress"
            return self._noun(whom, portion=True)
        # "a statement from the Portland Police Bureau", "a Bloomberg poll", a later "the statement": who wrote it
        author = author_of(head) or earlier_author(head)
        written = self._noun(author) if author is not None else None
        if written is not None and written.kind != "other":
            return written
        organ = state_organ(head, self.gaz, self.entity_of, self.voice_home or self.home)
        if organ is not None:
            return organ
        if unnamed_one(head):
            return Actor(name=head.text, kind="person")
        ent = self._entity_at(head)
        if ent is not None and len(ent) == 1 and ent.label_ != "PERSON" and self._common_word(head):
            ent = None  # the NER's organisation "Data" that only opens a sentence
        # a title-case headline's entity that runs on past a name the gazetteer knows is no name of it
        # ("China Denies Agreeing to Resume …"), as one that runs on past a person's name is not
        known = ent is not None and ent.start_char < self.headline_chars and self.gaz.lookup(head.text) is not None
        if ent is not None and not runs_past(ent, head, known or self._names_person(head.text)):
            bare = bare_name(list(ent))[0]
            if some_of_a_people(ent, head, self.gaz.demonym(bare) or self.gaz.lookup(bare), portion):
                # "Many Americans", "most Russians", "young Mexicans": people, not their state's voice
                return Actor(name=bare or ent.text, kind="group")
            return self._entity_actor(ent, head)
        toks = [t for t in head.subtree if t.i <= head.i and t.dep_ not in ("relcl", "acl")]
        text = strip_determiners(toks)
        entry = self.gaz.lookup(text) if text else None
        if entry is not None:
            return entry.actor
        if text and text[:1].isupper() and self._traded(text):  # "Veltrix rejected …" after "chipmaker Veltrix"
            return Actor(name=text, kind="organization")
        described = self._described(head) or self._named_after(head) or self._organisation(head)
        if described is not None:
            return described
        if head.lemma_.lower() in COLLECTIVE_NOUNS or head.lower_ in COLLECTIVE_NOUNS or head.lower_ in ROLE_NOUNS:
            # "Economists at Northbridge Bank", "a spokesman for the ministry": the whole phrase names them
            whole = description(phrase(head), self.names) or description(toks, self.names)
            if head.tag_ in ("NNS", "NNPS"):
                group = Actor(name=whole, kind="group", affiliation=self._affiliation(modifiers(head)))
                return self._whose(head, group)
            return self._whose(head, self._office_holder(whole, head) or Actor(name=whole, kind="person"))
        # a name in capitals the article gave in full may be a noun to the tagger (a transcript's "PARK:")
        named_in_capitals = head.text.isupper() and self._given_surname(head.text) is not None
        lone_word = sum(not t.is_punct for t in toks) == 1 and self._common_word(head)
        if named_in_capitals or (head.pos_ == "PROPN" and not lone_word):
            bare, titles = bare_name(toks)
            the = any(c.dep_ == "det" and c.lower_ == "the" for c in head.lefts)
            if the and bare.lower() in TITLE_WORDS and bare.lower() not in _ADDRESS_TITLES and self._given_surname(bare) is None:
                # "The Secretary of State said", nobody the article named so before: a title with a capital,
                # not a name ("Secretary"; "King said" after "Rep. Peter King" is him)
                name = description(phrase(head), self.names)
                return self._office_holder(name, head) or Actor(name=name, kind="person")
            if bare and self._names_a_body(bare, toks, head):
                return Actor(name=bare, kind="organization")  # "The Alzheimer's Society", no entity to the NER
            return (self._company(bare) or self.person(bare, titles, head.idx)) if bare else None
        if not text:
            return None
        name = description(toks, self.names)
        holder = self._office_holder(name, head) if head.tag_ == "NN" else None
        if holder is not None and holder.kind == "country":
            return holder  # "Its foreign ministry" of a country: that country
        if head.lower_ == "member" and head.tag_ == "NN":
            return self._member(head, description(phrase(head), self.names) or name)
        # "its director": someone; "Moldova's electoral commission": a body
        kind = "person" if owned_role(head, self._given_surname) else "organization" if _named_body(head) else "other"
        other = holder or Actor(name=name, kind=kind, affiliation=self._affiliation(modifiers(head)))
        return self._whose(head, other)

    def _member(self, head: Token, name: str) -> Actor:
        """"A member of the Saudi delegation", "a member of the council": someone, of the body or country the
        words name ("Saudi Arabia"; a body no name says stays unnamed)."""
        body = served_by(head, of=True)
        side = None
        if body is not None:
            named = self._noun(body) if body.pos_ == "PROPN" else None
            if named is not None and named.kind in ("organization", "country", "place"):
                side = named.name
            elif body.pos_ == "NOUN":
                side = self._affiliation(modifiers(body))
        return Actor(name=name, kind="person", affiliation=side)

    def _common_word(self, word: Token) -> bool:
        """Whether a capitalised word opening a sentence (after any quote mark) is a word, not a name: the
        gazetteer does not know it, the article never capitalises it inside a sentence, and it also writes
        it in lower case ("“Data is not water” … share data") or nothing marks it as a name: no entity, no
        surname the article gave ("Enrollment has fallen")."""
        if not opens_sentence(word) or word.text in self.names or self.gaz.lookup(word.text) is not None:
            return False
        lowered = word.text[:1].isupper() and not any(c.isupper() for c in word.text[1:]) and word.text.lower() in self.lower_words
        return lowered or (not word.ent_type_ and self._given_surname(word.text) is None)

    # -- pronouns -------------------------------------------------------------

    def _pronoun(self, head: Token, pron: str, *, speaker: bool = False) -> list[Actor]:
        if pron == "rel":
            antecedent = relative_antecedent(head)
            return [a for a in [self._noun(antecedent)] if a is not None] if antecedent is not None else []
        if pron in ("s1", "s2", "p1"):
            return []
        partner = clause_partner(head) if pron in ("m", "f") else None  # "Bush is …, because he is …"
        bound = self._noun(partner) if partner is not None else None
        if bound is not None and bound.kind == "person" and self.genders.get(bound.name, pron) == pron:
            return [bound]
        chosen = best_antecedent(self.candidates, pron, head.idx, self.sent_of[head.i], speaker=speaker)
        return [chosen] if chosen is not None else []


def cue_words(doc: Doc, attributions: list[Attribution]) -> frozenset[int]:
    """The tokens that head the attributions' cues: no name holds one (a title-case headline's "Judge Blocks
    State Law …", cue "Blocks", names no "Blocks State" nor a judge "Law"; "FDA Panel Backs Alzheimer's Drug")."""
    spans = (doc.char_span(*att.cue, alignment_mode="expand") for att in attributions if att.cue is not None)
    return frozenset(span.root.i for span in spans if span is not None and len(span))


# words a title-case headline puts between a name and its verb
_HEADLINE_VERB_WORDS = frozenset(
    """just to may might not have has had does do did will would can could should must also now still again finally
    is are was were be been""".split()
)


def without_cues(ents: Sequence[Span], cues: frozenset[int]) -> tuple[Span, ...]:
    """Entities cut before the first cue word they hold ("Ben Carson Defends" → "Ben Carson"), dropped where
    no name is left before it ("Judge Blocks State": a title alone)."""
    out = []
    for ent in ents:
        cut = next((i for i in range(ent.start, ent.end) if i in cues), None)
        if cut is None:
            out.append(ent)
            continue
        while cut > ent.start and ent.doc[cut - 1].lower_ in _HEADLINE_VERB_WORDS:
            cut -= 1  # "This Cable News Panel Just | Dismissed", "Trump May Not Have | Suggested"
        if any(not is_title(t) and not t.is_punct for t in ent.doc[ent.start : cut]):
            out.append(Span(ent.doc, ent.start, cut, label=ent.label_))
    return tuple(out)


def resolve_speakers(doc: Doc, attributions: list[Attribution], gazetteer: Gazetteer, *, positions: bool = True) -> None:
    """Fill ``actors`` of each attribution, in text order so pronouns see earlier speakers;
    then, with ``positions``, each attribution's ``position``."""
    from .positions import position_of

    resolver = SpeakerResolver(doc, gazetteer, cues=cue_words(doc, attributions))
    ordered = sorted(attributions, key=lambda a: a.source or a.cue or (0, 0))
    for att in ordered:
        att.actors = resolver.resolve(att)
    # a person keeps the side the article has them serve: "Its national security adviser, Eduardo Año, said …
    # Mr. Año said" speaks for the Philippines both times (not where the article gives them two sides)
    resolver.sides = one_side_each(resolver.candidates)
    for att in ordered:
        att.actors = [with_side(actor, resolver.sides) for actor in att.actors]

    class _Named:
        """Actors by name: the gazetteer's, else one the article named ("a spokeswoman for Ann Keller" speaks
        for the person Ann Keller); and the people the article names in office."""

        offices = frozenset(resolver.offices)

        def __call__(self, name: str) -> Actor | None:
            entry = gazetteer.lookup(name)
            if entry is not None:
                return entry.actor
            named = [c.actor for c in resolver.candidates if c.actor.name == name and c.actor.kind != "other"]
            # a body before a person of that name: the NER's one "Helix Pharma" person is the company a chief serves
            return min(named, key=lambda actor: actor.kind == "person", default=None)

    actor_named = _Named()

    for att in ordered if positions else ():
        if att.content:
            # "the government" in what a Dutch ministry's spokeswoman says is the Dutch one, whatever the dateline
            resolver.voice_home = country_spoken_for(att.actors, actor_named)
            resolver.voice_body = body_spoken_for(att.actors, actor_named, resolver.organisations)
            att.position = position_of(doc, att, resolver.resolve_token, actor_named)
    resolver.voice_home = resolver.voice_body = None


def one_side_each(candidates: Sequence[Candidate]) -> dict[str, str]:
    """The affiliation of each person the article names with exactly one."""
    sides: dict[str, set[str]] = {}
    for cand in candidates:
        titles = [title.split() for title in cand.actor.titles]
        if cand.actor.kind == "person" and cand.actor.affiliation and not any(former_office(t) for t in titles):
            sides.setdefault(cand.actor.name, set()).add(cand.actor.affiliation)
    return {name: next(iter(found)) for name, found in sides.items() if len(found) == 1}


def with_side(actor: Actor, sides: dict[str, str]) -> Actor:
    """A person mentioned without an affiliation, with the one the article gives them elsewhere."""
    if actor.kind != "person" or actor.affiliation or actor.name not in sides:
        return actor
    return replace(actor, affiliation=sides[actor.name])


def body_spoken_for(actors: Sequence[Actor], actor_named, organisations: frozenset[str]) -> Actor | None:
    """The organisation a lone speaker is or serves ("A spokesman for the Centers for Disease Control
    and Prevention" → the CDC, whose "the agency had sent a team" is its own), or None; an affiliation
    the gazetteer does not know counts where the article names it as an organisation (``organisations``)."""
    if len(actors) != 1:
        return None
    actor = actors[0]
    if actor.kind == "organization":
        return actor
    if not actor.affiliation:
        return None
    side = actor_named(actor.affiliation)
    if side is not None:
        return side if side.kind == "organization" else None
    return Actor(name=actor.affiliation, kind="organization") if actor.affiliation in organisations else None


def country_spoken_for(actors: Sequence[Actor], actor_named) -> Actor | None:
    """The country a lone speaker is or serves ("Mao Ning, a spokeswoman for the Foreign Ministry" →
    China), or None; ``actor_named``: actors by name, as :func:`resolve_speakers` looks them up."""
    if len(actors) != 1:
        return None
    actor = actors[0]
    if actor.kind == "country":
        return actor
    side = actor_named(actor.affiliation) if actor.affiliation else None
    return side if side is not None and side.kind == "country" else None
