"""The workbench as a user sees it: inbox with lights, case page, forms from the spec."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from fazhi.procedures import engine
from fazhi.procedures.models import Case

TZ = ZoneInfo("Asia/Shanghai")


def at(y, m, d, h=10):
    return dt.datetime(y, m, d, h, tzinfo=TZ)


@pytest.fixture
def frozen():
    with time_machine.travel(at(2020, 10, 14, 9), tick=False):
        yield


@pytest.fixture
def cases(demo_district, frozen):
    """Three disclosure requests: one overdue, one due soon, one with time to spare."""
    officer = demo_district.disclosure_officer
    made = []
    for day in (dt.date(2020, 9, 1), dt.date(2020, 9, 30), dt.date(2020, 10, 13)):
        made.append(
            engine.open_case(
                "disclosure_request",
                unit=demo_district.office,
                actor=officer,
                data={"content": f"{day}的申请"},
                subject=f"申请 {day}",
                at=at(day.year, day.month, day.day),
            )
        )
    return made


def test_inbox_sorts_by_nearest_deadline_with_lights(
    client, demo_district, cases, django_assert_max_num_queries
):
    client.force_login(demo_district.disclosure_officer)
    with django_assert_max_num_queries(12):
        response = client.get("/work/")
    html = response.content.decode()
    assert response.status_code == 200
    first, second, third = (html.index(c.number) for c in cases)
    assert first < second < third
    assert html.count("已逾期") >= 1
    assert "即将到期" in html
    assert "正常" in html


def test_inbox_hides_other_units_cases(client, demo_district, cases):
    client.force_login(demo_district.town_officer)
    html = client.get("/work/").content.decode()
    assert cases[0].number not in html
    assert "暂无案件" in html


def test_inbox_paginates(client, demo_district, frozen):
    officer = demo_district.disclosure_officer
    for i in range(30):
        engine.open_case(
            "disclosure_request",
            unit=demo_district.office,
            actor=officer,
            data={"content": f"申请{i}"},
            at=at(2020, 10, 9),
        )
    client.force_login(officer)
    html = client.get("/work/").content.decode()
    assert "第1页，共2页" in html
    assert "第2页，共2页" in client.get("/work/?page=2").content.decode()


def test_case_page_shows_deadline_explanation_and_timeline(
    client, demo_district, cases
):
    client.force_login(demo_district.disclosure_officer)
    html = client.get(f"/work/cases/{cases[1].number}/").content.decode()
    assert (
        "答复期限 2020-11-04：2020-09-30收到申请，20个工作日，跳过10月1日至8日假期"
        in html
    )
    assert "全过程记录" in html
    assert "登记立案" in html
    assert "作出答复" in html  # an action form generated from the spec


def test_other_unit_cannot_open_the_case_page(client, demo_district, cases):
    client.force_login(demo_district.town_officer)
    assert client.get(f"/work/cases/{cases[1].number}/").status_code == 404


def test_action_form_validates_in_chinese_and_acts(client, demo_district, cases):
    case = cases[1]
    client.force_login(demo_district.disclosure_officer)
    url = f"/work/cases/{case.number}/act/reply/"
    response = client.post(url, {"version": case.version, "reply-reply_text": "见附件"})
    assert response.status_code == 400
    assert "这个字段是必填项" in response.content.decode()
    response = client.post(
        url,
        {
            "version": case.version,
            "reply-reply_type": "provide",
            "reply-reply_text": "予以公开",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == "replied"
    page = client.get(response["Location"]).content.decode()
    assert "已完成“作出答复”" in page


def test_stale_form_is_refused_with_a_clear_message(client, demo_district, cases):
    case = cases[1]
    client.force_login(demo_district.disclosure_officer)
    engine.act(
        case,
        "consult",
        actor=demo_district.disclosure_officer,
        data={"third_party": "某公司"},
        at=at(2020, 10, 13),
    )
    response = client.post(
        f"/work/cases/{case.number}/act/withdraw/", {"version": 1}, follow=True
    )
    assert "刚刚已被他人办理" in response.content.decode()
    assert Case.objects.get(pk=case.pk).state == "consulting"


def test_wrong_role_sees_no_action_and_cannot_post(client, demo_district, cases):
    case = cases[1]
    client.force_login(demo_district.disclosure_chief)
    html = client.get(f"/work/cases/{case.number}/").content.decode()
    assert "延长答复期限20个工作日" in html
    assert "作出答复</summary>" not in html


def test_open_a_case_from_the_workbench(client, demo_district, frozen):
    client.force_login(demo_district.reconsideration_officer)
    page = client.get("/work/cases/new/").content.decode()
    assert "行政复议" in page
    form = client.get("/work/cases/new/?procedure=reconsideration").content.decode()
    assert "被申请人" in form
    response = client.post(
        "/work/cases/new/",
        {
            "procedure": "reconsideration",
            "open-unit": demo_district.justice_bureau.pk,
            "open-subject": "不服罚款决定",
            "open-respondent": "区市场监督管理局",
            "open-act_challenged": "罚款5000元",
            "open-request": "撤销",
            "open-at": "2020-10-12T09:30",
        },
    )
    assert response.status_code == 302
    case = Case.objects.get(procedure="reconsideration")
    assert case.procedure_version == "2017"
    assert case.opened_at == at(2020, 10, 12, 9).replace(minute=30)
    assert case.deadlines.get(name="acceptance").due_on == dt.date(2020, 10, 19)


def test_open_form_reports_missing_fields(client, demo_district, frozen):
    client.force_login(demo_district.reconsideration_officer)
    response = client.post(
        "/work/cases/new/",
        {
            "procedure": "reconsideration",
            "open-unit": demo_district.justice_bureau.pk,
            "open-subject": "x",
        },
    )
    assert response.status_code == 400
    assert "这个字段是必填项" in response.content.decode()
    assert not Case.objects.exists()


def test_pages_need_login(client):
    assert client.get("/work/").status_code == 302
