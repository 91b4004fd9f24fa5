"""Major decisions, legality and contract review, normative documents (procedures.md §§1-3).

The table lists, per procedure, the opening, the steps with their dates and the due dates
expected. The dates were counted by hand on the 2020 calendar: National Day and Mid-Autumn
1-8 October rest, Sunday 27 September and Saturday 10 October working days; New Year's Day
2021 (Friday 1 January) rest. A lawyer can add a row for any case worth pinning down.

Minimum periods (consultation >= 30 日, hearing materials >= 7 日 ahead, review time >= 7
working days) are deadlines whose due date is the earliest day the next step should be taken.
"""

import datetime as dt

import pytest
import time_machine

from fazhi.procedures import engine, selectors
from fazhi.procedures.errors import ActionNotAllowed, InvalidData
from fazhi.procedures.models import Case, CaseLink
from fazhi.procedures.registry import spec_for

from .conftest import at

D = dt.date

# 区市场监管局 in demo/data/district.yaml: the lead drafting unit of the sample decision.
MARKET_BUREAU = "11440111DM0000005Q"
CAMPAIGN = "2020年民法典涉及的行政规范性文件专项清理"

DECISION = {
    "title": "白云区农贸市场升级改造三年行动方案（2021-2023年）",
    "catalogue_year": 2020,
    "in_catalogue": True,
    "catalogue_agreed_by_party": True,
    "hearing_listed": True,
}
START = {"lead_unit": MARKET_BUREAU}
REVIEW = {
    "draft_title": "白云区农贸市场升级改造三年行动方案",
    "submitting_unit": "区市场监管局",
}
CONTRACT = {
    "contract_title": "白云区智慧农贸市场监管平台建设项目合同",
    "party": "government",
    "submitting_unit": "区市场监管局",
    "counterparty": "广州某信息科技有限公司",
    "amount": "3860000",
}
DOCUMENT = {
    "title": "白云区促进农贸市场规范发展的若干措施",
    "issuer": "government",
    "market_related": True,
}
# 文号 and 统一编号 are invented; the Baiyun prefix of the 统一编号 is not known [U].
ISSUE = {
    "document_number": "穗云府规〔2020〕3号",
    "registration_number": "BY0120200003",
    "effective_on": "2020-10-01",
}
OPINION = {"opinion": "lawful_if_amended", "reasons": "修改第五条后合法。"}
MEETING = {"meeting": "standing", "meeting_on": "2020-12-18", "dissent": "无"}

# A document drafted from 20 July 2020: 30 days of consultation from 24 July end on Sunday
# 23 August, so on Monday 24 August; the legality review allowed 5 working days from 26 August.
DOCUMENT_TO_REVIEW = [
    (
        "department_officer",
        "publish_draft_market",
        at(2020, 7, 24),
        {"channel": "区政府网站"},
    ),
    ("department_officer", "end_consultation", at(2020, 8, 24), {}),
    (
        "department_officer",
        "fair_competition_review",
        at(2020, 8, 25),
        {"conclusion": "no_effect"},
    ),
    (
        "department_officer",
        "submit_legality_review",
        at(2020, 8, 26),
        {"materials": "草案、起草说明"},
    ),
    ("department_officer", "receive_opinion", at(2020, 8, 28), {"opinion": "lawful"}),
]


def adopt_and_issue(adopted, issued):
    adopt = {"meeting": "standing", "meeting_on": adopted.date().isoformat()}
    return [
        ("district_leader", "adopt", adopted, adopt),
        ("department_officer", "issue", issued, ISSUE),
    ]


# A decision whose draft was published 20 August 2020 (day 30 is Saturday 19 September, so the
# consultation may end on Monday 21 September) and sent for legality review on 28 September.
DECISION_TO_REVIEW = [
    ("district_leader", "start", at(2020, 8, 10), START),
    ("department_officer", "publish_draft", at(2020, 8, 20), {"channel": "区政府网站"}),
    ("department_officer", "end_consultation", at(2020, 9, 21), {}),
    (
        "department_officer",
        "submit_legality_review",
        at(2020, 9, 28),
        {"materials": "决策草案"},
    ),
]

