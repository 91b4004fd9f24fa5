"""A 行政处罚 case walked to its decision through the engine, for the publicity tests."""

import datetime as dt
from zoneinfo import ZoneInfo

from fazhi.procedures import engine

TZ = ZoneInfo("Asia/Shanghai")
OFFICERS = ["enforcement_officer", "enforcement_officer2"]
PARTY = "张建国"
ID_NUMBER = "440111198503152317"
PHONE = "13812345678"
DECISION_NO = "云市监罚决〔2024〕15号"
SUMMARY = (
    f"当事人{PARTY}（身份证号码{ID_NUMBER}，联系电话{PHONE}）在太和镇经营的"
    "广州市白云区和龙食品商行（统一社会信用代码91440111MA5CXXXX1X）销售超过保质期的食品，"
    "违反《中华人民共和国食品安全法》第三十四条第十项，依据第一百二十四条，罚款人民币五万元。"
)


def at(y, m, d, h=10, minute=0):
    return dt.datetime(y, m, d, h, minute, tzinfo=TZ)


def step(capture, case, action, actor, data, when):
    """Take one step and run what happens after commit (the case_changed receivers)."""
    case.refresh_from_db()
    with capture(execute=True):
        engine.act(case, action, actor=actor, data=data, at=when)


def decided_case(cast, capture, *, party=PARTY, summary=SUMMARY):
    """Open a penalty case on Monday 3 June 2024 and decide it on Wednesday 12 June."""
    c = cast
    with capture(execute=True):
        case = engine.open_case(
            "penalty_case",
            unit=c.market_bureau,
            actor=c.enforcement_officer,
            data={
                "party": party,
                "offence": "销售超过保质期的食品",
                "source": "complaint",
            },
            at=at(2024, 6, 3),
        )
    steps = [
        ("conclude_investigation", c.enforcement_officer,
         {"officers": OFFICERS, "report": "违法事实清楚，证据确凿"}, at(2024, 6, 4)),
        ("notify", c.enforcement_officer, {"intended": "罚款五万元"}, at(2024, 6, 5)),
        ("waive", c.enforcement_officer, {"how": "waived"}, at(2024, 6, 6)),
        ("confirm_not_major", c.enforcement_chief,
         {"reason": "不属于第五十八条情形"}, at(2024, 6, 7)),
        ("decide", c.enforcement_chief,
         {"decision_no": DECISION_NO, "penalty": "fine", "fine": "50000",
          "summary": summary}, at(2024, 6, 12)),
    ]  # fmt: skip
    for action, actor, data, when in steps:
        step(capture, case, action, actor, data, when)
    case.refresh_from_db()
    return case
