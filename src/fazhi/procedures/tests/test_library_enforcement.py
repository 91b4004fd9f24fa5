"""The procedure library, enforcement family: 人大代表建议, 政协提案, 行政处罚 (2021 law and the
version before it) and 行刑衔接 (transfer of suspected crimes to the police).

The table below is meant for lawyers: each row is a case (procedure, where it is opened, when),
the steps taken (who, what, when, with which data) and the due dates expected, counted by hand on
the State Council calendar. Calendar facts used:

- 2020: 25-26 June rest (端午), Sunday 28 June a working day; 1-8 October rest (国庆、中秋),
  Sunday 27 September and Saturday 10 October working days.
- 2021: 19-21 September rest (中秋), Saturday 18 September a working day; 1-7 October rest,
  Sunday 26 September and Saturday 9 October working days.
- 2022: 31 January-6 February rest (春节); 1-7 October rest, Saturday 8 October a working day.

Counting: the start day is not counted; N 日 and N 个月 ending on a rest day end on the next
working day (民法典 arts. 201-203); 工作日 skip rest days; hours are hours (a 24-hour period
ends at the same clock time the next day, holiday or not); a pausing state stops the clock from
the day after it is entered through the day it is left.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from fazhi.procedures import engine, registry, selectors
from fazhi.procedures.errors import ActionNotAllowed, InvalidData
from fazhi.procedures.models import Case

from .conftest import at

D = dt.date
TZ = ZoneInfo("Asia/Shanghai")
MINE = (
    "npc_suggestion",
    "cppcc_proposal",
    "penalty_case",
    "criminal_transfer",
)


@pytest.fixture
def district(demo_district):
    """The demo district with the clock at the end of 2022: every step below is in the past."""
    with time_machine.travel(at(2022, 12, 30, 18), tick=False):
        yield demo_district


def unit(attr):
    """A unit field's value in a table row: the credit code of the demo unit `attr`."""
    return ("unit", attr)


def resolve(cast, data):
    return {
        k: (getattr(cast, v[1]).credit_code if isinstance(v, tuple) else v)
        for k, v in data.items()
    }


OFFICERS = ["enforcement_officer", "enforcement_officer2"]
NPC = {
    "deputy": "王建国",
    "session": "白云区第十七届人民代表大会第五次会议",
    "content": "关于加快太和镇农贸市场升级改造的建议",
}
CPPCC = {
    "proposer": "李明华委员",
    "session": "政协广州市白云区第十二届委员会第五次会议",
    "content": "关于加强校园周边食品安全监管的提案",
}
PENALTY = {
    "party": "广州市白云区某食品商行",
    "offence": "经营超过保质期的食品",
    "source": "complaint",
}
TRANSFER = {
    "suspect": "广州市白云区某食品商行",
    "offence": "涉嫌生产、销售伪劣产品罪",
    "facts": "查获超过保质期的食品货值金额二十余万元",
    "team": OFFICERS,
}
ASSIGN = {"lead_unit": unit("market_bureau"), "co_unit": unit("taihe")}


def investigate(day):
    return ("enforcement_officer", "conclude_investigation", day,
            {"officers": OFFICERS, "report": "违法事实清楚，证据确凿"})  # fmt: skip


def notify(day, hearing=False):
    if hearing:
        return ("enforcement_officer", "notify_with_hearing", day,
                {"intended": "罚款五万元", "hearing_ground": "large_fine"})  # fmt: skip
    return ("enforcement_officer", "notify", day, {"intended": "警告并罚款三千元"})


def decide(day):
    return ("enforcement_chief", "decide", day,
            {"decision_no": "云执罚决〔2021〕15号", "penalty": "fine",
             "fine": "3000", "summary": "经营超过保质期的食品，罚款三千元"})  # fmt: skip


WAIVE = {"how": "lapsed"}
NOT_MAJOR = {"reason": "罚款数额较小，不属于重大执法决定"}

# -- 2017 law, decided on 25 September 2020 (the steps shared by several rows) ----------------
DECIDED_2020 = [
    investigate(at(2020, 9, 10)),
    notify(at(2020, 9, 14)),
    ("enforcement_officer", "waive", at(2020, 9, 21), WAIVE),
    ("enforcement_chief", "confirm_not_major", at(2020, 9, 22), NOT_MAJOR),
    decide(at(2020, 9, 25)),
]
# -- 2021 law: hearing 22 September-8 October 2021, legal review, decision 18 October ----------
HEARD_2021 = [
    investigate(at(2021, 8, 20)),
    notify(at(2021, 9, 16), hearing=True),
    ("enforcement_officer", "request_hearing", at(2021, 9, 22), {}),
    ("enforcement_officer", "notify_hearing", at(2021, 9, 23),
     {"hearing_on": "2021-10-08", "host": "enforcement_reviewer"}),
    ("enforcement_chief", "hold_hearing", at(2021, 10, 8), {"record": "当事人到场陈述"}),
]  # fmt: skip
DECIDED_2021 = [
    *HEARD_2021,
    ("enforcement_officer", "submit_review", at(2021, 10, 11), {"ground": "major_rights"}),
    ("enforcement_reviewer", "pass_review", at(2021, 10, 15), {"opinion": "事实清楚，程序合法"}),
    decide(at(2021, 10, 18)),
    ("enforcement_officer", "serve", at(2021, 10, 20), {"method": "direct"}),
]  # fmt: skip
# -- 2021 law, no hearing, decided on 29 September 2021 just before National Day ---------------
DECIDED_NATIONAL_DAY = [
    investigate(at(2021, 8, 20)),
    notify(at(2021, 9, 10)),
    ("enforcement_officer", "waive", at(2021, 9, 17), WAIVE),
    ("enforcement_chief", "confirm_not_major", at(2021, 9, 22), NOT_MAJOR),
    decide(at(2021, 9, 29)),
]
# -- transfer of a suspected crime, reported 28 September 2020 --------------------------------
TRANSFERRED = [
    ("enforcement_chief", "approve", at(2020, 9, 30, 16), {}),
    ("enforcement_officer", "transfer", at(2020, 10, 1, 10),
     {"police_unit": unit("police"), "materials": "移送书、调查报告、涉案物品清单", "copied": True}),
    ("police_liaison", "accept", at(2020, 10, 2, 11), {}),
]  # fmt: skip
BACK = {"agency": unit("market_bureau")}

