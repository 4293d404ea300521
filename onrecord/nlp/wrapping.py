"""Hard-wrapped text: line breaks inside a paragraph, read as the spaces they stand for.

Plain text from mail archives, old wires and ``fmt`` is often wrapped at a
fixed width (about 72 columns). The parser reads every such line break as a
token of its own, and a line that opens with a capital as a new sentence:
hard-wrapped at 72 columns, the PolNeAR validation articles lost a quarter of
their lenient content F1 (0.759 → 0.556). :func:`unwrap` finds a text's wrap
width and turns the line breaks of filled lines into spaces, character for
character, so every offset into the text stays as it was;
:class:`UnwrappingTokenizer` applies it in front of spaCy's tokenizer.
"""

from __future__ import annotations

from typing import Any

_MIN_LINES = 4  # wrapped lines a text needs before it is taken for wrapped
_MAX_WIDTH = 100  # wider "lines" are paragraphs of their own
_MIN_WIDTH = 30
_SLACK = 25  # a filled line ends within this many columns of the width
_FILLED_SHARE = 0.6  # of a wrapped text's lines, at least this many are filled


def unwrap(text: str) -> str:
    """``text`` with each line break that only wraps a filled line made a space (same length).

    A text counts as wrapped when at least :data:`_MIN_LINES` lines run on into a next line,
    nine in ten of them are at most a width between 30 and 100 columns, and most of them are
    filled (end within 25 columns of that width). Then a line break after a filled line, with
    text on the next line, is a space; a blank line, a short last line of a paragraph and a text
    written one paragraph a line keep their breaks."""
    if "\n" not in text:
        return text
    lines = text.split("\n")
    running = [len(line.rstrip()) for line, nxt in zip(lines, lines[1:]) if line.strip() and nxt.strip()]
    if len(running) < _MIN_LINES:
        return text
    width = sorted(running)[int(0.9 * (len(running) - 1))]
    if not _MIN_WIDTH <= width <= _MAX_WIDTH:
        return text
    if sum(1 for n in running if n >= width - _SLACK) < _FILLED_SHARE * len(running):
        return text
    chars = list(text)
    pos = 0
    for line, nxt in zip(lines, lines[1:]):
        pos += len(line)  # the line break after ``line``
        if line.strip() and nxt.strip() and len(line.rstrip()) >= width - _SLACK:
            chars[pos] = " "
            if line.endswith("\r"):
                chars[pos - 1] = " "  # a Windows line break is two characters
        pos += 1
    return "".join(chars)


class UnwrappingTokenizer:
    """spaCy's tokenizer reading :func:`unwrap`'s text; everything else is the tokenizer's own."""

    def __init__(self, tokenizer: Any) -> None:
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Any:
        return self.tokenizer(unwrap(text))

    def pipe(self, texts: Any, batch_size: int = 1000) -> Any:
        for text in texts:
            yield self(text)

    def __getattr__(self, name: str) -> Any:
        if name == "tokenizer":  # not set yet: an instance being unpickled or copied
            raise AttributeError(name)
        return getattr(self.tokenizer, name)
