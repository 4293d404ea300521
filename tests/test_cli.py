"""The command line as users touch it: click's CliRunner, exact output, exit codes."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from onrecord.cli import main
from onrecord.render import CSV_FIELDS

COMMANDS = ("ingest", "extract", "statements", "actors", "contested", "search", "demo", "eval", "serve", "load")
# The evaluation format: one statement per line (``actors`` only when there are several).
EVAL_KEYS = {"doc", "speaker", "cue", "content", "kind", "actor", "cue_lemma", "sentence", "date", "when", "id", "article_id", "position"}
SPAN_KEYS = {"start", "end", "text"}
ACTOR_KEYS = {"name", "kind", "affiliation"}

JANE = "Mayor Jane Doe said the bridge would reopen in May. She added that the repairs would cost $4 million.\n"
BOB = "Governor Bob Roe said the tunnel would close in June.\n\n“We have no choice,” Roe told reporters.\n"
JANE_CRLF = (
    "Share on Facebook Share on Twitter\r\n\r\n"
    "Mayor Jane Doe said the bridge would reopen in May.\r\n\r\n"
    "She added that the repairs would cost $4 million.\r\n"
)

FOUNDING_TITLE = "# The US claims of Russian concessions on Ukraine’s security are reportedly lacking."
FOUNDING_JUNK = ("Jaw Cyst", "Khaled Sadek", "Leave a Reply", "Your email address will not be published")


def invoke(*args: str) -> Result:
    """Run ``onrecord ARGS`` in-process at a fixed width; only SystemExit may escape the command."""
    result = CliRunner(env={"COLUMNS": "110"}).invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def write(path: Path, text: str) -> Path:
    """Write ``text`` byte for byte (no newline translation)."""
    path.write_bytes(text.encode("utf-8"))
    return path


def raw(path: Path) -> str:
    """A file's text exactly as stored, line endings included."""
    with open(path, encoding="utf-8", newline="") as handle:
        return handle.read()


def jsonl(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines()]


def spans(record: dict) -> list[dict]:
    return [s for s in (record["speaker"], record["cue"], *record["content"]) if s is not None]


def assert_spans_point_into(text: str, record: dict) -> None:
    for span in spans(record):
        assert text[span["start"] : span["end"]] == span["text"], span


def words(content: str) -> str:
    """Content without the quote marks and final comma or stop that a quotation span may carry."""
    return content.strip("“”\"‘’").rstrip(",.")


def brief(record: dict) -> tuple:
    """Who, cue, what (quote marks aside), kind and resolved actor name of one JSONL statement."""
    actor = record["actor"]["name"] if record["actor"] else None
    speaker = record["speaker"]["text"] if record["speaker"] else None
    content = [words(c["text"]) for c in record["content"]]
    return speaker, record["cue"]["text"], content, record["kind"], actor


# -- help ----------------------------------------------------------------------


def test_help_lists_every_command() -> None:
    result = invoke("--help")
    assert result.exit_code == 0
    listed = re.findall(r"^  (\S+)\s", result.stdout.split("Commands:")[1], flags=re.MULTILINE)
    assert sorted(listed) == sorted(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str) -> None:
    result = invoke(command, "--help")
    assert result.exit_code == 0
    assert result.stdout.split()[:3] == ["Usage:", "main", command]


# -- eval ------------------------------------------------------------------------


def _ann(text: str, content: str) -> str:
    s = text.index(content)
    return f"T1\tContent {s} {s + len(content)}\t{content}\nT2\tCue 0 4\tTold\nE1\tAttribution:T2 Content:T1 Cue:T2\n"


