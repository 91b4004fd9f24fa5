import base64
import re
import time

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from fazhi.core.two_factor import NOT_NEEDED_KEY
from fazhi.directory.models import Role, SecurityEvent
from fazhi.directory.tests.factories import (
    AssignmentFactory,
    PersonFactory,
    verified_login,
)

pytestmark = pytest.mark.django_db

LOGIN = reverse("core:login")
VERIFY = reverse("core:two-factor")
ENROL = reverse("core:two-factor-enrol")
PASSWORD = "a-long-test-password"


def code_for(device: TOTPDevice, *, later: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + later
    return f"{totp.token():06d}"


def password_login(client, person, next_url=""):
    data = {"username": person.username, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post(LOGIN, data)


@pytest.fixture
def superuser():
    person = PersonFactory(username="root", is_staff=True, is_superuser=True)
    person.set_password(PASSWORD)
    person.save()
    return person


@pytest.fixture
def marked_role_holder():
    role = Role.objects.create(
        key="records_keeper", title="档案管理员", requires_two_factor=True
    )
    person = PersonFactory(username="keeper")
    person.set_password(PASSWORD)
    person.save()
    AssignmentFactory(person=person, role=role)
    return person


def test_a_superuser_without_a_device_is_asked_to_enrol(client, superuser):
    response = password_login(client, superuser, next_url="/admin/")
    assert response["Location"] == f"{ENROL}?next=%2Fadmin%2F"
    # Until enrolled, every other page sends them back to the step.
    home = client.get(reverse("core:staff-home"))
    assert home["Location"].startswith(ENROL)
    assert client.get("/admin/")["Location"].startswith(ENROL)
    page = client.get(ENROL + "?next=/admin/").content.decode()
    assert "设置双重验证登录" in page
    assert 'src="data:image/svg+xml' in page
    device = TOTPDevice.objects.get(user=superuser, confirmed=False)
    secret = re.search(r'<code class="totp-secret">([A-Z2-7 ]+)</code>', page)[1]
    assert base64.b32decode(secret.replace(" ", "")) == device.bin_key


def test_enrolment_confirms_the_device_with_a_code(client, superuser):
    password_login(client, superuser)
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=superuser)
    wrong = client.post(
        ENROL, {"code": "000000" if code_for(device) != "000000" else "111111"}
    )
    assert "验证码不正确" in wrong.content.decode()
    device.refresh_from_db()
    device.throttle_reset()
    response = client.post(ENROL, {"code": code_for(device), "next": "/admin/"})
    assert response["Location"] == "/admin/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/").status_code == 200
    assert SecurityEvent.objects.filter(kind="2fa_enrolled", person=superuser).exists()


def test_a_badly_formed_code_is_refused_in_chinese(client, superuser):
    password_login(client, superuser)
    text = client.post(ENROL, {"code": "12ab"}).content.decode()
    assert "请输入身份验证器应用显示的6位数字" in text


def test_a_person_with_a_device_gives_the_code_after_the_password(client, superuser):
    device = TOTPDevice.objects.create(user=superuser, name="phone", confirmed=True)
    response = password_login(client, superuser)
    assert response["Location"].startswith(VERIFY)
    assert client.get("/work/")["Location"].startswith(VERIFY)
    text = client.post(VERIFY, {"code": code_for(device, later=-3600)}).content.decode()
    assert "验证码不正确" in text
    assert SecurityEvent.objects.filter(kind="2fa_failed", person=superuser).exists()
    device.refresh_from_db()
    device.throttle_reset()
    response = client.post(VERIFY, {"code": code_for(device)})
    assert response["Location"] == reverse("core:staff-home")
    assert client.get(reverse("core:staff-home")).status_code == 200


def test_wrong_codes_are_throttled(client, superuser):
    device = TOTPDevice.objects.create(user=superuser, name="phone", confirmed=True)
    password_login(client, superuser)
    client.post(VERIFY, {"code": code_for(device, later=-3600)})
    # Right away, even the right code waits: django-otp doubles the wait each time.
    text = client.post(VERIFY, {"code": code_for(device)}).content.decode()
    assert "验证码错误次数过多" in text


def test_the_next_address_cannot_lead_off_site(client, superuser):
    device = TOTPDevice.objects.create(user=superuser, name="phone", confirmed=True)
    password_login(client, superuser)
    response = client.post(
        VERIFY, {"code": code_for(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("core:staff-home")


def test_a_marked_role_requires_two_factor(client, marked_role_holder):
    response = password_login(client, marked_role_holder)
    assert response["Location"].startswith(ENROL)


def test_an_unmarked_role_does_not(client):
    role = Role.objects.create(key="clerk", title="经办人")
    person = PersonFactory(username="clerk")
    person.set_password(PASSWORD)
    person.save()
    AssignmentFactory(person=person, role=role)
    response = password_login(client, person)
    assert response["Location"] == reverse("core:staff-home")
    assert client.get(reverse("core:staff-home")).status_code == 200


def test_a_role_marked_later_catches_sessions_checked_before(
    client, marked_role_holder
):
    client.force_login(marked_role_holder)
    assert client.get(reverse("core:staff-home"))["Location"].startswith(ENROL)


def test_the_admin_wants_a_verified_device_for_superusers(client, superuser):
    client.force_login(superuser)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(ENROL)
    # Even were the session marked as needing no step, the admin site itself refuses.
    session = client.session
    session[NOT_NEEDED_KEY] = True
    session.save()
    response = client.get(reverse("admin:index"), follow=True)
    assert response.redirect_chain[-1][0].startswith(VERIFY)


def test_a_verified_superuser_opens_the_admin(client, superuser):
    verified_login(client, superuser)
    assert client.get(reverse("admin:index")).status_code == 200


def test_logging_out_is_open_during_the_step(client, superuser):
    password_login(client, superuser)
    response = client.post(reverse("core:logout"))
    assert response.status_code == 302
    assert client.get(reverse("core:staff-home"))["Location"].startswith(LOGIN)
