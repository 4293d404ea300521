"""The actor gazetteer: canonical names, aliases, demonyms and affiliations.

The built-in file ``onrecord/data/actors.toml`` lists countries (demonyms,
capitals and seats of government used as metonyms: "the Kremlin" → Russia),
international organisations and widely reported public figures. A user file
in the same format extends it; an entry with the same ``name`` replaces the
built-in one.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import ActorsFileError
from .models import Actor

_SECTIONS = {"country": "country", "organization": "organization", "person": "person", "group": "group"}


@dataclass(frozen=True, slots=True, kw_only=True)
class Entry:
    """One gazetteer entry: the actor plus what only resolution needs."""

    actor: Actor
    demonyms: tuple[str, ...] = ()
    gender: str | None = None  # "m" / "f" for people when known


def normalize(mention: str) -> str:
    """Canonical lookup key: curly apostrophes straightened, spaces collapsed, no leading 'the'."""
    key = " ".join(mention.replace("’", "'").split())
    if key.lower().startswith("the "):
        key = key[4:]
    return key.removesuffix("'s").removesuffix("'")


class Gazetteer:
    """Alias → actor lookups over built-in and user entries."""

    def __init__(self, entries: list[Entry]) -> None:
        self._by_name: dict[str, Entry] = {}
        for entry in entries:
            self._by_name[entry.actor.name] = entry
        self._alias: dict[str, Entry] = {}
        self._demonym: dict[str, Entry] = {}
        self._shouted: dict[str, Entry] = {}  # people by upper-case name: a transcript's "PENCE:"
        for entry in self._by_name.values():
            for alias in (entry.actor.name, *entry.actor.aliases):
                self._alias.setdefault(normalize(alias), entry)
                if entry.actor.kind == "person":
                    self._shouted.setdefault(normalize(alias).upper(), entry)
            for dem in entry.demonyms:
                self._demonym.setdefault(normalize(dem), entry)

    def __len__(self) -> int:
        return len(self._by_name)

    def lookup(self, mention: str) -> Entry | None:
        """The entry whose name or alias is exactly ``mention`` (case kept: 'US' is not 'us'); a person's
        name in capitals ('PENCE', as transcripts write speakers) is that person, from four letters up."""
        key = normalize(mention)
        found = self._alias.get(key)
        if found is None and len(key) >= 4 and key.isupper():
            found = self._shouted.get(key)
        return found

    def demonym(self, word: str) -> Entry | None:
        """The country or organisation a demonym names: 'Russian' → Russia."""
        return self._demonym.get(normalize(word))

    def entries(self) -> list[Entry]:
        return list(self._by_name.values())

    def extended(self, entries: list[Entry]) -> Gazetteer:
        """A gazetteer with ``entries`` added, replacing entries of the same name."""
        return Gazetteer(self.entries() + entries)


def _entry(kind: str, raw: dict[str, Any], origin: str) -> Entry:
    if not isinstance(raw.get("name"), str) or not raw["name"].strip():
        raise ActorsFileError(f"{origin}: every [[{kind}]] entry needs a non-empty name")
    aliases = raw.get("aliases", [])
    demonyms = raw.get("demonyms", [])
    if not all(isinstance(a, str) for a in [*aliases, *demonyms]):
        raise ActorsFileError(f"{origin}: aliases and demonyms of {raw['name']!r} must be lists of strings")
    return Entry(
        actor=Actor(
            name=raw["name"],
            kind=_SECTIONS[kind],  # type: ignore[arg-type]
            affiliation=raw.get("affiliation"),
            aliases=tuple(aliases),
            titles=tuple(raw.get("titles", [])),
        ),
        demonyms=tuple(demonyms),
        gender=raw.get("gender"),
    )


def parse_actors(text: str, *, origin: str = "actors file") -> list[Entry]:
    """Entries from the TOML text of an actors file."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ActorsFileError(f"{origin}: not valid TOML: {exc}") from exc
    unknown = set(data) - set(_SECTIONS)
    if unknown:
        raise ActorsFileError(f"{origin}: unknown sections {sorted(unknown)}; use {sorted(_SECTIONS)}")
    return [_entry(kind, raw, origin) for kind in _SECTIONS for raw in data.get(kind, [])]


@lru_cache(maxsize=1)
def builtin_gazetteer() -> Gazetteer:
    """The gazetteer shipped with onrecord."""
    text = resources.files("onrecord").joinpath("data/actors.toml").read_text(encoding="utf-8")
    return Gazetteer(parse_actors(text, origin="built-in actors.toml"))


def load_gazetteer(path: str | Path | None = None) -> Gazetteer:
    """The built-in gazetteer, extended by the user actors file at ``path`` if given."""
    base = builtin_gazetteer()
    if path is None:
        return base
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise ActorsFileError(f"cannot read actors file {p}: {exc.strerror}") from exc
    return base.extended(parse_actors(text, origin=str(p)))


def _edits(a: str, b: str) -> int:
    """Levenshtein distance (small strings only)."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


def _without_suffix(words: list[str]) -> list[str]:
    while len(words) > 1 and words[-1].strip(",") in _SUFFIXES:
        words = words[:-1]
    return words


def same_person(a: str, b: str, *, surname_alone: bool = True) -> bool:
    """Whether two person names are spellings of one name: 'Sergei Lavrov' / 'Sergey Lavrov',
    'Volodymyr Zelenskiy' / 'Volodymyr Zelenskyy', a surname alone / the full name.

    Surnames must agree up to small spelling differences (at most one edit per
    five letters, and the same first letter); given names, when both have
    one, must agree likewise or one be the other's initial. ``surname_alone=False``
    refuses a one-word name against another name: within one article "Keller" is the
    Ann Keller it introduced, across a store of articles it may be anyone called so.
    """
    pa, pb = normalize(a).lower().replace(".", "").split(), normalize(b).lower().replace(".", "").split()
    # a generational suffix is no surname ("C. Stewart Verdery Jr." is not "Charles Elliott Jr."), and
    # it tells people apart: "Donald Trump Jr." is not Donald Trump
    sa, sb = _without_suffix(pa), _without_suffix(pb)
    if pa[len(sa):] != pb[len(sb):]:
        return False
    pa, pb = sa, sb
    if not pa or not pb or pa == pb:
        return bool(pa) and pa == pb
    if not surname_alone and (len(pa) == 1 or len(pb) == 1):
        return False
    la, lb = pa[-1], pb[-1]
    if la[0] != lb[0] or _edits(la, lb) > max(len(la), len(lb)) // 5:
        return False
    if len(pa) == 1 or len(pb) == 1:
        return True
    fa, fb = pa[0], pb[0]
    if len(fa) == 1 or len(fb) == 1:
        return fa[0] == fb[0]
    return fa[0] == fb[0] and _edits(fa, fb) <= max(1, max(len(fa), len(fb)) // 5)
