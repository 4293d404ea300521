"""Server-side fetch guard: non-public addresses refused after DNS and on every redirect; one deadline per fetch.

Network rule for this file: every test sends traffic only to 127.0.0.0/8 (or
::1). Hosts that must look public are resolved by a patched ``getaddrinfo`` to
loopback addresses, and the refusal policy is loosened only for 127.0.0.1, so a
broken guard could at worst reach a loopback address, never a LAN or the
internet. The patched resolver answers numeric hosts only (no DNS query leaves).
"""

from __future__ import annotations

import shutil
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING

import pytest

from onrecord.errors import BlockedAddress, FetchError, FetchTimeout
from onrecord.settings import DEFAULT_SETTINGS
from onrecord.sources import web
from onrecord.sources.web import address_refused, fetch

if TYPE_CHECKING:
    from conftest import LocalHTTPServer

OPEN = DEFAULT_SETTINGS.with_(fetch_timeout_s=2.0)  # the CLI's policy: private addresses allowed
GUARDED = OPEN.with_(fetch_allow_private=False)  # `onrecord serve`'s policy
HTML = "<p>Hello, said Ann.</p>"


# -- the policy ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("ip", "reason"),
    [
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("::ffff:127.0.0.1", "loopback"),  # IPv4-mapped
        ("2002:7f00:1::1", "loopback"),  # 6to4 around 127.0.0.1
        ("64:ff9b::a01:203", "private"),  # NAT64 around 10.1.2.3
        ("10.1.2.3", "private"),
        ("172.16.0.1", "private"),
        ("192.168.1.1", "private"),
        ("::ffff:192.168.1.1", "private"),
        ("169.254.169.254", "link-local"),  # cloud metadata endpoints
        ("fe80::1", "link-local"),
        ("fc00::1", "private"),
        ("100.64.0.1", "not public"),  # carrier-grade NAT
        ("0.0.0.0", "unspecified"),
        ("::", "unspecified"),
        ("224.0.0.1", "multicast"),
        ("ff02::1", "multicast"),
        ("240.0.0.1", "private"),  # Python counts 240/4 among its private networks
    ],
)
def test_address_refused(ip: str, reason: str) -> None:
    assert address_refused(ip) == reason


@pytest.mark.parametrize("ip", ["93.184.215.14", "2606:4700::1111", "::ffff:93.184.215.14", "64:ff9b::808:808"])
def test_public_addresses_pass(ip: str) -> None:
    assert address_refused(ip) is None


def test_address_refused_wants_an_ip() -> None:
    with pytest.raises(ValueError, match="does not appear to be an IPv4 or IPv6 address"):
        address_refused("localhost")


# -- helpers ---------------------------------------------------------------------


def only_local_allowed(ip: str) -> str | None:
    """A policy that allows exactly 127.0.0.1 and refuses everything else the real policy refuses."""
    return None if ip == "127.0.0.1" else address_refused(ip)


def port_of(server: LocalHTTPServer) -> int:
    """The port a local server listens on."""
    return int(server.base_url.rsplit(":", 1)[1])


@dataclass
class FakeDNS:
    """A getaddrinfo that answers invented names in-process and anything else only if numeric."""

    real: Callable[..., list]
    names: dict[str, list[str]] = field(default_factory=dict)  # the first answer for a name
    later: dict[str, list[str]] = field(default_factory=dict)  # answers after the first (DNS rebinding)
    lookups: list[str] = field(default_factory=list)

    def __call__(  # getaddrinfo's signature
        self, host: object, port: object, family: int = 0, type: int = 0, proto: int = 0, flags: int = 0  # noqa: A002
    ) -> list:
        name = host.decode() if isinstance(host, bytes) else str(host)
        if name not in self.names:  # numeric only: a test never sends a DNS query
            return self.real(host, port, family, type, proto, flags | socket.AI_NUMERICHOST)
        answers = self.later.get(name, self.names[name]) if name in self.lookups else self.names[name]
        self.lookups.append(name)
        return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (ip, port)) for ip in answers]


@pytest.fixture
def dns(monkeypatch: pytest.MonkeyPatch) -> FakeDNS:
    """Invented host names resolved in-process (the module uses ``socket.getaddrinfo``)."""
    fake = FakeDNS(real=socket.getaddrinfo)
    monkeypatch.setattr(web.socket, "getaddrinfo", fake)
    return fake


