"""`fazhi users unlock USERNAME`: unlock an account locked after failed logins."""

from django.core.management.base import BaseCommand, CommandError

from fazhi.directory.models import Person
from fazhi.directory.services import unlock_person


class Command(BaseCommand):
    help = "Manage user accounts (unlock after failed logins)."

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True, metavar="VERB")
        unlock = sub.add_parser(
            "unlock", help="Unlock an account and reset its failure counter."
        )
        unlock.add_argument("username")
        sub.add_parser("locked", help="List the locked accounts.")

    def handle(self, *args, verb: str, **options) -> None:
        if verb == "unlock":
            self.unlock(options["username"])
        elif verb == "locked":
            for person in Person.objects.filter(locked_at__isnull=False).order_by(
                "username"
            ):
                self.stdout.write(
                    f"{person.username}\t{person}\t{person.locked_at:%Y-%m-%d %H:%M}"
                )

    def unlock(self, username: str) -> None:
        try:
            person = Person.objects.get(username=username)
        except Person.DoesNotExist:
            raise CommandError(f"no user named {username!r}") from None
        if unlock_person(person):
            self.stdout.write(self.style.SUCCESS(f"unlocked {username}"))
        else:
            self.stdout.write(f"{username} was not locked (failure counter reset)")
