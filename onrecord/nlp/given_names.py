"""A person's gender from their given name, for "he" and "she".

The first-name lists of the 1990 US Census, as the ``names`` package ships
them (each name with its share of the women or of the men counted): a name
is taken as one gender's only where that share is at least
:data:`CLEAR_RATIO` times the other's ("Donald", "Hillary"; not "Leslie").
Names the lists lack ("Vladimir", "Kellyanne") tell nothing.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

CLEAR_RATIO = 4.0
# a name alone is a given name only where it is this many times commoner as one than as a surname: "Tom",
# "Jane", "Bernie" (not "Warren", "Thomas", "Clinton": 9 times, "Jordan")
ALONE_RATIO = 20.0
# … and at least this common (per cent): not a nickname the lists hold a few of ("Bibi"); where the article
# gives a full name that opens on it ("Tom Ebeling … Tom told"), a common one ("Tom", not the "Lou" of Lou Jiwei)
ALONE_SHARE = 0.005
OPENING_SHARE = 0.05
_FILES = {"f": "dist.female.first", "m": "dist.male.first"}


@lru_cache(maxsize=1)
def _shares() -> dict[str, dict[str, float]]:
    """Gender → upper-case given name → its share (per cent) of that gender's people."""
    out: dict[str, dict[str, float]] = {}
    for gender, filename in _FILES.items():
        text = resources.files("names").joinpath(filename).read_text(encoding="ascii")
        out[gender] = {fields[0]: float(fields[1]) for fields in (line.split() for line in text.splitlines()) if fields}
    return out


@lru_cache(maxsize=1)
def _surname_shares() -> dict[str, float]:
    """Upper-case surname → its share (per cent) of the people counted."""
    text = resources.files("names").joinpath("dist.all.last").read_text(encoding="ascii")
    return {fields[0]: float(fields[1]) for fields in (line.split() for line in text.splitlines()) if fields}


def given_name_gender(name: str, *, alone: float | None = None) -> str | None:
    """"m" or "f" for a full name whose first word is clearly a man's or a woman's given name, else None
    (also for a one-word name: a surname alone says nothing). With ``alone`` (a least share, per cent), a
    one-word name that is at least that common a given name and far more often one than a surname tells
    its gender too ("Tom", "Jane": :data:`ALONE_RATIO`)."""
    words = name.split()
    if len(words) < 2 and not (alone is not None and len(words) == 1):
        return None
    given = words[0].upper()
    shares = _shares()
    female, male = shares["f"].get(given, 0.0), shares["m"].get(given, 0.0)
    if len(words) == 1 and (max(female, male) < ALONE_RATIO * _surname_shares().get(given, 0.0)
                            or max(female, male) < (alone or 0.0)):
        return None
    if male > 0 and male >= CLEAR_RATIO * female:
        return "m"
    if female > 0 and female >= CLEAR_RATIO * male:
        return "f"
    return None
