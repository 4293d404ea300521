"""Fetching pages over http(s) with the standard library: honest, bounded, never hanging."""

from __future__ import annotations

import http.client
import re
import socket
import ssl
from dataclasses import dataclass
from http import HTTPStatus
from urllib.parse import unquote, urljoin, urlsplit

from ..errors import (
    FetchError,
    FetchTimeout,
    HTTPStatusError,
    TooManyRedirects,
    UnsupportedContent,
)
from ..models import RawDocument
from ..settings import Settings
from .files import MediaType, decode_text, sniff_media_type, too_large

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
TEXT_TYPES = frozenset({"text/plain"})
FEED_TYPES = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml"}
)
ACCEPTED_TYPES = HTML_TYPES | TEXT_TYPES | FEED_TYPES
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
READ_CHUNK_BYTES = 64 * 1024
META_SNIFF_BYTES = 2 * 1024  # where an HTML page must declare its charset
ACCEPT = (
    "text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, "
    "application/xml;q=0.9, text/xml;q=0.9, text/plain;q=0.8"
)
_CHARSET_PARAM = re.compile(r"""charset\s*=\s*["']?([^"';\s]+)""", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)


@dataclass(frozen=True, slots=True, kw_only=True)
class Fetched:
    """One successful http(s) response, after redirects."""

    url: str  # the final URL, after redirects
    status: int
    content_type: str  # lowercased media type without parameters; "" when the server sent none
    charset: str | None  # from the Content-Type header, when given
    body: bytes


def fetch(url: str, *, settings: Settings) -> Fetched:
    """Fetch one http(s) URL, following redirects, within the settings' limits.

    Args:
        url: an ``http://`` or ``https://`` URL.
        settings: user agent, timeout, redirect and byte limits.

    Returns:
        The final response with its whole body.

    Raises:
        FetchError: or a subclass (FetchTimeout, HTTPStatusError, TooManyRedirects,
            UnsupportedContent); TooLarge when the body is over ``fetch_max_bytes``.
    """
    current = url
    for _ in range(settings.fetch_max_redirects + 1):
        result = _fetch_once(current, settings=settings)
        if isinstance(result, Fetched):
            return result
        current = result
    raise TooManyRedirects(f"more than {settings.fetch_max_redirects} redirects (the last to {current})")


def _fetch_once(url: str, *, settings: Settings) -> Fetched | str:
    """One request: the response, or the URL it redirects to."""
    conn = _connection(url, timeout=settings.fetch_timeout_s)
    try:
        conn.request("GET", _target(url), headers={"User-Agent": settings.user_agent, "Accept": ACCEPT})
        response = conn.getresponse()
        return _handle(url, response, settings=settings)
    except TimeoutError as exc:
        raise FetchTimeout(f"timed out after {settings.fetch_timeout_s:.1f} s") from exc
    except socket.gaierror as exc:
        raise FetchError(f"cannot resolve host {urlsplit(url).hostname}: {exc.strerror}") from exc
    except ConnectionRefusedError as exc:
        raise FetchError(f"connection refused by {urlsplit(url).netloc}") from exc
    except ssl.SSLError as exc:
        raise FetchError(f"TLS failed: {exc.reason or exc}") from exc
    except http.client.HTTPException as exc:  # before OSError: RemoteDisconnected is both
        raise FetchError(f"bad HTTP response: {type(exc).__name__} {exc}".rstrip()) from exc
    except OSError as exc:
        raise FetchError(f"cannot connect to {urlsplit(url).netloc}: {exc.strerror or exc}") from exc
    finally:
        conn.close()


