"""The three rates of the call desk, defined once (docs/metrics.md states the same).

- response rate  = calls answered within their time limit / calls whose limit has been
  decided (answered, or unanswered past the limit);
- resolution rate = calls closed as 已解决 / calls closed with an answer (not counting
  matters passed to their own statutory procedure, nor voided calls);
- satisfaction rate = (满意 + 基本满意) / rated calls (statutory matters not rated).

Every figure is computed from the engine's records: the events of each call (dispatch,
reply, rating), the handling deadline rows (start, extensions) and the catalogue time limit
kept on the call's routing at dispatch. A rate with an empty denominator is None and shown
as "—", never as 0%.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.directory.models import Unit
from fazhi.procedures.models import Case, Deadline, Event
from fazhi.procedures.registry import spec_for

from .models import CallRouting
from .selectors import HANDLING, HOTLINE, desk_due

SOLVED = "solved"
STATUTORY = "statutory"
GOOD_RATINGS = ("satisfied", "basically_satisfied")
MIN_CALLS_FOR_RANKING = 10
ENTERPRISE = "企业诉求"

RATE_NAMES = {
    "response": gettext_lazy("Response rate"),
    "resolution": gettext_lazy("Resolution rate"),
    "satisfaction": gettext_lazy("Satisfaction rate"),
}


@dataclass
class CallFact:
    """One call reduced to what the rates need."""

    case_id: int
    number: str
    opened_at: dt.datetime
    unit_id: int
    category: str
    channel: str
    enterprise: bool
    state: str
    due: dt.datetime | None = None
    answered_at: dt.datetime | None = None
    on_time: bool | None = None  # None: the limit has not been decided yet
    outcome: str = ""  # solved / explained / not_ours / statutory (last answer)
    rating: str = ""  # satisfied / basically_satisfied / unsatisfied (last rating)

    @property
    def month(self) -> dt.date:
        return timezone.localtime(self.opened_at).date().replace(day=1)

    @property
    def closed(self) -> bool:
        return self.state == "closed"

    @property
    def overdue_open(self) -> bool:
        return self.on_time is False and self.answered_at is None


@dataclass(frozen=True)
class Rate:
    numerator: int
    denominator: int

    @property
    def value(self) -> float | None:
        return self.numerator / self.denominator if self.denominator else None

    @property
    def display(self) -> str:
        v = self.value
        return "—" if v is None else f"{v * 100:.1f}%"

    def __str__(self) -> str:
        return self.display


def response_rate(facts: Iterable[CallFact]) -> Rate:
    """Answered within the limit / calls whose limit has been decided."""
    decided = [f for f in facts if f.on_time is not None]
    return Rate(sum(1 for f in decided if f.on_time), len(decided))


def resolution_rate(facts: Iterable[CallFact]) -> Rate:
    """Closed as solved / closed with an answer (statutory matters left out)."""
    closed = [f for f in facts if f.closed and f.outcome and f.outcome != STATUTORY]
    return Rate(sum(1 for f in closed if f.outcome == SOLVED), len(closed))


def satisfaction_rate(facts: Iterable[CallFact]) -> Rate:
    """(满意 + 基本满意) / rated calls (statutory matters are not rated)."""
    rated = [f for f in facts if f.rating and f.outcome != STATUTORY]
    return Rate(sum(1 for f in rated if f.rating in GOOD_RATINGS), len(rated))


RATES: dict[str, Callable[[Iterable[CallFact]], Rate]] = {
    "response": response_rate,
    "resolution": resolution_rate,
    "satisfaction": satisfaction_rate,
}


def call_facts(
    tenant: Unit,
    *,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    now: dt.datetime | None = None,
    cases=None,
) -> list[CallFact]:
    """Return one CallFact per call of `tenant` opened in [since, until) (voided left out).

    `cases` narrows to a queryset of calls (e.g. what a person may see). Four queries.
    """
    now = now or timezone.now()
    qs = (cases if cases is not None else Case.objects).filter(
        tenant=tenant, procedure=HOTLINE
    )
    if since is not None:
        qs = qs.filter(opened_at__gte=since)
    if until is not None:
        qs = qs.filter(opened_at__lt=until)
    qs = qs.exclude(state="voided")
    rows = list(
        qs.values(
            "id",
            "number",
            "opened_at",
            "unit_id",
            "state",
            "data",
            "applicant_kind",
            "procedure_version",
        )
    )
    if not rows:
        return []
    spec = spec_for(HOTLINE, version=rows[0]["procedure_version"])
    channels = dict(next(f for f in spec.fields if f.name == "channel").choices)
    kinds = dict(next(f for f in spec.fields if f.name == "category").choices)
    matters = dict(
        next(f for f in spec.fields if f.name == "enterprise_matter").choices
    )

    routings = {
        r.case_id: r
        for r in CallRouting.objects.filter(tenant=tenant, case__in=qs).only(
            "case_id", "category", "limit_n", "limit_unit"
        )
    }
    latest: dict[int, Deadline] = {}
    for d in (
        Deadline.objects.filter(tenant=tenant, case__in=qs, name__in=HANDLING)
        .only(
            "case_id",
            "title",
            "start_title",
            "started_at",
            "pauses",
            "extensions",
            "due_at",
            "within_n",
            "within_unit",
        )
        .order_by("started_at", "pk")
    ):
        latest[d.case_id] = d
    events: dict[int, list] = defaultdict(list)
    for e in (
        Event.objects.filter(tenant=tenant, case__in=qs)
        .filter(
            action__in=[
                "dispatch_consultation",
                "dispatch_help",
                "dispatch_complaint",
                "reply",
                "answer_directly",
                "rate",
                "rate_unsatisfied",
            ]
        )
        .values_list("case_id", "action", "at", "data")
        .order_by("case_id", "seq")
    ):
        events[e[0]].append(e)

    facts = []
    for r in rows:
        cid = r["id"]
        data = r["data"] or {}
        routing = routings.get(cid)
        matter = data.get("enterprise_matter", "")
        enterprise = (
            data.get("channel") == "enterprise"
            or bool(matter)
            or r["applicant_kind"] == "organisation"
        )
        category = (
            (routing.category if routing else "")
            or (f"企业{matters[matter]}" if matter in matters else "")
            or kinds.get(data.get("category"), "")
            or "—"
        )
        fact = CallFact(
            case_id=cid,
            number=r["number"],
            opened_at=r["opened_at"],
            unit_id=r["unit_id"],
            category=category,
            channel=ENTERPRISE
            if enterprise
            else channels.get(data.get("channel"), "—"),
            enterprise=enterprise,
            state=r["state"],
        )
        last_dispatch_at = None
        for _cid, action, at, edata in events.get(cid, ()):
            if action.startswith("dispatch_"):
                last_dispatch_at, fact.answered_at = at, None
            elif action in ("reply", "answer_directly"):
                fact.outcome = edata.get("outcome", "")
                if fact.answered_at is None:
                    fact.answered_at = at
                if action == "answer_directly" and last_dispatch_at is None:
                    fact.on_time = True
            else:
                fact.rating = edata.get("rating", "")
        deadline = latest.get(cid)
        if last_dispatch_at is not None and deadline is not None:
            fact.due = desk_due(deadline, routing)
            if fact.answered_at is not None:
                fact.on_time = fact.answered_at <= fact.due
            elif now > fact.due:
                fact.on_time = False
        facts.append(fact)
    return facts


# -- aggregation ------------------------------------------------------------------------------


@dataclass
class Row:
    key: object
    label: str
    calls: int
    response: Rate
    resolution: Rate
    satisfaction: Rate
    overdue_open: int = 0

    def rate(self, name: str) -> Rate:
        return getattr(self, name)


def summarise(facts: list[CallFact], *, key=None, label: str = "") -> Row:
    """The three rates and counts over `facts`."""
    return Row(
        key=key,
        label=label,
        calls=len(facts),
        response=response_rate(facts),
        resolution=resolution_rate(facts),
        satisfaction=satisfaction_rate(facts),
        overdue_open=sum(1 for f in facts if f.overdue_open),
    )


DIMENSIONS = {
    "unit": gettext_lazy("by unit"),
    "category": gettext_lazy("by matter type"),
    "channel": gettext_lazy("by channel"),
    "month": gettext_lazy("by month"),
}


def breakdown(facts: list[CallFact], by: str) -> list[Row]:
    """Rows of the three rates per unit, category, channel or month (most calls first;
    months in calendar order)."""
    groups: dict[object, list[CallFact]] = defaultdict(list)
    for f in facts:
        key = {
            "unit": f.unit_id,
            "category": f.category,
            "channel": f.channel,
            "month": f.month,
        }[by]
        groups[key].append(f)
    names = {}
    if by == "unit":
        names = {u.pk: u.display_name for u in Unit.objects.filter(pk__in=list(groups))}
    rows = []
    for key, members in groups.items():
        if by == "unit":
            label = names.get(key, str(key))
        elif by == "month":
            label = f"{key.year}年{key.month}月"
        else:
            label = str(key)
        rows.append(summarise(members, key=key, label=label))
    if by == "month":
        return sorted(rows, key=lambda r: r.key)
    return sorted(rows, key=lambda r: (-r.calls, r.label))


def ranking(
    rows: list[Row], rate: str, *, min_calls: int = MIN_CALLS_FOR_RANKING
) -> list[Row]:
    """Rows with at least `min_calls` calls and a defined rate, best first."""
    ranked = [
        r for r in rows if r.calls >= min_calls and r.rate(rate).value is not None
    ]
    return sorted(ranked, key=lambda r: (-r.rate(rate).value, -r.calls, r.label))


def method_note(rate: str, *, min_calls: int = MIN_CALLS_FOR_RANKING) -> str:
    """The sentence printed under every ranking: formula and who is ranked."""
    formulas = {
        "response": _(
            "Response rate = calls answered within the time limit of the dispatch catalogue (working days or hours, extensions approved by the dispatcher included) ÷ calls whose limit has passed or that were answered; calls still within their limit are not counted yet."
        ),
        "resolution": _(
            "Resolution rate = calls closed as “solved” ÷ calls closed with an answer; “explained, not solved” and “not a government matter” count as not solved; matters passed to their own statutory procedure and voided calls are left out."
        ),
        "satisfaction": _(
            "Satisfaction rate = (satisfied + basically satisfied) ÷ rated calls (by the caller or at a call-back); the last rating of a reopened call counts; statutory matters are not rated."
        ),
    }
    return (
        formulas[rate]
        + " "
        + _(
            "Only units with at least %(n)d calls in the period are ranked; a rate without any call to count is shown as “—”."
        )
        % {"n": min_calls}
    )


def month_bounds(month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """Return the local start of `month` and of the next month (aware datetimes)."""
    first = month.replace(day=1)
    nxt = (first + dt.timedelta(days=32)).replace(day=1)
    tz = timezone.get_current_timezone()
    return (
        dt.datetime.combine(first, dt.time.min, tzinfo=tz),
        dt.datetime.combine(nxt, dt.time.min, tzinfo=tz),
    )
