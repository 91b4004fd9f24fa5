"""企业呼 end to end in a real browser: file on the portal, dispatch, sign, reply, rate;
then the rates page and the command screen at 1920x1080 with the demo district's calls."""

from pathlib import Path

import pytest

from fazhi.demo.calls import ensure_handlers, generate_calls, load_demo_desk
from fazhi.demo.services import DEMO_PASSWORD, load_demo_district
from fazhi.desk.services import default_tenant
from fazhi.procedures.models import Case

SCREENSHOTS = Path(__file__).resolve().parents[1] / "var" / "screenshots"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WATER = (
    "我司位于太和镇穗丰村工业园，自本周一起厂区停水，供水管道破裂无人维修，"
    "生产线被迫停工，恳请水务部门尽快抢修恢复供水。"
)


def login(page, username):
    page.goto(page.base + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/accounts/home/")


def logout(page):
    page.context.clear_cookies()


def test_enterprise_call_is_routed_handled_answered_and_rated(page):
    # given the demo district with its catalogue and some months of calls
    load_demo_district()
    tenant = default_tenant()
    load_demo_desk(tenant)
    handlers = ensure_handlers(tenant)
    generate_calls(120, months=4, seed=7)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    # when an enterprise files a call on the public form
    page.goto(page.base + "/desk/call/enterprise/")
    page.fill("#id_organisation", "广州白云华丰五金制品有限公司")
    page.fill("#id_credit_code", "91440111MA59A1B2XA")
    page.fill("#id_name", "陈伟")
    page.fill("#id_phone", "13912345678")
    page.select_option("#id_matter", "water")
    page.select_option("#id_category", "help")
    page.fill("#id_subject", "厂区停水三天影响生产")
    page.fill("#id_description", WATER)
    page.screenshot(path=SCREENSHOTS / "desk-enterprise-form.png", full_page=True)
    page.click("button[name=submit]")
    if page.locator(".similar").count():  # similar open calls shown: file anyway
        page.screenshot(path=SCREENSHOTS / "desk-similar.png", full_page=True)
        page.click("button[name=submit]")
    number = page.locator("#call-number").inner_text().strip()
    assert number.startswith("云热线")
    code = page.locator("#tracking-code").inner_text().strip()  # e.g. K7Q-M3X-PA9
    page.screenshot(path=SCREENSHOTS / "desk-filed.png", full_page=True)
    case = Case.objects.get(number=number)

    # then the dispatcher sees it with the water bureau suggested, and dispatches it
    login(page, "dispatcher")
    page.goto(page.base + "/desk/")
    card = page.locator("article.call", has_text=number)
    assert "企业用水" in card.locator(".suggestions").inner_text()
    assert "区水务局" in card.locator(".suggestions").inner_text()
    card.scroll_into_view_if_needed()
    page.screenshot(path=SCREENSHOTS / "desk-queue.png", full_page=False)
    card.locator("button[type=submit]").click()
    case.refresh_from_db()
    assert case.state == "dispatched"
    assert case.unit.short_name == "区水务局"
    water_officer = handlers[case.unit_id]

    # and the water bureau signs and replies on the workbench
    logout(page)
    login(page, water_officer.username)
    page.goto(page.base + f"/work/cases/{number}/")
    page.get_by_text("签收", exact=True).first.click()
    page.locator("form[action$='/act/sign/'] button[type=submit]").click()
    page.wait_for_load_state()
    page.get_by_text("办结答复", exact=True).first.click()
    form = page.locator("form[action$='/act/reply/']")
    form.locator("select[name='reply-outcome']").select_option("solved")
    form.locator("textarea[name='reply-reply_text']").fill(
        "已组织抢修，11月3日恢复供水，并电话告知企业。"
    )
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    case.refresh_from_db()
    assert case.state == "replied"
    page.screenshot(path=SCREENSHOTS / "desk-case-replied.png", full_page=True)

    # and the enterprise rates the answer on the status page
    logout(page)
    page.goto(page.base + "/desk/status/")
    page.fill("#id_number", number)
    page.fill("#id_code", code.lower())  # typed in lower case, as people do
    page.locator("form.status-form button[type=submit]").click()
    assert (
        "已抢修" in page.locator(".answer").inner_text()
        or "恢复供水" in page.locator(".answer").inner_text()
    )
    page.locator("input[name=rating][value=satisfied]").check()
    page.screenshot(path=SCREENSHOTS / "desk-status-rate.png", full_page=True)
    page.locator("form.rate-form button[type=submit]").click()
    page.wait_for_load_state()
    case.refresh_from_db()
    assert case.state == "closed"
    assert "满意" in page.locator(".steps").inner_text()
    page.screenshot(path=SCREENSHOTS / "desk-status-closed.png", full_page=True)

    # and the rates page and the command screen show the district's calls
    login(page, "command_chief")
    page.goto(page.base + "/desk/rates/")
    assert page.locator(".kpi-value").first.inner_text() != "0"
    assert page.locator(".method").count() >= 3
    page.screenshot(path=SCREENSHOTS / "desk-rates.png", full_page=True)
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(page.base + "/desk/screen/")
    page.wait_for_function("typeof Chart !== 'undefined'")
    page.wait_for_timeout(500)
    assert page.locator("canvas#c-monthly").bounding_box()["height"] > 100
    month_calls = page.locator("[data-k=month_calls]").inner_text()
    assert int(month_calls) >= 1
    page.screenshot(path=SCREENSHOTS / "desk-screen.png")