# (case, procedure, unit, opener, opened, data, steps, {deadline: (status, due) or None})
# None: the procedure must not set this deadline for the case.
TABLE = [
    (
        "decision: draft published 10 Sept, day 30 is Saturday 10 Oct, a working day",
        "major_decision",
        "office",
        "government_office",
        at(2020, 8, 3),
        DECISION,
        [
            ("district_leader", "start", at(2020, 8, 10), START),
            (
                "department_officer",
                "publish_draft",
                at(2020, 9, 10),
                {"channel": "区政府网站"},
            ),
        ],
        {"consultation_period": ("running", D(2020, 10, 10))},
    ),
    (
        "decision: draft published 1 Sept, day 30 is National Day, earliest end 9 Oct",
        "major_decision",
        "office",
        "government_office",
        at(2020, 8, 3),
        DECISION,
        [
            ("district_leader", "start", at(2020, 8, 10), START),
            (
                "department_officer",
                "publish_draft",
                at(2020, 9, 1),
                {"channel": "白云报"},
            ),
        ],
        {"consultation_period": ("running", D(2020, 10, 9))},
    ),
    (
        "decision: hearing materials served 24 Sept, the 7 days end in the holiday",
        "major_decision",
        "office",
        "government_office",
        at(2020, 8, 3),
        DECISION,
        [
            ("district_leader", "start", at(2020, 8, 10), START),
            (
                "department_officer",
                "publish_draft",
                at(2020, 9, 10),
                {"channel": "区政府网站"},
            ),
            (
                "department_officer",
                "send_hearing_materials",
                at(2020, 9, 24),
                {"hearing_on": "2020-10-09", "participants": "代表15名"},
            ),
        ],
        {"hearing_notice": ("running", D(2020, 10, 9))},
    ),
    (
        "decision: legality review sent 28 Sept, 7 working days skip the holiday",
        "major_decision",
        "office",
        "government_office",
        at(2020, 8, 3),
        DECISION,
        DECISION_TO_REVIEW,
        {
            "consultation_period": ("met", D(2020, 9, 21)),
            "review_time": ("running", D(2020, 10, 14)),
            "publication": None,
        },
    ),
    (
        "decision: decided 18 Dec, publication in 20 working days past New Year [U]",
        "major_decision",
        "office",
        "government_office",
        at(2020, 8, 3),
        DECISION,
        [
            *DECISION_TO_REVIEW,
            (
                "department_officer",
                "receive_opinion",
                at(2020, 10, 14),
                {"opinion": "lawful"},
            ),
            ("district_leader", "decide", at(2020, 12, 18), MEETING),
        ],
        {
            "review_time": ("met", D(2020, 10, 14)),
            "publication": ("running", D(2021, 1, 18)),
        },
    ),
    (
        "legality review of a decision registered 28 Sept: 7 working days",
        "legality_review",
        "justice_bureau",
        "legal_officer",
        at(2020, 9, 28),
        REVIEW,
        [("legal_officer", "register_decision", at(2020, 9, 28), {})],
        {
            "decision_review": ("running", D(2020, 10, 14)),
            "document_review": None,
        },
    ),
    (
        "legality review of a document registered 25 Sept: at least 5, at most 15 working days [U]",
        "legality_review",
        "justice_bureau",
        "legal_officer",
        at(2020, 9, 25),
        REVIEW,
        [("legal_officer", "register_document", at(2020, 9, 25), {})],
        {
            "document_review_min": ("running", D(2020, 10, 9)),
            "document_review": ("running", D(2020, 10, 22)),
            "decision_review": None,
        },
    ),
    (
        "legality review: 25 Sept to 12 Oct waiting for material is not counted",
        "legality_review",
        "justice_bureau",
        "legal_officer",
        at(2020, 9, 21),
        REVIEW,
        [
            ("legal_officer", "register_decision", at(2020, 9, 21), {}),
            (
                "legal_officer",
                "request_materials",
                at(2020, 9, 24),
                {"missing": "风险评估报告"},
            ),
            ("legal_officer", "receive_materials", at(2020, 10, 12), {}),
        ],
        {"decision_review": ("running", D(2020, 10, 16))},
    ),
    (
        "contract: 5 working days end on Sunday 27 Sept; signed 29 Sept, copy in 7 working days [U]",
        "contract_review",
        "justice_bureau",
        "legal_officer",
        at(2020, 9, 21),
        CONTRACT,
        [
            ("legal_officer", "accept", at(2020, 9, 21), {}),
            ("legal_chief", "issue_opinion", at(2020, 9, 25), OPINION),
            ("legal_officer", "record_signing", at(2020, 9, 29), {"signatory": "区长"}),
        ],
        {
            "review_time": ("met", D(2020, 9, 27)),
            "copy": ("running", D(2020, 10, 15)),
        },
    ),
    (
        "contract: material awaited 23-29 Dec, the review time runs past New Year [U]",
        "contract_review",
        "justice_bureau",
        "legal_officer",
        at(2020, 12, 21),
        CONTRACT,
        [
            ("legal_officer", "accept", at(2020, 12, 21), {}),
            (
                "legal_officer",
                "request_materials",
                at(2020, 12, 22),
                {"missing": "授权委托书"},
            ),
            ("legal_officer", "receive_materials", at(2020, 12, 29), {}),
        ],
        {"review_time": ("running", D(2021, 1, 5))},
    ),
    (
        "document: market-related draft published 28 Aug, day 30 is the Sunday worked on 27 Sept",
        "normative_document",
        "market_bureau",
        "department_officer",
        at(2020, 8, 20),
        DOCUMENT,
        [
            (
                "department_officer",
                "publish_draft_market",
                at(2020, 8, 28),
                {"channel": "区政府网站"},
            )
        ],
        {
            "consultation_market": ("running", D(2020, 9, 27)),
            "consultation_general": None,
        },
    ),
    (
        "document: other draft published 28 Sept, 7 working days skip the holiday",
        "normative_document",
        "market_bureau",
        "department_officer",
        at(2020, 9, 20),
        {**DOCUMENT, "market_related": False},
        [
            (
                "department_officer",
                "publish_draft",
                at(2020, 9, 28),
                {"channel": "区政府网站"},
            )
        ],
        {
            "consultation_general": ("running", D(2020, 10, 14)),
            "consultation_market": None,
        },
    ),
    (
        "document issued 25 Sept 2020: proactive disclosure due 29 Oct across National Day",
        "normative_document",
        "market_bureau",
        "department_officer",
        at(2020, 7, 20),
        DOCUMENT,
        [*DOCUMENT_TO_REVIEW, *adopt_and_issue(at(2020, 9, 18), at(2020, 9, 25))],
        {
            "consultation_market": ("met", D(2020, 8, 24)),
            "review_time": ("met", D(2020, 9, 2)),
            "disclosure": ("running", D(2020, 10, 29)),
            # both from the 施行日期 2020-10-01, not from the day of issue; 1 Oct 2025
            # falls in the National Day holiday, so the validity ends on the 9th
            "validity": ("running", D(2025, 10, 9)),
            "expiry_review": ("running", D(2025, 4, 1)),
        },
    ),
    (
        "document issued 25 Sept, published 12 Oct: filing with the people's congress by 11 Nov [U]",
        "normative_document",
        "market_bureau",
        "department_officer",
        at(2020, 7, 20),
        DOCUMENT,
        [
            *DOCUMENT_TO_REVIEW,
            *adopt_and_issue(at(2020, 9, 18), at(2020, 9, 25)),
            (
                "disclosure_officer",
                "disclose",
                at(2020, 10, 12),
                {"channel": "区政府网站"},
            ),
        ],
        {
            "disclosure": ("met", D(2020, 10, 29)),
            "npc_filing": ("running", D(2020, 11, 11)),
        },
    ),
    (
        "document published 3 Sept: day 30 of the filing period is in the holiday, due 9 Oct [U]",
        "normative_document",
        "market_bureau",
        "department_officer",
        at(2020, 7, 20),
        DOCUMENT,
        [
            *DOCUMENT_TO_REVIEW,
            *adopt_and_issue(at(2020, 8, 31), at(2020, 9, 1)),
            (
                "disclosure_officer",
                "disclose",
                at(2020, 9, 3),
                {"channel": "区政府网站"},
            ),
        ],
        {
            "disclosure": ("met", D(2020, 9, 28)),
            "npc_filing": ("running", D(2020, 10, 9)),
        },
    ),
    (
        "department document: no filing with the people's congress",
        "normative_document",
        "market_bureau",
        "department_officer",
        at(2020, 7, 20),
        {**DOCUMENT, "issuer": "department"},
        [
            *DOCUMENT_TO_REVIEW,
            *adopt_and_issue(at(2020, 9, 18), at(2020, 9, 25)),
            (
                "department_officer",
                "disclose_department",
                at(2020, 10, 12),
                {"channel": "区政府网站"},
            ),
        ],
        {"disclosure": ("met", D(2020, 10, 29)), "npc_filing": None},
    ),
]


