"""The publishing workflow of a document, on its proactive-disclosure case (主动公开).

Draft → 保密审查 (submit, approve / return / withhold) → publish now or at a set time →
withdraw with a reason (the index number stays, as a tombstone). Every step acts on the
document's `proactive_disclosure` case through the engine *and* changes the document, in
one transaction, so the 20-working-day clock of 条例 art. 26 runs on the engine and a late
document shows up as overdue like any other deadline.

Each creation or change of the information opens a new case (the clock restarts from the
change); `current_case(document)` is the newest.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.directory.models import Person, Unit
from fazhi.directory.selectors import roles_at
from fazhi.procedures import engine
from fazhi.procedures.errors import ProcedureError
from fazhi.procedures.registry import spec_for

from . import services
from .models import CatalogueItem, DisclosureCase, Document, DocumentStatus

log = logging.getLogger(__name__)

PROCEDURE = "proactive_disclosure"
# Case states (proactive_disclosure.yaml) the workflow relies on.
DRAFTED, UNDER_REVIEW, APPROVED, PUBLISHED, WITHHELD = (
    "drafted",
    "under_review",
    "approved",
    "published",
    "withheld",
)


class PublishingError(services.DisclosureError):
    code = "publishing"


def _spec():
    return spec_for(PROCEDURE)


def may_manage(person: Person, unit: Unit) -> bool:
    """Whether `person` holds any role of the proactive-disclosure procedure at `unit`."""
    if person.is_superuser:
        return True
    return bool(roles_at(person, unit) & set(_spec().roles))


def _require_manager(person: Person, unit: Unit) -> None:
    if not may_manage(person, unit):
        raise PublishingError(
            _("You have no disclosure role at %(unit)s.") % {"unit": unit.name}
        )


def current_link(document: Document) -> DisclosureCase | None:
    """Return the document's newest proactive-disclosure link (with its case)."""
    return (
        DisclosureCase.objects.filter(document=document)
        .select_related("case")
        .order_by("-pk")
        .first()
    )


def current_case(document: Document):
    """Return the document's current proactive-disclosure case, or None."""
    link = current_link(document)
    return link.case if link else None


def _need_link(document: Document) -> DisclosureCase:
    link = current_link(document)
    if link is None:
        raise PublishingError(
            _(
                "This document has no proactive-disclosure case; it was not created here."
            )
        )
    return link


def _start_of(day: dt.date) -> dt.datetime:
    """When the 20 working days start: the day the information was created (art. 26)."""
    now = timezone.now()
    if day >= timezone.localdate(now):
        return now
    return dt.datetime.combine(day, dt.time(9), tzinfo=timezone.get_default_timezone())


def _open(
    document: Document,
    *,
    actor: Person,
    change: str,
    summary: str,
    category: str,
    generated_on: dt.date,
) -> DisclosureCase:
    case = engine.open_case(
        PROCEDURE,
        unit=document.issuer,
        actor=actor,
        subject=document.title,
        data={
            "title": document.title,
            "summary": summary,
            "generated_on": generated_on.isoformat(),
            "change": change,
            "category": category,
        },
        at=_start_of(generated_on),
    )
    return DisclosureCase.objects.create(document=document, case=case)


def _set_status(document: Document, status: str) -> None:
    if document.status != status:
        document.status = status
        document.save(update_fields=["status", "updated_at"])


@transaction.atomic
def create_draft(
    *,
    issuer: Unit,
    actor: Person,
    title: str,
    summary: str,
    disclosure_category: str,
    items: list[CatalogueItem] | None = None,
    **fields,
) -> Document:
    """Create a draft document with its index number and open its disclosure case.

    `summary` (内容概述) and `disclosure_category` (a 主动公开类别 key of the spec) go to
    the case; the clock starts on the date written (成文日期), else today. Raises ActionNotAllowed when
    `actor` may not open a proactive-disclosure case at `issuer`, InvalidData, and the
    errors of `services.create_document`; nothing is written then.
    """
    _require_manager(actor, issuer)
    document = services.create_document(
        tenant=issuer.tenant or issuer, issuer=issuer, title=title, **fields
    )
    _open(
        document,
        actor=actor,
        change="created",
        summary=summary,
        category=disclosure_category,
        generated_on=document.written_on or timezone.localdate(),
    )
    if items:
        document.catalogue_items.set(items)
    return document


@transaction.atomic
def edit_document(
    document: Document,
    *,
    actor: Person,
    summary: str = "",
    disclosure_category: str = "",
    items: list[CatalogueItem] | None = None,
    **fields,
) -> Document:
    """Change a document. A draft is just changed; a published one is changed and gets a
    new disclosure case (信息变更: the 20 working days run again from today), which goes
    through 保密审查 and is published again. Refused while in review or withdrawn."""
    _require_manager(actor, document.issuer)
    link = _need_link(document)
    if document.status == DocumentStatus.REVIEW or link.case.state in (
        UNDER_REVIEW,
        APPROVED,
    ):
        raise PublishingError(
            _("A document in review cannot be changed; have it returned first.")
        )
    was_published = document.status == DocumentStatus.PUBLISHED
    services.update_document(document, **fields)
    if items is not None:
        document.catalogue_items.set(items)
    if was_published or link.case.state in (PUBLISHED, WITHHELD):
        _open(
            document,
            actor=actor,
            change="changed",
            summary=summary or link.case.data.get("summary", document.title),
            category=disclosure_category or link.case.data.get("category", "other"),
            generated_on=timezone.localdate(),
        )
    return document


