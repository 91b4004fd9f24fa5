from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from fazhi.procedures.audit import verify
from fazhi.procedures.models import Case


class Command(BaseCommand):
    help = "Verify the hash chain of the whole-process record (全过程记录)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True)
        v = sub.add_parser("verify", help="report the first broken link of each case")
        v.add_argument("--case", dest="number", help="only this case number")

    def handle(self, *args, verb, number=None, **opts):
        cases = Case.objects.order_by("pk")
        if number:
            cases = cases.filter(number=number)
            if not cases.exists():
                raise CommandError(
                    _("There is no case %(number)s.") % {"number": number}
                )
        checked, breaks = verify(cases)
        for b in breaks:
            self.stdout.write(str(b))
        if breaks:
            raise CommandError(
                _("%(bad)d of %(n)d cases have a broken record.")
                % {"bad": len(breaks), "n": checked}
            )
        self.stdout.write(
            _("%(n)d cases checked: every record is intact.") % {"n": checked}
        )
