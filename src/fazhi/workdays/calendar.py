"""The working-day calendar and its deadline arithmetic: pure Python, no database.

Counting rules (procedures reference §17; 民法典 arts. 201-203; 民事诉讼法 art. 85):

* The start day is not counted: day 1 is the day after the start event.
* A working day is a Monday-Friday that is not a statutory rest day, or a weekend day
  the State Council made a working day (调休上班).
* A period in calendar days or months runs on the calendar; if its last day is not a
  working day, it ends on the next working day (民法典 art. 203).
* A pause (中止, 鉴定, 听证 ...) is an inclusive range of days during which the clock
  stands still.

Everything is answered from arrays built once: `_before[i]` is the number of working
days before day `i` (days counted from `EPOCH`), and `_work_idx` lists the working days.
Adding N working days is then two list lookups.

Worked examples from 2020 (春节 extended to 2 February; 国庆节 and 中秋节 on 1-8 October,
with Sunday 27 September and Saturday 10 October working days):

>>> from datetime import date
>>> cal = build_calendar()
>>> cal.add_workdays(date(2020, 9, 30), 5)
datetime.date(2020, 10, 14)
>>> cal.add_days(date(2020, 9, 26), 5)  # the 5th day, 1 October, is a holiday
datetime.date(2020, 10, 9)
>>> cal.next_workday(date(2020, 1, 24))
datetime.date(2020, 2, 3)
>>> cal.workdays_between(date(2020, 9, 25), date(2020, 10, 12))
7
>>> cal.rest_blocks(date(2020, 9, 30), date(2020, 10, 14))
[(datetime.date(2020, 10, 1), datetime.date(2020, 10, 8), '国庆节、中秋节')]
"""

from __future__ import annotations

import calendar as _stdlib_calendar
from bisect import bisect_left
from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import NamedTuple

from django.utils.translation import gettext as _

from .errors import DateOutOfRange, InvalidPeriod
from .package_data import (
    PACKAGE_SOURCE,
    package_rest_days,
    package_working_weekends,
    package_years,
)

EPOCH = date(2004, 1, 1)
LAST = date(2040, 12, 31)
_EPOCH_ORD = EPOCH.toordinal()
_SIZE = LAST.toordinal() - _EPOCH_ORD + 1

HOLIDAY = "holiday"
WORKDAY = "workday"

Pause = tuple[date, date]


class Override(NamedTuple):
    """One line of a State Council notice: a rest day (holiday) or a 调休 working day."""

    date: date
    kind: str  # HOLIDAY or WORKDAY
    name: str = ""


