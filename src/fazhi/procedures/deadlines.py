"""Due dates of legal deadlines, with the sentence that explains each one.

Pure arithmetic over the working-day calendar (no database): the engine stores the inputs
(start, pauses, extensions) on each `Deadline` row and calls `compute` whenever one changes.

Counting rules (procedures.md §17): the start day is not counted; working-day periods count
working days only; calendar-day and month periods whose last day is not a working day end on
the next working day; a pause (中止, third-party consultation) stops the clock from the day
after it begins through the day it ends; an approved extension adds its period to the due date.

>>> # received 2020-09-30, 5 working days: 1-8 October are the National Day holiday
>>> # compute(... started 2020-09-30, 5 workdays ...).due_on == date(2020, 10, 14)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.translation import gettext as _

from .spec import UNIT_TITLES

Pause = tuple[dt.date, dt.date]


@dataclass(frozen=True)
class Computed:
    due_on: dt.date
    due_at: dt.datetime
    due_ordinal: int
    provisional: bool
    provisional_reason: str
    explanation: str


def _tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def local_date(moment: dt.datetime) -> dt.date:
    return moment.astimezone(_tz()).date()


def start_of_day(day: dt.date) -> dt.datetime:
    """The first moment of a local calendar day (a period counted from a date)."""
    return dt.datetime.combine(day, dt.time.min, tzinfo=_tz())


def end_of_day(day: dt.date) -> dt.datetime:
    """The last moment of a local calendar day: a deadline "on 10月14日" runs to midnight."""
    return dt.datetime.combine(day, dt.time.max, tzinfo=_tz())


def closed_pauses(raw: Sequence[Sequence[str | None]]) -> list[Pause]:
    """Turn stored pauses [[first, last|None], ...] into closed date intervals."""
    out = []
    for first, last in raw:
        if last is not None:
            out.append((dt.date.fromisoformat(first), dt.date.fromisoformat(last)))
    return out


def _md(day: dt.date) -> str:
    return f"{day.month}月{day.day}日"


def _span(first: dt.date, last: dt.date) -> str:
    if first == last:
        return _md(first)
    if first.month == last.month:
        return f"{_md(first)}至{last.day}日"
    return f"{_md(first)}至{_md(last)}"


def _add(
    calendar, start: dt.date, n: int, unit: str, pauses: Sequence[Pause]
) -> dt.date:
    if unit == "workdays":
        return calendar.add_workdays(start, n, pauses)
    if unit == "days":
        return calendar.add_days(start, n, pauses)
    if unit == "months":
        return calendar.add_months(start, n, pauses)
    raise ValueError(unit)


def compute(
    *,
    calendar,
    title: str,
    start_title: str,
    started_at: dt.datetime,
    within_n: int,
    within_unit: str,
    pauses: Sequence[Sequence[str | None]] = (),
    extensions: Sequence[dict] = (),
) -> Computed:
    """Return the due date of a deadline and the sentence that explains it.

    `pauses` are stored intervals of dates during which the clock stood still (an open one,
    still running, is left out: the deadline is then paused and its due date provisional on
    the resumption). `extensions` are dicts with `n`, `unit`, `by_name`.
    """
    start = local_date(started_at)
    closed = closed_pauses(pauses)
    parts = [
        f"{start.isoformat()}{start_title}",
        f"{within_n}{UNIT_TITLES[within_unit]}",
    ]
    if within_unit == "hours":
        due_at = started_at + dt.timedelta(hours=within_n)
        for ext in extensions:
            due_at += (
                dt.timedelta(hours=ext["n"])
                if ext["unit"] == "hours"
                else dt.timedelta(days=ext["n"])
            )
        due_on = local_date(due_at)
        parts[0] = f"{started_at.astimezone(_tz()):%Y-%m-%d %H:%M}{start_title}"
    else:
        # An extension in the deadline's own unit lengthens the period itself: 3 + 3 months
        # end six months after the start, not three months after a date already moved off a
        # weekend. Extensions in another unit are added to the due date afterwards.
        same = sum(e["n"] for e in extensions if e["unit"] == within_unit)
        total_n = within_n + same
        due_on = _add(calendar, start, total_n, within_unit, closed)
        if within_unit == "workdays":
            blocks = calendar.rest_blocks(start, due_on)
            if blocks:
                parts.append(
                    _("skipping the %(spans)s holidays")
                    % {"spans": "、".join(_span(a, b) for a, b, _name in blocks)}
                )
        else:
            paused_days = sum(
                (min(b, due_on) - max(a, start + dt.timedelta(days=1))).days + 1
                for a, b in closed
                if b > start and a <= due_on
            )
            if within_unit == "days":
                raw = start + dt.timedelta(days=total_n + paused_days)
            else:
                raw = None
            if raw is not None and raw != due_on:
                parts.append(
                    _(
                        "%(raw)s is not a working day, so it moves to the next working day"
                    )
                    % {"raw": raw.isoformat()}
                )
        due_at = end_of_day(due_on)
        for ext in extensions:
            if ext["unit"] == within_unit:
                continue
            if ext["unit"] == "hours":
                due_at += dt.timedelta(hours=ext["n"])
                due_on = local_date(due_at)
            else:
                due_on = _add(calendar, due_on, ext["n"], ext["unit"], ())
                due_at = end_of_day(due_on)
    for first, last in closed:
        parts.append(
            _("%(first)s to %(last)s not counted (paused)")
            % {"first": first.isoformat(), "last": last.isoformat()}
        )
    for ext in extensions:
        parts.append(
            _("extended by %(period)s, approved by %(name)s")
            % {
                "period": f"{ext['n']}{UNIT_TITLES[ext['unit']]}",
                "name": ext.get("by_name", ""),
            }
        )
    missing = calendar.missing_years(start, due_on)
    reason = ""
    if missing:
        reason = _("The %(years)s holiday arrangements have not been imported yet") % {
            "years": "、".join(f"{y}年" for y in missing)
        }
        parts.append(reason)
    return Computed(
        due_on=due_on,
        due_at=due_at,
        due_ordinal=calendar.ordinal(due_on),
        provisional=bool(missing),
        provisional_reason=reason,
        explanation=f"{title} {due_on.isoformat()}：" + "，".join(parts),
    )
