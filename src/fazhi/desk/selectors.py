"""Reads of the call desk: queues, due times, a call's public status, similar calls.

Every query carries the tenant (the district); staff pages narrow further by what the
person may see (`procedures.selectors.cases_visible_to`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from fazhi.directory.models import Unit
from fazhi.procedures import deadlines as deadline_math
from fazhi.procedures.models import Case, Deadline, DeadlineStatus
from fazhi.procedures.registry import spec_for
from fazhi.workdays.services import get_calendar

from .models import CallRouting
from .similarity import similarity_to

HOTLINE = "hotline_order"
HANDLING = ("handling_consultation", "handling_help", "handling_complaint")
WAITING_STATES = ("received", "returned")
SIMILAR_THRESHOLD = 0.2
SIMILAR_WINDOW_DAYS = 90


def calls(tenant: Unit) -> QuerySet[Case]:
    """Every call (hotline_order case) of the district."""
    return Case.objects.filter(tenant=tenant, procedure=HOTLINE)


def waiting_calls(tenant: Unit, *, visible: QuerySet[Case] | None = None) -> list[Case]:
    """Calls waiting for a dispatcher (new, returned, reopened), oldest first."""
    qs = (visible if visible is not None else calls(tenant)).filter(
        tenant=tenant, procedure=HOTLINE, state__in=WAITING_STATES
    )
    return list(
        qs.select_related("unit", "routing", "routing__unit").order_by("opened_at")
    )


def dispatch_kind(case: Case) -> str | None:
    """consultation / help / complaint: the kind of the call's last dispatch, if any."""
    last = (
        case.events.filter(action__startswith="dispatch_")
        .order_by("-seq")
        .values_list("action", flat=True)
        .first()
    )
    return last.removeprefix("dispatch_") if last else None


def desk_due(row: Deadline, routing: CallRouting | None) -> dt.datetime:
    """Return when a dispatch is due: the catalogue's limit if recorded, else the law's.

    The catalogue's limit (working days or hours) was kept on the routing at dispatch;
    extensions approved on the procedure's deadline lengthen it by the same amounts. Without
    a catalogue limit (a unit outside the catalogue) the procedure's own due time applies.
    """
    if routing is None or not routing.limit_n:
        return row.due_at
    return deadline_math.compute(
        calendar=get_calendar(),
        title=row.title,
        start_title=row.start_title,
        started_at=row.started_at,
        within_n=routing.limit_n,
        within_unit=routing.limit_unit or "workdays",
        pauses=row.pauses,
        extensions=row.extensions,
    ).due_at


def overdue_calls(
    tenant: Unit, *, now: dt.datetime | None = None, unit: Unit | None = None
) -> list[tuple[Case, dt.datetime]]:
    """Open dispatched calls past their due time: (case, due), most overdue first."""
    now = now or timezone.now()
    return [(c, due) for c, due in open_dispatched(tenant, unit=unit) if due < now]


def open_dispatched(
    tenant: Unit, *, unit: Unit | None = None
) -> list[tuple[Case, dt.datetime]]:
    """Open calls with a running handling limit, with their desk due time, soonest first."""
    rows = Deadline.objects.filter(
        tenant=tenant,
        status__in=[DeadlineStatus.RUNNING, DeadlineStatus.PAUSED],
        name__in=HANDLING,
        case__procedure=HOTLINE,
    ).select_related("case", "case__unit", "case__routing")
    if unit is not None:
        rows = rows.filter(unit=unit)
    out = [(r.case, desk_due(r, getattr(r.case, "routing", None))) for r in rows]
    return sorted(out, key=lambda pair: pair[1])


