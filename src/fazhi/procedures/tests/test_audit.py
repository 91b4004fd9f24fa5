"""Tamper detection: rows edited, deleted or reordered directly in the database are caught."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from fazhi.procedures import engine
from fazhi.procedures.audit import verify_case
from fazhi.procedures.models import Case

from .conftest import at


@pytest.fixture
def case(cast):
    officer = cast.disclosure_officer
    c = engine.open_case(
        "disclosure_request",
        unit=cast.office,
        actor=officer,
        data={"content": "预算文件"},
        at=at(2020, 9, 30),
    )
    engine.act(
        c, "consult", actor=officer, data={"third_party": "某公司"}, at=at(2020, 10, 9)
    )
    engine.act(
        c,
        "receive_opinion",
        actor=officer,
        data={"opinion": "consent"},
        at=at(2020, 10, 12),
    )
    engine.act(
        c,
        "reply",
        actor=officer,
        data={"reply_type": "provide", "reply_text": "予以公开"},
        at=at(2020, 10, 20),
    )
    return Case.objects.get(pk=c.pk)


def raw(sql, params=()):
    """Tamper as an attacker with database access would: plain SQL, no ORM."""
    with connection.cursor() as cur:
        cur.execute(sql, params)


def test_intact_record_verifies(case):
    assert verify_case(case) is None
    call_command("audit", "verify", "--case", case.number)


def test_edited_event_data_is_caught(case):
    raw(
        "UPDATE procedures_event SET data = %s WHERE case_id = %s AND seq = 4",
        ['{"reply_type": "refuse", "reply_text": "不予公开"}', case.pk],
    )
    problem = verify_case(case)
    assert problem.seq == 4
    assert "篡改" in problem.problem


def test_edited_time_is_caught(case):
    raw(
        "UPDATE procedures_event SET at = %s WHERE case_id = %s AND seq = 2",
        ["2020-10-08 02:00:00", case.pk],
    )
    assert verify_case(case).seq == 2


def test_deleted_event_in_the_middle_is_caught(case):
    raw("DELETE FROM procedures_event WHERE case_id = %s AND seq = 2", [case.pk])
    assert verify_case(case).seq == 3


def test_deleted_last_event_is_caught(case):
    raw("DELETE FROM procedures_event WHERE case_id = %s AND seq = 4", [case.pk])
    problem = verify_case(case)
    assert problem.seq is None
    assert "删除" in problem.problem


def test_reordered_events_are_caught(case):
    raw(
        "UPDATE procedures_event SET seq = 99 WHERE case_id = %s AND seq = 2", [case.pk]
    )
    raw("UPDATE procedures_event SET seq = 2 WHERE case_id = %s AND seq = 3", [case.pk])
    raw(
        "UPDATE procedures_event SET seq = 3 WHERE case_id = %s AND seq = 99", [case.pk]
    )
    assert verify_case(case).seq == 2


def test_verify_command_reports_the_first_broken_link_and_fails(case, capsys):
    raw(
        "UPDATE procedures_event SET actor_id = NULL WHERE case_id = %s AND seq = 3",
        [case.pk],
    )
    with pytest.raises(CommandError) as info:
        call_command("audit", "verify")
    out = capsys.readouterr().out
    assert f"{case.number} 第3条记录" in out
    assert "过程记录已被破坏" in str(info.value)
