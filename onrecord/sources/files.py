"""Local files, folders, globs and stdin, plus the bytes → text rules every source shares."""

from __future__ import annotations

import codecs
import glob
import os
import re
from pathlib import Path
from typing import BinaryIO, Literal, TextIO

from ..errors import (
    BinaryInput,
    DecodeError,
    EmptyInput,
    ExtractionError,
    SourceError,
    SourceNotFound,
    TooLarge,
)
from ..models import Problem, RawDocument
from ..settings import MEGABYTE, Settings

FileKind = Literal["text", "html", "jsonl", "feed", "warc"]
MediaType = Literal["text/plain", "text/html"]

KIND_BY_SUFFIX: dict[str, FileKind] = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
    ".warc": "warc",
    ".warc.gz": "warc",
}
MEDIA_BY_KIND: dict[FileKind, MediaType] = {"text": "text/plain", "html": "text/html"}

KILOBYTE = 1024
BINARY_SNIFF_BYTES = 8 * 1024  # NUL bytes this early mean the input is not text
HTML_SNIFF_CHARS = 2 * 1024  # how far into a text to look for HTML tags
BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\x1f\x8b", "gzip archive"),
)
_GLOB_CHARS = re.compile(r"[*?\[]")
_HTML_START = re.compile(r"\A\ufeff?\s*<(?:!doctype\s+html|html[\s>])", re.IGNORECASE)
_HTML_TAG = re.compile(r"<(?:body|p)[\s>]", re.IGNORECASE)
_WIDE_CODECS = ("utf-16", "utf-32")


# -- shared by every source: problems and bytes → text ------------------------


def problem_for(origin: str, exc: SourceError | ExtractionError) -> Problem:
    """The Problem record for one input that raised ``exc``."""
    return Problem(origin=origin, reason=str(exc), error=type(exc).__name__)


def human_size(size: int) -> str:
    """A byte count as "52.4 MB", or "2.9 KB" below a megabyte."""
    if size < MEGABYTE:
        return f"{size / KILOBYTE:.1f} KB"
    return f"{size / MEGABYTE:.1f} MB"


def too_large(what: str, cap: int, size: int | None = None) -> TooLarge:
    """The TooLarge error for ``what`` over ``cap`` bytes, with its size when known."""
    if size is None:
        return TooLarge(f"{what} is over the {human_size(cap)} cap")
    return TooLarge(f"{what} is {human_size(size)}, over the {human_size(cap)} cap")


def check_bytes(raw: bytes, *, what: str, charset: str = "utf-8") -> None:
    """Raise EmptyInput or BinaryInput when ``raw`` cannot be a text."""
    if not raw:
        raise EmptyInput(f"{what} is empty")
    for magic, label in BINARY_MAGIC:
        if raw.startswith(magic):
            raise BinaryInput(f"{what} is binary ({label}), not text")
    if not _is_wide(charset) and b"\x00" in raw[:BINARY_SNIFF_BYTES]:
        raise BinaryInput(f"{what} is binary (NUL bytes near the start), not text")


def decode_text(raw: bytes, *, what: str, charset: str = "utf-8") -> str:
    """The text of ``raw`` exactly as decoded (no newline translation, BOM kept).

    Raises EmptyInput, BinaryInput or DecodeError when it is not usable text.
    """
    if not _known(charset):
        raise DecodeError(f"{what} declares an unknown charset {charset!r}")
    check_bytes(raw, what=what, charset=charset)
    try:
        text = raw.decode(charset)
    except UnicodeDecodeError as exc:
        label = "UTF-8" if codecs.lookup(charset).name == "utf-8" else charset
        raise DecodeError(f"not valid {label} at byte {exc.start}") from exc
    except LookupError as exc:  # a codec that exists but is not a text encoding, e.g. "base64"
        raise DecodeError(f"{what} declares {charset!r}, which is not a text charset") from exc
    if not text.lstrip("\ufeff").strip():
        raise EmptyInput(f"{what} holds only whitespace")
    return text


def _is_wide(charset: str) -> bool:
    """Whether ``charset`` is UTF-16 or UTF-32, where NUL bytes are ordinary text."""
    return _known(charset) and codecs.lookup(charset).name.startswith(_WIDE_CODECS)


def _known(charset: str) -> bool:
    """Whether Python has a codec for ``charset``."""
    try:
        codecs.lookup(charset)
    except (LookupError, ValueError):  # ValueError: a NUL in the name
        return False
    return True


