"""`fazhi workdays add|between|years|import`: deadline arithmetic and holiday data."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from fazhi.workdays.calendar import Calendar, Pause
from fazhi.workdays.errors import HolidayImportError, InvalidPeriod
from fazhi.workdays.services import get_calendar, import_holidays


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("“%(value)s” is not a date (use YYYY-MM-DD).") % {"value": value}
        ) from None


def _int(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("“%(value)s” is not a whole number.") % {"value": value}
        ) from None


def _pause(value: str) -> Pause:
    first, sep, last = value.partition(":")
    if not sep:
        raise argparse.ArgumentTypeError(
            _("A pause is written FIRST:LAST, e.g. 2020-10-09:2020-10-12.")
        )
    return (_date(first), _date(last))


class Command(BaseCommand):
    help = "Working-day arithmetic and the holiday data behind it (fazhi workdays add|between|years|import)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(
            dest="verb", required=True, parser_class=type(parser)
        )
        add = sub.add_parser(
            "add",
            help="Print the due date N working days (or calendar days, or months) after DATE.",
            description="Print the last day of a period of N working days after DATE "
            "(DATE itself not counted). With --calendar the period is N calendar days, "
            "with --months N months; both end on the next working day when the last day "
            "is not one. A second line on stderr marks a provisional result.",
            called_from_command_line=getattr(parser, "called_from_command_line", None),
        )
        add.add_argument(
            "start", type=_date, metavar="DATE", help="start day, YYYY-MM-DD"
        )
        add.add_argument("n", type=_int, metavar="N", help="length of the period")
        unit = add.add_mutually_exclusive_group()
        unit.add_argument("--calendar", action="store_true", help="N calendar days")
        unit.add_argument("--months", action="store_true", help="N months")
        add.add_argument(
            "--pause",
            type=_pause,
            action="append",
            default=[],
            metavar="FIRST:LAST",
            help="days on which the clock stands still (repeatable)",
        )
        add.add_argument(
            "--explain",
            action="store_true",
            help="also list the holiday blocks skipped",
        )
        between = sub.add_parser(
            "between",
            help="Print the number of working days after A up to and including B.",
            called_from_command_line=getattr(parser, "called_from_command_line", None),
        )
        between.add_argument(
            "a", type=_date, metavar="A", help="first day (not counted)"
        )
        between.add_argument("b", type=_date, metavar="B", help="last day (counted)")
        sub.add_parser(
            "years",
            help="List the calendar's years and where their holidays come from.",
            called_from_command_line=getattr(parser, "called_from_command_line", None),
        )
        imp = sub.add_parser(
            "import",
            help="Import a year's State Council holiday notice from a CSV date,kind,name.",
            description="Import the days of a State Council holiday notice from a CSV "
            "with the columns date,kind,name (kind = holiday or workday). The years in "
            "the file replace what was stored for them; nothing is imported if any line "
            "is wrong.",
            called_from_command_line=getattr(parser, "called_from_command_line", None),
        )
        imp.add_argument("file", type=Path, metavar="FILE", help="CSV file (UTF-8)")

    def handle(self, *args: Any, verb: str, **options: Any) -> None:
        try:
            getattr(self, f"handle_{verb}")(**options)
        except (ValueError, InvalidPeriod) as e:
            raise CommandError(str(e)) from e

    def handle_add(
        self,
        *,
        start: date,
        n: int,
        calendar: bool,
        months: bool,
        pause: list[Pause],
        explain: bool,
        **_options: Any,
    ) -> None:
        cal = get_calendar()
        if months:
            due = cal.add_months(start, n, pause)
        elif calendar:
            due = cal.add_days(start, n, pause)
        else:
            due = cal.add_workdays(start, n, pause)
        self.stdout.write(due.isoformat())
        if explain:
            for first, last, name in cal.rest_blocks(start, due):
                self.stdout.write(
                    _("skipped %(first)s to %(last)s: %(name)s")
                    % {
                        "first": first.isoformat(),
                        "last": last.isoformat(),
                        "name": name,
                    }
                )
        self._warn_provisional(cal, start, due)

    def handle_between(self, *, a: date, b: date, **_options: Any) -> None:
        cal = get_calendar()
        self.stdout.write(str(cal.workdays_between(a, b)))
        self._warn_provisional(cal, a, b)

    def handle_years(self, **_options: Any) -> None:
        cal = get_calendar()
        missing: list[int] = []
        for year in range(cal.first.year, cal.last.year + 1):
            if year in cal.years:
                self._flush_missing(missing)
                self.stdout.write(f"{year}  {cal.years[year]}")
            else:
                missing.append(year)
        self._flush_missing(missing)

    def _flush_missing(self, missing: list[int]) -> None:
        if not missing:
            return
        span = str(missing[0]) if len(missing) == 1 else f"{missing[0]}-{missing[-1]}"
        self.stdout.write(
            _("%(years)s  no data: counted from weekends alone, deadlines provisional")
            % {"years": span}
        )
        missing.clear()

    def handle_import(self, *, file: Path, **_options: Any) -> None:
        if not file.is_file():
            raise CommandError(_("File not found: %(path)s") % {"path": file})
        try:
            result = import_holidays(file, source_name=file.name)
        except HolidayImportError as e:
            raise CommandError(
                _("Nothing was imported:") + "\n" + "\n".join(e.errors)
            ) from e
        for line in result.summary():
            self.stdout.write(line)

    def _warn_provisional(self, cal: Calendar, a: date, b: date) -> None:
        reason = cal.provisional_reason(a, b)
        if reason:
            self.stderr.write(_("Provisional: %(reason)s") % {"reason": reason})
