import datetime as dt

import pytest
import time_machine

from fazhi.directory.models import Scope
from fazhi.directory.selectors import people_with_role, roles_at, units_visible_to

from .factories import AssignmentFactory, PersonFactory, RoleFactory, UnitFactory

pytestmark = pytest.mark.django_db


def test_a_town_officer_cannot_see_another_towns_units(demo_district):
    visible = units_visible_to(demo_district.town_officer)
    assert demo_district.taihe in visible
    assert demo_district.renhe not in visible
    assert not visible.filter(path__startswith=demo_district.renhe.path).exists()


def test_a_town_officer_sees_the_villages_of_their_own_town(demo_district):
    visible = units_visible_to(demo_district.town_officer)
    taihe_villages = demo_district.taihe.children.all()
    assert taihe_villages.count() == 3
    assert set(taihe_villages) <= set(visible)
    assert {u.short_name for u in visible} == {"太和镇", "和龙村", "穗丰村", "谢家庄村"}


def test_a_subtree_scoped_district_role_sees_every_sub_unit(demo_district):
    visible = units_visible_to(demo_district.district_leader)
    everything = demo_district.district.__class__.objects.filter(
        tenant=demo_district.district
    )
    assert visible.count() == everything.count() == 63
    assert demo_district.mediation_committee in visible


def test_a_unit_scoped_role_sees_only_its_unit(demo_district):
    visible = units_visible_to(demo_district.legal_officer)
    assert list(visible) == [demo_district.justice_bureau]
    assert demo_district.legal_aid_office not in visible


def test_a_person_without_assignments_sees_nothing():
    assert not units_visible_to(PersonFactory()).exists()


def test_an_assignment_outside_its_dates_gives_no_visibility():
    town = UnitFactory(name="某镇")
    assignment = AssignmentFactory(
        unit=town, valid_from=dt.date(2020, 1, 1), valid_to=dt.date(2020, 12, 31)
    )
    with time_machine.travel(dt.date(2020, 6, 1), tick=False):
        assert list(units_visible_to(assignment.person)) == [town]
    with time_machine.travel(dt.date(2021, 1, 1), tick=False):
        assert not units_visible_to(assignment.person).exists()


def test_people_with_role_finds_holders_at_the_unit_and_from_above(demo_district):
    village = demo_district.taihe.children.first()
    officers = people_with_role("town_officer", village)
    assert list(officers) == [demo_district.town_officer]
    assert demo_district.town_officer2 not in people_with_role("town_officer", village)


def test_people_with_role_includes_a_district_wide_dispatcher(demo_district):
    assert demo_district.dispatcher in people_with_role(
        "dispatcher", demo_district.renhe
    )


def test_people_with_role_skips_inactive_people():
    unit = UnitFactory()
    assignment = AssignmentFactory(unit=unit, role=RoleFactory(key="x"))
    assignment.person.is_active = False
    assignment.person.save()
    assert not people_with_role("x", unit).exists()


def test_roles_at_a_sub_unit_include_subtree_roles_from_above():
    town = UnitFactory(name="某镇")
    village = UnitFactory(name="某村", parent=town)
    person = PersonFactory()
    AssignmentFactory(
        person=person, unit=town, role=RoleFactory(key="chief"), scope=Scope.SUBTREE
    )
    AssignmentFactory(
        person=person, unit=town, role=RoleFactory(key="clerk"), scope=Scope.UNIT
    )
    assert roles_at(person, village) == {"chief"}
    assert roles_at(person, town) == {"chief", "clerk"}
