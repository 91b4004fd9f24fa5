"""Enforcement publicity (双公示): a decided penalty is drafted with personal data hidden,
reviewed, published under an index number, and withdrawn when the decision is revoked."""

import csv
import io

import openpyxl
import pytest
import time_machine
from django.test import Client

from fazhi.disclosure import publicity
from fazhi.disclosure.models import DocumentStatus, PublicityRecord, PublicityStatus
from fazhi.disclosure.services import DisclosureError
from fazhi.procedures.errors import ActionNotAllowed

from .penalty import DECISION_NO, ID_NUMBER, PARTY, PHONE, at, decided_case, step


@pytest.fixture
def cast(demo_district):
    with time_machine.travel(at(2024, 6, 14, 16), tick=False):
        yield demo_district


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


@pytest.mark.django_db
def test_decision_is_drafted_with_personal_data_hidden(cast, capture):
    # given / when: the chief decides the case
    case = decided_case(cast, capture)
    # then: a draft waits for review, with the natural person's data hidden
    record = PublicityRecord.objects.get(case=case)
    assert record.status == PublicityStatus.DRAFT
    assert record.party_is_person
    kinds = {s["kind"] for s in record.spans}
    assert {"person_name", "id_number", "mobile"} <= kinds
    for secret in (PARTY, ID_NUMBER, PHONE):
        assert secret in record.original
        assert secret not in record.redacted
    assert "张某某" in record.redacted
    # the legal person's name, the agency and the decision number stay
    assert "广州市白云区和龙食品商行" in record.redacted
    assert "广州市白云区市场监督管理局" in record.redacted
    assert DECISION_NO in record.redacted


@pytest.mark.django_db
def test_a_legal_person_party_keeps_its_name(cast, capture):
    case = decided_case(
        cast, capture, party="广州市白云区某食品商行", summary="罚款三千元"
    )
    record = PublicityRecord.objects.get(case=case)
    assert not record.party_is_person
    assert "广州市白云区某食品商行" in record.redacted


@pytest.mark.django_db
def test_penalty_decision_is_published_redacted_and_withdrawn_after_revocation(
    cast, capture
):
    c = cast
    case = decided_case(c, capture)
    record = PublicityRecord.objects.get(case=case)
    # when: the officer approves the draft
    with capture(execute=True):
        document = publicity.approve_publicity(record, actor=c.enforcement_officer)
    # then: a public document with an index number and no personal data
    document.refresh_from_db()
    assert document.status == DocumentStatus.PUBLISHED
    assert document.index_number.startswith(c.market_bureau.credit_code + "/2024-")
    assert document.genre == "行政处罚决定"
    for secret in (PARTY, ID_NUMBER, PHONE):
        assert secret not in document.body
        assert secret not in document.title
    # and the publication deadline (7 working days) is met by the case's own step
    case.refresh_from_db()
    publication = case.deadlines.get(name="publication")
    assert publication.status == "met"
    assert case.events.filter(
        action="record_publication", data__where=document.index_number
    ).exists()
    # when: the decision is revoked on review
    with time_machine.travel(at(2024, 7, 1, 16), tick=False):
        step(capture, case, "revoke", c.enforcement_chief,
             {"cause": "reconsideration", "reason": "行政复议决定撤销"}, at(2024, 7, 1))  # fmt: skip
    # then: the document is withdrawn with the reason, its index number kept (tombstone)
    document.refresh_from_db()
    record.refresh_from_db()
    assert document.status == DocumentStatus.WITHDRAWN
    assert "行政复议决定撤销" in document.withdraw_reason
    assert record.status == PublicityStatus.WITHDRAWN
    withdrawal = case.deadlines.get(name="withdrawal")
    assert withdrawal.status == "met"
    # the public page is a tombstone under the same number
    response = Client().get(f"/documents/{document.index_number}/")
    assert response.status_code == 410