def looks_like_html(text: str) -> bool:
    """Whether a text of unknown type reads as HTML rather than plain text."""
    return bool(_HTML_START.match(text) or _HTML_TAG.search(text, 0, HTML_SNIFF_CHARS))


def sniff_media_type(text: str) -> MediaType:
    """text/html when ``text`` looks like HTML, else text/plain."""
    return "text/html" if looks_like_html(text) else "text/plain"


# -- paths -------------------------------------------------------------------


def suffix_of(path: Path) -> str:
    """The lowercased suffix that decides how a file is read (".warc.gz" counts as one)."""
    name = path.name.lower()
    return ".warc.gz" if name.endswith(".warc.gz") else path.suffix.lower()


def kind_of(path: Path) -> FileKind | None:
    """How a file is read, by its extension; None when the extension is unknown."""
    return KIND_BY_SUFFIX.get(suffix_of(path))


def name_of(path: Path) -> str:
    """A file's name without its extension."""
    suffix = suffix_of(path)
    return path.name[: len(path.name) - len(suffix)] if suffix else path.name


def expand(source: str) -> list[str]:
    """The files a path, folder or glob names, sorted; raises SourceNotFound for none."""
    path = Path(source)
    if path.is_file():
        return [source]
    if path.is_dir():
        return _walk(path)
    if _GLOB_CHARS.search(source):
        return _expand_glob(source)
    raise SourceNotFound("no such file or folder")


def _walk(root: Path) -> list[str]:
    """Files with a known extension under ``root``, sorted, hidden ones left out."""
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            path = Path(dirpath, name)
            if not name.startswith(".") and kind_of(path) is not None:
                found.append(path)
    if not found:
        known = " ".join(KIND_BY_SUFFIX)
        raise SourceNotFound(f"folder holds no files with a known extension ({known})")
    return [str(p) for p in sorted(found)]


def _expand_glob(pattern: str) -> list[str]:
    """Files a glob pattern matches, folders among them walked, sorted."""
    matches = sorted(glob.glob(pattern, recursive=True))
    files: list[str] = []
    for match in matches:
        if os.path.isdir(match):
            files.extend(_walk_or_nothing(Path(match)))
        elif os.path.isfile(match):
            files.append(match)
    if not files:
        raise SourceNotFound("no files match this pattern")
    return files


def _walk_or_nothing(root: Path) -> list[str]:
    """Like _walk, but a folder without readable files adds nothing to a glob."""
    try:
        return _walk(root)
    except SourceNotFound:
        return []


# -- reading -----------------------------------------------------------------


def read_capped(path: Path, *, cap: int) -> bytes:
    """A file's bytes; its size is checked with stat before anything is read."""
    try:
        size = path.stat().st_size
        if size > cap:
            raise too_large("file", cap, size)
        with path.open("rb") as handle:
            raw = handle.read(cap + 1)  # the file may have grown since stat
    except OSError as exc:
        raise SourceError(f"cannot read the file: {exc.strerror or exc}") from exc
    if len(raw) > cap:
        raise too_large("file", cap)
    return raw


def read_file(origin: str, *, settings: Settings) -> RawDocument:
    """One text or HTML file as a document; an unknown extension is sniffed.

    Files of many documents (JSONL, feeds, WARC) are read by their own modules.
    """
    path = Path(origin)
    kind = kind_of(path)
    text = decode_text(read_capped(path, cap=settings.file_max_bytes), what="file")
    media_type = MEDIA_BY_KIND[kind] if kind in MEDIA_BY_KIND else sniff_media_type(text)
    return RawDocument(origin=origin, name=name_of(path), body=text, media_type=media_type)


def read_stdin(stream: TextIO | BinaryIO, *, settings: Settings) -> RawDocument:
    """Standard input as one document, HTML or text by sniffing."""
    cap = settings.file_max_bytes
    data = stream.read(cap + 1)
    # A str from a text stream is re-encoded so every source meets the same byte checks.
    raw = data.encode("utf-8", "surrogateescape") if isinstance(data, str) else data
    if len(raw) > cap:
        raise too_large("stdin", cap)
    text = decode_text(raw, what="stdin")
    return RawDocument(origin="stdin", name="stdin", body=text, media_type=sniff_media_type(text))
