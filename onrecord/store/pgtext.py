"""Full-text search for the PostgreSQL store: tsvectors and tsqueries built the way SQLite's FTS5 tokenizes.

onrecord builds the vectors (and the query of a search) itself, from the
tokens SQLite's ``unicode61 remove_diacritics 2`` tokenizer finds: runs of
letters and digits, case-folded, accents removed. PostgreSQL's own parser
would split "5-like" or "U.S." differently and fold case by the server's
locale. Pure functions over text, and the two search queries.
"""

from __future__ import annotations

import re
import unicodedata

from .sqlite import SNIPPET_CLOSE, SNIPPET_OPEN

SNIPPET_WORDS = 24  # most words in a snippet, as SQLite's snippet tokens
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


# -- the search queries ----------------------------------------------------------

# ts_rank weights {D, C, B, A}: statement content and article titles are A,
# speakers, actor names and article text B, as SQLite's bm25 column weights.
_RANK = "ts_rank('{{0.1, 0.2, 0.5, 1.0}}', {column}, %(match)s::tsquery)"
# The best hits are chosen first, so that ts_headline (which parses the whole
# text) runs on those only. Each snippet comes with up to SNIPPET_EDGE
# characters of text on either side, which tell whether words were cut off there.
_SNIPPET = f"""
CROSS JOIN LATERAL (SELECT ts_headline('simple', {{text}}, %(show)s::tsquery,
    'StartSel={SNIPPET_OPEN}, StopSel={SNIPPET_CLOSE}, MaxWords={SNIPPET_WORDS},
     MinWords={SNIPPET_WORDS - 4}, ShortWord=0, MaxFragments=1') AS snippet) h
CROSS JOIN LATERAL (SELECT replace(replace(h.snippet, '{SNIPPET_OPEN}', ''), '{SNIPPET_CLOSE}', '') AS plain) p
CROSS JOIN LATERAL (SELECT nullif(strpos({{text}}, p.plain), 0) AS at) f"""
_EDGES = f"right(left({{text}}, f.at - 1), {SNIPPET_EDGE}), substr({{text}}, f.at + length(p.plain), {SNIPPET_EDGE})"
SEARCH_STATEMENTS = f"""
SELECT s.pk, a.title, h.snippet, {_EDGES.format(text="s.content_text")}, best.rank FROM (
    SELECT s.pk, {_RANK.format(column="s.search")} AS rank FROM statements s
    WHERE s.search @@ %(match)s::tsquery ORDER BY rank DESC, s.pk LIMIT %(limit)s
) best JOIN statements s ON s.pk = best.pk JOIN articles a ON a.id = s.article_id
{_SNIPPET.format(text="s.content_text")}
ORDER BY best.rank DESC, best.pk"""
SEARCH_ARTICLES = f"""
SELECT a.id, a.title, h.snippet, {_EDGES.format(text="a.text")}, best.rank FROM (
    SELECT a.pk, {_RANK.format(column="a.search")} AS rank FROM articles a
    WHERE a.search @@ %(match)s::tsquery ORDER BY rank DESC, a.pk LIMIT %(limit)s
) best JOIN articles a ON a.pk = best.pk
{_SNIPPET.format(text="a.text")}
ORDER BY best.rank DESC, best.pk"""
