"""The ``onrecord`` command line: each command parses input, calls the library, formats output."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import click

from . import __version__
from .errors import OnrecordError
from .models import ExtractedArticle, IngestReport, Problem
from .render import actor_label, jsonl_line, statements_csv, statements_table
from .settings import DEFAULT_SETTINGS, MODELS, Settings, default_db

EXIT_FAILED = 1  # some input failed; everything else was processed
EXIT_ERROR = 2  # the command could not run (bad database, missing model, ...)
EXIT_INTERRUPTED = 130  # stopped by Ctrl-C (128 + SIGINT), as shells report it


class _Group(click.Group):
    """Turns onrecord's named errors into one-line messages and exit code 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except OnrecordError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(EXIT_ERROR)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="onrecord")
def main() -> None:
    """onrecord: who said what, about whom, when, from news articles."""


INTERVIEW_OPTION = click.option(
    "--interview-answers", is_flag=True,
    help="A question-and-answer interview's \"A:\" answers are statements of the interviewee "
    "(the person its introduction names most often).",
)
MODEL_OPTION = click.option(
    "--model", type=click.Choice(MODELS), default="full", show_default=True,
    help="full: the trained tagger and its content reader; tagger: without the reader (faster); "
    "rules: the parse rules alone (about 1.8x as fast, most reported speech missed).",
)


def _settings(
    no_clean: bool = False, timeout: float | None = None, processes: int = 0, actors: Path | None = None, model: str = "full",
    interview_answers: bool = False,
) -> Settings:
    changes: dict[str, Any] = {
        "clean": not no_clean, "processes": max(0, processes), "model": model, "interview_answers": interview_answers,
    }
    if actors is not None:
        changes["actors_file"] = str(actors)
    if timeout is not None:
        changes["fetch_timeout_s"] = timeout
    return DEFAULT_SETTINGS.with_(**changes)


@contextmanager
def _progress(label: str) -> Iterator[Any]:
    """A progress bar on stderr when it is a terminal; silent otherwise."""
    from tqdm import tqdm

    with tqdm(desc=label, unit=" docs", file=sys.stderr, disable=None, leave=False) as bar:
        yield lambda: bar.update(1)


def _summary(report: IngestReport) -> str:
    lines = [
        f"added {len(report.added)}, unchanged {len(report.unchanged)}, "
        f"skipped {len(report.skipped)}, failed {len(report.failed)}; {report.statements} statements written"
    ]
    lines += [f"  skipped {p.line()}" for p in report.skipped]
    lines += [f"  failed  {p.line()}" for p in report.failed]
    return "\n".join(lines)


@main.command()
@click.argument("targets", nargs=-1, required=True, metavar="DB SOURCE...")
@click.option("--no-clean", is_flag=True, help="Keep plain text exactly as read (no junk removal).")
@click.option("--timeout", type=float, default=None, help="Seconds to wait for each URL (default 15).")
@click.option("--processes", "-j", type=int, default=0, help="Worker processes for the NLP stages, or Ray workers with --runner ray (default: one per CPU, at most 4).")
@click.option("--actors", type=click.Path(dir_okay=False, path_type=Path), default=None, help="A user actors TOML file extending the built-in gazetteer.")
@click.option("--runner", type=click.Choice(["local", "ray"]), default="local", show_default=True, help="Run the NLP stages in local processes or on Ray.")
@click.option("--address", metavar="ADDR", default=None, help="With --runner ray: the Ray cluster to join (auto, HOST:PORT or ray://HOST:PORT) instead of a local Ray.")
@click.option("--out", metavar="DIR", type=click.Path(file_okay=False, path_type=Path), default=None, help="Write Parquet shards to this folder instead of a database (then leave DB out).")
@MODEL_OPTION
@INTERVIEW_OPTION
def ingest(
    targets: tuple[str, ...], no_clean: bool, timeout: float | None, processes: int, actors: Path | None,
    runner: str, address: str | None, out: Path | None, model: str, interview_answers: bool,
) -> None:
    """Extract statements from SOURCES and store them in DB (a SQLite file).

    SOURCES are files, folders, globs, http(s) URLs, RSS/Atom feeds, JSONL
    files, or - for stdin. Ingesting the same input twice changes nothing.
    With --out DIR there is no DB: every argument is a source, and the
    articles go to Parquet shards in DIR (load them with `onrecord load`).
    The exit code is 1 when any input failed.
    """
    from .pipeline import ingest as run_ingest
    from .pipeline import ingest_parquet
    from .store import open_store

    if address is not None and runner != "ray":
        raise click.UsageError("--address needs --runner ray")
    if out is None and len(targets) < 2:
        raise click.UsageError("give DB and at least one SOURCE (or --out DIR and SOURCE...)")
    settings = _settings(no_clean, timeout, processes, actors, model, interview_answers)
    try:
        with _progress("ingest") as tick:
            if out is not None:
                report = ingest_parquet(out, targets, settings=settings, on_document=tick, runner=runner, address=address)
            else:
                with open_store(targets[0]) as store:
                    report = run_ingest(store, targets[1:], settings=settings, on_document=tick, runner=runner, address=address)
    except KeyboardInterrupt:
        kept = "shard written" if out is not None else "article stored"
        click.echo(f"interrupted: every {kept} before the interrupt is kept; run the same command to finish", err=True)
        sys.exit(EXIT_INTERRUPTED)
    click.echo(_summary(report))
    if not report.ok:
        sys.exit(EXIT_FAILED)


