"""``POST /api/ingest``: one article from text, HTML or a URL, through the same pipeline as ``onrecord ingest``.

A URL is fetched with private addresses refused (unless the server allows
them), after DNS resolution and on every redirect, within the fetch size and
time caps. A failure is answered with a status that says whose fault it was.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..errors import OnrecordError
from ..models import RawDocument, digest
from ..pipeline import ingest_documents
from ..settings import DEFAULT_SETTINGS, Settings
from ..sources import iter_documents
from ..store import Store
from .views import article_url

# The HTTP status and error code for each kind of input problem.
_REFUSALS = {
    "BlockedAddress": (400, "blocked_address"),
    "FetchTimeout": (504, "fetch_timeout"),
    "TooLarge": (413, "too_large"),
    "HTTPStatusError": (502, "fetch_failed"),
    "TooManyRedirects": (502, "fetch_failed"),
    "UnsupportedContent": (422, "unsupported_content"),
    "FetchError": (502, "fetch_failed"),
    "StoreError": (503, "store_unavailable"),
}
_UNUSABLE = (422, "unusable_input")  # empty, binary, undecodable, no article text


class IngestRefused(OnrecordError):
    """The article could not be added; ``status`` and ``code`` say why, for the HTTP answer."""

    def __init__(self, message: str, *, status: int, code: str) -> None:
        super().__init__(message)
        self.status, self.code = status, code


class IngestRequest(BaseModel):
    """Exactly one of text, html or url, with optional metadata."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(None, description="the article as plain text")
    html: str | None = Field(None, description="the article page as HTML")
    url: str | None = Field(None, description="an http(s) URL to fetch")
    title: str | None = None
    published: str | None = Field(None, description="ISO 8601 date")
    site: str | None = None
    name: str | None = Field(None, description="a short name for the article")

    @model_validator(mode="after")
    def _one_body(self) -> IngestRequest:
        given = [k for k in ("text", "html", "url") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError(f"give exactly one of text, html or url (got {', '.join(given) or 'none'})")
        if self.url is not None and not self.url.lower().startswith(("http://", "https://")):
            raise ValueError("url must be an http:// or https:// URL")
        return self


def _documents(request: IngestRequest, *, settings: Settings) -> list[RawDocument | Any]:
    if request.url is not None:
        return list(iter_documents([request.url], settings=settings))
    body = request.text if request.text is not None else request.html
    assert body is not None
    name = request.name or (request.title or "upload")[:60]
    return [RawDocument(
        origin=f"upload:{digest(body, length=12)}", name=name, body=body,
        media_type="text/plain" if request.text is not None else "text/html",
        title=request.title, published=request.published, site=request.site,
    )]


def ingest_one(store: Store, request: IngestRequest, *, allow_private: bool = False) -> dict[str, Any]:
    """Add the requested article; the ids added or already there, and the statements written.

    Raises:
        IngestRefused: nothing usable came of the request (a refused or failed
            fetch, an empty or unreadable body, a page without article text).
    """
    settings = DEFAULT_SETTINGS.with_(processes=1, fetch_allow_private=allow_private)
    report = ingest_documents(store, _documents(request, settings=settings), settings=settings)
    problems = report.skipped + report.failed
    if problems and not (report.added or report.unchanged):
        problem = problems[0]
        status, code = _REFUSALS.get(problem.error, _UNUSABLE)
        raise IngestRefused(problem.reason, status=status, code=code)
    ids = report.added + report.unchanged
    return {
        "added": list(report.added),
        "unchanged": list(report.unchanged),
        "statements": report.statements,
        "articles": [{"id": i, "url": article_url(i)} for i in ids],
        "problems": [{"origin": p.origin, "error": p.error, "reason": p.reason} for p in problems],
    }
