"""Golden statements for saved articles: the founding article must stay right.

Regenerate after a deliberate engine change with
``ONRECORD_REGEN_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py``
and review the diff before committing it.
"""

from __future__ import annotations

import json
import os
from importlib import resources
from pathlib import Path

import pytest

from onrecord.models import RawDocument
from onrecord.pipeline.stages import to_article
from onrecord.nlp import extract_statements

pytestmark = pytest.mark.model
GOLDEN = Path(__file__).parent / "golden"


def _summary(st) -> dict:
    return {
        "speaker": st.speaker.text if st.speaker else None,
        "actors": [{"name": a.name, "kind": a.kind, "affiliation": a.affiliation} for a in st.actors],
        "cue": st.cue.text if st.cue else None,
        "kind": st.kind,
        "content": [c.text for c in st.content],
    }


def _founding_article():
    text = resources.files("onrecord").joinpath("data/founding_article.txt").read_text(encoding="utf-8")
    article = to_article(RawDocument(origin="founding", name="founding_article", body=text), clean=True)
    return text, article


def test_founding_article_statements_match_golden():
    _, article = _founding_article()
    got = [_summary(st) for st in extract_statements(article)]
    path = GOLDEN / "founding_article.json"
    if os.environ.get("ONRECORD_REGEN_GOLDEN"):
        path.write_text(json.dumps(got, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert got == json.loads(path.read_text(encoding="utf-8"))


def test_founding_article_speakers_and_junk():
    raw, article = _founding_article()
    sts = extract_statements(article)
    names = [a.name for st in sts for a in st.actors]
    for expected, times in [("Steve Witkoff", 1), ("Sergey Lavrov", 2), ("JD Vance", 2), ("Donald Trump", 1),
                            ("U.S. officials", 1), ("France", 1), ("United Kingdom", 1), ("Ukraine", 1)]:
        assert names.count(expected) >= times, (expected, names)
    assert "Russia" in names  # the Kremlin and Russia speak for Russia
    pronouns = {st.actor.name for st in sts if st.speaker and st.speaker.text == "He"}
    assert pronouns == {"Sergey Lavrov", "JD Vance"}
    for junk in ("Jaw Cyst", "Khaled Sadek", "Leave a Reply", "Your email address", "Required fields"):
        assert junk in raw
        assert junk not in article.text
        assert all(junk not in c.text for st in sts for c in st.content)
