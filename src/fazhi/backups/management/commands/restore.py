"""`fazhi restore DIR`: a backup back into an empty database, checked against its manifest."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from fazhi.backups.services import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore the backup in DIR (written by `fazhi backup`) into the configured "
        "database, which must be empty: a new SQLite file, or a new PostgreSQL database "
        "(created with createdb, migrated or not); one holding any fazhi row is "
        "refused. First every file's SHA-256 is checked against manifest.json, and "
        "nothing is written if one differs. Then the database is restored (SQLite: the "
        "backup API copies the file into place; PostgreSQL: pg_restore --no-owner "
        "--no-privileges in one transaction), the files go back under MEDIA_ROOT and "
        "FAZHI_VAR_DIR (keys, anchors, desk model, secret_key; a different file already "
        "there is kept as NAME.before-restore), and the restored database is compared "
        "with the manifest: row counts per table, the search index, the migration "
        "state and every case's chain head. Exits non-zero on any difference. Stop the "
        "server first; afterwards run `fazhi migrate` if the code is newer than the "
        "backup, and `fazhi audit verify`."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "folder", metavar="DIR", type=Path, help="the folder of a backup"
        )

    def handle(self, *args, folder: Path, **options):
        out = self.stdout if options["verbosity"] > 0 else None
        try:
            report = restore_backup(folder, out=out)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        doc = report.manifest
        for path in report.set_aside:
            self.stdout.write(
                _("A different file was already there, kept as %(path)s.")
                % {"path": path}
            )
        if not report.ok:
            for line in report.differences:
                self.stderr.write(line)
            raise CommandError(
                _(
                    "The restored database does not match the backup's manifest (%(n)d differences)."
                )
                % {"n": len(report.differences)}
            )
        self.stdout.write(
            _(
                "Restored the backup of %(when)s (fazhi %(version)s): %(tables)d tables with the same row counts, %(cases)d cases with the same chain heads, %(indexed)d search entries indexed, %(files)d files with matching checksums."
            )
            % {
                "when": doc["created_at"],
                "version": doc["fazhi_version"],
                "tables": len(doc["counts"]),
                "cases": len(doc["chain_heads"]),
                "indexed": report.found.search_index,
                "files": len(doc["files"]),
            }
        )
        if report.pending_migrations:
            self.stdout.write(
                _(
                    "The code has %(n)d migrations the backup lacks: run `fazhi migrate` now."
                )
                % {"n": report.pending_migrations}
            )
        self.stdout.write(
            _("Next: `fazhi audit verify` checks every case's record and its anchor.")
        )
