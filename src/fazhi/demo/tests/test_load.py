import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from fazhi.demo.services import DEMO_PASSWORD, demo_logins, load_demo_district
from fazhi.directory.credit_code import is_valid_credit_code
from fazhi.directory.models import Assignment, Certificate, Person, Role, Unit, UnitKind

pytestmark = pytest.mark.django_db

STREETS = "三元里 松洲 景泰 同德 黄石 棠景 新市 同和 京溪 永平 嘉禾 均禾 石井 金沙 云城 鹤龙 白云湖 石门 龙归 大源"
TOWNS = "人和 太和 钟落潭 江高"


def test_the_demo_holds_baiyuns_24_towns_and_streets_by_name():
    load_demo_district()
    streets = set(
        Unit.objects.filter(kind=UnitKind.STREET).values_list("short_name", flat=True)
    )
    towns = set(
        Unit.objects.filter(kind=UnitKind.TOWN).values_list("short_name", flat=True)
    )
    assert streets == {f"{s}街" for s in STREETS.split()}
    assert towns == {f"{t}镇" for t in TOWNS.split()}
    assert Unit.objects.get(short_name="三元里街").name == "三元里街道办事处"
    assert Unit.objects.get(short_name="人和镇").name == "人和镇人民政府"


def test_the_demo_holds_about_thirty_district_departments():
    load_demo_district()
    departments = Unit.objects.filter(kind=UnitKind.DEPARTMENT)
    assert 28 <= departments.count() <= 32
    names = set(departments.values_list("name", flat=True))
    assert {
        "广州市白云区司法局",
        "广州市白云区市场监督管理局",
        "广州市白云区信访局",
    } <= names


def test_every_credit_code_is_valid_and_only_the_districts_is_real():
    load_demo_district()
    assert all(
        is_valid_credit_code(c)
        for c in Unit.objects.values_list("credit_code", flat=True)
    )
    real = Unit.objects.filter(credit_code_synthetic=False)
    assert [(u.name, u.credit_code) for u in real] == [
        ("广州市白云区人民政府", "11440111007502337T")
    ]


def test_every_unit_belongs_to_the_district():
    load_demo_district()
    district = Unit.objects.get(kind=UnitKind.DISTRICT)
    assert not Unit.objects.exclude(tenant=district).exists()
    assert Unit.objects.get(short_name="黄边片区人调委").parent.short_name == "鹤龙街"


def test_every_role_has_a_demo_user_who_can_log_in():
    load_demo_district()
    holders = set(Assignment.objects.values_list("role__key", flat=True))
    assert holders == set(Role.objects.values_list("key", flat=True))
    for login in demo_logins():
        assert authenticate(username=login.username, password=DEMO_PASSWORD), (
            login.username
        )


def test_both_enforcement_officers_hold_a_valid_certificate():
    load_demo_district()
    for username in ("enforcement_officer", "enforcement_officer2"):
        certificate = Certificate.objects.get(holder__username=username)
        assert certificate.is_valid_on(certificate.valid_from)


def test_only_the_admin_is_a_superuser():
    load_demo_district()
    assert list(
        Person.objects.filter(is_superuser=True).values_list("username", flat=True)
    ) == ["admin"]


def test_a_second_load_changes_nothing_and_says_so(capsys):
    call_command("demo", "load")
    first = capsys.readouterr().out
    counts = [m.objects.count() for m in (Unit, Role, Person, Assignment, Certificate)]
    call_command("demo", "load")
    second = capsys.readouterr().out
    assert "created 63 units, 24 roles, 26 users" in first
    assert "nothing changed" in second
    assert [
        m.objects.count() for m in (Unit, Role, Person, Assignment, Certificate)
    ] == counts


def test_a_second_load_keeps_changes_made_since(capsys):
    load_demo_district()
    Person.objects.filter(username="legal_officer").update(real_name="改过的名字")
    assert not load_demo_district().changed
    assert Person.objects.get(username="legal_officer").real_name == "改过的名字"


def test_the_load_prints_the_demo_logins(capsys):
    call_command("demo", "load")
    out = capsys.readouterr().out
    assert DEMO_PASSWORD in out
    assert "town_officer2" in out
    assert "http://127.0.0.1:8000/" in out