def run(cast, procedure, unit, opener, opened, data, steps, parent=None):
    case = engine.open_case(
        procedure,
        unit=getattr(cast, unit),
        actor=getattr(cast, opener),
        data=data,
        at=opened,
        parent=parent,
    )
    for who, action, when, step_data in steps:
        engine.act(case, action, actor=getattr(cast, who), data=step_data, at=when)
    return case


def deadlines_of(case):
    # The newest row of a name wins (a restart leaves the old one cancelled).
    return {d.name: d for d in case.deadlines.order_by("pk")}


@pytest.mark.parametrize(
    ("procedure", "unit", "opener", "opened", "data", "steps", "expected"),
    [row[1:] for row in TABLE],
    ids=[row[0] for row in TABLE],
)
def test_due_dates(cast, procedure, unit, opener, opened, data, steps, expected):
    found = deadlines_of(run(cast, procedure, unit, opener, opened, data, steps))
    for name, want in expected.items():
        if want is None:
            assert name not in found, name
        else:
            assert (found[name].status, found[name].due_on) == want, name


def test_every_follow_up_procedure_named_by_opens_exists():
    for key in (
        "major_decision",
        "legality_review",
        "contract_review",
        "normative_document",
    ):
        spec = spec_for(key)
        for action in spec.actions.values():
            for target in action.opens:
                assert spec_for(target).key == target