def test_eval_annotators_scores_the_second_annotator_against_the_first(tmp_path: Path) -> None:
    text = "Told: the port will reopen and the fares will rise.\n"
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    write(tmp_path / "text" / "port.txt", text)
    write(tmp_path / "attributions" / "port_a1.ann", _ann(text, "the port will reopen and the fares will rise"))
    write(tmp_path / "attributions" / "port_b2.ann", _ann(text, "the port will reopen"))
    out = tmp_path / "agreement.json"
    result = invoke("eval", "polnear", str(tmp_path), "--annotators", "--json", str(out))
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "1 annotation of 1 article by other annotators, scored against the first annotator's"
    scores = json.loads(out.read_text(encoding="utf-8"))
    assert (scores["articles"], scores["annotations"]) == (1, 1)
    assert scores["content_lenient"]["f1"] == 0.0  # Jaccard 17/36: under half
    assert "content (lenient)      0.000   0.000   0.000" in result.stdout

    (tmp_path / "attributions" / "port_b2.ann").unlink()
    result = invoke("eval", "polnear", str(tmp_path), "--annotators")
    assert result.exit_code == 2 and "two annotation files" in result.stderr


# -- extract ---------------------------------------------------------------------


@pytest.mark.model
def test_extract_jsonl_is_the_evaluation_format(tmp_path: Path) -> None:
    path = write(tmp_path / "bridge.txt", JANE)
    result = invoke("extract", str(path), "--jsonl")
    assert result.exit_code == 0
    assert result.stderr == ""
    records = jsonl(result.stdout)
    for record in records:
        assert set(record) == EVAL_KEYS
        assert record["doc"] == "bridge"
        assert all(set(s) == SPAN_KEYS for s in spans(record))
        assert set(record["actor"]) == ACTOR_KEYS
        assert_spans_point_into(raw(path), record)
    assert [brief(r) for r in records] == [
        ("Mayor Jane Doe", "said", ["the bridge would reopen in May"], "indirect", "Jane Doe"),
        ("She", "added", ["that the repairs would cost $4 million"], "indirect", "Jane Doe"),
    ]
    assert records[0]["actor"] == {"name": "Jane Doe", "kind": "person", "affiliation": None}
    assert [r["sentence"] for r in records] == [0, 1]
    assert len({r["article_id"] for r in records}) == 1


@pytest.mark.model
def test_extract_direct_quote_after_paragraph_break(tmp_path: Path) -> None:
    path = write(tmp_path / "tunnel.txt", BOB)
    records = jsonl(invoke("extract", str(path), "--jsonl").stdout)
    assert [brief(r) for r in records] == [
        ("Governor Bob Roe", "said", ["the tunnel would close in June"], "indirect", "Bob Roe"),
        ("Roe", "told", ["We have no choice"], "direct", "Bob Roe"),
    ]
    for record in records:
        assert_spans_point_into(BOB, record)


@pytest.mark.model
def test_extract_no_clean_keeps_offsets_into_a_crlf_file(tmp_path: Path) -> None:
    path = write(tmp_path / "crlf.txt", JANE_CRLF)
    text = raw(path)
    assert "\r\n" in text

    kept = jsonl(invoke("extract", str(path), "--jsonl", "--no-clean").stdout)
    assert [r["speaker"]["text"] for r in kept] == ["Mayor Jane Doe", "She"]
    assert kept[0]["speaker"]["start"] == text.index("Mayor Jane Doe")
    assert kept[1]["content"][0]["end"] == text.index(".\r\n", text.index("She"))
    for record in kept:
        assert_spans_point_into(text, record)

    # Cleaning drops the share line, so the default offsets point into the cleaned text instead.
    cleaned = jsonl(invoke("extract", str(path), "--jsonl").stdout)
    assert [r["speaker"]["start"] for r in cleaned] != [r["speaker"]["start"] for r in kept]
    assert cleaned[0]["speaker"]["start"] == 0


