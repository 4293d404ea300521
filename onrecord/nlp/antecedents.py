"""Antecedents: the actors a pronoun may stand for, as the speaker resolver records them, and which
pronoun fits which ("he" a person not known to be a woman, "it" an organisation or a country, "they" a
group, or people a plural noun named)."""

from __future__ import annotations

from dataclasses import dataclass

from ..models import Actor


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


def compatible(pron: str, cand: Candidate) -> bool:
    """Whether a pronoun of class ``pron`` ("m", "f", "p" they, "n" it) may stand for ``cand``."""
    kind = cand.actor.kind
    if pron in ("m", "f"):
        return kind == "person" and (cand.gender is None or cand.gender == pron)
    if pron == "p":
        return kind in ("group", "country", "organization") or (kind == "other" and cand.plural)
    if pron == "n":
        return kind in ("country", "organization") or (kind == "other" and not cand.plural)
    return False
