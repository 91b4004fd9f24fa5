"""`fazhi audit verify` on a demo-like database: every kind of tampering is caught.

The database holds the desk demo's calls (dispatched, answered, rated, returned: cases that
change unit), disclosure requests with assignees, files and running deadlines, and cases
loaded through the history import. Tampering is done as someone with database access would:
queryset updates and raw rows, never through the engine.
"""

from __future__ import annotations

import datetime as dt
import json
from contextlib import contextmanager
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from fazhi.procedures import audit, engine
from fazhi.procedures.anchoring import (
    LEAVES_SUFFIX,
    AnchorIndex,
    anchor_paths,
    anchors_dir,
    create_anchor,
)
from fazhi.procedures.audit import verify
from fazhi.procedures.models import (
    Attachment,
    Case,
    CaseLink,
    Deadline,
    Event,
    Notification,
)

TZ = ZoneInfo("Asia/Shanghai")


def at(y, m, d, h=10):
    return dt.datetime(y, m, d, h, tzinfo=TZ)


@pytest.fixture
def record(demo_district, settings, tmp_path):
    """A small demo-like district: desk calls, staff cases, imported history."""
    settings.FAZHI_VAR_DIR = tmp_path / "var"
    settings.MEDIA_ROOT = tmp_path / "media"
    cast = demo_district
    call_command("demo", "calls", "--calls", "40", "--months", "2", "--seed", "7")
    with time_machine.travel(at(2020, 12, 31, 18), tick=False):
        officer = cast.disclosure_officer
        c = engine.open_case(
            "disclosure_request",
            unit=cast.office,
            actor=officer,
            data={"content": "预算文件"},
            subject="申请公开预算文件",
            applicant=engine.Applicant(
                name="张三", kind="person", code="", phone="13800001234"
            ),
            at=at(2020, 9, 30),
        )
        engine.act(
            c,
            "consult",
            actor=officer,
            data={"third_party": "某公司"},
            at=at(2020, 10, 9),
        )
        engine.assign(c, assignees=[officer], actor=officer)
        engine.attach(c, [engine.File("回执.pdf", b"%PDF receipt")], actor=officer)
    history = tmp_path / "history.jsonl"
    history.write_text(
        "\n".join(
            json.dumps(
                {
                    "procedure": "disclosure_request",
                    "unit": cast.office.credit_code,
                    "opened_at": "2020-09-30T10:00:00+08:00",
                    "subject": f"历史申请{i}",
                    "applicant": {"name": "李四", "phone": "13900005678"},
                    "data": {"content": f"文件{i}"},
                    "events": [
                        {
                            "action": "consult",
                            "actor": "旧系统用户",
                            "at": "2020-10-09T10:00:00+08:00",
                            "data": {"third_party": "某公司"},
                        }
                    ],
                },
                ensure_ascii=False,
            )
            for i in range(5)
        ),
        encoding="utf-8",
    )
    call_command("case", "import", str(history))
    return {"staff_case": Case.objects.get(pk=c.pk), "cast": cast}


def findings():
    anchor, breaks = AnchorIndex.latest()
    _n, found = verify(Case.objects.order_by("pk"), anchor=anchor, complete=True)
    return breaks + found


def a_call(**filters) -> Case:
    return (
        Case.objects.filter(procedure="hotline_order", **filters).order_by("pk").first()
    )


def test_untouched_database_is_clean_with_and_without_an_anchor(record, capsys):
    assert Case.objects.count() == 46
    assert findings() == []
    call_command("audit", "anchor")
    assert len(anchor_paths()) == 1
    call_command("audit", "verify")
    out = capsys.readouterr().out
    assert "46" in out
    assert findings() == []
    # New events are hashed in the scheme that covers the actor's name.
    for ev in Event.objects.filter(case=record["staff_case"]):
        assert audit.scheme_of(ev, record["staff_case"].number) == 2


def _fields(breaks, number):
    return {b.field for b in breaks if b.case_number == number}


def _case_moved_to_another_unit_is_caught(record, capsys):
    case = a_call(is_open=True)
    other = record["cast"].taihe
    assert case.unit_id != other.pk
    Case.objects.filter(pk=case.pk).update(unit=other)
    assert "unit_id" in _fields(findings(), case.number)


def _edited_state_is_caught(record, capsys):
    case = record["staff_case"]
    Case.objects.filter(pk=case.pk).update(state="replied")
    assert "state" in _fields(findings(), case.number)


def _edited_case_fields_are_caught(record, capsys):
    case = record["staff_case"]
    for field, value in [
        ("data", {"content": "别的文件", "third_party": "某公司"}),
        ("subject", "另一个事项"),
        ("applicant_phone", "13800009999"),
        ("applicant_name", "王五"),
    ]:
        with rolled_back():
            Case.objects.filter(pk=case.pk).update(**{field: value})
            assert field in _fields(findings(), case.number)


