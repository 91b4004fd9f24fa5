"""Writes to the directory: login failures, account locks and unlocks."""

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import Person


@transaction.atomic
def record_login_failure(person: Person) -> Person:
    """Count one failed login for `person`; lock the account at the configured limit.

    The counter is incremented in the database (`F()`), so two failures arriving at the
    same moment both count. The account is locked once `settings.FAZHI_LOGIN_MAX_FAILURES`
    failures in a row are reached; a locked account stays locked until `unlock_person`.
    Returns the person as now stored.
    """
    Person.objects.filter(pk=person.pk).update(failed_logins=F("failed_logins") + 1)
    Person.objects.filter(
        pk=person.pk,
        locked_at__isnull=True,
        failed_logins__gte=settings.FAZHI_LOGIN_MAX_FAILURES,
    ).update(locked_at=timezone.now())
    person.refresh_from_db(fields=["failed_logins", "locked_at"])
    return person


def record_login_success(person: Person) -> None:
    """Reset the failure counter after a successful login."""
    if person.failed_logins:
        Person.objects.filter(pk=person.pk).update(failed_logins=0)
        person.failed_logins = 0


@transaction.atomic
def unlock_person(person: Person) -> bool:
    """Unlock `person`'s account and reset its failure counter.

    Returns True if the account was locked, False if there was nothing to unlock.
    """
    was_locked = Person.objects.filter(pk=person.pk, locked_at__isnull=False).update(
        locked_at=None, failed_logins=0
    )
    Person.objects.filter(pk=person.pk).update(failed_logins=0)
    person.locked_at, person.failed_logins = None, 0
    return bool(was_locked)