# (row, procedure, unit, opener, opened, data, steps, {deadline: (status, due)})
# `due` is a date, or for hour periods the moment (date and hour) it falls due.
TABLE = [
    # 人大代表建议 — 代表法 art. 51: 3 months from 交办, 6 months for difficult items.
    ("npc: 交办 27 March 2020, 3 months end Sat 27 June, moved to the working Sunday 28 June",
     "npc_suggestion", "office", "npc_liaison", at(2020, 3, 20), NPC,
     [("npc_liaison", "assign", at(2020, 3, 27), ASSIGN)],
     {"reply": ("running", D(2020, 6, 28))}),
    ("npc: 交办 8 July 2020, 3 months end 8 October in the holiday, replied 30 September",
     "npc_suggestion", "office", "npc_liaison", at(2020, 7, 1), NPC,
     [("npc_liaison", "assign", at(2020, 7, 8), ASSIGN),
      ("department_officer", "reply", at(2020, 9, 30), {"result": "B", "reply_text": "已列入计划"})],
     {"reply": ("met", D(2020, 10, 9))}),
    ("npc: difficult at 交办 27 March 2020, 6 months end on the working Sunday 27 September",
     "npc_suggestion", "office", "npc_liaison", at(2020, 3, 20), NPC,
     [("npc_liaison", "assign_difficult", at(2020, 3, 27), {**ASSIGN, "reason": "涉及多个部门"})],
     {"reply_difficult": ("running", D(2020, 9, 27))}),
    ("npc: marked difficult later, 交办 30 June 2020: 30 September, then 30 December",
     "npc_suggestion", "office", "npc_liaison", at(2020, 6, 20), NPC,
     [("npc_liaison", "assign", at(2020, 6, 30), ASSIGN),
      ("department_chief", "mark_difficult", at(2020, 8, 10), {"reason": "涉及规划调整"})],
     {"reply": ("running", D(2020, 12, 30))}),
    ("npc: month end, 交办 31 August 2020: 30 November; 6 months end Sun 28 February 2021 -> 1 March",
     "npc_suggestion", "office", "npc_liaison", at(2020, 8, 20), NPC,
     [("npc_liaison", "assign", at(2020, 8, 31), ASSIGN),
      ("department_chief", "mark_difficult", at(2020, 10, 15), {"reason": "涉及规划调整"})],
     {"reply": ("running", D(2021, 3, 1))}),
    # 3 + 3 months are 6 months from 交办, not 3 months from a date already moved off a
    # rest day (that would give 28 September here and 1 June 2021 in the next row).
    ("npc: marked difficult later, 交办 27 March 2020: 6 months end on the working Sunday 27 September",
     "npc_suggestion", "office", "npc_liaison", at(2020, 3, 20), NPC,
     [("npc_liaison", "assign", at(2020, 3, 27), ASSIGN),
      ("department_chief", "mark_difficult", at(2020, 5, 15), {"reason": "涉及多个部门"})],
     {"reply": ("running", D(2020, 9, 27))}),
    ("npc: marked difficult later, 交办 30 November 2020: 6 months end Sun 30 May 2021 -> 31 May",
     "npc_suggestion", "office", "npc_liaison", at(2020, 11, 20), NPC,
     [("npc_liaison", "assign", at(2020, 11, 30), ASSIGN),
      ("department_chief", "mark_difficult", at(2020, 12, 10), {"reason": "涉及多个部门"})],
     {"reply": ("running", D(2021, 5, 31))}),
    # 政协提案 — 3 months, at most 6 months [U].
    ("cppcc: 交办 1 July 2020, 3 months end 1 October -> 9 October",
     "cppcc_proposal", "office", "npc_liaison", at(2020, 6, 20), CPPCC,
     [("npc_liaison", "assign", at(2020, 7, 1), ASSIGN)],
     {"reply": ("running", D(2020, 10, 9))}),
    ("cppcc: difficult at 交办 1 April 2020, 6 months end 1 October -> 9 October",
     "cppcc_proposal", "office", "npc_liaison", at(2020, 3, 20), CPPCC,
     [("npc_liaison", "assign_difficult", at(2020, 4, 1), {**ASSIGN, "reason": "需多部门协调"})],
     {"reply_difficult": ("running", D(2020, 10, 9))}),
    ("cppcc: delay explained beforehand, 交办 30 June 2020: 30 September, then 30 December",
     "cppcc_proposal", "office", "npc_liaison", at(2020, 6, 20), CPPCC,
     [("npc_liaison", "assign", at(2020, 6, 30), ASSIGN),
      ("department_chief", "mark_difficult", at(2020, 9, 18), {"reason": "需多部门协调"})],
     {"reply": ("running", D(2020, 12, 30))}),
    # 行政处罚, 2017 law (cases filed before 15 July 2021).
    ("penalty 2017: filed 3 July 2020, 90 days [U] end 1 October -> 9 October",
     "penalty_case", "market_bureau", "enforcement_officer", at(2020, 7, 3), PENALTY,
     [],
     {"decision": ("running", D(2020, 10, 9))}),
    ("penalty 2017: suspended 10-20 July, 10 days not counted: Sun 11 October -> 12 October",
     "penalty_case", "market_bureau", "enforcement_officer", at(2020, 7, 3), PENALTY,
     [("enforcement_chief", "suspend", at(2020, 7, 10), {"reason": "当事人下落不明"}),
      ("enforcement_chief", "resume", at(2020, 7, 20), {})],
     {"decision": ("running", D(2020, 10, 12))}),
    ("penalty 2017: testing 10-30 September, 20 days not counted: Sun 20 December -> 21 December",
     "penalty_case", "market_bureau", "enforcement_officer", at(2020, 9, 1), PENALTY,
     [("enforcement_officer", "start_testing", at(2020, 9, 10), {"items": "食品抽样检验"}),
      ("enforcement_officer", "receive_test_result", at(2020, 9, 30), {"result": "不合格"})],
     {"decision": ("running", D(2020, 12, 21))}),
    ("penalty 2017: hearing request in 3 days [U], notice 28 September -> 1 October -> 9 October",
     "penalty_case", "market_bureau", "enforcement_officer", at(2020, 9, 1), PENALTY,
     [investigate(at(2020, 9, 20)), notify(at(2020, 9, 28), hearing=True)],
     {"hearing_request": ("running", D(2020, 10, 9)), "decision": ("running", D(2020, 11, 30))}),
    ("penalty 2017: hearing 16-29 September, 13 days not counted: Sun 13 December -> 14 December",
     "penalty_case", "market_bureau", "enforcement_officer", at(2020, 9, 1), PENALTY,
     [investigate(at(2020, 9, 10)), notify(at(2020, 9, 14), hearing=True),
      ("enforcement_officer", "request_hearing", at(2020, 9, 16), {}),
      ("enforcement_chief", "hold_hearing", at(2020, 9, 29), {"record": "当事人到场陈述"})],
     {"hearing_request": ("met", D(2020, 9, 17)), "decision": ("running", D(2020, 12, 14))}),
    ("penalty 2017: decided 25 September 2020: service in 7 days [U] -> 9 October, "
     "publication in 7 working days -> 12 October, served 29 September: payment by 14 October",
     "penalty_case", "market_bureau", "enforcement_officer", at(2020, 9, 1), PENALTY,
     [*DECIDED_2020, ("enforcement_officer", "serve", at(2020, 9, 29), {"method": "direct"})],
     {"statement": ("met", D(2020, 9, 21)), "decision": ("met", D(2020, 11, 30)),
      "service": ("met", D(2020, 10, 9)), "publication": ("running", D(2020, 10, 12)),
      "payment": ("running", D(2020, 10, 14))}),
    ("penalty 2017: revoked 29 September 2020, withdrawal in 3 working days: 30 Sept, 9, Sat 10 Oct",
     "penalty_case", "market_bureau", "enforcement_officer", at(2020, 9, 1), PENALTY,
     [*DECIDED_2020,
      ("enforcement_officer", "record_publication", at(2020, 9, 28), {"where": "云执罚公示-001"}),
      ("enforcement_chief", "revoke", at(2020, 9, 29), {"cause": "self", "reason": "认定事实错误"})],
     {"publication": ("met", D(2020, 10, 12)), "withdrawal": ("running", D(2020, 10, 10))}),
    ("penalty 2017: changed 30 September 2020: withdrawal by 12 October, new publication by 16 October",
     "penalty_case", "market_bureau", "enforcement_officer", at(2020, 9, 1), PENALTY,
     [*DECIDED_2020,
      ("enforcement_officer", "record_publication", at(2020, 9, 28), {"where": "云执罚公示-001"}),
      ("enforcement_chief", "change", at(2020, 9, 30), {"cause": "self", "summary": "罚款二千元"})],
     {"withdrawal_change": ("running", D(2020, 10, 12)), "publication": ("running", D(2020, 10, 16))}),
    ("penalty 2017: seized 4 September, 30 days -> 4 October -> 9 October; extended by 30 days: "
     "60 days from 4 September -> 3 November; evidence registered 24 September, 7 days [U] -> 9 October",
     "penalty_case", "market_bureau", "enforcement_officer", at(2020, 9, 1), PENALTY,
     [("enforcement_officer", "seize", at(2020, 9, 4),
       {"officers": OFFICERS, "approved_by": "enforcement_chief", "items": "涉案食品一批"}),
      ("enforcement_officer", "register_evidence", at(2020, 9, 24),
       {"officers": OFFICERS, "approved_by": "enforcement_chief", "items": "进货单据"}),
      ("enforcement_chief", "extend_seizure", at(2020, 9, 30), {"reason": "需检验鉴定"})],
     {"seizure": ("running", D(2020, 11, 3)), "evidence_decision": ("running", D(2020, 10, 9))}),
    # 行政处罚, 2021 law (cases filed from 15 July 2021).
    ("penalty 2021: filed 2 November 2021, 90 days end 31 January 2022 in the Spring Festival -> 7 February",
     "penalty_case", "market_bureau", "enforcement_officer", at(2021, 11, 2), PENALTY,
     [],
     {"decision": ("running", D(2022, 2, 7))}),
    ("penalty 2021: hearing request in 5 working days over Mid-Autumn: 17, Sat 18, 22, 23, 24 September",
     "penalty_case", "market_bureau", "enforcement_officer", at(2021, 8, 2), PENALTY,
     [investigate(at(2021, 8, 20)), notify(at(2021, 9, 16), hearing=True)],
     {"hearing_request": ("running", D(2021, 9, 24)), "decision": ("running", D(2021, 11, 1))}),
    ("penalty 2021: hearing 22 September-8 October, 16 days not counted: 1 November -> 16 November",
     "penalty_case", "market_bureau", "enforcement_officer", at(2021, 8, 2), PENALTY,
     HEARD_2021,
     {"hearing_request": ("met", D(2021, 9, 24)), "decision": ("running", D(2021, 11, 16))}),
    ("penalty 2021: review in 10 working days [U] -> 25 October; decided 18 October: service and "
     "publication in 7 working days -> 27 October; served 20 October: payment by 4 November",
     "penalty_case", "market_bureau", "enforcement_officer", at(2021, 8, 2), PENALTY,
     DECIDED_2021,
     {"review": ("met", D(2021, 10, 25)), "decision": ("met", D(2021, 11, 16)),
      "service": ("met", D(2021, 10, 27)), "publication": ("running", D(2021, 10, 27)),
      "payment": ("running", D(2021, 11, 4))}),
    ("penalty 2021: decided 29 September, service and publication over National Day -> 14 October; "
     "revoked 30 September: withdrawal 8, Sat 9, 11 October",
     "penalty_case", "market_bureau", "enforcement_officer", at(2021, 8, 2), PENALTY,
     [*DECIDED_NATIONAL_DAY,
      ("enforcement_chief", "revoke", at(2021, 9, 30), {"cause": "reconsideration", "reason": "复议撤销"})],
     {"statement": ("met", D(2021, 9, 17)), "service": ("met", D(2021, 10, 14)),
      "publication": ("met", D(2021, 10, 14)), "withdrawal": ("running", D(2021, 10, 11))}),
    ("penalty 2021: changed 30 September: withdrawal by 11 October, new publication by 15 October",
     "penalty_case", "market_bureau", "enforcement_officer", at(2021, 8, 2), PENALTY,
     [*DECIDED_NATIONAL_DAY,
      ("enforcement_officer", "record_publication", at(2021, 9, 30), {"where": "云执罚公示-002"}),
      ("enforcement_chief", "change", at(2021, 9, 30), {"cause": "self", "summary": "罚款二千元"})],
     {"withdrawal_change": ("running", D(2021, 10, 11)), "publication": ("running", D(2021, 10, 15))}),
    ("penalty 2021: evidence registered 28 September, 7 working days -> 13 October",
     "penalty_case", "market_bureau", "enforcement_officer", at(2021, 8, 2), PENALTY,
     [("enforcement_officer", "register_evidence", at(2021, 9, 28),
       {"officers": OFFICERS, "approved_by": "enforcement_chief", "items": "进货单据"})],
     {"evidence_decision": ("running", D(2021, 10, 13))}),
    ("penalty 2021: reminder 10 November, 10 working days -> 24 November; remedy periods expired "
     "1 July 2022: 3 months -> Sat 1 October -> the working Saturday 8 October",
     "penalty_case", "market_bureau", "enforcement_officer", at(2021, 8, 2), PENALTY,
     [*DECIDED_2021,
      ("enforcement_officer", "remind", at(2021, 11, 10), {}),
      ("enforcement_officer", "remedy_period_expired", at(2022, 7, 1), {})],
     {"reminder": ("running", D(2021, 11, 24)), "court_application": ("running", D(2022, 10, 8))}),
    # 行刑衔接 — hours are hours; the regulation's 3 日 read as calendar days [U].
    ("transfer: report 28 September 2020, approval in 3 days -> 1 October -> 9 October; approved "
     "30 September 16:00, transfer due 1 October 16:00 in the holiday",
     "criminal_transfer", "market_bureau", "enforcement_officer", at(2020, 9, 28, 9), TRANSFER,
     [("enforcement_chief", "approve", at(2020, 9, 30, 16), {})],
     {"approval": ("met", D(2020, 10, 9)), "transfer": ("running", at(2020, 10, 1, 16))}),
    ("transfer: police accept 2 October, decide by 5 -> 9 October; refusal 9 October: reconsideration "
     "asked by 12, decided by 15; upheld 14 October: supervision asked by Sat 17 -> 19 October",
     "criminal_transfer", "market_bureau", "enforcement_officer", at(2020, 9, 28, 9), TRANSFER,
     [*TRANSFERRED,
      ("police_liaison", "decide_not_file", at(2020, 10, 9), {**BACK, "reason": "情节显著轻微"}),
      ("enforcement_officer", "request_reconsideration", at(2020, 10, 12),
       {"police_unit": unit("police"), "reason": "货值金额已达立案标准"}),
      ("police_liaison", "uphold_refusal", at(2020, 10, 14), {**BACK, "reason": "维持"})],
     {"transfer": ("met", at(2020, 10, 1, 16)), "police_decision": ("met", D(2020, 10, 9)),
      "reconsideration_request": ("met", D(2020, 10, 12)),
      "police_reconsideration": ("met", D(2020, 10, 15)),
      "supervision_request": ("running", D(2020, 10, 19))}),
    ("transfer: police file 9 October 2020, exhibits handed over within 3 days -> 12 October",
     "criminal_transfer", "market_bureau", "enforcement_officer", at(2020, 9, 28, 9), TRANSFER,
     [*TRANSFERRED,
      ("police_liaison", "decide_file", at(2020, 10, 9), {**BACK, "notice": "云公立告〔2020〕7号"})],
     {"hand_over": ("running", D(2020, 10, 12))}),
    ("transfer: police not competent 2 October 20:00, forward within 24 hours -> 3 October 20:00",
     "criminal_transfer", "market_bureau", "enforcement_officer", at(2020, 9, 28, 9), TRANSFER,
     [*TRANSFERRED,
      ("police_liaison", "find_not_competent", at(2020, 10, 2, 20), {"reason": "属铁路公安管辖"})],
     {"police_decision": ("met", D(2020, 10, 9)), "police_forward": ("running", at(2020, 10, 3, 20))}),
]  # fmt: skip


