"""Where extracted articles, statements and actors are kept.

``open_store(target)`` opens the backend a target names: a filesystem path is
a SQLite file (created on first use); a ``postgresql://`` (or ``postgres://``)
URL is a PostgreSQL database, whose driver (psycopg) is imported only then.
Every backend implements ``Store``.
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
            a ``postgresql://user:password@host:port/database`` URL (the
            database must exist; onrecord creates its tables in it).
        create: create and initialise the database when it does not exist;
            read-only commands pass ``False``.

    Returns:
        An open store, migrated to the current schema; close it (or use it as a
        context manager) when done.

    Raises:
        StoreNotFound: ``create`` is false and the database does not exist
            (or holds no onrecord tables); a PostgreSQL database that does
            not exist, whatever ``create`` says.
        SchemaError: the database is not onrecord's or is newer than this onrecord.
        StoreError: the target cannot be opened, or names an unsupported backend.
    """
    text = os.fspath(target)
    url = _URL.match(text)
    if url is not None:
        if url["scheme"].lower() in _POSTGRES_SCHEMES:
            return _open_postgres(text, create=create)
        raise StoreError(
            f"unsupported database URL scheme {url['scheme']}://: "
            "use a SQLite path or a postgresql:// URL"
        )
    return SQLiteStore(text, create=create)


def _open_postgres(url: str, *, create: bool) -> Store:
    """A ``PostgresStore``, importing the driver only now."""
    try:
        from .postgres import PostgresStore
    except ImportError as exc:
        if not (exc.name or "psycopg").startswith("psycopg"):
            raise
        raise StoreError("PostgreSQL support needs psycopg: pip install 'onrecord[postgres]'") from exc
    return PostgresStore(url, create=create)
