"""The engine's refusals and guarantees: roles, states, fields, once-only, stale versions."""

import pytest
from django.db import connection

from fazhi.procedures import engine
from fazhi.procedures.errors import ActionNotAllowed, InvalidData, StaleVersion
from fazhi.procedures.models import Case, CaseLink, Event

from .conftest import at

RECON = {"respondent": "某区直部门", "act_challenged": "罚款决定", "request": "撤销"}


@pytest.fixture
def recon(cast):
    return engine.open_case(
        "reconsideration",
        unit=cast.justice_bureau,
        actor=cast.reconsideration_officer,
        data=RECON,
        subject="不服罚款",
        at=at(2020, 9, 21),
    )


def test_opening_numbers_cases_by_year(cast, recon):
    second = engine.open_case(
        "reconsideration",
        unit=cast.justice_bureau,
        actor=cast.reconsideration_officer,
        data=RECON,
        at=at(2020, 9, 22),
    )
    assert recon.number == "白云复〔2020〕1号"
    assert second.number == "白云复〔2020〕2号"
    assert recon.events.get().action == "open"


def test_wrong_role_is_refused_in_chinese_and_nothing_is_written(cast, recon):
    with pytest.raises(ActionNotAllowed) as info:
        engine.act(recon, "accept", actor=cast.town_officer, at=at(2020, 9, 23))
    assert info.value.code == "wrong_role"
    assert "行政复议工作人员" in info.value.message
    recon.refresh_from_db()
    assert (recon.state, recon.version, recon.events.count()) == ("received", 1, 1)


def test_opening_needs_a_role_at_the_unit(cast):
    with pytest.raises(ActionNotAllowed):
        engine.open_case(
            "reconsideration",
            unit=cast.justice_bureau,
            actor=cast.town_officer,
            data=RECON,
        )


def test_missing_required_field_is_refused_naming_it(cast, recon):
    with pytest.raises(InvalidData) as info:
        engine.act(
            recon, "reject", actor=cast.reconsideration_officer, at=at(2020, 9, 23)
        )
    assert info.value.field == "reason"
    assert info.value.message == "请填写不予受理理由。"


def test_bad_choice_and_unknown_field_are_refused(cast, recon):
    officer = cast.reconsideration_officer
    engine.act(recon, "accept", actor=officer, at=at(2020, 9, 23))
    with pytest.raises(InvalidData) as info:
        engine.act(
            recon,
            "decide",
            actor=cast.district_leader,
            data={"decision_type": "maybe", "summary": "x"},
            at=at(2020, 10, 23),
        )
    assert "请从以下选项中选择" in info.value.errors["decision_type"]
    with pytest.raises(InvalidData) as info:
        engine.act(
            recon, "send_copy", actor=officer, data={"sent_to": "x"}, at=at(2020, 9, 24)
        )
    assert "sent_to" in info.value.errors


def test_action_from_the_wrong_state_is_refused(cast, recon):
    with pytest.raises(ActionNotAllowed) as info:
        engine.act(
            recon, "resume", actor=cast.reconsideration_officer, at=at(2020, 9, 23)
        )
    assert info.value.code == "wrong_state"
    assert "收到申请" in info.value.message


def test_once_only_action_cannot_be_repeated(cast, recon):
    officer = cast.reconsideration_officer
    engine.act(recon, "accept", actor=officer, at=at(2020, 9, 23))
    engine.act(recon, "send_copy", actor=officer, at=at(2020, 9, 24))
    with pytest.raises(ActionNotAllowed) as info:
        engine.act(recon, "send_copy", actor=officer, at=at(2020, 9, 25))
    assert info.value.code == "once_only"


def test_stale_version_is_refused_and_nothing_half_written(cast, recon):
    mine = Case.objects.get(pk=recon.pk)
    theirs = Case.objects.get(pk=recon.pk)
    engine.act(theirs, "accept", actor=cast.reconsideration_officer, at=at(2020, 9, 23))
    with pytest.raises(StaleVersion) as info:
        engine.act(
            mine,
            "reject",
            actor=cast.reconsideration_officer,
            data={"reason": "超过申请期限"},
            at=at(2020, 9, 23),
        )
    assert "刚刚已被他人办理" in info.value.message
    recon.refresh_from_db()
    assert (recon.state, recon.version) == ("accepted", 2)
    assert list(recon.events.values_list("action", flat=True)) == ["open", "accept"]


def test_expected_version_from_a_form_is_checked(cast, recon):
    with pytest.raises(StaleVersion):
        engine.act(
            recon,
            "accept",
            actor=cast.reconsideration_officer,
            expected_version=7,
            at=at(2020, 9, 23),
        )


