"""The foundation in a real browser: public home, staff login, staff home, in Chinese."""

from pathlib import Path

import pytest

from fazhi.demo.services import DEMO_PASSWORD, load_demo_district

SCREENSHOTS = Path(__file__).resolve().parents[1] / "var" / "screenshots"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_demo_user_logs_in_from_the_public_home_and_sees_their_roles(page):
    # given the demo district and the public home page, which needs no login
    load_demo_district()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(page.base + "/")
    assert page.locator(".site-name__text").inner_text() == "白云区法治政府建设平台"
    page.screenshot(path=SCREENSHOTS / "foundation-portal-home.png", full_page=True)

    # when a town officer follows the login link and logs in
    page.get_by_role("link", name="工作人员登录").first.click()
    page.get_by_label("用户名").fill("town_officer")
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()

    # then the staff home greets them in Chinese with their role and unit
    page.wait_for_url("**/accounts/home/")
    assert page.get_by_role("heading", level=1).inner_text() == "冯子健，您好"
    roles = page.locator("table.list").inner_text()
    assert "镇街经办人" in roles
    assert "太和镇人民政府" in roles
    assert page.get_by_role("link", name="工作台").first.is_visible()
    page.screenshot(path=SCREENSHOTS / "foundation-staff-home.png", full_page=True)

    # and logging out returns to the login page
    page.get_by_role("button", name="退出登录").click()
    page.wait_for_url("**/accounts/login/")


def test_a_wrong_password_shows_a_chinese_error(page):
    load_demo_district()
    page.goto(page.base + "/accounts/login/")
    page.get_by_label("用户名").fill("legal_officer")
    page.get_by_label("密码").fill("not-the-password")
    page.get_by_role("button", name="登录").click()
    assert "请输入一个正确的" in page.get_by_role("alert").inner_text()
    page.screenshot(path=SCREENSHOTS / "foundation-login-error.png", full_page=True)
