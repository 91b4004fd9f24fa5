"""`fazhi publish due`: publish the documents whose scheduled time has come."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from fazhi.disclosure.publishing import publish_due


class Command(BaseCommand):
    help = (
        "Scheduled publication: `due` publishes every approved document whose "
        "publication time has come (run it every few minutes; repeating it is harmless)."
    )

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        sub.add_parser("due", help="publish the documents that are due now")

    def handle(self, *args, verb: str, **opts) -> None:
        result = publish_due()
        for document in result.published:
            self.stdout.write(
                _("Published %(number)s %(title)s")
                % {"number": document.index_number, "title": document.title}
            )
        for document, message in result.failed:
            self.stderr.write(
                _("Not published %(number)s: %(message)s")
                % {"number": document.index_number, "message": message}
            )
        self.stdout.write(
            _("%(n)s published, %(failed)s failed.")
            % {"n": len(result.published), "failed": len(result.failed)}
        )
        if result.failed:
            raise CommandError(_("Some scheduled documents could not be published."))
