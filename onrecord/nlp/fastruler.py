"""en_core_web_sm's attribute ruler, matched with array operations instead of spaCy's Matcher.

The ruler (179 pattern entries mapping fine tags to parts of speech and
morphology, with exceptions by word and dependency) cost about as much as
the parser: spaCy's Matcher walks every token through every pattern, calling
Python predicates for its ``IN`` sets. :class:`LookupMatcher` reads the
Doc's tags, words and dependencies as arrays once and tests each pattern on
all tokens at once (a word list becomes one ``numpy.isin``, a regular
expression is run once per distinct word): a seventh of the Matcher's time,
the spaCy part of an article a fifth faster. It finds the same matches, in
the order the ruler sorts them (later patterns win), and the ruler's own
``set_annotations`` applies them (``tests/test_fast_model.py``
and the same on all of PolNeAR train and dev). A pattern it cannot read (an
operator, a predicate other than equality, ``IN``, ``NOT_IN`` and ``REGEX``,
another attribute) leaves the ruler as spaCy built it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
from spacy.attrs import DEP, IS_SPACE, LOWER, ORTH, POS, TAG
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc

_ATTRS = {"ORTH": ORTH, "LOWER": LOWER, "TAG": TAG, "DEP": DEP, "POS": POS, "IS_SPACE": IS_SPACE}
_STRINGS = frozenset({"ORTH", "LOWER", "TAG", "DEP", "POS"})  # the others are numbers already


class Unreadable(ValueError):
    """A pattern uses something this matcher does not do; spaCy's Matcher stays."""


def _id(attr: str, value: Any) -> int:
    """A pattern's value as the Doc's arrays hold it: a string's hash, a flag's 0 or 1."""
    return get_string_id(value) if attr in _STRINGS else int(value)


def _test(attr: str, spec: Any) -> Callable[[np.ndarray, Any], np.ndarray]:
    """The test of one attribute: a column of values (and the Doc's strings) → which tokens pass."""
    if not isinstance(spec, Mapping):
        wanted = np.uint64(_id(attr, spec))
        return lambda column, strings: column == wanted
    if len(spec) != 1:
        raise Unreadable(f"{attr}: {spec}")
    (op, arg), = spec.items()
    if op in ("IN", "NOT_IN"):
        members = np.array(sorted({_id(attr, v) for v in arg}), dtype=np.uint64)
        return lambda column, strings: np.isin(column, members, invert=op == "NOT_IN")
    if op == "REGEX" and attr in _STRINGS:
        pattern = re.compile(arg)

        def search(column: np.ndarray, strings: Any) -> np.ndarray:
            values = np.unique(column)
            hits = np.array([v for v in values.tolist() if pattern.search(strings[v])], dtype=np.uint64)
            return np.isin(column, hits)

        return search
    raise Unreadable(f"{attr}: {spec}")


class _TokenPattern:
    """One token's conditions, tested on all of a Doc's tokens at once."""

    def __init__(self, spec: Mapping[str, Any]) -> None:
        if not isinstance(spec, Mapping) or not spec or "OP" in spec or any(attr not in _ATTRS for attr in spec):
            raise Unreadable(str(spec))
        self.tests = [(attr, _test(attr, value)) for attr, value in spec.items()]

    def mask(self, columns: Mapping[str, np.ndarray], strings: Any) -> np.ndarray:
        result = None
        for attr, test in self.tests:
            hit = test(columns[attr], strings)
            result = hit if result is None else result & hit
        return result


class LookupMatcher:
    """The matches of an attribute ruler's patterns, as its ``match`` returns them."""

    def __init__(self, entries: Sequence[Mapping[str, Any]]) -> None:
        self.entries: list[tuple[int, int, list[list[_TokenPattern]]]] = []  # order, its key's hash, its patterns
        self.attrs: list[str] = []  # the attributes any pattern reads
        for order, entry in enumerate(entries):
            patterns = []
            for pattern in entry["patterns"]:
                if not pattern:
                    raise Unreadable(str(pattern))
                patterns.append([_TokenPattern(t) for t in pattern])
                self.attrs.extend(a for t in pattern for a in t if a not in self.attrs)
            self.entries.append((order, get_string_id(str(order)), patterns))  # the ruler's match id

    def __call__(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        n = len(doc)
        if not n:
            return []
        array = doc.to_array([_ATTRS[a] for a in self.attrs]).reshape(n, len(self.attrs))
        columns = {a: np.ascontiguousarray(array[:, k]) for k, a in enumerate(self.attrs)}
        found = []
        for order, key, patterns in self.entries:
            starts: set[tuple[int, int]] = set()
            for tokens in patterns:
                k = len(tokens)
                if k > n:
                    continue
                hit = tokens[0].mask(columns, doc.vocab.strings)[: n - k + 1]
                for j, token in enumerate(tokens[1:], 1):
                    hit = hit & token.mask(columns, doc.vocab.strings)[j : n - k + 1 + j]
                starts.update((int(i), k) for i in np.flatnonzero(hit))
            found.extend((order, key, i, i + k) for i, k in sorted(starts))
        return found


def fast_attribute_ruler(nlp: Language) -> Language:
    """``nlp`` with its attribute ruler (when it has one) matching through :class:`LookupMatcher`."""
    if "attribute_ruler" not in nlp.pipe_names:
        return nlp
    ruler = nlp.get_pipe("attribute_ruler")
    if isinstance(getattr(ruler, "match", None), LookupMatcher):
        return nlp
    try:
        ruler.match = LookupMatcher(ruler.patterns)
    except Unreadable:
        pass
    return nlp
