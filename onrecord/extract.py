"""Raw document → Article: main text and metadata, junk removed.

HTML goes through trafilatura (comments excluded); plain text is taken as it
is, so that with ``clean=False`` every offset points into the file as read.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from .clean import clean_text, headline
from .errors import ExtractionError, NotEnglish
from .models import Article, RawDocument, digest

LANGUAGE = "en"  # the only language read: other text is refused (check_english)
# the commonest English words; in English news they are a fifth to a half of all words (PolNeAR, 924
# articles: 22 % to 60 %, median 45 %), in French or German text under a twentieth
_ENGLISH_WORDS = frozenset(
    """the of and to a in that is was he for it with as his on be at by i this had not are but from or have an
    they which one you were her all she there would their we him been has when who will more no if out so said
    what up its about into than them can only other new some could time these two may then do first any my now
    such like our over me even most made after also did many before must through back years where much your way
    well down should because each just those people how too state very make still own see work get here between
    both being under never day same another know while last might us year since against""".split()
)
MIN_ENGLISH_SHARE = 0.10
MIN_WORDS_TO_JUDGE = 20  # shorter texts are taken as English: too few words to tell
_WORD = re.compile(r"[^\W\d_]+")  # a run of letters
# the most characters of one article the parser reads (spaCy's max_length: its parser and NER
# need memory in proportion to a text's length)
MAX_ARTICLE_CHARS = 1_000_000


@dataclass(frozen=True, slots=True, kw_only=True)
class _Extracted:
    """Main text and the metadata found alongside it."""

    text: str
    title: str | None = None
    author: str | None = None
    published: str | None = None
    site: str | None = None
    canonical_url: str | None = None


def check_length(text: str) -> None:
    """Raise ExtractionError when ``text`` is longer than one article may be (MAX_ARTICLE_CHARS)."""
    if len(text) > MAX_ARTICLE_CHARS:
        raise ExtractionError(
            f"the article is {len(text):,} characters long; onrecord reads at most {MAX_ARTICLE_CHARS:,} "
            "characters of one article: split it into parts"
        )


def english_share(text: str) -> tuple[float, int]:
    """The share of a text's words that are among the commonest English words, and its word count."""
    words = _WORD.findall(text.lower())
    return sum(w in _ENGLISH_WORDS for w in words) / max(len(words), 1), len(words)


def check_english(text: str) -> None:
    """Raise NotEnglish when ``text`` has enough words to tell and too few common English ones."""
    share, words = english_share(text)
    if words >= MIN_WORDS_TO_JUDGE and share < MIN_ENGLISH_SHARE:
        raise NotEnglish(
            f"the text does not read as English ({share:.0%} of its {words:,} words are common English words, "
            f"against a fifth or more in English news); onrecord reads English only"
        )


def extract_article(doc: RawDocument, *, clean: bool = True) -> Article:
    """Turn a raw document into an article with clean main text and metadata.

    Only English is read: a text that does not read as English is refused.

    Args:
        doc: The document as read from its source.
        clean: Remove scrape junk (share bars, comment forms, glued teasers).
            With ``clean=False`` a plain-text article's text is exactly
            ``doc.body``, so offsets point into the file as read.

    Returns:
        The article; its ``id`` and ``content_hash`` depend on the text alone.

    Raises:
        ExtractionError: The HTML holds no article text, nothing is left after
            removing boilerplate, the media type is not text or HTML, the
            text is longer than MAX_ARTICLE_CHARS, or (NotEnglish) it does not
            read as English.
    """
    if doc.media_type == "text/html":
        found = _from_html(doc, clean=clean)
    elif doc.media_type == "text/plain":
        found = _from_plain(doc, clean=clean)
    else:
        raise ExtractionError(f"cannot extract an article from {doc.media_type!r}: expected text/plain or text/html")
    check_length(found.text)
    check_english(found.text)
    return Article(
        id=digest(found.text),
        name=doc.name,
        origin=doc.origin,
        text=found.text,
        content_hash=hashlib.sha256(found.text.encode("utf-8")).hexdigest(),
        title=found.title or doc.title,
        url=doc.url,
        canonical_url=found.canonical_url,
        site=found.site,
        author=found.author or doc.author,
        published=found.published or doc.published,
        language=LANGUAGE,
        cleaned=clean,
    )


def _from_plain(doc: RawDocument, *, clean: bool) -> _Extracted:
    """Plain text as read, or cleaned; the headline always comes from the cleaned text."""
    cleaned = clean_text(doc.body)
    text = cleaned if clean else doc.body
    if not text.strip():
        raise ExtractionError("nothing left after removing boilerplate" if clean else "the document holds no text")
    return _Extracted(text=text, title=doc.title or headline(cleaned), site=doc.site)


def _from_html(doc: RawDocument, *, clean: bool) -> _Extracted:
    """Main text and metadata of an HTML page, by trafilatura."""
    import trafilatura  # imported here: plain-text runs never pay for it
    from lxml.etree import LxmlError

    try:
        result = trafilatura.bare_extraction(
            doc.body,
            url=doc.url,
            include_comments=False,
            with_metadata=True,
            favor_precision=True,
        )
    except (ValueError, TypeError, LookupError, RecursionError, LxmlError) as exc:
        raise ExtractionError(f"the HTML could not be parsed: {exc}") from exc
    raw = getattr(result, "text", None) or ""
    # trafilatura ends each block with one newline; blank lines make them
    # paragraphs like those of a plain-text article.
    text = "\n\n".join(line.strip() for line in raw.splitlines() if line.strip())
    if not text:
        raise ExtractionError("no article text found in the HTML")
    if clean:
        text = clean_text(text, title_line=False)
        if not text:
            raise ExtractionError("nothing left after removing boilerplate")
    canonical = getattr(result, "url", None) or None
    return _Extracted(
        text=text,
        title=getattr(result, "title", None) or None,
        author=getattr(result, "author", None) or None,
        published=getattr(result, "date", None) or None,
        site=getattr(result, "sitename", None) or doc.site or _hostname(canonical or doc.url),
        canonical_url=canonical,
    )


def _hostname(url: str | None) -> str | None:
    """The host of a URL without a leading "www.", or None."""
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None