@pytest.mark.model
@pytest.mark.parametrize("junk", ["Share on Facebook Share on Twitter", "Posted by admin"])
def test_extract_no_clean_junk_line_stays_out_of_the_speaker(tmp_path: Path, junk: str) -> None:
    path = write(tmp_path / "junk.txt", f"{junk}\r\nMayor Jane Doe said the bridge would reopen in May.\r\n")
    [record] = jsonl(invoke("extract", str(path), "--jsonl", "--no-clean").stdout)
    assert record["speaker"] is not None and record["speaker"]["text"] == "Mayor Jane Doe"


@pytest.mark.model
def test_extract_table_has_title_and_statements(tmp_path: Path) -> None:
    path = write(tmp_path / "bridge.txt", "Bridge to reopen\n\n" + JANE)
    result = invoke("extract", str(path))
    assert result.exit_code == 0
    assert result.stdout == (
        "# Bridge to reopen\n\n"
        "1. Mayor Jane Doe                  │ the bridge would reopen in May\n"
        "= Jane Doe                         │\n"
        "indirect: said                     │\n"
        "→ Jane Doe · own · assert          │\n"
        "\n"
        "2. She                             │ that the repairs would cost $4 million\n"
        "= Jane Doe                         │\n"
        "indirect: added                    │\n"
        "→ Jane Doe · own · assert          │\n"
        "\n"
        "2 statements\n\n"
    )


@pytest.mark.model
def test_extract_missing_file_is_a_skip_and_the_rest_goes_on(tmp_path: Path) -> None:
    good = write(tmp_path / "bridge.txt", JANE)
    missing = tmp_path / "nope.txt"
    result = invoke("extract", str(missing), str(good), "--jsonl")
    assert result.exit_code == 1
    assert result.stderr == f"skipped {missing}: no such file or folder\n"
    assert [r["doc"] for r in jsonl(result.stdout)] == ["bridge", "bridge"]


@pytest.mark.model
def test_extract_only_a_missing_file(tmp_path: Path) -> None:
    result = invoke("extract", str(tmp_path / "nope.txt"))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert re.fullmatch(r"skipped \S+nope\.txt: no such file[^\n]*\n", result.stderr)