def test_unverified_limits_are_marked_for_the_case_page(cast):
    case = run(
        cast,
        "normative_document",
        "market_bureau",
        "department_officer",
        at(2020, 7, 20),
        DOCUMENT,
        [
            *DOCUMENT_TO_REVIEW,
            *adopt_and_issue(at(2020, 9, 18), at(2020, 9, 25)),
            (
                "disclosure_officer",
                "disclose",
                at(2020, 10, 12),
                {"channel": "区政府网站"},
            ),
        ],
    )
    marks = {d.name: d.unverified for d in case.deadlines.all()}
    assert marks["disclosure"] is False  # 政府信息公开条例 art. 26 [V]
    assert marks["consultation_market"] is False  # 优化营商环境条例 art. 62 [V]
    assert [marks[n] for n in ("npc_filing", "validity", "review_time")] == [True] * 3


# -- 重大行政决策 ---------------------------------------------------------------------------


def test_major_decision_end_to_end_with_its_legality_review(cast):
    # given a proposal in the catalogue, opened by the government office
    decision = run(
        cast,
        "major_decision",
        "office",
        "government_office",
        at(2020, 8, 3),
        DECISION,
        [
            ("district_leader", "start", at(2020, 8, 10), START),
            (
                "department_officer",
                "consult_units",
                at(2020, 8, 14),
                {"units": "区商务局、区城管执法局"},
            ),
            (
                "department_officer",
                "publish_draft",
                at(2020, 8, 20),
                {"channel": "区政府网站"},
            ),
            (
                "department_officer",
                "send_hearing_materials",
                at(2020, 9, 7),
                {
                    "hearing_on": "2020-09-15",
                    "participants": "市场经营户代表8名、居民代表7名",
                },
            ),
            (
                "department_officer",
                "hold_hearing",
                at(2020, 9, 15),
                {"held_on": "2020-09-15", "report": "采纳延长过渡期的意见"},
            ),
            ("department_officer", "end_consultation", at(2020, 9, 21), {}),
            (
                "department_officer",
                "expert_argumentation",
                at(2020, 9, 22),
                {"experts": "华南理工大学专家组", "opinion": "方案可行"},
            ),
            (
                "department_officer",
                "risk_assessment",
                at(2020, 9, 23),
                {"conclusion": "controllable"},
            ),
            (
                "department_officer",
                "submit_legality_review",
                at(2020, 9, 28),
                {"materials": "决策草案、起草说明、听证报告"},
            ),
        ],
    )
    # the lead unit named at the start owns the case
    assert decision.unit == cast.market_bureau
    assert decision.number == "白云决策〔2020〕1号"

    # when the justice bureau registers and answers the review as a linked case
    review = run(
        cast,
        "legality_review",
        "justice_bureau",
        "legal_officer",
        at(2020, 9, 28),
        REVIEW,
        [
            ("legal_officer", "register_decision", at(2020, 9, 28), {}),
            ("legal_chief", "issue_opinion", at(2020, 10, 13), OPINION),
        ],
        parent=decision,
    )
    for who, action, when, data in [
        (
            "department_officer",
            "receive_opinion",
            at(2020, 10, 14),
            {"opinion": "lawful_if_amended"},
        ),
        ("district_leader", "decide", at(2020, 12, 18), MEETING),
        ("district_leader", "report_to_party", at(2020, 12, 21), {}),
        ("disclosure_officer", "publish", at(2020, 12, 25), {"channel": "website"}),
        (
            "department_officer",
            "archive",
            at(2020, 12, 28),
            {"archive_number": "WS2020-JC-001"},
        ),
        (
            "district_leader",
            "evaluate",
            at(2020, 12, 29),
            {"evaluator": "区司法局", "conclusion": "continue"},
        ),
        ("district_leader", "close", at(2020, 12, 30), {"outcome": "completed"}),
    ]:
        engine.act(decision, action, actor=getattr(cast, who), data=data, at=when)

    # then both cases are closed, linked both ways, and every limit was met on time
    assert (decision.state, decision.is_open) == ("closed", False)
    assert (review.state, review.number) == ("opinion_issued", "穗云司审〔2020〕1号")
    assert CaseLink.objects.filter(from_case=decision, to_case=review).exists()
    assert selectors.linked_cases(decision, cast.district_leader) == [("to", review)]
    assert selectors.linked_cases(review, cast.district_leader) == [("from", decision)]
    found = deadlines_of(decision)
    assert {n: d.status for n, d in found.items()} == {
        "consultation_period": "met",
        "hearing_notice": "met",
        "review_time": "met",
        "publication": "met",
    }
    # Minimum periods: the next step came on or after the earliest day allowed.
    assert (
        found["consultation_period"].met_at.date()
        >= found["consultation_period"].due_on
    )
    assert found["hearing_notice"].due_on == D(2020, 9, 14)
    assert found["hearing_notice"].met_at.date() == D(2020, 9, 15)
    assert not found["publication"].is_late
    assert deadlines_of(review)["decision_review"].status == "met"


