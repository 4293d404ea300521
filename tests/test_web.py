"""The web app through an in-process client: pages, JSON API, errors, safety headers, writes.

The browser test (tests/test_browser.py) opens the same pages in Chromium.
What each kind of bad request gets:

* an unknown page, actor, article, statement or contest: 404;
* a parameter of the wrong type or out of range (limit=0, offset=-1, by=colour): 422;
* a wrong method: 405;
* POST /api/ingest on a read-only server: 403; without or with a wrong token: 401;
  not JSON: 415; over the size cap: 413; not exactly one of text/html/url: 422;
  a URL on a loopback or private address: 400 (nothing is fetched); a page
  without article text: 422. Nothing stored before is lost in any case.

API errors share one body: {"error": {"status", "code", "message", "details"}};
pages answer the same status with an HTML page.
"""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from onrecord.store import open_store
from onrecord.web.app import CSP, ServeConfig, create_app

pytestmark = pytest.mark.model
TOKEN = "s3cret-token-for-tests"


@pytest.fixture(scope="module")
def client(web_db: str):
    with TestClient(create_app(ServeConfig(db=web_db))) as c:
        yield c


@pytest.fixture
def writable(web_db: str, tmp_path: Path):
    """A client with a token, on a copy of the web store."""
    db = str(tmp_path / "copy.db")
    shutil.copy(web_db, db)
    with TestClient(create_app(ServeConfig(db=db, token=TOKEN))) as c:
        c.db = db  # type: ignore[attr-defined]
        yield c


def route_paths(app) -> set[str]:
    """Every route path of the app, through included routers."""
    paths = set()
    for route in app.routes:
        if hasattr(route, "original_router"):
            paths |= route_paths(route.original_router)
        elif hasattr(route, "path"):
            paths.add(route.path)
    return paths


