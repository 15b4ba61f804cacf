"""PostgreSQL round trip: pg_dump of the test database, pg_restore into a scratch database.

Runs when the suite runs against PostgreSQL (DATABASE_URL=postgres://…), skipped on SQLite.
"""

import uuid

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from backups import services

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != services.POSTGRESQL_ENGINE, reason="needs PostgreSQL"
    ),
    # pg_dump is another session: it sees committed data only.
    pytest.mark.django_db(transaction=True),
]


def _server_connection():
    params = connection.settings_dict
    return psycopg.connect(
        host=params["HOST"] or None, port=params["PORT"] or None, user=params["USER"] or None,
        password=params["PASSWORD"] or None, dbname="postgres", autocommit=True,
    )


@pytest.fixture
def scratch_database():
    """An empty database beside the test database, dropped afterwards."""
    name = f"{connection.settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    with _server_connection() as server:
        server.execute(f'CREATE DATABASE "{name}"')
    try:
        yield {**connection.settings_dict, "NAME": name}
    finally:
        with _server_connection() as server:
            server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_postgresql_round_trip_loses_no_row(programme, tmp_path, scratch_database):
    live = services.table_checksums(connection=connection)

    result = services.backup_create(output_dir=tmp_path)
    report = services.backup_restore(path=result.backup_path, database_settings=scratch_database)

    assert result.backup_path.suffix == ".pgdump"
    assert result.tables == live
    assert live["participants_participant"].rows == 12
    assert report.ok, [c.describe() for c in report.mismatches]
    assert report.rows_lost == 0
    assert {c.table for c in report.tables} == set(live)
    with services.database_connection(scratch_database) as restored:
        assert services.table_checksums(connection=restored) == live


def test_postgresql_tampered_row_after_restore_is_named(programme, tmp_path, scratch_database):
    result = services.backup_create(output_dir=tmp_path)
    services.backup_restore(path=result.backup_path, database_settings=scratch_database)
    with services.database_connection(scratch_database) as restored:
        with restored.cursor() as cursor:
            cursor.execute(
                "UPDATE catalogue_module SET hours = hours + 1 WHERE id = (SELECT MIN(id) FROM catalogue_module)"
            )
        differing = [
            c for c in services.digests_compare(
                expected=result.tables, actual=services.table_checksums(connection=restored)
            ) if not c.ok
        ]

    assert [c.table for c in differing] == ["catalogue_module"]


def test_pg_dump_never_gets_the_password_on_its_command_line():
    args, env = services._pg_command("pg_dump", {**connection.settings_dict, "PASSWORD": "s3cret-pw"})

    assert not any("s3cret-pw" in arg for arg in args)
    assert env["PGPASSWORD"] == "s3cret-pw"
