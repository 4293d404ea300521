"""The content reader inside the pipeline: each found attribution's content read again with its cue marked.

``onrecord_encoder`` leaves the tagger's hidden states on the Doc;
``onrecord_attribution``, once it has its attributions, hands them here, and
:func:`reread` lets the reader (:mod:`onrecord.nlp.reader`) revise each
content or drop the attribution. Torch is imported only when a reader is
loaded, so the rules alone never need it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from ..errors import ModelError
from .attribution import Attribution, _kind, doc_text
from .encoder import split_lines
from .quotes import Quote
from .spanindex import covered


@dataclass(frozen=True, slots=True)
class ShippedReader:
    """A loaded content reader and its settings (:class:`onrecord.nlp.reader.ReaderSettings`)."""

    model: Any
    settings: Any


def load_shipped_reader(weights_dir: Path) -> ShippedReader | None:
    """The reader shipped beside the tagger in ``weights_dir``; None when there is none.

    Raises:
        ModelError: its files are there but do not load.
    """
    from .encoder_model import bf16_supported
    from .reader import load_reader, reader_settings

    try:
        settings = reader_settings(weights_dir)
        if settings is None:
            return None
        return ShippedReader(load_reader(weights_dir, settings, bf16=bf16_supported("cpu")), settings)
    except (OSError, ValueError, TypeError, KeyError, RuntimeError) as exc:
        raise ModelError(f"cannot load the content reader from {weights_dir}: {exc}") from exc


def reread(
    doc: Doc, found: list[Attribution], quotes: Sequence[Quote], reader: ShippedReader, states, offsets: Sequence[tuple[int, int]]
) -> list[Attribution]:
    """``found`` with each cue's content as the reader revises it (:func:`onrecord.nlp.reader.revise`).

    An attribution without a cue, or whose content does not lie inside the
    window read for its cue (which :func:`~onrecord.nlp.reader.revise` would
    leave as it is: an eighth of them, costing as much to read), is kept as it is. A revised content is cut at
    line breaks like the tagger's, and its kind (direct, mixed, indirect) read again.
    """
    from .reader import read, revise, windows

    cued = [a for a in found if a.cue is not None]
    if not cued or not offsets:
        return found
    # a content reaching out of its cue's window is one the reader cannot revise: not read at all
    spans = [(offsets[start][0], offsets[end - 1][1]) for start, end, _, _ in windows(offsets, [a.cue for a in cued], reader.settings)]
    cued = [a for a, (low, high) in zip(cued, spans) if all(low <= s and e <= high for s, e in a.content)]
    if not cued:
        return found
    readings = read(reader.model, states.to(next(reader.model.parameters()).dtype), offsets, [a.cue for a in cued], reader.settings)
    by_id = {id(a): r for a, r in zip(cued, readings)}
    text = doc_text(doc)
    kept = []
    for att in found:
        reading = by_id.get(id(att))
        if reading is not None:
            content = revise(att.content, reading, reader.settings)
            if content is None:
                continue
            if (
                covered(text, content) != covered(text, att.content)
                and not _new_lines(text, att.content, content)
                and not _cuts_quote(text, quotes, att.content, content)
                and not _dangles(doc, att.content, content)
            ):
                # the same words in other spans change nothing; a reading reaching into another paragraph (a
                # headline's content running into the lead) neither
                att.content = sorted({piece for a, b in content for piece in split_lines(text, a, b)})
                att.kind = _kind(text, att, quotes)
        if att.content:
            kept.append(att)
    kept.sort(key=lambda a: (a.content_start(), a.cue or (0, 0)))
    return kept


def _new_lines(text: str, found: Sequence[tuple[int, int]], read: Sequence[tuple[int, int]]) -> bool:
    """Whether ``read`` reaches a line that ``found`` does not touch (of 1,389 readings on validation one
    did, and spoiled an exact content; of 1,812 on dev one, to no effect)."""
    low = min(a for a, _ in found)
    high = max(b for _, b in found)
    return "\n" in text[min(low, *(a for a, _ in read)) : low] or "\n" in text[high : max(high, *(b for _, b in read))]


def _cuts_quote(text: str, quotes: Sequence[Quote], found: Sequence[tuple[int, int]], read: Sequence[tuple[int, int]]) -> bool:
    """Whether ``read`` ends or starts inside a quotation that ``found`` held whole (the reader had cut
    "“We are protecting our national security.”" to "“We are"): quote marks bound a content better than
    the reader does."""
    for q in quotes:
        if not any(a <= q.start and q.end <= b for a, b in found):
            continue
        for a, b in read:
            if _words(text, q.start + 1, a) and a < q.end or _words(text, b, q.end - 1) and b > q.start:
                return True
    return False


def _words(text: str, start: int, end: int) -> bool:
    return any(c.isalnum() for c in text[start:end])


_DANGLING = {"ADP", "DET", "CCONJ", "SCONJ", "PART"}


def _dangles(doc: Doc, found: Sequence[tuple[int, int]], read: Sequence[tuple[int, int]]) -> bool:
    """Whether ``read`` ends on a preposition, article or conjunction where ``found`` went on past it, or
    on a word whose head ``found`` holds after it ("allies had been" for "allies had been consulted")."""
    end, found_end = max(b for _, b in read), max(b for _, b in found)
    if end >= found_end:
        return False
    span = doc.char_span(min(a for a, _ in read), end, alignment_mode="expand")
    words = [t for t in span or () if not t.is_punct and not t.is_space]
    if not words:
        return False
    last = words[-1]
    return last.pos_ in _DANGLING or (last.head.i > last.i and last.head.idx < found_end and last.head.sent == last.sent)
