"""Every failure onrecord names, in one tree.

    OnrecordError
    ├── SourceError                 an input could not be turned into a document
    │   ├── EmptyInput              nothing but whitespace
    │   ├── BinaryInput             not text (NUL bytes, unknown binary type)
    │   ├── DecodeError             not valid UTF-8 (or the declared charset)
    │   ├── TooLarge                over the size cap
    │   ├── SourceNotFound          no such file, folder or glob match
    │   ├── FetchError              an http(s) fetch failed
    │   │   ├── FetchTimeout        the server did not answer in time
    │   │   ├── HTTPStatusError     the server answered 4xx/5xx
    │   │   ├── TooManyRedirects    more redirects than allowed
    │   │   ├── BlockedAddress      the host is not public and private hosts are refused
    │   │   └── UnsupportedContent  a content type onrecord does not read
    │   ├── FeedError               an RSS/Atom feed that does not parse
    │   ├── RecordError             one bad record of a JSONL or WARC file
    │   └── ShardError              a Parquet shard that is unreadable or not in onrecord's format
    ├── ExtractionError             a document holds no usable article text
    ├── ModelError                  the spaCy model is missing or not the pinned one
    ├── ActorsFileError             an actors file is not valid TOML or not in format
    ├── StoreError                  the database could not be read or written
    │   ├── SchemaError             the database schema is newer or unknown
    │   └── StoreNotFound           the database does not exist (read commands)
    ├── EvaluationError             an evaluation corpus is missing or malformed
    ├── NotFound                    a page or API route names a record that is not stored
    ├── InvalidRequest              a page or API request with a value out of range
    ├── WebUnavailable              the web extra (FastAPI, uvicorn, Jinja2) is not installed
    ├── RayUnavailable              the ray extra (Ray Data, pyarrow) is not installed
    └── RayRunError                 a Ray run failed after its retries, or its cluster cannot be reached

Source and extraction errors are per-document: a batch counts them as skips or
failures and goes on. Model and store errors stop the command with a message
that says what to do.
"""

from __future__ import annotations


class OnrecordError(Exception):
    """Base of every error onrecord raises on purpose."""


class SourceError(OnrecordError):
    """An input could not be turned into a document."""


class EmptyInput(SourceError):
    """The input holds nothing but whitespace."""


class BinaryInput(SourceError):
    """The input is binary, not text or HTML."""


class DecodeError(SourceError):
    """The input is not valid UTF-8 (or its declared charset)."""


class TooLarge(SourceError):
    """The input is over the size cap."""


class SourceNotFound(SourceError):
    """No file, folder or glob match exists for the source."""


class FetchError(SourceError):
    """An http(s) fetch failed."""


class FetchTimeout(FetchError):
    """The server did not answer within the timeout."""


class HTTPStatusError(FetchError):
    """The server answered with a 4xx or 5xx status."""


class TooManyRedirects(FetchError):
    """The server redirected more often than allowed."""


class BlockedAddress(FetchError):
    """The URL's host resolves to a loopback, private, link-local or otherwise non-public
    address, and private addresses are not allowed."""


class UnsupportedContent(FetchError):
    """The server sent a content type onrecord does not read."""


class FeedError(SourceError):
    """An RSS or Atom feed does not parse."""


class RecordError(SourceError):
    """One record of a JSONL or WARC file is not a usable article record."""


class ExtractionError(OnrecordError):
    """A document holds no usable article text."""


class NotEnglish(ExtractionError):
    """A document's text does not read as English, the only language onrecord reads."""


class ModelError(OnrecordError):
    """The spaCy model is missing or is not the pinned build."""


class ActorsFileError(OnrecordError):
    """An actors file is not valid TOML or not in the documented format."""


class StoreError(OnrecordError):
    """The database could not be read or written."""


class SchemaError(StoreError):
    """The database schema is newer than this onrecord or not onrecord's."""


class StoreNotFound(StoreError):
    """The database does not exist."""


class EvaluationError(OnrecordError):
    """An evaluation corpus is missing or malformed."""


class NotFound(OnrecordError):
    """The actor, article, statement or contest a request names is not stored."""


class InvalidRequest(OnrecordError):
    """A request parameter is out of range or not one of the allowed values."""


class WebUnavailable(OnrecordError):
    """The web extra (FastAPI, uvicorn, Jinja2) is not installed."""


class RayUnavailable(OnrecordError):
    """The ray extra (Ray Data, pyarrow) is not installed."""


class RayRunError(OnrecordError):
    """A Ray run failed after its retries, or its cluster cannot be reached."""


class ShardError(SourceError):
    """A Parquet shard is unreadable or not in onrecord's format."""