def test_ending_the_consultation_early_needs_the_reason(cast):
    decision = run(
        cast,
        "major_decision",
        "office",
        "government_office",
        at(2020, 8, 3),
        DECISION,
        [
            ("district_leader", "start", at(2020, 8, 10), START),
            (
                "department_officer",
                "publish_draft",
                at(2020, 9, 1),
                {"channel": "区政府网站"},
            ),
        ],
    )
    officer = cast.department_officer
    with pytest.raises(InvalidData) as info:
        engine.act(
            decision, "end_consultation_early", actor=officer, at=at(2020, 9, 16)
        )
    assert info.value.field == "shortened_reason"
    assert "缩短征求意见期限的理由" in info.value.message

    engine.act(
        decision,
        "end_consultation_early",
        actor=officer,
        data={"shortened_reason": "防汛工作紧急，已在公告中说明征求意见15日"},
        at=at(2020, 9, 16),
    )
    assert decision.state == "assessing"
    assert decision.events.get(action="end_consultation_early").data["shortened_reason"]


def test_only_the_decision_organ_starts_and_decides(cast):
    decision = run(
        cast,
        "major_decision",
        "office",
        "government_office",
        at(2020, 8, 3),
        DECISION,
        [],
    )
    with pytest.raises(ActionNotAllowed) as info:
        engine.act(
            decision,
            "start",
            actor=cast.government_office,
            data=START,
            at=at(2020, 8, 10),
        )
    assert info.value.code == "wrong_role"
    assert "区政府领导（决策机关）" in info.value.message
    with pytest.raises(InvalidData) as info:
        engine.act(decision, "start", actor=cast.district_leader, at=at(2020, 8, 10))
    assert info.value.field == "lead_unit"


def test_a_draft_found_unlawful_goes_back_to_drafting_not_to_discussion(cast):
    decision = run(
        cast,
        "major_decision",
        "office",
        "government_office",
        at(2020, 8, 3),
        DECISION,
        DECISION_TO_REVIEW,
    )
    officer = cast.department_officer
    # the "lawful" action does not accept an unlawful opinion
    with pytest.raises(InvalidData) as info:
        engine.act(
            decision,
            "receive_opinion",
            actor=officer,
            data={"opinion": "unlawful"},
            at=at(2020, 10, 14),
        )
    assert info.value.field == "opinion"
    engine.act(
        decision,
        "receive_opinion_unlawful",
        actor=officer,
        data={"reasons": "违反上位法关于市场准入的规定"},
        at=at(2020, 10, 14),
    )
    assert decision.state == "drafting"
    with pytest.raises(ActionNotAllowed) as info:
        engine.act(
            decision,
            "decide",
            actor=cast.district_leader,
            data=MEETING,
            at=at(2020, 10, 20),
        )
    assert info.value.code == "wrong_state"
    # resubmitting starts a new review time of 7 working days
    engine.act(
        decision,
        "resubmit_legality_review",
        actor=officer,
        data={"materials": "修改稿"},
        at=at(2020, 10, 20),
    )
    assert deadlines_of(decision)["review_time"].due_on == D(2020, 10, 29)


# -- 合法性审查 / 政府合同审查 ----------------------------------------------------------------


@pytest.mark.parametrize("opinion", ["lawful", "lawful_if_amended", "unlawful"])
def test_each_review_opinion_type_closes_the_review(cast, opinion):
    review = run(
        cast,
        "legality_review",
        "justice_bureau",
        "legal_officer",
        at(2020, 9, 25),
        REVIEW,
        [("legal_officer", "register_document", at(2020, 9, 25), {})],
    )
    engine.act(
        review,
        "issue_opinion",
        actor=cast.legal_chief,
        data={"opinion": opinion, "reasons": "见审查意见书"},
        at=at(2020, 10, 9),
    )
    assert review.state == "opinion_issued"
    assert review.data["opinion"] == opinion
    found = deadlines_of(review)
    assert found["document_review_min"].status == "met"
    assert found["document_review"].status == "met"


