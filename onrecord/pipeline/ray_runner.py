"""The Ray runner: the local runner's stages on Ray Data, locally or on a cluster.

    driver   documents → input rows (seq, kind, record) in object-store blocks
    workers  map_batches over an actor pool: to_article, then extract_chunk;
             each worker loads the pipeline (and the embedder) once
    driver   output rows (``parquet.article_row`` columns, seq, problem) → records

The inputs are read into Ray's object store (which spills to disk past its
share of memory) before the first batch runs; a raw document's article is
extracted on the workers, so trafilatura scales out with the NLP.

Nothing is written by the workers: the caller stores or writes what the
driver yields, so a batch that Ray runs again after its worker died cannot
half-write anything, and the driver drops a row whose ``seq`` it has already
yielded. Outcomes come in no particular order, one per input.
"""

from __future__ import annotations

import json
import logging
import os
import re
import socket
import warnings
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from .. import errors
from ..errors import OnrecordError, RayRunError, RayUnavailable
from ..models import Article, ExtractedArticle, Problem, RawDocument
from ..settings import DEFAULT_SETTINGS, Settings
from .local import _init_worker, extract_chunk, worker_count
from .parquet import ARTICLE_COLUMNS, article_from_row, article_row, arrow_schema
from .stages import to_article

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["run_ray"]

Outcome = ExtractedArticle | Problem

RAY_MISSING = "the Ray runner needs ray: pip install 'onrecord[ray]'"
MAX_RESTARTS = 4  # times Ray restarts a worker that died; each restart loads the model again
MAX_TASK_RETRIES = 4  # times a batch whose worker died runs again, on the restarted worker
CONNECT_TIMEOUT_S = 5.0  # to reach a cluster's HOST:PORT before handing it to Ray
TASKS_IN_FLIGHT_PER_WORKER = 2  # batches queued on a worker, so it never waits for the next
# Ray's INFO lines and Ray Data's progress notices would bury onrecord's progress bar
_QUIET = {"ray": logging.ERROR, "ray.data": logging.ERROR}
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
# an unindented "package.module.Name: message" line of a traceback
_EXCEPTION_LINE = re.compile(r"^(?P<qualname>(?:[A-Za-z_]\w*\.)*(?P<name>[A-Za-z_]\w*)): (?P<message>.+)$", re.MULTILINE)


def run_ray(
    documents: Iterable[RawDocument | Article | Problem],
    *,
    settings: Settings = DEFAULT_SETTINGS,
    address: str | None = None,
    workers: int | None = None,
    on_document: Callable[[], None] | None = None,
    embed: bool = True,
) -> Iterator[Outcome]:
    """Extract every document on Ray: an ExtractedArticle or a Problem each, in no set order.

    Args:
        documents: raw documents (their article is extracted on the workers),
            articles, and source problems (passed through at once).
        settings: cleaning, batch size (articles per Ray batch), the actors file
            (a path every worker can read) and ``processes``, the default worker count.
        address: a running Ray cluster ("auto", "HOST:PORT", "ray://HOST:PORT");
            ``None`` starts a local Ray on this machine's CPUs and stops it after.
            When Ray is already initialised in this process, that session is used.
        workers: Ray workers (actors, one CPU each); default ``settings.processes``,
            else one per CPU of the cluster (locally at most 4).
        on_document: called once per outcome, for progress bars.
        embed: embed every position's proposition (for storing).

    Returns:
        An iterator of outcomes, one per input.

    Raises:
        OnrecordError: Ray is not installed, or the run failed after the retries;
            outcomes yielded before stay valid, so storing them and running
            again finishes the job.
    """
    ray = _import_ray()
    blocks = _input_blocks(documents, settings.batch_size)
    for block in blocks:  # problems before the first article need no Ray
        if not isinstance(block, Problem):
            break
        yield from _ticked([block], on_document)
    else:
        return
    with _session(ray, address, settings, workers) as size:
        refs = [ray.put(block)]
        pending = block.num_rows
        for block in blocks:
            if isinstance(block, Problem):
                yield from _ticked([block], on_document)
                continue
            refs.append(ray.put(block))
            pending += block.num_rows
        dataset = _dataset(ray, refs, settings, min(size, len(refs)), embed)  # a worker per batch at most
        yield from _ticked(_outcomes(ray, dataset, pending), on_document)


