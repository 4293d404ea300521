"""Where extracted articles, statements and actors are kept.

``open_store(target)`` opens the backend a target names: a filesystem path is
a SQLite file (created on first use); ``postgresql://`` URLs are reserved for
the PostgreSQL backend. Every backend implements ``Store``.
"""

from __future__ import annotations

import os
import re

from ..errors import StoreError
from .base import PutOutcome, Store
from .sqlite import SQLiteStore

__all__ = ["PutOutcome", "SQLiteStore", "Store", "open_store"]

_URL = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*)://")
_POSTGRES_SCHEMES = ("postgresql", "postgres")


def open_store(target: str | os.PathLike[str], *, create: bool = True) -> Store:
    """Open the store a path or URL names.

    Args:
        target: a SQLite database file (``":memory:"`` for a throwaway one), or
            a ``postgresql://`` URL.
        create: create and initialise the database when it does not exist;
            read-only commands pass ``False``.

    Returns:
        An open store, migrated to the current schema; close it (or use it as a
        context manager) when done.

    Raises:
        StoreNotFound: ``create`` is false and the database does not exist.
        SchemaError: the database is not onrecord's or is newer than this onrecord.
        StoreError: the target cannot be opened, or names an unsupported backend.
    """
    text = os.fspath(target)
    url = _URL.match(text)
    if url is not None:
        if url["scheme"].lower() in _POSTGRES_SCHEMES:
            raise StoreError("PostgreSQL support is not available yet: use a SQLite path")
        raise StoreError(
            f"unsupported database URL scheme {url['scheme']}://: "
            "use a SQLite path or a postgresql:// URL"
        )
    return SQLiteStore(text, create=create)
