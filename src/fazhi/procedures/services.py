"""Writes of the procedures app other than case state: reminders and attachments."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.directory.selectors import people_with_role

from . import selectors
from .models import Case, Notification, NotificationKind
from .registry import spec_for


def responsible_people(case: Case):
    """The case's assignees, or else everyone who may act on it at its unit now."""
    assignees = list(case.assignees.filter(is_active=True))
    if assignees:
        return assignees
    spec = spec_for(case.procedure, version=case.procedure_version)
    roles = {r for a in spec.actions_from(case.state) for r in a.by}
    people = {}
    for role in roles:
        for p in people_with_role(role, case.unit):
            people[p.pk] = p
    return list(people.values())


def remind(
    *, now: dt.datetime | None = None, workdays: int | None = None
) -> dict[str, int]:
    """Notify the people responsible for due-soon and overdue deadlines, once each.

    One in-app notification per person, deadline, kind and due date (a unique constraint
    makes a second run a no-op), and one e-mail for each new notification with an address.
    Meant to run daily (`fazhi deadlines remind`).
    """
    now = now or timezone.now()
    counts = {"due_soon": 0, "overdue": 0, "mailed": 0}
    batches = [
        (NotificationKind.OVERDUE, selectors.overdue_deadlines(now=now)),
        (
            NotificationKind.DUE_SOON,
            selectors.due_soon_deadlines(now=now, workdays=workdays),
        ),
    ]
    for kind, deadlines in batches:
        for d in deadlines.select_related("case", "case__unit").iterator():
            if kind == NotificationKind.OVERDUE:
                message = _(
                    "%(case)s: %(deadline)s was due on %(date)s and is overdue."
                )
            else:
                message = _("%(case)s: %(deadline)s is due on %(date)s.")
            message = message % {
                "case": d.case.number,
                "deadline": d.title,
                "date": d.due_on.isoformat(),
            }
            for person in responsible_people(d.case):
                try:
                    with transaction.atomic():
                        Notification.objects.create(
                            person=person,
                            case=d.case,
                            deadline=d,
                            kind=kind,
                            due_on=d.due_on,
                            message=message,
                        )
                except IntegrityError:
                    continue
                counts[kind] += 1
                if person.email:
                    send_mail(
                        _("[fazhi] deadline reminder"),
                        message,
                        settings.DEFAULT_FROM_EMAIL,
                        [person.email],
                    )
                    counts["mailed"] += 1
    return counts
