"""双公示 in a real browser: the officer reviews the highlighted redaction and publishes."""

from pathlib import Path

import pytest

from fazhi.demo.services import DEMO_PASSWORD, load_demo_district
from fazhi.directory.models import Person, Unit
from fazhi.disclosure.models import PublicityRecord
from fazhi.procedures import engine

SCREENSHOTS = Path(__file__).resolve().parents[1] / "var" / "screenshots"
OFFICERS = ["enforcement_officer", "enforcement_officer2"]
SUMMARY = (
    "当事人张建国（身份证号码440111198503152317，联系电话13812345678，"
    "住广州市白云区太和镇和龙村十三巷5号）在广州市白云区和龙食品商行销售超过保质期的食品，"
    "违反《中华人民共和国食品安全法》第三十四条第十项，罚款人民币五万元。"
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(page, username):
    page.goto(page.base + "/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/accounts/home/")


def decide_penalty():
    people = {p.username: p for p in Person.objects.filter(username__contains="enf")}
    unit = Unit.objects.get(name="广州市白云区市场监督管理局")
    case = engine.open_case(
        "penalty_case",
        unit=unit,
        actor=people["enforcement_officer"],
        data={
            "party": "张建国",
            "offence": "销售超过保质期的食品",
            "source": "complaint",
        },
    )
    officer, chief = people["enforcement_officer"], people["enforcement_chief"]
    for action, actor, data in [
        ("conclude_investigation", officer, {"officers": OFFICERS, "report": "证据确凿"}),
        ("notify", officer, {"intended": "罚款五万元"}),
        ("waive", officer, {"how": "waived"}),
        ("confirm_not_major", chief, {"reason": "不属于第五十八条情形"}),
        ("decide", chief, {"decision_no": "云市监罚决〔2024〕15号", "penalty": "fine",
                           "fine": "50000", "summary": SUMMARY}),
    ]:  # fmt: skip
        engine.act(case, action, actor=actor, data=data)
    return case


def test_officer_reviews_highlighted_redaction_and_publishes(page):
    # given: a decided penalty case (the draft is made after the decision commits)
    load_demo_district()
    case = decide_penalty()
    record = PublicityRecord.objects.get(case=case)
    # when: the officer opens the review page
    login(page, "enforcement_officer")
    page.goto(page.base + "/work/disclosure/publicity/")
    page.get_by_role("link", name=record.title).click()
    # then: the personal data is highlighted on the left, hidden on the right
    original = page.locator("#original")
    assert original.locator("mark.redact-person_name").first.inner_text() == "张建国"
    assert original.locator("mark.redact-id_number").count() == 1
    assert original.locator("mark.redact-mobile").count() == 1
    assert original.locator("mark.redact-address").count() == 1
    redacted = page.locator("#redacted").inner_text()
    assert "张某某" in redacted
    assert "440111198503152317" not in redacted
    assert "和龙食品商行" in redacted
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "publicity-review.png"), full_page=True)
    # when: the officer approves
    page.locator("button[name=do][value=approve]").click()
    # then: it is published under an index number, and the public page has no personal data
    record.refresh_from_db()
    number = record.document.index_number
    assert page.get_by_text(number).first.is_visible()
    page.goto(page.base + f"/documents/{number}/")
    body = page.locator("main").inner_text()
    assert "张某某" in body
    assert "张建国" not in body
    assert "13812345678" not in body