# -- ingest, statements, search ---------------------------------------------------------


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A database holding the Jane Doe and Bob Roe articles, ingested through the CLI."""
    root = tmp_path_factory.mktemp("cli-db")
    write(root / "jane.txt", JANE)
    write(root / "bob.txt", BOB)
    path = str(root / "news.db")
    result = invoke("ingest", path, str(root / "jane.txt"), str(root / "bob.txt"))
    assert result.exit_code == 0
    assert result.stdout == "added 2, unchanged 0, skipped 0, failed 0; 4 statements written\n"
    return path


@pytest.mark.model
def test_statements_table(db: str) -> None:
    quote = jsonl(invoke("statements", db, "--jsonl").stdout)[1]["content"][0]["text"]
    assert words(quote) == "We have no choice"
    result = invoke("statements", db)
    assert result.exit_code == 0
    assert result.stdout == (
        "1. Governor Bob Roe                │ the tunnel would close in June\n"
        "= Bob Roe                          │\n"
        "indirect: said                     │\n"
        "→ Bob Roe · own · assert           │\n"
        "\n"
        f"2. Roe                             │ {quote}\n"
        "= Bob Roe                          │\n"
        "direct: told                       │\n"
        "→ Bob Roe · own · assert           │\n"
        "\n"
        "3. Mayor Jane Doe                  │ the bridge would reopen in May\n"
        "= Jane Doe                         │\n"
        "indirect: said                     │\n"
        "→ Jane Doe · own · assert          │\n"
        "\n"
        "4. She                             │ that the repairs would cost $4 million\n"
        "= Jane Doe                         │\n"
        "indirect: added                    │\n"
        "→ Jane Doe · own · assert          │\n"
        "\n"
        "4 statements\n"
    )


@pytest.mark.model
def test_statements_jsonl(db: str) -> None:
    records = jsonl(invoke("statements", db, "--jsonl").stdout)
    assert len(records) == 4
    assert all(set(r) == EVAL_KEYS - {"doc"} | {"story"} for r in records)
    # each article is a story of its own here: one outlet, not a copy
    assert all(r["story"] == {"id": r["article_id"], "outlets": 1, "copy": False} for r in records)
    assert [r["speaker"]["text"] for r in records] == ["Governor Bob Roe", "Roe", "Mayor Jane Doe", "She"]
    assert [r["actor"]["name"] for r in records] == ["Bob Roe", "Bob Roe", "Jane Doe", "Jane Doe"]


def test_a_statement_the_article_dates_says_when_in_the_table_and_the_csv() -> None:
    """The words that date a statement and the date they give: a line of the table, a column of the CSV; a
    statement the article does not date has neither."""
    from onrecord.models import Span, Statement
    from onrecord.render import statements_csv, statements_table

    text = "During a debate in October, Whitfield had said she supported the pipeline."
    dated = Statement(id="s1", article_id="a1", speaker=Span.of(text, 28, 37), cue=Span.of(text, 42, 46),
                      content=(Span.of(text, 47, 73),), kind="indirect", sentence=0, date="2026-10",
                      when=Span.of(text, 19, 26))
    plain = Statement(id="s2", article_id="a1", speaker=None, cue=None, content=(Span.of(text, 47, 73),),
                      kind="indirect", sentence=0, date="2026-12-03")
    table = statements_table([dated, plain], width=100)
    assert "said 2026-10 (“October”)" in table and table.count("said 2026-") == 1
    rows = list(csv.DictReader(io.StringIO(statements_csv([dated, plain]))))
    assert [(r["date"], r["when"]) for r in rows] == [("2026-10", "October"), ("2026-12-03", "")]


@pytest.mark.model
def test_statements_csv_has_a_header_row(db: str) -> None:
    result = invoke("statements", db, "--csv")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == ",".join(CSV_FIELDS)
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["speaker"], r["actor"], r["cue"], r["kind"]) for r in rows] == [
        ("Governor Bob Roe", "Bob Roe", "said", "indirect"),
        ("Roe", "Bob Roe", "told", "direct"),
        ("Mayor Jane Doe", "Jane Doe", "said", "indirect"),
        ("She", "Jane Doe", "added", "indirect"),
    ]
    assert rows[3]["content"] == "that the repairs would cost $4 million"


@pytest.mark.model
@pytest.mark.parametrize(
    ("name", "speakers"),
    [
        ("roe", ["Governor Bob Roe", "Roe"]),
        ("JANE DOE", ["Mayor Jane Doe", "She"]),  # the pronoun is found through its resolved actor
        ("Governor", ["Governor Bob Roe"]),
    ],
)
def test_statements_by_speaker(db: str, name: str, speakers: list[str]) -> None:
    records = jsonl(invoke("statements", db, "--speaker", name, "--jsonl").stdout)
    assert [r["speaker"]["text"] for r in records] == speakers


@pytest.mark.model
def test_statements_by_unknown_speaker(db: str) -> None:
    result = invoke("statements", db, "--speaker", "Nobody")
    assert (result.exit_code, result.stdout) == (0, "no statements\n")


@pytest.mark.model
def test_search_finds_a_statement_first(db: str) -> None:
    result = invoke("search", db, "tunnel")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "[statement] Bob Roe: the **tunnel** would close in June"
    assert "[article] Governor Bob Roe said the tunnel would close in June.: " in result.stdout


@pytest.mark.model
def test_search_prints_one_line_per_hit(db: str) -> None:
    lines = invoke("search", db, "tunnel").stdout.splitlines()
    assert all(line.startswith(("[statement] ", "[article] ")) for line in lines), lines


@pytest.mark.model
def test_search_jsonl(db: str) -> None:
    hits = jsonl(invoke("search", db, "repairs", "--jsonl").stdout)
    assert [h["kind"] for h in hits] == ["statement", "article"]
    assert hits[0]["statement"]["speaker"]["text"] == "She"
    assert "**repairs**" in hits[0]["snippet"]


@pytest.mark.model
@pytest.mark.parametrize("query", ["zebra", '"', "AND OR NOT", "-"])
def test_search_without_hits(db: str, query: str) -> None:
    result = invoke("search", db, query)
    assert (result.exit_code, result.stdout, result.stderr) == (0, "no matches\n", "")


@pytest.mark.parametrize(
    ("command", "extra"),
    [("statements", []), ("statements", ["--csv"]), ("statements", ["--topic", "x"]), ("search", ["x"]),
     ("actors", []), ("contested", []), ("contested", ["--jsonl"])],
)
def test_read_commands_on_a_missing_db_exit_2(tmp_path: Path, command: str, extra: list[str]) -> None:
    path = tmp_path / "missing.db"
    result = invoke(command, str(path), *extra)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"error: no database at {path}: run `onrecord ingest {path} SOURCE...` first\n"
    assert not path.exists()


@pytest.mark.model
def test_contested_and_actors_on_a_store_without_contests(db: str) -> None:
    assert invoke("contested", db).stdout == "no contests\n"
    assert invoke("contested", db, "--jsonl").stdout == ""
    assert invoke("contested", db, "--holder", "Nobody").stdout == "no contests\n"
    rows = jsonl(invoke("actors", db, "--jsonl").stdout)
    assert {r["name"]: r["statements"] for r in rows} == {"Bob Roe": 2, "Jane Doe": 2}


@pytest.mark.model
@pytest.mark.parametrize("topic", ["", "   "])
def test_an_empty_topic_finds_nothing(db: str, topic: str) -> None:
    result = invoke("statements", db, "--topic", topic)
    assert (result.exit_code, result.stdout) == (0, "no statements\n")


def test_statements_on_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = write(tmp_path / "notes.db", "just some notes, not SQLite\n" * 100)
    result = invoke("statements", str(path))
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ")
    assert result.stderr.count("\n") == 1
    assert raw(path) == "just some notes, not SQLite\n" * 100


# -- demo ------------------------------------------------------------------------------


def actor_names(table: str) -> Counter[str]:
    """The resolved actor of each row of a statements table, affiliation left off."""
    labels = re.findall(r"^= (.+?)\s*│", table, flags=re.MULTILINE)
    return Counter(re.sub(r" \([^()]*\)$", "", label) for label in labels)


@pytest.mark.model
def test_demo_shows_the_founding_article(tmp_path: Path) -> None:
    target = tmp_path / "x.db"
    result = invoke("demo", "--db", str(target))
    assert result.exit_code == 0
    out = result.stdout
    lines = out.splitlines()
    assert lines[0] == f"onrecord demo — database: {target}"
    assert re.fullmatch(r"added 1, unchanged 0, skipped 0, failed 0; \d+ statements written", lines[1])
    assert FOUNDING_TITLE in lines

    [footer] = re.findall(r"^(\d+) statements$", out, flags=re.MULTILINE)
    assert int(footer) >= 10
    assert lines[1].endswith(f"; {footer} statements written")
    assert len(re.findall(r"^ ?\d+\. ", out, flags=re.MULTILINE)) == int(footer)

    names = actor_names(out)
    assert names["Sergey Lavrov"] == 3  # "absolutely unacceptable", "insisted …", "outlining a model …"
    assert names["JD Vance"] >= 2  # "stating …" and "He said …"; the tagger may find more
    for name in ("Steve Witkoff", "Donald Trump", "U.S. officials", "France & United Kingdom", "Ukraine", "Russia"):
        assert names[name] >= 1, (name, names)
    # every speaker resolved; the one statement without a speaker is the headline's
    # "reportedly", which names no source (PolNeAR annotates such attributions source-less)
    unresolved = re.findall(r"^ ?\d+\. \(no speaker\)[^\n]*\n= —[^\n]*\n(\w+): (.+?)\s*│", out, flags=re.MULTILINE)
    assert names["—"] == len(unresolved) <= 1
    assert all(cue == "reportedly" for _, cue in unresolved)
    for junk in FOUNDING_JUNK:
        assert junk not in out
    assert lines[-2] == f"Next: onrecord statements {target} --speaker Lavrov   |   onrecord contested {target} --holder Russia"
    assert lines[-1] == f"      onrecord serve {target}   (then open http://127.0.0.1:8001/)"
    # the demo ends with the contests: claims about Russia that Russia's own voice contradicts
    [header] = re.findall(r"^## Contested: (\d+) claims", out, flags=re.MULTILINE)
    contests = re.findall(r"^\[\d+\] (\S+) — contradicted", out, flags=re.MULTILINE)
    assert int(header) == len(contests) >= 3 and set(contests) == {"Russia"}


@pytest.mark.model
def test_demo_twice_changes_nothing(tmp_path: Path) -> None:
    target = str(tmp_path / "x.db")
    first = invoke("demo", "--db", target)
    second = invoke("demo", "--db", target)
    assert second.exit_code == 0
    assert second.stdout.splitlines()[1] == "added 0, unchanged 1, skipped 0, failed 0; 0 statements written"
    table = first.stdout.split("\n\n", 2)[2]
    assert second.stdout.split("\n\n", 2)[2] == table


@pytest.mark.model
def test_demo_database_answers_the_suggested_commands(tmp_path: Path) -> None:
    target = str(tmp_path / "x.db")
    invoke("demo", "--db", target)
    lavrov = jsonl(invoke("statements", target, "--speaker", "Lavrov", "--jsonl").stdout)
    assert [r["actor"]["name"] for r in lavrov] == ["Sergey Lavrov"] * 3
    assert invoke("search", target, "guarantees").stdout.startswith("[statement] ")


@pytest.mark.parametrize("model", ["full", "tagger", "rules"])
def test_extract_runs_each_model(tmp_path: Path, model: str) -> None:
    """`--model` picks the extraction: the tagger with its reader, the tagger alone, or the parse rules."""
    path = write(tmp_path / "bob.txt", BOB)
    result = invoke("extract", "--jsonl", "--model", model, str(path))
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [(r["speaker"]["text"], r["content"][0]["text"]) for r in rows] == [
        ("Governor Bob Roe", "the tunnel would close in June"), ("Roe", "“We have no choice,”"),
    ]


def test_an_unknown_model_is_a_usage_error(tmp_path: Path) -> None:
    result = invoke("extract", "--model", "huge", str(write(tmp_path / "bob.txt", BOB)))
    assert result.exit_code == 2
    assert "'huge' is not one of 'full', 'tagger', 'rules'" in result.output


@pytest.mark.model
def test_extract_interview_answers_makes_each_answer_the_interviewees(tmp_path: Path) -> None:
    path = write(tmp_path / "qa.txt", (
        "An interview with Governor Ellen Park\n\nGovernor Ellen Park spoke to the Herald on Tuesday.\n\n"
        "Q: Will you raise taxes?\n\nA: We are not going to raise taxes.\n\nQ: Will you run again?\n\n"
        "A: I will decide after the session ends.\n"
    ))
    answered = jsonl(invoke("extract", str(path), "--jsonl", "--no-clean", "--interview-answers").stdout)
    assert [(r["speaker"]["text"], r["cue"]["text"], [c["text"] for c in r["content"]]) for r in answered] == [
        ("Ellen Park", ":", ["We are not going to raise taxes."]),
        ("Ellen Park", ":", ["I will decide after the session ends."]),
    ]
    assert {r["actor"]["name"] for r in answered} == {"Ellen Park"}
    plain = jsonl(invoke("extract", str(path), "--jsonl", "--no-clean").stdout)
    assert all(r["cue"] is None or r["cue"]["text"] != ":" for r in plain)