def _dataset(ray: Any, refs: list[Any], settings: Settings, size: int, embed: bool) -> Any:
    """The input blocks mapped through a fixed pool of ``size`` extracting workers."""
    with warnings.catch_warnings():
        # Ray 2.60 deprecates max_restarts/max_task_retries here and names no replacement;
        # left out, Ray Data retries forever, and an article that kills its worker every
        # time would hang the run instead of failing it.
        warnings.filterwarnings("ignore", message="`ray_remote_args` is deprecated")
        return ray.data.from_arrow_refs(refs).map_batches(
            _Extractor,
            fn_constructor_kwargs={"settings": settings, "embed": embed},
            batch_size=settings.batch_size,
            batch_format="pyarrow",
            compute=ray.data.ActorPoolStrategy(size=size, max_tasks_in_flight_per_actor=TASKS_IN_FLIGHT_PER_WORKER),
            num_cpus=1,
            max_restarts=MAX_RESTARTS,
            max_task_retries=MAX_TASK_RETRIES,
        )


def _import_ray() -> Any:
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")  # before the import: ray reads it then
    try:
        import ray
        import ray.data
    except ImportError as exc:
        raise RayUnavailable(RAY_MISSING) from exc
    return ray


@contextmanager
def _session(ray: Any, address: str | None, settings: Settings, workers: int | None) -> Iterator[int]:
    """Ray initialised (and shut down after, when this started it), quiet; yields the worker count."""
    with _quiet(ray):
        started = _connect(ray, address, workers)
        try:
            yield workers or _default_workers(ray, settings, local=address is None and started)
        finally:
            if started:
                ray.shutdown()


def _connect(ray: Any, address: str | None, workers: int | None) -> bool:
    """Start a local Ray or join the cluster at ``address``; False when Ray was already initialised."""
    if ray.is_initialized():
        return False
    if address is not None:
        _check_reachable(address)
    try:
        if address is None:
            cpus = max(os.cpu_count() or 1, workers or 0)
            ray.init(address="local", num_cpus=cpus, include_dashboard=False, log_to_driver=False,
                     logging_level=logging.ERROR)
        else:
            ray.init(address=address, log_to_driver=False, logging_level=logging.ERROR)
    except (ConnectionError, RuntimeError, ValueError) as exc:
        where = f"the Ray cluster at {address}" if address else "a local Ray"
        raise RayRunError(f"could not start or reach {where} ({exc}): check the address, "
                            "or leave it out to run on this machine") from exc
    return True


def _check_reachable(address: str) -> None:
    """Fail fast on a HOST:PORT nobody listens on (Ray itself retries for minutes)."""
    host, _, port = address.rpartition(":")
    if "://" in address or not host or not port.isdigit():
        return  # "auto" and ray:// addresses are Ray's to resolve
    try:
        socket.create_connection((host, int(port)), timeout=CONNECT_TIMEOUT_S).close()
    except OSError as exc:
        raise RayRunError(
            f"no Ray cluster answers at {address} ({exc}): start one with `ray start --head`, "
            "check the address, or leave it out to run on this machine"
        ) from exc


@contextmanager
def _quiet(ray: Any) -> Iterator[None]:
    """Ray's INFO lines and Ray Data's progress output off for the run, as they were after."""
    levels = {name: logging.getLogger(name).level for name in _QUIET}
    for name, level in _QUIET.items():
        logging.getLogger(name).setLevel(level)
    context = ray.data.DataContext.get_current()
    saved = context.enable_progress_bars, context.print_on_execution_start
    context.enable_progress_bars, context.print_on_execution_start = False, False
    try:
        yield
    finally:
        context.enable_progress_bars, context.print_on_execution_start = saved
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)


def _default_workers(ray: Any, settings: Settings, *, local: bool) -> int:
    if settings.processes > 0 or local:
        return worker_count(settings)
    return max(1, int(ray.cluster_resources().get("CPU", 1)))