def _act(document: Document, action: str, actor: Person, data: dict):
    link = _need_link(document)
    return link, engine.act(link.case, action, actor=actor, data=data)


@transaction.atomic
def submit_for_review(
    document: Document, *, actor: Person, scope: str = "full"
) -> Document:
    """Send the document to the confidentiality review (保密审查, 条例 art. 17)."""
    _act(document, "submit_review", actor, {"proposed_scope": scope})
    if document.status == DocumentStatus.DRAFT:
        _set_status(document, DocumentStatus.REVIEW)
    return document


@transaction.atomic
def approve(document: Document, *, actor: Person, opinion: str) -> Document:
    """Pass the confidentiality review: the document may now be published."""
    _act(document, "approve", actor, {"review_opinion": opinion})
    return document


@transaction.atomic
def return_for_revision(document: Document, *, actor: Person, opinion: str) -> Document:
    """Return the document from review for changes; it is a draft again."""
    _act(document, "return_for_revision", actor, {"review_opinion": opinion})
    if document.status == DocumentStatus.REVIEW:
        _set_status(document, DocumentStatus.DRAFT)
    return document


@transaction.atomic
def withhold(
    document: Document, *, actor: Person, ground: str, opinion: str
) -> Document:
    """Decide after review not to publish (条例 arts. 14-16); the document stays a draft."""
    _act(document, "withhold", actor, {"ground": ground, "review_opinion": opinion})
    if document.status == DocumentStatus.REVIEW:
        _set_status(document, DocumentStatus.DRAFT)
    return document


def permalink(document: Document) -> str:
    return f"/documents/{document.index_number}/"


@transaction.atomic
def publish_now(
    document: Document, *, actor: Person, channel: str = "website"
) -> Document:
    """Publish an approved document now and enter it in the catalogue (编入公开目录).

    Meets the 20-working-day deadline. For a change of a published document the
    document stays published (its new text is already indexed). Raises ActionNotAllowed
    unless the case passed the review.
    """
    link, _event = _act(
        document,
        "publish",
        actor,
        {
            "index_number": document.index_number,
            "channel": channel,
            "url": permalink(document),
        },
    )
    if document.status != DocumentStatus.PUBLISHED:
        services.publish_document(document)
    if link.publish_at is not None:
        link.publish_at = None
        link.save(update_fields=["publish_at"])
    return document


@transaction.atomic
def schedule_publication(
    document: Document, *, actor: Person, at: dt.datetime
) -> DisclosureCase:
    """Publish an approved document at `at` (定时发布), by `fazhi publish due`.

    The actor must be one who may publish it; `at` must be in the future.
    """
    link = _need_link(document)
    if link.case.state != APPROVED:
        raise PublishingError(
            _(
                "Only a document that passed the confidentiality review can be scheduled."
            )
        )
    if "publish" not in {a.name for a in engine.available_actions(link.case, actor)}:
        raise PublishingError(_("You may not publish this document."))
    if at <= timezone.now():
        raise PublishingError(
            _("The publication time must be in the future."), field="publish_at"
        )
    link.publish_at, link.scheduled_by = at, actor
    link.save(update_fields=["publish_at", "scheduled_by"])
    return link


@dataclass
class DueResult:
    published: list[Document] = field(default_factory=list)
    failed: list[tuple[Document, str]] = field(default_factory=list)


def publish_due(*, now: dt.datetime | None = None) -> DueResult:
    """Publish every scheduled document whose time has come; safe to run repeatedly.

    Each document is published in its own transaction, as the person who scheduled it;
    one failure (say, that person lost the role) does not stop the others.
    """
    now = now or timezone.now()
    result = DueResult()
    due = (
        DisclosureCase.objects.filter(
            publish_at__lte=now, case__state=APPROVED, scheduled_by__isnull=False
        )
        .select_related("document", "scheduled_by")
        .order_by("publish_at", "pk")
    )
    for link in due:
        try:
            publish_now(link.document, actor=link.scheduled_by)
        except (ProcedureError, services.DisclosureError) as exc:
            log.warning("scheduled publication of %s failed: %s", link.document, exc)
            result.failed.append((link.document, str(exc)))
        else:
            result.published.append(link.document)
    return result


@transaction.atomic
def withdraw(document: Document, *, actor: Person, reason: str) -> Document:
    """Withdraw a published document with a reason; its page becomes a tombstone under
    the same index number. (The proactive-disclosure procedure has no withdrawal step,
    so the case is not acted on.)"""
    _require_manager(actor, document.issuer)
    return services.withdraw_document(document, reason=reason)
