"""`fazhi backup` and `fazhi restore`: a consistent copy of everything a district's record
needs, and its return into an empty database.

A backup folder holds the database (`database.sqlite3`, or `database.pgdump` from pg_dump),
`media/` (case attachments and document files), the signing keys `keys/`, the signed anchors
`anchors/`, the routing model `desk/`, the `secret_key` file, and `manifest.json`. Folders
outside the database are copied before it is read, except `media/`, copied after, so every
file the saved database refers to is in the backup and no anchor describes a later state.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from django.utils.translation import gettext as _

from . import inventory, manifest, postgres, sqlite
from .files import (
    copy_file,
    files_under,
    is_inside,
    make_private_dir,
    sha256_of,
    tree_size,
)
from .progress import Progress

DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
MEDIA = "media"
VAR_FOLDERS = ("keys", "anchors", "desk")  # under FAZHI_VAR_DIR
SECRET_FILE = "secret_key"  # noqa: S105 - a file name, not a secret
SET_ASIDE = ".before-restore"


class BackupError(Exception):
    """A refusal or failure, said in the operator's language."""


def _var_dir() -> Path:
    return Path(settings.FAZHI_VAR_DIR)


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def _vendor(alias: str) -> str:
    vendor = connections[alias].vendor
    if vendor not in DATABASE_FILES:
        raise BackupError(
            _("Backups support SQLite and PostgreSQL, not %(vendor)s.")
            % {"vendor": vendor}
        )
    return vendor


def _postgres_failed(problem: postgres.PostgresProblem, tool_hint: str) -> BackupError:
    if str(problem) in ("pg_dump", "pg_restore"):
        return BackupError(
            _(
                "%(tool)s was not found: install the PostgreSQL client tools (postgresql-client), of the server's major version or newer."
            )
            % {"tool": problem}
        )
    return BackupError(
        _("%(tool)s failed:\n%(output)s") % {"tool": tool_hint, "output": problem}
    )


# --- backup -------------------------------------------------------------------------------


def _prepare_folder(folder: Path) -> None:
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise BackupError(
            _(
                "The backup folder %(folder)s is not empty: give a new folder, so that no backup is mixed with another."
            )
            % {"folder": folder}
        )
    for inside in (_media_root(), *(_var_dir() / n for n in VAR_FOLDERS)):
        if is_inside(folder, inside):
            raise BackupError(
                _("The backup folder cannot be inside %(folder)s, which it copies.")
                % {"folder": inside}
            )
    make_private_dir(folder)


def _copy_tree(source: Path, target: Path, prefix: str, files: dict, out) -> None:
    """Copy every file under `source` into `target`, recording each as prefix/relative."""
    if not source.is_dir():
        return
    count, size = tree_size(source)
    progress = Progress(out, _("Copying %(name)s") % {"name": prefix}, size, "B")
    for path in files_under(source):
        relative = path.relative_to(source)
        mode = path.stat().st_mode
        sha = copy_file(path, target / relative, on_bytes=progress.advance)
        files[f"{prefix}/{relative.as_posix()}"] = manifest.describe(
            target / relative, sha, mode
        )
    if count:
        progress.finish()


def create_backup(folder: Path, *, out=None, alias: str = "default") -> dict:
    """Write a backup into the new (or empty) `folder`; return its manifest."""
    folder = Path(folder).resolve()
    vendor = _vendor(alias)
    _prepare_folder(folder)
    doc = manifest.new(vendor, DATABASE_FILES[vendor], timezone.now())
    files: dict[str, dict] = {}
    var = _var_dir()
    for name in VAR_FOLDERS:
        _copy_tree(var / name, folder / name, name, files, out)
    secret = var / SECRET_FILE
    if secret.is_file():
        mode = secret.stat().st_mode
        sha = copy_file(secret, folder / SECRET_FILE)
        files[SECRET_FILE] = manifest.describe(folder / SECRET_FILE, sha, mode)

    database = folder / DATABASE_FILES[vendor]
    progress = Progress(
        out, _("Saving the database"), unit=_("pages") if vendor == "sqlite" else ""
    )
    try:
        if vendor == "sqlite":
            found = sqlite.dump(
                connections[alias].settings_dict["NAME"], database, progress
            )
        else:
            found = postgres.dump(alias, database, progress)
    except sqlite.SqliteProblem as exc:
        raise BackupError(
            _("The copy of the database failed its check: %(error)s") % {"error": exc}
        ) from exc
    except postgres.PostgresProblem as exc:
        raise _postgres_failed(exc, "pg_dump") from exc
    database.chmod(0o600)
    files[database.name] = manifest.describe(database, sha256_of(database), 0o600)
    doc["database"]["vendor_version"] = _server_version(alias)
    doc.update(found.as_manifest())

    _copy_tree(_media_root(), folder / MEDIA, MEDIA, files, out)
    doc["missing_media"] = [
        f"{MEDIA}/{p}" for p in found.media if f"{MEDIA}/{p}" not in files
    ]
    doc["files"] = dict(sorted(files.items()))
    manifest.write(folder, doc)
    return doc