@main.command()
@click.argument("db")
@click.argument("directory", metavar="DIR", type=click.Path(exists=True, file_okay=False, path_type=Path))
def load(db: str, directory: Path) -> None:
    """Load the Parquet shards in DIR (from `onrecord ingest --out DIR`) into DB.

    Loading the same shards twice changes nothing. A shard that cannot be read
    is a failure naming the file; the other shards still load. The exit code
    is 1 when any shard or article failed.
    """
    from .pipeline import load_parquet
    from .store import open_store

    try:
        with open_store(db) as store, _progress("load") as tick:
            report = load_parquet(store, directory, on_document=tick)
    except KeyboardInterrupt:
        click.echo("interrupted: every article stored before the interrupt is kept; run the same command to finish", err=True)
        sys.exit(EXIT_INTERRUPTED)
    click.echo(_summary(report))
    if not report.ok:
        sys.exit(EXIT_FAILED)


@main.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--jsonl", is_flag=True, help="One statement per line in the evaluation format.")
@click.option("--no-clean", is_flag=True, help="Keep text exactly as read so offsets point into the file.")
@click.option("--processes", "-j", type=int, default=0, help="Worker processes for the NLP stages (default: one per CPU, at most 4).")
@click.option("--actors", type=click.Path(dir_okay=False, path_type=Path), default=None, help="A user actors TOML file extending the built-in gazetteer.")
@MODEL_OPTION
@INTERVIEW_OPTION
def extract(
    files: tuple[str, ...], jsonl: bool, no_clean: bool, processes: int, actors: Path | None, model: str,
    interview_answers: bool,
) -> None:
    """Print the statements in FILES (or URLs, feeds, - for stdin) without a database."""
    from .pipeline import extract as run_extract

    failed = False
    with _progress("extract") as tick:
        settings = _settings(no_clean, processes=processes, actors=actors, model=model, interview_answers=interview_answers)
        for outcome in run_extract(files, settings=settings, on_document=tick):
            if isinstance(outcome, Problem):
                click.echo(f"skipped {outcome.line()}", err=True)
                failed = True
            elif jsonl:
                _print_jsonl(outcome)
            else:
                title = outcome.article.title or outcome.article.name
                click.echo(f"# {title}\n")
                click.echo(statements_table(outcome.statements) + "\n")
    if failed:
        sys.exit(EXIT_FAILED)


def _print_jsonl(item: ExtractedArticle) -> None:
    for st in item.statements:
        click.echo(jsonl_line(st.to_dict(doc=item.article.name)))


