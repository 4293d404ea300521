"""`onrecord extract --jsonl --no-clean` over the PolNeAR dev texts: offsets point into the files as read."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from onrecord.cli import main

DEV = Path(__file__).resolve().parents[1].parent / "shared/data/polnear/dev"
DEV_FILES = 84
MIN_STATEMENTS = 1_000

pytestmark = [
    pytest.mark.model,
    pytest.mark.skipif(not (DEV / "text").is_dir(), reason=f"PolNeAR dev split not found at {DEV}"),
]


def raw(path: Path) -> str:
    """A file's text exactly as stored, line endings included."""
    with open(path, encoding="utf-8", newline="") as handle:
        return handle.read()


def test_extract_no_clean_spans_equal_the_raw_files() -> None:
    paths = sorted((DEV / "text").glob("*.txt"))
    assert len(paths) == DEV_FILES
    texts = {p.stem: raw(p) for p in paths}

    result = CliRunner().invoke(main, ["extract", *map(str, paths), "--jsonl", "--no-clean"])
    assert result.exception is None, result.exception
    assert result.exit_code == 0
    assert result.stderr == ""

    per_doc: Counter[str] = Counter()
    mismatches = []
    for line in result.stdout.splitlines():
        record = json.loads(line)
        doc = record["doc"]
        assert doc in texts, doc
        per_doc[doc] += 1
        text = texts[doc]
        for span in (record["speaker"], record["cue"], *record["content"]):
            if span is None:
                continue
            ok = 0 <= span["start"] <= span["end"] <= len(text) and text[span["start"] : span["end"]] == span["text"]
            if not ok:
                mismatches.append((doc, span["start"], span["end"]))  # offsets only: no corpus text in reports
    assert mismatches == []
    assert sum(per_doc.values()) >= MIN_STATEMENTS
    assert len(per_doc) >= DEV_FILES - 4  # nearly every news article reports speech
