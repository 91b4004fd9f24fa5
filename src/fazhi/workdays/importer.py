"""Read and check a year's holiday notice given as CSV lines `date,kind,name`.

    date,kind,name
    2027-01-01,holiday,元旦
    2027-02-07,workday,春节

`kind` is `holiday` (a rest day) or `workday` (a weekend day made a working day, 调休上班).
A header line, blank lines and lines starting with `#` are skipped. Every line is
checked before anything is stored, and every problem is reported with its line number.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import IO, Any

from django.utils.translation import gettext as _

from .calendar import EPOCH, HOLIDAY, LAST, WORKDAY, Override
from .errors import HolidayImportError

# The length of HolidayOverride.name: a longer name would fail the insert on PostgreSQL.
NAME_MAX = 100

HolidaySource = (
    str
    | os.PathLike[str]
    | bytes
    | IO[Any]
    | Iterable[Sequence[str] | Mapping[str, str]]
)

_DATE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")


def read_holiday_rows(source: HolidaySource) -> list[Override]:
    """Return the notice's days, or raise HolidayImportError listing every bad line.

    `source` is a path, the bytes or an open file of a CSV (UTF-8, or GB18030 as saved
    by Excel), or rows already split into cells (line numbers then count from 1).
    """
    lines = _numbered_rows(source)
    errors: list[str] = []
    days: list[Override] = []
    seen: dict[date, int] = {}
    for line, cells in lines:
        cells = [c.strip() for c in cells]
        if not any(cells) or cells[0].startswith("#"):
            continue
        if not days and not errors and cells[0].lower() == "date":
            continue
        if len(cells) < 2 or len(cells) > 3:
            errors.append(
                _("Line %(line)s: expected 3 columns date,kind,name, found %(count)s.")
                % {"line": line, "count": len(cells)}
            )
            continue
        raw_date, raw_kind = cells[0], cells[1].lower()
        name = cells[2] if len(cells) == 3 else ""
        day = _parse_date(raw_date)
        problems = []
        if day is None:
            problems.append(
                _("Line %(line)s: “%(value)s” is not a valid date (use YYYY-MM-DD).")
                % {"line": line, "value": raw_date}
            )
        elif not EPOCH <= day <= LAST:
            problems.append(
                _(
                    "Line %(line)s: %(date)s is outside the years the calendar covers (%(first)s to %(last)s)."
                )
                % {"line": line, "date": day, "first": EPOCH.year, "last": LAST.year}
            )
        elif day in seen:
            problems.append(
                _("Line %(line)s: %(date)s already appears on line %(other)s.")
                % {"line": line, "date": day, "other": seen[day]}
            )
        if raw_kind not in (HOLIDAY, WORKDAY):
            problems.append(
                _(
                    "Line %(line)s: kind “%(value)s” is invalid (use holiday or workday)."
                )
                % {"line": line, "value": cells[1]}
            )
        elif "\x00" in name or len(name) > NAME_MAX:
            problems.append(
                _(
                    "Line %(line)s: the holiday name must have at most %(max)d "
                    "characters and no null byte (\\x00)."
                )
                % {"line": line, "max": NAME_MAX}
            )
        elif raw_kind == HOLIDAY and not name:
            problems.append(
                _("Line %(line)s: a holiday needs its name (e.g. 春节).")
                % {"line": line}
            )
        elif raw_kind == WORKDAY and day is not None and day.weekday() < 5:
            problems.append(
                _(
                    "Line %(line)s: %(date)s is a Monday-to-Friday and already a working day; only a Saturday or Sunday can be an adjusted working day."
                )
                % {"line": line, "date": day}
            )
        if problems or day is None:
            errors.extend(problems)
            continue
        seen[day] = line
        days.append(Override(day, raw_kind, name))
    if errors:
        raise HolidayImportError(errors)
    if not days:
        raise HolidayImportError([_("The file contains no holiday lines.")])
    return days


def _numbered_rows(source: HolidaySource) -> list[tuple[int, list[str]]]:
    if isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as f:
            return _csv_rows(f.read())
    if isinstance(source, bytes):
        return _csv_rows(source)
    if hasattr(source, "read"):
        data = source.read()
        return _csv_rows(data if isinstance(data, bytes) else data.encode())
    rows = []
    for line, row in enumerate(source, start=1):
        if isinstance(row, Mapping):
            row = [row.get("date", ""), row.get("kind", ""), row.get("name", "")]
        rows.append((line, [str(c) for c in row]))
    return rows


def _csv_rows(data: bytes) -> list[tuple[int, list[str]]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes almost any byte string
        raise HolidayImportError([_("The file is not UTF-8 text.")])
    reader = csv.reader(io.StringIO(text))
    return [(reader.line_num, row) for row in reader]


def _parse_date(value: str) -> date | None:
    m = _DATE.match(value)
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None