def test_review_refuses_the_wrong_role_and_a_missing_opinion(cast):
    with pytest.raises(ActionNotAllowed):
        run(
            cast,
            "legality_review",
            "justice_bureau",
            "department_officer",
            at(2020, 9, 25),
            REVIEW,
            [],
        )
    review = run(
        cast,
        "legality_review",
        "justice_bureau",
        "legal_officer",
        at(2020, 9, 25),
        REVIEW,
        [("legal_officer", "register_decision", at(2020, 9, 25), {})],
    )
    with pytest.raises(ActionNotAllowed) as info:
        engine.act(
            review,
            "issue_opinion",
            actor=cast.legal_officer,
            data=OPINION,
            at=at(2020, 10, 9),
        )
    assert "司法局负责人" in info.value.message
    with pytest.raises(InvalidData) as info:
        engine.act(
            review,
            "issue_opinion",
            actor=cast.legal_chief,
            data={"reasons": "x"},
            at=at(2020, 10, 9),
        )
    assert info.value.field == "opinion"


def test_contract_review_end_to_end(cast):
    contract = run(
        cast,
        "contract_review",
        "justice_bureau",
        "legal_officer",
        at(2020, 9, 21),
        CONTRACT,
        [
            ("legal_officer", "accept", at(2020, 9, 21), {}),
            (
                "legal_officer",
                "request_materials",
                at(2020, 9, 22),
                {"missing": "招标文件"},
            ),
            ("legal_officer", "receive_materials", at(2020, 9, 24), {}),
            ("legal_chief", "issue_opinion", at(2020, 9, 29), OPINION),
            ("legal_officer", "record_signing", at(2020, 9, 30), {"signatory": "区长"}),
            ("legal_officer", "receive_copy", at(2020, 10, 16), {}),
            (
                "legal_officer",
                "risk_warning",
                at(2020, 11, 20),
                {"risk": "相对方逾期交付"},
            ),
            ("legal_officer", "close", at(2020, 12, 30), {"outcome": "completed"}),
        ],
    )
    assert (contract.state, contract.number) == ("closed", "穗云司合审〔2020〕1号")
    found = deadlines_of(contract)
    # 22-24 Sept: one working day used, 23-24 Sept paused; then 25, 27, 28, 29 September.
    assert (found["review_time"].due_on, found["review_time"].is_late) == (
        D(2020, 9, 29),
        False,
    )
    # signed 30 Sept: 9, 10, 12, 13, 14, 15, 16 October; the copy arrived on the last day.
    assert (found["copy"].due_on, found["copy"].is_late) == (D(2020, 10, 16), False)
    assert [found[n].unverified for n in ("review_time", "copy")] == [True, True]


def test_a_contract_cannot_be_signed_before_the_review_opinion(cast):
    contract = run(
        cast,
        "contract_review",
        "justice_bureau",
        "legal_officer",
        at(2020, 9, 21),
        CONTRACT,
        [("legal_officer", "accept", at(2020, 9, 21), {})],
    )
    with pytest.raises(ActionNotAllowed) as info:
        engine.act(
            contract,
            "record_signing",
            actor=cast.legal_officer,
            data={"signatory": "区长"},
            at=at(2020, 9, 22),
        )
    assert info.value.code == "wrong_state"
    with pytest.raises(ActionNotAllowed) as info:
        engine.act(
            contract,
            "issue_opinion",
            actor=cast.department_officer,
            data=OPINION,
            at=at(2020, 9, 22),
        )
    assert info.value.code == "wrong_role"
    with pytest.raises(InvalidData) as info:
        engine.act(
            contract, "request_materials", actor=cast.legal_officer, at=at(2020, 9, 22)
        )
    assert info.value.field == "missing"


# -- 行政规范性文件 ---------------------------------------------------------------------------


def document_in_force(cast, title="白云区促进农贸市场规范发展的若干措施"):
    return run(
        cast,
        "normative_document",
        "market_bureau",
        "department_officer",
        at(2020, 7, 20),
        {**DOCUMENT, "title": title},
        [
            *DOCUMENT_TO_REVIEW,
            *adopt_and_issue(at(2020, 9, 18), at(2020, 9, 25)),
            (
                "disclosure_officer",
                "disclose",
                at(2020, 10, 12),
                {"channel": "区政府网站"},
            ),
        ],
    )


def test_normative_document_end_to_end_with_review_and_filing(cast):
    document = run(
        cast,
        "normative_document",
        "market_bureau",
        "department_officer",
        at(2020, 7, 20),
        DOCUMENT,
        DOCUMENT_TO_REVIEW[:4],
    )
    review = run(
        cast,
        "legality_review",
        "justice_bureau",
        "legal_officer",
        at(2020, 8, 26),
        {**REVIEW, "draft_title": DOCUMENT["title"]},
        [
            ("legal_officer", "register_document", at(2020, 8, 26), {}),
            ("legal_chief", "issue_opinion", at(2020, 9, 2), OPINION),
        ],
        parent=document,
    )
    for who, action, when, data in [
        DOCUMENT_TO_REVIEW[4],
        *adopt_and_issue(at(2020, 9, 18), at(2020, 9, 25)),
        (
            "disclosure_officer",
            "disclose",
            at(2020, 10, 12),
            {"channel": "区政府网站", "interpretation": True},
        ),
        (
            "district_leader",
            "file_with_npc",
            at(2020, 11, 5),
            {"filing_number": "云人大备〔2020〕12号"},
        ),
    ]:
        engine.act(document, action, actor=getattr(cast, who), data=data, at=when)
    assert document.state == "in_force"
    assert document.data["document_number"] == "穗云府规〔2020〕3号"
    assert selectors.linked_cases(review, cast.district_leader) == [("from", document)]
    found = deadlines_of(document)
    assert {n: found[n].status for n in ("disclosure", "npc_filing", "validity")} == {
        "disclosure": "met",
        "npc_filing": "met",
        "validity": "running",
    }
    with pytest.raises(ActionNotAllowed) as info:
        engine.act(
            document, "file_with_npc", actor=cast.district_leader, at=at(2020, 11, 6)
        )
    assert info.value.code == "once_only"


