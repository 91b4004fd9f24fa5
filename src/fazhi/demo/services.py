"""Load the demo district (广州市白云区): units, roles, one user per role.

`load_demo_district()` is idempotent: units are matched by credit code, roles by key, users
by username, assignments and certificates by their natural keys. Nothing that exists is
changed, so a second run creates nothing and reports that.
"""

from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.contrib.auth.hashers import make_password
from django.db import transaction

from fazhi.directory.models import Assignment, Certificate, Person, Role, Scope, Unit

DATA_DIR = Path(__file__).resolve().parent / "data"
# One password for every demo account: the demo is for trying fazhi out, never production.
DEMO_PASSWORD = "baiyun-demo-2020"  # noqa: S105


@dataclass
class LoadReport:
    """What a load created and what it found already there, per kind of thing."""

    created: Counter = field(default_factory=Counter)
    existing: Counter = field(default_factory=Counter)

    @property
    def changed(self) -> bool:
        return sum(self.created.values()) > 0

    def count(self, kind: str, created: bool) -> None:
        (self.created if created else self.existing)[kind] += 1


@dataclass(frozen=True)
class DemoLogin:
    username: str
    real_name: str
    role_key: str
    role_title: str
    unit_name: str


@cache
def district_data() -> dict[str, Any]:
    """Return the demo district's unit tree as read from `data/district.yaml`."""
    return yaml.safe_load((DATA_DIR / "district.yaml").read_text(encoding="utf-8"))[
        "district"
    ]


@cache
def cast_data() -> dict[str, Any]:
    """Return the roles and people of `data/cast.yaml`."""
    return yaml.safe_load((DATA_DIR / "cast.yaml").read_text(encoding="utf-8"))


@cache
def _demo_password_hash() -> str:
    # Hashing is deliberately slow (PBKDF2); one hash serves every demo account.
    return make_password(DEMO_PASSWORD)


def demo_logins() -> list[DemoLogin]:
    """Return the demo accounts (from the data files, no database needed)."""
    titles = {r["key"]: r["title"] for r in cast_data()["roles"]}
    return [
        DemoLogin(
            p["username"], p["real_name"], p["role"], titles[p["role"]], p["unit"]
        )
        for p in cast_data()["people"]
    ]


@transaction.atomic
def load_demo_district() -> LoadReport:
    """Create the demo district, its roles and its demo users where they are absent.

    Returns a `LoadReport`; `report.changed` is False when everything already existed.
    Raises `ValidationError` if a unit in the data has an invalid credit code.
    """
    report = LoadReport()
    units: dict[str, Unit] = {}
    _load_unit(district_data(), None, units, report)
    roles = {}
    for row in cast_data()["roles"]:
        roles[row["key"]], created = Role.objects.get_or_create(
            key=row["key"],
            defaults={"title": row["title"], "description": row.get("description", "")},
        )
        report.count("roles", created)
    for row in cast_data()["people"]:
        _load_person(row, units, roles, report)
    return report


def _load_unit(
    row: dict, parent: Unit | None, units: dict[str, Unit], report: LoadReport
) -> None:
    unit = Unit.objects.filter(credit_code=row["credit_code"]).first()
    created = unit is None
    if created:
        unit = Unit(
            credit_code=row["credit_code"],
            credit_code_synthetic=row.get("synthetic", True),
            name=row["name"],
            short_name=row.get("short_name", ""),
            kind=row["kind"],
            parent=parent,
        )
        unit.full_clean()
        unit.save()
    report.count("units", created)
    units[row["name"]] = unit
    for child in row.get("children", []):
        _load_unit(child, unit, units, report)


def _load_person(
    row: dict, units: dict[str, Unit], roles: dict[str, Role], report: LoadReport
) -> None:
    unit = units[row["unit"]]
    person, created = Person.objects.get_or_create(
        username=row["username"],
        defaults={
            "real_name": row["real_name"],
            "unit": unit,
            "is_staff": row.get("superuser", False),
            "is_superuser": row.get("superuser", False),
        },
    )
    if created:
        person.password = _demo_password_hash()
        person.save(update_fields=["password"])
    report.count("users", created)
    _, created = Assignment.objects.get_or_create(
        person=person,
        role=roles[row["role"]],
        unit=units[row.get("at", row["unit"])],
        valid_from=None,
        defaults={"scope": row.get("scope", Scope.UNIT)},
    )
    report.count("assignments", created)
    if cert := row.get("certificate"):
        _, created = Certificate.objects.get_or_create(
            number=cert["number"],
            defaults={
                "holder": person,
                "issuing_body": cert["issuing_body"],
                "fields_of_law": cert["fields_of_law"],
                "valid_from": cert["valid_from"],
                "valid_to": cert["valid_to"],
            },
        )
        report.count("certificates", created)
