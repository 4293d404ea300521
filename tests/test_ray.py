"""The Ray runner: the local runner's records, Parquet round trips, a worker killed mid-run.

One local Ray (2 CPUs) serves the whole module; the runner joins it instead of
starting its own. The corpus is the founding article, the six story articles,
and three inputs that yield problems: an empty file and a binary file (source
problems, passed through on the driver) and an HTML page without article text
(an ExtractionError raised on a Ray worker).
"""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from onrecord.cli import main
from onrecord.contests import find_contests
from onrecord.embed import from_blob
from onrecord.models import ExtractedArticle, Problem
from onrecord.pipeline import ingest, load_parquet, write_parquet
from onrecord.pipeline.local import run_local
from onrecord.settings import Settings
from onrecord.sources import iter_documents
from onrecord.store import open_store

ray = pytest.importorskip("ray", reason="the Ray runner needs ray: pip install 'onrecord[ray]'")
pq = pytest.importorskip("pyarrow.parquet")

from onrecord.pipeline import ray_runner  # noqa: E402  (after the skip: it needs ray's extra)
from onrecord.pipeline.parquet import article_from_row, article_row  # noqa: E402

pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parents[1]
STORY = ROOT / "tests" / "data" / "story"
# small batches, so seven articles make several Ray tasks; one local process (no fork beside Ray's threads)
SETTINGS = Settings(actors_file=str(STORY / "actors.toml"), batch_size=2, processes=1)
RAY_WORKERS = 2
ARTICLES = 7
NO_ARTICLE_HTML = "<html><head><title>x</title></head><body><nav><a href='/'>Home</a></nav></body></html>"


