"""`fazhi redact [FILE] [--json]`: print a text with its personal data redacted."""

import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from fazhi.disclosure.redaction import find_personal_data, redact


def _read(path: str | None) -> str:
    if path is None or path == "-":
        return sys.stdin.read()
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except FileNotFoundError:
        reason = _("the file does not exist")
    except IsADirectoryError:
        reason = _("it is a directory")
    except PermissionError:
        reason = _("permission denied")
    except UnicodeDecodeError:
        reason = _("it is not UTF-8 text")
    except OSError as exc:
        reason = exc.strerror or str(exc)
    raise CommandError(
        _("Cannot read %(path)s: %(reason)s") % {"path": path, "reason": reason}
    )


class Command(BaseCommand):
    help = (
        "Redact personal data (names, ID, phone and bank card numbers, e-mail, home "
        "addresses) from a text for publication; reads standard input without FILE."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "file", nargs="?", help="UTF-8 text file (default: standard input)"
        )
        parser.add_argument(
            "--json",
            action="store_true",
            help="print the spans found (kind, start, end, text) as JSON instead",
        )
        parser.add_argument(
            "--name",
            action="append",
            default=[],
            metavar="NAME",
            help="a name known to be personal (a party of the case); repeatable",
        )
        parser.add_argument(
            "--keep",
            action="append",
            default=[],
            metavar="TEXT",
            help="text that must stay visible (an enforcement officer's name); repeatable",
        )
        parser.add_argument(
            "--mask",
            action="store_true",
            help="mask numbers keeping a few characters (138****5678) instead of a label",
        )

    def handle(self, *args, file: str | None, json: bool, **options) -> None:
        text = _read(file)
        spans = find_personal_data(
            text, known_names=options["name"], keep=options["keep"]
        )
        if json:
            self.stdout.write(_dumps([s.as_dict() for s in spans]))
            return
        self.stdout.write(
            redact(text, spans, numbers="mask" if options["mask"] else "label"),
            ending="",
        )


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
