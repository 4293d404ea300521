"""One Settings object for every tunable; each constant carries its unit."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace

from ._version import __version__

DEFAULT_DB_FILENAME = "onrecord.db"
MODELS = ("full", "tagger", "rules")  # the values of Settings.model, most exact first
MEGABYTE = 1024 * 1024


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    """Limits and defaults shared by sources, extraction, pipeline and store."""

    fetch_timeout_s: float = 15.0  # per request: connect and each read
    fetch_max_bytes: int = 10 * MEGABYTE  # a page or feed larger than this is skipped
    fetch_max_redirects: int = 5  # redirects followed per fetch
    fetch_deadline_s: float = 30.0  # one whole fetch, every redirect included
    # The CLI fetches what its user asks, intranet and localhost included;
    # `onrecord serve` sets this False so a web client cannot make the server
    # reach loopback, private or link-local addresses (SSRF).
    fetch_allow_private: bool = True
    # sent with every fetch, so site owners can see who is reading
    user_agent: str = f"onrecord/{__version__} (+https://pypi.org/project/onrecord/; news attribution extractor)"
    file_max_bytes: int = 20 * MEGABYTE  # local files larger than this are skipped
    feed_max_items: int = 200  # items fetched from one RSS/Atom feed
    clean: bool = True  # remove scrape junk from plain text
    batch_size: int = 16  # documents per nlp.pipe batch (articles)
    processes: int = 0  # worker processes for the NLP stages; 0: one per CPU, at most 4
    actors_file: str | None = None  # a user actors TOML file extending the built-in gazetteer
    # which extraction runs (MODELS): "full", the trained tagger with its content reader;
    # "tagger", without the reader (faster, content boundaries a little less exact);
    # "rules", the parse rules alone (about 1.8 times as fast, most reported speech missed)
    model: str = "full"
    # a question-and-answer interview's "A:" answers as the interviewee's statements (off: PolNeAR, the
    # corpus onrecord is scored on, annotates most such interviews by what is attributed inside the answers)
    interview_answers: bool = False

    def with_(self, **changes: object) -> Settings:
        """A copy with some fields changed."""
        return replace(self, **changes)  # type: ignore[arg-type]


def default_db() -> str:
    """The database used when none is given: $ONRECORD_DB or ./onrecord.db."""
    return os.environ.get("ONRECORD_DB", DEFAULT_DB_FILENAME)


DEFAULT_SETTINGS = Settings()
