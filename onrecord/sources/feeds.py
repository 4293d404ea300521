"""RSS 2.0, RSS 1.0 (RDF) and Atom feeds: their items, and each item's page as a document."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from ..errors import FeedError, SourceError
from ..models import Problem, RawDocument
from ..settings import Settings
from .files import problem_for
from .web import FEED_TYPES, Fetched, document_from_fetched, fetch

FEED_SNIFF_BYTES = 2 * 1024  # the root element must start within this
_FEED_ROOT = re.compile(
    rb"\A(?:\xef\xbb\xbf)?\s*(?:<\?[^>]*\?>\s*|<!--.*?-->\s*|<!DOCTYPE[^>]*>\s*)*<(?:[\w.-]+:)?(?:rss|feed|RDF)[\s/>]",
    re.DOTALL,
)


@dataclass(frozen=True, slots=True, kw_only=True)
class FeedItem:
    """One item of a feed: the page it links to and what the feed says about it."""

    link: str
    title: str | None = None
    published: str | None = None  # ISO 8601
    author: str | None = None


def looks_like_feed(body: bytes) -> bool:
    """Whether a body's root element is ``rss``, ``feed`` or ``rdf:RDF``."""
    return bool(_FEED_ROOT.match(body[:FEED_SNIFF_BYTES]))


def is_feed(fetched: Fetched) -> bool:
    """Whether a response is a feed, by content type or by its root element."""
    return fetched.content_type in FEED_TYPES or looks_like_feed(fetched.body)


def parse_feed(body: bytes, *, base_url: str | None) -> list[FeedItem]:
    """The items of an RSS 2.0, RSS 1.0 or Atom feed, in feed order.

    Args:
        body: the feed document as bytes (the XML declaration names its encoding).
        base_url: the feed's URL, against which relative item links are resolved.

    Returns:
        One FeedItem per item that has a link; items without a link are left out.

    Raises:
        FeedError: the body does not parse as XML, or is not an RSS or Atom feed.
    """
    try:
        root = fromstring(body)
    except ParseError as exc:
        raise FeedError(f"feed does not parse: {exc}") from exc
    except DefusedXmlException as exc:
        # Entity and DTD tricks are how XML bombs work; no real feed needs them.
        raise FeedError(f"feed does not parse: {type(exc).__name__} (refused for safety)") from exc
    kind = _local(root.tag)
    if kind == "rss":
        channel = _child(root, "channel")
        entries = _children(channel, "item") if channel is not None else []
        items = [_rss_item(e, base_url) for e in entries]
    elif kind == "RDF":
        items = [_rss_item(e, base_url) for e in _children(root, "item")]
    elif kind == "feed":
        items = [_atom_entry(e, base_url) for e in _children(root, "entry")]
    else:
        raise FeedError(f"feed does not parse: the root element is <{kind}>, not rss, feed or rdf:RDF")
    return [item for item in items if item is not None]


def _local(tag: str) -> str:
    """An element's tag without its namespace."""
    return tag.rpartition("}")[2]


def _children(parent: Element, name: str) -> list[Element]:
    """Children with a local name, whatever their namespace."""
    return [child for child in parent if _local(child.tag) == name]


def _child(parent: Element, *names: str) -> Element | None:
    """The first child having the first of ``names`` that occurs."""
    for name in names:
        found = _children(parent, name)
        if found:
            return found[0]
    return None


def _text(parent: Element, *names: str) -> str | None:
    """The stripped text of the first child named in ``names``; None when empty."""
    for name in names:
        for child in _children(parent, name):
            text = "".join(child.itertext()).strip()
            if text:
                return text
    return None


def _rss_item(item: Element, base_url: str | None) -> FeedItem | None:
    """An RSS 2.0 or 1.0 item, or None when it has no link."""
    link = _text(item, "link") or _permalink(item)
    if link is None:
        return None
    return FeedItem(
        link=_resolve(link, base_url),
        title=_text(item, "title"),
        published=_iso_date(_text(item, "pubDate", "date", "published", "updated")),
        author=_text(item, "author", "creator"),
    )


def _permalink(item: Element) -> str | None:
    """An RSS 2.0 guid that is a permalink, for items that omit <link>."""
    guid = _child(item, "guid")
    if guid is None or guid.get("isPermaLink", "true").lower() == "false":
        return None
    text = (guid.text or "").strip()
    return text if text.startswith(("http://", "https://")) else None


def _atom_entry(entry: Element, base_url: str | None) -> FeedItem | None:
    """An Atom entry, or None when it has no alternate link."""
    href = next(
        (link.get("href") for link in _children(entry, "link") if link.get("rel", "alternate") == "alternate"),
        None,
    )
    if not href:
        return None
    author = _child(entry, "author")
    return FeedItem(
        link=_resolve(href.strip(), base_url),
        title=_text(entry, "title"),
        published=_iso_date(_text(entry, "published", "updated")),
        author=_text(author, "name") if author is not None else None,
    )


def _resolve(link: str, base_url: str | None) -> str:
    """An item link made absolute against the feed's URL, when known."""
    return urljoin(base_url, link) if base_url else link


def _iso_date(value: str | None) -> str | None:
    """An ISO 8601 date as given, or an RFC 822 date converted; None if neither."""
    if value is None:
        return None
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
        return value
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(value).isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def feed_documents(
    items: Iterable[FeedItem], *, settings: Settings
) -> Iterator[RawDocument | Problem]:
    """Fetch each item's page (up to ``settings.feed_max_items``) as a document.

    Args:
        items: the feed's items, in feed order.
        settings: fetch limits and the item cap.

    Returns:
        An iterator of one document or one Problem per item; a failed item
        does not stop the others.
    """
    for index, item in enumerate(items):
        if index >= settings.feed_max_items:
            return
        try:
            yield _item_document(item, settings=settings)
        except SourceError as exc:
            yield problem_for(item.link, exc)


def _item_document(item: FeedItem, *, settings: Settings) -> RawDocument:
    """One item's page, with the feed's title, date and author where the page has none."""
    document = document_from_fetched(fetch(item.link, settings=settings), origin=item.link)
    return dataclasses.replace(
        document,
        title=document.title or item.title,
        published=document.published or item.published,
        author=document.author or item.author,
    )
