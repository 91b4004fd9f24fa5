"""Pytest fixtures with the demo district's named cast.

Enable in the root conftest.py with `pytest_plugins = ["fazhi.demo.testing"]`, then::

    def test_town_officer_sees_own_town(demo_district):
        assert demo_district.taihe in units_visible_to(demo_district.town_officer)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from fazhi.directory.models import Person, Unit

# Models are imported inside the functions: this module is a pytest plugin, loaded from the
# root conftest.py, possibly before Django is set up.

# Attribute name → full unit name in data/district.yaml.
NAMED_UNITS = {
    "district": "广州市白云区人民政府",
    "office": "广州市白云区人民政府办公室",
    "command_center": "白云区“令行禁止、有呼必应”综合指挥调度中心",
    "justice_bureau": "广州市白云区司法局",
    "legal_aid_office": "广州市白云区法律援助处",
    "market_bureau": "广州市白云区市场监督管理局",
    "petition_bureau": "广州市白云区信访局",
    "police": "广州市公安局白云区分局",
    "taihe": "太和镇人民政府",
    "renhe": "人和镇人民政府",
    "helong": "鹤龙街道办事处",
    "mediation_committee": "黄边片区人民调解委员会",
}


@dataclass
class DemoDistrict:
    """The loaded demo district: named units as attributes, users by username.

    `cast.legal_officer` is the demo user `legal_officer`; `cast.unit("区司法局")` finds a
    unit by its short or full name.
    """

    units: dict[str, Unit]
    users: dict[str, Person]

    def __getattr__(self, name: str):
        for table in ("units", "users"):
            if name in self.__dict__.get(table, {}):
                return self.__dict__[table][name]
        raise AttributeError(name)

    def unit(self, name: str) -> Unit:
        from django.db.models import Q

        from fazhi.directory.models import Unit

        return Unit.objects.get(Q(name=name) | Q(short_name=name))


def load_cast() -> DemoDistrict:
    """Load the demo district (idempotent) and return its named cast."""
    from fazhi.directory.models import Person, Unit

    from .services import load_demo_district

    load_demo_district()
    by_name = {u.name: u for u in Unit.objects.filter(name__in=NAMED_UNITS.values())}
    return DemoDistrict(
        units={attr: by_name[name] for attr, name in NAMED_UNITS.items()},
        users={
            p.username: p
            for p in Person.objects.filter(assignments__isnull=False).distinct()
        },
    )


@pytest.fixture
def demo_district(db) -> DemoDistrict:
    """The demo district 广州市白云区 with its units and one user per role."""
    return load_cast()
