"""Tracking codes and the one public-case lookup (code, or phone digits within limits)."""

import importlib
import math

import pytest
from django.apps import apps
from django.core.cache import cache
from django.test import override_settings

from fazhi.procedures import engine, tracking
from fazhi.procedures.errors import InvalidData
from fazhi.procedures.models import Case
from fazhi.procedures.public import find_public_case, public_district

from .conftest import at

REQUEST = "disclosure_request"


@pytest.fixture(autouse=True)
def _empty_cache(db):
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def request_case(cast):
    return engine.open_case(
        REQUEST,
        unit=cast.office,
        actor=None,
        data={"content": "2020年道路维修资金安排", "delivery": "online"},
        applicant=engine.Applicant(name="张三", kind="person", phone="13800138000"),
        at=at(2020, 9, 21),
    )


def test_codes_are_random_unambiguous_and_strong_enough():
    codes = {tracking.new_code() for _i in range(2000)}
    assert len(codes) == 2000
    assert all(len(c) == tracking.LENGTH for c in codes)
    assert set("".join(codes)) <= set(tracking.ALPHABET)
    assert not set("01ILO") & set(tracking.ALPHABET)
    assert tracking.LENGTH * math.log2(len(tracking.ALPHABET)) >= 40


def test_codes_are_read_as_people_type_them():
    assert tracking.display("K7QM3XPA9") == "K7Q-M3X-PA9"
    for typed in (
        "k7q-m3x-pa9",
        " K7Q M3X PA9 ",
        "Ｋ７Ｑ－Ｍ３Ｘ－ＰＡ９",
        "k7qm3xpa9",
    ):
        assert tracking.matches("K7QM3XPA9", typed), typed
    assert not tracking.matches("K7QM3XPA9", "K7QM3XPA8")
    assert not tracking.matches("", "")  # a case without a code matches nothing


def test_public_procedures_get_a_code_and_staff_only_ones_do_not(cast, request_case):
    assert len(request_case.tracking_code) == tracking.LENGTH
    staff_only = engine.open_case(
        "reconsideration",
        unit=cast.justice_bureau,
        actor=cast.reconsideration_officer,
        data={
            "respondent": "某区直部门",
            "act_challenged": "罚款决定",
            "request": "撤销",
        },
        at=at(2020, 9, 21),
    )
    assert staff_only.tracking_code == ""
    # also when staff open a public procedure for someone (the applicant needs the code)
    by_staff = engine.open_case(
        REQUEST,
        unit=cast.office,
        actor=cast.disclosure_officer,
        data={"content": "窗口递交的申请"},
        at=at(2020, 9, 22),
    )
    assert by_staff.tracking_code
    # the code is not written into the record
    assert request_case.tracking_code not in str(request_case.events.get().data)


def test_existing_cases_get_codes_by_the_data_migration(cast, request_case):
    Case.objects.filter(pk=request_case.pk).update(tracking_code="")
    migration = importlib.import_module(
        "fazhi.procedures.migrations.0004_case_tracking_code"
    )
    migration.give_codes(apps, None)
    request_case.refresh_from_db()
    assert len(request_case.tracking_code) == tracking.LENGTH


def test_the_code_finds_the_case_and_says_so(cast, request_case):
    district = public_district()
    assert district == cast.district
    code = tracking.display(request_case.tracking_code).lower()
    found = find_public_case(
        district, request_case.number, procedure=REQUEST, code=code
    )
    assert found.case == request_case
    assert found.by_code
    assert not find_public_case(
        district, request_case.number, procedure=REQUEST, code="AAA-AAA-AAA"
    ).case
    # the right code of another procedure's number finds nothing
    assert not find_public_case(
        district, request_case.number, procedure="hotline_order", code=code
    ).case


def test_phone_digits_work_until_five_wrong_tries_close_the_number(cast, request_case):
    district = public_district()
    number = request_case.number
    found = find_public_case(district, number, procedure=REQUEST, phone_last4="8000")
    assert found.case == request_case
    assert not found.by_code
    results = [
        find_public_case(district, number, procedure=REQUEST, phone_last4=f"{i:04d}")
        for i in range(1, 6)
    ]
    assert [r.case for r in results] == [None] * 5
    assert results[-1].closed
    # now even the right digits are refused, the same way as for anyone
    closed = find_public_case(district, number, procedure=REQUEST, phone_last4="8000")
    assert closed.case is None
    assert closed.closed
    # the code still works: a stranger cannot lock the applicant out
    assert find_public_case(
        district, number, procedure=REQUEST, code=request_case.tracking_code
    ).case


def test_unknown_numbers_are_counted_and_closed_the_same_way(cast, request_case):
    district = public_district()
    unknown = "白云依申请〔2099〕9号"
    results = [
        find_public_case(district, unknown, procedure=REQUEST, phone_last4=f"{i:04d}")
        for i in range(1, 7)
    ]
    known = [
        find_public_case(
            district, request_case.number, procedure=REQUEST, phone_last4=f"{i:04d}"
        )
        for i in range(1, 7)
    ]
    assert [(r.case, r.closed) for r in results] == [(r.case, r.closed) for r in known]
    assert results[-1].closed


@override_settings(FAZHI_THROTTLE_PHONE_FAILURES_PER_NUMBER="off")
def test_the_phone_limit_can_be_switched_off(cast, request_case):
    district = public_district()
    for i in range(20):
        find_public_case(
            district, request_case.number, procedure=REQUEST, phone_last4=f"{i:04d}"
        )
    assert find_public_case(
        district, request_case.number, procedure=REQUEST, phone_last4="8000"
    ).case


def test_free_text_is_capped_by_the_engine(cast):
    with pytest.raises(InvalidData) as refused:
        engine.open_case(
            REQUEST,
            unit=cast.office,
            actor=None,
            data={"content": "查" * 10_001},
            at=at(2020, 9, 21),
        )
    assert "最多10000字" in str(refused.value.errors["content"]) or "10000" in str(
        refused.value.errors["content"]
    )
    with pytest.raises(InvalidData) as line:
        engine.open_case(
            REQUEST,
            unit=cast.office,
            actor=None,
            data={"content": "查", "contact": "路" * 501},
            at=at(2020, 9, 21),
        )
    assert "contact" in line.value.errors
    assert not Case.objects.exists()


def test_imported_cases_of_public_procedures_get_codes(cast):
    engine.import_cases(
        [
            {
                "procedure": REQUEST,
                "unit": cast.office.credit_code,
                "opened_at": "2020-09-30T10:00:00+08:00",
                "subject": "旧系统申请",
                "data": {"content": "文件"},
                "events": [],
            }
        ]
    )
    imported = Case.objects.get(procedure=REQUEST)
    assert len(imported.tracking_code) == tracking.LENGTH


def test_numbers_typed_with_full_width_digits_and_spaces_are_found(cast, request_case):
    typed = request_case.number.replace("2020", "２０２０").replace("〕", "〕 ")
    found = find_public_case(
        public_district(), typed, procedure=REQUEST, code=request_case.tracking_code
    )
    assert found.case == request_case
