"""The local runner: order, problems passing through, and worker processes."""

from __future__ import annotations

from pathlib import Path

import pytest

from onrecord.models import ExtractedArticle
from onrecord.pipeline import extract, ingest
from onrecord.settings import DEFAULT_SETTINGS
from onrecord.store import open_store

pytestmark = pytest.mark.model

TEXTS = {
    "a": "Mayor Ann Keller said the bridge would reopen in May.",
    "b": "“We will rebuild the port,” Governor Tom Brandt said. “It will take two years.”",
    "c": "The plant will close in March, according to company documents.",
    "d": "Officials said the talks had stalled. She added that no date was set.",
}


@pytest.fixture()
def corpus(tmp_path: Path) -> list[str]:
    paths = []
    for name, text in TEXTS.items():
        path = tmp_path / f"{name}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    empty = tmp_path / "e.txt"
    empty.write_text("  \n", encoding="utf-8")
    return [paths[0], paths[1], str(empty), paths[2], str(tmp_path / "missing.txt"), paths[3]]


def _summary(outcomes):
    return [
        (o.article.name, [s.to_dict() for s in o.statements]) if isinstance(o, ExtractedArticle) else (o.error, o.origin)
        for o in outcomes
    ]


def test_outcomes_come_in_input_order_with_problems_in_place(corpus):
    got = _summary(extract(corpus, settings=DEFAULT_SETTINGS.with_(batch_size=2)))
    assert [g[0] for g in got] == ["a", "b", "EmptyInput", "c", "SourceNotFound", "d"]
    assert all(g[1] for g in got if g[0] in TEXTS)


def test_two_worker_processes_give_exactly_the_same_records(corpus):
    one = _summary(extract(corpus, settings=DEFAULT_SETTINGS.with_(batch_size=2)))
    two = _summary(extract(corpus, settings=DEFAULT_SETTINGS.with_(batch_size=2, processes=2)))
    assert two == one


def test_ingest_with_workers_stores_everything(tmp_path, corpus):
    with open_store(tmp_path / "x.db") as store:
        report = ingest(store, corpus, settings=DEFAULT_SETTINGS.with_(batch_size=1, processes=2))
        assert len(report.added) == 4
        assert {p.error for p in report.skipped + report.failed} == {"EmptyInput", "SourceNotFound"}
        assert len(store.statements()) == report.statements > 0
