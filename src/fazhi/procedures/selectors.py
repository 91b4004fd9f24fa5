"""Reads of cases and deadlines, always scoped by what the reader may see."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from functools import cache

from django.conf import settings
from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.directory.models import Person
from fazhi.directory.selectors import roles_held, units_where_roles
from fazhi.workdays.services import get_calendar

from .models import Case, CaseLink, Deadline, DeadlineStatus, Event


@cache
def _procedures_read_by() -> dict[str, frozenset[str]]:
    """Role key -> the procedures (keys) whose cases that role may read, every version
    counted (a case of an older version is read by the roles of any version)."""
    from . import registry

    out: dict[str, set[str]] = defaultdict(set)
    for newest in registry.all_specs():
        for spec in registry.versions(newest.key):
            for role in spec.reading_roles:
                out[role].add(spec.key)
    return {role: frozenset(keys) for role, keys in out.items()}


def readable(person: Person, *, unit: str = "unit", procedure: str = "procedure") -> Q:
    """THE visibility rule for cases, as a condition on the fields named `unit` and
    `procedure` (e.g. "case__procedure" from a deadline).

    A case is readable where the person holds, at the case's owning unit (directly or
    from a subtree-scoped assignment above it), a role that the case's procedure names:
    a role that opens or acts on its cases, or one of its `readers` (Spec.reading_roles).
    One condition per distinct set of procedures, so a single query; superusers read all.
    """
    if person.is_superuser:
        return Q()
    by_procedures: dict[frozenset[str], set[str]] = defaultdict(set)
    read_by = _procedures_read_by()
    for role in roles_held(person):
        if read_by.get(role):
            by_procedures[read_by[role]].add(role)
    condition = Q(pk__in=[])
    for keys, roles in sorted(by_procedures.items(), key=lambda kv: sorted(kv[1])):
        condition |= Q(**{f"{procedure}__in": sorted(keys)}) & Q(
            **{f"{unit}__in": units_where_roles(person, roles=roles)}
        )
    return condition


def cases_visible_to(person: Person) -> QuerySet[Case]:
    """The cases `person` may read (see `readable`): every staff list and case page."""
    return Case.objects.filter(readable(person))


def case_for_actor(number: str, person: Person) -> Case:
    """Return the case `number` if `person` may see it; Http404 for missing and not yours."""
    case = (
        cases_visible_to(person)
        .select_related("unit", "tenant")
        .filter(number=number)
        .first()
    )
    if case is None:
        raise Http404(_("No case %(number)s that you may see.") % {"number": number})
    return case


def open_deadlines(person: Person | None = None) -> QuerySet[Deadline]:
    """Running time limits (minimum periods are never overdue, so they are left out)."""
    qs = Deadline.objects.filter(status=DeadlineStatus.RUNNING, kind="limit")
    if person is not None:
        qs = qs.filter(readable(person, procedure="case__procedure"))
    return qs


def overdue_deadlines(
    person: Person | None = None,
    *,
    now: dt.datetime | None = None,
    unit=None,
    procedure: str | None = None,
    assignee: Person | None = None,
) -> QuerySet[Deadline]:
    """Running deadlines whose due time has passed, oldest first (an index range on due_at)."""
    qs = open_deadlines(person).filter(due_at__lt=now or timezone.now())
    return _narrow(qs, unit=unit, procedure=procedure, assignee=assignee).order_by(
        "due_at"
    )


def due_soon_deadlines(
    person: Person | None = None,
    *,
    workdays: int | None = None,
    now: dt.datetime | None = None,
    unit=None,
    procedure: str | None = None,
    assignee: Person | None = None,
) -> QuerySet[Deadline]:
    """Running deadlines not yet overdue and due within `workdays` working days.

    An integer range on the working-day ordinal: due_ordinal <= ordinal(today) + n.
    """
    now = now or timezone.now()
    n = settings.FAZHI_DUE_SOON_WORKDAYS if workdays is None else workdays
    today = timezone.localdate(now)
    limit = get_calendar().ordinal(today) + n
    qs = open_deadlines(person).filter(due_at__gte=now, due_ordinal__lte=limit)
    return _narrow(qs, unit=unit, procedure=procedure, assignee=assignee).order_by(
        "due_at"
    )


def _narrow(qs, *, unit=None, procedure=None, assignee=None):
    if unit is not None:
        qs = qs.filter(unit=unit)
    if procedure:
        qs = qs.filter(case__procedure=procedure)
    if assignee is not None:
        qs = qs.filter(case__assignees=assignee)
    return qs


def light(due_at: dt.datetime | None, *, now: dt.datetime | None = None) -> str:
    """red (overdue) / yellow (due within the due-soon window) / green / none."""
    if due_at is None:
        return "none"
    now = now or timezone.now()
    if due_at < now:
        return "red"
    cal = get_calendar()
    today = timezone.localdate(now)
    due_day = timezone.localtime(due_at).date()
    if cal.ordinal(due_day) <= cal.ordinal(today) + settings.FAZHI_DUE_SOON_WORKDAYS:
        return "yellow"
    return "green"


def inbox(
    person: Person,
    *,
    procedure: str | None = None,
    unit_id: int | None = None,
    state: str | None = None,
    query: str = "",
    include_closed: bool = False,
    assignee: Person | None = None,
) -> QuerySet[Case]:
    """The person's units' cases, nearest running deadline first (cases without one last)."""
    qs = cases_visible_to(person).select_related("unit")
    if not include_closed:
        qs = qs.filter(is_open=True)
    if procedure:
        qs = qs.filter(procedure=procedure)
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    if state:
        qs = qs.filter(state=state)
    if query:
        qs = qs.filter(Q(number__icontains=query) | Q(subject__icontains=query))
    if assignee is not None:
        qs = qs.filter(assignees=assignee)
    # next_due_at is kept by the engine: ordering walks an index, no aggregate per case.
    qs = qs.annotate(next_due=F("next_due_at"))
    return qs.order_by(F("next_due_at").asc(nulls_last=True), "-opened_at")


def case_timeline(case: Case) -> QuerySet[Event]:
    return case.events.select_related("actor", "recorded_by").order_by("seq")


def case_deadlines(case: Case) -> QuerySet[Deadline]:
    return case.deadlines.order_by("started_at", "pk")


def linked_cases(case: Case, person: Person) -> list[tuple[str, Case]]:
    """Cases of the same matter in other procedures, both directions, that `person` may see."""
    visible = cases_visible_to(person)
    out = [
        ("from", link.from_case)
        for link in CaseLink.objects.filter(
            to_case=case, from_case__in=visible
        ).select_related("from_case")
    ]
    out += [
        ("to", link.to_case)
        for link in CaseLink.objects.filter(
            from_case=case, to_case__in=visible
        ).select_related("to_case")
    ]
    return out


__all__ = [
    "case_deadlines",
    "case_for_actor",
    "case_timeline",
    "cases_visible_to",
    "due_soon_deadlines",
    "inbox",
    "light",
    "linked_cases",
    "overdue_deadlines",
    "readable",
]


def case_as_dict(case: Case) -> dict:
    """A case with its events and deadlines as plain JSON-ready data (CLI, API)."""
    return {
        "number": case.number,
        "procedure": case.procedure,
        "procedure_version": case.procedure_version,
        "state": case.state,
        "unit": case.unit.name,
        "subject": case.subject,
        "applicant": case.applicant_name,
        "version": case.version,
        "opened_at": timezone.localtime(case.opened_at).isoformat(),
        "closed_at": timezone.localtime(case.closed_at).isoformat()
        if case.closed_at
        else None,
        "data": case.data,
        "events": [
            {
                "seq": e.seq,
                "action": e.action,
                "from": e.from_state,
                "to": e.to_state,
                "actor": e.actor_name,
                "at": timezone.localtime(e.at).isoformat(),
                "recorded_at": timezone.localtime(e.recorded_at).isoformat(),
                "data": e.data,
                "hash": e.hash,
            }
            for e in case_timeline(case)
        ],
        "deadlines": [
            {
                "name": d.name,
                "title": d.title,
                "status": d.status,
                "due_on": d.due_on.isoformat(),
                "due_at": timezone.localtime(d.due_at).isoformat(),
                "met_at": timezone.localtime(d.met_at).isoformat()
                if d.met_at
                else None,
                "provisional": d.provisional,
                "provisional_reason": d.provisional_reason,
                "basis": d.basis,
                "unverified": d.unverified,
                "explanation": d.explanation,
            }
            for d in case_deadlines(case)
        ],
    }


def units_for_opening(person: Person, spec) -> QuerySet:
    """Units where `person` holds a role that may open a case of `spec`."""
    from fazhi.directory.selectors import units_where_roles

    return units_where_roles(person, roles=set(spec.opened_by)).order_by("path")


def assignment_candidates(case: Case, spec) -> list[Person]:
    """People who hold one of the procedure's acting roles at the case's unit."""
    from fazhi.directory.selectors import people_with_role

    roles = {r for a in spec.actions.values() for r in a.by} - {"public"}
    people: dict[int, Person] = {}
    for role in sorted(roles):
        for p in people_with_role(role, case.unit):
            people[p.pk] = p
    return sorted(people.values(), key=lambda p: p.username)