def _connection(url: str, *, timeout: float) -> http.client.HTTPConnection:
    """An unopened connection for an http(s) URL; FetchError for anything else."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(f"not an http(s) URL: {url}")
    try:
        port = parts.port
    except ValueError as exc:
        raise FetchError(f"bad port in URL: {url}") from exc
    if parts.scheme == "https":
        context = ssl.create_default_context()
        return http.client.HTTPSConnection(parts.hostname, port, timeout=timeout, context=context)
    return http.client.HTTPConnection(parts.hostname, port, timeout=timeout)


def _target(url: str) -> str:
    """The request target of a URL: path and query, never the fragment."""
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def _handle(url: str, response: http.client.HTTPResponse, *, settings: Settings) -> Fetched | str:
    """Check one response; return it read, or the URL it redirects to."""
    status = response.status
    if status in REDIRECT_STATUSES:
        location = response.getheader("Location")
        if not location:
            raise FetchError(f"HTTP {status} redirect without a Location header")
        return urljoin(url, location.strip())
    if status >= 400:
        raise HTTPStatusError(f"HTTP {status} {_phrase(status, response.reason)}".rstrip())
    if status >= 300 or status < 200:
        raise FetchError(f"HTTP {status} {_phrase(status, response.reason)} is not a page".rstrip())
    content_type, charset = parse_content_type(response.getheader("Content-Type"))
    if content_type and content_type not in ACCEPTED_TYPES:
        raise UnsupportedContent(f"content type {content_type} is not an article")
    body = _read_body(response, cap=settings.fetch_max_bytes)
    return Fetched(url=url, status=status, content_type=content_type, charset=charset, body=body)


def _phrase(status: int, reason: str) -> str:
    """The standard reason phrase of a status, else what the server said."""
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return reason


def parse_content_type(header: str | None) -> tuple[str, str | None]:
    """Media type (lowercased, "" when missing) and charset of a Content-Type header."""
    if not header:
        return "", None
    media_type, _, params = header.partition(";")
    match = _CHARSET_PARAM.search(params)
    return media_type.strip().lower(), match.group(1) if match else None


def _read_body(response: http.client.HTTPResponse, *, cap: int) -> bytes:
    """The body, read in chunks so an oversize one stops at the cap."""
    length = response.getheader("Content-Length")
    if length and length.strip().isdigit() and int(length) > cap:
        raise too_large("response", cap, int(length))
    chunks: list[bytes] = []
    total = 0
    while chunk := response.read(READ_CHUNK_BYTES):
        total += len(chunk)
        if total > cap:
            raise too_large("response", cap)
        chunks.append(chunk)
    return b"".join(chunks)


def document_from_fetched(fetched: Fetched, *, origin: str) -> RawDocument:
    """A fetched page as a document; a feed or unknown content type is refused."""
    if fetched.content_type in FEED_TYPES:
        raise UnsupportedContent(f"content type {fetched.content_type} is a feed, not an article")
    charset = fetched.charset or _declared_charset(fetched) or "utf-8"
    text = decode_text(fetched.body, what="response", charset=charset)
    media_type: MediaType
    if fetched.content_type in HTML_TYPES:
        media_type = "text/html"
    elif fetched.content_type in TEXT_TYPES:
        media_type = "text/plain"
    else:
        media_type = sniff_media_type(text)
    return RawDocument(origin=origin, name=url_name(origin), body=text, media_type=media_type, url=fetched.url)


def _declared_charset(fetched: Fetched) -> str | None:
    """The charset an HTML page declares in a meta tag, when the header gave none."""
    if fetched.content_type not in HTML_TYPES and fetched.content_type:
        return None
    match = _META_CHARSET.search(fetched.body, 0, META_SNIFF_BYTES)
    return match.group(1).decode("ascii") if match else None


def url_name(url: str) -> str:
    """A short name for a URL: its last path segment without extension, else its host."""
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    if not segments:
        return parts.hostname or url
    last = unquote(segments[-1])
    stem, dot, _ = last.rpartition(".")
    return stem if dot and stem else last


def is_url(source: str) -> bool:
    """Whether a source string is an http(s) URL."""
    return source.lower().startswith(("http://", "https://"))