def _rows():
    """Each row's first element is its test id."""
    return [pytest.param(*row[1:], id=row[0]) for row in TABLE]


def run(cast, procedure, unit_attr, opener, opened, data, steps):
    case = engine.open_case(
        procedure,
        unit=getattr(cast, unit_attr),
        actor=getattr(cast, opener),
        data=resolve(cast, data),
        at=opened,
    )
    for who, action, when, step_data in steps:
        engine.act(
            case,
            action,
            actor=getattr(cast, who),
            data=resolve(cast, step_data),
            at=when,
        )
    return case


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("procedure", "unit_attr", "opener", "opened", "data", "steps", "expected"), _rows()
)
def test_due_dates(
    district, procedure, unit_attr, opener, opened, data, steps, expected
):
    case = run(district, procedure, unit_attr, opener, opened, data, steps)
    found = {}
    for d in case.deadlines.order_by("pk"):  # the newest row of a name wins (restarts)
        found[d.name] = d
    for name, (status, due) in expected.items():
        d = found[name]
        if isinstance(due, dt.datetime):
            got = (d.status, d.due_at.astimezone(TZ))
        else:
            got = (d.status, d.due_on)
        assert got == (status, due), (name, got, (status, due), d.explanation)


# -- the files themselves --------------------------------------------------------------------


