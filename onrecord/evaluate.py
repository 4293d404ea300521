"""Score attribution extraction against PolNeAR-style BRAT gold.

Gold is read with :func:`onrecord.polnear.load_polnear`; predictions are dicts in the
evaluation format printed by ``onrecord extract --jsonl``; :func:`score`
compares them and returns an :class:`EvalReport`.

The definitions, exactly:

* **Content positions.** Each content span is trimmed at both ends of
  whitespace, punctuation (any Unicode category ``P*`` character) and quote
  marks (``" ' “ ” ‘ ’ « » „``). The content of an attribution is the *set* of
  non-space character positions covered by its trimmed spans.
* **Matching.** Per article, predictions and gold are matched one-to-one,
  greedily by descending Jaccard of their position sets; ties go to the lower
  gold index, then the lower prediction index. A **lenient** match needs
  Jaccard >= 0.5, an **exact** match Jaccard = 1; each has its own matching.
  Precision = matched / predictions, recall = matched / gold, F1 their
  harmonic mean (0 when both are 0).
* **Speaker accuracy**, over lenient matches: correct when the predicted
  speaker overlaps the gold Source by at least one non-space character; when
  the gold has no Source, correct only if the predicted speaker is null.
  **Cue accuracy** is the same rule against the gold Cue.
* **End-to-end**: a prediction is a true positive when its content matches
  leniently and its speaker is correct.
* **Recall by content kind** and **by source kind**: lenient-matched gold of a
  kind / gold of that kind; see :func:`content_kind` and :func:`source_kind`.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from .errors import EvaluationError
from .models import ExtractedArticle
from .polnear import GoldAttribution, GoldDoc, Spans, annotation_files, load_polnear, read_gold_doc, text_folder

__all__ = [
    "CONTENT_KINDS", "SOURCE_KINDS", "Counts", "EvalReport", "GoldAttribution", "GoldDoc",
    "KindRecall", "PRF", "content_kind", "content_positions", "gold_as_predictions",
    "greedy_match", "jaccard", "load_polnear", "score", "source_kind",
]

LENIENT = 0.5  # Jaccard threshold of a lenient content match
EXACT = 1.0  # Jaccard threshold of an exact content match
QUOTE_MARKS = "\"'“”‘’«»„"
# Content kind looks at double quote marks only: single ones are mostly apostrophes.
_STRAIGHT_QUOTE = '"'
_OPENING_QUOTES = "“«„"
_CLOSING_QUOTES = "”»"
PRONOUNS = frozenset(
    "he she they it we i you who him her them us me his hers their its which that this".split()
)
CONTENT_KINDS: tuple[str, ...] = ("direct", "mixed", "indirect")
SOURCE_KINDS: tuple[str, ...] = ("named", "pronoun", "none")

_record = dataclass(frozen=True, slots=True, kw_only=True)


@_record
class PRF:
    """Precision, recall and F1 of one matching."""

    precision: float
    recall: float
    f1: float

    @classmethod
    def of(cls, tp: int, predicted: int, gold: int) -> PRF:
        p = tp / predicted if predicted else 0.0
        r = tp / gold if gold else 0.0
        return cls(precision=p, recall=r, f1=2 * p * r / (p + r) if p + r else 0.0)


@_record
class KindRecall:
    """Recall over the gold attributions of one kind."""

    gold: int
    matched: int
    recall: float


@_record
class Counts:
    """How much was scored."""

    documents: int
    gold: int
    predictions: int
    lenient_tp: int
    exact_tp: int
    e2e_tp: int
    gold_skipped: int = 0  # gold E lines without a Content
    ignored_predictions: int = 0  # predictions for documents not in the gold


@_record
class EvalReport:
    """Every number :func:`score` computes."""

    content_lenient: PRF
    content_exact: PRF
    speaker_accuracy: float
    cue_accuracy: float
    end_to_end: PRF
    recall_by_content_kind: dict[str, KindRecall]
    recall_by_source_kind: dict[str, KindRecall]
    counts: Counts
    unknown_docs: int = 0  # distinct prediction doc names not in the gold

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict of the whole report."""
        return asdict(self)

    def table(self) -> str:
        """A fixed-width table: P/R/F1 rows, accuracies, kind recalls, counts."""
        rows = [f"{'metric':<20}{'P':>8}{'R':>8}{'F1':>8}"]
        prfs = {"content (lenient)": self.content_lenient, "content (exact)": self.content_exact,
                "end-to-end": self.end_to_end}
        for label, prf in prfs.items():
            rows.append(f"{label:<20}{prf.precision:>8.3f}{prf.recall:>8.3f}{prf.f1:>8.3f}")
        rows.append(f"{'speaker accuracy':<20}{self.speaker_accuracy:>24.3f}")
        rows.append(f"{'cue accuracy':<20}{self.cue_accuracy:>24.3f}")
        for title, kinds in (("content kind", self.recall_by_content_kind),
                             ("source kind", self.recall_by_source_kind)):
            rows += ["", f"{title:<20}{'gold':>8}{'matched':>8}{'recall':>8}"]
            rows += [f"{k:<20}{v.gold:>8}{v.matched:>8}{v.recall:>8.3f}" for k, v in kinds.items()]
        c = self.counts
        rows += ["", f"documents {c.documents}, gold {c.gold}, predictions {c.predictions}, "
                 f"lenient TP {c.lenient_tp}, exact TP {c.exact_tp}, end-to-end TP {c.e2e_tp}"]
        return "\n".join(rows)


