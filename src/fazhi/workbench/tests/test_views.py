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


def test_follow_up_case_is_opened_linked_from_the_case_page(client, demo_district):
    from fazhi.directory.models import Assignment, Role
    from fazhi.procedures.models import CaseLink

    officer = demo_district.reconsideration_officer
    # given an officer who also handles litigation, and a decided reconsideration
    Assignment.objects.create(
        person=officer,
        role=Role.objects.get(key="litigation_officer"),
        unit=demo_district.justice_bureau,
    )
    with time_machine.travel(at(2020, 12, 1), tick=False):
        case = engine.open_case(
            "reconsideration",
            unit=demo_district.justice_bureau,
            actor=officer,
            data={
                "respondent": "区市场监督管理局",
                "act_challenged": "罚款",
                "request": "撤销",
            },
            at=at(2020, 10, 12),
        )
        engine.act(case, "accept", actor=officer, at=at(2020, 10, 13))
        engine.act(
            case,
            "decide",
            actor=demo_district.reconsideration_chief,
            data={"decision_type": "uphold", "summary": "维持"},
            at=at(2020, 11, 20),
        )
        client.force_login(officer)
        # when the case page offers the follow-up and the officer opens it
        page = client.get(f"/work/cases/{case.number}/").content.decode()
        assert "开启关联案件" in page
        form = client.get(f"/work/cases/new/?procedure=litigation&parent={case.number}")
        assert f"新案件将与案件{case.number}关联" in form.content.decode()
        response = client.post(
            "/work/cases/new/",
            {
                "procedure": "litigation",
                "parent": case.number,
                "open-unit": demo_district.justice_bureau.pk,
                "open-subject": "不服复议决定起诉",
                "open-court": "白云区人民法院",
                "open-plaintiff": "某公司",
                "open-defendant": "白云区人民政府",
                "open-defendant_position": "co_defendant",
                "open-act_challenged": "复议维持决定",
            },
        )
        # then the new litigation case is linked to the reconsideration both ways
        assert response.status_code == 302
        link = CaseLink.objects.get()
        assert link.from_case == case
        assert link.to_case.procedure == "litigation"
        back = client.get(f"/work/cases/{link.to_case.number}/").content.decode()
    assert case.number in back


def test_staff_cannot_act_as_the_public(demo_district):
    """A rating meant for the caller is not offered to officers, whatever their unit."""
    from fazhi.procedures.errors import ActionNotAllowed

    with time_machine.travel(at(2020, 12, 1), tick=False):
        case = engine.open_case(
            "disclosure_request",
            unit=demo_district.office,
            actor=None,
            data={"content": "公众申请"},
            at=at(2020, 11, 2),
        )
        assert case.events.get().actor_name == "社会公众"
        with pytest.raises(ActionNotAllowed):
            engine.open_case(
                "disclosure_request",
                unit=demo_district.office,
                actor=demo_district.town_officer,
                data={"content": "x"},
            )


def test_assignees_are_named_recorded_and_filter_the_inbox(
    client, demo_district, cases
):
    case = cases[1]
    officer = demo_district.disclosure_officer
    client.force_login(officer)
    page = client.get(f"/work/cases/{case.number}/").content.decode()
    assert "可办理本案件的人员" in page
    response = client.post(
        f"/work/cases/{case.number}/assign/",
        {"version": case.version, "assignees": [officer.pk]},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert list(case.assignees.all()) == [officer]
    assert case.events.order_by("-seq").first().action == "set_assignees"
    mine = client.get("/work/?mine=1").content.decode()
    assert case.number in mine
    assert cases[0].number not in mine


def test_a_case_cannot_be_assigned_to_someone_who_cannot_act_on_it(
    demo_district, cases
):
    from fazhi.procedures.errors import InvalidData

    with pytest.raises(InvalidData) as info:
        engine.assign(
            cases[1],
            assignees=[demo_district.town_officer],
            actor=demo_district.disclosure_officer,
        )
    assert "没有办理该程序的角色" in info.value.message


def test_files_are_added_to_the_record_with_their_hash(
    client, demo_district, cases, settings, tmp_path
):
    import hashlib

    from django.core.files.uploadedfile import SimpleUploadedFile

    from fazhi.procedures.audit import verify_case

    settings.MEDIA_ROOT = tmp_path
    case = cases[1]
    client.force_login(demo_district.disclosure_officer)
    content = "申请材料扫描件".encode()
    response = client.post(
        f"/work/cases/{case.number}/files/",
        {
            "version": case.version,
            "files": SimpleUploadedFile("申请书.pdf", content, "application/pdf"),
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    event = case.events.order_by("-seq").first()
    digest = hashlib.sha256(content).hexdigest()
    assert event.action == "add_attachments"
    assert event.data["attachments"][0]["sha256"] == digest
    assert verify_case(case) is None
    attachment = case.attachments.get()
    download = client.get(f"/work/cases/{case.number}/files/{attachment.pk}/")
    assert b"".join(download.streaming_content) == content
    client.force_login(demo_district.town_officer)
    assert (
        client.get(f"/work/cases/{case.number}/files/{attachment.pk}/").status_code
        == 404
    )


def test_a_litigation_runs_from_the_service_date_entered_on_the_form(
    client, demo_district, frozen
):
    client.force_login(demo_district.litigation_officer)
    form = client.get("/work/cases/new/?procedure=litigation").content.decode()
    # the picker offers no day after today for a date of service
    assert 'name="open-served_on" max="2020-10-14"' in form
    fields = {
        "procedure": "litigation",
        "open-unit": demo_district.justice_bureau.pk,
        "open-subject": "不服罚款决定",
        "open-court": "广州铁路运输法院",
        "open-plaintiff": "某贸易有限公司",
        "open-defendant": "广州市白云区人民政府",
        "open-defendant_position": "sole",
        "open-act_challenged": "行政复议决定",
    }
    refused = client.post(
        "/work/cases/new/", {**fields, "open-served_on": "2020-10-15"}
    )
    assert refused.status_code == 400
    assert "日期不能晚于本步骤的日期（2020-10-14）" in refused.content.decode()
    assert not Case.objects.exists()
    response = client.post(
        "/work/cases/new/", {**fields, "open-served_on": "2020-10-09"}
    )
    assert response.status_code == 302
    defence = Case.objects.get(procedure="litigation").deadlines.get(name="defence")
    # 9 October + 15 days = 24 October (a Saturday) → Monday 26 October
    assert defence.due_on == dt.date(2020, 10, 26)
    page = client.get(response["Location"]).content.decode()
    assert "2020-10-09收到起诉状副本日期" in page
    # the case's data: a choice by its title, each field once
    assert "<td>单独被告</td>" in page
    assert "<td>sole</td>" not in page
    assert page.count(">收到起诉状副本日期</th>") == 1


def test_the_case_page_names_the_unit_a_call_was_dispatched_to(
    client, demo_district, frozen
):
    bureau = demo_district.units["market_bureau"]
    call = engine.open_case(
        "hotline_order",
        unit=demo_district.units["command_center"],
        actor=demo_district.dispatcher,
        data={
            "category": "help",
            "channel": "phone",
            "description": "小区门口路灯不亮",
        },
        at=at(2020, 10, 13),
    )
    engine.act(
        call,
        "dispatch_help",
        actor=demo_district.dispatcher,
        data={"handler": bureau.credit_code},
        at=at(2020, 10, 13, 11),
    )
    client.force_login(demo_district.dispatcher)
    page = client.get(f"/work/cases/{call.number}/").content.decode()
    assert f"<td>{bureau.name}（{bureau.credit_code}）</td>" in page
