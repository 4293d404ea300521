"""The acceptance model: which candidate attributions stand (features, the shipped model, fitting, bad files)."""

from __future__ import annotations

import json
import math

import pytest

from onrecord.errors import ModelError
from onrecord.nlp.acceptance import ACCEPT_FILE, FEATURES, Acceptance, features, load_acceptance
from onrecord.nlp.encoder import CONFIDENCE_KEY, SPANS_KEY
from onrecord.nlp.quotes import find_quotes

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def nlp():
    from onrecord.nlp import build_pipeline

    return build_pipeline(tagger_path=None)


def _tag(doc, sure: float, *parts: tuple[str, str]):
    """Tagger spans on ``doc`` by exact text, each with tag confidence ``sure``."""
    spans, pos = [], 0
    for label, text in parts:
        start = doc.text.index(text, pos)
        spans.append(doc.char_span(start, start + len(text), label=label))
        pos = start + len(text)
    doc.spans[SPANS_KEY] = spans
    doc.user_data[CONFIDENCE_KEY] = {(s.label_, s.start_char, s.end_char): sure for s in spans}
    return doc


def _only(feature: str, weight: float = 10.0) -> Acceptance:
    """A model that looks at one feature: keeps a candidate when it is 1, drops it when it is 0."""
    n = len(FEATURES)
    coef = tuple(weight if f == feature else 0.0 for f in FEATURES)
    return Acceptance(coef=coef, intercept=-weight / 2, threshold=0.5, mean=(0.0,) * n, scale=(1.0,) * n)


def test_features_of_a_quoted_claim_with_a_speech_verb(nlp):
    from onrecord.nlp.attribution import find_attributions
    from onrecord.nlp.combine import propose

    text = "Tuesday's vote\n\n“The port will reopen in May,” Keller said."
    doc = _tag(nlp(text), 0.9, ("CONTENT", "“The port will reopen in May,”"), ("SOURCE", "Keller"), ("CUE", "said"))
    quotes = find_quotes(text)
    (cand,) = propose(doc, find_attributions(doc, quotes), quotes)
    assert cand.origin == "claimed"
    values = dict(zip(FEATURES, features(doc, cand, quotes, doc.user_data[CONFIDENCE_KEY])))
    assert values["content_confidence_min"] == pytest.approx(0.9) and values["content_confidence_mean"] == pytest.approx(0.9)
    assert values["cue_confidence"] == pytest.approx(0.9) and values["source_confidence"] == pytest.approx(0.9)
    assert values["cue_say"] == values["cue_in_lexicon"] == values["cue_verb"] == values["has_verb"] == 1.0
    assert values["quoted_share"] == 1.0 and values["cue_after"] == 1.0 and values["spans"] == 1.0
    assert values["in_headline"] == 0.0 and values["source_pronoun"] == 0.0 and values["sentences"] == 1.0
    assert values["log_distance"] == pytest.approx(math.log1p(len(" Keller ")))  # from the quote to its cue


def test_the_model_judges_tagged_contents_no_rule_found_and_the_others_stand(nlp):
    from onrecord.nlp.attribution import find_attributions
    from onrecord.nlp.combine import combine

    text = "Keller said the port would reopen. Most voters, a new poll found, distrust both candidates."
    doc = _tag(nlp(text), 0.5, ("CONTENT", "the port would reopen"), ("CUE", "found"), ("CONTENT", "distrust both candidates"))
    quotes = find_quotes(text)
    rules = find_attributions(doc, quotes)

    def contents(**kw):
        return [text[a.content[0][0] : a.content[0][1]] for a in combine(doc, rules, quotes, **kw)]

    assert contents() == ["the port would reopen"]  # the fixed floor: 0.5 is not sure enough
    assert contents(acceptance=_only("cue_verb")) == ["the port would reopen", "distrust both candidates"]
    assert contents(acceptance=_only("cue_say")) == ["the port would reopen"]  # "found" is no "say"
    assert contents(acceptance=_only("in_headline")) == ["the port would reopen"]  # a model that keeps nothing it judges


def test_the_shipped_model_is_fitted_for_the_shipped_tagger_and_the_pipeline_uses_it():
    from onrecord.nlp import build_pipeline, load_pipeline
    from onrecord.nlp.encoder import encoder_weights_path

    path = encoder_weights_path() / ACCEPT_FILE
    model = load_acceptance(path)
    assert 0.0 < model.threshold < 1.0
    record = json.loads(path.read_text(encoding="utf-8"))["fit"]
    assert record["cross_validated_lenient_f1"] > record["keep_all_lenient_f1"], "the model must beat keeping everything"
    assert load_pipeline().get_pipe("onrecord_attribution").acceptance == model
    assert build_pipeline(tagger_path=None).get_pipe("onrecord_attribution").acceptance is None


@pytest.mark.parametrize(
    ("content", "match"),
    [
        ("{not json", "cannot read"),
        (json.dumps({"features": ["something else"], "coef": [1.0], "intercept": 0, "threshold": 0.5, "mean": [0], "scale": [1]}),
         "other features"),
        (json.dumps({"features": list(FEATURES), "coef": [1.0], "intercept": 0, "threshold": 0.5, "mean": [0], "scale": [1]}),
         "damaged"),
        (json.dumps({"features": list(FEATURES)}), "cannot read"),
    ],
)
def test_a_bad_acceptance_file_is_a_model_error(tmp_path, content, match):
    path = tmp_path / ACCEPT_FILE
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ModelError, match=match):
        load_acceptance(path)


def test_a_missing_acceptance_file_is_a_model_error(tmp_path):
    with pytest.raises(ModelError, match="cannot read"):
        load_acceptance(tmp_path / ACCEPT_FILE)


def test_fitting_learns_which_candidates_are_right_and_round_trips():
    from onrecord.nlp.acceptance_fit import Sample, fit_acceptance

    n = len(FEATURES)
    sure = FEATURES.index("content_confidence_min")
    samples = [Sample(doc=f"d{i % 10}", values=None, correct=True) for i in range(50)]  # claimed by rules: they stand
    for i in range(200):
        values = [0.0] * n
        values[sure] = (i % 20) / 20
        samples.append(Sample(doc=f"d{i % 10}", values=tuple(values), correct=values[sure] >= 0.5))
    model, record = fit_acceptance(samples, gold_count=150)
    low, high = [0.0] * n, [0.0] * n
    low[sure], high[sure] = 0.1, 0.9
    assert model.probability(high) >= model.threshold > model.probability(low)
    assert record["cross_validated_lenient_f1"] == pytest.approx(1.0)
    assert record["keep_all_lenient_f1"] == pytest.approx(2 * (150 / 250) / (1 + 150 / 250))
    assert Acceptance.from_dict(json.loads(json.dumps(model.to_dict()))) == model
