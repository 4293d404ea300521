"""The web app: HTML pages and a JSON API under ``/api``, both over :mod:`onrecord.web.views`.

Read-only unless a token is configured; then ``POST /api/ingest`` adds an
article. Every response carries a Content-Security-Policy that allows no
script at all: pages are server-rendered, and the timeline is inline SVG.
"""

from __future__ import annotations

import gc
import hmac
import threading
from collections.abc import Callable, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from importlib import resources
from typing import Any, Literal

from anyio import to_thread
from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape
from pydantic import ValidationError
from starlette.exceptions import HTTPException
from starlette.staticfiles import StaticFiles

from .. import __version__
from ..errors import InvalidRequest, NotFound, StoreError
from ..settings import MEGABYTE
from ..store import Store, open_store
from . import views
from .catalog import Catalog, Snapshot
from .highlight import paragraphs
from .ingest import IngestRefused, IngestRequest, ingest_one
from .timeline import layout

CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
)
REQUEST_THREADS = 4  # requests one server process works on at once
CODES = {
    400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
    413: "too_large", 415: "unsupported_media_type", 422: "invalid_request", 500: "internal_error",
    502: "fetch_failed", 503: "store_unavailable", 504: "fetch_timeout",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class ServeConfig:
    """What ``onrecord serve`` was started with."""

    db: str  # the store: a SQLite file
    token: str | None = None  # enables POST /api/ingest for requests bearing it
    allow_private_urls: bool = False  # let /api/ingest fetch loopback, private and link-local addresses
    max_upload_bytes: int = 2 * MEGABYTE  # the largest /api/ingest request body


class ApiError(Exception):
    """An error answered with its status and the one error body shape."""

    def __init__(self, status: int, message: str, *, code: str | None = None, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status, self.message, self.code, self.headers = status, message, code or CODES.get(status, "error"), headers


def error_body(status: int, code: str, message: str, details: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The body of every API error."""
    return {"error": {"status": status, "code": code, "message": message, "details": details or []}}


class _Stores:
    """One open store per thread (SQLite connections stay in the thread that opened them)."""

    def __init__(self, db: str) -> None:
        self.db = db
        self._local = threading.local()
        self._lock = threading.Lock()
        self._opened: list[Store] = []

    def get(self) -> Store:
        store = getattr(self._local, "store", None)
        if store is None:
            store = self._local.store = open_store(self.db, create=False)
            with self._lock:
                self._opened.append(store)
        return store

    def close(self) -> None:
        with self._lock:
            for store in self._opened:
                store.close()
            self._opened.clear()


class SecurityHeaders:
    """Adds the CSP and its companions to every HTTP response, errors and static files included."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *SECURITY_HEADERS]}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def templates() -> Environment:
    env = Environment(
        loader=PackageLoader("onrecord.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        lstrip_blocks=True,
    )
    env.globals.update(
        actor_url=views.actor_url, article_url=views.article_url, statement_url=views.statement_url,
        contest_url=views.contest_url, version=__version__,
    )
    env.filters["snippet"] = _snippet_parts
    env.filters["day"] = lambda value: (value or "")[:10] or "undated"
    return env


def _warm(store: Store, catalog: Catalog) -> None:
    """Compute contests and topics, and load the embedder when there is anything to search by meaning,
    before the first request: a load under traffic would stall every request queued behind it."""
    snap = catalog.snapshot(store)
    if len(snap.index):
        from ..embed import load_embedder

        load_embedder().embed(["warm up"])
    # What is loaded now lives as long as the server: keep it out of the collector's full passes,
    # which otherwise walk every cached contest and statement again and again under load.
    gc.collect()
    gc.freeze()


def _snippet_parts(snippet: str | None) -> list[tuple[bool, str]]:
    """A search snippet as (matched, text) parts, from the store's ** markers."""
    parts = (snippet or "").split("**")
    return [(i % 2 == 1, part) for i, part in enumerate(parts) if part]


def create_app(config: ServeConfig) -> FastAPI:
    """The app for one store; the store must exist (``StoreNotFound`` otherwise)."""
    stores = _Stores(config.db)
    stores.get()  # fail now, not at the first request, when the database is missing or not onrecord's
    catalog = Catalog()
    env = templates()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> Iterator[None]:  # type: ignore[misc]
        # Pages are CPU-bound under one GIL: a few threads finish requests in turn, where 40 would
        # share the core and stretch every request in flight (the load benchmark's p95 halves).
        to_thread.current_default_thread_limiter().total_tokens = REQUEST_THREADS
        await run_in_threadpool(_warm, stores.get(), catalog)
        yield
        stores.close()

    app = FastAPI(
        title="onrecord", version=__version__, lifespan=lifespan,
        description="Who said what, about whom, when — and whether it held. Every page's data as JSON.",
        openapi_url="/api/openapi.json", docs_url=None, redoc_url=None,
    )
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=str(resources.files("onrecord.web") / "static")), name="static")
    app.state.config, app.state.stores, app.state.catalog = config, stores, catalog

    def ctx() -> tuple[Store, Snapshot]:
        store = stores.get()
        return store, catalog.snapshot(store)

    def render(name: str, status: int = 200, **data: Any) -> HTMLResponse:
        return HTMLResponse(env.get_template(name).render(**data), status_code=status)

    _install_errors(app, render)
    app.include_router(_api(config, stores, ctx))
    app.include_router(_pages(ctx, render))
    return app


# -- errors ---------------------------------------------------------------------------


def _install_errors(app: FastAPI, render: Callable[..., HTMLResponse]) -> None:
    """One handler per kind of failure; API routes get the JSON body, pages an HTML page."""

    def answer(request: Request, status: int, code: str, message: str, details: list[dict[str, Any]] | None = None,
               headers: dict[str, str] | None = None) -> Response:
        if request.url.path.startswith("/api"):
            return JSONResponse(error_body(status, code, message, details), status_code=status, headers=headers)
        return render("error.html", status=status, code=code, message=message, status_code=status)

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> Response:
        return answer(request, exc.status, exc.code, exc.message, headers=exc.headers)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else CODES.get(exc.status_code, "error")
        if exc.status_code == 404 and message == "Not Found":
            message = f"nothing at {request.url.path}"
        return answer(request, exc.status_code, CODES.get(exc.status_code, "error"), message, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        details = [{"where": ".".join(str(p) for p in e.get("loc", ())), "problem": e.get("msg", "")} for e in exc.errors()]
        summary = "; ".join(f"{d['where']}: {d['problem']}" for d in details) or "invalid request"
        return answer(request, 422, "invalid_request", summary, details)

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> Response:
        return answer(request, 404, "not_found", str(exc))

    @app.exception_handler(InvalidRequest)
    async def bad_value(request: Request, exc: InvalidRequest) -> Response:
        return answer(request, 422, "invalid_request", str(exc))

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> Response:
        return answer(request, 503, "store_unavailable", str(exc))

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception) -> Response:
        return answer(request, 500, "internal_error", f"the server failed: {type(exc).__name__}")


# -- JSON API -------------------------------------------------------------------------

Ctx = Callable[[], tuple[Store, Snapshot]]
Limit = Query(views.LIMIT, description=f"items per page, 1 to {views.MAX_LIMIT}")
Offset = Query(0, description="items to skip")
ActorLimit = Query(views.ACTOR_LIMIT, description=f"statements per page, 1 to {views.MAX_LIMIT}")


def _api(config: ServeConfig, stores: _Stores, ctx: Ctx) -> APIRouter:
    api = APIRouter(prefix="/api", tags=["api"])
    ingest_lock = threading.Lock()  # one article through the NLP pipeline at a time

    @api.get("/home", summary="Counts, recent articles, most-quoted actors, latest contests")
    def home() -> dict[str, Any]:
        return views.home(*ctx())

    @api.get("/actors", summary="Actors, most quoted first")
    def actors(limit: int = Limit, offset: int = Offset) -> dict[str, Any]:
        return views.actors(*ctx(), limit=limit, offset=offset)

    @api.get("/actors/{name:path}", summary="One actor: aliases, positions over time, statements, contests")
    def actor(name: str, limit: int = ActorLimit, offset: int = Offset) -> dict[str, Any]:
        return views.public(views.actor(*ctx(), name, limit=limit, offset=offset))

    @api.get("/articles", summary="Articles, newest first")
    def articles(limit: int = Limit, offset: int = Offset) -> dict[str, Any]:
        return views.articles(ctx()[0], limit=limit, offset=offset)

    @api.get("/articles/{article_id}", summary="One article: its text and its statements")
    def article(article_id: str) -> dict[str, Any]:
        return views.public(views.article(*ctx(), article_id))

    @api.get("/statements", summary="Statements, filtered by speaker text, canonical actor or article")
    def statements(
        speaker: str | None = None, actor: str | None = None, article: str | None = None,
        limit: int = Limit, offset: int = Offset,
    ) -> dict[str, Any]:
        return views.statements(ctx()[0], speaker=speaker, actor=actor, article_id=article, limit=limit, offset=offset)

    @api.get("/statements/{article_id}/{statement_id}", summary="One statement, its article and its contests")
    def statement(article_id: str, statement_id: str) -> dict[str, Any]:
        return views.statement(*ctx(), article_id, statement_id)

    @api.get("/contests", summary="Claims about an actor's position that its own words contradict, latest first")
    def contests(holder: str | None = None, limit: int = Limit, offset: int = Offset) -> dict[str, Any]:
        return views.contests(ctx()[1], holder=holder, limit=limit, offset=offset)

    @api.get("/contests/{contest_id}", summary="One contest: the claim and the holder's own contrary words")
    def contest(contest_id: str) -> dict[str, Any]:
        return views.contest(ctx()[1], contest_id)

    @api.get("/search", summary="Full-text search, or statements near the query in meaning")
    def search(
        q: str = Query(..., min_length=1, description="the query"),
        by: Literal["words", "meaning"] = "words", limit: int = Limit,
    ) -> dict[str, Any]:
        return views.search(*ctx(), q, by=by, limit=limit)

    @api.post(
        "/ingest", status_code=201, summary="Add one article (text, HTML or URL); needs the server's token",
        openapi_extra={"requestBody": {"required": True, "content": {"application/json": {
            "schema": IngestRequest.model_json_schema()}}}},
    )
    async def ingest(request: Request) -> JSONResponse:
        _authorize(request, config.token)  # before reading a byte of the body
        body = await _read_capped(request, config.max_upload_bytes)
        try:
            payload = IngestRequest.model_validate_json(body)
        except ValidationError as exc:
            raise RequestValidationError(exc.errors(include_url=False)) from exc

        def run() -> dict[str, Any]:
            with ingest_lock:
                return ingest_one(stores.get(), payload, allow_private=config.allow_private_urls)

        try:
            result = await run_in_threadpool(run)
        except IngestRefused as exc:
            raise ApiError(exc.status, str(exc), code=exc.code) from exc
        return JSONResponse(result, status_code=201 if result["added"] else 200)

    return api


def _authorize(request: Request, token: str | None) -> None:
    if token is None:
        raise ApiError(403, "this server is read-only: start it with --token-file to accept articles")
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise ApiError(401, "a valid token is needed: send 'Authorization: Bearer TOKEN'",
                       headers={"WWW-Authenticate": "Bearer"})


async def _read_capped(request: Request, cap: int) -> bytes:
    if request.headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
        raise ApiError(415, "send the article as application/json: {\"text\": …} or {\"html\": …} or {\"url\": …}")
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > cap:
        raise ApiError(413, f"the request body is over {cap} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > cap:
            raise ApiError(413, f"the request body is over {cap} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


# -- pages ----------------------------------------------------------------------------


def _pages(ctx: Ctx, render: Callable[..., HTMLResponse]) -> APIRouter:
    pages = APIRouter(include_in_schema=False)

    @pages.get("/", response_class=HTMLResponse)
    def home() -> HTMLResponse:
        return render("home.html", page="home", **views.home(*ctx()))

    @pages.get("/actors", response_class=HTMLResponse)
    def actors(limit: int = Limit, offset: int = Offset) -> HTMLResponse:
        return render("actors.html", page="actors", actors=views.actors(*ctx(), limit=limit, offset=offset))

    @pages.get("/actors/{name:path}", response_class=HTMLResponse)
    def actor(name: str, limit: int = ActorLimit, offset: int = Offset) -> Response:
        store, snap = ctx()
        data = views.actor(store, snap, name, limit=limit, offset=offset)
        if data["actor"]["name"] != name:  # an alias: send the reader to the canonical page
            return RedirectResponse(data["actor"]["url"], status_code=308)
        chart = layout(data["_entries"], snap.topic_of)
        return render("actor.html", page="actors", chart=chart, timeline_max=views.TIMELINE_MAX, **data)

    @pages.get("/articles", response_class=HTMLResponse)
    def articles(limit: int = Limit, offset: int = Offset) -> HTMLResponse:
        return render("articles.html", page="articles", articles=views.articles(ctx()[0], limit=limit, offset=offset))

    @pages.get("/articles/{article_id}", response_class=HTMLResponse)
    def article(article_id: str) -> HTMLResponse:
        data = views.article(*ctx(), article_id)
        text = data["article"]["text"]
        return render("article.html", page="articles", paragraphs=paragraphs(text, data["_statements"]), **data)

    @pages.get("/statements/{article_id}/{statement_id}", response_class=HTMLResponse)
    def statement(article_id: str, statement_id: str) -> HTMLResponse:
        return render("statement.html", page="articles", **views.statement(*ctx(), article_id, statement_id))

    @pages.get("/contests", response_class=HTMLResponse)
    def contests(holder: str | None = None, limit: int = Limit, offset: int = Offset) -> HTMLResponse:
        data = views.contests(ctx()[1], holder=holder, limit=limit, offset=offset)
        return render("contests.html", page="contests", contests=data, holder=holder)

    @pages.get("/contests/{contest_id}", response_class=HTMLResponse)
    def contest(contest_id: str) -> HTMLResponse:
        return render("contest.html", page="contests", **views.contest(ctx()[1], contest_id))

    @pages.get("/search", response_class=HTMLResponse)
    def search(q: str = "", by: Literal["words", "meaning"] = "words", limit: int = Limit) -> HTMLResponse:
        data = views.search(*ctx(), q, by=by, limit=limit) if q.strip() else {"query": q, "by": by, "hits": []}
        return render("search.html", page="search", **data)

    return pages
