"""`fazhi backup DIR`: a consistent backup of the database, files and keys into a new folder."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from fazhi.backups.services import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Write a consistent backup into DIR, a new or empty folder (a non-empty one is "
        "refused). It holds: the database, copied while the server runs (SQLite: the "
        "online backup API into database.sqlite3; PostgreSQL: pg_dump --format=custom "
        "into database.pgdump, from one snapshot, the password passed in PGPASSWORD); "
        "the files under MEDIA_ROOT (case attachments, document files) in media/; the "
        "folders keys/ (the district's signing key), anchors/ (signed digests of the "
        "record) and desk/ (the routing model) and the secret_key file from "
        "FAZHI_VAR_DIR; and manifest.json: fazhi version, database kind, the latest "
        "migration of each app, the time, row counts per table, every case's chain "
        "head (tenant, number, version, head hash) and the SHA-256 of every file. "
        "Everything is written with mode 0600 (folders 0700): the backup holds the "
        "signing key, the secret key and personal data, so keep it as carefully as "
        "the server. Restore with `fazhi restore DIR` (docs/operations.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "folder",
            metavar="DIR",
            type=Path,
            help="a new or empty folder to write the backup into",
        )

    def handle(self, *args, folder: Path, **options):
        out = self.stdout if options["verbosity"] > 0 else None
        try:
            doc = create_backup(folder, out=out)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            _(
                "Backup written to %(folder)s: %(files)d files, %(cases)d cases, "
                "database %(vendor)s."
            )
            % {
                "folder": folder,
                "files": len(doc["files"]),
                "cases": len(doc["chain_heads"]),
                "vendor": doc["database"]["vendor"],
            }
        )
        if doc["missing_media"]:
            self.stderr.write(
                _(
                    "Warning: %(n)d files the database refers to were not found under MEDIA_ROOT and are not in the backup:"
                )
                % {"n": len(doc["missing_media"])}
            )
            for name in doc["missing_media"][:20]:
                self.stderr.write(f"  {name}")
        if "secret_key" not in doc["files"]:
            self.stdout.write(
                _(
                    "No secret_key file was found (FAZHI_SECRET_KEY is set?): keep that value with the backup, separately."
                )
            )
        self.stdout.write(
            _(
                "The backup holds secrets and personal data: keep it encrypted and out of reach."
            )
        )
