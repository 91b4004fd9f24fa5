"""`fazhi verify-publication FILE`: check a downloaded signed copy of a published document."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from fazhi.disclosure import signatures


class Command(BaseCommand):
    help = (
        "Check a signed copy of a published document or publicity record: "
        "valid, content altered, wrong key or wrong format. Exits non-zero unless valid."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the downloaded .signed.json file")

    def handle(self, *args, file: Path, **opts):
        try:
            with file.open("rb") as f:
                raw = f.read(signatures.MAX_BYTES + 1)
        except OSError as exc:
            raise CommandError(
                _("Cannot read %(file)s: %(why)s")
                % {"file": file, "why": exc.strerror or exc}
            ) from exc
        result = signatures.check(raw)
        lines = [f"{result.verdict}：{result.message}"]
        if result.index_number:
            lines.append(
                _("Index number: %(n)s %(title)s")
                % {"n": result.index_number, "title": result.title}
            )
        if result.note:
            lines.append(result.note)
        if not result.ok:
            raise CommandError("\n".join(lines))
        self.stdout.write("\n".join(lines))