def test_every_file_of_the_family_loads_and_opens_only_known_procedures():
    by_key, errors = registry.load_all()
    mine = [s for key in MINE for s in by_key[key]]
    files = [
        "cppcc_proposal.yaml",
        "criminal_transfer.yaml",
        "npc_suggestion.yaml",
        "penalty_case.yaml",
        "penalty_case_2017.yaml",
    ]
    assert [str(e) for e in errors if e.file in files] == []
    assert sorted(s.file for s in mine) == files
    for spec in mine:
        for action in spec.actions.values():
            for target in action.opens:
                assert target in by_key, (spec.file, action.name, target)
        for d in spec.deadlines.values():
            assert d.basis.strip(), (spec.file, d.name)
            # A rule the reference leaves unconfirmed carries 待核实 in its basis too.
            if "待核实" in d.basis:
                assert d.unverified or d.name == "decision", (spec.file, d.name)


@pytest.mark.parametrize(
    ("key", "version", "verified", "unverified"),
    [
        ("npc_suggestion", "1", ["reply", "reply_difficult"], []),
        ("cppcc_proposal", "1", [], ["reply", "reply_difficult"]),
        (
            "penalty_case",
            "2021",
            ["decision", "hearing_request", "service", "withdrawal", "payment"],
            ["statement", "review"],
        ),
        (
            "penalty_case",
            "2017",
            ["publication", "seizure", "reminder"],
            ["decision", "hearing_request", "service", "withdrawal", "payment"],
        ),
        (
            "criminal_transfer",
            "2020",
            ["transfer", "police_forward"],
            ["approval", "police_decision", "hand_over"],
        ),
    ],
)
def test_unverified_rules_are_marked(key, version, verified, unverified):
    spec = registry.spec_for(key, version=version)
    assert [n for n in verified if spec.deadlines[n].unverified] == []
    assert [n for n in unverified if not spec.deadlines[n].unverified] == []


