import pytest
from django.urls import reverse
from django.utils import timezone

from fazhi.directory.models import LoginThrottle, Person, SecurityEvent

from .factories import PersonFactory, UnitFactory, verified_login

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    verified_login(
        client, PersonFactory(username="root", is_staff=True, is_superuser=True)
    )
    return client


def test_the_admin_is_in_chinese(admin_client):
    response = admin_client.get(reverse("admin:index"))
    text = response.content.decode()
    assert "法治白云 管理后台" in text
    assert "组织机构与人员" in text
    assert "行政执法证件" in text


def test_the_unlock_action_unlocks_selected_accounts(admin_client):
    locked = PersonFactory(username="locked")
    until = timezone.now() + timezone.timedelta(minutes=10)
    for address in ("198.51.100.1", "198.51.100.2"):
        LoginThrottle.objects.create(
            username="locked", address=address, failures=5, locked_until=until
        )
    changelist = admin_client.get(reverse("admin:directory_person_changelist"))
    assert 'alt="True"' in changelist.content.decode()
    response = admin_client.post(
        reverse("admin:directory_person_changelist"),
        {"action": "unlock", "_selected_action": [locked.pk]},
        follow=True,
    )
    assert "已解锁1个账号" in response.content.decode()
    assert not LoginThrottle.objects.filter(username="locked").exists()
    event = SecurityEvent.objects.get(kind="unlocked")
    assert (event.person, event.detail) == (locked, "2 locked address(es), by root")


def test_an_admin_cannot_set_a_weak_password(admin_client):
    response = admin_client.post(
        reverse("admin:directory_person_add"),
        {
            "username": "newclerk",
            "real_name": "新同事",
            "usable_password": "true",
            "password1": "12345678",
            "password2": "12345678",
        },
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "密码长度太短，至少需要10个字符" in text
    assert "这个密码太常见了" in text
    assert not Person.objects.filter(username="newclerk").exists()


def test_a_unit_with_a_bad_credit_code_is_refused_in_chinese(admin_client):
    response = admin_client.post(
        reverse("admin:directory_unit_add"),
        {"name": "测试局", "kind": "department", "credit_code": "11440111007502337A"},
    )
    assert "第18位校验码为“A”" in response.content.decode()


def test_the_unit_admin_lists_units(admin_client):
    UnitFactory(name="广州市白云区测试局")
    response = admin_client.get(reverse("admin:directory_unit_changelist"))
    assert "广州市白云区测试局" in response.content.decode()
