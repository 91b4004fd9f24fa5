from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.procedures.anchoring import AnchorIndex, create_anchor
from fazhi.procedures.audit import cases_with_breaks, verify
from fazhi.procedures.models import Case


class Command(BaseCommand):
    help = (
        "Verify the whole-process record (全过程记录): hash chains, case rows replayed "
        "from their events, and the latest signed anchor; or write a new anchor."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True)
        v = sub.add_parser(
            "verify",
            help="check every case; exits non-zero on any finding",
        )
        v.add_argument("--case", dest="number", help="only this case number")
        v.add_argument(
            "--no-anchor",
            action="store_true",
            help="do not check against the latest anchor",
        )
        sub.add_parser(
            "anchor",
            help="write a signed digest of every case's head to var/anchors/ (run daily)",
        )

    def handle(self, *args, verb, number=None, no_anchor=False, **opts):
        if verb == "anchor":
            self.anchor()
            return
        cases = Case.objects.order_by("pk")
        if number:
            cases = cases.filter(number=number)
            if not cases.exists():
                raise CommandError(
                    _("There is no case %(number)s.") % {"number": number}
                )
        anchor, breaks = (None, []) if no_anchor else AnchorIndex.latest()
        checked, found = verify(cases, anchor=anchor, complete=not number)
        breaks += found
        for b in breaks:
            self.stdout.write(str(b))
        if breaks:
            raise CommandError(
                _("%(bad)d of %(n)d cases have a broken record.")
                % {"bad": cases_with_breaks(breaks), "n": checked}
            )
        self.stdout.write(
            _("%(n)d cases checked: every record is intact.") % {"n": checked}
        )
        if anchor is not None:
            self.stdout.write(
                _("Checked against the anchor of %(when)s (root %(root)s).")
                % {"when": anchor.when, "root": anchor.doc["root"]}
            )

    def anchor(self):
        path, doc = create_anchor(timezone.now())
        self.stdout.write(
            _("Anchor written: %(name)s, %(count)d cases, root %(root)s.")
            % {"name": path.name, "count": doc["count"], "root": doc["root"]}
        )
