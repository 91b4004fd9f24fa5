"""The publishing workflow: draft → 保密审查 → publish now or at a set time → withdraw, on the
document's proactive-disclosure case (20 working days, 条例 art. 26)."""

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command

from fazhi.disclosure import publishing
from fazhi.disclosure.models import DocumentStatus
from fazhi.procedures.errors import ActionNotAllowed

from .penalty import at

NOW = at(2024, 6, 14, 10)


@pytest.fixture
def cast(demo_district):
    with time_machine.travel(NOW, tick=False):
        yield demo_district


def draft(cast, **fields):
    return publishing.create_draft(
        issuer=cast.office,
        actor=cast.disclosure_officer,
        title=fields.pop("title", "白云区2024年政务公开工作要点"),
        summary="年度政务公开工作安排",
        disclosure_category="other",
        written_on=fields.pop("written_on", dt.date(2024, 6, 13)),
        body="<p>一、总体要求</p>",
        **fields,
    )


def approved(cast, **fields):
    document = draft(cast, **fields)
    publishing.submit_for_review(document, actor=cast.disclosure_officer)
    publishing.approve(
        document, actor=cast.disclosure_chief, opinion="不涉密，同意公开"
    )
    return document


@pytest.mark.django_db
def test_a_draft_has_its_index_number_and_a_running_20_workday_clock(cast):
    document = draft(cast)
    assert document.index_number == f"{cast.office.credit_code}/2024-00001"
    case = publishing.current_case(document)
    assert case.procedure == "proactive_disclosure"
    assert case.state == "drafted"
    deadline = case.deadlines.get(name="publication")
    # 13 June 2024 + 20 working days (端午 10 June is before): 11 July
    assert deadline.due_on == dt.date(2024, 7, 11)


@pytest.mark.django_db
def test_review_then_publish_now_meets_the_deadline(cast):
    document = draft(cast)
    publishing.submit_for_review(document, actor=cast.disclosure_officer)
    assert document.status == DocumentStatus.REVIEW
    publishing.approve(document, actor=cast.disclosure_chief, opinion="同意公开")
    publishing.publish_now(document, actor=cast.disclosure_officer)
    document.refresh_from_db()
    assert document.status == DocumentStatus.PUBLISHED
    assert document.published_on == dt.date(2024, 6, 14)
    case = publishing.current_case(document)
    assert case.state == "published"
    assert case.data["index_number"] == document.index_number
    assert case.deadlines.get(name="publication").status == "met"


@pytest.mark.django_db
def test_nothing_is_published_without_the_confidentiality_review(cast):
    document = draft(cast)
    with pytest.raises(ActionNotAllowed):
        publishing.publish_now(document, actor=cast.disclosure_officer)
    document.refresh_from_db()
    assert document.status == DocumentStatus.DRAFT


@pytest.mark.django_db
def test_a_returned_document_is_a_draft_again(cast):
    document = draft(cast)
    publishing.submit_for_review(document, actor=cast.disclosure_officer)
    publishing.return_for_revision(
        document, actor=cast.disclosure_chief, opinion="删除内部人员名单"
    )
    assert document.status == DocumentStatus.DRAFT
    assert publishing.current_case(document).state == "drafted"


@pytest.mark.django_db
def test_only_staff_with_a_disclosure_role_at_the_issuer_may_draft(cast):
    with pytest.raises(publishing.PublishingError):
        publishing.create_draft(
            issuer=cast.market_bureau,
            actor=cast.town_officer,
            title="某文件",
            summary="概述",
            disclosure_category="other",
        )


@pytest.mark.django_db
def test_scheduled_publication_happens_when_due_and_only_once(cast):
    document = approved(cast)
    publishing.schedule_publication(
        document, actor=cast.disclosure_officer, at=at(2024, 6, 17, 9)
    )
    # before the time: nothing
    assert publishing.publish_due().published == []
    document.refresh_from_db()
    assert document.status == DocumentStatus.REVIEW
    # at the time: the command publishes it
    with time_machine.travel(at(2024, 6, 17, 9, 5), tick=False):
        call_command("publish", "due")
        document.refresh_from_db()
        assert document.status == DocumentStatus.PUBLISHED
        assert document.published_on == dt.date(2024, 6, 17)
        # a second run finds nothing to do
        assert publishing.publish_due().published == []


@pytest.mark.django_db
def test_a_schedule_in_the_past_is_refused(cast):
    document = approved(cast)
    with pytest.raises(publishing.PublishingError):
        publishing.schedule_publication(
            document, actor=cast.disclosure_officer, at=at(2024, 6, 13)
        )


@pytest.mark.django_db
def test_a_late_document_shows_overdue(cast, client):
    # given: information created on Monday 6 May 2024, still a draft on 14 June
    document = draft(cast, written_on=dt.date(2024, 5, 6))
    deadline = publishing.current_case(document).deadlines.get(name="publication")
    # 20 working days: 7-10 May, Saturday 11 May (a working day after 劳动节), 13-31 May
    assert deadline.due_on == dt.date(2024, 5, 31)
    # then: the engine's overdue list and the document page both say so
    from fazhi.procedures.selectors import overdue_deadlines

    assert deadline in overdue_deadlines(cast.disclosure_officer)
    client.force_login(cast.disclosure_officer)
    page = client.get(f"/work/disclosure/{document.pk}/").content.decode()
    assert "已逾期" in page or "overdue" in page


@pytest.mark.django_db
def test_withdrawal_leaves_a_tombstone_under_the_same_number(cast, client):
    document = approved(cast)
    publishing.publish_now(document, actor=cast.disclosure_officer)
    publishing.withdraw(document, actor=cast.disclosure_officer, reason="内容已过时")
    document.refresh_from_db()
    assert document.status == DocumentStatus.WITHDRAWN
    response = client.get(f"/documents/{document.index_number}/")
    assert response.status_code == 410
    assert "内容已过时" in response.content.decode()


@pytest.mark.django_db
def test_changing_a_published_document_restarts_the_clock(cast):
    document = approved(cast)
    publishing.publish_now(document, actor=cast.disclosure_officer)
    first = publishing.current_case(document)
    publishing.edit_document(
        document,
        actor=cast.disclosure_officer,
        title="白云区2024年政务公开工作要点（修订）",
    )
    second = publishing.current_case(document)
    assert second != first
    assert second.data["change"] == "changed"
    assert second.deadlines.get(name="publication").status == "running"
    document.refresh_from_db()
    assert document.status == DocumentStatus.PUBLISHED


@pytest.mark.django_db
def test_staff_pages_walk_the_workflow(cast, client):
    client.force_login(cast.disclosure_officer)
    response = client.post(
        "/work/disclosure/new/",
        {
            "issuer": cast.office.pk,
            "title": "关于开展政务公开体验区建设的通知",
            "summary": "体验区建设安排",
            "disclosure_category": "other",
            "disclosure_mode": "active",
            "written_on": "2024-06-14",
        },
    )
    assert response.status_code == 302
    url = response["Location"]
    page = client.get(url).content.decode()
    assert "提交保密审查" in page
    client.post(url + "steps/submit_review/", {"proposed_scope": "full"})
    client.force_login(cast.disclosure_chief)
    client.post(url + "steps/approve/", {"review_opinion": "同意"})
    client.force_login(cast.disclosure_officer)
    client.post(url + "steps/publish/", {"channel": "website"})
    listing = client.get("/work/disclosure/", {"status": "published"}).content.decode()
    assert "关于开展政务公开体验区建设的通知" in listing
    # a town officer does not see the office's documents
    client.force_login(cast.town_officer)
    assert client.get(url).status_code == 404
