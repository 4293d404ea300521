"""Shared pytest fixtures. Each fixture family lives in its own delimited section."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import os

import pytest
from hypothesis import settings

# =============================================================================
# Hypothesis profiles
#
# "gate" (the default, what `make test` and CI run): the same examples on every
# run, so a build passes or fails on the code, never on the draw. "explore"
# (`make fuzz`): fresh random examples on every run, to look for new failures;
# a failure it finds becomes a fix and an explicit example in a test.
# =============================================================================

settings.register_profile("gate", derandomize=True, print_blob=True)
settings.register_profile("explore", derandomize=False, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "gate"))

# =============================================================================
# Local HTTP server: `http_server`
#
# A ThreadingHTTPServer on 127.0.0.1 (a free port) in a daemon thread, started
# before the test and shut down after it. Register routes per test:
#
#     http_server.route("/a", body=b"<html>...</html>")
#     http_server.route("/slow", body=b"...", delay_s=2.0)
#     http_server.route("/old", redirect="/a")            # 302 unless status given
#     http_server.route("/img", content_type="image/png", body=png_bytes)
#     url = http_server.url("/a")
#
# Unregistered paths answer 404. Every request is recorded in
# `http_server.requests` (path and headers) for assertions. Tests that use it
# should carry `@pytest.mark.network`.
# =============================================================================


@dataclass(frozen=True, slots=True, kw_only=True)
class Route:
    """What the local server answers on one path."""

    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    delay_s: float = 0.0  # wait before answering, to provoke client timeouts
    send_length: bool = True  # False: no Content-Length, the body ends when the connection closes


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordedRequest:
    """One request the local server received."""

    path: str
    headers: dict[str, str]


class LocalHTTPServer:
    """A local HTTP server whose routes a test registers."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[RecordedRequest] = []
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        # A short poll interval keeps shutdown (and so each test's teardown) fast.
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.02,), daemon=True)

    @property
    def base_url(self) -> str:
        """The server's root URL, without a trailing slash."""
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        """The absolute URL of a path on this server."""
        return self.base_url + path

    def route(
        self,
        path: str,
        *,
        body: bytes | str = b"",
        status: int | None = None,
        content_type: str | None = "text/html; charset=utf-8",
        headers: dict[str, str] | None = None,
        delay_s: float = 0.0,
        redirect: str | None = None,
        send_length: bool = True,
    ) -> None:
        """Register what ``path`` answers; ``redirect`` sets Location (and status 302 by default)."""
        all_headers = dict(headers or {})
        if content_type is not None:
            all_headers.setdefault("Content-Type", content_type)
        if redirect is not None:
            all_headers["Location"] = redirect
        data = body.encode("utf-8") if isinstance(body, str) else body
        code = status if status is not None else (302 if redirect is not None else 200)
        self.routes[path] = Route(
            status=code, headers=all_headers, body=data, delay_s=delay_s, send_length=send_length
        )

    def record(self, request: RecordedRequest) -> None:
        """Remember one received request (handlers run on several threads)."""
        with self._lock:
            self.requests.append(request)

    def start(self) -> None:
        """Serve in a daemon thread."""
        self._thread.start()

    def stop(self) -> None:
        """Stop serving, waking any handler that is still delaying."""
        self.stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


def _handler_for(server: LocalHTTPServer) -> type[BaseHTTPRequestHandler]:
    """A request handler class bound to one LocalHTTPServer's routes."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the name http.server dispatches to
            server.record(RecordedRequest(path=self.path, headers=dict(self.headers.items())))
            route = server.routes.get(self.path.split("?")[0], Route(status=404, body=b"not found"))
            if route.delay_s and server.stopping.wait(route.delay_s):
                return
            try:
                self._answer(route)
            except ConnectionError:
                pass  # the client gave up first (timeouts, size caps): expected in tests

        def _answer(self, route: Route) -> None:
            self.send_response(route.status)
            for name, value in route.headers.items():
                self.send_header(name, value)
            if route.send_length:
                self.send_header("Content-Length", str(len(route.body)))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(route.body)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - base signature
            pass  # keep test output clean

    return Handler


@pytest.fixture
def http_server() -> Iterator[LocalHTTPServer]:
    """A started local HTTP server, shut down after the test."""
    server = LocalHTTPServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


# ============================ end: local HTTP server ==========================


# =============================================================================
# A store for the web tests: `web_db`
#
# The founding article (undated) plus the six dated articles of the fictional
# story in tests/data/story, ingested once per test session with the story's
# actors file. Tests that use it read it only; ingest tests copy it first.
# =============================================================================


@pytest.fixture(scope="session")
def web_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    from pathlib import Path

    from onrecord.pipeline import ingest
    from onrecord.settings import Settings
    from onrecord.store import open_store

    root = Path(__file__).parent
    story = root / "data" / "story"
    sources = [str(root.parent / "onrecord" / "data" / "founding_article.txt")]
    sources += sorted(str(p) for p in story.glob("*.html"))
    path = str(tmp_path_factory.mktemp("web") / "web.db")
    settings = Settings(actors_file=str(story / "actors.toml"), processes=1)
    with open_store(path) as store:
        report = ingest(store, sources, settings=settings)
    assert report.ok and len(report.added) == 7, report
    return path
