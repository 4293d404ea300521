"""spaCy lives here and nowhere else: the pipeline and the Doc → Statement step."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..models import Article, Statement

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["build_pipeline", "extract_statements", "load_pipeline"]


@lru_cache(maxsize=4)
def load_pipeline(actors_file: str | None = None, *, model: str = "full", interview_answers: bool = False) -> Language:
    """en_core_web_sm with onrecord's components, loaded once per process.

    Args:
        actors_file: a user actors TOML file extending the built-in gazetteer.
        model: which extraction (``onrecord.settings.MODELS``): ``full``, the trained
            attribution tagger shipped in the package with its content reader; ``tagger``,
            the tagger without the reader; ``rules``, the parse rules alone.
        interview_answers: a question-and-answer interview's "A:" answers are the interviewee's
            statements (``onrecord.nlp.transcripts.answers``).

    Returns:
        A spaCy pipeline whose Docs carry ``doc._.onrecord_attributions``.

    Raises:
        ModelError: ``model`` is none of those.
    """
    from ..errors import ModelError
    from ..settings import MODELS
    from .encoder import encoder_weights_path

    if model not in MODELS:
        raise ModelError(f"unknown model {model!r}: one of {', '.join(MODELS)}")
    tagger_path = None if model == "rules" else encoder_weights_path()
    return build_pipeline(
        actors_file=actors_file, tagger_path=tagger_path, reader=model == "full", interview_answers=interview_answers
    )


def build_pipeline(
    *,
    actors_file: str | None = None,
    tagger_path: Path | None = None,
    positions: bool = True,
    acceptance: bool = True,
    reader: bool = True,
    interview_answers: bool = False,
) -> Language:
    """A fresh pipeline (not cached): base model, onrecord's components, and the tagger at ``tagger_path``.

    ``tagger_path`` is a folder of transformer tagger weights
    (``weights-*.safetensors``); None runs the parse rules alone.
    ``positions=False`` leaves the positions out (to measure what they cost).
    ``acceptance=False`` ignores the tagger's acceptance model (to fit a new one).
    ``reader=False`` leaves out the content reader shipped beside the tagger
    (:mod:`onrecord.nlp.reader`; to fit a new one, or to measure what it does).
    ``interview_answers`` makes a question-and-answer interview's answers the interviewee's statements.
    """
    from . import components, encoder  # noqa: F401  (registers the factories)
    from .acceptance import ACCEPT_FILE
    from .model import load_base_model
    from .wrapping import UnwrappingTokenizer

    nlp = load_base_model()
    nlp.tokenizer = UnwrappingTokenizer(nlp.tokenizer)  # hard-wrapped lines read as one paragraph
    nlp.add_pipe("onrecord_paragraphs", before="parser")
    reads = False
    if tagger_path is not None:
        from .reader import READER_FILE  # torch: only with the tagger

        reads = reader and (Path(tagger_path) / READER_FILE).is_file()
        nlp.add_pipe("onrecord_encoder", after="lemmatizer", config={"weights": str(tagger_path), "states": reads})
    nlp.add_pipe("onrecord_names", after="ner")
    nlp.add_pipe("onrecord_quotes")
    accept_file = Path(tagger_path) / ACCEPT_FILE if tagger_path is not None and acceptance else None
    nlp.add_pipe("onrecord_attribution", config={
        "acceptance": str(accept_file) if accept_file and accept_file.exists() else None,
        "reader": str(tagger_path) if reads else None,
        "interview_answers": interview_answers,
    })
    nlp.add_pipe("onrecord_speakers", config={"actors_file": actors_file, "positions": positions})
    return nlp


def extract_statements(article: Article, *, nlp: Language | None = None) -> tuple[Statement, ...]:
    """Statements in one article (a pure stage: article in, statements out).

    Raises:
        ExtractionError: the article is longer than ``onrecord.extract.MAX_ARTICLE_CHARS``.
    """
    from ..extract import check_length
    from .convert import doc_to_statements

    check_length(article.text)
    nlp = nlp or load_pipeline()
    return doc_to_statements(nlp(article.text), article)
