"""`fazhi demo load`: create the demo district 广州市白云区; `fazhi demo logins`: list them."""

from django.core.management.base import BaseCommand
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
        sub.add_parser(
            "documents",
            help="Publish the demo documents (the 2020 annual report …) if absent.",
        )

    def handle(self, *args, verb: str, **options) -> None:
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
