"""The scorer: gold loading, trimming, matching, speaker/cue rules, kinds, report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from onrecord.errors import EvaluationError
from onrecord.evaluate import (
    EvalReport,
    annotator_agreement,
    GoldAttribution,
    GoldDoc,
    content_kind,
    content_positions,
    gold_as_predictions,
    greedy_match,
    jaccard,
    load_polnear,
    score,
    source_kind,
)

POLNEAR_DEV = Path(__file__).parents[1] / "../shared/data/polnear/dev"

# Invented sentences; offsets are computed from them, never typed by hand.
TEXT_A = "Mayor Ines Albright said the bridge will reopen in May.\n“We are ready,” she added."
TEXT_B = "The report found that ferries were late.\nIt was, officials said, a cold winter."


def _at(text: str, part: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(part, start + 1)
    return start, start + len(part)


def _t(tid: str, role: str, text: str, *parts: str) -> str:
    spans = [_at(text, p) for p in parts]
    offsets = ";".join(f"{s} {e}" for s, e in spans)
    return f"{tid}\t{role} {offsets}\t{' '.join(parts)}"


def _write_corpus(root: Path, docs: dict[str, str], anns: dict[str, list[str]]) -> Path:
    (root / "text").mkdir(parents=True)
    (root / "attributions").mkdir()
    for stem, text in docs.items():
        (root / "text" / f"{stem}.txt").write_bytes(text.encode("utf-8"))
    for name, lines in anns.items():
        (root / "attributions" / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    a = TEXT_A
    b = TEXT_B
    ann_a = [
        _t("T1", "Source", a, "Mayor Ines Albright"),
        _t("T2", "Cue", a, "said"),
        _t("T3", "Content", a, "the bridge will reopen in May"),
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
        _t("T4", "Attribution", a, "said"),
        _t("T5", "Content", a, "“We are ready,”"),
        _t("T6", "Source", a, "she"),
        _t("T7", "Cue", a, "added"),
        "E2\tAttribution:T8 Source:T6 Content:T5 Cue:T7",
        "A1\tSomething E2",
        "#1\tAnnotatorNotes T5\ta note",
    ]
    ann_b = [
        _t("T1", "Content", b, "ferries were late"),
        _t("T2", "Cue", b, "found"),
        "E1\tAttribution-no-source:T9 Content:T1 Cue:T2",
        _t("T3", "Content", b, "It was,", "a cold winter"),
        _t("T4", "Cue", b, "said"),
        _t("T5", "Source", b, "officials"),
        "E2\tAttribution:T10 Cue:T4 Source:T5 Content:T3",
        "E3\tAttribution-no-source:T11 ",
    ]
    return _write_corpus(
        tmp_path / "split",
        {"a_doc": a, "b_doc": b, "c_doc": "Nothing is attributed here."},
        {
            "a_doc_zz.ann": ["T1\tSource 0 5\tMayor", "E1\tAttribution:T9 Content:T1"],
            "a_doc_ab.ann": ann_a,
            "b_doc_x1.ann": ann_b,
        },
    )


def _pred(
    doc: str, text: str, content: list[str], speaker: str | None = None, cue: str | None = None
) -> dict:
    def span(part: str) -> dict:
        s, e = _at(text, part)
        return {"start": s, "end": e, "text": text[s:e]}

    return {
        "doc": doc,
        "speaker": span(speaker) if speaker else None,
        "cue": span(cue) if cue else None,
        "content": [span(p) for p in content],
        "kind": "other",
    }


def _doc(text: str, *attributions: GoldAttribution) -> list[GoldDoc]:
    return [GoldDoc(name="d", text=text, attributions=attributions)]


# --- loading -------------------------------------------------------------------


def test_load_parses_spans_roles_and_first_ann(corpus: Path) -> None:
    docs = {d.name: d for d in load_polnear(corpus)}
    assert sorted(docs) == ["a_doc", "b_doc", "c_doc"]
    a = docs["a_doc"]
    assert a.annotator == "ab"  # a_doc_ab.ann sorts before a_doc_zz.ann
    assert len(a.attributions) == 2
    first = a.attributions[0]
    assert a.text[slice(*first.source[0])] == "Mayor Ines Albright"
    assert a.text[slice(*first.cue[0])] == "said"
    assert a.text[slice(*first.content[0])] == "the bridge will reopen in May"
    second = a.attributions[1]  # roles in another order
    assert a.text[slice(*second.source[0])] == "she"


def test_load_discontinuous_missing_source_and_skipped(corpus: Path) -> None:
    b = {d.name: d for d in load_polnear(corpus)}["b_doc"]
    assert b.skipped == 1  # E3 has no Content
    no_source, split = b.attributions
    assert no_source.source == () and no_source.cue != ()
    assert [b.text[s:e] for s, e in split.content] == ["It was,", "a cold winter"]


def test_load_article_without_ann_has_no_gold(corpus: Path) -> None:
    c = {d.name: d for d in load_polnear(corpus)}["c_doc"]
    assert c.attributions == () and c.annotator is None


def test_load_numbered_role_joins_its_role(tmp_path: Path) -> None:
    text = "He said it rains, and said it pours."
    lines = [
        _t("T1", "Content", text, "it rains"),
        _t("T2", "Content", text, "it pours"),
        "E1\tAttribution:T3 Content:T1 Content2:T2",
    ]
    root = _write_corpus(tmp_path / "s", {"x": text}, {"x_a.ann": lines})
    (doc,) = load_polnear(root)
    assert len(doc.attributions[0].content) == 2


def test_load_missing_dir_is_actionable(tmp_path: Path) -> None:
    with pytest.raises(EvaluationError, match="polnear/dev"):
        load_polnear(tmp_path / "nowhere")


def test_load_rejects_offsets_outside_text(tmp_path: Path) -> None:
    root = _write_corpus(tmp_path / "s", {"x": "short"}, {"x_a.ann": ["T1\tContent 0 99\tx"]})
    with pytest.raises(EvaluationError, match="x_a.ann:1"):
        load_polnear(root)


def test_load_rejects_dangling_reference(tmp_path: Path) -> None:
    root = _write_corpus(tmp_path / "s", {"x": "short"}, {"x_a.ann": ["E1\tAttr:T2 Content:T1"]})
    with pytest.raises(EvaluationError, match="T1"):
        load_polnear(root)


# --- positions and Jaccard --------------------------------------------------------


@pytest.mark.parametrize(
    "span_text",
    ["“ready”", '"ready,"', " ready. ", "«ready»", "‘ready’", "'ready'", "„ready“",
     "(ready)!"],
)
def test_trimming_drops_quotes_punctuation_space(span_text: str) -> None:
    text = f"x {span_text} y"
    start = text.index(span_text)
    positions = content_positions(text, [(start, start + len(span_text))])
    assert "".join(text[i] for i in sorted(positions)) == "ready"


def test_positions_skip_inner_space_and_keep_inner_punctuation() -> None:
    text = "“It is, he said, late.”"
    got = content_positions(text, [(0, len(text))])
    assert "".join(text[i] for i in sorted(got)) == "Itis,hesaid,late"


def test_positions_of_discontinuous_spans_are_a_union() -> None:
    text = "ab cd ef"
    assert content_positions(text, [(0, 2), (6, 8), (0, 1)]) == {0, 1, 6, 7}


def test_jaccard() -> None:
    assert jaccard({1, 2}, {1, 2}) == 1.0
    assert jaccard({1, 2}, {2, 3}) == pytest.approx(1 / 3)
    assert jaccard(set(), set()) == 0.0


def _tokens_text(n: int) -> str:
    return " ".join(f"w{i:02d}" for i in range(n))


def test_threshold_exactly_half_is_lenient_not_exact() -> None:
    text = _tokens_text(4)  # 4 words of 3 letters
    gold = _doc(text, GoldAttribution(content=((0, len(text)),)))
    half = {"doc": "d", "speaker": None, "cue": None, "content": [{"start": 0, "end": 7}]}
    report = score(gold, [half])
    assert report.counts.lenient_tp == 1 and report.counts.exact_tp == 0


def test_threshold_just_under_half_is_not_lenient() -> None:
    text = "x" * 100
    gold = _doc(text, GoldAttribution(content=((0, 100),)))
    pred = {"doc": "d", "speaker": None, "cue": None, "content": [{"start": 0, "end": 49}]}
    report = score(gold, [pred])  # Jaccard 0.49
    assert report.counts.lenient_tp == 0


def test_exact_match_ignores_quotes_and_trailing_punctuation() -> None:
    text = "She said: “We are ready.”"
    gold = _doc(text, GoldAttribution(content=(_at(text, "“We are ready.”"),)))
    report = score(gold, [_pred("d", text, ["We are ready"])])
    assert report.counts.exact_tp == 1
    assert report.content_exact.f1 == 1.0


def test_matching_is_one_to_one() -> None:
    text = "Officials said the port will close next week for repairs."
    whole = "the port will close next week for repairs"
    gold = _doc(text, GoldAttribution(content=(_at(text, whole),)))
    preds = [
        _pred("d", text, [whole]),
        _pred("d", text, ["the port will close next week"]),
    ]
    report = score(gold, preds)
    assert report.counts.lenient_tp == 1
    assert report.content_lenient.precision == 0.5 and report.content_lenient.recall == 1.0


def test_greedy_match_prefers_best_then_lowest_indices() -> None:
    g = [frozenset({1, 2, 3, 4}), frozenset({1, 2, 3, 4})]
    p = [frozenset({1, 2, 3}), frozenset({1, 2, 3, 4})]
    assert greedy_match(g, p, 0.5) == [(0, 1), (1, 0)]
    assert greedy_match(g, p, 1.0) == [(0, 1)]


# --- speaker, cue, end-to-end -----------------------------------------------------


SPEAKER_TEXT = "Mayor Ines Albright said the bridge will reopen in May."


def _speaker_report(
    speaker: dict | None, *, with_source: bool = True, source_part: str = "Mayor Ines Albright"
) -> EvalReport:
    text = SPEAKER_TEXT
    source = (_at(text, source_part),) if with_source else ()
    gold = _doc(text, GoldAttribution(
        content=(_at(text, "the bridge will reopen in May"),),
        source=source, cue=(_at(text, "said"),),
    ))
    pred = _pred("d", text, ["the bridge will reopen in May"], cue="said")
    pred["speaker"] = speaker
    return score(gold, [pred])


def test_speaker_overlapping_one_character_is_correct() -> None:
    s = SPEAKER_TEXT.index("Albright") + 7  # the final "t"
    report = _speaker_report({"start": s, "end": s + 6, "text": SPEAKER_TEXT[s:s + 6]})
    assert report.speaker_accuracy == 1.0 and report.counts.e2e_tp == 1


def test_speaker_overlapping_only_space_is_wrong() -> None:
    s = SPEAKER_TEXT.index(" said")  # gold Source ends with this space
    speaker = {"start": s, "end": s + 5, "text": " said"}
    report = _speaker_report(speaker, source_part="Mayor Ines Albright ")
    assert report.speaker_accuracy == 0.0
    assert report.counts.e2e_tp == 0 and report.end_to_end.f1 == 0.0
    assert report.content_lenient.f1 == 1.0


def test_null_speaker_against_gold_source_is_wrong() -> None:
    assert _speaker_report(None).speaker_accuracy == 0.0


def test_gold_without_source_needs_null_speaker() -> None:
    assert _speaker_report(None, with_source=False).speaker_accuracy == 1.0
    span = {"start": 0, "end": 5, "text": "Mayor"}
    assert _speaker_report(span, with_source=False).speaker_accuracy == 0.0


def test_cue_accuracy_and_end_to_end() -> None:
    text = SPEAKER_TEXT + " Later she said it was fine."
    gold = _doc(
        text,
        GoldAttribution(content=(_at(text, "the bridge will reopen in May"),),
                        source=(_at(text, "Mayor Ines Albright"),), cue=(_at(text, "said"),)),
        GoldAttribution(content=(_at(text, "it was fine"),),
                        source=(_at(text, "she"),), cue=(_at(text, "said", 1),)),
    )
    good = _pred("d", text, ["the bridge will reopen in May"], speaker="Albright", cue="said")
    wrong = _pred("d", text, ["it was fine"], speaker="Mayor", cue="Later")
    extra = _pred("d", text, ["Later"], speaker="she")
    report = score(gold, [good, wrong, extra])
    assert report.counts.lenient_tp == 2
    assert report.speaker_accuracy == 0.5 and report.cue_accuracy == 0.5
    assert report.counts.e2e_tp == 1
    assert report.end_to_end.precision == pytest.approx(1 / 3)
    assert report.end_to_end.recall == 0.5


# --- kinds ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        ("“We are ready,”", "direct"),
        ('"We are ready."', "direct"),
        ("“We are ready.” “So are they.”", "direct"),
        ("“He called it “a mess” today.”", "direct"),
        ("“It runs on,", "direct"),
        ("the plan was “a mess” from the start", "mixed"),
        ('"a mess," he wrote, "and worse"', "mixed"),
        ("the bridge will reopen in May", "indirect"),
        ("it isn't ‘over’ yet", "indirect"),
    ],
)
def test_content_kind(content: str, kind: str) -> None:
    assert content_kind(content) == kind


@pytest.mark.parametrize(
    ("source", "kind"),
    [(None, "none"), ("He", "pronoun"), (" who ", "pronoun"), ("Mayor Albright", "named"),
     ("The report", "named")],
)
def test_source_kind(source: str | None, kind: str) -> None:
    assert source_kind(source) == kind


def test_recall_by_kind(corpus: Path) -> None:
    gold = load_polnear(corpus)
    a = TEXT_A
    report = score(gold, [_pred("a_doc", a, ["We are ready"], speaker="she")])
    direct = report.recall_by_content_kind["direct"]
    assert (direct.gold, direct.matched, direct.recall) == (1, 1, 1.0)
    assert report.recall_by_content_kind["indirect"].gold == 3
    assert report.recall_by_content_kind["indirect"].matched == 0
    assert report.recall_by_content_kind["mixed"].recall == 0.0
    by_source = {k: (v.gold, v.matched) for k, v in report.recall_by_source_kind.items()}
    assert by_source == {"named": (2, 0), "pronoun": (1, 1), "none": (1, 0)}


# --- whole reports ----------------------------------------------------------------


def test_gold_against_itself_is_perfect(corpus: Path) -> None:
    gold = load_polnear(corpus)
    report = score(gold, gold_as_predictions(gold))
    _assert_perfect(report)
    assert report.counts.documents == 3 and report.counts.gold == 4
    assert report.counts.gold_skipped == 1


def _assert_perfect(report: EvalReport) -> None:
    for prf in (report.content_lenient, report.content_exact, report.end_to_end):
        assert (prf.precision, prf.recall, prf.f1) == (1.0, 1.0, 1.0)
    assert report.speaker_accuracy == 1.0 and report.cue_accuracy == 1.0
    for kr in [*report.recall_by_content_kind.values(), *report.recall_by_source_kind.values()]:
        assert kr.recall == (1.0 if kr.gold else 0.0)


def test_unknown_docs_are_ignored_and_counted(corpus: Path) -> None:
    gold = load_polnear(corpus)
    preds = gold_as_predictions(gold)
    stray = {"doc": "not_in_gold", "speaker": None, "cue": None, "content": []}
    report = score(gold, [*preds, stray, dict(stray), {**stray, "doc": "other"}])
    _assert_perfect(report)
    assert report.unknown_docs == 2
    assert report.counts.ignored_predictions == 3
    assert report.counts.predictions == len(preds)


def test_no_predictions_scores_zero(corpus: Path) -> None:
    report = score(load_polnear(corpus), [])
    assert report.content_lenient.f1 == 0.0 and report.speaker_accuracy == 0.0


@pytest.mark.parametrize(
    "bad",
    [
        {"speaker": None, "content": []},
        {"doc": "d", "speaker": None},
        {"doc": "d", "content": [{"start": 0}]},
        {"doc": "d", "content": [{"start": 0, "end": 999}]},
    ],
)
def test_malformed_predictions_raise(bad: dict) -> None:
    with pytest.raises(EvaluationError):
        score(_doc("short text", GoldAttribution(content=((0, 5),))), [bad])


def test_report_to_dict_is_json_and_table_has_f1(corpus: Path) -> None:
    gold = load_polnear(corpus)
    preds = gold_as_predictions(gold)[:2]
    report = score(gold, preds)
    data = json.loads(json.dumps(report.to_dict()))
    assert data["content_lenient"]["f1"] == pytest.approx(report.content_lenient.f1)
    assert data["recall_by_source_kind"]["none"]["gold"] == 1
    assert data["counts"]["gold"] == 4
    table = report.table()
    for prf in (report.content_lenient, report.content_exact, report.end_to_end):
        assert f"{prf.f1:.3f}" in table
    assert "speaker accuracy" in table and "pronoun" in table


@pytest.mark.skipif(not POLNEAR_DEV.is_dir(), reason="PolNeAR dev split not present")
def test_polnear_dev_gold_against_itself() -> None:
    gold = load_polnear(POLNEAR_DEV)
    report = score(gold, gold_as_predictions(gold))
    _assert_perfect(report)
    assert 2000 <= report.counts.gold <= 2400


def test_malformed_speaker_raises_even_when_unmatched() -> None:
    bad = {"doc": "d", "speaker": {"start": "x"}, "content": [{"start": 6, "end": 10}]}
    with pytest.raises(EvaluationError, match="speaker"):
        score(_doc("short text", GoldAttribution(content=((0, 5),))), [bad])


def test_duplicate_gold_names_raise() -> None:
    gold = _doc("short text") * 2
    with pytest.raises(EvaluationError, match="same name"):
        score(gold, [])


def test_span_text_with_a_line_break_does_not_break_parsing(tmp_path):
    """BRAT writes a span's text as is: a line break in it starts a line that is not an annotation."""
    text = "Tom said the vote\nwould wait.\n"
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "a.txt").write_text(text, encoding="utf-8", newline="")
    ann = "T1\tSource 0 3\tTom\nT2\tCue 4 8\tsaid\nT3\tContent 9 29\tthe vote\nThe rest would wait\nE1\tAttribution:T2 Content:T3 Source:T1\n"
    (tmp_path / "attributions" / "a_x.ann").write_text(ann, encoding="utf-8")
    (doc,) = load_polnear(tmp_path)
    assert doc.attributions[0].content == ((9, 29),)


