import datetime as dt
import json
import sqlite3
import stat
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from backups import services
from backups.services import SQLITE_ENGINE, BackupError, TableDigest


def _sqlite_settings(path):
    return {"ENGINE": SQLITE_ENGINE, "NAME": str(path)}


def _checksums_of(path):
    with services.database_connection(_sqlite_settings(path)) as other:
        return services.table_checksums(connection=other)


on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite backup file (see test_postgres.py)")


def committed(test):
    """SQLite round trips; the backup reads through the test connection, which must not be
    inside the test's transaction, so these tests commit their data."""
    return on_sqlite(pytest.mark.django_db(transaction=True)(test))


@committed
def test_sqlite_round_trip_loses_no_row(programme, tmp_path):
    live = services.table_checksums(connection=connection)

    result = services.backup_create(output_dir=tmp_path / "backups")
    report = services.backup_restore(
        path=result.backup_path, database_settings=_sqlite_settings(tmp_path / "restored.sqlite3")
    )

    assert result.tables == live
    assert live["participants_participant"].rows == 12
    assert live["participants_consent"].rows == 8
    assert live["catalogue_module"].rows == 5
    assert report.ok, [c.describe() for c in report.mismatches]
    assert report.rows_lost == 0
    assert report.rows_restored == report.rows_expected == result.rows
    assert {c.table for c in report.tables} == set(live)
    assert _checksums_of(tmp_path / "restored.sqlite3") == live


@committed
def test_backup_writes_private_files_and_a_manifest(programme, tmp_path):
    result = services.backup_create(output_dir=tmp_path)

    for path in (result.backup_path, result.manifest_path):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([result.backup_path.name, result.manifest_path.name])
    manifest = json.loads(result.manifest_path.read_text())
    assert manifest["engine"] == "sqlite"
    assert manifest["created_at"].endswith("+00:00")
    assert manifest["migrations"]["participants"] == result.migrations["participants"]
    assert manifest["backup"]["file"] == result.backup_path.name
    assert manifest["tables"]["participants_participant"] == {
        "rows": 12, "sha256": result.tables["participants_participant"].sha256
    }


@committed
def test_a_tampered_row_after_restore_is_detected_and_named(programme, tmp_path):
    result = services.backup_create(output_dir=tmp_path)
    restored = tmp_path / "restored.sqlite3"
    services.backup_restore(path=result.backup_path, database_settings=_sqlite_settings(restored))
    with sqlite3.connect(restored) as raw:
        raw.execute("UPDATE catalogue_module SET hours = hours + 1 WHERE id = (SELECT MIN(id) FROM catalogue_module)")
        raw.execute("DELETE FROM participants_consent WHERE id = (SELECT MAX(id) FROM participants_consent)")

    comparisons = services.digests_compare(expected=result.tables, actual=_checksums_of(restored))

    differing = {c.table: c for c in comparisons if not c.ok}
    assert set(differing) == {"catalogue_module", "participants_consent"}
    assert differing["catalogue_module"].rows_lost == 0
    assert "checksum mismatch" in differing["catalogue_module"].describe()
    assert differing["participants_consent"].rows_lost == 1
    assert differing["participants_consent"].describe() == "participants_consent: 8 rows expected, 7 found"


@committed
def test_a_damaged_backup_file_is_refused_before_anything_is_restored(programme, tmp_path):
    result = services.backup_create(output_dir=tmp_path)
    with result.backup_path.open("r+b") as handle:
        handle.seek(200)
        handle.write(b"\x00\xff")
    target = tmp_path / "restored.sqlite3"

    with pytest.raises(BackupError, match="does not match its manifest"):
        services.backup_restore(path=result.backup_path, database_settings=_sqlite_settings(target))
    assert not target.exists()


@committed
def test_restore_refuses_a_backup_from_another_engine(programme, tmp_path):
    result = services.backup_create(output_dir=tmp_path)

    with pytest.raises(BackupError, match="from sqlite"):
        services.backup_restore(
            path=result.manifest_path,
            database_settings={"ENGINE": services.POSTGRESQL_ENGINE, "NAME": "nowhere"},
        )


@committed
def test_checksums_hash_encrypted_text_as_stored(programme, tmp_path, settings):
    """No key is needed to check a backup: a wrong key set must not break the checksum."""
    before = services.table_checksums(connection=connection)
    settings.REINTEGRA_FIELD_KEYS = ["x" * 43 + "="]

    assert services.table_checksums(connection=connection) == before


@on_sqlite
@pytest.mark.django_db
def test_sqlite_backup_inside_a_transaction_is_refused_not_left_waiting(tmp_path):
    with pytest.raises(BackupError, match="inside a transaction"):
        services.backup_create(output_dir=tmp_path)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.django_db
def test_a_freshly_migrated_database_is_empty(tmp_path):
    assert services.database_is_empty(connection=connection)


@pytest.mark.django_db
def test_a_database_with_a_user_is_not_empty(manager):
    assert not services.database_is_empty(connection=connection)


def test_canonical_values_do_not_depend_on_the_engines_representation():
    berlin = dt.datetime(2025, 3, 1, 13, 30, tzinfo=ZoneInfo("Europe/Berlin"))
    utc = dt.datetime(2025, 3, 1, 12, 30, tzinfo=dt.UTC)

    assert services._row_bytes((Decimal("40"), berlin)) == services._row_bytes((Decimal("40.00"), utc))
    assert services._row_bytes(({"b": 1, "a": [1.5]},)) == services._row_bytes(({"a": [1.5], "b": 1},))
    assert services._row_bytes((True, None)) != services._row_bytes((1, None))


def test_rows_lost_counts_only_missing_rows():
    report = services.RestoreReport(
        backup_path=None, engine="sqlite", migrations={},
        tables=services.digests_compare(
            expected={"a": TableDigest(3, "x"), "b": TableDigest(2, "y")},
            actual={"a": TableDigest(3, "x"), "b": TableDigest(1, "z"), "c": TableDigest(4, "w")},
        ),
    )

    assert report.rows_lost == 1
    assert [c.table for c in report.mismatches] == ["b", "c"]
    assert report.mismatches[1].describe() == "c: not in the backup"
