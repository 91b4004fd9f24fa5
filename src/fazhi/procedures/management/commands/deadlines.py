from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from fazhi.procedures.services import remind


class Command(BaseCommand):
    help = (
        "Deadline jobs; `remind` notifies due-soon and overdue deadlines (run daily)."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True)
        r = sub.add_parser("remind", help="notify responsible people once per deadline")
        r.add_argument("--workdays", type=int, help="due-soon window in working days")

    def handle(self, *args, verb, workdays=None, **opts):
        counts = remind(workdays=workdays)
        self.stdout.write(
            _(
                "%(overdue)d overdue and %(soon)d due-soon notifications created, %(mailed)d e-mails sent."
            )
            % {
                "overdue": counts["overdue"],
                "soon": counts["due_soon"],
                "mailed": counts["mailed"],
            }
        )