class Calendar:
    """Working days from EPOCH (2004-01-01) to LAST (2040-12-31), and deadline arithmetic.

    Build it with `build_calendar()` (pure) or `fazhi.workdays.get_calendar()` (with
    the database's imported years). `years` maps each year with holiday data to where
    the data come from; any other year is counted from weekends alone and every result
    touching it is provisional (see `missing_years` and `provisional_reason`).
    """

    first = EPOCH
    last = LAST

    def __init__(
        self,
        *,
        rest_days: Mapping[date, str],
        working_weekends: Collection[date],
        years: Mapping[int, str],
    ) -> None:
        self.years: dict[int, str] = dict(sorted(years.items()))
        self._dates = [EPOCH + timedelta(days=i) for i in range(_SIZE)]
        work = bytearray(_SIZE)
        before = [0] * (_SIZE + 1)
        work_idx: list[int] = []
        names: dict[int, str] = {}
        for i, d in enumerate(self._dates):
            if d in working_weekends or (d.weekday() < 5 and d not in rest_days):
                work[i] = 1
                work_idx.append(i)
            elif d in rest_days:
                names[i] = rest_days[d]
            before[i + 1] = len(work_idx)
        self._work = work
        self._before = before
        self._work_idx = work_idx
        self._work_dates = [self._dates[i] for i in work_idx]
        self._names = names
        self._blocks = _holiday_blocks(work, names)
        self._block_ends = [last for _first, last, _name in self._blocks]

    def __repr__(self) -> str:
        years = ", ".join(f"{y}: {s}" for y, s in self.years.items())
        return f"<Calendar {EPOCH}..{LAST} {{{years}}}>"

    # Days -------------------------------------------------------------------------

    def _index(self, d: date) -> int:
        i = d.toordinal() - _EPOCH_ORD
        if not 0 <= i < _SIZE:
            raise _out_of_range(d)
        return i

    def _work_day(self, t: int) -> int:
        """Return the day index of the t-th working day since EPOCH (t >= 1)."""
        if not 1 <= t <= len(self._work_idx):
            raise DateOutOfRange(
                _("The result falls outside the calendar (%(first)s to %(last)s).")
                % {"first": EPOCH.isoformat(), "last": LAST.isoformat()}
            )
        return self._work_idx[t - 1]

    def is_workday(self, d: date) -> bool:
        """Return whether `d` is a working day (2020-09-27, a Sunday, is; 2020-10-08 is not)."""
        return bool(self._work[self._index(d)])

    def next_workday(self, d: date) -> date:
        """Return `d` if it is a working day, else the first working day after it.

        next_workday(2020-01-24, 除夕) is 2020-02-03: the Spring Festival holiday was
        extended to Sunday 2 February.
        """
        i = self._index(d)
        if self._work[i]:
            return self._dates[i]
        return self._dates[self._work_day(self._before[i] + 1)]

    def holiday_name(self, d: date) -> str | None:
        """Return the holiday `d` belongs to ("国庆节"), or None for a working day or weekend."""
        return self._names.get(self._index(d))

    def ordinal(self, d: date) -> int:
        """Return the number of working days in [EPOCH, d]; O(1).

        Store it beside a due date: "due within N working days of today" is then the
        integer range `ordinal(due) <= ordinal(today) + N` on an index.
        """
        return self._before[self._index(d) + 1]

    # Periods ----------------------------------------------------------------------

    def add_workdays(self, start: date, n: int, pauses: Sequence[Pause] = ()) -> date:
        """Return the n-th working day after `start` (start not counted).

        Working days inside a pause do not count. A negative `n` counts backwards
        (the day from which `start` is -n working days away); `n == 0` returns `start`.

        add_workdays(2020-09-30, 5) is 2020-10-14: 1-8 October are rest days, Saturday
        10 October is a working day (day 2). With the clock paused on 9-12 October it is
        2020-10-19, as 9, 10 and 12 October no longer count.
        """
        i = start.toordinal() - _EPOCH_ORD
        if n > 0 and not pauses and 0 <= i < _SIZE:
            try:
                return self._work_dates[self._before[i + 1] + n - 1]
            except IndexError:
                pass  # past LAST: the slow path raises the Chinese error
        i = self._index(start)
        if n == 0:
            return self._dates[i]
        before = self._before
        t = before[i + 1] + n  # the result is the t-th working day since EPOCH
        spans = _merge(pauses)
        if n > 0:
            for p, q in spans:
                if q <= i:
                    continue
                p = max(p, i + 1)
                if p > self._work_day(t):
                    break
                q = min(q, _SIZE - 1)
                t += before[q + 1] - before[p]
        else:
            for p, q in reversed(spans):
                if p > i:
                    continue
                q = min(q, i)
                if q <= self._work_day(t):
                    break
                p = max(p, 0)
                t -= before[q + 1] - before[p]
        return self._dates[self._work_day(t)]

    def add_days(self, start: date, n: int, pauses: Sequence[Pause] = ()) -> date:
        """Return the last day of a period of `n` calendar days from `start`.

        That is start + n days, plus the days of every pause within the counted span,
        moved to the next working day if it is not one (民法典 art. 203).

        add_days(2020-09-26, 5) is 2020-10-09 (1 October is 国庆节); add_days(2020-09-26, 4)
        is 2020-09-30. A 15-day period from 2020-01-16 ends on 31 January, which the
        COVID-19 extension made a rest day, so it ends on 2020-02-03.
        """
        i = start.toordinal() - _EPOCH_ORD
        j = i + n
        if not pauses and n >= 0 and i >= 0 and j < _SIZE:
            if self._work[j]:
                return self._dates[j]
            try:
                return self._work_dates[self._before[j]]
            except IndexError:
                pass  # past LAST: the slow path raises the Chinese error
        i = self._index(start)
        if n < 0:
            raise InvalidPeriod(_("A period cannot have a negative length."))
        return self._dates[self._end_of_period(i, i + n, _merge(pauses))]

    def add_months(self, start: date, n: int, pauses: Sequence[Pause] = ()) -> date:
        """Return the last day of a period of `n` months from `start`.

        The same day of the month n months later, or that month's last day if it has
        none (民法典 art. 202); pauses add their days; then rolled forward to a working
        day. add_months(2020-01-31, 1) is 2020-03-02: 29 February 2020 was a Saturday.
        """
        i = self._index(start)
        if n < 0:
            raise InvalidPeriod(_("A period cannot have a negative length."))
        year, month0 = divmod(start.year * 12 + start.month - 1 + n, 12)
        if year > LAST.year:
            raise _out_of_range(date(LAST.year, 12, 31) + timedelta(days=1))
        last_day = _stdlib_calendar.monthrange(year, month0 + 1)[1]
        end = date(year, month0 + 1, min(start.day, last_day))
        return self._dates[self._end_of_period(i, self._index(end), _merge(pauses))]

    def _end_of_period(self, i: int, j: int, spans: list[tuple[int, int]]) -> int:
        """Extend the span (i, j] by its paused days, then roll to an unpaused working day."""
        for p, q in spans:
            if q <= i:
                continue
            p = max(p, i + 1)
            if p > j:
                break
            j += q - p + 1
        while True:
            if j >= _SIZE:
                raise _out_of_range(LAST + timedelta(days=1))
            if not self._work[j]:
                j = self._work_day(self._before[j] + 1)
            inside = next((q for p, q in spans if p <= j <= q), None)
            if inside is None:
                return j
            j = inside + 1

    def workdays_between(self, a: date, b: date, pauses: Sequence[Pause] = ()) -> int:
        """Return the number of working days in (a, b], less those inside pauses.

        Negative when b is before a. From Friday 2020-09-25 to Monday 2020-10-12 there
        are 7: Sunday 27 to 30 September, 9, Saturday 10 and 12 October. Round trip:
        workdays_between(s, add_workdays(s, n, p), p) == n.
        """
        ia, ib = self._index(a), self._index(b)
        if ib < ia:
            return -self.workdays_between(b, a, pauses)
        before = self._before
        count = before[ib + 1] - before[ia + 1]
        for p, q in _merge(pauses):
            p, q = max(p, ia + 1), min(q, ib)
            if p <= q:
                count -= before[q + 1] - before[p]
        return count

    # Explanations -----------------------------------------------------------------

    def missing_years(self, a: date, b: date) -> list[int]:
        """Return the years touched by [a, b] that have no holiday data.

        Their days are counted from weekends alone, so a deadline in such a year is
        provisional until the year's notice is imported.
        """
        if b < a:
            a, b = b, a
        return [y for y in range(a.year, b.year + 1) if y not in self.years]

    def provisional_reason(self, a: date, b: date) -> str | None:
        """Return why a result over [a, b] is provisional ("2027年节假日安排尚未导入"), or None."""
        missing = self.missing_years(a, b)
        if not missing:
            return None
        return _("Holiday arrangements for %(years)s have not been imported yet") % {
            "years": "、".join(str(y) for y in missing)
        }

    def rest_blocks(self, a: date, b: date) -> list[tuple[date, date, str]]:
        """Return the holiday blocks that overlap (a, b], as (first, last, name).

        A block is a run of rest days holding at least one statutory holiday, e.g.
        (2020-10-01, 2020-10-08, "国庆节、中秋节"); it explains a deadline ("跳过10月1日至8日假期").
        """
        ia, ib = self._index(a), self._index(b)
        if ib < ia:
            ia, ib = ib, ia
        found = []
        for k in range(bisect_left(self._block_ends, ia + 1), len(self._blocks)):
            first, last, name = self._blocks[k]
            if first > ib:
                break
            found.append((self._dates[first], self._dates[last], name))
        return found


