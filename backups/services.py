"""Backups of the whole database, and the proof that a restore lost nothing.

A backup is two files side by side, both readable by their owner only (0600):

    reintegra-<UTC time>.sqlite3  or  .pgdump    the database itself
    reintegra-<UTC time>.manifest.json           what it must contain

The manifest holds the Django migration state and, per table, the row count and a
SHA-256 over the rows in primary-key order, each value read through its model field and
serialised canonically. The same data therefore gives the same digest on SQLite and on
PostgreSQL, and a restore is checked table by table against it.

The digests describe exactly what was saved, even while the app keeps writing: on SQLite
they are computed from the finished backup file; on PostgreSQL inside the very snapshot
pg_dump dumps (`pg_export_snapshot` + `pg_dump --snapshot`).
"""

from __future__ import annotations

import copy
import datetime as dt
import decimal
import hashlib
import json
import logging
import os
import shutil
import sqlite3
import subprocess
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager, closing, contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Protocol

import django
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import ExpressionWrapper, F
from django.db.models.functions import Collate
from django.db.utils import ConnectionHandler
from django.utils import timezone

logger = logging.getLogger(__name__)

MANIFEST_FORMAT = 1
MANIFEST_SUFFIX = ".manifest.json"
SQLITE_ENGINE = "django.db.backends.sqlite3"
POSTGRESQL_ENGINE = "django.db.backends.postgresql"
ENGINE_NAMES = {SQLITE_ENGINE: "sqlite", POSTGRESQL_ENGINE: "postgresql"}
BACKUP_SUFFIXES = {"sqlite": ".sqlite3", "postgresql": ".pgdump"}
# Text primary keys are ordered by code point on both engines, not by the server's locale.
BINARY_COLLATION = {"sqlite": "BINARY", "postgresql": "C"}
TEXT_FIELD_TYPES = frozenset({"CharField", "TextField", "SlugField", "EmailField", "URLField"})
CHUNK_ROWS = 2000
FILE_MODE = 0o600
FOLDER_MODE = 0o700


class BackupError(Exception):
    """A backup or restore could not be made; the message is safe to print and log."""


@dataclass(frozen=True)
class TableDigest:
    rows: int
    sha256: str


@dataclass(frozen=True)
class BackupResult:
    backup_path: Path
    manifest_path: Path
    engine: str
    created_at: dt.datetime
    size_bytes: int
    migrations: dict[str, str]
    tables: dict[str, TableDigest]

    @property
    def rows(self) -> int:
        return sum(digest.rows for digest in self.tables.values())


@dataclass(frozen=True)
class TableComparison:
    table: str
    expected: TableDigest | None  # None: the table is not in the manifest
    actual: TableDigest | None  # None: the table is missing after the restore

    @property
    def ok(self) -> bool:
        return self.expected == self.actual

    @property
    def rows_lost(self) -> int:
        expected = self.expected.rows if self.expected else 0
        actual = self.actual.rows if self.actual else 0
        return max(0, expected - actual)

    def describe(self) -> str:
        if self.expected is None:
            return f"{self.table}: not in the backup"
        if self.actual is None:
            return f"{self.table}: missing after restore ({self.expected.rows} rows expected)"
        if self.expected.rows != self.actual.rows:
            return f"{self.table}: {self.expected.rows} rows expected, {self.actual.rows} found"
        if self.expected.sha256 != self.actual.sha256:
            return f"{self.table}: content differs (same row count, checksum mismatch)"
        return f"{self.table}: {self.actual.rows} rows, checksum matches"


@dataclass(frozen=True)
class RestoreReport:
    backup_path: Path
    engine: str
    migrations: dict[str, str]
    tables: list[TableComparison]

    @property
    def ok(self) -> bool:
        return all(comparison.ok for comparison in self.tables)

    @property
    def mismatches(self) -> list[TableComparison]:
        return [comparison for comparison in self.tables if not comparison.ok]

    @property
    def rows_expected(self) -> int:
        return sum(c.expected.rows for c in self.tables if c.expected)

    @property
    def rows_restored(self) -> int:
        return sum(c.actual.rows for c in self.tables if c.actual)

    @property
    def rows_lost(self) -> int:
        return sum(comparison.rows_lost for comparison in self.tables)


class Progress(Protocol):
    """Opens a progress display for one table; the yielded callable advances it by n rows."""

    def __call__(self, *, table: str, total: int) -> AbstractContextManager[Callable[[int], object]]: ...


