"""`fazhi users unlock USERNAME`, `fazhi users locked`: login locks per (username, address)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from fazhi.directory.services import locked_pairs, unlock_username


class Command(BaseCommand):
    help = "Manage user accounts (login locks after failed logins)."

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True, metavar="VERB")
        unlock = sub.add_parser(
            "unlock", help="Lift the login locks of a username, from every address."
        )
        unlock.add_argument("username")
        sub.add_parser("locked", help="List the locked (username, address) pairs.")

    def handle(self, *args, verb: str, **options) -> None:
        if verb == "unlock":
            self.unlock(options["username"])
        elif verb == "locked":
            for pair in locked_pairs():
                until = timezone.localtime(pair.locked_until)
                self.stdout.write(
                    f"{pair.username}\t{pair.address}\t{pair.failures}\t{until:%Y-%m-%d %H:%M}"
                )

    def unlock(self, username: str) -> None:
        # Unknown usernames are locked like known ones, so they can be unlocked too.
        if count := unlock_username(username):
            self.stdout.write(
                self.style.SUCCESS(f"unlocked {username} ({count} address(es))")
            )
        else:
            self.stdout.write(f"{username} was not locked (failure counts cleared)")
