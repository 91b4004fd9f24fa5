"""`fazhi demo load`: create the demo district 广州市白云区; `fazhi demo logins`: list them.

`fazhi demo calls`: give the demo district its dispatch catalogue and routing model (from
the demo set) where absent, then file demo calls over the past months.
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from fazhi.demo.services import DEMO_PASSWORD, demo_logins, load_demo_district

KINDS = ("units", "roles", "users", "assignments", "certificates")


class Command(BaseCommand):
    help = "The demo district 广州市白云区: load it (idempotent) or list its logins."

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True, metavar="VERB")
        sub.add_parser(
            "load", help="Create the demo district, its roles and users where absent."
        )
        sub.add_parser("logins", help="Print the demo logins.")
        calls = sub.add_parser(
            "calls",
            help="Load the demo desk (catalogue, routing model) and file demo calls.",
        )
        calls.add_argument("--calls", type=int, default=600, help="how many calls")
        calls.add_argument(
            "--months", type=int, default=6, help="spread over this many months"
        )
        calls.add_argument("--seed", type=int, default=2020, help="random seed")
        calls.add_argument(
            "--if-empty",
            action="store_true",
            help="file no calls when the district already has calls",
        )
        sub.add_parser(
            "documents",
            help="Publish the demo documents (the 2020 annual report …) if absent.",
        )

    def handle(self, *args, verb: str, **options) -> None:
        if verb == "calls":
            self.calls(**options)
            return
        if verb == "documents":
            from fazhi.demo.documents import load_demo_documents

            n = load_demo_documents()
            self.stdout.write(
                _("%(n)d demo documents published.") % {"n": n}
                if n
                else _("The demo documents are already published: nothing changed.")
            )
            return
        if verb == "load":
            self.load()
        self.print_logins()

    def calls(
        self, *, calls: int, months: int, seed: int, if_empty: bool = False, **options
    ) -> None:
        from fazhi.demo.calls import generate_calls, load_demo_desk
        from fazhi.directory.models import Person
        from fazhi.procedures.models import Case

        if not Person.objects.filter(username="dispatcher").exists():
            raise CommandError(_("Load the demo district first: fazhi demo load"))
        desk = load_demo_desk()
        if desk.catalogue_loaded:
            self.stdout.write(_("Demo dispatch catalogue loaded."))
        if desk.model_trained:
            self.stdout.write(_("Demo routing model trained from the demo set."))
        existing = Case.objects.filter(procedure="hotline_order").count()
        if if_empty and existing:
            self.stdout.write(
                _("The district already has %(n)d calls; no demo calls added.")
                % {"n": existing}
            )
            return
        started = time.perf_counter()
        report = generate_calls(calls, months=months, seed=seed)
        self.stdout.write(
            _(
                "Demo calls: %(calls)d filed, %(dispatched)d dispatched, %(replied)d answered, %(rated)d rated, %(returned)d returned, %(reopened)d reopened (%(seconds).0f s)."
            )
            % {**report.__dict__, "seconds": time.perf_counter() - started}
        )

    def load(self) -> None:
        report = load_demo_district()
        if report.changed:
            created = ", ".join(
                f"{report.created[k]} {k}" for k in KINDS if report.created[k]
            )
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo district 广州市白云区 loaded: created {created}."
                )
            )
        else:
            found = ", ".join(
                f"{report.existing[k]} {k}" for k in KINDS if report.existing[k]
            )
            self.stdout.write(
                f"Demo district already loaded ({found}): nothing changed."
            )

    def print_logins(self) -> None:
        logins = demo_logins()
        width = max(len(login.username) for login in logins)
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD}):")
        for login in logins:
            self.stdout.write(
                f"  {login.username:<{width}}  {login.real_name}  {login.role_title}  ({login.unit_name})"
            )
        self.stdout.write(
            "\nStaff login: http://127.0.0.1:8000/accounts/login/  "
            "public portal: http://127.0.0.1:8000/  (when served by `make run`)"
        )