def test_the_two_penalty_laws_differ_where_the_reference_says():
    new = registry.spec_for("penalty_case", version="2021")
    old = registry.spec_for("penalty_case", version="2017")
    assert str(new.deadlines["hearing_request"].within) == "5个工作日"
    assert str(old.deadlines["hearing_request"].within) == "3日"
    assert "第六十条" in new.deadlines["decision"].basis
    assert "未规定办案期限" in old.deadlines["decision"].basis
    assert new.publish["decided"] == {"what": "penalty_decision", "redact": True}
    assert new.actions["decide"].opens == ("reconsideration", "litigation")
    assert new.actions["refer_crime"].opens == ("criminal_transfer",)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("filed", "version", "hearing_due"),
    [
        # 14 July 2021, last day of the 2017 law: 3 days -> Sat 17 July -> Mon 19 July
        (at(2021, 7, 14), "2017", D(2021, 7, 19)),
        # 15 July 2021, first day of the 2021 law: 5 working days 16, 19, 20, 21, 22 July
        (at(2021, 7, 15), "2021", D(2021, 7, 22)),
    ],
)
def test_a_case_follows_the_law_in_force_when_it_was_filed(
    district, filed, version, hearing_due
):
    steps = [investigate(filed), notify(filed, hearing=True)]
    case = run(
        district, "penalty_case", "market_bureau", "enforcement_officer", filed,
        PENALTY, steps,
    )  # fmt: skip
    assert case.procedure_version == version
    assert case.deadlines.get(name="hearing_request").due_on == hearing_due


