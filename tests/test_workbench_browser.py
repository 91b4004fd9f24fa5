"""The workbench in a real browser: inbox with lights, a case with its record, acting on it."""

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from fazhi.demo.services import DEMO_PASSWORD, load_demo_district
from fazhi.directory.models import Person, Unit
from fazhi.procedures import engine
from fazhi.workdays.services import get_calendar

SCREENSHOTS = Path(__file__).resolve().parents[1] / "var" / "screenshots"
TZ = ZoneInfo("Asia/Shanghai")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(page, username):
    page.goto(page.base + "/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/accounts/home/")


def test_officer_sees_lights_and_replies_to_a_request(page):
    # given three disclosure requests at the district office: overdue, due soon, on time
    load_demo_district()
    officer = Person.objects.get(username="disclosure_officer")
    office = Unit.objects.get(name="广州市白云区人民政府办公室")
    today = timezone.localdate()
    calendar = get_calendar()
    # 7 working days to ask for corrections: 5 working days ago is due in 2 (yellow).
    opened = {
        "逾期": today - dt.timedelta(days=40),
        "临期": calendar.add_workdays(today, -5),
        "新收": today - dt.timedelta(days=1),
    }
    numbers = {}
    for name, day in opened.items():
        when = dt.datetime.combine(day, dt.time(10), tzinfo=TZ)
        case = engine.open_case(
            "disclosure_request",
            unit=office,
            actor=officer,
            data={"content": f"{name}的政府信息"},
            subject=f"申请公开{name}",
            at=when,
        )
        numbers[name] = case.number
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    # when the officer opens the workbench
    login(page, "disclosure_officer")
    page.goto(page.base + "/work/")
    rows = page.locator("table.wb-table tbody tr")
    assert rows.count() == 3
    assert "已逾期" in rows.nth(0).inner_text()
    assert "即将到期" in rows.nth(1).inner_text()
    assert "正常" in rows.nth(2).inner_text()
    page.screenshot(path=SCREENSHOTS / "workbench-inbox.png", full_page=True)

    # then the case page explains each deadline and offers the spec's actions
    page.get_by_role("link", name=numbers["新收"]).click()
    assert "个工作日" in page.locator(".deadlines").inner_text()
    page.get_by_text("作出答复", exact=True).first.click()
    page.get_by_label("答复类型（第三十六条）").select_option("provide")
    page.get_by_label("答复内容").fill("经审查，予以公开，详见附件。")
    page.get_by_role("button", name="作出答复").click()
    assert "已完成“作出答复”" in page.locator(".messages").inner_text()
    assert "已答复" in page.locator(".state-badge").inner_text()
    page.screenshot(path=SCREENSHOTS / "workbench-case.png", full_page=True)