def _edited_phone_of_an_imported_case_is_caught(record, capsys):
    case = Case.objects.filter(subject="历史申请3").get()
    Case.objects.filter(pk=case.pk).update(applicant_phone="13900000000")
    assert "applicant_phone" in _fields(findings(), case.number)


def _edited_assignees_and_deadlines_are_caught(record, capsys):
    case = record["staff_case"]
    case.assignees.clear()
    running = case.deadlines.filter(status="running").first()
    Deadline.objects.filter(pk=running.pk).update(
        due_on=running.due_on + dt.timedelta(days=30)
    )
    fields = _fields(findings(), case.number)
    assert {"assignees", "deadlines"} <= fields


def _edited_actor_name_is_caught(record, capsys):
    case = record["staff_case"]
    Event.objects.filter(case=case, seq=2).update(actor_name="另一个人")
    breaks = [b for b in findings() if b.case_number == case.number]
    assert breaks[0].seq == 2
    assert "篡改" in breaks[0].problem


def _removed_last_event_with_the_head_moved_back_is_caught(record, capsys):
    case = a_call(state="closed") or a_call(is_open=False)
    last = case.events.order_by("-seq").first()
    previous = case.events.get(seq=last.seq - 1)
    last.delete()
    Case.objects.filter(pk=case.pk).update(
        version=previous.seq, head_hash=previous.hash
    )
    fields = _fields(findings(), case.number)
    assert "state" in fields or "last_event_at" in fields


def _rehashed_edit_is_caught_by_the_anchor_only(record, capsys):
    case = record["staff_case"]
    call_command("audit", "anchor")
    # Rename the actor of event 2 and recompute every hash after it, and the head.
    events = list(case.events.order_by("seq"))
    prev = events[0].hash
    for ev in events[1:]:
        if ev.seq == 2:
            ev.actor_name = "另一个人"
        ev.prev_hash = prev
        ev.hash = audit.event_hash(ev, case.number)
        Event.objects.filter(pk=ev.pk).update(
            actor_name=ev.actor_name, prev_hash=ev.prev_hash, hash=ev.hash
        )
        prev = ev.hash
    Case.objects.filter(pk=case.pk).update(head_hash=prev)
    _n, without_anchor = verify(Case.objects.order_by("pk"))
    assert without_anchor == []
    breaks = [b for b in findings() if b.case_number == case.number]
    assert [b.field for b in breaks] == ["anchor"]
    with pytest.raises(CommandError):
        call_command("audit", "verify")
    assert f"{case.number} 第{case.version}条记录" in capsys.readouterr().out


def _case_removed_since_the_anchor_is_caught(record, capsys):
    case = Case.objects.get(subject="历史申请2")
    call_command("audit", "anchor")
    Notification.objects.filter(case=case).delete()
    CaseLink.objects.filter(from_case=case).delete()
    CaseLink.objects.filter(to_case=case).delete()
    Attachment.objects.filter(case=case).delete()
    Deadline.objects.filter(case=case).delete()
    Event.objects.filter(case=case).delete()
    case.assignees.clear()
    Case.objects.filter(pk=case.pk).delete()
    breaks = findings()
    assert [(b.case_number, b.field) for b in breaks] == [(case.number, "anchor")]
    with pytest.raises(CommandError):
        call_command("audit", "verify")
    assert case.number in capsys.readouterr().out


def _events_removed_since_the_anchor_are_caught_even_with_a_consistent_row(
    record, capsys
):
    case = record["staff_case"]
    call_command("audit", "anchor")
    # Drop the attach step, which changed nothing but the files and the version.
    case.events.get(seq=case.version).delete()
    Attachment.objects.filter(case=case).delete()
    previous = case.events.get(seq=case.version - 1)
    Case.objects.filter(pk=case.pk).update(
        version=previous.seq, head_hash=previous.hash
    )
    fields = _fields(findings(), case.number)
    assert "anchor" in fields


def _a_forged_anchor_is_a_finding(record, capsys):
    path, _doc = create_anchor()
    leaves_file = path.with_name(path.stem + LEAVES_SUFFIX)
    leaves = json.loads(leaves_file.read_text())
    leaves["leaves"] = leaves["leaves"][1:]  # a case dropped from the anchor
    leaves_file.write_text(json.dumps(leaves))
    assert [b.field for b in findings()] == ["anchor"]
    summary = json.loads(path.read_text())
    summary["root"] = "0" * 64
    path.write_text(json.dumps(summary))
    assert [b.field for b in findings()] == ["anchor"]