# -- happy paths -------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("procedure", "data", "contact"),
    [
        ("npc_suggestion", NPC, "contact_deputy"),
        ("cppcc_proposal", CPPCC, "contact_proposer"),
    ],
)
def test_suggestion_goes_to_the_lead_unit_and_is_redone_until_the_author_is_satisfied(
    district, procedure, data, contact
):
    c = district
    steps = [
        ("npc_liaison", "assign", at(2020, 3, 27),
         {**ASSIGN, "co_unit_2": unit("police")}),
        ("department_officer", contact, at(2020, 4, 10), {"how": "visit"}),
        ("department_officer", "receive_co_opinion", at(2020, 4, 20),
         {"co_unit": unit("taihe"), "opinion": "同意主办单位意见"}),
        ("department_chief", "reply", at(2020, 6, 1),
         {"result": "C", "reply_text": "因用地条件限制，需以后研究解决"}),
        ("department_officer", "record_unsatisfied", at(2020, 6, 15),
         {"opinion": "答复过于笼统"}),
        ("department_chief", "redo", at(2020, 6, 16), {"plan": "重新调研选址"}),
        ("department_chief", "reply", at(2020, 7, 20),
         {"result": "B", "reply_text": "已列入明年改造计划"}),
        ("department_officer", "record_satisfied", at(2020, 8, 1),
         {"satisfaction": "basically_satisfied"}),
    ]  # fmt: skip
    case = run(c, procedure, "office", "npc_liaison", at(2020, 3, 20), data, steps)
    case.refresh_from_db()
    assert (case.state, case.is_open, case.unit) == ("closed", False, c.market_bureau)
    assert case.data["co_unit"] == c.taihe.credit_code
    assert case.data["co_unit_2"] == c.police.credit_code
    assert case.data["result"] == "B"
    assert case.deadlines.get(name="reply").status == "met"
    assert [e.action for e in case.events.order_by("seq")].count("reply") == 2


@pytest.mark.django_db
def test_penalty_case_runs_from_filing_to_closing_under_the_2021_law(district):
    c = district
    steps = [
        ("enforcement_officer", "collect_evidence", at(2021, 8, 5),
         {"officers": OFFICERS, "record": "现场检查，制作笔录"}),
        *DECIDED_2021,
        ("enforcement_officer", "record_publication", at(2021, 10, 22),
         {"where": "11440111DM0000005Q/2021-00015"}),
        ("enforcement_officer", "record_payment", at(2021, 11, 1), {"receipt": "缴款书0012"}),
        ("enforcement_chief", "close", at(2021, 11, 2), {"summary": "已履行，结案"}),
    ]  # fmt: skip
    case = run(
        c, "penalty_case", "market_bureau", "enforcement_officer", at(2021, 8, 2),
        PENALTY, steps,
    )  # fmt: skip
    case.refresh_from_db()
    assert case.procedure_version == "2021"
    assert case.number == "云执罚〔2021〕1号"
    assert (case.state, case.is_open) == ("closed", False)
    statuses = dict(case.deadlines.values_list("name", "status"))
    assert statuses == {
        "decision": "met",
        "hearing_request": "met",
        "review": "met",
        "service": "met",
        "publication": "met",
        "payment": "met",
    }
    # Every step is on the record, with the officers who took part.
    conclude = case.events.get(action="conclude_investigation")
    assert conclude.data["officers"] == OFFICERS


@pytest.mark.django_db
def test_criminal_transfer_moves_between_agency_and_police_and_ends_with_the_exhibits(
    district,
):
    c = district
    case = run(
        c, "criminal_transfer", "market_bureau", "enforcement_officer",
        at(2020, 9, 28, 9), TRANSFER, [],
    )  # fmt: skip
    assert case.number == "云行刑移〔2020〕1号"
    owners = []
    police_unit_of_deadline = None
    for who, action, when, data in [
        *TRANSFERRED,
        (
            "police_liaison",
            "decide_file",
            at(2020, 10, 4),
            {**BACK, "notice": "立案告知书"},
        ),
        (
            "enforcement_officer",
            "hand_over",
            at(2020, 10, 6),
            {"items": "涉案食品一批"},
        ),
    ]:
        engine.act(case, action, actor=getattr(c, who), data=resolve(c, data), at=when)
        owners.append(case.unit.short_name)
        if action == "accept":
            police_unit_of_deadline = case.deadlines.get(name="police_decision").unit
    assert owners == [
        "区市场监管局",
        "区公安分局",
        "区公安分局",
        "区市场监管局",
        "区市场监管局",
    ]
    case.refresh_from_db()
    assert (case.state, case.is_open) == ("closed", False)
    # The police's 3 days stand in the police's list while the police hold the case.
    assert police_unit_of_deadline == c.police
    assert case.deadlines.get(name="hand_over").status == "met"


# -- refusals ----------------------------------------------------------------------------------


