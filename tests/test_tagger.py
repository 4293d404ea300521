"""The shipped attribution tagger: its weights, its place in the pipeline, its recorded scores."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from onrecord.nlp import build_pipeline, load_pipeline
from onrecord.nlp.tagger import LABELS, SPANS_KEY, trained_tagger_path

pytestmark = [pytest.mark.model, pytest.mark.tagger]
TEXT = (
    "Russian Foreign Minister Sergey Lavrov said on Tuesday that any deal involving NATO troops "
    "was unacceptable. Most voters, a new poll found, distrust both candidates."
)


def test_weights_ship_in_the_package_and_are_small():
    path = trained_tagger_path()
    assert path is not None, "run `make train` to build onrecord/data/tagger"
    size = sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    assert size <= 30 * 1024 * 1024


def test_meta_records_how_it_was_trained_and_what_it_scored():
    meta = json.loads((trained_tagger_path().parent / "meta.json").read_text(encoding="utf-8"))
    assert meta["labels"] == list(LABELS)
    assert meta["validation"]["tagger_and_rules"]["content_lenient"]["f1"] > 0
    assert meta["history"], "per-epoch validation scores are recorded"


def test_the_default_pipeline_runs_the_tagger_before_the_entity_recogniser():
    names = load_pipeline().pipe_names
    assert names.index("parser") < names.index("onrecord_tagger") < names.index("ner")


def test_tagger_spans_go_to_doc_spans_and_leave_entities_alone():
    with_tagger = load_pipeline()(TEXT)
    without = build_pipeline(tagger_path=None)(TEXT)
    assert {s.label_ for s in with_tagger.spans[SPANS_KEY]} <= set(LABELS)
    assert any(s.label_ == "CONTENT" for s in with_tagger.spans[SPANS_KEY])
    assert [(e.text, e.label_) for e in with_tagger.ents] == [(e.text, e.label_) for e in without.ents]