def _server_version(alias: str) -> str:
    conn = connections[alias]
    if conn.vendor == "sqlite":
        import sqlite3

        return sqlite3.sqlite_version
    with conn.cursor() as cur:
        cur.execute("SHOW server_version")
        return cur.fetchone()[0]


# --- restore ------------------------------------------------------------------------------


@dataclass
class RestoreReport:
    manifest: dict
    found: inventory.Inventory
    differences: list[str] = field(default_factory=list)
    set_aside: list[str] = field(default_factory=list)
    pending_migrations: int = 0

    @property
    def ok(self) -> bool:
        return not self.differences


def _destination(name: str) -> Path:
    """Where a file of the backup goes back to."""
    path = manifest.safe_relative(name)
    if path.parts[0] == MEDIA:
        return _media_root().joinpath(*path.parts[1:])
    if path.parts[0] in VAR_FOLDERS or name == SECRET_FILE:
        return _var_dir().joinpath(*path.parts)
    raise manifest.ManifestError(
        _("The manifest names a file outside the backup: %(name)s") % {"name": name}
    )


def _check_target_database(alias: str, vendor: str, backup_vendor: str) -> bool:
    """Refuse a database of another kind or one holding fazhi rows; say if it has tables."""
    if backup_vendor != vendor:
        raise BackupError(
            _(
                "This backup is of a %(backup)s database and the configured database is %(target)s: restore it into the same kind of database."
            )
            % {"backup": backup_vendor, "target": vendor}
        )
    conn = connections[alias]
    with conn.cursor() as cur:
        rows = inventory.fazhi_rows(cur, vendor)
        has_tables = bool(inventory.existing_tables(cur, vendor))
    if rows:
        raise BackupError(
            _(
                "The configured database already holds %(rows)d fazhi rows. A backup is only restored into an empty database: create a new one and point FAZHI_DATABASE_URL at it."
            )
            % {"rows": rows}
        )
    return has_tables


def _restore_files(folder: Path, files: dict, out) -> tuple[list[str], list[str]]:
    """Copy every file back; return (problems, files set aside)."""
    problems, set_aside = [], []
    progress = Progress(
        out, _("Restoring files"), sum(f["size"] for f in files.values()), "B"
    )
    for name, meta in sorted(files.items()):
        target = _destination(name)
        if target.exists():
            if target.is_file() and sha256_of(target) == meta["sha256"]:
                progress.advance(meta["size"])
                continue
            # A key or anchor already there is kept; media files are named by their
            # content, and a secret_key here was just generated by this very process.
            if name != SECRET_FILE and not name.startswith(MEDIA + "/"):
                aside = target.with_name(target.name + SET_ASIDE)
                os.replace(target, aside)
                set_aside.append(str(aside))
        mode = int(meta.get("mode", "0600"), 8) & 0o755
        sha = copy_file(
            folder / manifest.safe_relative(name),
            target,
            mode=mode,
            private_dirs=False,
            on_bytes=progress.advance,
        )
        if sha != meta["sha256"]:
            problems.append(
                _("%(name)s does not match its checksum (damaged or changed)")
                % {"name": name}
            )
    progress.finish()
    keys = _var_dir() / "keys"
    if keys.is_dir():
        keys.chmod(0o700)  # as core.signing keeps it
    return problems, set_aside


def _pending_migrations(alias: str) -> int:
    executor = MigrationExecutor(connections[alias])
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def restore_backup(folder: Path, *, out=None, alias: str = "default") -> RestoreReport:
    """Restore the backup in `folder` into the configured, empty database and var folder.

    Every checksum is checked and the target database found empty before anything is
    written. The report lists every difference between the restored database and the
    manifest (none means the restore is complete).
    """
    folder = Path(folder).resolve()
    try:
        doc = manifest.read(folder)
        problems = manifest.check_files(folder, doc, out)
    except manifest.ManifestError as exc:
        raise BackupError(str(exc)) from exc
    if problems:
        raise BackupError(
            _("The backup is damaged; nothing was restored.\n%(problems)s")
            % {"problems": "\n".join(problems)}
        )
    vendor = _vendor(alias)
    has_tables = _check_target_database(alias, vendor, doc["database"]["vendor"])
    database = folder / doc["database"]["file"]
    if doc["database"]["file"] not in doc["files"]:
        raise BackupError(_("manifest.json is incomplete."))

    progress = Progress(out, _("Restoring the database"))
    connections[alias].close()
    try:
        if vendor == "sqlite":
            sqlite.restore(database, connections[alias].settings_dict["NAME"], progress)
        else:
            postgres.restore(database, alias, progress, has_tables=has_tables)
    except postgres.PostgresProblem as exc:
        raise _postgres_failed(exc, "pg_restore") from exc
    connections[alias].close()

    others = {k: v for k, v in doc["files"].items() if k != doc["database"]["file"]}
    problems, set_aside = _restore_files(folder, others, out)

    with connections[alias].cursor() as cur:
        found = inventory.take(cur, vendor)
    differences = problems + inventory.differences(
        inventory.Inventory.from_manifest(doc), found
    )
    return RestoreReport(
        manifest=doc,
        found=found,
        differences=differences,
        set_aside=set_aside,
        pending_migrations=_pending_migrations(alias),
    )
