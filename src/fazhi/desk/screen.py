"""The command screen's figures (一屏观), as plain data for the page and its JSON refresh."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.utils import timezone

from fazhi.directory.models import Unit

from . import metrics
from .hot import hot_issues
from .selectors import calls, open_dispatched

TREND_DAYS = 30
TREND_MONTHS = 12


def screen_data(tenant: Unit, *, now: dt.datetime | None = None) -> dict:
    """Everything the command screen shows, JSON-ready (no model instances)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    month = today.replace(day=1)
    month_start, _next = metrics.month_bounds(month)
    year_start = metrics.month_bounds(today.replace(month=1, day=1))[0]
    trend_start = month
    for _i in range(TREND_MONTHS - 1):
        trend_start = (trend_start - dt.timedelta(days=1)).replace(day=1)
    since = min(metrics.month_bounds(trend_start)[0], year_start)
    facts = metrics.call_facts(tenant, since=since, now=now)
    day_start = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    today_facts = [f for f in facts if f.opened_at >= day_start]
    month_facts = [f for f in facts if f.opened_at >= month_start]
    year_facts = [f for f in facts if f.opened_at >= year_start]

    open_rows = open_dispatched(tenant)
    waiting = calls(tenant).filter(state__in=("received", "returned")).count()
    open_by_unit: Counter = Counter()
    overdue_by_unit: Counter = Counter()
    for case, due in open_rows:
        open_by_unit[case.unit_id] += 1
        if due < now:
            overdue_by_unit[case.unit_id] += 1
    names = {
        u.pk: u.display_name for u in Unit.objects.filter(pk__in=list(open_by_unit))
    }
    units = sorted(
        (
            {
                "unit": names.get(uid, str(uid)),
                "open": n,
                "overdue": overdue_by_unit[uid],
            }
            for uid, n in open_by_unit.items()
        ),
        key=lambda r: (-r["overdue"], -r["open"], r["unit"]),
    )[:7]

    def rates(fs):
        return {
            name: {
                "display": fn(fs).display,
                "value": fn(fs).value,
                "numerator": fn(fs).numerator,
                "denominator": fn(fs).denominator,
            }
            for name, fn in metrics.RATES.items()
        }

    days = [today - dt.timedelta(days=i) for i in range(TREND_DAYS - 1, -1, -1)]
    per_day = Counter(timezone.localtime(f.opened_at).date() for f in facts)
    months = metrics.breakdown(facts, "month")[-TREND_MONTHS:]
    issues = hot_issues(tenant, month, top=5)
    if not issues:
        previous = (month - dt.timedelta(days=1)).replace(day=1)
        issues = hot_issues(tenant, previous, top=5)
    return {
        "now": timezone.localtime(now).strftime("%Y-%m-%d %H:%M"),
        "today": {
            "calls": len(today_facts),
            "enterprise": sum(1 for f in today_facts if f.enterprise),
        },
        "open": len(open_rows) + waiting,
        "waiting": waiting,
        "overdue": sum(overdue_by_unit.values()),
        "month_calls": len(month_facts),
        "month_label": f"{month.year}年{month.month}月",
        "rates_month": rates(month_facts),
        "rates_year": rates(year_facts),
        "rates_enterprise": rates([f for f in year_facts if f.enterprise]),
        "units": units,
        "daily": {
            "labels": [f"{d.month}/{d.day}" for d in days],
            "values": [per_day.get(d, 0) for d in days],
        },
        "monthly": {
            "labels": [r.label for r in months],
            "calls": [r.calls for r in months],
            "response": [_pct(r.response.value) for r in months],
            "satisfaction": [_pct(r.satisfaction.value) for r in months],
        },
        "hot": [
            {
                "title": i.title,
                "unit": i.unit.display_name,
                "size": i.size,
                "previous": i.previous,
                "trend": i.trend,
                "month": f"{i.month.year}年{i.month.month}月",
            }
            for i in issues
        ],
    }


def _pct(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 1)