@dataclass
class TinyServer:
    """A minimal HTTP(S) server on one loopback address that records what it receives."""

    url: str
    requests: list[dict[str, str]]
    sni: list[str | None]


@contextmanager
def serving(host: str, *, tls: ssl.SSLContext | None = None) -> Iterator[TinyServer]:
    """A TinyServer on ``host`` answering every GET with a short page; skipped where ``host`` cannot be bound."""
    requests: list[dict[str, str]] = []
    sni: list[str | None] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the name http.server dispatches to
            requests.append({"path": self.path, **dict(self.headers.items())})
            body = HTML.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - base signature
            pass

    class Server(ThreadingHTTPServer):
        daemon_threads = True

        def handle_error(self, request: object, client_address: object) -> None:
            pass  # a refused TLS handshake is expected in some tests

    try:
        server = Server((host, 0), Handler)
    except OSError as exc:  # e.g. macOS routes only 127.0.0.1 by default
        pytest.skip(f"cannot bind {host}: {exc}")
    if tls is not None:
        tls.sni_callback = lambda _sock, name, _ctx: sni.append(name)
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        scheme = "https" if tls is not None else "http"
        yield TinyServer(url=f"{scheme}://{host}:{port}", requests=requests, sni=sni)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# -- loopback and literal hosts ---------------------------------------------------


@pytest.mark.network
def test_loopback_refused_before_any_request(http_server: LocalHTTPServer) -> None:
    http_server.route("/", body=HTML)
    url = http_server.url("/")
    with pytest.raises(BlockedAddress) as caught:
        fetch(url, settings=GUARDED)
    assert str(caught.value) == f"refused to fetch {url}: 127.0.0.1 is loopback; private addresses are not allowed"
    assert http_server.requests == []


@pytest.mark.network
def test_loopback_fetched_when_private_allowed(http_server: LocalHTTPServer) -> None:
    assert DEFAULT_SETTINGS.fetch_allow_private is True  # the CLI fetches what its user asks
    http_server.route("/", body=HTML)
    assert fetch(http_server.url("/"), settings=OPEN).body == HTML.encode()
    assert len(http_server.requests) == 1


@pytest.mark.network
@pytest.mark.parametrize(
    ("host", "shown"),
    [
        ("127.1", "127.1 resolves to 127.0.0.1 (loopback)"),
        ("2130706433", "2130706433 resolves to 127.0.0.1 (loopback)"),
        ("0x7f.0.0.1", "0x7f.0.0.1 resolves to 127.0.0.1 (loopback)"),
        ("0.0.0.0", "0.0.0.0 is unspecified"),  # Linux connects 0.0.0.0 to the local host
        ("[::ffff:127.0.0.1]", "::ffff:127.0.0.1 is loopback"),
        ("[::1]", "::1 is loopback"),
    ],
)
def test_disguised_loopback_hosts_refused(http_server: LocalHTTPServer, host: str, shown: str) -> None:
    bare = host.strip("[]")
    try:
        socket.getaddrinfo(bare, 80, type=socket.SOCK_STREAM, flags=socket.AI_NUMERICHOST)
    except socket.gaierror:
        pytest.skip(f"this platform does not read {bare} as a numeric address")
    http_server.route("/", body=HTML)
    url = f"http://{host}:{port_of(http_server)}/"
    with pytest.raises(BlockedAddress) as caught:
        fetch(url, settings=GUARDED)
    assert str(caught.value) == f"refused to fetch {url}: {shown}; private addresses are not allowed"
    assert http_server.requests == []


# -- names: checked after resolution, connected by the vetted address ------------


@pytest.mark.network
def test_localhost_refused_after_resolution(http_server: LocalHTTPServer) -> None:
    http_server.route("/", body=HTML)
    port = port_of(http_server)
    first = socket.getaddrinfo("localhost", port, type=socket.SOCK_STREAM)[0][4][0]
    url = f"http://localhost:{port}/"
    with pytest.raises(BlockedAddress) as caught:
        fetch(url, settings=GUARDED)
    assert str(caught.value) == (
        f"refused to fetch {url}: localhost resolves to {first} (loopback); private addresses are not allowed"
    )
    assert http_server.requests == []