# --- Checksums ------------------------------------------------------------------------


def _canonical(value: Any) -> Any:
    """JSON fallback for values the json module does not know, identical on both engines."""
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat() if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return value // dt.timedelta(microseconds=1)
    if isinstance(value, decimal.Decimal):
        # 40, 40.0 and 40.00 are one amount; engines differ in the scale they return.
        return format(value.normalize(), "f")
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    raise TypeError(f"cannot serialise {type(value).__name__} for a checksum")


def _row_bytes(row: Any) -> bytes:
    return json.dumps(row, default=_canonical, sort_keys=True, separators=(",", ":")).encode() + b"\n"


def _models_by_table() -> dict[str, type[models.Model]]:
    found: dict[str, type[models.Model]] = {MigrationRecorder.Migration._meta.db_table: MigrationRecorder.Migration}
    for model in apps.get_models(include_auto_created=True):
        if not model._meta.proxy:
            found.setdefault(model._meta.db_table, model)
    return found


def _engine(connection: BaseDatabaseWrapper) -> str:
    return "postgresql" if connection.vendor == "postgresql" else connection.vendor


def _stored_value(field: models.Field[Any, Any]) -> str | ExpressionWrapper[Any]:
    """A field as the database stores it, read through Django's own field of the same type.

    Fields defined outside Django may transform values on the way out, e.g. encrypted text is
    decrypted: checking a backup must need no keys and must not decrypt personal data, so those
    are hashed as stored (the token). Django's own fields keep their converters, which is what
    makes dates, decimals, booleans and JSON come out alike on SQLite and PostgreSQL.
    """
    if type(field).__module__.startswith("django."):
        return field.attname
    base = getattr(models, field.get_internal_type(), None)
    if not (isinstance(base, type) and issubclass(base, models.Field)):
        return field.attname
    return ExpressionWrapper(F(field.attname), output_field=base())


def _model_rows(
    *, connection: BaseDatabaseWrapper, model: type[models.Model], columns: set[str]
) -> tuple[list[str], Iterator[Any]]:
    """Rows of a model's table through the model's fields, so values come out typed alike on any engine."""
    fields = [field for field in model._meta.local_concrete_fields if field.column in columns]
    selected = [_stored_value(field) for field in fields]
    pk = model._meta.pk
    order: Any = "pk"
    if pk is not None and pk.get_internal_type() in TEXT_FIELD_TYPES:
        order = Collate(pk.attname, BINARY_COLLATION.get(_engine(connection), "BINARY"))
    queryset = model._base_manager.values_list(*selected).order_by(order)
    # The compiler is bound to this connection, which need not be one of settings.DATABASES.
    compiler = queryset.query.get_compiler(connection=connection)
    rows = compiler.results_iter(tuple_expected=True, chunked_fetch=True, chunk_size=CHUNK_ROWS)
    return [field.column for field in fields], iter(rows)


def _raw_rows(*, connection: BaseDatabaseWrapper, table: str, columns: list[str]) -> Iterator[Any]:
    """Tables no model describes: plain values, ordered by every column (same engine comparisons only)."""
    quote = connection.ops.quote_name
    positions = ", ".join(str(n) for n in range(1, len(columns) + 1))
    with connection.cursor() as cursor:
        names = ", ".join(quote(column) for column in columns)
        cursor.execute(f"SELECT {names} FROM {quote(table)} ORDER BY {positions}")  # noqa: S608 - introspected, quoted
        while chunk := cursor.fetchmany(CHUNK_ROWS):
            yield from chunk


def table_checksums(
    *, connection: BaseDatabaseWrapper, progress: Progress | None = None
) -> dict[str, TableDigest]:
    """Row count and SHA-256 of every table, rows in primary-key order, values canonical."""
    models_by_table = _models_by_table()
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor))
    digests: dict[str, TableDigest] = {}
    for table in tables:
        with connection.cursor() as cursor:
            table_columns = [info.name for info in connection.introspection.get_table_description(cursor, table)]
            cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 - introspected, quoted
            total = cursor.fetchone()[0]
        model = models_by_table.get(table)
        if model is not None:
            columns, rows = _model_rows(connection=connection, model=model, columns=set(table_columns))
        else:
            columns, rows = table_columns, _raw_rows(connection=connection, table=table, columns=table_columns)
        hasher = hashlib.sha256(_row_bytes(columns))
        count = 0
        display = progress(table=table, total=total) if progress else nullcontext(lambda _n: None)
        with display as advance:
            for row in rows:
                hasher.update(_row_bytes(row))
                count += 1
                if count % CHUNK_ROWS == 0:
                    advance(CHUNK_ROWS)
            advance(count % CHUNK_ROWS)
        digests[table] = TableDigest(rows=count, sha256=hasher.hexdigest())
    return digests