def build_calendar(
    overrides: Iterable[Override] = (),
    *,
    sources: Mapping[int, str] | None = None,
    use_package: bool = True,
) -> Calendar:
    """Return a calendar from chinese-calendar's data, replaced year by year by overrides.

    A year with any override is taken to be a whole State Council notice: its weekends
    are rest days unless listed as WORKDAY, its listed HOLIDAYs are rest days, and the
    package's data for that year are ignored. `sources` names where each overridden
    year comes from (default "imported").
    """
    overrides = list(overrides)
    overridden = {o.date.year for o in overrides}
    rest_days: dict[date, str] = {}
    working_weekends: set[date] = set()
    years: dict[int, str] = {}
    if use_package:
        years.update(
            {y: PACKAGE_SOURCE for y in package_years() if y not in overridden}
        )
        rest_days.update(
            {d: n for d, n in package_rest_days().items() if d.year not in overridden}
        )
        working_weekends.update(
            d for d in package_working_weekends() if d.year not in overridden
        )
    for o in overrides:
        if o.kind == HOLIDAY:
            rest_days[o.date] = o.name
        elif o.kind == WORKDAY:
            working_weekends.add(o.date)
        else:
            raise ValueError(f"unknown override kind {o.kind!r} for {o.date}")
    sources = sources or {}
    years.update({y: sources.get(y, "imported") for y in overridden})
    return Calendar(rest_days=rest_days, working_weekends=working_weekends, years=years)


def _merge(pauses: Sequence[Pause]) -> list[tuple[int, int]]:
    """Return pauses as sorted, disjoint, inclusive day-index ranges (touching ones merged)."""
    spans = []
    for first, last in pauses:
        if last < first:
            raise InvalidPeriod(
                _("A pause cannot end (%(last)s) before it begins (%(first)s).")
                % {"first": first.isoformat(), "last": last.isoformat()}
            )
        spans.append((first.toordinal() - _EPOCH_ORD, last.toordinal() - _EPOCH_ORD))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for p, q in spans:
        if merged and p <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], q))
        else:
            merged.append((p, q))
    return merged


def _holiday_blocks(
    work: bytearray, names: Mapping[int, str]
) -> list[tuple[int, int, str]]:
    """Return the runs of rest days that hold a named holiday, as (first, last, name)."""
    blocks = []
    i = 0
    while i < len(work):
        if work[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(work) and not work[j + 1]:
            j += 1
        parts: list[str] = []
        named = False
        for k in range(i, j + 1):
            if k in names:
                named = True
                for part in names[k].split("、"):
                    if part and part not in parts:
                        parts.append(part)
        if named:
            blocks.append((i, j, "、".join(parts)))
        i = j + 1
    return blocks


def _out_of_range(d: date) -> DateOutOfRange:
    return DateOutOfRange(
        _("%(date)s is outside the calendar (%(first)s to %(last)s).")
        % {"date": d.isoformat(), "first": EPOCH.isoformat(), "last": LAST.isoformat()}
    )
