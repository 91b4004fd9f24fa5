"""Reads with a security meaning: who may see which unit, who holds which role."""

from datetime import date

from django.db.models import Q, QuerySet

from .models import Assignment, Person, Scope, Unit


def units_visible_to(person: Person, *, on: date | None = None) -> QuerySet[Unit]:
    """Return the units whose records `person` may see.

    A unit-scoped assignment shows that unit; a subtree-scoped one shows the unit and every
    unit below it. Superusers see every unit. Every list query of later apps filters by this.
    """
    if person.is_superuser:
        return Unit.objects.all()
    condition = Q(pk__in=[])
    for unit_id, path, scope in (
        Assignment.objects.current(on)
        .filter(person=person)
        .values_list("unit_id", "unit__path", "scope")
    ):
        condition |= (
            Q(path__startswith=path) if scope == Scope.SUBTREE else Q(pk=unit_id)
        )
    return Unit.objects.filter(condition)


def roles_at(person: Person, unit: Unit, *, on: date | None = None) -> set[str]:
    """Return the keys of the roles `person` holds at `unit` (directly or from above)."""
    ancestors = [int(i) for i in unit.path.strip("/").split("/") if i]
    return set(
        Assignment.objects.current(on)
        .filter(person=person)
        .filter(Q(unit=unit) | Q(unit_id__in=ancestors, scope=Scope.SUBTREE))
        .values_list("role__key", flat=True)
    )


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
