"""Key pages in a real browser under the Content-Security-Policy: no violation, no script
error; and the admin's first login with a TOTP enrolment, end to end."""

import time

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from fazhi.demo.calls import generate_calls
from fazhi.demo.services import DEMO_PASSWORD, load_demo_district

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Runs before any page script; the listener itself is not subject to the page's CSP.
WATCH = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', e =>
  window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
"""


def _expected_404(message) -> bool:
    # The browser asks for /favicon.ico on its own; /no-such-page/ is a 404 on purpose.
    url = (message.location or {}).get("url", "")
    return message.text.startswith("Failed to load resource") and (
        url.endswith("/favicon.ico") or url.endswith("/no-such-page/")
    )


def watch(page):
    errors = []
    page.on(
        "console",
        lambda m: (
            errors.append(m.text)
            if m.type == "error" and not _expected_404(m)
            else None
        ),
    )
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.add_init_script(WATCH)
    return errors


def assert_clean(page, errors, what):
    page.wait_for_load_state("networkidle")
    violations = page.evaluate("window.__violations")
    assert violations == [], f"{what}: CSP violations {violations}"
    assert errors == [], f"{what}: console errors {errors}"


def login(page, username):
    page.goto(page.base + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("main button[type=submit]")


def test_key_pages_run_under_the_csp_without_violations(page):
    load_demo_district()
    generate_calls(12, months=2, seed=7)
    errors = watch(page)
    for path in ("/", "/library/", "/desk/call/", "/accounts/login/", "/no-such-page/"):
        page.goto(page.base + path)
        assert_clean(page, errors, path)
    # the workbench and the desk queue
    login(page, "dispatcher")
    page.wait_for_url("**/accounts/home/")
    for path in ("/work/", "/desk/"):
        page.goto(page.base + path)
        assert_clean(page, errors, path)
    # the command screen draws its charts with chart.js from a static file
    page.goto(page.base + "/accounts/home/")
    page.locator("form.inline-form button").first.click()
    login(page, "command_chief")
    page.wait_for_url("**/accounts/home/")
    page.goto(page.base + "/desk/screen/")
    page.wait_for_function("typeof Chart !== 'undefined'")
    page.wait_for_timeout(500)
    assert page.locator("canvas#c-monthly").bounding_box()["height"] > 100
    assert_clean(page, errors, "/desk/screen/")


def test_the_admin_enrols_a_device_on_first_login_and_opens_the_admin(page):
    load_demo_district()
    errors = watch(page)
    login(page, "admin")
    page.wait_for_url("**/accounts/two-factor/enrol/**")
    assert "设置双重验证登录" in page.content()
    assert page.locator("p.qr img").evaluate("img => img.naturalWidth") > 0
    assert_clean(page, errors, "enrolment")
    device = TOTPDevice.objects.get(user__username="admin", confirmed=False)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    page.fill("input[name=code]", f"{totp.token():06d}")
    page.click("main form button.button")
    page.wait_for_url("**/accounts/home/")
    page.goto(page.base + "/admin/")
    assert "法治白云 管理后台" in page.content()
    assert_clean(page, errors, "/admin/")
    page.goto(page.base + "/admin/directory/person/")
    assert_clean(page, errors, "/admin/directory/person/")
