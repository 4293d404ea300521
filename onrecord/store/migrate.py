"""Numbered SQL migrations for the SQLite store, applied in order.

Migrations are the package files ``store/migrations/NNNN_name.sql`` (the
PostgreSQL store keeps its own in ``store/migrations_pg/``, one file per schema
version with the same number and name, and applies them itself). Each one
runs inside a single transaction together with the row that records it in
``schema_migrations``, so a database is always at exactly one version. An
onrecord database is recognised by its SQLite ``application_id`` and that table.

A SQLite migration that rebuilds a table others refer to (SQLite cannot change
a constraint in place) opens with the line ``-- onrecord: rebuilds tables``:
it runs with foreign-key enforcement off, as SQLite's own procedure for such
changes asks, and must leave ``PRAGMA foreign_key_check`` empty before it commits.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import cache
from importlib import resources

from ..errors import SchemaError

# "onrc" in ASCII: written into the SQLite header so `file` and onrecord can
# tell an onrecord database from any other SQLite file.
APPLICATION_ID = 0x6F6E7263

_MIGRATION_NAME = re.compile(r"^(\d{4})_(\w+)\.sql$")

_READ_APPLICATION_ID = "PRAGMA application_id"
_SET_APPLICATION_ID = f"PRAGMA application_id = {APPLICATION_ID}"
_LIST_TABLES = "SELECT name FROM sqlite_master WHERE type = 'table'"
_READ_VERSION = "SELECT max(version) FROM schema_migrations"
_CREATE_MIGRATIONS_TABLE = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL
)"""
_RECORD_VERSION = "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)"


@dataclass(frozen=True, slots=True, kw_only=True)
class Migration:
    """One numbered schema change."""

    version: int
    name: str
    sql: str

    @property
    def rebuilds_tables(self) -> bool:
        """Whether it rebuilds a table others refer to (its first line says so): run with foreign keys off."""
        return self.sql.lstrip().startswith("-- onrecord: rebuilds tables")

    def statements(self) -> list[str]:
        """The file's SQL split into complete statements (triggers stay whole)."""
        out: list[str] = []
        buffer = ""
        for line in self.sql.splitlines(keepends=True):
            buffer += line
            if sqlite3.complete_statement(buffer):
                out.append(buffer.strip())
                buffer = ""
        if buffer.strip() and not _only_comments(buffer):
            raise SchemaError(f"migration {self.name} ends with an incomplete statement")
        return out


def _only_comments(sql: str) -> bool:
    """Whether a SQL fragment holds nothing but blank lines and ``--`` comments."""
    return all(not line.strip() or line.strip().startswith("--") for line in sql.splitlines())


@cache
def migrations(folder_name: str = "migrations") -> tuple[Migration, ...]:
    """Every migration shipped with onrecord in a package folder of ``onrecord.store``, by version."""
    found: list[Migration] = []
    folder = resources.files("onrecord.store").joinpath(folder_name)
    for entry in folder.iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            sql = entry.read_text(encoding="utf-8")
            found.append(Migration(version=int(match[1]), name=entry.name, sql=sql))
    found.sort(key=lambda m: m.version)
    versions = [m.version for m in found]
    if versions != list(range(1, len(found) + 1)):
        raise SchemaError(f"migrations are not numbered 1, 2, 3, …: {versions}")
    return tuple(found)


def latest_version(folder_name: str = "migrations") -> int:
    """The schema version this onrecord creates and understands (the same for every backend)."""
    return len(migrations(folder_name))


def current_version(conn: sqlite3.Connection, *, label: str) -> int:
    """The schema version of an open database: 0 for an empty one.

    Args:
        conn: an open connection.
        label: how to name the database in messages (its path).

    Returns:
        The last migration applied, or 0 when the database has no tables yet.

    Raises:
        SchemaError: the database is SQLite but not onrecord's, or is newer
            than this onrecord.
    """
    tables = {row[0] for row in conn.execute(_LIST_TABLES)}
    app_id = conn.execute(_READ_APPLICATION_ID).fetchone()[0]
    if not tables and app_id in (0, APPLICATION_ID):
        return 0
    if app_id != APPLICATION_ID or "schema_migrations" not in tables:
        raise SchemaError(
            f"{label} is a SQLite database but not an onrecord database: "
            "give another path (onrecord creates the file when it does not exist)"
        )
    version = conn.execute(_READ_VERSION).fetchone()[0] or 0
    if version > latest_version():
        raise SchemaError(
            f"{label} has schema version {version}, newer than this onrecord "
            f"understands ({latest_version()}): upgrade onrecord to read it"
        )
    return int(version)


def migrate(conn: sqlite3.Connection, *, label: str) -> int:
    """Apply every migration the database lacks, each in its own transaction.

    The connection must be in autocommit mode (``isolation_level=None``). The
    version is re-read under the write lock, so two processes opening a new
    database at once apply each migration once.

    Args:
        conn: an open connection with no transaction in progress.
        label: how to name the database in messages (its path).

    Returns:
        The schema version after migrating.

    Raises:
        SchemaError: the database is not onrecord's, is newer than this
            onrecord, or a migration failed (that migration is rolled back).
    """
    for migration in migrations():
        if migration.version <= current_version(conn, label=label):
            continue
        rebuilds = migration.rebuilds_tables and conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        if rebuilds:
            conn.execute("PRAGMA foreign_keys = OFF")  # a no-op inside a transaction: set before it
        try:
            _apply_once(conn, migration, label=label, check_references=rebuilds)
        finally:
            if rebuilds:
                conn.execute("PRAGMA foreign_keys = ON")
    return current_version(conn, label=label)


def _apply_once(conn: sqlite3.Connection, migration: Migration, *, label: str, check_references: bool) -> None:
    """Apply one migration in its own transaction unless another process did first; with
    ``check_references``, refuse to commit one that leaves rows referring to rows that are gone."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        if migration.version <= current_version(conn, label=label):
            conn.execute("ROLLBACK")
            return
        _apply(conn, migration)
        if check_references and conn.execute("PRAGMA foreign_key_check").fetchone() is not None:
            raise sqlite3.IntegrityError("it would leave rows referring to rows that are gone")
        conn.execute("COMMIT")
    except BaseException as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        if isinstance(exc, sqlite3.Error):
            raise SchemaError(f"{label}: migration {migration.name} failed: {exc}") from exc
        raise


def _apply(conn: sqlite3.Connection, migration: Migration) -> None:
    """Run one migration's statements and record its version (inside a transaction)."""
    if migration.version == 1:
        conn.execute(_SET_APPLICATION_ID)
        conn.execute(_CREATE_MIGRATIONS_TABLE)
    for statement in migration.statements():
        conn.execute(statement)
    applied_at = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    conn.execute(_RECORD_VERSION, (migration.version, migration.name, applied_at))
