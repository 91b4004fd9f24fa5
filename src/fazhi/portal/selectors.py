"""Reads of the public portal that the disclosure and procedures selectors do not cover.

Everything here returns public data only: published documents, library entries, and for a
tracked case the state, the public steps and the reply deadline, never internal notes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, QuerySet
from django.db.models.functions import ExtractYear

from fazhi.directory.models import Unit
from fazhi.disclosure.models import Document, DocumentStatus, LibraryEntry
from fazhi.procedures import tracking
from fazhi.procedures.models import Case, Deadline, Event
from fazhi.procedures.public import (
    find_public_case,
    public_case_by_number,
    public_district,
)
from fazhi.procedures.registry import spec_for
from fazhi.procedures.spec import OPEN

OFFICE_SUFFIX = "人民政府办公室"


def portal_district() -> Unit | None:
    """Return the district whose portal this is (one resolver for every public page:
    `procedures.public.public_district`, FAZHI_PORTAL_DISTRICT picks one of several)."""
    return public_district()


def disclosure_office(district: Unit | None) -> Unit | None:
    """Return the unit that answers disclosure requests (the government office).

    `settings.FAZHI_DISCLOSURE_OFFICE` (a credit code) names it; otherwise the district's
    own 人民政府办公室.
    """
    if district is None:
        return None
    code = getattr(settings, "FAZHI_DISCLOSURE_OFFICE", "")
    units = Unit.objects.filter(tenant=district, is_active=True)
    if code:
        return units.filter(credit_code=code).first()
    return units.filter(parent=district, name__endswith=OFFICE_SUFFIX).first()


def document_categories(tenant: Unit) -> list[tuple[str, int]]:
    """Return (category, number of published documents) of the district, by category."""
    rows = (
        Document.objects.filter(tenant=tenant, status=DocumentStatus.PUBLISHED)
        .values("category")
        .annotate(n=Count("pk"))
        .order_by("category")
    )
    return [(r["category"], r["n"]) for r in rows]


def document_issuers(tenant: Unit) -> list[tuple[int, str]]:
    """Return (unit id, name) of every unit with a published document, by name."""
    rows = (
        Document.objects.filter(tenant=tenant, status=DocumentStatus.PUBLISHED)
        .values_list("issuer_id", "issuer__name")
        .distinct()
        .order_by("issuer__name")
    )
    return list(rows)


def document_years(tenant: Unit) -> list[int]:
    """Return the years with published documents, newest first."""
    rows = (
        Document.objects.filter(
            tenant=tenant, status=DocumentStatus.PUBLISHED, published_on__isnull=False
        )
        .annotate(y=ExtractYear("published_on"))
        .values_list("y", flat=True)
        .distinct()
        .order_by("-y")
    )
    return list(rows)


def document_genres(tenant: Unit) -> list[str]:
    """Return the genres (体裁) of published documents, by name."""
    rows = (
        Document.objects.filter(tenant=tenant, status=DocumentStatus.PUBLISHED)
        .exclude(genre="")
        .values_list("genre", flat=True)
        .distinct()
        .order_by("genre")
    )
    return list(rows)


def library_entries(
    tenant: Unit | None, *, validity: str = "", level: str = ""
) -> QuerySet[LibraryEntry]:
    """Return library entries visible in the district (shared law plus its own), filtered."""
    qs = LibraryEntry.objects.all()
    if tenant is not None:
        qs = qs.filter(tenant__isnull=True) | qs.filter(tenant=tenant)
    else:
        qs = qs.filter(tenant__isnull=True)
    if validity:
        qs = qs.filter(validity=validity)
    if level:
        qs = qs.filter(level=level)
    return qs.order_by("title", "-published_on", "pk")


def library_levels() -> list[str]:
    """Return the levels of law (法律, 行政法规, …) present in the library."""
    return list(
        LibraryEntry.objects.exclude(level="")
        .values_list("level", flat=True)
        .distinct()
        .order_by("level")
    )


@dataclass
class PublicStep:
    title: str
    at: dt.datetime


@dataclass
class TrackedCase:
    """What the public may see of a case: no names, notes or internal data."""

    number: str
    procedure_title: str
    state_title: str
    is_open: bool
    opened_at: dt.datetime
    closed_at: dt.datetime | None
    reply_title: str
    reply_due_on: dt.date | None
    reply_status: str
    steps: list[PublicStep]
    tracking_code: str = ""  # as printed (K7Q-M3X-PA9); only on the applicant's receipt


def _public_view(case: Case) -> TrackedCase:
    spec = spec_for(case.procedure, version=case.procedure_version)
    reply = (
        Deadline.objects.filter(case=case, name="reply").order_by("-started_at").first()
    )
    steps = []
    for event in Event.objects.filter(case=case).order_by("seq"):
        if event.action == OPEN:
            title = "提交申请"
        elif event.action in spec.actions:
            title = spec.actions[event.action].title
        else:
            continue
        steps.append(PublicStep(title=title, at=event.at))
    state = spec.states.get(case.state)
    return TrackedCase(
        number=case.number,
        procedure_title=spec.title,
        state_title=state.title if state else case.state,
        is_open=case.is_open,
        opened_at=case.opened_at,
        closed_at=case.closed_at,
        reply_title=reply.title if reply else "",
        reply_due_on=reply.due_on if reply else None,
        reply_status=reply.status if reply else "",
        steps=steps,
    )


def tracked_case(
    tenant: Unit | None,
    number: str,
    *,
    procedure: str,
    code: str = "",
    phone_last4: str = "",
) -> tuple[TrackedCase | None, bool]:
    """Return (the public view of case `number`, whether the phone lookup is closed).

    The case is found with its tracking code, or with the applicant's phone digits within
    the per-number limit (`procedures.public.find_public_case`). None both when there is no
    such case and when the code or digits are wrong, so the answer never tells whether a
    number exists.
    """
    found = find_public_case(
        tenant, number, procedure=procedure, code=code, phone_last4=phone_last4
    )
    return (_public_view(found.case) if found.case else None), found.closed


def submitted_case(
    tenant: Unit | None, number: str, *, procedure: str
) -> TrackedCase | None:
    """Return the public view of a case this visitor has just submitted (the number is
    from the session), with its tracking code for the receipt."""
    case = public_case_by_number(tenant, number, procedure=procedure)
    if case is None:
        return None
    view = _public_view(case)
    view.tracking_code = tracking.display(case.tracking_code)
    return view
