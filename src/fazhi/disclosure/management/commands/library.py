"""`fazhi library import FILE.jsonl [--limit N]`: load laws into the library (规章库)."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from fazhi.disclosure.library.importer import read_corpus
from fazhi.disclosure.services import import_library


class Command(BaseCommand):
    help = "Manage the law library (规章库): import a JSON Lines corpus of laws."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True)
        imp = sub.add_parser(
            "import", help="Import laws from a JSON Lines file, split into articles."
        )
        imp.add_argument("file", type=Path, help="JSON Lines file, one law per line.")
        imp.add_argument(
            "--limit", type=int, default=None, help="Import at most N laws."
        )

    def handle(self, *args, verb, **opts):
        path: Path = opts["file"]
        if not path.is_file():
            raise CommandError(_("File not found: %(path)s") % {"path": path})
        tty = sys.stderr.isatty()

        def progress(s):
            line = _("Imported %(laws)d laws, %(articles)d articles…") % {
                "laws": s.laws,
                "articles": s.articles,
            }
            self.stderr.write(
                ("\r" + line) if tty else line, ending="" if tty else "\n"
            )

        try:
            summary = import_library(
                read_corpus(path, limit=opts["limit"]), progress=progress
            )
        except (ValueError, UnicodeDecodeError) as exc:
            raise CommandError(
                _("Cannot read the corpus: %(error)s") % {"error": exc}
            ) from exc
        if tty:
            self.stderr.write("")
        self.stdout.write(
            _(
                "Import finished: %(laws)d laws, %(articles)d articles, %(citations)d "
                "citations; %(skipped)d skipped (already present or empty), %(seconds).1f s."
            )
            % {
                "laws": summary.laws,
                "articles": summary.articles,
                "citations": summary.citations,
                "skipped": summary.skipped,
                "seconds": summary.seconds,
            }
        )
