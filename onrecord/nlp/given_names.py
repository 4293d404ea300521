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
_FILES = {"f": "dist.female.first", "m": "dist.male.first"}


@lru_cache(maxsize=1)
def _shares() -> dict[str, dict[str, float]]:
    """Gender → upper-case given name → its share (per cent) of that gender's people."""
    out: dict[str, dict[str, float]] = {}
    for gender, filename in _FILES.items():
        text = resources.files("names").joinpath(filename).read_text(encoding="ascii")
        out[gender] = {fields[0]: float(fields[1]) for fields in (line.split() for line in text.splitlines()) if fields}
    return out


def given_name_gender(name: str) -> str | None:
    """"m" or "f" for a full name whose first word is clearly a man's or a woman's given name, else None
    (also for a one-word name: a surname alone says nothing)."""
    words = name.split()
    if len(words) < 2:
        return None
    given = words[0].upper()
    shares = _shares()
    female, male = shares["f"].get(given, 0.0), shares["m"].get(given, 0.0)
    if male > 0 and male >= CLEAR_RATIO * female:
        return "m"
    if female > 0 and female >= CLEAR_RATIO * male:
        return "f"
    return None
