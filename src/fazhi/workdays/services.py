"""The process-wide calendar and the import of a year's holiday notice."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from .calendar import HOLIDAY, Calendar, Override, build_calendar
from .importer import HolidaySource, read_holiday_rows
from .models import HolidayOverride
from .signals import calendar_changed

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_calendar: Calendar | None = None
_fingerprint: tuple[Any, ...] | None = None
_checked_at = 0.0


def get_calendar() -> Calendar:
    """Return the calendar: chinese-calendar's data with the imported years laid over it.

    Built once per process and cached. An import in this process drops the cache at
    once; other processes notice within FAZHI_CALENDAR_RECHECK_SECONDS (default 300)
    by comparing one cheap aggregate over the override table.
    """
    global _calendar, _fingerprint, _checked_at
    now = time.monotonic()
    cached = _calendar
    if cached is not None and now - _checked_at < _recheck_seconds():
        return cached
    with _lock:
        fingerprint = _overrides_fingerprint()
        if _calendar is None or fingerprint != _fingerprint:
            _calendar = _build_from_database(fingerprint is not None)
            _fingerprint = fingerprint
        _checked_at = now
        return _calendar


def invalidate_calendar() -> None:
    """Drop the cached calendar; the next `get_calendar()` rebuilds it."""
    global _calendar, _fingerprint
    with _lock:
        _calendar = None
        _fingerprint = None


@dataclass(frozen=True)
class ImportResult:
    """What an import stored: per year, the rest days and adjusted working days listed."""

    source_name: str
    holidays: dict[int, int] = field(default_factory=dict)
    workdays: dict[int, int] = field(default_factory=dict)
    replaced: int = 0

    @property
    def years(self) -> list[int]:
        return sorted(set(self.holidays) | set(self.workdays))

    def summary(self) -> list[str]:
        """Return one line per imported year, for the CLI and the admin."""
        return [
            _(
                "%(year)s: %(holidays)s rest days and %(workdays)s adjusted working days imported from %(source)s."
            )
            % {
                "year": year,
                "holidays": self.holidays.get(year, 0),
                "workdays": self.workdays.get(year, 0),
                "source": self.source_name,
            }
            for year in self.years
        ]


def import_holidays(
    file_or_rows: HolidaySource, *, source_name: str, actor: Any = None
) -> ImportResult:
    """Store the holiday notice of one or more years, replacing what those years had.

    `file_or_rows` is a CSV `date,kind,name` (path, bytes, open file) or its rows (see
    `importer.read_holiday_rows`). Every line is checked first; on any problem nothing is
    stored and HolidayImportError lists each problem in Chinese with its line number.
    `actor` (a Person, None for the command line) needs the permission to add holiday
    arrangements. After commit, `calendar_changed` is sent with the years imported.

    Importing a file with 2027's days makes 2027 a year with data: a deadline running
    into 2027 is no longer provisional, and may move if the notice adds rest days.
    """
    if actor is not None and not actor.has_perm("workdays.add_holidayoverride"):
        raise PermissionDenied(_("You may not import holiday arrangements."))
    days = read_holiday_rows(file_or_rows)
    source_name = (source_name or "").replace("\x00", "").strip()[:200] or "?"
    years = sorted({d.date.year for d in days})
    now = timezone.now()
    rows = [
        HolidayOverride(
            date=d.date,
            kind=d.kind,
            name=d.name,
            source=source_name,
            imported_at=now,
            imported_by=actor,
        )
        for d in days
    ]
    for row in rows:
        row.full_clean(validate_unique=False)  # the file was checked for duplicates
    with transaction.atomic():
        replaced, _detail = HolidayOverride.objects.filter(
            date__year__in=years
        ).delete()
        HolidayOverride.objects.bulk_create(rows)
        invalidate_calendar()
        transaction.on_commit(lambda: _announce(years))
    holidays: dict[int, int] = {}
    workdays: dict[int, int] = {}
    for d in days:
        counts = holidays if d.kind == HOLIDAY else workdays
        counts[d.date.year] = counts.get(d.date.year, 0) + 1
    logger.info("imported holiday arrangements for %s from %s", years, source_name)
    return ImportResult(source_name, holidays, workdays, replaced)


def _announce(years: Sequence[int]) -> None:
    invalidate_calendar()
    calendar_changed.send(sender=HolidayOverride, years=list(years))


def _recheck_seconds() -> float:
    return float(getattr(settings, "FAZHI_CALENDAR_RECHECK_SECONDS", 300))


def _table_exists() -> bool:
    with connection.cursor() as cursor:
        return HolidayOverride._meta.db_table in connection.introspection.table_names(
            cursor
        )


def _overrides_fingerprint() -> tuple[Any, ...] | None:
    """Return a value that changes whenever the override table does (None: no table)."""
    if not _table_exists():
        return None
    agg = HolidayOverride.objects.aggregate(
        n=Count("id"), last_id=Max("id"), last_at=Max("imported_at")
    )
    return (agg["n"], agg["last_id"], agg["last_at"])


def _build_from_database(has_table: bool) -> Calendar:
    if not has_table:
        logger.warning(
            "workdays: no override table (migrate?); using chinese-calendar only"
        )
        return build_calendar()
    overrides = []
    latest: dict[int, tuple[Any, str]] = {}
    for day, kind, name, source, imported_at in HolidayOverride.objects.values_list(
        "date", "kind", "name", "source", "imported_at"
    ):
        overrides.append(Override(day, kind, name))
        if day.year not in latest or imported_at > latest[day.year][0]:
            latest[day.year] = (imported_at, source)
    sources = {
        year: _("imported: %(source)s (%(date)s)")
        % {"source": source, "date": timezone.localdate(at).isoformat()}
        for year, (at, source) in latest.items()
    }
    return build_calendar(overrides, sources=sources)
