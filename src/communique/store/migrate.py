"""Schema migrations: numbered SQL files applied in order, each in a transaction.

The files live in ``store/migrations/`` and are named ``NNNN_description.sql``;
the number is the schema version the file brings the database to. The
``meta`` table holds the version as the row ``('schema_version', 'N')``.

Opening a database whose version is higher than the newest migration raises
:class:`~communique.errors.StoreError`: the data was written by a newer
communique and this code must not touch it.

>>> [m.version for m in MIGRATIONS][:1]
[1]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

import duckdb

from ..errors import StoreError

_FILE = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")

META_DDL = "CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)"


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str


def load_migrations() -> tuple[Migration, ...]:
    """The bundled migrations, in version order; numbering must run 1, 2, 3, … without gaps."""
    folder = resources.files(__package__).joinpath("migrations")
    found = []
    for entry in folder.iterdir():
        match = _FILE.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    found.sort(key=lambda m: m.version)
    return check_sequence(found)


def check_sequence(migrations: list[Migration] | tuple[Migration, ...]) -> tuple[Migration, ...]:
    """Return the migrations as a tuple, or raise StoreError if versions skip or repeat."""
    for expected, migration in enumerate(migrations, start=1):
        if migration.version != expected:
            raise StoreError(
                f"migration {migration.name} has version {migration.version}; expected {expected} "
                "(migrations are numbered 0001, 0002, … without gaps)"
            )
    return tuple(migrations)


MIGRATIONS: tuple[Migration, ...] = load_migrations()
SCHEMA_VERSION: int = MIGRATIONS[-1].version


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    """The version recorded in ``meta``; 0 for a database without one."""
    has_meta = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'meta' "
        "AND table_schema = current_schema()"
    ).fetchone()
    if not has_meta or not has_meta[0]:
        return 0
    row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    if row is None:
        return 0
    try:
        return int(row[0])
    except ValueError as exc:
        raise StoreError(f"meta.schema_version is not a number: {row[0]!r}") from exc


def check_not_newer(version: int, latest: int) -> None:
    """Refuse a database written by a newer communique."""
    if version > latest:
        raise StoreError(
            f"the database has schema version {version}, newer than this communique "
            f"supports (up to {latest}); upgrade communique to open it"
        )


def migrate(
    con: duckdb.DuckDBPyConnection, migrations: tuple[Migration, ...] = MIGRATIONS
) -> int:
    """Apply the migrations the database lacks, each in its own transaction; return the version.

    A failing migration is rolled back (the database keeps its previous
    version) and reported as StoreError.
    """
    migrations = check_sequence(migrations)
    latest = migrations[-1].version if migrations else 0
    con.execute(META_DDL)
    version = schema_version(con)
    check_not_newer(version, latest)
    for migration in migrations[version:]:
        try:
            con.execute("BEGIN TRANSACTION")
            con.execute(migration.sql)
            con.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)",
                [str(migration.version)],
            )
            con.execute("COMMIT")
        except duckdb.Error as exc:
            con.execute("ROLLBACK")
            raise StoreError(f"migration {migration.name} failed: {exc}") from exc
        version = migration.version
    return version


def check_current(con: duckdb.DuckDBPyConnection, latest: int = SCHEMA_VERSION) -> int:
    """For a read-only database: the version, if it is exactly the one this code expects."""
    version = schema_version(con)
    check_not_newer(version, latest)
    if version < latest:
        what = "is not a communique database" if version == 0 else f"has schema version {version}"
        raise StoreError(
            f"the database {what}; this communique needs version {latest}: "
            "open it once without read_only to create or migrate it"
        )
    return version