def _opened(cast, procedure):
    if procedure in ("npc_suggestion", "cppcc_proposal"):
        data = NPC if procedure == "npc_suggestion" else CPPCC
        return run(cast, procedure, "office", "npc_liaison", at(2020, 3, 20), data, [])
    if procedure == "penalty_case":
        return run(
            cast, procedure, "market_bureau", "enforcement_officer", at(2021, 8, 2),
            PENALTY, [],
        )  # fmt: skip
    return run(
        cast, procedure, "market_bureau", "enforcement_officer", at(2020, 9, 28),
        TRANSFER, [],
    )  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("procedure", "who", "action", "data"),
    [
        # the deputies' liaison assigns; a department officer may not
        ("npc_suggestion", "department_officer", "assign", ASSIGN),
        ("cppcc_proposal", "enforcement_officer", "assign", ASSIGN),
        # only the agency head suspends a penalty case
        ("penalty_case", "enforcement_officer", "suspend", {"reason": "需要"}),
        # the police may not approve the agency's transfer
        ("criminal_transfer", "police_liaison", "approve", {}),
    ],
)
def test_wrong_role_is_refused(district, procedure, who, action, data):
    case = _opened(district, procedure)
    with pytest.raises(ActionNotAllowed) as info:
        engine.act(
            case, action, actor=getattr(district, who),
            data=resolve(district, data), at=at(2021, 8, 10),
        )  # fmt: skip
    assert info.value.code == "wrong_role"
    case.refresh_from_db()
    assert case.version == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("procedure", "who", "action", "data", "missing"),
    [
        (
            "npc_suggestion",
            "npc_liaison",
            "assign",
            {"co_unit": unit("taihe")},
            "lead_unit",
        ),
        ("cppcc_proposal", "npc_liaison", "assign_difficult", ASSIGN, "reason"),
        ("penalty_case", "enforcement_chief", "suspend", {}, "reason"),
        ("criminal_transfer", "enforcement_chief", "refuse_approval", {}, "reason"),
    ],
)
def test_missing_required_field_is_refused(
    district, procedure, who, action, data, missing
):
    case = _opened(district, procedure)
    with pytest.raises(InvalidData) as info:
        engine.act(
            case, action, actor=getattr(district, who),
            data=resolve(district, data), at=at(2021, 8, 10),
        )  # fmt: skip
    assert list(info.value.errors) == [missing]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("officers", "problem"),
    [
        (["enforcement_officer"], "至少需要2名不同的执法人员"),
        (["enforcement_officer", "enforcement_officer"], "至少需要2名不同的执法人员"),
        # 周俊杰 (department_officer) holds no enforcement certificate
        (
            ["enforcement_officer", "department_officer"],
            "周俊杰在2021-08-20没有有效的行政执法证件",
        ),
    ],
)
def test_investigation_needs_two_certified_officers(district, officers, problem):
    case = _opened(district, "penalty_case")
    with pytest.raises(InvalidData) as info:
        engine.act(
            case, "conclude_investigation", actor=district.enforcement_officer,
            data={"officers": officers, "report": "调查终结"}, at=at(2021, 8, 20),
        )  # fmt: skip
    assert list(info.value.errors) == ["officers"]
    assert problem in info.value.errors["officers"]


@pytest.mark.django_db
def test_transfer_team_needs_two_certified_officers(district):
    with pytest.raises(InvalidData) as info:
        engine.open_case(
            "criminal_transfer",
            unit=district.market_bureau,
            actor=district.enforcement_officer,
            data={**TRANSFER, "team": ["enforcement_officer"]},
            at=at(2020, 9, 28),
        )
    assert list(info.value.errors) == ["team"]


@pytest.mark.django_db
def test_no_decision_without_legal_review_or_a_recorded_finding_that_none_is_needed(
    district,
):
    c = district
    steps = [*HEARD_2021[:2], ("enforcement_officer", "waive", at(2021, 9, 24), WAIVE)]
    case = run(
        c, "penalty_case", "market_bureau", "enforcement_officer", at(2021, 8, 2),
        PENALTY, steps,
    )  # fmt: skip
    with pytest.raises(ActionNotAllowed) as info:
        engine.act(
            case, "decide", actor=c.enforcement_chief, data={}, at=at(2021, 9, 27)
        )
    assert info.value.code == "wrong_state"
    engine.act(
        case, "submit_review", actor=c.enforcement_officer,
        data={"ground": "complex"}, at=at(2021, 9, 27),
    )  # fmt: skip
    # Only the legal reviewer passes a review, and a failed review sends the case back.
    with pytest.raises(ActionNotAllowed):
        engine.act(
            case, "pass_review", actor=c.enforcement_chief,
            data={"opinion": "同意"}, at=at(2021, 9, 28),
        )  # fmt: skip
    engine.act(
        case, "return_review", actor=c.enforcement_reviewer,
        data={"opinion": "证据不足"}, at=at(2021, 9, 28),
    )  # fmt: skip
    assert case.state == "filed"
    with pytest.raises(ActionNotAllowed):
        engine.act(
            case, "decide", actor=c.enforcement_chief, data={}, at=at(2021, 9, 29)
        )
    review = case.deadlines.get(name="review")
    assert (review.status, review.unverified) == ("met", True)


@pytest.mark.django_db
def test_a_hearing_can_be_requested_only_once(district):
    c = district
    steps = [*HEARD_2021]
    case = run(
        c, "penalty_case", "market_bureau", "enforcement_officer", at(2021, 8, 2),
        PENALTY, steps,
    )  # fmt: skip
    with pytest.raises(ActionNotAllowed) as info:
        engine.act(
            case, "request_hearing", actor=c.enforcement_officer, at=at(2021, 10, 9)
        )
    assert info.value.code == "once_only"


