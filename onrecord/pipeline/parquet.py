"""Extracted articles as Parquet shards, and from shards into any store.

One row per article, in the columns of :data:`ARTICLE_COLUMNS` (format 1):

    id, name, origin, text, content_hash, title, url, canonical_url,
    site, author, published, language    string  the Article, text included,
    cleaned                              bool    so every span stays checkable
    statements    string        JSON array of the full statement records
    embeddings    list<binary>  one per statement, in order: the position's
                                float32 embedding, null where there is none

``Statement.to_dict`` is the evaluation format and drops what the store keeps
(actor aliases and titles, the holder's affiliation, the embedding), so rows
carry the whole record instead. The Ray runner sends the same rows back from
its workers.

Shards are written under a temporary name and renamed, so a crash leaves no
partial shard; a shard's name is a digest of the article ids in it, so
writing the same articles again replaces a shard with an identical one.
Problems go to ``problems.jsonl`` beside the shards.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict
from dataclasses import fields as fields_of
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._version import __version__
from ..errors import OnrecordError, RayUnavailable, ShardError, SourceNotFound
from ..models import Actor, Article, ExtractedArticle, IngestReport, Position, Problem, Span, Statement, digest
from ..sources import classify

if TYPE_CHECKING:
    import pyarrow as pa

    from ..store import Store

__all__ = ["ARTICLES_PER_SHARD", "article_from_row", "article_row", "load_parquet", "write_parquet"]

FORMAT = "1"  # the row format below; a shard in another format is refused
ARTICLES_PER_SHARD = 1000  # articles per Parquet file (about 30 MB of news text and statements)
LOAD_BATCH_ROWS = 256  # rows read from a shard at a time while loading (bounds memory)
SHARD_GLOB = "part-*.parquet"
PROBLEMS_FILE = "problems.jsonl"
PYARROW_MISSING = "Parquet output needs pyarrow: pip install 'onrecord[ray]'"

ARTICLE_COLUMNS: tuple[str, ...] = (*Article.__dataclass_fields__, "statements", "embeddings")


def article_row(item: ExtractedArticle) -> dict[str, Any]:
    """One article and its statements as a row of plain columns (lossless)."""
    statements, embeddings = [], []
    for st in item.statements:
        record = asdict(st)
        if record["position"] is not None:
            embeddings.append(record["position"].pop("embedding"))
        else:
            embeddings.append(None)
        statements.append(record)
    return {**item.article.to_dict(), "statements": json.dumps(statements, ensure_ascii=False), "embeddings": embeddings}


def article_from_row(row: dict[str, Any]) -> ExtractedArticle:
    """The record :func:`article_row` wrote: ``article_from_row(article_row(x)) == x``."""
    embeddings = row["embeddings"] or []
    records = json.loads(row["statements"])
    if len(embeddings) != len(records):
        raise ValueError(f"{len(records)} statements but {len(embeddings)} embeddings")
    statements = tuple(_statement(r, e) for r, e in zip(records, embeddings, strict=True))
    return ExtractedArticle(article=Article.from_dict(row), statements=statements)


def _statement(record: dict[str, Any], embedding: bytes | None) -> Statement:
    position = record["position"]
    return Statement(**{
        **record,
        "speaker": _span(record["speaker"]),
        "cue": _span(record["cue"]),
        "when": _span(record.get("when")),
        "content": tuple(Span(**s) for s in record["content"]),
        "actors": tuple(_actor(a) for a in record["actors"]),
        "position": None if position is None else Position(**{
            **position, "holder": _actor(position["holder"]), "embedding": embedding,
        }),
    })


def _span(record: dict[str, Any] | None) -> Span | None:
    return None if record is None else Span(**record)


def _actor(record: dict[str, Any] | None) -> Actor | None:
    if record is None:
        return None
    return Actor(**{**record, "aliases": tuple(record["aliases"]), "titles": tuple(record["titles"])})


def arrow_schema() -> pa.Schema:
    """The Arrow schema of an article row, with the format in its metadata."""
    pa = _pyarrow()
    fields = [  # every Article field is a string but the flag ``cleaned``
        pa.field(f.name, pa.bool_() if f.type == "bool" else pa.string()) for f in fields_of(Article)
    ]
    fields += [pa.field("statements", pa.string()), pa.field("embeddings", pa.list_(pa.binary()))]
    return pa.schema(fields, metadata={"onrecord.format": FORMAT, "onrecord.version": __version__})


def write_parquet(
    outcomes: Iterable[ExtractedArticle | Problem],
    out_dir: str | os.PathLike[str],
    *,
    shard_size: int = ARTICLES_PER_SHARD,
) -> IngestReport:
    """Write extracted articles as Parquet shards and problems to ``problems.jsonl``.

    Args:
        outcomes: what a runner yields (``run_local`` or ``run_ray``, with embeddings).
        out_dir: the folder for the shards; created when missing. Shards already
            there are kept; problems are added to the ones already listed.
        shard_size: articles per shard.

    Returns:
        The report: article ids written ("added"; a repeat within the run is
        "unchanged"), skips and failures with reasons, statements written.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    schema = arrow_schema()
    seen: set[str] = set()
    added: list[str] = []
    unchanged: list[str] = []
    problems: list[Problem] = []
    rows: list[dict[str, Any]] = []
    statements = 0
    for outcome in outcomes:
        if isinstance(outcome, Problem):
            problems.append(outcome)
            continue
        if outcome.article.id in seen:
            unchanged.append(outcome.article.id)
            continue
        seen.add(outcome.article.id)
        rows.append(article_row(outcome))
        added.append(outcome.article.id)
        statements += len(outcome.statements)
        if len(rows) >= shard_size:
            _write_shard(out, rows, schema)
            rows = []
    if rows:
        _write_shard(out, rows, schema)
    _add_problems(out / PROBLEMS_FILE, problems)
    return IngestReport(
        added=tuple(added),
        unchanged=tuple(unchanged),
        skipped=tuple(p for p in problems if classify(p) == "skipped"),
        failed=tuple(p for p in problems if classify(p) == "failed"),
        statements=statements,
    )


