"""Full-text search for the PostgreSQL store: tsvectors and tsqueries built the way SQLite's FTS5 tokenizes.

onrecord builds the vectors (and the query of a search) itself, from the
tokens SQLite's ``unicode61 remove_diacritics 2`` tokenizer finds: runs of
letters and digits, case-folded, accents removed. PostgreSQL's own parser
would split "5-like" or "U.S." differently and fold case by the server's
locale. Pure functions over text, no database.
"""

from __future__ import annotations

import re
import unicodedata

SNIPPET_EDGE = 40  # characters read on either side of a snippet, to tell whether it was cut
# tsvector limits (PostgreSQL's, in tsvector.h): longer lexemes are dropped,
# later positions share the last one, a lexeme keeps its first 256 positions,
# and the lexemes of one vector stay under 1 MB.
MAX_LEXEME_BYTES = 2_047
MAX_POSITION = 16_383
MAX_POSITIONS_PER_LEXEME = 256
MAX_VECTOR_BYTES = 1_000_000
MAX_QUERY_TOKENS = 256  # tokens of a search query kept; PostgreSQL's parser recurses on longer ones

_QUERY_TERM = re.compile(r'"([^"]*)"|(\S+)')
_TOKEN = re.compile(r"[^\W_]+")


def lexemes(text: str) -> list[str]:
    """The search tokens of a text: runs of letters and digits, case-folded, without accents."""
    folded = text.casefold()
    if not folded.isascii():
        decomposed = unicodedata.normalize("NFKD", folded)
        folded = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _TOKEN.findall(folded)


def tsvector(*parts: tuple[str | None, str]) -> str:
    """A tsvector literal over texts, each part given with its weight letter.

    Positions run on across the parts with a gap between two, so that no
    phrase matches across them.
    """
    positions: dict[str, list[str]] = {}
    size = position = 0
    for text, weight in parts:
        for lexeme in lexemes(text or ""):
            position = min(position + 1, MAX_POSITION)
            seen = positions.get(lexeme)
            if seen is None:
                length = len(lexeme.encode("utf-8"))
                if length > MAX_LEXEME_BYTES or size + length > MAX_VECTOR_BYTES:
                    continue
                size += length
                seen = positions[lexeme] = []
            if len(seen) < MAX_POSITIONS_PER_LEXEME:
                seen.append(f"{position}{weight}")
        position = min(position + 1, MAX_POSITION)
    # Lexemes hold letters and digits only: nothing in them needs quoting.
    return " ".join(f"'{lexeme}':{','.join(at)}" for lexeme, at in positions.items())


def tsquery(text: str) -> str | None:
    """A tsquery literal matching every word of user input; ``None`` if nothing can match.

    Each bare word and each double-quoted phrase becomes one term; a term of
    several tokens ("Article-5-like", "a b") is a phrase. Operators and
    punctuation in the input are plain text, so no input is a syntax error.
    A query keeps its first ``MAX_QUERY_TOKENS`` tokens (PostgreSQL's parser
    recurses on long queries); a word too long for a tsvector matches nothing.
    """
    terms = []
    budget = MAX_QUERY_TOKENS
    for match in _QUERY_TERM.finditer(text):
        tokens = lexemes(match[1] if match[1] is not None else match[2])[:budget]
        if any(len(t.encode("utf-8")) > MAX_LEXEME_BYTES for t in tokens):
            return None
        if tokens:
            terms.append("(" + " <-> ".join(f"'{t}'" for t in tokens) + ")")
            budget -= len(tokens)
    return " & ".join(terms) or None


def highlight_query(text: str) -> str:
    """The words of a query for ``ts_headline``, with and without accents (it folds like the server)."""
    words = {w for w in _TOKEN.findall(text.casefold()) + lexemes(text) if len(w.encode("utf-8")) <= MAX_LEXEME_BYTES}
    return " | ".join(f"'{w}'" for w in sorted(words)[:MAX_QUERY_TOKENS])


def framed(snippet: str, before: str | None, after: str | None) -> str:
    """A snippet with "…" where ts_headline cut words off, as SQLite's snippets have.

    ``before`` and ``after`` are the text on either side of it (``None`` when
    the snippet is not found verbatim in the text); where they hold no word and
    reach the text's edge, they are punctuation ts_headline left out, put back.
    """
    if before is None or after is None:
        return snippet
    cut_before = _TOKEN.search(before) is not None or len(before) == SNIPPET_EDGE
    cut_after = _TOKEN.search(after) is not None or len(after) == SNIPPET_EDGE
    head = "…" if cut_before else before.lstrip()
    tail = "…" if cut_after else after.rstrip()
    return f"{head}{snippet}{tail}"
