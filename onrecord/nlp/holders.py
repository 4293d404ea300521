"""Who holds a position: an office's country, a campaign's candidate, a group's body (see :func:`holder_of`).

:mod:`onrecord.nlp.positions` reads whose position a statement describes; this module says when a speaker
speaks for another actor (a minister for the country, an aide for the candidate), and the titles that
make a person an office holder, used by the speaker resolution as well.
"""

from __future__ import annotations

from ..models import Actor
from .lexicon import FACTIONS, SOME_OF

_OFFICES = frozenset(
    """minister secretary president vice premier chancellor envoy ambassador spokesman spokeswoman
    spokesperson official officials diplomat negotiator adviser advisor aide chief foreign
    defense defence ministry commander general admiral governor gov. gov representative delegate""".split()
)  # "gov.": "Texas Gov. Greg Abbott" holds the office "governor" does
FORMER_WORDS = frozenset({"former", "ex", "then", "late", "retired", "onetime", "erstwhile"})


def office_title(words: list[str]) -> bool:
    """Whether title words name a current office ("Russian Foreign Minister", "envoy"; not "former senator")."""
    words = [w.lower() for w in words]
    return any(w in _OFFICES for w in words) and not any(w in FORMER_WORDS for w in words)


def former_office(words: list[str]) -> bool:
    """Whether title words name an office held no longer ("former secretary of State")."""
    words = [w.lower() for w in words]
    return any(w in _OFFICES for w in words) and any(w in FORMER_WORDS for w in words)


def in_office(actor: Actor, offices: frozenset[str] = frozenset()) -> bool:
    """Whether a person speaks for their side: named with an office in this mention, or anywhere in
    the article (``offices``: names the article gives an office, "President Trump’s summit"), unless
    this mention says the office is a former one ("Clinton, the former secretary of State", in an
    article that also calls her "Secretary Clinton")."""
    titles = [title.replace("-", " ").split() for title in actor.titles]
    if any(former_office(words) for words in titles):
        return False
    if actor.name in offices:
        return True
    return any(office_title(words) for words in titles)


def holder_of(actor: Actor | None, actor_named) -> Actor | None:
    """The actor itself for a country or organisation, but the person an office or a campaign serves; a
    group's affiliation; a person's affiliation when the person is named in office ("Russian Foreign
    Minister Sergey Lavrov" → Russia, a bare "Trump" stays Trump: a politician's every word is not the
    state's position). An affiliation the gazetteer does not know is of no known kind ("Ohio", "MSNBC":
    not a country)."""
    if actor is None:
        return None
    if actor.kind == "person" and actor.affiliation and in_office(actor, getattr(actor_named, "offices", frozenset())):
        return actor_named(actor.affiliation) or Actor(name=actor.affiliation, kind="other")
    if actor.kind == "group" and actor.affiliation and not rank_and_file(actor.name):
        return actor_named(actor.affiliation) or Actor(name=actor.affiliation, kind="other")
    if actor.kind == "organization" and actor.affiliation:  # "his office would stop opposing …": his
        owner = actor_named(actor.affiliation)
        return owner if owner is not None and owner.kind == "person" else actor
    return actor


# those who belong to a body or back it without speaking for it
_RANKS = frozenset("""members member voters voter supporters supporter delegates delegate activists donors residents
    citizens constituents followers fans rank-and-file base grassroots""".split())


def rank_and_file(name: str) -> bool:
    """Whether a group is some of a body's people rather than its voice: "Republican voters", "pro-life
    members of the Democratic Party", "one Republican" (a group named by a single member), "some Democrats",
    "progressive Democrats"; "Democratic leaders" and "Russian officials" speak for theirs."""
    words = name.replace("-", " ").split()
    if "of" in words:
        words = words[: words.index("of")]
    one_member = len(words) == 1 and words[0][:1].isupper() and not words[0].endswith("s")  # not "the military"
    return bool(words) and (words[-1].lower() in _RANKS or one_member or words[0].lower() in SOME_OF | FACTIONS)


def same_side(speaker: Actor, holder: Actor, actor_named=None) -> bool:
    """Whether ``speaker`` speaks for ``holder``: the holder itself, or one of its officials or organs."""
    if speaker.name == holder.name:
        return True
    if speaker.affiliation != holder.name:
        return False
    return speaker.kind != "person" or in_office(speaker, getattr(actor_named, "offices", frozenset()))
