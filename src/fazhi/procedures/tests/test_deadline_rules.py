"""Legal deadlines of the two first procedures, checked against the State Council calendar.

Each row: the procedure, the steps taken (action, date), and the due dates expected. A lawyer
can read and extend this table; the dates were counted by hand on the 2020 calendar
(National Day and Mid-Autumn: 1-8 October rest, Sunday 27 September and Saturday 10 October
working days).
"""

import datetime as dt

import pytest

from fazhi.procedures import engine

from .conftest import at

D = dt.date

# (case, procedure, unit attribute, opened, opening data, steps, {deadline: (status, due)})
DISCLOSURE_DATA = {"content": "2020年白云区城市更新项目批复文件"}
RECON_DATA = {
    "respondent": "某区直部门",
    "act_challenged": "罚款决定",
    "request": "撤销罚款决定",
}

TABLE = [
    (
        "received on 2020-09-30: 20 working days skip the National Day week",
        "disclosure_request",
        "office",
        at(2020, 9, 30),
        DISCLOSURE_DATA,
        [],
        {
            "correction_notice": ("running", D(2020, 10, 16)),
            "reply": ("running", D(2020, 11, 4)),
        },
    ),
    (
        "a completed request restarts the 20 working days from its receipt",
        "disclosure_request",
        "office",
        at(2020, 9, 30),
        DISCLOSURE_DATA,
        [
            (
                "disclosure_officer",
                "request_correction",
                at(2020, 10, 12),
                {"missing": "文号", "period_days": 10},
            ),
            ("disclosure_officer", "receive_correction", at(2020, 10, 20), {}),
        ],
        {
            "correction_notice": ("met", D(2020, 10, 16)),
            "reply": ("running", D(2020, 11, 17)),
        },
    ),
    (
        "third-party consultation is not counted (10-10 to 10-16 paused)",
        "disclosure_request",
        "office",
        at(2020, 9, 30),
        DISCLOSURE_DATA,
        [
            (
                "disclosure_officer",
                "consult",
                at(2020, 10, 9),
                {"third_party": "某公司"},
            ),
            (
                "disclosure_officer",
                "receive_opinion",
                at(2020, 10, 16),
                {"opinion": "consent"},
            ),
        ],
        {
            "reply": ("running", D(2020, 11, 12)),
            "third_party": ("met", D(2020, 10, 29)),
        },
    ),
    (
        "the head of the disclosure office extends the reply by 20 working days",
        "disclosure_request",
        "office",
        at(2020, 9, 30),
        DISCLOSURE_DATA,
        [("disclosure_chief", "extend", at(2020, 10, 30), {"reason": "涉及多个部门"})],
        {"reply": ("running", D(2020, 12, 2))},
    ),
    (
        "2017 law: acceptance in 5 working days counts Sunday 27 September",
        "reconsideration",
        "justice_bureau",
        at(2020, 9, 21),
        RECON_DATA,
        [],
        {"acceptance": ("running", D(2020, 9, 27))},
    ),
    (
        "2017 law: 60 calendar days from acceptance; copy in 7 working days; answer rolls past the holiday",
        "reconsideration",
        "justice_bureau",
        at(2020, 9, 21),
        RECON_DATA,
        [
            ("reconsideration_officer", "accept", at(2020, 9, 25), {}),
            ("reconsideration_officer", "send_copy", at(2020, 9, 28), {}),
        ],
        {
            "acceptance": ("met", D(2020, 9, 27)),
            "decision": ("running", D(2020, 11, 24)),
            "copy": ("met", D(2020, 10, 12)),
            "answer": ("running", D(2020, 10, 9)),
        },
    ),
    (
        "suspended 28 September, resumed 12 October: 14 days not counted",
        "reconsideration",
        "justice_bureau",
        at(2020, 9, 21),
        RECON_DATA,
        [
            ("reconsideration_officer", "accept", at(2020, 9, 25), {}),
            (
                "reconsideration_officer",
                "suspend",
                at(2020, 9, 28),
                {"reason": "需等待另案审理结果"},
            ),
            ("reconsideration_officer", "resume", at(2020, 10, 12), {}),
        ],
        {"decision": ("running", D(2020, 12, 8))},
    ),
    (
        "extension of 30 days approved by the head of the reconsideration organ",
        "reconsideration",
        "justice_bureau",
        at(2020, 9, 21),
        RECON_DATA,
        [
            ("reconsideration_officer", "accept", at(2020, 9, 25), {}),
            ("reconsideration_officer", "suspend", at(2020, 9, 28), {"reason": "另案"}),
            ("reconsideration_officer", "resume", at(2020, 10, 12), {}),
            ("district_leader", "extend", at(2020, 11, 20), {"reason": "案情复杂"}),
        ],
        {"decision": ("running", D(2021, 1, 7))},
    ),
]