def _auth(token: str = TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _statement_of(client: TestClient, actor: str) -> dict:
    return client.get("/api/statements", params={"actor": actor}).json()["items"][0]


# -- pages ----------------------------------------------------------------------


def test_home_lists_articles_actors_and_contests(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    data = client.get("/api/home").json()
    assert data["counts"]["articles"] == 7 and data["counts"]["contests"] >= 3
    for item in data["articles"] + data["actors"] + data["contests"]:
        assert f'href="{item["url"]}"' in page.text
    assert '<form class="search' in page.text


def test_founding_article_is_highlighted_with_speakers_linked(client: TestClient) -> None:
    [founding] = [a for a in client.get("/api/articles", params={"limit": 50}).json()["items"]
                  if a["name"] == "founding_article"]
    page = client.get(founding["url"]).text
    data = client.get(f"/api{founding['url']}").json()
    assert len(data["statements"]) >= 10
    assert page.count('<mark class="content">') >= len(data["statements"])
    assert '<mark class="cue">said</mark>' in page
    # a resolved speaker links to its actor page, with the words of the article
    assert '<a class="speaker" href="/actors/Sergey%20Lavrov">Russian Foreign Minister Sergey Lavrov</a>' in page
    # every statement has a numbered badge linking to its own page
    for st in data["statements"]:
        assert f'href="{st["url"]}">{st["number"]}</a>' in page
    # the text is all there, in order, once the markup is taken away
    text = re.sub(r"<a class=\"badge\"[^>]*>\d+</a>", "", page.split('<div class="article-text">')[1].split("</div>")[0])
    plain = " ".join(re.sub(r"<[^>]+>", "", text).split())
    assert " ".join(data["article"]["text"].replace("’", "&#39;").split())[:200].replace("&#39;", "’") in plain.replace("&#39;", "’")


@pytest.mark.parametrize("name", ["Sergey Lavrov", "Steve Witkoff"])
def test_actor_page_has_positions_on_a_timeline(client: TestClient, name: str) -> None:
    data = client.get(f"/api/actors/{quote(name)}").json()
    assert data["actor"]["name"] == name and data["positions"]
    page = client.get(f"/actors/{quote(name)}").text
    svg = page.split('<svg class="timeline"')[1].split("</svg>")[0]
    points = re.findall(r'<a href="([^"]+)">\s*<circle class="pt stance-(\w+) (own|reported)"', svg)
    assert len(points) == len(data["positions"])
    assert {url for url, _, _ in points} == {p["url"] for p in data["positions"]}
    assert {s for _, s, _ in points} == {p["stance"] for p in data["positions"]}
    # Lavrov speaks for Russia (own voice); Witkoff reports what Russia accepted
    voices = {v for _, _, v in points}
    assert voices == ({"own"} if name == "Sergey Lavrov" else {"reported"})


def test_an_actors_side_links_to_its_page_where_it_is_stored(client: TestClient) -> None:
    data = client.get(f"/api/actors/{quote('Sergey Lavrov')}").json()["actor"]
    assert data["affiliation"] == "Russia" and data["affiliation_url"] == "/actors/Russia"
    page = client.get(f"/actors/{quote('Sergey Lavrov')}").text
    assert '<a href="/actors/Russia">Russia</a>' in page
    russia = client.get("/api/actors/Russia").json()["actor"]
    assert russia["affiliation"] is None and russia["affiliation_url"] is None


def test_dated_positions_are_placed_by_date(client: TestClient) -> None:
    data = client.get("/api/actors/Valdoria").json()
    page = client.get("/actors/Valdoria").text
    assert len({p["date"] for p in data["positions"]}) >= 3
    xs = {url: float(x) for url, x in re.findall(r'<a href="([^"]+)">\s*<circle [^>]*cx="([\d.]+)"', page)}
    by_date = sorted(data["positions"], key=lambda p: p["date"])
    firsts = [xs[p["url"]] for p in by_date if p["date"] == by_date[0]["date"]]
    lasts = [xs[p["url"]] for p in by_date if p["date"] == by_date[-1]["date"]]
    assert max(firsts) < min(lasts)
    # the axis is labelled with the first and last dates: the day the article says, where it says one
    assert by_date[0]["date"][:10] == "2026-03-02" and by_date[-1]["date"][:10] == "2026-03-07"
    assert "2026-03-02" in page and "2026-03-07" in page


def test_an_alias_redirects_to_the_canonical_actor(client: TestClient) -> None:
    answer = client.get("/actors/Lavrov", follow_redirects=False)
    assert answer.status_code == 308 and answer.headers["location"] == "/actors/Sergey%20Lavrov"


def test_contest_between_witkoff_and_lavrov_side_by_side(client: TestClient) -> None:
    contests = client.get("/api/contests", params={"holder": "Russia", "limit": 200}).json()["items"]
    [pair] = [c for c in contests if c["claim"]["actor"]["name"] == "Steve Witkoff"
              and c["counter"]["actor"]["name"] == "Sergey Lavrov"]
    page = client.get(pair["url"]).text
    sides = page.split('<section class="card side">')[1:]
    assert len(sides) == 2
    assert "Steve Witkoff" in sides[0] and "Article 5-like language" in sides[0]
    assert "Sergey Lavrov" in sides[1] and "absolutely unacceptable" in sides[1]
    assert pair["reason"] in page.replace("&#39;", "'")
    assert client.get(f"/api{pair['url']}").json()["contest"] == pair


def test_statement_page_links_its_article_and_contests(client: TestClient) -> None:
    st = _statement_of(client, "Steve Witkoff")
    data = client.get(f"/api{st['url']}").json()
    page = client.get(st["url"]).text
    assert data["statement"] == st
    assert f'href="{st["article_url"]}#st-{st["id"]}"' in page
    assert data["contests"] and all(f'href="{c["url"]}"' in page for c in data["contests"])


def test_a_statement_the_article_dates_shows_the_words_and_the_day(client: TestClient) -> None:
    """"… said on Monday that …" in an article of Tuesday 2026-03-03: the statement is of Monday, and its page
    says which words of the article say so; a statement the article does not date is of its publication day."""
    items = client.get("/api/statements", params={"limit": 200}).json()["items"]
    monday = next(st for st in items if st["when"] is not None and st["when"]["text"] == "Monday")
    assert monday["date"] == "2026-03-02"
    page = client.get(monday["url"]).text
    assert "the article says “Monday”" in page and "2026-03-02" in page
    undated = next(st for st in items if st["when"] is None and st["date"])
    assert f"{undated['date'][:10]} (the article's date)" in client.get(undated["url"]).text


def test_search_by_words_and_by_meaning(client: TestClient) -> None:
    words = client.get("/api/search", params={"q": "Tessel dam"}).json()
    assert words["hits"] and all(h["by"] == "words" for h in words["hits"])
    meaning = client.get("/api/search", params={"q": "inspectors at the reservoir", "by": "meaning"}).json()
    assert any("dam" in (h["statement"] or {}).get("content_text", "") for h in meaning["hits"])
    page = client.get("/search", params={"q": "Tessel dam"}).text
    assert "<b>Tessel</b>" in page or "Tessel" in page
    assert client.get("/search").status_code == 200  # the empty form


def test_lists_paginate(client: TestClient) -> None:
    everything = client.get("/api/statements", params={"limit": 200}).json()
    assert everything["next_offset"] is None
    seen, offset = [], 0
    while offset is not None:
        chunk = client.get("/api/statements", params={"limit": 7, "offset": offset}).json()
        assert chunk["limit"] == 7 and chunk["offset"] == offset
        seen += chunk["items"]
        offset = chunk["next_offset"]
    assert seen == everything["items"]
    actors = client.get("/api/actors", params={"limit": 3}).json()
    assert actors["total"] >= 10 and actors["next_offset"] == 3 and len(actors["items"]) == 3
    assert 'offset=3' in client.get("/actors", params={"limit": 3}).text


# -- errors -----------------------------------------------------------------------

BAD_REQUESTS = {
    # route path → requests that must fail, with their status
    "/api/home": [("POST", "/api/home", 405)],
    "/api/actors": [("GET", "/api/actors?limit=0", 422), ("GET", "/api/actors?offset=-1", 422),
                    ("GET", "/api/actors?limit=ten", 422)],
    "/api/actors/{name:path}": [("GET", "/api/actors/Nobody%20At%20All", 404), ("GET", "/api/actors/Valdoria?limit=999", 422)],
    "/api/articles": [("GET", "/api/articles?limit=201", 422)],
    "/api/articles/{article_id}": [("GET", "/api/articles/0000", 404)],
    "/api/statements": [("GET", "/api/statements?offset=x", 422)],
    "/api/statements/{article_id}/{statement_id}": [("GET", "/api/statements/0000/1111", 404)],
    "/api/contests": [("GET", "/api/contests?limit=-5", 422)],
    "/api/contests/{contest_id}": [("GET", "/api/contests/nope", 404)],
    "/api/search": [("GET", "/api/search", 422), ("GET", "/api/search?q=x&by=colour", 422)],
    "/api/ingest": [("POST", "/api/ingest", 403), ("GET", "/api/ingest", 405)],
    "/api/openapi.json": [("POST", "/api/openapi.json", 405)],
}


def test_every_api_route_has_its_errors_in_one_body_shape(client: TestClient) -> None:
    routes = {path for path in route_paths(client.app) if path.startswith("/api")}
    assert routes == set(BAD_REQUESTS), "a new API route needs its bad requests listed here"
    for method, url, status in [case for cases in BAD_REQUESTS.values() for case in cases] + [("GET", "/api/nothing", 404)]:
        answer = client.request(method, url)
        assert answer.status_code == status, (method, url, answer.text)
        body = answer.json()
        assert set(body) == {"error"} and set(body["error"]) == {"status", "code", "message", "details"}, url
        assert body["error"]["status"] == status and body["error"]["message"] and isinstance(body["error"]["details"], list)
        assert answer.headers["content-security-policy"] == CSP


@pytest.mark.parametrize("url, status", [
    ("/nothing/here", 404), ("/actors/Nobody%20At%20All", 404), ("/articles/0000", 404),
    ("/statements/0000/1111", 404), ("/contests/nope", 404), ("/actors?limit=0", 422), ("/search?by=colour&q=x", 422),
])
def test_pages_answer_errors_with_an_html_page(client: TestClient, url: str, status: int) -> None:
    answer = client.get(url)
    assert answer.status_code == status and answer.headers["content-type"].startswith("text/html")
    assert f"<h1>{status} ·" in answer.text and answer.headers["content-security-policy"] == CSP


def test_openapi_describes_the_api(client: TestClient) -> None:
    spec = client.get("/api/openapi.json").json()
    assert {"/api/actors", "/api/contests/{contest_id}", "/api/ingest", "/api/search"} <= set(spec["paths"])
    assert "requestBody" in spec["paths"]["/api/ingest"]["post"]


# -- safety headers and escaping ------------------------------------------------------


@pytest.mark.parametrize("url", ["/", "/actors", "/articles", "/contests", "/search?q=x", "/static/style.css", "/api/home"])
def test_every_response_sends_the_csp(client: TestClient, url: str) -> None:
    answer = client.get(url)
    assert answer.status_code == 200
    csp = answer.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src" not in csp  # no script source is allowed at all
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["x-frame-options"] == "DENY"


class _Markup(HTMLParser):
    """Collects what would run in a browser: script elements, on* attributes, javascript: URLs."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[str] = []
        self.handlers: list[tuple[str, str]] = []
        self.js_urls: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "script":
            self.scripts.append(tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append((tag, name))
            if name in ("href", "src", "action", "formaction") and value and value.strip().lower().startswith(("javascript:", "data:text")):
                self.js_urls.append(value)


HOSTILE_HTML = """<html><head><title>Minister says <script>alert('title')</script> nothing</title></head><body>
<article><h1>Minister <img src=x onerror="alert('h1')"> speaks</h1>
<p>The minister said that "<script>alert('quote')</script> the dam talks <b onmouseover="alert('b')">will go on</b>," adding
that <a href="javascript:alert('link')">the monitors</a> were welcome.</p>
<p>Officials said the "<img src=x onerror=alert('img')>" proposal was rejected outright by the council on Tuesday evening.</p>
<p>According to the report, the ministry will publish its answer on Friday after the council meets again in the capital.</p>
</article></body></html>"""
HOSTILE_TEXT = (
    'The spokesman said "<script>document.title=\'pwned\'</script> is what we reject" on Monday.\n\n'
    "He added that <img src=x onerror=alert(1)> and <a href=\"javascript:alert(2)\">this link</a> meant nothing to them."
)


def test_hostile_article_is_escaped_everywhere(writable: TestClient) -> None:
    for payload in ({"html": HOSTILE_HTML, "url": None}, {"text": HOSTILE_TEXT, "title": "<script>alert('t')</script>"}):
        body = {k: v for k, v in payload.items() if v is not None}
        answer = writable.post("/api/ingest", json=body, headers=_auth())
        assert answer.status_code == 201, answer.text
        [added] = answer.json()["articles"]
        data = writable.get(f"/api{added['url']}").json()
        pages = [added["url"], "/", "/articles", "/search?q=minister", "/search?q=spokesman"]
        pages += [s["url"] for s in data["statements"]] + [s["actor_url"] for s in data["statements"] if s["actor_url"]]
        for url in pages:
            html = writable.get(url).text
            markup = _Markup()
            markup.feed(html)
            assert markup.scripts == [] and markup.handlers == [] and markup.js_urls == [], url
            assert "<img" not in html and "<b onmouseover" not in html, url
        if "text" in body:  # plain text keeps the markup as words, shown escaped
            shown = writable.get(added["url"]).text
            assert "&lt;script&gt;document.title=" in shown and "&lt;img src=x onerror=alert(1)&gt;" in shown
            assert "<title>&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt; · onrecord</title>" in shown


def test_an_article_url_that_is_not_http_is_never_a_link(writable: TestClient) -> None:
    with open_store(writable.db) as store:  # type: ignore[attr-defined]
        article = store.articles(limit=1)[0]
    from onrecord.web.views import web_link

    assert web_link("javascript:alert(1)") is None and web_link(" JAVASCRIPT:alert(1)") is None
    assert web_link("data:text/html,x") is None and web_link("https://example.org/a") == "https://example.org/a"
    assert article.url is None or web_link(article.url) in (None, article.url)


# -- writes ----------------------------------------------------------------------------


def test_read_only_server_refuses_writes(client: TestClient) -> None:
    answer = client.post("/api/ingest", json={"text": "The mayor said the bridge will open in May."})
    assert answer.status_code == 403 and answer.json()["error"]["code"] == "forbidden"


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"},
                                     {"Authorization": TOKEN}])
def test_ingest_needs_the_token(writable: TestClient, headers: dict[str, str]) -> None:
    before = writable.get("/api/home").json()["counts"]
    answer = writable.post("/api/ingest", json={"text": "The mayor said the bridge will open in May."}, headers=headers)
    assert answer.status_code == 401 and answer.headers["www-authenticate"] == "Bearer"
    assert writable.get("/api/home").json()["counts"] == before


def test_ingest_adds_an_article_once(writable: TestClient) -> None:
    text = "The harbour master said on Monday that the new pier would open in May, weeks ahead of schedule."
    first = writable.post("/api/ingest", json={"text": text, "published": "2026-04-01"}, headers=_auth())
    assert first.status_code == 201 and first.json()["statements"] >= 1
    again = writable.post("/api/ingest", json={"text": text}, headers=_auth())
    assert again.status_code == 200 and again.json()["unchanged"] == first.json()["added"]
    page = writable.get(first.json()["articles"][0]["url"])
    assert page.status_code == 200 and '<mark class="content">' in page.text


@pytest.mark.parametrize("body, headers, status", [
    ("not json", {"Content-Type": "application/json"}, 422),
    ('{"text": "a", "url": "https://example.org/"}', {"Content-Type": "application/json"}, 422),
    ("{}", {"Content-Type": "application/json"}, 422),
    ('{"url": "file:///etc/passwd"}', {"Content-Type": "application/json"}, 422),
    ('{"text": "x", "extra": 1}', {"Content-Type": "application/json"}, 422),
    ('{"text": "hello"}', {"Content-Type": "text/plain"}, 415),
    ('{"text": "' + "x" * (3 * 1024 * 1024) + '"}', {"Content-Type": "application/json"}, 413),
    ('{"text": "   "}', {"Content-Type": "application/json"}, 422),
    ('{"html": "<html><body><nav>menu</nav></body></html>"}', {"Content-Type": "application/json"}, 422),
])
def test_bad_ingest_requests(writable: TestClient, body: str, headers: dict[str, str], status: int) -> None:
    before = writable.get("/api/home").json()["counts"]
    answer = writable.post("/api/ingest", content=body.encode(), headers=headers | _auth())
    assert answer.status_code == status, answer.text
    assert answer.json()["error"]["status"] == status
    assert writable.get("/api/home").json()["counts"] == before


@pytest.mark.network
def test_ingest_refuses_private_addresses(writable: TestClient, http_server, web_db: str, tmp_path: Path) -> None:
    page = "<html><body><article><p>" + "The mayor said the bridge will open in May after long delays. " * 5 + "</p></article></body></html>"
    http_server.route("/story", body=page)
    for url in (http_server.url("/story"), http_server.url("/story").replace("127.0.0.1", "localhost")):
        answer = writable.post("/api/ingest", json={"url": url}, headers=_auth())
        assert answer.status_code == 400 and answer.json()["error"]["code"] == "blocked_address", answer.text
    assert http_server.requests == []  # nothing was fetched
    db = str(tmp_path / "allowed.db")
    shutil.copy(web_db, db)
    with TestClient(create_app(ServeConfig(db=db, token=TOKEN, allow_private_urls=True))) as allowed:
        answer = allowed.post("/api/ingest", json={"url": http_server.url("/story")}, headers=_auth())
        assert answer.status_code == 201, answer.text
    assert [r.path for r in http_server.requests] == ["/story"]


def test_serve_refuses_a_missing_database(tmp_path: Path) -> None:
    from onrecord.errors import StoreNotFound

    with pytest.raises(StoreNotFound):
        create_app(ServeConfig(db=str(tmp_path / "none.db")))


def test_a_syndicated_story_says_who_carried_it(client: TestClient) -> None:
    articles = client.get("/api/articles", params={"limit": 50}).json()["items"]
    [copy] = [a for a in articles if a["name"] == "d2_meridian_daily"]
    data = client.get(f"/api{copy['url']}").json()
    assert data["story"]["outlets"] == 2 and {m["site"] for m in data["story"]["articles"]} == {"Meridian Daily", "Coastline Wire"}
    page = client.get(copy["url"]).text
    assert "Carried by 2 outlets" in page
    other = [m for m in data["story"]["articles"] if m["article_id"] != copy["id"]][0]
    assert f'href="{other["url"]}"' in page
    st = data["statements"][0]
    assert client.get(f"/api{st['url']}").json()["statement"]["outlets"] == 2
    assert "carried by 2 outlets" in client.get(st["url"]).text
