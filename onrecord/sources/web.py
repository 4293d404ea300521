"""Fetching pages over http(s) with the standard library: honest, bounded, never hanging."""

from __future__ import annotations

import http.client
import ipaddress
import re
import socket
import ssl
import time
from dataclasses import dataclass
from http import HTTPStatus
from urllib.parse import unquote, urljoin, urlsplit

from ..errors import (
    BlockedAddress,
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
DEFAULT_PORTS = {"http": 80, "https": 443}
# NAT64 (RFC 6052): the gateway forwards to the IPv4 address in the low 32 bits.
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


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

    Every hop is checked the same way: with ``fetch_allow_private`` False, a host
    (or a redirect's host) that resolves to a non-public address is refused before
    any connection is made. The whole fetch, redirects included, ends within
    ``fetch_deadline_s``.

    Args:
        url: an ``http://`` or ``https://`` URL.
        settings: user agent, timeout, deadline, redirect, byte and address limits.

    Returns:
        The final response with its whole body.

    Raises:
        FetchError: or a subclass (FetchTimeout, HTTPStatusError, TooManyRedirects,
            BlockedAddress, UnsupportedContent); TooLarge when the body is over
            ``fetch_max_bytes``.
    """
    deadline = time.monotonic() + settings.fetch_deadline_s
    current = url
    for _ in range(settings.fetch_max_redirects + 1):
        result = _fetch_once(current, settings=settings, deadline=deadline)
        if isinstance(result, Fetched):
            return result
        current = result
    raise TooManyRedirects(f"more than {settings.fetch_max_redirects} redirects (the last to {current})")


def _fetch_once(url: str, *, settings: Settings, deadline: float) -> Fetched | str:
    """One request: the response, or the URL it redirects to."""
    timeout = min(settings.fetch_timeout_s, _time_left(deadline, settings=settings))
    conn = _connection(url, timeout=timeout, allow_private=settings.fetch_allow_private)
    try:
        conn.request("GET", _target(url), headers={"User-Agent": settings.user_agent, "Accept": ACCEPT})
        response = conn.getresponse()
        return _handle(url, response, settings=settings, deadline=deadline)
    except TimeoutError as exc:
        if timeout < settings.fetch_timeout_s:  # cut short by the deadline
            raise FetchTimeout(_deadline_message(settings)) from exc
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


def _time_left(deadline: float, *, settings: Settings) -> float:
    """Seconds until the fetch's deadline; FetchTimeout once it has passed."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise FetchTimeout(_deadline_message(settings))
    return left


def _deadline_message(settings: Settings) -> str:
    """Why a fetch stopped at its deadline."""
    return f"timed out: the whole fetch, redirects included, took over {settings.fetch_deadline_s:.1f} s"


def _connection(url: str, *, timeout: float, allow_private: bool) -> http.client.HTTPConnection:
    """An unopened connection for an http(s) URL; FetchError for anything else.

    With ``allow_private`` False the host is resolved here, once, and the
    connection goes to the vetted addresses, never re-resolving the name (so a
    DNS answer cannot change between the check and the connect).
    """
    try:
        parts = urlsplit(url)
    except ValueError as exc:  # "http://[bad/x": an unclosed IPv6 bracket
        raise FetchError(f"not a valid URL: {url}: {exc}") from exc
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(f"not an http(s) URL: {url}")
    try:
        port = parts.port
    except ValueError as exc:
        raise FetchError(f"bad port in URL: {url}") from exc
    host = parts.hostname
    context = ssl.create_default_context() if parts.scheme == "https" else None
    if allow_private:
        if context is not None:
            return http.client.HTTPSConnection(host, port, timeout=timeout, context=context)
        return http.client.HTTPConnection(host, port, timeout=timeout)
    addresses = _public_addresses(url, host, port or DEFAULT_PORTS[parts.scheme])
    if context is not None:
        return _PinnedHTTPSConnection(host, port, addresses=addresses, timeout=timeout, context=context)
    return _PinnedHTTPConnection(host, port, addresses=addresses, timeout=timeout)


def _public_addresses(url: str, host: str, port: int) -> tuple[str, ...]:
    """The addresses ``host`` resolves to, when every one is public.

    Raises:
        BlockedAddress: any address is loopback, private, link-local or otherwise
            not public (a literal IP host is checked the same way).
        FetchError: the host does not resolve.
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise FetchError(f"cannot resolve host {host}: {exc.strerror}") from exc
    addresses = tuple(dict.fromkeys(str(info[4][0]) for info in infos))
    for address in addresses:
        if reason := address_refused(address):
            where = f"{host} is {reason}" if address == host else f"{host} resolves to {address} ({reason})"
            raise BlockedAddress(f"refused to fetch {url}: {where}; private addresses are not allowed")
    if not addresses:
        raise FetchError(f"cannot resolve host {host}: no addresses")
    return addresses


def address_refused(ip: str) -> str | None:
    """Why a server-side fetch must not connect to an IP address, or None when it is public.

    An IPv4 address inside IPv6 counts: an IPv4-mapped or NAT64 address is judged
    by the IPv4 address it reaches, a 6to4 or Teredo one by both. Anything
    Python's ``ipaddress`` does not call global is refused (CGNAT 100.64/10
    included), and multicast is refused too.

    Args:
        ip: an IPv4 or IPv6 address, as ``socket.getaddrinfo`` gives it.

    Returns:
        "loopback", "unspecified", "link-local", "multicast", "private",
        "reserved" or "not public"; None for a globally routable address.

    Raises:
        ValueError: ``ip`` is not an IP address.
    """
    address = ipaddress.ip_address(ip)
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:  # the connection goes to the IPv4 address itself
            return _refused(address.ipv4_mapped)
        if address in _NAT64:  # so does a NAT64 gateway's (Python calls the prefix reserved)
            return _refused(ipaddress.IPv4Address(int(address) & 0xFFFF_FFFF))
        tunnelled = address.sixtofour or (address.teredo[1] if address.teredo else None)
        if tunnelled is not None and (reason := _refused(tunnelled)):
            return reason
    return _refused(address)


def _refused(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """The first non-public property of one address, or None."""
    for reason, flag in (
        ("loopback", address.is_loopback),
        ("unspecified", address.is_unspecified),
        ("link-local", address.is_link_local),
        ("multicast", address.is_multicast),  # is_global is True for some multicast ranges
        ("private", address.is_private),
        ("reserved", address.is_reserved),
        ("not public", not address.is_global),
    ):
        if flag:
            return reason
    return None


def _open_socket(addresses: tuple[str, ...], port: int, timeout: float | None) -> socket.socket:
    """A TCP connection to the first vetted address that answers (numeric: no DNS lookup)."""
    error: OSError | None = None
    for address in addresses:
        try:
            sock = socket.create_connection((address, port), timeout)
        except OSError as exc:
            error = exc
            continue
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # as http.client does
        return sock
    assert error is not None  # _public_addresses never returns an empty tuple
    raise error


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """An HTTP connection to vetted addresses; the Host header keeps the URL's host name."""

    def __init__(self, host: str, port: int | None, *, addresses: tuple[str, ...], timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self.addresses = addresses

    def connect(self) -> None:
        """Connect to a vetted address instead of resolving the host again."""
        self.sock = _open_socket(self.addresses, self.port, self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """An HTTPS connection to vetted addresses; SNI and the certificate check use the host name."""

    def __init__(
        self, host: str, port: int | None, *, addresses: tuple[str, ...], timeout: float, context: ssl.SSLContext
    ) -> None:
        super().__init__(host, port, timeout=timeout, context=context)
        self.addresses = addresses
        self.tls_context = context

    def connect(self) -> None:
        """Connect to a vetted address, then start TLS for the URL's host name."""
        sock = _open_socket(self.addresses, self.port, self.timeout)
        try:
            self.sock = self.tls_context.wrap_socket(sock, server_hostname=self.host)
        except BaseException:
            sock.close()
            raise


def _target(url: str) -> str:
    """The request target of a URL: path and query, never the fragment."""
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def _handle(url: str, response: http.client.HTTPResponse, *, settings: Settings, deadline: float) -> Fetched | str:
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
    body = _read_body(response, cap=settings.fetch_max_bytes, deadline=deadline, settings=settings)
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


def _read_body(response: http.client.HTTPResponse, *, cap: int, deadline: float, settings: Settings) -> bytes:
    """The body, read in chunks so an oversize (or overlong) one stops at the cap (or the deadline)."""
    length = response.getheader("Content-Length")
    if length and length.strip().isdigit() and int(length) > cap:
        raise too_large("response", cap, int(length))
    chunks: list[bytes] = []
    total = 0
    while chunk := response.read(READ_CHUNK_BYTES):
        _time_left(deadline, settings=settings)
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
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    segments = [s for s in parts.path.split("/") if s]
    if not segments:
        return parts.hostname or url
    last = unquote(segments[-1])
    stem, dot, _ = last.rpartition(".")
    return stem if dot and stem else last


def is_url(source: str) -> bool:
    """Whether a source string is an http(s) URL."""
    return source.lower().startswith(("http://", "https://"))
