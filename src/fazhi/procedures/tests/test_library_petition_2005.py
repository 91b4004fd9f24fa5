"""信访 under the 2005 信访条例: petitions of 2020 follow it, with no objection window."""

import datetime as dt

from fazhi.procedures import engine

from .conftest import at


def test_a_2020_petition_follows_the_2005_regulation(cast):
    officer = cast.petition_officer
    case = engine.open_case(
        "petition",
        unit=cast.petition_bureau,
        actor=officer,
        data={"content": "反映小区噪声扰民", "channel": "letter"},
        at=at(2020, 9, 25),
    )
    assert case.procedure_version == "2005"
    # 15 days from 25 September end on Saturday 10 October, a working day in 2020.
    assert case.deadlines.get(name="registration").due_on == dt.date(2020, 10, 10)
    engine.act(
        case,
        "route",
        actor=officer,
        at=at(2020, 9, 28),
        data={"organ": cast.taihe.credit_code, "mode": "assign"},
    )
    assert not case.deadlines.filter(name="objection").exists()
    engine.act(case, "accept", actor=cast.town_officer, at=at(2020, 10, 12))
    assert case.deadlines.get(name="handling").due_on == dt.date(2020, 12, 11)
    assert "信访条例（2005）第三十三条" in case.deadlines.get(name="handling").basis
