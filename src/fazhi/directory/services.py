"""Writes to the directory: login throttles, unlocks, two-factor devices, the audit log."""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from .models import LoginThrottle, Person, SecurityEvent, SecurityEventKind

# Pairs untouched for this long are forgotten (at least the cool-off time).
THROTTLE_MEMORY = timedelta(days=1)


def throttle_key(username: str) -> str:
    """The username as the throttle counts it: case does not buy extra attempts."""
    return (username or "").strip().lower()[:150]


def record_security_event(
    kind: str,
    *,
    username: str = "",
    person: Person | None = None,
    address: str = "",
    detail: str = "",
) -> SecurityEvent:
    """Append one line to the security audit log."""
    if person is not None and not username:
        username = person.get_username()
    return SecurityEvent.objects.create(
        kind=kind,
        username=(username or "")[:150],
        person=person,
        address=(address or "")[:45],
        detail=(detail or "")[:500],
    )


def login_locked_until(username: str, address: str):
    """When the (username, address) pair may try again, or None if it may now."""
    now = timezone.now()
    return (
        LoginThrottle.objects.filter(
            username=throttle_key(username), address=address, locked_until__gt=now
        )
        .values_list("locked_until", flat=True)
        .first()
    )


def _count_failure(key: str, address: str, now) -> None:
    pair = LoginThrottle.objects.filter(username=key, address=address)
    # A lock that has run out starts the count again.
    pair.filter(locked_until__lte=now).update(failures=0, locked_until=None)
    if pair.update(failures=F("failures") + 1, updated_at=now):
        return
    try:
        with transaction.atomic():
            LoginThrottle.objects.create(username=key, address=address, failures=1)
    except IntegrityError:  # created by a concurrent failure: count on it
        pair.update(failures=F("failures") + 1, updated_at=now)


@transaction.atomic
def record_login_failure(username: str, address: str, person: Person | None = None):
    """Count one failed login of `username` from `address`; lock the pair at the limit.

    The count is kept for any username typed, known or not. Returns the time until which
    the pair is now locked, or None. Counting is done in the database (`F()`), so two
    failures arriving at the same moment both count.
    """
    now = timezone.now()
    key = throttle_key(username)
    _count_failure(key, address, now)
    cooloff = timedelta(seconds=settings.FAZHI_LOGIN_COOLOFF_SECONDS)
    locked = LoginThrottle.objects.filter(
        username=key,
        address=address,
        locked_until__isnull=True,
        failures__gte=settings.FAZHI_LOGIN_MAX_FAILURES,
    ).update(locked_until=now + cooloff)
    # Forget stale pairs, so guessed usernames do not pile up.
    LoginThrottle.objects.filter(
        Q(locked_until__isnull=True) | Q(locked_until__lt=now),
        updated_at__lt=now - max(THROTTLE_MEMORY, cooloff),
    ).delete()
    record_security_event(
        SecurityEventKind.LOGIN_FAILED,
        username=username,
        person=person,
        address=address,
    )
    if locked:
        record_security_event(
            SecurityEventKind.LOCKED,
            username=username,
            person=person,
            address=address,
            detail=f"{settings.FAZHI_LOGIN_MAX_FAILURES} failures",
        )
    return login_locked_until(username, address)


@transaction.atomic
def record_login_success(person: Person, address: str, *, detail: str = "") -> None:
    """Forget the failures of this pair and write the login to the audit log."""
    LoginThrottle.objects.filter(
        username=throttle_key(person.get_username()), address=address
    ).delete()
    record_security_event(
        SecurityEventKind.LOGIN, person=person, address=address, detail=detail
    )


def record_logout(person: Person, address: str) -> None:
    record_security_event(SecurityEventKind.LOGOUT, person=person, address=address)


def locked_pairs(username: str | None = None):
    """The (username, address) pairs locked now, oldest first."""
    pairs = LoginThrottle.objects.filter(locked_until__gt=timezone.now())
    if username is not None:
        pairs = pairs.filter(username=throttle_key(username))
    return pairs.order_by("username", "locked_until")


@transaction.atomic
def unlock_username(
    username: str, *, by: Person | None = None, address: str = ""
) -> int:
    """Clear every lock and failure count of `username`, from every address.

    Returns how many locked pairs there were. The unlock is written to the audit log
    (with who did it, when known).
    """
    pairs = LoginThrottle.objects.filter(username=throttle_key(username))
    was_locked = pairs.filter(locked_until__gt=timezone.now()).count()
    pairs.delete()
    person = Person.objects.filter(username=username).first()
    by_whom = f"by {by.get_username()}" if by is not None else "by command line"
    record_security_event(
        SecurityEventKind.UNLOCKED,
        username=username,
        person=person,
        address=address,
        detail=f"{was_locked} locked address(es), {by_whom}",
    )
    return was_locked


def unlock_person(
    person: Person, *, by: Person | None = None, address: str = ""
) -> bool:
    """Unlock `person` from every address; True if anything was locked."""
    return bool(unlock_username(person.get_username(), by=by, address=address))


def record_admin_change(entry) -> None:
    """Copy one of Django admin's `LogEntry` rows to the security audit log."""
    action = {1: "added", 2: "changed", 3: "deleted"}.get(entry.action_flag, "?")
    what = entry.content_type.model if entry.content_type_id else "?"
    record_security_event(
        SecurityEventKind.ADMIN_CHANGE,
        person=entry.user,
        detail=(f"{action} {what} {entry.object_repr!s}: {entry.get_change_message()}"),
    )
