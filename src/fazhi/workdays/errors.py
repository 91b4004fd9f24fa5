"""Errors of the workdays app, each with a stable `code` and a Chinese message."""

from __future__ import annotations


class DateOutOfRange(ValueError):
    """A date (or a result) lies outside the years the calendar covers."""

    code = "date_out_of_calendar"


class InvalidPeriod(ValueError):
    """A period or pause that cannot be counted (negative length, last day before first)."""

    code = "invalid_period"


class HolidayImportError(Exception):
    """A holiday file was rejected; `errors` lists every problem, one per line."""

    code = "holiday_import_invalid"

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__("\n".join(errors))
