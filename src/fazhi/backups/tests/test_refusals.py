"""What `fazhi backup` and `fazhi restore` refuse, and why `dumpdata` is not a backup."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from pathlib import Path

import pytest
from django.core import serializers
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from fazhi.backups import inventory, manifest
from fazhi.backups.services import (
    DATABASE_FILES,
    BackupError,
    create_backup,
    restore_backup,
)
from fazhi.procedures import audit, engine
from fazhi.procedures.models import Case, Event


def fake_backup(folder: Path, *, damage: bool = False, extra: dict | None = None):
    """A backup folder with a manifest and one database file (not a real database)."""
    folder.mkdir()
    name = DATABASE_FILES[connection.vendor]
    (folder / name).write_bytes(b"not really a database")
    sha = hashlib.sha256(b"not really a database").hexdigest()
    doc = {
        **manifest.new(connection.vendor, name, dt.datetime.now(dt.UTC)),
        "migrations": {},
        "counts": {},
        "search_index": 0,
        "chain_heads": [],
        "files": {name: {"sha256": sha, "size": 21, "mode": "0600"}},
        **(extra or {}),
    }
    manifest.write(folder, doc)
    if damage:
        (folder / name).write_bytes(b"not really a database!")
    return folder


def test_a_non_empty_backup_folder_is_refused(tmp_path):
    (tmp_path / "old-backup.txt").write_text("x")
    with pytest.raises(BackupError, match=re.escape(str(tmp_path))):
        create_backup(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old-backup.txt"]


def test_the_command_refuses_with_a_command_error(tmp_path):
    (tmp_path / "x").write_text("x")
    with pytest.raises(CommandError):
        call_command("backup", str(tmp_path))


def test_a_backup_folder_inside_the_media_folder_is_refused(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    with pytest.raises(BackupError):
        create_backup(tmp_path / "media" / "backup")
    assert not (tmp_path / "media" / "backup").exists()


def test_a_folder_without_a_manifest_is_not_a_backup(tmp_path):
    with pytest.raises(BackupError, match=r"manifest\.json"):
        restore_backup(tmp_path)


def test_a_damaged_file_stops_the_restore_before_anything_is_written(
    tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    backup = fake_backup(tmp_path / "backup", damage=True)
    with pytest.raises(BackupError) as refused:
        restore_backup(backup)
    assert DATABASE_FILES[connection.vendor] in str(refused.value)
    assert not (tmp_path / "media").exists()


def test_a_manifest_naming_a_file_outside_the_backup_is_refused(tmp_path):
    backup = fake_backup(tmp_path / "backup")
    doc = json.loads((backup / "manifest.json").read_text())
    doc["files"]["../../etc/cron.d/x"] = {"sha256": "0" * 64, "size": 1}
    manifest.write(backup, doc)
    with pytest.raises(BackupError, match=r"\.\./\.\./etc"):
        restore_backup(backup)


def test_a_database_holding_fazhi_rows_is_refused(demo_district, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.FAZHI_VAR_DIR = tmp_path / "var"
    backup = fake_backup(tmp_path / "backup")
    with connection.cursor() as cur:
        before = inventory.rows_in(cur, connection.vendor, inventory.fazhi_tables())
    with pytest.raises(BackupError) as refused:
        restore_backup(backup)
    assert f"{sum(before.values())}" in str(refused.value)
    with connection.cursor() as cur:
        after = inventory.rows_in(cur, connection.vendor, inventory.fazhi_tables())
    assert after == before
    assert not (tmp_path / "media").exists()


@pytest.mark.django_db
def test_a_backup_of_another_kind_of_database_is_refused(tmp_path):
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    backup = fake_backup(
        tmp_path / "backup",
        extra={
            "database": {"vendor": other, "file": DATABASE_FILES[connection.vendor]}
        },
    )
    with pytest.raises(BackupError, match=other):
        restore_backup(backup)


# --- why dumpdata is not a backup -------------------------------------------------------


def test_dumpdata_cuts_the_microseconds_the_hash_chain_covers(demo_district):
    cast = demo_district
    opened = dt.datetime(2024, 3, 4, 9, 30, 15, 123456, tzinfo=dt.UTC)
    case = engine.open_case(
        "disclosure_request",
        unit=cast.office,
        actor=cast.disclosure_officer,
        data={"content": "预算"},
        subject="申请公开预算",
        applicant=engine.Applicant(name="张三", kind="person", code="", phone=""),
        at=opened,
    )
    assert audit.verify_case(case) is None
    dumped = serializers.serialize("json", Event.objects.filter(case=case))
    loaded = [d.object for d in serializers.deserialize("json", dumped)]
    event = loaded[0]
    assert event.at != opened  # 15.123456 came back as 15.123
    assert event.at == opened.replace(microsecond=123000)
    assert audit.event_hash(event, case.number) != event.hash
    # Loaded back, the record would no longer verify.
    Event.objects.filter(pk=event.pk).update(at=event.at)
    assert audit.verify_case(Case.objects.get(pk=case.pk)) is not None


def test_the_search_index_is_not_in_any_model(db):
    """dumpdata writes models; the full-text index lives beside them."""
    tables = inventory.model_tables()
    if connection.vendor == "sqlite":
        with connection.cursor() as cur:
            present = inventory.existing_tables(cur, "sqlite")
        assert "disclosure_search_fts" in present
        assert "disclosure_search_fts" not in tables
    else:
        from fazhi.disclosure.models import SearchEntry

        fields = {f.column for f in SearchEntry._meta.concrete_fields}
        assert "search_vector" not in fields