@pytest.mark.parametrize(
    ("procedure", "unit", "opened", "data", "steps", "expected"),
    [row[1:] for row in TABLE],
    ids=[row[0] for row in TABLE],
)
def test_due_dates(cast, procedure, unit, opened, data, steps, expected):
    opener = (
        "disclosure_officer"
        if procedure == "disclosure_request"
        else "reconsideration_officer"
    )
    case = engine.open_case(
        procedure,
        unit=getattr(cast, unit),
        actor=getattr(cast, opener),
        data=data,
        at=opened,
    )
    for who, action, when, step_data in steps:
        engine.act(case, action, actor=getattr(cast, who), data=step_data, at=when)
    found = {}
    for d in case.deadlines.order_by("pk"):
        # The newest row of a name wins (a restart leaves the old one cancelled).
        found[d.name] = (d.status, d.due_on)
    for name, want in expected.items():
        assert found[name] == want, (name, found[name], want)


def test_explanation_names_the_start_the_period_and_the_holiday(cast):
    case = engine.open_case(
        "disclosure_request",
        unit=cast.office,
        actor=cast.disclosure_officer,
        data=DISCLOSURE_DATA,
        at=at(2020, 9, 30),
    )
    reply = case.deadlines.get(name="correction_notice")
    assert reply.explanation == (
        "一次性告知补正期限 2020-10-16：2020-09-30收到申请，7个工作日，跳过10月1日至8日假期"
    )


def test_pause_and_extension_appear_in_the_explanation(cast):
    case = engine.open_case(
        "reconsideration",
        unit=cast.justice_bureau,
        actor=cast.reconsideration_officer,
        data=RECON_DATA,
        at=at(2020, 9, 21),
    )
    officer = cast.reconsideration_officer
    engine.act(case, "accept", actor=officer, at=at(2020, 9, 25))
    engine.act(
        case, "suspend", actor=officer, data={"reason": "另案"}, at=at(2020, 9, 28)
    )
    paused = case.deadlines.get(name="decision")
    assert paused.status == "paused"
    engine.act(case, "resume", actor=officer, at=at(2020, 10, 12))
    engine.act(
        case,
        "extend",
        actor=cast.district_leader,
        data={"reason": "复杂"},
        at=at(2020, 11, 20),
    )
    text = case.deadlines.get(name="decision").explanation
    assert "2020-09-29至2020-10-12中止期间不计入" in text
    assert "延长30日" in text
    assert str(cast.district_leader) in text


def test_a_case_follows_the_version_in_force_when_opened(demo_district):
    import time_machine

    with time_machine.travel(at(2024, 3, 10), tick=False):
        new = engine.open_case(
            "reconsideration",
            unit=demo_district.justice_bureau,
            actor=demo_district.reconsideration_officer,
            data=RECON_DATA,
            at=at(2024, 3, 1),
        )
        old = engine.open_case(
            "reconsideration",
            unit=demo_district.justice_bureau,
            actor=demo_district.reconsideration_officer,
            data=RECON_DATA,
            at=at(2023, 12, 29),
        )
    assert (new.procedure_version, old.procedure_version) == ("2023", "2017")
    assert new.deadlines.get(name="acceptance").due_on == D(2024, 3, 8)
    # Only the 2023 law has the simple procedure.
    assert "accept_simple" in [
        a.name
        for a in engine.available_actions(new, demo_district.reconsideration_officer)
    ]
    assert "accept_simple" not in [
        a.name
        for a in engine.available_actions(old, demo_district.reconsideration_officer)
    ]


def test_deadline_into_an_unimported_year_is_provisional_until_imported(
    demo_district, django_capture_on_commit_callbacks
):
    import time_machine

    from fazhi.workdays.services import import_holidays

    with time_machine.travel(at(2026, 12, 20), tick=False):
        case = engine.open_case(
            "disclosure_request",
            unit=demo_district.office,
            actor=demo_district.disclosure_officer,
            data=DISCLOSURE_DATA,
            at=at(2026, 12, 15),
        )
        reply = case.deadlines.get(name="reply")
        # Weekends alone: 12 working days left in 2026, then 8 in January 2027.
        assert (reply.provisional, reply.due_on) == (True, D(2027, 1, 12))
        assert "2027年节假日安排尚未导入" in reply.explanation
        csv = (
            "date,kind,name\n2027-01-01,holiday,元旦\n2027-01-04,holiday,元旦调休\n"
        ).encode()
        with django_capture_on_commit_callbacks(execute=True):
            import_holidays(csv, source_name="2027.csv")
        reply.refresh_from_db()
    assert reply.provisional is False
    assert reply.due_on == D(2027, 1, 14)
    assert "尚未导入" not in reply.explanation