def test_backfilled_step_records_when_it_happened_and_when_it_was_entered(cast, recon):
    ev = engine.act(
        recon, "accept", actor=cast.reconsideration_officer, at=at(2020, 9, 23)
    )
    assert ev.at == at(2020, 9, 23)
    assert ev.recorded_at == at(2020, 12, 31, 18)
    assert ev.is_backfilled
    assert ev.recorded_by == cast.reconsideration_officer


def test_steps_cannot_go_back_in_time(cast, recon):
    with pytest.raises(InvalidData):
        engine.act(
            recon, "accept", actor=cast.reconsideration_officer, at=at(2020, 9, 1)
        )


def test_final_state_closes_the_case_and_its_deadlines(cast, recon):
    engine.act(
        recon,
        "reject",
        actor=cast.reconsideration_officer,
        data={"reason": "不属于受理范围"},
        at=at(2020, 9, 23),
    )
    recon.refresh_from_db()
    assert recon.is_open is False
    assert recon.closed_at == at(2020, 9, 23)
    assert set(recon.deadlines.values_list("status", flat=True)) == {"met"}


def test_resume_returns_to_the_track_the_case_was_on(demo_district):
    import time_machine

    with time_machine.travel(at(2024, 6, 30), tick=False):
        officer = demo_district.reconsideration_officer
        case = engine.open_case(
            "reconsideration",
            unit=demo_district.justice_bureau,
            actor=officer,
            data=RECON,
            at=at(2024, 3, 1),
        )
        engine.act(
            case,
            "accept_simple",
            actor=officer,
            data={"ground": "disclosure"},
            at=at(2024, 3, 4),
        )
        engine.act(
            case,
            "suspend",
            actor=officer,
            data={"ground": "mediation"},
            at=at(2024, 3, 5),
        )
        engine.act(case, "resume", actor=officer, at=at(2024, 3, 12))
    assert case.state == "accepted_simple"


def test_follow_up_case_is_linked_both_ways(cast, recon):
    follow = engine.open_case(
        "disclosure_request",
        unit=cast.office,
        actor=cast.disclosure_officer,
        data={"content": "复议相关文件"},
        at=at(2020, 9, 22),
        parent=recon,
    )
    link = CaseLink.objects.get()
    assert (link.from_case, link.to_case) == (recon, follow)


def test_only_the_engine_writes_case_state_and_no_code_edits_events():
    """House rule: Case.state is written by the engine only (engine.py, and history.py which
    replays old cases through it); Event rows are never updated."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    offenders = []
    for path in root.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        in_engine = path.parent.name == "procedures" and path.name in (
            "engine.py",
            "history.py",
        )
        if not in_engine and re.search(r"\.state\s*=(?!=)|update\(\s*state=", text):
            offenders.append(str(path.relative_to(root)))
        if re.search(r"Event\.objects\.[^\n]*\.(update|delete)\(", text):
            offenders.append(str(path.relative_to(root)))
    assert offenders == []


def test_transition_is_a_handful_of_queries(cast, recon, django_assert_max_num_queries):
    with django_assert_max_num_queries(14):
        engine.act(
            recon, "accept", actor=cast.reconsideration_officer, at=at(2020, 9, 23)
        )


def test_engine_writes_in_one_transaction(cast, recon, monkeypatch):
    """A failure after the case row is updated leaves neither the state nor the event."""
    from fazhi.procedures import engine as eng

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(eng, "_apply_deadlines", boom)
    with pytest.raises(RuntimeError):
        engine.act(
            recon, "accept", actor=cast.reconsideration_officer, at=at(2020, 9, 23)
        )
    fresh = Case.objects.get(pk=recon.pk)
    assert (fresh.state, fresh.version) == ("received", 1)
    assert Event.objects.filter(case=recon).count() == 1
    assert connection.in_atomic_block  # the test's own transaction is still usable


def test_the_case_keeps_its_nearest_running_due_time(cast, recon):
    from fazhi.procedures.models import Deadline

    def nearest(case):
        running = Deadline.objects.filter(case=case, status="running", kind="limit")
        return min((d.due_at for d in running), default=None)

    officer = cast.reconsideration_officer
    recon.refresh_from_db()
    assert recon.next_due_at == nearest(recon) is not None
    engine.act(recon, "accept", actor=officer, at=at(2020, 9, 23))
    engine.act(recon, "send_copy", actor=officer, at=at(2020, 9, 24))
    engine.act(
        recon, "suspend", actor=officer, data={"reason": "另案"}, at=at(2020, 9, 28)
    )
    recon.refresh_from_db()
    assert recon.next_due_at == nearest(recon)
    engine.act(
        recon,
        "terminate",
        actor=officer,
        data={"reason": "申请人撤回"},
        at=at(2020, 10, 9),
    )
    recon.refresh_from_db()
    assert recon.next_due_at is None
