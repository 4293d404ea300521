"""The content reader: windows, what a reading may change, its stored weights, and its place in the pipeline."""

from __future__ import annotations

import json

import pytest

from onrecord.errors import ModelError
from onrecord.nlp.reader import Reading, ReaderSettings, cue_pieces, reader_window, revise

SETTINGS = ReaderSettings(layer=4, window=10, left=3, confident=0.9, drop_below=0.05)


def test_the_window_keeps_left_context_and_stays_inside_the_article():
    assert reader_window(100, 20, 21, SETTINGS) == (17, 27)
    assert reader_window(100, 1, 2, SETTINGS) == (0, 10)  # not before the first wordpiece
    assert reader_window(100, 98, 99, SETTINGS) == (90, 100)  # a full window at the end
    assert reader_window(6, 4, 5, SETTINGS) == (0, 6)  # an article shorter than a window


def test_cue_pieces_are_the_wordpieces_its_characters_touch():
    offsets = [(0, 3), (4, 8), (8, 10), (11, 15)]
    starts, ends = [a for a, _ in offsets], [b for _, b in offsets]
    assert cue_pieces(starts, ends, (4, 10)) == (1, 3)  # "said" split in two wordpieces
    assert cue_pieces(starts, ends, (11, 15)) == (3, 4)
    assert cue_pieces(starts, ends, (5, 6)) == (1, 2)  # inside one wordpiece: still one


def _reading(content, *, confidence=0.99, cue=0.9, window=(0, 100)):
    return Reading(content=tuple(content), confidence=confidence, cue_probability=cue, window=window)


def test_a_sure_reading_that_overlaps_inside_its_window_replaces_the_content():
    assert revise([(10, 40)], _reading([(10, 30)]), SETTINGS) == [(10, 30)]
    assert revise([(10, 40)], _reading([(5, 20), (50, 60)]), SETTINGS) == [(5, 20), (50, 60)]  # a quote split by its cue


def test_an_unsure_or_unrelated_reading_keeps_the_content_found():
    assert revise([(10, 40)], _reading([(10, 30)], confidence=0.8), SETTINGS) == [(10, 40)]  # not sure enough
    assert revise([(10, 40)], _reading([(50, 60)]), SETTINGS) == [(10, 40)]  # another content
    assert revise([(10, 40)], _reading([]), SETTINGS) == [(10, 40)]  # read nothing


def test_a_reading_cut_by_its_window_keeps_the_content_found():
    # the content runs past the window: the reader saw only part of it
    assert revise([(10, 140)], _reading([(10, 99)], window=(0, 100)), SETTINGS) == [(10, 140)]
    # the reading ends on the window's edge: it may go on beyond
    assert revise([(10, 40)], _reading([(10, 100)], window=(0, 100)), SETTINGS) == [(10, 40)]


def test_a_cue_the_reader_finds_no_cue_drops_its_attribution():
    assert revise([(10, 40)], _reading([(10, 30)], cue=0.01), SETTINGS) is None
    assert revise([(10, 40)], _reading([(10, 30)], cue=0.01), ReaderSettings(drop_below=0.0)) == [(10, 30)]


def test_stored_weights_are_int8_rows_that_read_back_within_a_rounding_step():
    import torch

    from onrecord.nlp.reader import dequantise_rows, quantise_rows

    torch.manual_seed(0)
    state = {"layers.0.w.weight": torch.randn(8, 16), "layers.0.w.bias": torch.randn(8), "marker.weight": torch.randn(3, 16)}
    stored = quantise_rows(state)
    assert stored["layers.0.w.weight"].dtype == torch.int8
    assert stored["layers.0.w.bias"].dtype == torch.float16 and stored["marker.weight"].dtype == torch.float16
    back = dequantise_rows(stored)
    assert set(back) == set(state)
    step = state["layers.0.w.weight"].abs().amax(dim=1, keepdim=True) / 127
    assert bool(((back["layers.0.w.weight"] - state["layers.0.w.weight"]).abs() <= step / 2 + 1e-3).all())


@pytest.mark.model
def test_the_reader_starts_from_the_tagger_s_top_layers_and_reads_every_cue():
    import torch

    from onrecord.nlp.encoder_model import SpanTagger, base_model_dir
    from onrecord.nlp.reader import ContentReader, read

    torch.manual_seed(0)
    tagger = SpanTagger(base_model_dir() / "config.json", features=14)
    reader = ContentReader(base_model_dir() / "config.json", layer=4)
    reader.start_from_tagger(tagger.state_dict())
    assert torch.equal(reader.layers[1].output.dense.weight, tagger.bert.encoder.layer[5].output.dense.weight)
    assert torch.equal(reader.head.weight, tagger.head.weight)
    assert not reader.marker.weight.any()  # the cue marker starts from nothing
    reader.eval()
    offsets = [(i * 5, i * 5 + 4) for i in range(40)]
    readings = read(reader, torch.randn(40, 384), offsets, [(50, 54), (0, 4)], ReaderSettings(window=16, left=4))
    assert len(readings) == 2
    assert readings[0].window == (30, 109) and readings[1].window == (0, 79)
    for r in readings:
        assert 0.0 <= r.cue_probability <= 1.0
        assert all(r.window[0] <= a < b <= r.window[1] for a, b in r.content)