def test_collective_deliberation_by_the_wrong_role_is_refused(cast):
    document = run(
        cast,
        "normative_document",
        "market_bureau",
        "department_officer",
        at(2020, 7, 20),
        DOCUMENT,
        DOCUMENT_TO_REVIEW,
    )
    with pytest.raises(ActionNotAllowed) as info:
        engine.act(
            document,
            "adopt",
            actor=cast.department_officer,
            data={"meeting": "standing", "meeting_on": "2020-09-18"},
            at=at(2020, 9, 18),
        )
    assert info.value.code == "wrong_role"
    with pytest.raises(InvalidData) as info:
        engine.act(
            document,
            "adopt",
            actor=cast.district_leader,
            data={"meeting": "standing"},
            at=at(2020, 9, 18),
        )
    assert info.value.field == "meeting_on"


def test_civil_code_cleanup_keeps_revises_and_repeals_one_document_each(cast):
    # given three documents in force (the 2020 民法典 cleanup acted on each one)
    keep, revise, repeal = (
        document_in_force(cast, title) for title in ("甲办法", "乙办法", "丙办法")
    )
    officer = cast.department_officer
    with pytest.raises(InvalidData) as info:
        engine.act(keep, "cleanup_keep", actor=officer, at=at(2020, 11, 30))
    assert info.value.field == "campaign"

    # when the drafting unit records its conclusion for each
    engine.act(
        keep,
        "cleanup_keep",
        actor=officer,
        data={"campaign": CAMPAIGN},
        at=at(2020, 11, 30),
    )
    engine.act(
        revise,
        "cleanup_revise",
        actor=officer,
        data={"campaign": CAMPAIGN, "note": "“担保法”改为“民法典”"},
        at=at(2020, 11, 30),
    )
    engine.act(
        repeal,
        "cleanup_repeal",
        actor=officer,
        data={
            "campaign": CAMPAIGN,
            "note": "依据的物权法已废止",
            "repeal_document": "穗云府〔2020〕40号",
        },
        at=at(2020, 11, 30),
    )
    revision = run(
        cast,
        "normative_document",
        "market_bureau",
        "department_officer",
        at(2020, 12, 1),
        {**DOCUMENT, "title": "乙办法（修订）"},
        [],
        parent=revise,
    )

    # then each keeps a record of the campaign, and only the repealed one is closed
    assert [c.state for c in (keep, revise, repeal)] == [
        "in_force",
        "revising",
        "repealed",
    ]
    assert [c.is_open for c in (keep, revise, repeal)] == [True, True, False]
    for case in (keep, revise, repeal):
        assert case.events.order_by("-seq").first().data["campaign"] == CAMPAIGN
    assert deadlines_of(repeal)["validity"].status == "cancelled"
    assert selectors.linked_cases(revise, cast.district_leader) == [("to", revision)]
    engine.act(
        revise,
        "complete_revision",
        actor=officer,
        data={"new_document_number": "穗云府规〔2020〕9号"},
        at=at(2020, 12, 30),
    )
    assert revise.state == "superseded"


def test_validity_reminder_before_expiry_and_expiry(cast):
    document = document_in_force(cast)
    # six months before the end of the 5-year validity (counted from the 施行日期
    # 2020-10-01) the evaluation is due soon
    validity = deadlines_of(document)["validity"]
    assert validity.explanation.startswith(
        "有效期（5年） 2025-10-09：2020-10-01施行日期"
    )
    with time_machine.travel(at(2025, 3, 26), tick=False):
        soon = selectors.due_soon_deadlines(workdays=5).filter(case=document)
        assert [d.name for d in soon] == ["expiry_review"]
        engine.act(
            document,
            "evaluate_before_expiry",
            actor=cast.department_officer,
            data={"conclusion": "lapse"},
            at=at(2025, 3, 26),
        )
    assert deadlines_of(document)["expiry_review"].status == "met"
    with time_machine.travel(at(2025, 10, 9, 12), tick=False):
        engine.act(
            document, "expire", actor=cast.department_officer, at=at(2025, 10, 9)
        )
    validity = deadlines_of(document)["validity"]
    assert (document.state, validity.status, validity.due_on) == (
        "expired",
        "met",
        D(2025, 10, 9),
    )