def migration_state(*, connection: BaseDatabaseWrapper) -> dict[str, str]:
    """The latest applied migration per app, as recorded in the database."""
    with connection.cursor() as cursor:
        if "django_migrations" not in connection.introspection.table_names(cursor):
            return {}
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
        latest = {app: name for app, name in cursor.fetchall()}
    return dict(sorted(latest.items()))


def _usage_tables() -> set[str]:
    user_model = get_user_model()
    tables = {user_model._meta.db_table}
    for model in apps.get_models(include_auto_created=True):
        if any(field.related_model is user_model for field in model._meta.local_concrete_fields):
            tables.add(model._meta.db_table)
    return tables


def database_is_empty(*, connection: BaseDatabaseWrapper) -> bool:
    """True when nobody has used the database yet: no user account and no row that refers to one.

    Reference data that migrations load (permissions, catalogues, code lists) does not count,
    so a freshly migrated database may be restored into without --yes.
    """
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        existing = set(connection.introspection.table_names(cursor))
        for table in sorted(_usage_tables() & existing):
            cursor.execute(f"SELECT 1 FROM {quote(table)} LIMIT 1")  # noqa: S608 - model tables, quoted
            if cursor.fetchone() is not None:
                return False
    return True


def digests_compare(
    *, expected: Mapping[str, TableDigest], actual: Mapping[str, TableDigest]
) -> list[TableComparison]:
    return [
        TableComparison(table=table, expected=expected.get(table), actual=actual.get(table))
        for table in sorted(set(expected) | set(actual))
    ]


# --- Files ----------------------------------------------------------------------------


def _file_sha256(path: Path) -> str:
    hasher = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            hasher.update(block)
    return hasher.hexdigest()


def _create_private(path: Path) -> IO[bytes]:
    """A new file only its owner may read, whatever the umask; never overwrites."""
    return os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE), "wb")


def _backup_paths(*, output_dir: Path, engine: str, created_at: dt.datetime) -> tuple[Path, Path]:
    stem = f"reintegra-{created_at:%Y%m%dT%H%M%SZ}"
    for attempt in range(1, 100):
        name = stem if attempt == 1 else f"{stem}-{attempt}"
        backup_path = output_dir / f"{name}{BACKUP_SUFFIXES[engine]}"
        manifest_path = output_dir / f"{name}{MANIFEST_SUFFIX}"
        if not backup_path.exists() and not manifest_path.exists():
            return backup_path, manifest_path
    raise BackupError(f"Too many backups named {stem}* in {output_dir}")


def manifest_path_for(backup_path: Path) -> Path:
    name = backup_path.name
    for suffix in BACKUP_SUFFIXES.values():
        name = name.removesuffix(suffix)
    return backup_path.with_name(name + MANIFEST_SUFFIX)


def manifest_read(path: Path) -> tuple[Path, dict[str, Any]]:
    """Accept the backup file or its manifest; return the backup file and the manifest."""
    manifest_path = path if path.name.endswith(MANIFEST_SUFFIX) else manifest_path_for(path)
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise BackupError(f"No manifest beside the backup: {manifest_path}") from error
    except json.JSONDecodeError as error:
        raise BackupError(f"The manifest {manifest_path} is not valid JSON: {error}") from error
    if manifest.get("format") != MANIFEST_FORMAT:
        raise BackupError(f"Unknown manifest format {manifest.get('format')!r} in {manifest_path}")
    return manifest_path.with_name(manifest["backup"]["file"]), manifest


# --- PostgreSQL tools -----------------------------------------------------------------

# libpq settings that may sit in OPTIONS and have an environment variable.
_PG_OPTION_ENV = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
}