@pytest.fixture(scope="module", autouse=True)
def local_ray():
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    ray.init(address="local", num_cpus=RAY_WORKERS, include_dashboard=False, log_to_driver=False,
             logging_level=logging.WARNING)
    yield
    ray.shutdown()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    bad = tmp_path_factory.mktemp("bad")
    (bad / "empty.txt").write_text(" \n\n", encoding="utf-8")
    (bad / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (bad / "nav.html").write_text(NO_ARTICLE_HTML, encoding="utf-8")
    good = [str(ROOT / "onrecord" / "data" / "founding_article.txt"), *sorted(str(p) for p in STORY.glob("*.html"))]
    return [good[0], str(bad / "empty.txt"), *good[1:4], str(bad / "image.txt"), str(bad / "nav.html"), *good[4:]]


@pytest.fixture(scope="module")
def local_outcomes(corpus: list[str]) -> list[ExtractedArticle | Problem]:
    return list(run_local(iter_documents(corpus, settings=SETTINGS), settings=SETTINGS, embed=True))


@pytest.fixture(scope="module")
def ray_outcomes(corpus: list[str]) -> list[ExtractedArticle | Problem]:
    return list(ray_runner.run_ray(iter_documents(corpus, settings=SETTINGS), settings=SETTINGS, workers=RAY_WORKERS))


@pytest.fixture(scope="module")
def direct_db(corpus: list[str], tmp_path_factory: pytest.TempPathFactory) -> str:
    """The corpus as `onrecord ingest` stores it with the local runner."""
    path = str(tmp_path_factory.mktemp("direct") / "direct.db")
    with open_store(path) as store:
        report = ingest(store, corpus, settings=SETTINGS)
    assert len(report.added) == ARTICLES, report
    return path


def _articles(outcomes) -> dict[str, ExtractedArticle]:
    return {o.article.id: o for o in outcomes if isinstance(o, ExtractedArticle)}


def _problems(outcomes) -> set[tuple[str, str, str]]:
    return {(p.origin, p.reason, p.error) for p in outcomes if isinstance(p, Problem)}


def _without_embeddings(item: ExtractedArticle) -> ExtractedArticle:
    return replace(item, statements=tuple(
        replace(st, position=replace(st.position, embedding=None)) if st.position else st for st in item.statements
    ))


def _assert_same_embeddings(a: ExtractedArticle, b: ExtractedArticle) -> None:
    for x, y in zip(a.statements, b.statements, strict=True):
        if x.position is None:
            assert y.position is None
            continue
        assert x.position.embedding is not None and y.position.embedding is not None
        np.testing.assert_allclose(from_blob(x.position.embedding), from_blob(y.position.embedding), atol=1e-5)


def _stored(path: str) -> dict[str, object]:
    """What a store holds, independent of the order it was written in."""
    with open_store(path, create=False) as store:
        statements = sorted((st.to_dict() for st in store.statements()), key=lambda d: (d["article_id"], d["id"]))
        keyed = store.statements_by_key(store.position_keys())
        vectors = {st.id: from_blob(st.position.embedding) for st in keyed.values() if st.position and st.position.embedding}
        return {
            "counts": store.counts(),
            "articles": sorted((a.to_dict() for a in store.articles(limit=100)), key=lambda d: d["id"]),
            "statements": statements,
            "actors": sorted(a.to_dict()["name"] for a in store.actors()),
            "vectors": vectors,
        }


def _assert_same_store(a: dict[str, object], b: dict[str, object]) -> None:
    vectors_a, vectors_b = a.pop("vectors"), b.pop("vectors")
    assert a == b
    assert vectors_a.keys() == vectors_b.keys() and vectors_a
    for key, vector in vectors_a.items():
        np.testing.assert_allclose(vector, vectors_b[key], atol=1e-5)


# -- (a) the same records as the local runner -----------------------------------------


def test_one_outcome_per_input(corpus, ray_outcomes):
    assert len(ray_outcomes) == len(corpus)
    assert len(_articles(ray_outcomes)) == ARTICLES


def test_same_statements_and_positions_as_the_local_runner(local_outcomes, ray_outcomes):
    local, remote = _articles(local_outcomes), _articles(ray_outcomes)
    assert remote.keys() == local.keys()
    for article_id, item in local.items():
        assert _without_embeddings(remote[article_id]) == _without_embeddings(item)
        _assert_same_embeddings(remote[article_id], item)
        for st in remote[article_id].statements:  # provenance: spans point into the text that came back
            for span in (st.speaker, st.cue, *st.content):
                assert span is None or remote[article_id].article.text[span.start : span.end] == span.text


def test_same_contests_as_the_local_runner(local_outcomes, ray_outcomes, tmp_path):
    found = []
    for name, outcomes in (("local", local_outcomes), ("ray", ray_outcomes)):
        with open_store(tmp_path / f"{name}.db") as store:
            for item in _articles(outcomes).values():
                assert store.put(item) == "added"
            found.append([c.to_dict() for c in find_contests(store)])
    assert found[0] and found[1] == found[0]


def test_rows_round_trip_every_field(local_outcomes):
    for item in _articles(local_outcomes).values():
        assert article_from_row(article_row(item)) == item


# -- (d) bad input -------------------------------------------------------------------


def test_bad_input_gives_the_local_runners_problems(local_outcomes, ray_outcomes):
    problems = _problems(ray_outcomes)
    assert problems == _problems(local_outcomes)
    assert sorted(error for _, _, error in problems) == ["BinaryInput", "EmptyInput", "ExtractionError"]


# -- (b) Parquet round trip ----------------------------------------------------------


def test_parquet_round_trip_stores_what_a_direct_ingest_stores(ray_outcomes, direct_db, tmp_path):
    shards = tmp_path / "shards"
    written = write_parquet(ray_outcomes, shards, shard_size=3)
    assert len(written.added) == ARTICLES and len(written.skipped) == 3 and not written.failed
    assert len(list(shards.glob("part-*.parquet"))) == 3  # 3 + 3 + 1 articles
    assert len((shards / "problems.jsonl").read_text(encoding="utf-8").splitlines()) == 3
    assert not [p for p in shards.iterdir() if p.name.startswith(".")]  # no temporary file left

    db = str(tmp_path / "loaded.db")
    with open_store(db) as store:
        first = load_parquet(store, shards)
    assert len(first.added) == ARTICLES and first.ok and first.statements == written.statements
    loaded = _stored(db)
    _assert_same_store(dict(loaded), _stored(direct_db))

    with open_store(db) as store:
        again = load_parquet(store, shards)
    assert again.added == () and len(again.unchanged) == ARTICLES and again.statements == 0
    _assert_same_store(loaded, _stored(db))


def test_a_truncated_shard_is_a_counted_failure_and_the_rest_loads(ray_outcomes, tmp_path):
    shards = tmp_path / "shards"
    write_parquet(ray_outcomes, shards, shard_size=3)
    paths = sorted(shards.glob("part-*.parquet"))
    rows = {p: pq.ParquetFile(p).metadata.num_rows for p in paths}
    broken = max(paths, key=rows.get)
    data = broken.read_bytes()
    broken.write_bytes(data[: len(data) // 2])
    with open_store(tmp_path / "x.db") as store:
        report = load_parquet(store, shards)
        assert len(report.added) == ARTICLES - rows[broken]
        assert [(p.origin, p.error) for p in report.failed] == [(str(broken), "ShardError")]
        assert "unreadable Parquet shard" in report.failed[0].reason
        assert store.counts()["articles"] == ARTICLES - rows[broken]


def test_a_crash_while_writing_leaves_no_partial_shard(ray_outcomes, tmp_path, monkeypatch):
    def crash(table, where, **kwargs):
        where.write(b"PAR1 half a shard")
        raise OSError("No space left on device")

    monkeypatch.setattr(pq, "write_table", crash)
    with pytest.raises(OSError):
        write_parquet(ray_outcomes, tmp_path / "shards", shard_size=3)
    assert list((tmp_path / "shards").iterdir()) == []


def test_cli_ingest_out_then_load(corpus, direct_db, tmp_path):
    with open_store(direct_db, create=False) as store:
        statements = store.counts()["statements"]
    cli = CliRunner()
    out = cli.invoke(main, ["ingest", "--out", str(tmp_path / "shards"), "--runner", "ray",
                            "--actors", SETTINGS.actors_file, *corpus])
    assert out.exit_code == 0, out.output
    assert out.stdout.splitlines()[0] == f"added {ARTICLES}, unchanged 0, skipped 3, failed 0; {statements} statements written"
    db = str(tmp_path / "loaded.db")
    first = cli.invoke(main, ["load", db, str(tmp_path / "shards")])
    assert (first.exit_code, first.stdout) == (0, f"added {ARTICLES}, unchanged 0, skipped 0, failed 0; {statements} statements written\n")
    again = cli.invoke(main, ["load", db, str(tmp_path / "shards")])
    assert (again.exit_code, again.stdout) == (0, f"added 0, unchanged {ARTICLES}, skipped 0, failed 0; 0 statements written\n")
    _assert_same_store(_stored(db), _stored(direct_db))


# -- (c) a worker killed mid-run -----------------------------------------------------


class _DiesOnce(ray_runner._Extractor):
    """A worker that exits (no cleanup, like a kill) on its first batch while the marker file exists."""

    marker = ""

    def __call__(self, batch):
        try:
            os.unlink(self.marker)  # whoever removes it dies; the retried batch finds it gone
        except FileNotFoundError:
            return super().__call__(batch)
        os._exit(1)


def test_a_killed_worker_loses_and_doubles_nothing(corpus, direct_db, tmp_path, monkeypatch):
    marker = tmp_path / "kill-next-batch"
    marker.touch()
    monkeypatch.setattr(_DiesOnce, "marker", str(marker))
    monkeypatch.setattr(ray_runner, "_Extractor", _DiesOnce)
    ray.cloudpickle.register_pickle_by_value(sys.modules[__name__])  # the workers cannot import this module
    db = str(tmp_path / "killed.db")
    try:
        with open_store(db) as store:
            report = ingest(store, corpus, settings=SETTINGS.with_(processes=RAY_WORKERS), runner="ray")
    finally:
        ray.cloudpickle.unregister_pickle_by_value(sys.modules[__name__])
    assert not marker.exists()  # a worker did die
    assert len(report.added) == len(set(report.added)) == ARTICLES
    assert not report.failed and len(report.skipped) == 3
    _assert_same_store(_stored(db), _stored(direct_db))