# --- agreement between annotators --------------------------------------------


@_record
class Agreement:
    """PolNeAR's other annotators scored against the first: ``report`` pools one document per
    (article, other annotator) pair, over ``articles`` articles."""

    articles: int
    report: EvalReport

    def to_dict(self) -> dict[str, Any]:
        return {"articles": self.articles, "annotations": self.report.counts.documents, **self.report.to_dict()}


def annotator_agreement(directory: str | Path) -> Agreement:
    """How far PolNeAR's annotators agree, by the same scorer: every other annotator's attributions of
    an article, as predictions, against the lexicographically first's (the gold ``load_polnear`` reads).

    Each (article, other annotator) pair is one document of the report; the scores pool all pairs.
    What a second person reaches against the gold puts a system's scores in scale (PolNeAR train:
    79 annotations of 16 articles, lenient content F1 0.796, exact 0.673).

    Raises:
        EvaluationError: as :func:`load_polnear`, or no article of the split has two .ann files.
    """
    root = Path(directory)
    text_dir = text_folder(root)
    gold: list[GoldDoc] = []
    others: list[GoldDoc] = []
    articles = 0
    for stem, paths in sorted(annotation_files(root / "attributions").items()):
        text_path = text_dir / f"{stem}.txt"
        if len(paths) < 2 or not text_path.is_file():
            continue
        first = read_gold_doc(text_path, paths[0])
        articles += 1
        for path in paths[1:]:
            other = read_gold_doc(text_path, path)
            pair = f"{stem}@{other.annotator}"
            gold.append(replace(first, name=pair))
            others.append(replace(other, name=pair))
    if not gold:
        raise EvaluationError(f"no article in {root} has two annotation files: there is no agreement to measure")
    return Agreement(articles=articles, report=score(gold, gold_as_predictions(others)))


# --- positions, kinds ----------------------------------------------------------


def _trimmable(ch: str) -> bool:
    return ch.isspace() or ch in QUOTE_MARKS or unicodedata.category(ch).startswith("P")


def content_positions(text: str, spans: Iterable[tuple[int, int]]) -> frozenset[int]:
    """Non-space positions covered by ``spans``, each trimmed of space, punctuation, quotes."""
    out: set[int] = set()
    for start, end in spans:
        while start < end and _trimmable(text[start]):
            start += 1
        while end > start and _trimmable(text[end - 1]):
            end -= 1
        out.update(_nonspace(text, ((start, end),)))
    return frozenset(out)


def _nonspace(text: str, spans: Iterable[tuple[int, int]]) -> set[int]:
    return {i for start, end in spans for i in range(start, end) if not text[i].isspace()}


