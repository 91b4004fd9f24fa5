"""Reads with a security meaning: who may see which unit, who holds which role."""

from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import Assignment, Person, Scope, SecurityEvent, Unit


def _grants(person: Person, on: date | None) -> list[tuple[str, int, str, str]]:
    """The person's (role key, unit id, unit path, scope) valid on `on`.

    Kept on the Person object, so one request (whose user object is loaded anew) asks the
    database once however many permission checks it makes.
    """
    on = on or timezone.localdate()
    cache = person.__dict__.setdefault("_fazhi_grants", {})
    if on not in cache:
        cache[on] = list(
            Assignment.objects.current(on)
            .filter(person=person)
            .values_list("role__key", "unit_id", "unit__path", "scope")
        )
    return cache[on]


def holds_any_role(person: Person, *, on: date | None = None) -> bool:
    """Whether `person` acts for the government at all (has any current assignment)."""
    return bool(_grants(person, on))


def roles_held(person: Person, *, on: date | None = None) -> set[str]:
    """Return the keys of the roles `person` holds anywhere on `on` (today by default)."""
    return {role for role, _unit_id, _path, _scope in _grants(person, on)}


def units_visible_to(person: Person, *, on: date | None = None) -> QuerySet[Unit]:
    """Return the units whose records `person` may see.

    A unit-scoped assignment shows that unit; a subtree-scoped one shows the unit and every
    unit below it. Superusers see every unit. Every list query of later apps filters by this.
    """
    if person.is_superuser:
        return Unit.objects.all()
    return units_where_roles(person, roles=None, on=on)


def units_where_roles(
    person: Person, *, roles=None, on: date | None = None
) -> QuerySet[Unit]:
    """Return the units where `person` holds one of `roles` (any role when None): the
    assignment's unit, and every unit below it for a subtree-scoped assignment."""
    condition = Q(pk__in=[])
    for role, unit_id, path, scope in _grants(person, on):
        if roles is not None and role not in roles:
            continue
        condition |= (
            Q(path__startswith=path) if scope == Scope.SUBTREE else Q(pk=unit_id)
        )
    return Unit.objects.filter(condition)


def roles_at(person: Person, unit: Unit, *, on: date | None = None) -> set[str]:
    """Return the keys of the roles `person` holds at `unit` (directly or from above)."""
    return {
        role
        for role, unit_id, path, scope in _grants(person, on)
        if unit_id == unit.pk or (scope == Scope.SUBTREE and unit.path.startswith(path))
    }


def people_with_role(
    role: str, unit: Unit, *, on: date | None = None
) -> QuerySet[Person]:
    """Return the people who hold role `role` (a key) at `unit`, directly or from above."""
    ancestors = [int(i) for i in unit.path.strip("/").split("/") if i]
    return Person.objects.filter(
        pk__in=Assignment.objects.current(on)
        .filter(role__key=role, person__is_active=True)
        .filter(Q(unit=unit) | Q(unit_id__in=ancestors, scope=Scope.SUBTREE))
        .values("person_id")
    )


def current_assignments(
    person: Person, *, on: date | None = None
) -> QuerySet[Assignment]:
    """Return `person`'s assignments valid on `on` (today by default), with role and unit."""
    return (
        Assignment.objects.current(on)
        .filter(person=person)
        .select_related("role", "unit")
        .order_by("unit__path", "role__key")
    )


# Roles (besides superusers) that may read the security audit log.
AUDIT_READER_ROLES = frozenset({"admin"})


def may_read_audit_log(person: Person) -> bool:
    """Superusers and holders of an audit-reader role may read the security audit log."""
    if not person.is_authenticated:
        return False
    if person.is_superuser:
        return True
    return any(role in AUDIT_READER_ROLES for role, *_rest in _grants(person, None))


def security_events(*, kind: str = "", username: str = "") -> QuerySet[SecurityEvent]:
    """The security audit log, newest first, optionally of one kind or one username."""
    events = SecurityEvent.objects.select_related("person")
    if kind:
        events = events.filter(kind=kind)
    if username:
        events = events.filter(username__iexact=username.strip())
    return events.order_by("-at", "-pk")
