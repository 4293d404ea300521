"""JSONL files: one article record per line, each line its own document or problem."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import EmptyInput, RecordError, SourceError
from ..models import Problem, RawDocument
from ..settings import Settings
from .files import problem_for, too_large

BODY_FIELDS = ("text", "html")
OPTIONAL_FIELDS = ("url", "title", "published", "site", "author")


def iter_records(origin: str, *, settings: Settings) -> Iterator[RawDocument | Problem]:
    """Each non-blank line of a JSONL file as a document, or a Problem naming the line.

    Args:
        origin: the file's path as given.
        settings: ``file_max_bytes`` caps each line, not the file, so a large
            corpus streams through.

    Returns:
        An iterator of documents and problems in line order.

    Raises:
        SourceError: the file cannot be opened; EmptyInput when it has no records.
    """
    path = Path(origin)
    seen = False
    try:
        with path.open("rb") as handle:
            for lineno, raw in enumerate(handle, start=1):
                if not raw.strip():
                    continue
                seen = True
                try:
                    yield _document(raw, origin=origin, stem=path.stem, lineno=lineno, settings=settings)
                except SourceError as exc:
                    yield problem_for(f"{origin}:{lineno}", exc)
    except OSError as exc:
        raise SourceError(f"cannot read the file: {exc.strerror or exc}") from exc
    if not seen:
        raise EmptyInput("file holds no records")


def _document(raw: bytes, *, origin: str, stem: str, lineno: int, settings: Settings) -> RawDocument:
    """One line's record as a document."""
    if len(raw) > settings.file_max_bytes:
        raise too_large("record", settings.file_max_bytes, len(raw))
    record = _parse(raw.removeprefix(b"\xef\xbb\xbf") if lineno == 1 else raw)
    field = _body_field(record)
    body = record[field]
    if not body.strip():
        raise EmptyInput(f"record's {field} holds only whitespace")
    record_id = record.get("id")
    return RawDocument(
        origin=f"{origin}:{lineno}",
        name=str(record_id) if record_id is not None else f"{stem}-{lineno}",
        body=body,
        media_type="text/html" if field == "html" else "text/plain",
        **{key: record.get(key) for key in OPTIONAL_FIELDS},
    )


def _parse(raw: bytes) -> dict[str, Any]:
    """A line as a JSON object with fields of the right types."""
    try:
        record = json.loads(raw)
    except UnicodeDecodeError as exc:
        raise RecordError(f"not valid UTF-8 at byte {exc.start} of the line") from exc
    except json.JSONDecodeError as exc:
        raise RecordError(f"not JSON: {exc.msg} at column {exc.colno}") from exc
    if not isinstance(record, dict):
        raise RecordError(f"not a JSON object but {_json_type(record)}")
    for key in (*BODY_FIELDS, *OPTIONAL_FIELDS):
        if record.get(key) is not None and not isinstance(record[key], str):
            raise RecordError(f'"{key}" must be a string, not {_json_type(record[key])}')
    record_id = record.get("id")
    if record_id is not None and (isinstance(record_id, bool) or not isinstance(record_id, (str, int))):
        raise RecordError(f'"id" must be a string or integer, not {_json_type(record_id)}')
    return record


def _body_field(record: dict[str, Any]) -> str:
    """Which of "text" and "html" the record carries; exactly one is required."""
    present = [key for key in BODY_FIELDS if record.get(key) is not None]
    if not present:
        raise RecordError('record has neither "text" nor "html"')
    if len(present) > 1:
        raise RecordError('record has both "text" and "html"; give exactly one')
    return present[0]


_JSON_TYPES: dict[type, str] = {
    dict: "an object",
    list: "an array",
    str: "a string",
    bool: "a boolean",
    int: "a number",
    float: "a number",
}


def _json_type(value: object) -> str:
    """The JSON name of a parsed value's type."""
    return "null" if value is None else _JSON_TYPES.get(type(value), type(value).__name__)