@pytest.mark.django_db
def test_reviewer_removes_a_false_span_and_adds_a_missed_name(cast, capture):
    c = cast
    summary = "当事人张建国在现场，另查明王小明之兄阿强参与经营，罚款人民币五万元。"
    case = decided_case(c, capture, summary=summary)
    record = PublicityRecord.objects.get(case=case)
    assert "阿强" in record.redacted  # a nickname the finder cannot know
    # when: the officer adds the missed name
    publicity.revise_spans(record, actor=c.enforcement_officer, add=["阿强"])
    # then: it is hidden everywhere
    assert "阿强" not in record.redacted
    # when: the officer removes the first span (the agency's decision says it may stay)
    first = record.spans[0]["text"]
    publicity.revise_spans(record, actor=c.enforcement_officer, remove=[0])
    assert first in record.redacted


@pytest.mark.django_db
def test_only_the_agencys_staff_may_approve(cast, capture):
    case = decided_case(cast, capture)
    record = PublicityRecord.objects.get(case=case)
    with pytest.raises(DisclosureError):
        publicity.approve_publicity(record, actor=cast.town_officer)
    # The legal reviewer belongs to the agency but may not record the publication.
    with pytest.raises(ActionNotAllowed):
        publicity.approve_publicity(record, actor=cast.enforcement_reviewer)
    record.refresh_from_db()
    assert record.status == PublicityStatus.DRAFT
    assert record.document is None


@pytest.mark.django_db
def test_a_changed_decision_is_withdrawn_and_drafted_again(cast, capture):
    c = cast
    case = decided_case(c, capture)
    first = PublicityRecord.objects.get(case=case)
    with capture(execute=True):
        publicity.approve_publicity(first, actor=c.enforcement_officer)
    step(capture, case, "change", c.enforcement_chief,
         {"cause": "self", "summary": "当事人张建国罚款人民币三万元"}, at(2024, 6, 14, 16))  # fmt: skip
    first.refresh_from_db()
    assert first.status == PublicityStatus.WITHDRAWN
    assert first.document.status == DocumentStatus.WITHDRAWN
    again = PublicityRecord.objects.get(case=case, status=PublicityStatus.DRAFT)
    assert "三万元" in again.redacted
    assert PARTY not in again.redacted
    assert case.deadlines.get(name="withdrawal_change").status == "met"


@pytest.mark.django_db
def test_export_lists_published_records_without_personal_data(cast, capture, client):
    c = cast
    case = decided_case(c, capture)
    record = PublicityRecord.objects.get(case=case)
    with capture(execute=True):
        document = publicity.approve_publicity(record, actor=c.enforcement_officer)
    client.force_login(c.enforcement_officer)
    # CSV
    response = client.get("/work/disclosure/publicity/export.csv", {"year": 2024})
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:2] == ["索引号", "决定书文号"]
    assert len(rows) == 2
    assert rows[1][0] == document.index_number
    assert rows[1][1] == DECISION_NO
    assert rows[1][5] == "张某某"
    for secret in (PARTY, ID_NUMBER, PHONE):
        assert secret not in text
    # XLSX
    response = client.get("/work/disclosure/publicity/export.xlsx", {"year": 2024})
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = list(wb.active.iter_rows(values_only=True))
    assert rows[1][0] == document.index_number
    # another year has none
    other = client.get("/work/disclosure/publicity/export.csv", {"year": 2023})
    assert len(list(csv.reader(io.StringIO(other.content.decode("utf-8-sig"))))) == 1


@pytest.mark.django_db
def test_export_command_writes_the_year(cast, capture, tmp_path):
    from django.core.management import call_command

    case = decided_case(cast, capture)
    record = PublicityRecord.objects.get(case=case)
    with capture(execute=True):
        document = publicity.approve_publicity(record, actor=cast.enforcement_officer)
    target = tmp_path / "out.xlsx"
    call_command(
        "publicity", "export", "--format", "xlsx", "--year", "2024", "-o", str(target)
    )
    rows = list(openpyxl.load_workbook(target).active.iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]] == [document.index_number]
    target = tmp_path / "out.csv"
    call_command("publicity", "export", "--year", "2023", "-o", str(target))
    assert len(target.read_text(encoding="utf-8-sig").strip().splitlines()) == 1