# -- the same procedures from the workbench -----------------------------------------------

# Per procedure: opener, unit, opening fields, steps (who, action, when, fields), final state.
WEB_WALKS = {
    "major_decision": (
        "government_office",
        "office",
        DECISION,
        [
            ("district_leader", "start", at(2020, 8, 10), START),
            (
                "department_officer",
                "publish_draft",
                at(2020, 8, 20),
                {"channel": "网站"},
            ),
            ("department_officer", "end_consultation", at(2020, 9, 21), {}),
            (
                "department_officer",
                "risk_assessment",
                at(2020, 9, 23),
                {"conclusion": "low"},
            ),
            (
                "department_officer",
                "submit_legality_review",
                at(2020, 9, 28),
                {"materials": "草案"},
            ),
            (
                "department_officer",
                "receive_opinion",
                at(2020, 10, 14),
                {"opinion": "lawful"},
            ),
            ("district_leader", "decide", at(2020, 12, 18), MEETING),
            ("district_leader", "report_to_party", at(2020, 12, 21), {}),
            ("disclosure_officer", "publish", at(2020, 12, 25), {"channel": "website"}),
            (
                "department_officer",
                "archive",
                at(2020, 12, 28),
                {"archive_number": "A-1"},
            ),
            ("district_leader", "close", at(2020, 12, 30), {"outcome": "completed"}),
        ],
        "closed",
    ),
    "legality_review": (
        "legal_officer",
        "justice_bureau",
        REVIEW,
        [
            ("legal_officer", "register_decision", at(2020, 9, 28), {}),
            ("legal_chief", "issue_opinion", at(2020, 10, 13), OPINION),
        ],
        "opinion_issued",
    ),
    "contract_review": (
        "legal_officer",
        "justice_bureau",
        CONTRACT,
        [
            ("legal_officer", "accept", at(2020, 9, 21), {}),
            ("legal_chief", "issue_opinion", at(2020, 9, 25), OPINION),
            ("legal_officer", "record_signing", at(2020, 9, 29), {"signatory": "区长"}),
            ("legal_officer", "receive_copy", at(2020, 10, 15), {}),
            ("legal_officer", "close", at(2020, 12, 30), {"outcome": "completed"}),
        ],
        "closed",
    ),
    "normative_document": (
        "department_officer",
        "market_bureau",
        DOCUMENT,
        [
            *DOCUMENT_TO_REVIEW,
            *adopt_and_issue(at(2020, 9, 18), at(2020, 9, 25)),
            (
                "disclosure_officer",
                "disclose",
                at(2020, 10, 12),
                {"channel": "网站", "interpretation": True},
            ),
            ("district_leader", "file_with_npc", at(2020, 11, 5), {}),
            (
                "department_officer",
                "cleanup_repeal",
                at(2020, 11, 30),
                {"campaign": CAMPAIGN, "note": "依据已废止"},
            ),
        ],
        "repealed",
    ),
}


def _form_value(value):
    return "on" if value is True else value


@pytest.mark.parametrize("procedure", list(WEB_WALKS))
def test_runs_end_to_end_from_the_workbench(client, cast, procedure):
    opener, unit, data, steps, final = WEB_WALKS[procedure]
    client.force_login(getattr(cast, opener))
    response = client.post(
        "/work/cases/new/",
        {
            "procedure": procedure,
            "open-unit": getattr(cast, unit).pk,
            "open-subject": "示例",
            "open-at": steps[0][2].strftime("%Y-%m-%dT09:00"),
            **{f"open-{k}": _form_value(v) for k, v in data.items()},
        },
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    case = Case.objects.get(procedure=procedure)
    for who, action, when, fields in steps:
        client.force_login(getattr(cast, who))
        case.refresh_from_db()
        response = client.post(
            f"/work/cases/{case.number}/act/{action}/",
            {
                "version": case.version,
                f"{action}-at": when.strftime("%Y-%m-%dT%H:%M"),
                **{f"{action}-{k}": _form_value(v) for k, v in fields.items()},
            },
        )
        assert response.status_code == 302, (action, response.content.decode()[-3000:])
    case.refresh_from_db()
    assert case.state == final
    client.force_login(cast.district_leader)
    page = client.get(f"/work/cases/{case.number}/").content.decode()
    assert spec_for(procedure).states[final].title in page
    # A time limit the reference marks [U] is shown as 待核实, and only such a limit.
    assert ("待核实" in page) == case.deadlines.filter(unverified=True).exists()