@pytest.mark.network
def test_name_resolving_to_loopback_refused(http_server: LocalHTTPServer, dns: FakeDNS) -> None:
    http_server.route("/", body=HTML)
    port = port_of(http_server)
    dns.names["news.example"] = ["127.0.0.2"]
    with pytest.raises(BlockedAddress, match=r"news\.example resolves to 127\.0\.0\.2 \(loopback\)"):
        fetch(f"http://news.example:{port}/", settings=GUARDED)
    assert dns.lookups == ["news.example"]
    assert http_server.requests == []


@pytest.mark.network
def test_any_refused_address_refuses_the_name(
    http_server: LocalHTTPServer, dns: FakeDNS, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(web, "address_refused", only_local_allowed)
    http_server.route("/", body=HTML)
    port = port_of(http_server)
    dns.names["news.example"] = ["127.0.0.1", "127.0.0.2"]  # the first passes, the second does not
    with pytest.raises(BlockedAddress, match=r"news\.example resolves to 127\.0\.0\.2 \(loopback\)"):
        fetch(f"http://news.example:{port}/", settings=GUARDED)
    assert http_server.requests == []


@pytest.mark.network
def test_vetted_address_used_and_host_header_kept(
    http_server: LocalHTTPServer, dns: FakeDNS, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(web, "address_refused", only_local_allowed)
    http_server.route("/story", body=HTML)
    port = port_of(http_server)
    # A rebinding name: 127.0.0.1 (allowed) first, then 127.0.0.2 (refused, and
    # nothing listens there). A second lookup at connect time would fail.
    dns.names["news.example"] = ["127.0.0.1"]
    dns.later["news.example"] = ["127.0.0.2"]
    url = f"http://news.example:{port}/story"
    fetched = fetch(url, settings=GUARDED)
    assert (fetched.url, fetched.body) == (url, HTML.encode())
    assert dns.lookups == ["news.example"]  # resolved once, at the check
    [request] = http_server.requests
    assert request.headers["Host"] == f"news.example:{port}"


@pytest.mark.network
def test_unresolvable_name_is_a_fetch_error(dns: FakeDNS) -> None:
    def nxdomain(*_args: object, **_kwargs: object) -> list:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    dns.real = nxdomain
    with pytest.raises(FetchError) as caught:
        fetch("http://nowhere.example/", settings=GUARDED)
    assert type(caught.value) is FetchError
    assert str(caught.value) == "cannot resolve host nowhere.example: Name or service not known"


# -- redirects: every hop is checked -----------------------------------------------


@pytest.mark.network
def test_redirect_to_refused_address_never_connects(
    http_server: LocalHTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(web, "address_refused", only_local_allowed)
    with serving("127.0.0.2") as internal:
        http_server.route("/", redirect=internal.url + "/admin")
        with pytest.raises(BlockedAddress) as caught:
            fetch(http_server.url("/"), settings=GUARDED)
        assert str(caught.value) == (
            f"refused to fetch {internal.url}/admin: 127.0.0.2 is loopback; private addresses are not allowed"
        )
        assert [r.path for r in http_server.requests] == ["/"]  # the allowed hop was fetched
        assert internal.requests == []
        # The same redirect is followed when private addresses are allowed: the
        # refusal above is the guard's doing, not an unreachable server.
        assert fetch(http_server.url("/"), settings=OPEN).url == internal.url + "/admin"
        assert len(internal.requests) == 1


# -- https: the vetted address, the host name for SNI and the certificate --------


def _openssl(*args: str | Path) -> None:
    """Run one openssl command quietly."""
    subprocess.run(["openssl", *map(str, args)], check=True, capture_output=True, timeout=30)


@pytest.fixture(scope="module")
def certificates(tmp_path_factory: pytest.TempPathFactory) -> SimpleNamespace:
    """A throwaway CA and a server certificate for news.example (needs the openssl command)."""
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is not installed")
    d = tmp_path_factory.mktemp("tls")
    (d / "ext.cnf").write_text(
        "[ca]\nbasicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n"
        "subjectKeyIdentifier=hash\n"
        "[leaf]\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n"
        "extendedKeyUsage=serverAuth\nsubjectAltName=DNS:news.example\n"
        "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n"
    )
    ec = ("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes")
    _openssl("req", "-new", *ec, "-keyout", d / "ca.key", "-out", d / "ca.csr", "-subj", "/CN=onrecord test CA")
    _openssl("x509", "-req", "-in", d / "ca.csr", "-signkey", d / "ca.key", "-out", d / "ca.pem", "-days", "2",
             "-extfile", d / "ext.cnf", "-extensions", "ca")  # fmt: skip
    _openssl("req", "-new", *ec, "-keyout", d / "leaf.key", "-out", d / "leaf.csr", "-subj", "/CN=news.example")
    _openssl("x509", "-req", "-in", d / "leaf.csr", "-CA", d / "ca.pem", "-CAkey", d / "ca.key", "-set_serial", "2",
             "-out", d / "leaf.pem", "-days", "2", "-extfile", d / "ext.cnf", "-extensions", "leaf")  # fmt: skip
    return SimpleNamespace(ca=d / "ca.pem", cert=d / "leaf.pem", key=d / "leaf.key")


@pytest.fixture
def tls_server(certificates: SimpleNamespace, monkeypatch: pytest.MonkeyPatch) -> Iterator[TinyServer]:
    """An HTTPS server on 127.0.0.1 for news.example, whose CA the fetcher trusts."""
    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_context.load_cert_chain(certificates.cert, certificates.key)
    real = ssl.create_default_context
    monkeypatch.setattr(web.ssl, "create_default_context", lambda *a, **k: real(cafile=str(certificates.ca)))
    monkeypatch.setattr(web, "address_refused", only_local_allowed)
    with serving("127.0.0.1", tls=server_context) as server:
        yield server


@pytest.mark.network
def test_https_to_vetted_address_checks_the_host_name(tls_server: TinyServer, dns: FakeDNS) -> None:
    port = tls_server.url.rsplit(":", 1)[1]
    dns.names["news.example"] = ["127.0.0.1"]
    url = f"https://news.example:{port}/story"
    assert fetch(url, settings=GUARDED).body == HTML.encode()
    assert tls_server.sni == ["news.example"]
    [request] = tls_server.requests
    assert request["Host"] == f"news.example:{port}"


@pytest.mark.network
def test_https_certificate_for_another_name_fails(tls_server: TinyServer, dns: FakeDNS) -> None:
    port = tls_server.url.rsplit(":", 1)[1]
    dns.names["other.example"] = ["127.0.0.1"]
    with pytest.raises(FetchError, match="^TLS failed: CERTIFICATE_VERIFY_FAILED"):
        fetch(f"https://other.example:{port}/", settings=GUARDED)
    assert tls_server.requests == []


# -- the deadline: one budget for the whole fetch, redirects included -------------


@pytest.mark.network
def test_slow_redirect_chain_stops_at_the_deadline(http_server: LocalHTTPServer) -> None:
    http_server.route("/d0", redirect="/d1", delay_s=0.2)
    http_server.route("/d1", redirect="/d2", delay_s=0.2)
    http_server.route("/d2", redirect="/d3", delay_s=1.5)  # within fetch_timeout_s, past the deadline
    http_server.route("/d3", body=HTML)
    settings = OPEN.with_(fetch_timeout_s=2.0, fetch_deadline_s=0.5)
    started = time.monotonic()
    with pytest.raises(FetchTimeout) as caught:
        fetch(http_server.url("/d0"), settings=settings)
    elapsed = time.monotonic() - started
    assert str(caught.value) == "timed out: the whole fetch, redirects included, took over 0.5 s"
    assert elapsed < 1.0  # the /d2 hop waited only for what was left of the deadline, not 1.5 s
    assert [r.path for r in http_server.requests] == ["/d0", "/d1", "/d2"]


@pytest.mark.network
def test_deadline_checked_between_hops(http_server: LocalHTTPServer, monkeypatch: pytest.MonkeyPatch) -> None:
    clock = iter(range(1000))  # every reading of the clock is one second later: fast hops, slow time
    monkeypatch.setattr(web, "time", SimpleNamespace(monotonic=lambda: float(next(clock))))
    for hop in range(6):
        http_server.route(f"/h{hop}", redirect=f"/h{hop + 1}")
    http_server.route("/h6", body=HTML)
    settings = OPEN.with_(fetch_deadline_s=2.5, fetch_max_redirects=10)
    with pytest.raises(FetchTimeout, match="^timed out: the whole fetch, redirects included, took over 2.5 s$"):
        fetch(http_server.url("/h0"), settings=settings)
    paths = [r.path for r in http_server.requests]
    assert paths and "/h6" not in paths