def _write_shard(out: Path, rows: list[dict[str, Any]], schema: pa.Schema) -> Path:
    """One shard, complete or not at all: written to a hidden temporary file, synced, renamed."""
    import pyarrow.parquet as pq

    table = _pyarrow().Table.from_pylist(rows, schema=schema)
    path = out / f"part-{digest(*(row['id'] for row in rows))}.parquet"
    tmp = out / f".{path.name}.{os.getpid()}.tmp"
    try:
        with open(tmp, "wb") as handle:
            pq.write_table(table, handle, compression="zstd")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    _sync_dir(out)
    return path


def _add_problems(path: Path, problems: list[Problem]) -> None:
    """Add this run's problems to the file's (each line once), replacing it atomically."""
    if not problems and path.exists():
        return
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    known = set(lines)
    for problem in problems:
        line = json.dumps(asdict(problem), ensure_ascii=False)
        if line not in known:
            known.add(line)
            lines.append(line)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    os.replace(tmp, path)


def _sync_dir(path: Path) -> None:
    """Make a rename in ``path`` durable (a no-op where folders cannot be opened)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def load_parquet(
    store: Store,
    directory: str | os.PathLike[str],
    *,
    on_document: Callable[[], None] | None = None,
) -> IngestReport:
    """Put every article of every shard in ``directory`` into ``store``, one transaction each.

    Idempotent: articles already stored are "unchanged", so loading twice
    changes nothing. A shard that cannot be read (truncated, corrupt, not
    onrecord's) is one counted failure naming the file, and the other shards
    still load; rows read from it before the damage stay stored.

    Args:
        store: any open store.
        directory: a folder of ``part-*.parquet`` shards written by :func:`write_parquet`.
        on_document: called once per article, for progress bars.

    Returns:
        The report: added and unchanged article ids, failures with reasons.

    Raises:
        SourceNotFound: the folder does not exist or holds no shards.
    """
    folder = Path(directory)
    shards = sorted(folder.glob(SHARD_GLOB)) if folder.is_dir() else []
    if not shards:
        what = "no such folder" if not folder.is_dir() else f"no Parquet shards ({SHARD_GLOB}) in"
        raise SourceNotFound(f"{what} {folder}: write shards with `onrecord ingest --out {folder} SOURCE...`")
    added: list[str] = []
    unchanged: list[str] = []
    failed: list[Problem] = []
    written = 0
    for shard in shards:
        try:
            for item in _read_shard(shard):
                try:
                    result = store.put(item)
                except OnrecordError as exc:
                    failed.append(Problem(origin=item.article.origin, reason=str(exc), error=type(exc).__name__))
                    continue
                finally:
                    if on_document is not None:
                        on_document()
                (added if result == "added" else unchanged).append(item.article.id)
                written += len(item.statements) if result == "added" else 0
        except ShardError as exc:
            failed.append(Problem(origin=str(shard), reason=str(exc), error=type(exc).__name__))
    return IngestReport(added=tuple(added), unchanged=tuple(unchanged), failed=tuple(failed), statements=written)


def _read_shard(path: Path) -> Iterator[ExtractedArticle]:
    """The articles in one shard, a batch of rows at a time.

    Raises:
        ShardError: the shard is truncated, corrupt or not in this format;
            articles yielded before the damage was found are good.
    """
    import pyarrow.parquet as pq

    _pyarrow()
    try:
        shard = pq.ParquetFile(path)
        found = (shard.schema_arrow.metadata or {}).get(b"onrecord.format", b"").decode()
        if found != FORMAT:
            raise ShardError(f"not an onrecord shard in format {FORMAT} (found {found or 'none'}): write it again")
        for batch in shard.iter_batches(batch_size=LOAD_BATCH_ROWS):
            for row in batch.to_pylist():
                yield article_from_row(row)
    # pyarrow's errors are OSError or ValueError subclasses; the others come from a malformed row
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ShardError(f"unreadable Parquet shard ({exc}): write it again") from exc


def _pyarrow() -> Any:
    try:
        import pyarrow
    except ImportError as exc:
        raise RayUnavailable(PYARROW_MISSING) from exc
    return pyarrow
