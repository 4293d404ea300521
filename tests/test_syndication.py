"""Several outlets carry one wire story, delivered in a WARC archive beside distinct articles.

The archive holds the six fictional story articles (tests/data/story) plus
three more republications of the Meridian Daily report, each with its own
site name, boilerplate and a small edit. Ingesting it gives one story carried
by five outlets, and the contest that story's statement takes part in counts
it once.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from warcio.recordbuilder import RecordBuilder
from warcio.warcwriter import WARCWriter

from onrecord.cli import main
from onrecord.contests import find_contests
from onrecord.pipeline import ingest
from onrecord.settings import Settings
from onrecord.store import open_store

pytestmark = pytest.mark.model
STORY = Path(__file__).parent / "data" / "story"
WIRE = (STORY / "d2_meridian_daily.html").read_text(encoding="utf-8")
OUTLETS = {  # outlet → (a small edit of the wire text, its own footer)
    "Harbor Evening": ("before the spring", "before the spring thaw"),
    "Gray Sea Times": ("for weeks", "for several weeks"),
    "Orlin Observer": ("expect little progress", "expect slow progress"),
}


def republished(outlet: str) -> str:
    old, new = OUTLETS[outlet]
    page = WIRE.replace("Meridian Daily", outlet).replace(old, new)
    return page.replace("</article>", f"<p>{outlet} carries wire reports from its partners.</p></article>")


def _http(body: str) -> bytes:
    data = body.encode("utf-8")
    head = f"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {len(data)}\r\n\r\n"
    return head.encode("latin-1") + data


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("warc") / "news.warc.gz"
    pages = [(f"https://{p.stem}.example/story", p.read_text(encoding="utf-8")) for p in sorted(STORY.glob("*.html"))]
    pages += [(f"https://{o.lower().replace(' ', '-')}.example/wire/dam", republished(o)) for o in OUTLETS]
    builder = RecordBuilder()
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for url, html in pages:
            raw = _http(html)
            writer.write_record(builder.create_warc_record(url, "response", payload=io.BytesIO(raw), length=len(raw)))
    return path


@pytest.fixture(scope="module")
def db(archive: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("db") / "news.db")
    settings = Settings(actors_file=str(STORY / "actors.toml"), processes=1)
    with open_store(path) as store:
        report = ingest(store, [str(archive)], settings=settings)
    assert report.ok and len(report.added) == 9, report
    return path


def test_the_wire_story_is_one_story_carried_by_five_outlets(db: str) -> None:
    with open_store(db, create=False) as store:
        articles = store.articles()
        stories = store.stories_of([a.id for a in articles])
    groups = {}
    for a in articles:
        groups.setdefault(stories[a.id].id, set()).add(a.site)
    multi = [sites for sites in groups.values() if len(sites) > 1]
    assert multi == [{"Meridian Daily", "Coastline Wire", *OUTLETS}]
    assert sum(1 for sites in groups.values() if len(sites) == 1) == 4  # the distinct articles stand alone


def test_contest_evidence_counts_the_story_once(db: str) -> None:
    with open_store(db, create=False) as store:
        contests = find_contests(store)
    dam = [c for c in contests if "Tessel dam" in c.counter.statement.content_text or "dam" in c.counter.statement.position.proposition]
    assert dam, "the reported acceptance of dam monitors is contradicted by Marek's own words"
    counters = [c for c in dam if c.counter.statement.actor and c.counter.statement.actor.name == "Ilsa Marek"]
    assert counters and all(c.counter.copies == 5 for c in counters)
    # one contest per (claim, counter) piece of evidence, not one per outlet that carried it
    pairs = [(c.claim.statement.content_text, c.counter.statement.position.proposition) for c in dam]
    assert len(pairs) == len(set(pairs))


def test_statements_say_carried_by_five_outlets(db: str) -> None:
    records = [json.loads(line) for line in CliRunner().invoke(main, ["statements", db, "--jsonl"]).stdout.splitlines()]
    carried = [r for r in records if r["story"]["outlets"] == 5]
    assert len({r["article_id"] for r in carried}) == 5
    originals = {r["article_id"] for r in carried if not r["story"]["copy"]}
    assert len(originals) == 1  # one original; the four copies link to it
    assert {r["story"]["id"] for r in carried} == originals
    assert "carried by 5 outlets" in CliRunner().invoke(main, ["statements", db]).stdout
