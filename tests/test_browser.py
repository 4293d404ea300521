"""The pages in a real browser: Debian's Chromium, headless and offline, driven by Playwright.

`onrecord serve` runs as its own process on 127.0.0.1 over the web test store
(the founding article and the fictional story). The walk goes from the
actors list to an actor, to a statement on its timeline, to its article and
to a contest, saving a screenshot of each page under build/screenshots (or
$ONRECORD_SCREENSHOTS). A hostile article is then shown to prove nothing in
it runs.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = [pytest.mark.model, pytest.mark.browser]

CHROMIUM = "/usr/bin/chromium"
# offline: without these Chromium keeps reaching for update and sync servers
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
TOKEN = "browser-test-token"
SHOTS = Path(os.environ.get("ONRECORD_SCREENSHOTS", Path(__file__).parents[1] / "build" / "screenshots"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(web_db: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = str(tmp_path_factory.mktemp("browser") / "browser.db")
    shutil.copy(web_db, db)
    port = _free_port()
    env = dict(os.environ, ONRECORD_TOKEN=TOKEN)
    cmd = [sys.executable, "-c", "from onrecord.cli import main; main()", "serve", db, "--port", str(port)]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/api/home", timeout=2).read()
                break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail(f"onrecord serve exited: {proc.stdout.read().decode()}")  # type: ignore[union-attr]
                time.sleep(0.1)
        else:
            pytest.fail("onrecord serve did not answer within 30 s")
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    assert Path(CHROMIUM).exists(), "Chromium is missing: `make test` installs it (scripts/apt-ensure)"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def _shot(page, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000  # a rendered page, not a blank one
    return path


def _watch(page) -> list[str]:
    """Collects dialogs (alert, confirm) and page errors: none may happen."""
    events: list[str] = []
    page.on("dialog", lambda d: (events.append(f"dialog: {d.message}"), d.dismiss()))
    page.on("pageerror", lambda e: events.append(f"error: {e}"))
    return events


def test_walk_from_an_actor_to_a_statement_its_article_and_a_contest(server: str, browser) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    events = _watch(page)
    page.goto(server + "/")
    assert page.locator("h1").first.inner_text().startswith("Who said what")
    _shot(page, "home")

    page.click("text=Actors")
    page.click("a:text-is('Steve Witkoff')")
    assert page.url.endswith("/actors/Steve%20Witkoff")
    points = page.locator("svg.timeline circle.pt")
    assert points.count() >= 1 and page.locator("svg.timeline").is_visible()
    _shot(page, "actor-witkoff")

    page.locator("svg.timeline a").first.click()
    assert "/statements/" in page.url
    assert "Article 5-like language" in page.locator("blockquote").first.inner_text()
    _shot(page, "statement")

    page.click("text=Read it in its article")
    assert "/articles/" in page.url and "#st-" in page.url
    marks = page.locator(".article-text mark.content")
    assert marks.count() >= 10
    # highlighting is visible: a content mark has a background colour
    colour = marks.first.evaluate("m => getComputedStyle(m).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")
    assert page.locator(".article-text a.speaker[href='/actors/Sergey%20Lavrov']").count() >= 1
    _shot(page, "article")

    page.go_back()
    # the statement takes part in several contests; the one against Lavrov's own words
    page.locator(".contest-row").filter(has_text="Sergey Lavrov").locator("a").first.click()
    assert "/contests/" in page.url
    sides = page.locator(".side-by-side section.side")
    assert sides.count() == 2
    left, right = sides.nth(0).bounding_box(), sides.nth(1).bounding_box()
    assert left["x"] + left["width"] <= right["x"] and abs(left["y"] - right["y"]) < 2  # side by side
    assert "Witkoff" in sides.nth(0).inner_text() and "Lavrov" in sides.nth(1).inner_text()
    _shot(page, "contest")

    page.goto(server + "/actors/Sergey%20Lavrov")
    assert page.locator("svg.timeline circle.pt.own").count() >= 1
    _shot(page, "actor-lavrov")
    page.goto(server + "/actors/Valdoria")
    assert page.locator("svg.timeline text.tick").count() >= 2  # a dated axis
    _shot(page, "actor-valdoria")
    page.goto(server + "/search?q=security+guarantees&by=meaning")
    assert page.locator("article.card").count() >= 1
    _shot(page, "search")
    assert events == []
    page.close()


def test_phone_layout_stacks_and_fits(server: str, browser) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True, device_scale_factor=2)
    page.goto(server + "/contests")
    page.locator(".contest-row a").first.click()
    sides = page.locator(".side-by-side section.side")
    top, bottom = sides.nth(0).bounding_box(), sides.nth(1).bounding_box()
    assert bottom["y"] >= top["y"] + top["height"]  # stacked on a phone
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390  # nothing sticks out sideways
    _shot(page, "phone-contest")
    page.goto(server + "/articles")
    page.locator("ul.articles a").last.click()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    _shot(page, "phone-article")
    page.close()


HOSTILE = """<html><head><title>Council <script>window.__pwned = 'title'</script> report</title></head><body><article>
<h1>Council report <img src=x onerror="window.__pwned='img'"></h1>
<p>The council chair said that "<script>window.__pwned='quote'</script> the harbour talks
<b onmouseover="window.__pwned='b'">will resume</b> next week," adding that
<a href="javascript:window.__pwned='link'">the observers</a> were welcome.</p>
<p>Officials said the plan was rejected by the assembly on Tuesday after a long debate in the chamber.</p>
<p>According to the minutes, the assembly will publish its answer on Friday after meeting again in the capital.</p>
</article></body></html>"""
HOSTILE_TEXT = (
    "The spokesman said \"<script>window.__pwned='text'</script> is what we reject\" on Monday.\n\n"
    "He added that <img src=x onerror=\"window.__pwned='img2'\"> and "
    "<a href=\"javascript:window.__pwned='a2'\">this link</a> meant nothing to them."
)


def _post(server: str, body: dict) -> dict:
    request = urllib.request.Request(
        server + "/api/ingest", data=json.dumps(body).encode(), method="POST",
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {TOKEN}"},
    )
    with urllib.request.urlopen(request, timeout=120) as answer:
        return json.loads(answer.read())


def test_a_hostile_article_runs_nothing(server: str, browser) -> None:
    urls = [_post(server, {"html": HOSTILE})["articles"][0]["url"],
            _post(server, {"text": HOSTILE_TEXT, "title": "<script>window.__pwned='t'</script>"})["articles"][0]["url"]]
    page = browser.new_page()
    events = _watch(page)
    blocked: list[str] = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    for url in urls:
        page.goto(server + url)
        for el in page.locator(".article-text b, .article-text a").all():
            el.hover()  # would fire onmouseover, were there one
        assert page.evaluate("window.__pwned") is None
        assert page.evaluate("document.querySelectorAll('script').length") == 0
        handlers = page.evaluate(
            "[...document.querySelectorAll('*')].flatMap(e => [...e.attributes].map(a => a.name))"
            ".filter(n => n.startsWith('on'))"
        )
        assert handlers == []
        hrefs = page.evaluate("[...document.querySelectorAll('[href]')].map(e => e.getAttribute('href'))")
        assert not [h for h in hrefs if h.strip().lower().startswith("javascript:")]
    # the words are shown as text
    assert "<script>window.__pwned='text'</script>" in page.locator(".article-text").inner_text()
    _shot(page, "hostile-article")
    # and the browser enforces the CSP: a script injected into the page does not run
    with pytest.raises(Exception):
        page.add_script_tag(content="window.__pwned = 'injected'")
    assert page.evaluate("window.__pwned") is None
    assert blocked, "Chromium reported no CSP refusal"
    assert events == []
    page.close()
