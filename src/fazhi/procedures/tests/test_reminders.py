"""Daily reminders: one notification per due-soon or overdue deadline, never twice."""

import time_machine
from django.core import mail
from django.core.management import call_command

from fazhi.procedures import engine
from fazhi.procedures.models import Notification
from fazhi.procedures.services import remind

from .conftest import at


def test_remind_notifies_once_and_mails(demo_district):
    officer = demo_district.disclosure_officer
    officer.email = "zhang@example.org"
    officer.save(update_fields=["email"])
    with time_machine.travel(at(2020, 10, 1), tick=False):
        engine.open_case(
            "disclosure_request",
            unit=demo_district.office,
            actor=officer,
            data={"content": "文件"},
            at=at(2020, 9, 30),
        )
    # 2020-10-14: the correction notice (due 10-16) is within 3 working days.
    with time_machine.travel(at(2020, 10, 14, 8), tick=False):
        first = remind()
        again = remind()
    assert first["due_soon"] >= 1
    assert first["overdue"] == 0
    assert again == {"due_soon": 0, "overdue": 0, "mailed": 0}
    assert Notification.objects.filter(person=officer, kind="due_soon").count() == 1
    assert len(mail.outbox) == first["mailed"] >= 1
    assert "一次性告知补正期限将于2020-10-16届满" in mail.outbox[0].body
    # After the due date passes, one overdue notice follows, also only once.
    with time_machine.travel(at(2020, 10, 19, 8), tick=False):
        call_command("deadlines", "remind")
        call_command("deadlines", "remind")
    assert Notification.objects.filter(person=officer, kind="overdue").count() == 1


def test_overdue_and_due_soon_queries_respect_visibility(demo_district):
    from fazhi.procedures.selectors import due_soon_deadlines, overdue_deadlines

    with time_machine.travel(at(2020, 10, 1), tick=False):
        engine.open_case(
            "disclosure_request",
            unit=demo_district.office,
            actor=demo_district.disclosure_officer,
            data={"content": "文件"},
            at=at(2020, 9, 30),
        )
    with time_machine.travel(at(2020, 10, 19, 8), tick=False):
        assert overdue_deadlines(demo_district.disclosure_officer).count() == 1
        assert overdue_deadlines(demo_district.town_officer).count() == 0
    with time_machine.travel(at(2020, 10, 14, 8), tick=False):
        assert (
            due_soon_deadlines(demo_district.disclosure_officer, workdays=3).count()
            == 1
        )
        assert (
            due_soon_deadlines(demo_district.disclosure_officer, workdays=1).count()
            == 0
        )