def _pg_command(program: str, database_settings: Mapping[str, Any]) -> tuple[list[str], dict[str, str]]:
    """Arguments and environment for pg_dump/pg_restore; the password goes by PGPASSWORD only."""
    executable = shutil.which(program)
    if executable is None:
        raise BackupError(f"{program} is not installed or not on PATH")
    args = [executable, "--no-password"]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if database_settings.get(key):
            args.append(f"{option}={database_settings[key]}")
    args.append(f"--dbname={database_settings['NAME']}")
    env = dict(os.environ)
    if database_settings.get("PASSWORD"):
        env["PGPASSWORD"] = str(database_settings["PASSWORD"])
    for option, variable in _PG_OPTION_ENV.items():
        value = (database_settings.get("OPTIONS") or {}).get(option)
        if value:
            env[variable] = str(value)
    return args, env


def _pg_run(args: list[str], env: dict[str, str], *, stdout: IO[bytes] | None = None) -> None:
    completed = subprocess.run(  # noqa: S603 - fixed program, argument list, no shell
        args, env=env, stdout=stdout if stdout is not None else subprocess.DEVNULL, stderr=subprocess.PIPE,
        check=False,
    )
    if completed.returncode != 0:
        message = completed.stderr.decode(errors="replace").strip()
        raise BackupError(f"{Path(args[0]).name} failed (exit {completed.returncode}): {message}")


def _pg_version() -> str:
    executable = shutil.which("pg_dump")
    if executable is None:
        return ""
    completed = subprocess.run([executable, "--version"], capture_output=True, text=True, check=False)  # noqa: S603
    return completed.stdout.strip()


# --- Connections ----------------------------------------------------------------------


@contextmanager
def database_connection(database_settings: Mapping[str, Any]) -> Iterator[BaseDatabaseWrapper]:
    """A private Django connection for settings that need not be in settings.DATABASES."""
    handler = ConnectionHandler({DEFAULT_DB_ALIAS: copy.deepcopy(dict(database_settings))})
    connection = handler[DEFAULT_DB_ALIAS]
    try:
        yield connection
    finally:
        connection.close()


def _sqlite_readonly(path: Path) -> dict[str, Any]:
    # Django opens SQLite with uri=True; as_uri() escapes characters SQLite would misread.
    return {"ENGINE": SQLITE_ENGINE, "NAME": f"{path.resolve().as_uri()}?mode=ro"}


# --- Backup ---------------------------------------------------------------------------


def _sqlite_backup(*, connection: BaseDatabaseWrapper, destination: Path) -> None:
    if connection.in_atomic_block:
        # SQLite cannot copy from a connection in the middle of writing: the backup would wait forever.
        raise BackupError("A SQLite backup cannot be made inside a transaction (transaction.atomic)")
    connection.ensure_connection()
    source: sqlite3.Connection = connection.connection
    destination.touch(mode=FILE_MODE, exist_ok=False)
    with closing(sqlite3.connect(destination)) as target:
        # All pages in one step: one consistent read; in WAL mode writers are not blocked meanwhile.
        source.backup(target)
        # A self-contained file: no -wal/-shm companions to copy along.
        target.execute("PRAGMA journal_mode=DELETE")


def _postgresql_backup(
    *, connection: BaseDatabaseWrapper, destination: Path, progress: Progress | None
) -> tuple[dict[str, str], dict[str, TableDigest]]:
    snapshot_connection = connection.copy()
    try:
        snapshot_connection.ensure_connection()
        snapshot_connection.set_autocommit(False)
        with snapshot_connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            (snapshot,) = cursor.fetchone()
        args, env = _pg_command("pg_dump", snapshot_connection.settings_dict)
        with _create_private(destination) as handle:
            _pg_run([*args, "--format=custom", f"--snapshot={snapshot}"], env, stdout=handle)
        migrations = migration_state(connection=snapshot_connection)
        tables = table_checksums(connection=snapshot_connection, progress=progress)
        snapshot_connection.rollback()
    finally:
        snapshot_connection.close()
    return migrations, tables