@main.command()
@click.argument("db")
@click.option("--speaker", default=None, help="Only statements whose speaker or actor matches NAME.")
@click.option("--article", "article_id", default=None, help="Only statements of this article id.")
@click.option("--limit", type=int, default=None, help="At most this many statements.")
@click.option("--jsonl", "fmt", flag_value="jsonl", help="One JSON statement per line.")
@click.option("--csv", "fmt", flag_value="csv", help="CSV with a header row.")
@click.option("--topic", default=None, help="Only statements about this topic, by meaning as well as words.")
def statements(db: str, speaker: str | None, article_id: str | None, limit: int | None, fmt: str | None, topic: str | None) -> None:
    """List stored statements, optionally by speaker, article or topic."""
    from .store import open_store

    with open_store(db, create=False) as store:
        if topic is not None:
            from .topics import statements_on_topic

            hits = statements_on_topic(store, topic, limit=limit or 20)
            rows = [h.statement for h in hits
                    if (article_id is None or h.statement.article_id == article_id)
                    and (speaker is None or _speaks(h.statement, speaker))]
        else:
            rows = store.statements(speaker=speaker, article_id=article_id, limit=limit)
        stories = store.stories_of(sorted({st.article_id for st in rows}))
    if fmt == "jsonl":
        for st in rows:
            story = stories.get(st.article_id)
            record = st.to_dict()
            if story is not None:
                record["story"] = {"id": story.id, "outlets": story.outlets, "copy": story.id != st.article_id}
            click.echo(jsonl_line(record))
    elif fmt == "csv":
        click.echo(statements_csv(rows), nl=False)
    else:
        click.echo(statements_table(rows, outlets={aid: s.outlets for aid, s in stories.items()}))


@main.command()
@click.argument("db")
@click.argument("query")
@click.option("--limit", type=int, default=20, show_default=True, help="At most this many hits.")
@click.option("--jsonl", is_flag=True, help="One JSON hit per line.")
def search(db: str, query: str, limit: int, jsonl: bool) -> None:
    """Full-text search over statement contents and article text."""
    from .store import open_store

    with open_store(db, create=False) as store:
        hits = store.search(query, limit=limit)
    for hit in hits:
        if jsonl:
            record = {"kind": hit.kind, "article_id": hit.article_id, "title": hit.article_title, "snippet": hit.snippet}
            if hit.statement is not None:
                record["statement"] = hit.statement.to_dict()
            click.echo(jsonl_line(record))
        elif hit.statement is not None:
            click.echo(f"[statement] {actor_label(hit.statement)}: {_one_line(hit.snippet)}")
        else:
            click.echo(f"[article] {_one_line(hit.article_title or hit.article_id)}: {_one_line(hit.snippet)}")
    if not hits and not jsonl:
        click.echo("no matches")


def _speaks(st: Any, name: str) -> bool:
    needle = name.casefold()
    texts = [st.speaker.text if st.speaker else "", *(a.name for a in st.actors)]
    return any(needle in t.casefold() for t in texts)


@main.command()
@click.argument("db")
@click.option("--jsonl", is_flag=True, help="One actor per line: name, kind, affiliation, aliases, titles, statements.")
def actors(db: str, jsonl: bool) -> None:
    """List the actors across all articles, with aliases, affiliation and statement counts."""
    from .store import open_store

    with open_store(db, create=False) as store:
        found = store.actors()
        counts = store.actor_counts()
    for actor in sorted(found, key=lambda a: (-counts.get(a.name, 0), a.name)):
        n = counts.get(actor.name, 0)
        if jsonl:
            click.echo(jsonl_line({**actor.to_dict(), "statements": n}))
            continue
        aff = f" ({actor.affiliation})" if actor.affiliation and actor.affiliation != actor.name else ""
        line = f"{n:>5}  {actor.name}{aff} [{actor.kind}]"
        if actor.aliases:
            line += f"  aka {', '.join(actor.aliases)}"
        click.echo(line)
    if not found and not jsonl:
        click.echo("no actors")


@main.command()
@click.argument("db")
@click.option("--holder", default=None, help="Only contests about this holder (an actor's canonical name).")
@click.option("--jsonl", is_flag=True, help="One contest per line: holder, claim, counter, similarity, reason.")
def contested(db: str, holder: str | None, jsonl: bool) -> None:
    """Claims about an actor's position that the actor's own words contradict."""
    from .contests import find_contests, render_contests
    from .store import open_store

    with open_store(db, create=False) as store:
        found = find_contests(store, holder=holder)
    if jsonl:
        for contest in found:
            click.echo(jsonl_line(contest.to_dict()))
        return
    for line in render_contests(found):
        click.echo(line)
    click.echo(f"{len(found)} contests" if found else "no contests")


