"""`fazhi publicity export --format csv|xlsx --year YYYY`: the 双公示 records of a year."""

import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.directory.models import Unit
from fazhi.disclosure import publicity


class Command(BaseCommand):
    help = (
        "Enforcement publicity (双公示): `export` writes the published and withdrawn "
        "records of a year as CSV or XLSX (redacted text only)."
    )

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        export = sub.add_parser("export", help="export the records of a year")
        export.add_argument("--format", choices=["csv", "xlsx"], default="csv")
        export.add_argument(
            "--year", type=int, help="year decided (default: this year)"
        )
        export.add_argument(
            "--output", "-o", help="file to write (default: standard output)"
        )

    def handle(self, *args, verb: str, **opts) -> None:
        year = opts.get("year") or timezone.localdate().year
        records = publicity.publicity_records(Unit.objects.all(), year=year)
        if opts["format"] == "csv":
            content = publicity.export_csv(records)
        else:
            content = publicity.export_xlsx(records)
        output = opts.get("output")
        if output:
            try:
                with open(output, "wb") as f:
                    f.write(content)
            except OSError as exc:
                raise CommandError(
                    _("Cannot write %(path)s: %(reason)s")
                    % {"path": output, "reason": exc.strerror or str(exc)}
                ) from exc
            self.stderr.write(
                _("%(n)s records written to %(path)s.")
                % {"n": len(publicity.export_rows(records)) - 1, "path": output}
            )
        elif opts["format"] == "xlsx" and sys.stdout.isatty():
            raise CommandError(_("An Excel file needs --output FILE."))
        else:
            sys.stdout.buffer.write(content)
