import pytest
from django.urls import reverse

from fazhi.directory.models import Role, SecurityEvent
from fazhi.directory.services import record_security_event
from fazhi.directory.tests.factories import (
    AssignmentFactory,
    PersonFactory,
    verified_login,
)

pytestmark = pytest.mark.django_db

AUDIT = reverse("core:audit")


@pytest.fixture
def events():
    record_security_event("login_failed", username="alice", address="198.51.100.1")
    record_security_event("login", username="alice", address="198.51.100.1")
    record_security_event("login_failed", username="bob", address="203.0.113.5")


@pytest.fixture
def admin_role_holder():
    role, _ = Role.objects.get_or_create(key="admin", defaults={"title": "系统管理员"})
    person = PersonFactory(username="sysadmin")
    AssignmentFactory(person=person, role=role)
    return person


def test_the_audit_log_is_for_superusers_and_the_admin_role(client, admin_role_holder):
    assert client.get(AUDIT)["Location"].startswith(reverse("core:login"))
    client.force_login(PersonFactory(username="clerk", is_staff=True))
    response = client.get(AUDIT)
    assert response.status_code == 403
    assert "无权访问" in response.content.decode()
    client.force_login(admin_role_holder)
    assert client.get(AUDIT).status_code == 200
    verified_login(client, PersonFactory(username="root", is_superuser=True))
    assert client.get(AUDIT).status_code == 200


def test_the_audit_log_filters_by_kind_and_username(client, admin_role_holder, events):
    client.force_login(admin_role_holder)
    text = client.get(AUDIT, {"kind": "login_failed"}).content.decode()
    assert "198.51.100.1" in text
    assert "203.0.113.5" in text
    assert "登录失败" in text
    text = client.get(
        AUDIT, {"kind": "login_failed", "username": "BOB"}
    ).content.decode()
    assert "203.0.113.5" in text
    assert "198.51.100.1" not in text


@pytest.mark.parametrize(
    "query",
    [
        {"kind": "nonsense"},
        {"page": "abc"},
        {"page": "0"},
        {"page": "9" * 30},
        {"username": "x" * 200},
        {"username": "a\x00b"},
    ],
)
def test_bad_query_values_get_a_chinese_message_not_a_500(
    client, admin_role_holder, query
):
    client.force_login(admin_role_holder)
    response = client.get(AUDIT, query)
    assert response.status_code == 400
    assert 'class="errorlist"' in response.content.decode()


def test_the_audit_log_is_paginated(client, admin_role_holder):
    for i in range(55):
        record_security_event("login", username=f"user{i:02d}")
    client.force_login(admin_role_holder)
    first = client.get(AUDIT, {"kind": "login"}).content.decode()
    assert "第1页，共2页" in first
    assert "kind=login&amp;page=2" in first
    beyond = client.get(AUDIT, {"kind": "login", "page": "7"}).content.decode()
    assert "第2页，共2页" in beyond


def test_admin_changes_go_to_the_audit_log(client):
    root = PersonFactory(username="root", is_staff=True, is_superuser=True)
    verified_login(client, root)
    client.post(
        reverse("admin:directory_role_add"),
        {"key": "auditor", "title": "审计员", "requires_two_factor": "on"},
    )
    assert Role.objects.get(key="auditor").requires_two_factor
    event = SecurityEvent.objects.get(kind="admin_change")
    assert event.person == root
    assert "added role" in event.detail