def _one_line(text: str) -> str:
    return " ".join(text.split())


@main.command()
@click.option("--db", default=None, help="SQLite file to use (default: $ONRECORD_DB or ./onrecord.db).")
def demo(db: str | None) -> None:
    """Ingest the founding article into the default database and show its statements."""
    from .pipeline import ingest as run_ingest
    from .store import open_store

    target = db or default_db()
    article = resources.files("onrecord").joinpath("data/founding_article.txt")
    with resources.as_file(article) as path, open_store(target) as store:
        report = run_ingest(store, [str(path)])
        ids = report.added + report.unchanged
        rows = [st for aid in ids for st in store.statements(article_id=aid)]
        title = store.article(ids[0]).title if ids else None  # type: ignore[union-attr]
        from .contests import find_contests, render_contests

        contests = find_contests(store)
    click.echo(f"onrecord demo — database: {target}")
    click.echo(_summary(report) + "\n")
    click.echo(f"# {title}\n")
    click.echo(statements_table(rows))
    click.echo(f"\n## Contested: {len(contests)} claims the holder's own words contradict\n")
    for line in render_contests(contests):
        click.echo(line)
    click.echo(f"Next: onrecord statements {target} --speaker Lavrov   |   onrecord contested {target} --holder Russia")
    click.echo(f"      onrecord serve {target}   (then open http://127.0.0.1:8001/)")
    if not report.ok:
        sys.exit(EXIT_FAILED)


@main.command()
@click.argument("db")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=int, default=8001, show_default=True, help="Port to listen on.")
@click.option("--workers", type=click.IntRange(0, 32), default=0, help="Server processes (default: one per CPU, at most 4).")
@click.option("--token-file", type=click.Path(dir_okay=False, exists=True, path_type=Path), default=None,
              help="Accept POST /api/ingest from requests bearing the token in this file (or $ONRECORD_TOKEN).")
@click.option("--allow-private-urls", is_flag=True, help="Let /api/ingest fetch loopback, private and link-local addresses.")
def serve(db: str, host: str, port: int, workers: int, token_file: Path | None, allow_private_urls: bool) -> None:
    """Serve DB as web pages and a JSON API (read-only unless a token is given)."""
    from .web import serve as run_server

    token = token_file.read_text(encoding="utf-8").strip() if token_file else os.environ.get("ONRECORD_TOKEN") or None
    if token_file and not token:
        raise click.UsageError(f"{token_file} is empty: put the token in it")
    click.echo(f"onrecord serving {db} on http://{host}:{port}/ ({'writes need the token' if token else 'read-only'})")
    run_server(db, host=host, port=port, workers=workers, token=token, allow_private_urls=allow_private_urls)


@main.group(name="eval")
def eval_group() -> None:
    """Score extraction against an annotated corpus."""


@eval_group.command(name="polnear")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--json", "json_path", type=click.Path(dir_okay=False, path_type=Path), help="Also write the scores as JSON.")
@click.option("--annotators", is_flag=True,
              help="Score the corpus's other annotators against the first instead: how far people agree.")
@MODEL_OPTION
def eval_polnear(directory: Path, json_path: Path | None, annotators: bool, model: str) -> None:
    """Score `extract --no-clean` on a PolNeAR split (DIRECTORY holds text/ and attributions/)."""
    from .evaluate import annotator_agreement, evaluate_polnear

    if annotators:
        agreement = annotator_agreement(directory)
        pairs, articles = agreement.report.counts.documents, agreement.articles
        click.echo(f"{pairs} annotation{'s' * (pairs != 1)} of {articles} article{'s' * (articles != 1)} "
                   "by other annotators, scored against the first annotator's\n")
        click.echo(agreement.report.table())
        scores = agreement.to_dict()
    else:
        report = evaluate_polnear(directory, model=model)
        click.echo(report.table())
        scores = report.to_dict()
    if json_path is not None:
        json_path.write_text(json.dumps(scores, indent=2) + "\n", encoding="utf-8")