def _reread_with(monkeypatch, text, found, content, quotes=()):
    """``reread`` of ``found`` where the reader, for the first attribution's cue, reads ``content`` surely."""
    import spacy
    import torch

    import onrecord.nlp.reader as reader_module
    from onrecord.nlp.reread import ShippedReader, reread

    def read(model, states, offsets, cues, settings):
        return [Reading(tuple(content) if i == 0 else (), 0.99, 0.99, (0, len(text))) for i in range(len(cues))]

    monkeypatch.setattr(reader_module, "read", read)
    offsets = [(m.start(), m.end()) for m in __import__("re").finditer(r"\S+", text)]
    settings = ReaderSettings(layer=4, window=64, left=24, confident=0.9, drop_below=0.05)
    shipped = ShippedReader(torch.nn.Linear(1, 1), settings)
    return reread(spacy.blank("en")(text), found, list(quotes), shipped, torch.zeros((len(offsets), 4)), offsets)


def test_a_reading_never_takes_a_content_into_another_paragraph(monkeypatch):
    from onrecord.nlp.attribution import Attribution

    text = "Study links sugar to early death\n\nPeople who eat sugar die younger, according to a study."
    headline = text.index("sugar to early death")
    lead = text.index("People"), text.index(", according")
    found = [
        Attribution(cue=(6, 11), cue_lemma="link", source=(0, 5), content=[(headline, headline + 20)]),
        Attribution(cue=(lead[1] + 2, lead[1] + 14), cue_lemma="according to", source=None, content=[lead]),
    ]
    # the headline's content read on into the lead paragraph: kept as found
    kept = _reread_with(monkeypatch, text, found, [(headline, lead[1])])
    assert kept[0].content == [(headline, headline + 20)] and kept[1].content == [lead]
    # a reading on the content's own line still revises it
    kept = _reread_with(monkeypatch, text, found, [(headline, headline + 14)])
    assert kept[0].content == [(headline, headline + 14)]


def test_a_reading_never_cuts_a_quotation_the_content_held_whole(monkeypatch):
    from onrecord.nlp.attribution import Attribution
    from onrecord.nlp.quotes import find_quotes

    text = "“We are not trying to decouple,” she said. “We are protecting our national security.”"
    first = (0, text.index(" she"))
    second = (text.index("“We are p"), len(text))
    quotes = find_quotes(text)

    def found():  # reread revises the attributions it is given
        said = text.index("said")
        return [Attribution(cue=(said, said + 4), cue_lemma="say", source=(said - 4, said - 1), content=[first, second])]

    # the reader stopping inside the second quotation ("“We are"): kept as found
    kept = _reread_with(monkeypatch, text, found(), [first, (second[0], second[0] + 7)], quotes)
    assert kept[0].content == [first, second]
    # one that starts inside the first neither
    kept = _reread_with(monkeypatch, text, found(), [(first[0] + 8, first[1]), second], quotes)
    assert kept[0].content == [first, second]
    # leaving out only the marks and the closing full stop is no cut; dropping a quotation whole neither
    kept = _reread_with(monkeypatch, text, found(), [(1, first[1] - 2), (second[0] + 1, second[1] - 2)], quotes)
    assert kept[0].content == [(1, first[1] - 2), (second[0] + 1, second[1] - 2)]
    kept = _reread_with(monkeypatch, text, found(), [(1, first[1] - 2)], quotes)
    assert kept[0].content == [(1, first[1] - 2)]


@pytest.mark.model
def test_nothing_to_read_changes_nothing():
    import torch

    from onrecord.nlp.encoder_model import base_model_dir
    from onrecord.nlp.reader import ContentReader, read

    reader = ContentReader(base_model_dir() / "config.json", layer=3).eval()
    (reading,) = read(reader, torch.zeros((0, 384)), [], [(0, 4)], SETTINGS)
    assert revise([(5, 9)], reading, SETTINGS) == [(5, 9)]
    assert read(reader, torch.zeros((3, 384)), [(0, 1), (2, 3), (4, 5)], [], SETTINGS) == []


@pytest.mark.model
def test_a_reader_that_does_not_fit_is_a_model_error(tmp_path):
    from safetensors.torch import save_file
    import torch

    from onrecord.nlp.reread import load_shipped_reader

    save_file({"head.weight": torch.zeros(3, 3)}, str(tmp_path / "reader.safetensors"))
    (tmp_path / "reader.json").write_text(json.dumps({"layer": 4}), encoding="utf-8")
    with pytest.raises(ModelError, match="content reader"):
        load_shipped_reader(tmp_path)
    assert load_shipped_reader(tmp_path / "absent") is None  # no reader shipped: none used