def similar_open_calls(
    text: str,
    tenant: Unit,
    *,
    limit: int = 5,
    now: dt.datetime | None = None,
    threshold: float = SIMILAR_THRESHOLD,
) -> list[tuple[Case, float]]:
    """Open calls of the last 90 days whose text is like `text`, most similar first.

    For the duplicate check while filing: the caller sees the number, subject and state
    of similar calls (nothing personal) before submitting a new one.
    """
    now = now or timezone.now()
    candidates = list(
        calls(tenant)
        .filter(
            is_open=True, opened_at__gte=now - dt.timedelta(days=SIMILAR_WINDOW_DAYS)
        )
        .exclude(state="voided")
        .select_related("routing")
        .order_by("-opened_at")[:2000]
    )
    if not candidates or not text.strip():
        return []
    texts = [
        (getattr(c, "routing", None) and c.routing.text) or c.subject
        for c in candidates
    ]
    scores = similarity_to(text, texts)
    ranked = sorted(
        (
            (c, float(s))
            for c, s in zip(candidates, scores, strict=True)
            if s >= threshold
        ),
        key=lambda pair: -pair[1],
    )
    return ranked[:limit]


@dataclass
class PublicStep:
    at: dt.datetime
    title: str
    detail: str = ""


PUBLIC_ACTIONS = {
    "open": "",
    "dispatch_consultation": "dispatch",
    "dispatch_help": "dispatch",
    "dispatch_complaint": "dispatch",
    "sign": "",
    "contact_caller": "",
    "return_order": "",
    "reply": "reply",
    "answer_directly": "reply",
    "rate": "rate",
    "rate_unsatisfied": "rate",
    "reopen": "",
    "close_unrated": "",
    "close_unsatisfied": "",
    "void": "",
}


def public_status(case: Case) -> dict:
    """What the caller may see of a call: state, steps (no staff names), the answer."""
    spec = spec_for(case.procedure, version=case.procedure_version)
    steps = []
    answer = None
    outcomes = dict(spec.actions["reply"].fields[0].choices)
    for ev in case.events.order_by("seq"):
        if ev.action not in PUBLIC_ACTIONS:
            continue
        kind = PUBLIC_ACTIONS[ev.action]
        title = spec.actions[ev.action].title if ev.action in spec.actions else ""
        detail = ""
        if ev.action == "open":
            title = spec.states[spec.initial].title
        elif kind == "dispatch":
            title = spec.states["dispatched"].title
            unit = Unit.objects.filter(credit_code=ev.data.get("handler")).first()
            detail = unit.name if unit else ""
        elif ev.action == "return_order":
            title = spec.states["returned"].title
        elif kind == "reply":
            answer = {
                "outcome": outcomes.get(ev.data.get("outcome"), ""),
                "text": ev.data.get("reply_text", ""),
                "at": ev.at,
            }
            detail = answer["outcome"]
        elif kind == "rate":
            rating = dict(spec.actions[ev.action].fields[0].choices)
            detail = rating.get(ev.data.get("rating"), "")
        steps.append(PublicStep(ev.at, title, detail))
    return {
        "case": case,
        "state_title": spec.states[case.state].title,
        "category_title": _choice_title(spec, "category", case.data.get("category")),
        "steps": steps,
        "answer": answer,
        "awaiting_rating": case.state == "replied",
    }


def _choice_title(spec, name: str, value) -> str:
    for f in spec.fields:
        if f.name == name:
            return dict(f.choices).get(value, value or "")
    return value or ""


def routing_with_units(routing: CallRouting | None) -> list[dict]:
    """The stored suggestions with their catalogue units resolved (for the dispatcher)."""
    if routing is None:
        return []
    codes = [s.get("unit") for s in routing.suggestions if s.get("unit")]
    units = {u.credit_code: u for u in Unit.objects.filter(credit_code__in=codes)}
    return [
        {
            **s,
            "unit_obj": units.get(s.get("unit")),
            "percent": round(s["confidence"] * 100),
        }
        for s in routing.suggestions
    ]


def calls_with_routing(qs: QuerySet[Case]) -> QuerySet[Case]:
    return qs.select_related("unit", "routing", "routing__unit").prefetch_related(
        Prefetch("co_handlers")
    )