# --- agreement between annotators ------------------------------------------------------


def _agreement_corpus(root: Path) -> Path:
    """Article a: three annotators (aa first); d: two, the second marked nothing; b: one; c: no text."""
    a, d = TEXT_A, TEXT_B
    mayor = [_t("T1", "Source", a, "Mayor Ines Albright"), _t("T2", "Cue", a, "said"),
             _t("T3", "Content", a, "the bridge will reopen in May"), "E1\tAttribution:T2 Content:T3 Cue:T2 Source:T1"]
    ready = [_t("T4", "Content", a, "“We are ready,”"), _t("T5", "Source", a, "she"), _t("T6", "Cue", a, "added"),
             "E2\tAttribution:T6 Content:T4 Cue:T6 Source:T5"]
    ferries = [_t("T1", "Content", d, "ferries were late"), _t("T2", "Cue", d, "found"),
               "E1\tAttribution-no-source:T2 Content:T1 Cue:T2"]
    return _write_corpus(root, {"a": a, "b": a, "d": d}, {
        "a_aa.ann": mayor + ready,
        "a_bb.ann": ready + mayor,  # the same two attributions in another order
        "a_cc.ann": mayor[:2] + [_t("T3", "Content", a, "the bridge will reopen")] + mayor[3:],  # Jaccard 19/24
        "b_aa.ann": mayor,
        "c_aa.ann": mayor, "c_bb.ann": mayor,
        "d_aa.ann": ferries,
        "d_bb.ann": [],
    })