@pytest.mark.django_db
def test_the_agency_cannot_act_for_the_police_nor_the_police_for_the_agency(district):
    c = district
    case = run(
        c, "criminal_transfer", "market_bureau", "enforcement_officer",
        at(2020, 9, 28, 9), TRANSFER, TRANSFERRED[:2],
    )  # fmt: skip
    assert case.unit == c.police
    with pytest.raises(ActionNotAllowed) as info:
        engine.act(case, "accept", actor=c.enforcement_officer, at=at(2020, 10, 2))
    assert info.value.code == "wrong_role"
    assert [a.name for a in engine.available_actions(case, c.police_liaison)] == [
        "accept"
    ]
    assert engine.available_actions(case, c.enforcement_officer) == []


# -- hours and links ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_24_hour_transfer_falls_due_on_the_holiday_at_the_same_hour(district):
    case = run(
        district, "criminal_transfer", "market_bureau", "enforcement_officer",
        at(2020, 9, 28, 9), TRANSFER,
        [("enforcement_chief", "approve", at(2020, 9, 30, 17, 30), {})],
    )  # fmt: skip
    d = case.deadlines.get(name="transfer")
    assert (d.due_on, d.due_at.astimezone(TZ)) == (
        D(2020, 10, 1),
        at(2020, 10, 1, 17, 30),
    )
    assert d.explanation.startswith(
        "移送公安机关期限 2020-10-01：2020-09-30 17:30批准移送"
    )
    assert not d.unverified


@pytest.mark.django_db
def test_reconsideration_and_transfer_opened_from_a_penalty_case_are_linked_both_ways(
    district,
):
    c = district
    penalty = run(
        c, "penalty_case", "market_bureau", "enforcement_officer", at(2021, 8, 2),
        PENALTY, [*DECIDED_2021],
    )  # fmt: skip
    recon = engine.open_case(
        "reconsideration",
        unit=c.justice_bureau,
        actor=c.reconsideration_officer,
        data={
            "respondent": c.market_bureau.name,
            "act_challenged": "云执罚决〔2021〕15号行政处罚决定",
            "request": "撤销该行政处罚决定",
        },
        at=at(2021, 11, 5),
        parent=penalty,
    )
    # Both ways for one who reads both; the district leader (the reconsideration organ)
    # reads the reconsideration but not the penalty file, so not the link to it.
    assert selectors.linked_cases(penalty, c.admin) == [("to", recon)]
    assert selectors.linked_cases(recon, c.admin) == [("from", penalty)]
    assert selectors.linked_cases(recon, c.district_leader) == []

    other = run(
        c, "penalty_case", "market_bureau", "enforcement_officer", at(2021, 8, 3),
        PENALTY,
        [("enforcement_officer", "refer_crime", at(2021, 8, 9), {"reason": "货值金额巨大"})],
    )  # fmt: skip
    transfer = engine.open_case(
        "criminal_transfer",
        unit=c.market_bureau,
        actor=c.enforcement_officer,
        data=TRANSFER,
        at=at(2021, 8, 9),
        parent=other,
    )
    assert other.state == "transferred"
    assert selectors.linked_cases(other, c.enforcement_officer) == [("to", transfer)]
    assert selectors.linked_cases(transfer, c.enforcement_officer) == [("from", other)]
    assert Case.objects.get(pk=transfer.pk).links_in.get().from_case == other


# -- through the workbench -----------------------------------------------------------------------


def _post(client, case, action, fields, when):
    data = {f"{action}-{k}": v for k, v in fields.items()}
    data[f"{action}-at"] = when
    data["version"] = case.version
    url = reverse("workbench:case-act", args=[case.number, action])
    return client.post(url, data)


@pytest.mark.django_db
def test_workbench_forms_take_unit_and_officer_fields_and_hand_the_case_over(
    client, district
):
    c = district
    npc = run(c, "npc_suggestion", "office", "npc_liaison", at(2020, 3, 20), NPC, [])
    client.force_login(c.npc_liaison)
    assert (
        client.get(reverse("workbench:case-detail", args=[npc.number])).status_code
        == 200
    )
    response = _post(
        client, npc, "assign",
        {"lead_unit": c.market_bureau.credit_code, "co_unit": c.taihe.credit_code},
        "2020-03-27T10:00",
    )  # fmt: skip
    assert response.status_code == 302
    npc.refresh_from_db()
    assert (npc.state, npc.unit) == ("handling", c.market_bureau)

    penalty = run(
        c, "penalty_case", "market_bureau", "enforcement_officer", at(2021, 8, 2),
        PENALTY, [],
    )  # fmt: skip
    client.force_login(c.enforcement_officer)
    one = _post(
        client, penalty, "conclude_investigation",
        {"officers": "enforcement_officer", "report": "调查终结"}, "2021-08-20T10:00",
    )  # fmt: skip
    assert one.status_code == 400
    assert "至少需要2名不同的执法人员" in one.content.decode()
    two = _post(
        client, penalty, "conclude_investigation",
        {"officers": "enforcement_officer,enforcement_officer2", "report": "调查终结"},
        "2021-08-20T10:00",
    )  # fmt: skip
    assert two.status_code == 302
    penalty.refresh_from_db()
    assert penalty.state == "investigated"

    transfer = run(
        c, "criminal_transfer", "market_bureau", "enforcement_officer",
        at(2020, 9, 28, 9), TRANSFER, TRANSFERRED[:2],
    )  # fmt: skip
    client.force_login(c.police_liaison)
    page = client.get(reverse("workbench:case-detail", args=[transfer.number]))
    assert page.status_code == 200
    assert _post(client, transfer, "accept", {}, "2020-10-02T11:00").status_code == 302
    transfer.refresh_from_db()
    assert transfer.state == "police_reviewing"