@pytest.mark.model
@pytest.mark.tagger
def test_the_shipped_reader_records_how_it_was_fitted_and_chosen():
    from onrecord.nlp.encoder import encoder_weights_path
    from onrecord.nlp.reader import READER_META, reader_settings

    meta = json.loads((encoder_weights_path() / READER_META).read_text(encoding="utf-8"))
    settings = reader_settings(encoder_weights_path())
    assert settings is not None and (settings.confident, settings.drop_below) == (meta["confident"], meta["drop_below"])
    assert meta["history"], "per-epoch validation scores are recorded"
    chosen = [v for v in meta["validation"] if (v["confident"], v["drop_below"]) == (settings.confident, settings.drop_below)]
    assert chosen and all(
        sum(v[k] for k in ("content_lenient", "content_exact", "end_to_end"))
        <= sum(chosen[0][k] for k in ("content_lenient", "content_exact", "end_to_end"))
        for v in meta["validation"]
    )


@pytest.mark.model
@pytest.mark.tagger
def test_the_pipeline_reads_again_and_leaves_no_states_on_the_doc():
    from onrecord.nlp import build_pipeline, load_pipeline
    from onrecord.nlp.encoder import STATES_KEY

    nlp = load_pipeline()
    text = (
        "The mayor said the bridge would reopen in May. “We are not done,” she added. "
        "Critics, however, argued that the repairs had cost too much."
    )
    doc = nlp(text)
    assert STATES_KEY not in doc.user_data
    assert nlp.get_pipe("onrecord_attribution").reader is not None
    assert build_pipeline(tagger_path=None).get_pipe("onrecord_attribution").reader is None
    for att in doc._.onrecord_attributions:
        assert att.content and all(0 <= a < b <= len(text) for a, b in att.content)


def test_each_model_loads_its_own_pipeline():
    from onrecord.nlp import load_pipeline

    rules = load_pipeline(model="rules")
    assert "onrecord_encoder" not in rules.pipe_names
    assert rules.get_pipe("onrecord_attribution").reader is None
    tagger = load_pipeline(model="tagger")
    assert "onrecord_encoder" in tagger.pipe_names and tagger.get_pipe("onrecord_attribution").reader is None
    assert load_pipeline().get_pipe("onrecord_attribution").reader is not None  # "full", the default
    with pytest.raises(ModelError, match="unknown model 'huge': one of full, tagger, rules"):
        load_pipeline(model="huge")


def test_a_reading_that_stops_on_a_preposition_the_content_went_past_is_not_taken():
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    from onrecord.nlp.reread import _dangles

    words = ["The", "team", "believes", "wind", "may", "explain", "part", "of", "the", "difference", "."]
    pos = ["DET", "NOUN", "VERB", "NOUN", "AUX", "VERB", "NOUN", "ADP", "DET", "NOUN", "PUNCT"]
    doc = Doc(Vocab(), words=words, spaces=[True] * 9 + [False, False], pos=pos)
    content = (doc[3].idx, doc[9].idx + len(doc[9]))
    # "wind may explain part of": the found content went on to "the difference"
    assert _dangles(doc, [content], [(content[0], doc[7].idx + 2)])
    # "wind may explain part" ends on a noun; a reading to the found end is no dangling one
    assert not _dangles(doc, [content], [(content[0], doc[6].idx + 4)])
    assert not _dangles(doc, [(content[0], doc[7].idx + 2)], [(content[0], doc[7].idx + 2)])


def test_a_reading_that_stops_before_the_head_of_its_last_word_is_not_taken():
    """"allies had been" for "allies had been consulted": the auxiliary's verb lies past the reading."""
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    from onrecord.nlp.reread import _dangles

    words = ["He", "said", "allies", "had", "been", "consulted", "."]
    heads = [1, 1, 5, 5, 5, 1, 1]
    deps = ["nsubj", "ROOT", "nsubjpass", "aux", "auxpass", "ccomp", "punct"]
    pos = ["PRON", "VERB", "NOUN", "AUX", "AUX", "VERB", "PUNCT"]
    doc = Doc(Vocab(), words=words, spaces=[True] * 5 + [False, False], heads=heads, deps=deps, pos=pos,
              sent_starts=[True] + [False] * 6)
    content = (doc[2].idx, doc[5].idx + len(doc[5]))
    assert _dangles(doc, [content], [(content[0], doc[4].idx + 4)])
    # "allies" alone ends on a word whose head lies past it too; the whole clause is no dangling reading
    assert _dangles(doc, [content], [(content[0], doc[2].idx + 6)])
    assert not _dangles(doc, [content], [content])
