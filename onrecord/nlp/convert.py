"""The one place a spaCy Doc becomes onrecord records."""

from __future__ import annotations

from spacy.tokens import Doc

from ..models import Article, Span, Statement, digest
from .attribution import Attribution
from .stated_time import stated_times
from .wrapping import unwrap


def _span(text: str, pair: tuple[int, int] | None) -> Span | None:
    return Span.of(text, *pair) if pair is not None else None


def statement_id(article_id: str, att: Attribution) -> str:
    """Deterministic id: the article plus the cue and content offsets."""
    parts = [article_id, repr(att.cue), *(f"{s}:{e}" for s, e in att.content)]
    return digest(*parts)


def doc_to_statements(doc: Doc, article: Article) -> tuple[Statement, ...]:
    """Statements of ``article`` from a Doc processed by the onrecord components.

    Args:
        doc: the processed Doc of ``article.text`` (or of its :func:`~onrecord.nlp.wrapping.unwrap`).
        article: the article the Doc was made from; offsets point into its text.

    Returns:
        Statements in text order, each span a slice of ``article.text``.
    """
    if doc.text != article.text and doc.text != unwrap(article.text):
        raise ValueError("the Doc was not made from this article's text")
    kept: list[tuple[str, Attribution]] = []
    seen: set[str] = set()
    for att in doc._.onrecord_attributions or []:
        sid = statement_id(article.id, att)
        if sid in seen or not att.content:
            continue
        seen.add(sid)
        kept.append((sid, att))
    out = []
    for (sid, att), stated in zip(kept, stated_times(doc, [att for _, att in kept], article.published)):
        out.append(
            Statement(
                id=sid,
                article_id=article.id,
                speaker=_span(article.text, att.source),
                cue=_span(article.text, att.cue),
                content=tuple(Span.of(article.text, s, e) for s, e in att.content),
                kind=att.kind,  # type: ignore[arg-type]
                sentence=att.sentence,
                actors=tuple(dict.fromkeys(att.actors)),
                cue_lemma=att.cue_lemma,
                date=(stated.resolved.date if stated is not None else None) or article.published,
                when=_span(article.text, (stated.start, stated.end)) if stated is not None else None,
                position=att.position,
            )
        )
    return tuple(out)