def test_other_annotators_are_scored_against_the_first(tmp_path: Path) -> None:
    agreement = annotator_agreement(_agreement_corpus(tmp_path / "split"))
    report = agreement.report
    # pairs a@bb, a@cc, d@bb; b has one annotator, c no text
    assert agreement.articles == 2 and report.counts.documents == 3
    assert report.counts.gold == 2 + 2 + 1 and report.counts.predictions == 2 + 1 + 0
    assert report.counts.lenient_tp == 3 and report.counts.exact_tp == 2  # cc cut "in May"
    assert report.content_lenient.precision == 1.0 and report.content_lenient.recall == pytest.approx(3 / 5)
    assert report.speaker_accuracy == 1.0
    assert agreement.to_dict()["annotations"] == 3 and agreement.to_dict()["articles"] == 2


def test_agreement_needs_an_article_with_two_annotators(tmp_path: Path, corpus: Path) -> None:
    for name in ("a_doc_zz.ann",):  # the fixture's only second file
        (corpus / "attributions" / name).unlink()
    with pytest.raises(EvaluationError, match="two annotation files"):
        annotator_agreement(corpus)
    with pytest.raises(EvaluationError, match="no PolNeAR split"):
        annotator_agreement(tmp_path / "missing")


@pytest.mark.skipif(not POLNEAR_DEV.is_dir(), reason="PolNeAR dev split not present")
def test_polnear_dev_annotators_agree_but_not_fully() -> None:
    agreement = annotator_agreement(POLNEAR_DEV)
    assert agreement.articles >= 1 and agreement.report.counts.documents >= agreement.articles
    assert 0.5 < agreement.report.content_lenient.f1 < 1.0