def backup_create(
    *, output_dir: Path, using: str = DEFAULT_DB_ALIAS, progress: Progress | None = None
) -> BackupResult:
    """Write a consistent backup of the database and its manifest into output_dir."""
    connection = connections[using]
    engine = ENGINE_NAMES.get(connection.settings_dict["ENGINE"])
    if engine is None:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {connection.settings_dict['ENGINE']}")
    output_dir.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    created_at = timezone.now().replace(microsecond=0)
    backup_path, manifest_path = _backup_paths(output_dir=output_dir, engine=engine, created_at=created_at)
    partial = backup_path.with_name(backup_path.name + ".partial")
    try:
        if engine == "sqlite":
            _sqlite_backup(connection=connection, destination=partial)
            with database_connection(_sqlite_readonly(partial)) as backup_connection:
                migrations = migration_state(connection=backup_connection)
                tables = table_checksums(connection=backup_connection, progress=progress)
        else:
            migrations, tables = _postgresql_backup(connection=connection, destination=partial, progress=progress)
        partial.chmod(FILE_MODE)
        size_bytes = partial.stat().st_size
        manifest = {
            "format": MANIFEST_FORMAT,
            "created_at": created_at.isoformat(),
            "engine": engine,
            "database": connection.settings_dict["NAME"] if engine == "postgresql" else Path(
                str(connection.settings_dict["NAME"])).name,
            "django": django.get_version(),
            "tool": _pg_version() if engine == "postgresql" else f"sqlite {sqlite3.sqlite_version}",
            "backup": {"file": backup_path.name, "bytes": size_bytes, "sha256": _file_sha256(partial)},
            "migrations": migrations,
            "tables": {table: {"rows": d.rows, "sha256": d.sha256} for table, d in tables.items()},
            "rows": sum(d.rows for d in tables.values()),
        }
        with _create_private(manifest_path) as handle:
            handle.write(json.dumps(manifest, indent=2, sort_keys=True).encode() + b"\n")
        partial.rename(backup_path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    logger.info(
        "backup written: %s (%s, %d tables, %d rows)", backup_path, engine, len(tables), manifest["rows"]
    )
    return BackupResult(
        backup_path=backup_path, manifest_path=manifest_path, engine=engine, created_at=created_at,
        size_bytes=size_bytes, migrations=migrations, tables=tables,
    )


# --- Restore --------------------------------------------------------------------------


def _sqlite_restore(*, source: Path, database_settings: Mapping[str, Any]) -> None:
    name = str(database_settings["NAME"])
    if not name.startswith("file:") and not Path(name).exists():
        Path(name).touch(mode=FILE_MODE)
    timeout = float((database_settings.get("OPTIONS") or {}).get("timeout", 20))
    with (
        closing(sqlite3.connect(_sqlite_readonly(source)["NAME"], uri=True)) as backup,
        closing(sqlite3.connect(name, uri=True, timeout=timeout)) as target,
    ):
        # Page by page over the target's whole content: afterwards it is the backup, nothing else.
        backup.backup(target)


def _postgresql_restore(*, source: Path, database_settings: Mapping[str, Any]) -> None:
    args, env = _pg_command("pg_restore", database_settings)
    # One transaction: a failed restore leaves the target as it was.
    _pg_run([*args, "--clean", "--if-exists", "--no-owner", "--single-transaction", str(source)], env)


def backup_restore(
    *, path: Path, database_settings: Mapping[str, Any], progress: Progress | None = None
) -> RestoreReport:
    """Restore a backup into the database described by database_settings, then check every table.

    The caller decides whether the target may be overwritten (see `database_is_empty`) and
    must make sure nothing else writes to it meanwhile.
    """
    backup_path, manifest = manifest_read(path)
    engine = ENGINE_NAMES.get(database_settings["ENGINE"])
    if engine is None or engine != manifest["engine"]:
        raise BackupError(f"The backup is from {manifest['engine']}, the target database is {engine}")
    if not backup_path.exists():
        raise BackupError(f"Backup file not found: {backup_path}")
    if _file_sha256(backup_path) != manifest["backup"]["sha256"]:
        raise BackupError(f"{backup_path} does not match its manifest (damaged or altered); nothing restored")
    if engine == "sqlite":
        _sqlite_restore(source=backup_path, database_settings=database_settings)
    else:
        _postgresql_restore(source=backup_path, database_settings=database_settings)
    with database_connection(database_settings) as connection:
        actual = table_checksums(connection=connection, progress=progress)
    expected = {
        table: TableDigest(rows=entry["rows"], sha256=entry["sha256"]) for table, entry in manifest["tables"].items()
    }
    report = RestoreReport(
        backup_path=backup_path, engine=engine, migrations=manifest["migrations"],
        tables=digests_compare(expected=expected, actual=actual),
    )
    logger.info(
        "backup restored: %s (%d rows expected, %d restored, %d tables differ)",
        backup_path, report.rows_expected, report.rows_restored, len(report.mismatches),
    )
    return report