def jaccard(a: set[int] | frozenset[int], b: set[int] | frozenset[int]) -> float:
    """|a ∩ b| / |a ∪ b|; 0.0 when both are empty."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def content_kind(text: str) -> str:
    """``direct``, ``mixed`` or ``indirect``, from the double quote marks in ``text``.

    ``text`` is the untrimmed content (spans joined with a space). No double
    quote mark (``" “ ” « » „``) at all → ``indirect``. Otherwise read left to
    right: ``“ « „`` open a quotation and ``” »`` close one (they nest), ``"``
    toggles in and out; an unclosed quotation runs to the end. ``direct`` when
    no letter or digit lies outside every quotation (so ``“We will win,”`` and
    ``“A.” “B.”`` are direct), else ``mixed``. Single quote marks are ignored:
    in running text they are mostly apostrophes.
    """
    if not any(ch == _STRAIGHT_QUOTE or ch in _OPENING_QUOTES + _CLOSING_QUOTES for ch in text):
        return "indirect"
    depth, straight = 0, False
    for ch in text:
        if ch == _STRAIGHT_QUOTE:
            straight = not straight
        elif ch in _OPENING_QUOTES:
            depth += 1
        elif ch in _CLOSING_QUOTES:
            depth = max(depth - 1, 0)
        elif not depth and not straight and ch.isalnum():
            return "mixed"
    return "direct"


def source_kind(source_text: str | None) -> str:
    """``none`` without a Source, ``pronoun`` for a bare pronoun, else ``named``."""
    if source_text is None:
        return "none"
    return "pronoun" if source_text.strip().lower() in PRONOUNS else "named"


def _joined(text: str, spans: Spans) -> str:
    return " ".join(text[s:e] for s, e in spans)


# --- scoring -------------------------------------------------------------------


def greedy_match(
    gold: Sequence[frozenset[int]], predicted: Sequence[frozenset[int]], threshold: float
) -> list[tuple[int, int]]:
    """One-to-one (gold index, prediction index) pairs, best Jaccard first."""
    candidates = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(predicted):
            if g.isdisjoint(p):
                continue
            j = jaccard(g, p)
            if j >= threshold:
                candidates.append((-j, gi, pi))
    candidates.sort()
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for _, gi, pi in candidates:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            pairs.append((gi, pi))
    return pairs


def score(gold: Sequence[GoldDoc], predictions: Iterable[Mapping[str, Any]]) -> EvalReport:
    """Score predictions in the evaluation format against gold documents.

    Args:
        gold: documents from :func:`load_polnear` (or built by hand).
        predictions: dicts as printed by ``onrecord extract --jsonl``; those
            whose ``doc`` is not a gold document are ignored and counted.

    Returns:
        An :class:`EvalReport` with the definitions of this module's docstring.

    Raises:
        EvaluationError: a prediction lacks ``doc`` or ``content``, or has a
            span that is not inside its document's text; two gold documents
            share a name.
    """
    grouped: dict[str, list[Mapping[str, Any]]] = {doc.name: [] for doc in gold}
    if len(grouped) != len(gold):
        raise EvaluationError("the gold holds two documents with the same name")
    unknown: Counter[str] = Counter()
    for pred in predictions:
        name = _doc_name(pred)
        if name in grouped:
            grouped[name].append(pred)
        else:
            unknown[name] += 1
    tally: Counter[str] = Counter()
    for doc in gold:
        tally += _score_doc(doc, grouped[doc.name])
    return _report(tally, len(gold), unknown)


def _doc_name(pred: Mapping[str, Any]) -> str:
    if not isinstance(pred, Mapping) or not isinstance(pred.get("doc"), str):
        raise EvaluationError(
            f"a prediction has no 'doc' name: {str(pred)[:80]}; "
            "use the output of `onrecord extract --jsonl`"
        )
    return pred["doc"]


def _score_doc(doc: GoldDoc, preds: list[Mapping[str, Any]]) -> Counter[str]:
    """One article's counts: gold, predictions, TPs, correct roles, kinds."""
    text = doc.text
    parsed = [_parse_prediction(p, doc) for p in preds]
    gold_sets = [content_positions(text, a.content) for a in doc.attributions]
    pred_sets = [content_positions(text, p.content) for p in parsed]
    lenient = greedy_match(gold_sets, pred_sets, LENIENT)
    exact = greedy_match(gold_sets, pred_sets, EXACT)
    tally = Counter(gold=len(gold_sets), predictions=len(pred_sets), lenient=len(lenient),
                    exact=len(exact), skipped=doc.skipped)
    for a in doc.attributions:
        tally.update(_kinds(text, a, "gold "))
    for gi, pi in lenient:
        gold_a, pred = doc.attributions[gi], parsed[pi]
        tally.update(_kinds(text, gold_a, "matched "))
        tally["speaker"] += _role_correct(text, gold_a.source, pred.speaker)
        tally["cue"] += _role_correct(text, gold_a.cue, pred.cue)
    return tally


def _kinds(text: str, a: GoldAttribution, prefix: str) -> tuple[str, str]:
    """Counter keys for the content kind and source kind of a gold attribution."""
    source = _joined(text, a.source) if a.source else None
    return (f"{prefix}content:{content_kind(_joined(text, a.content))}",
            f"{prefix}source:{source_kind(source)}")


def _role_correct(text: str, gold: Spans, predicted: Spans | None) -> bool:
    """The speaker/cue rule: non-space overlap, or both absent."""
    if not gold:
        return predicted is None
    if predicted is None:
        return False
    return not _nonspace(text, gold).isdisjoint(_nonspace(text, predicted))


@_record
class _Prediction:
    """One prediction as offset pairs; speaker and cue are None when null."""

    content: Spans
    speaker: Spans | None
    cue: Spans | None


def _parse_prediction(pred: Mapping[str, Any], doc: GoldDoc) -> _Prediction:
    return _Prediction(
        content=_spans(pred, "content", doc) or (),
        speaker=_spans(pred, "speaker", doc),
        cue=_spans(pred, "cue", doc),
    )


def _spans(pred: Mapping[str, Any], key: str, doc: GoldDoc) -> Spans | None:
    """``content`` (a list) or ``speaker``/``cue`` (one span or null) as offset pairs."""
    value = pred.get(key)
    if value is None:
        if key == "content":
            raise EvaluationError(f"a prediction for {doc.name!r} has no 'content' list")
        return None
    items = value if key == "content" else [value]
    try:
        pairs = tuple((int(s["start"]), int(s["end"])) for s in items)
    except (TypeError, KeyError, ValueError) as exc:
        raise EvaluationError(
            f"a prediction for {doc.name!r} has a malformed {key!r}: {str(value)[:80]}"
        ) from exc
    for start, end in pairs:
        if not 0 <= start <= end <= len(doc.text):
            raise EvaluationError(
                f"a prediction for {doc.name!r} has {key} span {start}-{end} outside the "
                f"text (length {len(doc.text)}); offsets must index the file as read"
            )
    return pairs


def _report(tally: Counter[str], documents: int, unknown: Counter[str]) -> EvalReport:
    gold, predicted, lenient = tally["gold"], tally["predictions"], tally["lenient"]
    e2e = tally["speaker"]  # lenient matches whose speaker is correct
    return EvalReport(
        content_lenient=PRF.of(lenient, predicted, gold),
        content_exact=PRF.of(tally["exact"], predicted, gold),
        speaker_accuracy=tally["speaker"] / lenient if lenient else 0.0,
        cue_accuracy=tally["cue"] / lenient if lenient else 0.0,
        end_to_end=PRF.of(e2e, predicted, gold),
        recall_by_content_kind=_kind_recalls(tally, "content:", CONTENT_KINDS),
        recall_by_source_kind=_kind_recalls(tally, "source:", SOURCE_KINDS),
        counts=Counts(
            documents=documents, gold=gold, predictions=predicted, lenient_tp=lenient,
            exact_tp=tally["exact"], e2e_tp=e2e, gold_skipped=tally["skipped"],
            ignored_predictions=sum(unknown.values()),
        ),
        unknown_docs=len(unknown),
    )


def _kind_recalls(tally: Counter[str], axis: str, kinds: tuple[str, ...]) -> dict[str, KindRecall]:
    out = {}
    for kind in kinds:
        gold, matched = tally[f"gold {axis}{kind}"], tally[f"matched {axis}{kind}"]
        out[kind] = KindRecall(gold=gold, matched=matched, recall=matched / gold if gold else 0.0)
    return out


def gold_as_predictions(gold: Sequence[GoldDoc]) -> list[dict[str, Any]]:
    """The gold itself in the evaluation format (scoring it against gold gives 1.0)."""
    return [
        {"doc": doc.name, "speaker": _covering(doc.text, a.source),
         "cue": _covering(doc.text, a.cue),
         "content": [_span_dict(doc.text, s, e) for s, e in a.content],
         "kind": content_kind(_joined(doc.text, a.content))}
        for doc in gold for a in doc.attributions
    ]


def _covering(text: str, spans: Spans) -> dict[str, Any] | None:
    """One span from the first start to the last end, or None without spans."""
    if not spans:
        return None
    return _span_dict(text, min(s for s, _ in spans), max(e for _, e in spans))


def _span_dict(text: str, start: int, end: int) -> dict[str, Any]:
    return {"start": start, "end": end, "text": text[start:end]}


def evaluate_polnear(directory: str | Path, *, model: str = "full") -> EvalReport:
    """Run ``extract --no-clean`` over ``directory/text/*.txt`` and score it against the gold.

    Args:
        directory: a PolNeAR split holding ``text/`` and ``attributions/``.
        model: which extraction (``onrecord.settings.MODELS``), as ``extract --model``.

    Returns:
        The report; the same code path as ``onrecord extract --no-clean --jsonl``.
    """
    from .pipeline import extract
    from .settings import DEFAULT_SETTINGS

    gold = load_polnear(directory)
    paths = [str(Path(directory) / "text" / f"{doc.name}.txt") for doc in gold]
    predictions: list[dict[str, Any]] = []
    for outcome in extract(paths, settings=DEFAULT_SETTINGS.with_(clean=False, model=model)):
        if isinstance(outcome, ExtractedArticle):
            predictions.extend(st.to_dict(doc=outcome.article.name) for st in outcome.statements)
    return score(gold, predictions)