def _input_blocks(documents: Iterable[RawDocument | Article | Problem], size: int) -> Iterator[pa.Table | Problem]:
    """Problems as they come, and the other inputs as Arrow tables of ``size`` rows (one Ray batch each)."""
    import pyarrow as pa

    schema = pa.schema([("seq", pa.int64()), ("kind", pa.string()), ("record", pa.string())])
    rows: list[dict[str, Any]] = []
    for seq, doc in enumerate(documents):
        if isinstance(doc, Problem):
            yield doc
            continue
        kind = "article" if isinstance(doc, Article) else "raw"
        rows.append({"seq": seq, "kind": kind, "record": json.dumps(asdict(doc), ensure_ascii=False)})
        if len(rows) == size:
            yield pa.Table.from_pylist(rows, schema=schema)
            rows = []
    if rows:
        yield pa.Table.from_pylist(rows, schema=schema)


def output_schema() -> pa.Schema:
    """A worker's output rows: an article row, or a problem (JSON) with the article columns null."""
    import pyarrow as pa

    base = arrow_schema()
    return pa.schema([pa.field("seq", pa.int64()), pa.field("problem", pa.string()), *base])


class _Extractor:
    """One Ray worker: loads the pipeline (and the embedder) once, then extracts batch after batch."""

    def __init__(self, settings: Settings, embed: bool) -> None:
        from ..nlp import load_pipeline

        self.nlp = load_pipeline(settings.actors_file, model=settings.model, interview_answers=settings.interview_answers)
        if embed:
            from ..embed import load_embedder

            load_embedder()
        _init_worker()  # one torch thread: Ray gives each worker one CPU
        self.clean = settings.clean
        self.embed = embed
        self.schema = output_schema()

    def __call__(self, batch: pa.Table) -> pa.Table:
        import pyarrow as pa

        rows = batch.to_pylist()
        items = [_item(row, clean=self.clean) for row in rows]
        outcomes = extract_chunk(items, self.nlp, embed=self.embed)
        out = [_output_row(row["seq"], outcome) for row, outcome in zip(rows, outcomes, strict=True)]
        return pa.Table.from_pylist(out, schema=self.schema)


def _item(row: dict[str, Any], *, clean: bool) -> Article | Problem:
    record = json.loads(row["record"])
    if row["kind"] == "article":
        return Article.from_dict(record)
    return to_article(RawDocument(**record), clean=clean)


def _output_row(seq: int, outcome: Outcome) -> dict[str, Any]:
    if isinstance(outcome, Problem):
        return {"seq": seq, "problem": json.dumps(asdict(outcome), ensure_ascii=False)}
    return {"seq": seq, "problem": None, **article_row(outcome)}


def _outcome(row: dict[str, Any]) -> Outcome:
    if row["problem"] is not None:
        return Problem(**json.loads(row["problem"]))
    return article_from_row({name: row[name] for name in ARTICLE_COLUMNS})


def _outcomes(ray: Any, dataset: Any, expected: int) -> Iterator[Outcome]:
    """Each output row once, as a record; a failed run becomes an OnrecordError."""
    seen: set[int] = set()
    try:
        for table in dataset.iter_batches(batch_size=None, batch_format="pyarrow"):
            for row in table.to_pylist():
                if row["seq"] not in seen:  # a retried batch can repeat rows already yielded
                    seen.add(row["seq"])
                    yield _outcome(row)
    except ray.exceptions.RayError as exc:
        raise _run_failed(exc, done=len(seen), expected=expected) from exc
    if len(seen) != expected:
        raise RayRunError(f"the Ray run returned {len(seen)} of {expected} articles: run the same command again")


def _run_failed(exc: Exception, *, done: int, expected: int) -> OnrecordError:
    """The onrecord error a worker raised (a missing model, say), else a summary of Ray's.

    Ray hands back a worker's exception as text (a traceback inside its own
    exception), so the first exception line in it names the root cause.
    """
    text = _ANSI.sub("", str(exc))
    reason = type(exc).__name__
    for line in _EXCEPTION_LINE.finditer(text):
        if line["qualname"].startswith("ray."):
            continue
        known = getattr(errors, line["name"], None) if line["qualname"].startswith("onrecord.errors.") else None
        if isinstance(known, type) and issubclass(known, OnrecordError):
            return known(line["message"])
        reason = f"{line['name']}: {line['message']}"
        break
    return RayRunError(
        f"the Ray run failed after {done} of {expected} articles ({reason}): "
        "what was already stored stays stored; run the same command again to finish"
    )


def _ticked(outcomes: Iterable[Outcome], on_document: Callable[[], None] | None) -> Iterator[Outcome]:
    for outcome in outcomes:
        yield outcome
        if on_document is not None:
            on_document()