def _an_old_scheme_record_still_verifies_but_cannot_be_downgraded(record, capsys):
    """Events written before scheme 2 (no marker, no opening block) verify as scheme 1."""
    case = record["staff_case"]
    events = list(case.events.order_by("seq"))
    prev = audit.GENESIS
    for ev in events:
        if ev.seq == 1:
            ev.data = {k: v for k, v in ev.data.items() if k != "opening"}
        ev.prev_hash = prev
        ev.hash = audit.event_hash(ev, case.number, scheme=1)
        Event.objects.filter(pk=ev.pk).update(
            data=ev.data, prev_hash=ev.prev_hash, hash=ev.hash
        )
        prev = ev.hash
    Case.objects.filter(pk=case.pk).update(head_hash=prev)
    assert findings() == []
    # A scheme-2 event followed by a scheme-1 one is refused.
    last = events[-1]
    events[0].hash = audit.event_hash(events[0], case.number, scheme=2)
    prev = events[0].hash
    Event.objects.filter(pk=events[0].pk).update(hash=prev)
    for ev in events[1:]:
        ev.prev_hash = prev
        ev.hash = audit.event_hash(ev, case.number, scheme=1)
        Event.objects.filter(pk=ev.pk).update(prev_hash=ev.prev_hash, hash=ev.hash)
        prev = ev.hash
    Case.objects.filter(pk=case.pk).update(head_hash=last.hash)
    breaks = [b for b in findings() if b.case_number == case.number]
    assert breaks[0].seq == 2


def _rehashed_nonsense_is_a_finding_not_a_crash(record, capsys):
    """A record rewritten into steps the procedure lacks, hashes recomputed: reported."""
    case = record["staff_case"]
    events = list(case.events.order_by("seq"))
    prev = events[0].hash
    for ev in events[1:]:
        if ev.seq == 2:
            ev.action, ev.data = "no_such_step", {"x": [1, {"y": None}]}
        ev.prev_hash = prev
        ev.hash = audit.event_hash(ev, case.number)
        Event.objects.filter(pk=ev.pk).update(
            action=ev.action, data=ev.data, prev_hash=ev.prev_hash, hash=ev.hash
        )
        prev = ev.hash
    Case.objects.filter(pk=case.pk).update(head_hash=prev)
    breaks = [b for b in findings() if b.case_number == case.number]
    assert len(breaks) == 1
    assert "无法重放" in breaks[0].problem


def _a_step_taken_during_verify_is_not_a_finding(record, capsys):
    """verify runs beside the live system: a step between its reads is re-read, not
    reported."""
    real_load, steps = audit._load, []

    def load_after_a_step(chunk):
        if not steps:
            case = Case.objects.get(pk=record["staff_case"].pk)
            officer = record["cast"].disclosure_officer
            steps.append(engine.assign(case, assignees=[officer], actor=officer))
        return real_load(chunk)

    audit._load = load_after_a_step
    try:
        assert findings() == []
    finally:
        audit._load = real_load
    assert steps


@contextmanager
def rolled_back():
    """Tamper, check, and put the database (and the anchors folder) back as it was."""
    sid = transaction.savepoint()
    try:
        yield
    finally:
        transaction.savepoint_rollback(sid)
        for path in anchors_dir().glob("*"):
            path.unlink()


ROW_TAMPERING = [
    _case_moved_to_another_unit_is_caught,
    _edited_state_is_caught,
    _edited_case_fields_are_caught,
    _edited_phone_of_an_imported_case_is_caught,
    _edited_assignees_and_deadlines_are_caught,
    _edited_actor_name_is_caught,
    _removed_last_event_with_the_head_moved_back_is_caught,
    _a_step_taken_during_verify_is_not_a_finding,
    _rehashed_nonsense_is_a_finding_not_a_crash,
]
ANCHOR_CHECKS = [
    _rehashed_edit_is_caught_by_the_anchor_only,
    _case_removed_since_the_anchor_is_caught,
    _events_removed_since_the_anchor_are_caught_even_with_a_consistent_row,
    _a_forged_anchor_is_a_finding,
    _an_old_scheme_record_still_verifies_but_cannot_be_downgraded,
]


def _run(scenarios, record, capsys):
    """Each scenario on the same database, rolled back after it (one setup, fast)."""
    for scenario in scenarios:
        with rolled_back():
            scenario(record, capsys)
        assert findings() == [], f"{scenario.__name__} left the database dirty"


def test_every_row_tampering_is_caught(record, capsys):
    _run(ROW_TAMPERING, record, capsys)


def test_anchors_catch_rewrites_and_removals(record, capsys):
    _run(ANCHOR_CHECKS, record, capsys)
