"""Litigation, petitions, mediation, legal aid, proactive disclosure and 12345 work orders.

The first table lists, per procedure, the day a case starts, the steps taken with their dates,
and the due dates expected. Every date was counted by hand on the State Council calendar:

- 2020: National Day and Mid-Autumn rest 1-8 October; Sunday 27 September and Saturday
  10 October are working days.
- 2025: National Day and Mid-Autumn rest 1-8 October; Sunday 28 September and Saturday
  11 October are working days. 2026: 1-3 January rest.

Calendar-day (日) and month periods ending on a rest day move to the next working day; working
days (工作日) count only working days, 调休 Saturdays and Sundays included. The start day is
not counted. A lawyer can add a row here for any case worth pinning down.
"""

import datetime as dt

import pytest
import time_machine

from fazhi.procedures import engine
from fazhi.procedures.errors import ActionNotAllowed, InvalidData
from fazhi.procedures.models import Case, CaseLink

from .conftest import at

D = dt.date

LITIGATION = {
    "court": "广州铁路运输法院",
    "plaintiff": "某贸易有限公司",
    "defendant": "广州市白云区市场监督管理局",
    "defendant_position": "sole",
    "act_challenged": "云市监罚〔2020〕12号行政处罚决定",
}
PETITION = {"content": "反映小区旁餐饮店油烟扰民，请求处理", "channel": "online"}
MEDIATION = {
    "parties": "陈某（申请人）、王某（被申请人）",
    "dispute_type": "neighbours",
    "source": "application",
    "summary": "楼上漏水致楼下天花板受损，双方就维修费用发生争议",
}
LEGAL_AID = {
    "source": "application",
    "matter_type": "labour",
    "matter": "追索劳动报酬",
}
PROACTIVE = {
    "title": "白云区2020年第三季度“双随机、一公开”抽查结果",
    "summary": "公布第三季度食品经营者抽查结果",
    "generated_on": "2020-09-25",
    "change": "created",
    "category": "supervision",
}
HOTLINE = {
    "category": "complaint",
    "channel": "phone",
    "description": "某商铺占道经营，影响通行",
}

DEFENCE = {"evidence_list": "处罚决定书、询问笔录、现场检查笔录"}
JUDGMENT = {"outcome": "win", "judgment_summary": "驳回原告诉讼请求"}
RULING = {"outcome": "withdrawal", "judgment_summary": "准许原告撤诉"}
HANDLER = "11440111DM0000005Q"  # 区市场监管局
TAIHE = "11440111DM00000574"  # 太和镇
DISTRICT = "11440111007502337T"  # 区人民政府
PETITION_BUREAU = "11440111DM0000022H"  # 区信访局

# (case, procedure, unit, opener, opened, opening data, steps, {deadline: (status, due)})
# A step is (actor, action, when, data).
TABLE = [
    # -- 行政应诉 (行政诉讼法 art. 101: calendar days) -----------------------------------
    (
        "litigation: 15 days from the complaint end on 3 October, moved past the holiday",
        "litigation",
        "market_bureau",
        "department_officer",
        at(2020, 9, 18),
        LITIGATION,
        [],
        {
            "defence": ("running", D(2020, 10, 9)),
            "first_instance": ("running", D(2021, 3, 18)),
        },
    ),
    (
        "litigation: defence filed in time; 15 days to appeal a judgment end on 8 October",
        "litigation",
        "market_bureau",
        "department_officer",
        at(2020, 9, 18),
        LITIGATION,
        [
            ("department_officer", "submit_defence", at(2020, 9, 21), DEFENCE),
            ("department_officer", "receive_judgment", at(2020, 9, 23), JUDGMENT),
        ],
        {
            "defence": ("met", D(2020, 10, 9)),
            "first_instance": ("met", D(2021, 3, 18)),
            # 23 September + 15 = 8 October, in the holiday → 9 October.
            "appeal_judgment": ("running", D(2020, 10, 9)),
        },
    ),
    (
        "litigation: 10 days to appeal a ruling served 25 September end on 5 October → 9 October",
        "litigation",
        "justice_bureau",
        "litigation_officer",
        at(2020, 9, 14),
        LITIGATION,
        [("litigation_officer", "receive_ruling", at(2020, 9, 25), RULING)],
        {
            "defence": ("met", D(2020, 9, 29)),
            "appeal_ruling": ("running", D(2020, 10, 9)),
        },
    ),
    (
        "litigation: second instance, 3 months from 9 October 2020 end on Saturday 9 January",
        "litigation",
        "market_bureau",
        "department_officer",
        at(2020, 9, 1),
        LITIGATION,
        [
            ("department_officer", "submit_defence", at(2020, 9, 10), DEFENCE),
            ("department_officer", "receive_judgment", at(2020, 9, 23), JUDGMENT),
            (
                "department_officer",
                "appeal",
                at(2020, 10, 9),
                {"appellant": "plaintiff"},
            ),
        ],
        {
            "appeal_judgment": ("met", D(2020, 10, 9)),
            "second_instance": ("running", D(2021, 1, 11)),
        },
    ),
    (
        "litigation entered on 18 September: the periods run from the service and filing dates",
        "litigation",
        "market_bureau",
        "department_officer",
        at(2020, 9, 18),
        {**LITIGATION, "served_on": "2020-09-11", "court_filed_on": "2020-09-04"},
        [],
        {
            # 11 September + 15 = Saturday 26 September → Sunday 27th, a working day (调休).
            "defence": ("running", D(2020, 9, 27)),
            # 4 September 2020 + 6 months = 4 March 2021.
            "first_instance": ("running", D(2021, 3, 4)),
        },
    ),
    (
        "litigation: a judgment served 14 September, recorded on the 23rd: appeal by 29 September",
        "litigation",
        "market_bureau",
        "department_officer",
        at(2020, 9, 1),
        LITIGATION,
        [
            ("department_officer", "submit_defence", at(2020, 9, 10), DEFENCE),
            (
                "department_officer",
                "receive_judgment",
                at(2020, 9, 23),
                {**JUDGMENT, "judgment_served_on": "2020-09-14"},
            ),
        ],
        {"appeal_judgment": ("running", D(2020, 9, 29))},
    ),
    (
        "litigation: delayed evidence due 15 days after the obstacle ends (6 October → 9 October)",
        "litigation",
        "market_bureau",
        "department_officer",
        at(2020, 9, 10),
        LITIGATION,
        [
            (
                "department_officer",
                "apply_evidence_delay",
                at(2020, 9, 15),
                {"reason": "原始执法记录存于受台风影响的档案室"},
            ),
            ("department_officer", "evidence_obstacle_removed", at(2020, 9, 21), {}),
        ],
        {
            "defence": ("running", D(2020, 9, 25)),
            "delayed_evidence": ("running", D(2020, 10, 9)),
        },
    ),
    # -- 信访 (信访工作条例 2022: 15/30/60 日 calendar, 5 个工作日) ---------------------
    (
        "petition: registered Saturday 20 September 2025, 15 days end on 5 October → 9 October",
        "petition",
        "petition_bureau",
        "petition_officer",
        at(2025, 9, 20),
        PETITION,
        [],
        {"registration": ("running", D(2025, 10, 9))},
    ),
    (
        "petition: routed 26 September; notice ends on working Saturday 11 October; "
        "objection window counts Sunday 28 September",
        "petition",
        "petition_bureau",
        "petition_officer",
        at(2025, 9, 20),
        PETITION,
        [
            (
                "petition_officer",
                "route",
                at(2025, 9, 26),
                {"organ": HANDLER, "mode": "transfer"},
            )
        ],
        {
            "registration": ("met", D(2025, 10, 9)),
            "acceptance_notice": ("running", D(2025, 10, 11)),
            "objection": ("running", D(2025, 10, 10)),
        },
    ),
    (
        "petition: 60 days from acceptance, then 30 more approved by the organ's head",
        "petition",
        "petition_bureau",
        "petition_officer",
        at(2025, 9, 20),
        PETITION,
        [
            (
                "petition_officer",
                "route",
                at(2025, 9, 26),
                {"organ": HANDLER, "mode": "assign"},
            ),
            ("department_officer", "accept", at(2025, 10, 9), {}),
            (
                "department_chief",
                "extend",
                at(2025, 11, 20),
                {"reason": "涉及多个部门，需联合执法核查"},
            ),
        ],
        {
            "acceptance_notice": ("met", D(2025, 10, 11)),
            "objection": ("met", D(2025, 10, 10)),
            # 9 October + 60 = 8 December; + 30 = 7 January 2026.
            "handling": ("running", D(2026, 1, 7)),
        },
    ),
    (
        "petition: an agreed objection gives the 信访部门 15 new days, the next organ full periods",
        "petition",
        "petition_bureau",
        "petition_officer",
        at(2025, 9, 20),
        PETITION,
        [
            (
                "petition_officer",
                "route",
                at(2025, 9, 26),
                {"organ": HANDLER, "mode": "transfer"},
            ),
            (
                "department_officer",
                "object",
                at(2025, 9, 29),
                {
                    "transferring_office": PETITION_BUREAU,
                    "reason": "属镇街属地管理事项",
                },
            ),
            ("petition_officer", "agree_objection", at(2025, 10, 9), {}),
            (
                "petition_officer",
                "route",
                at(2025, 10, 10),
                {"organ": TAIHE, "mode": "transfer"},
            ),
        ],
        {
            # Restarted on 9 October: + 15 = 24 October; met by the new routing.
            "registration": ("met", D(2025, 10, 24)),
            # 10 October + 15 = Saturday 25 October, a rest day → Monday 27 October.
            "acceptance_notice": ("running", D(2025, 10, 27)),
            # Saturday 11 October is a working day: 11, 13, 14, 15, 16 October.
            "objection": ("running", D(2025, 10, 16)),
        },
    ),
    (
        "petition: review and re-review 30 days each; the re-review hearing is not counted",
        "petition",
        "petition_bureau",
        "petition_officer",
        at(2025, 9, 1),
        PETITION,
        [
            (
                "petition_officer",
                "route",
                at(2025, 9, 2),
                {"organ": HANDLER, "mode": "transfer"},
            ),
            ("department_officer", "accept", at(2025, 9, 5), {}),
            (
                "department_officer",
                "answer",
                at(2025, 10, 20),
                {"result": "reject", "opinion": "经核查，油烟排放达标"},
            ),
            (
                "department_officer",
                "request_review",
                at(2025, 11, 3),
                {"review_organ": DISTRICT, "reasons": "不服处理意见"},
            ),
            (
                "district_leader",
                "review_decide",
                at(2025, 12, 1),
                {"review_result": "uphold", "review_opinion": "维持原处理意见"},
            ),
            (
                "district_leader",
                "request_re_review",
                at(2025, 12, 10),
                {"re_review_organ": "广州市人民政府", "reasons": "不服复查意见"},
            ),
            (
                "district_leader",
                "start_hearing",
                at(2025, 12, 15),
                {"hearing_on": "2025-12-15"},
            ),
            ("district_leader", "end_hearing", at(2025, 12, 22), {}),
        ],
        {
            "handling": ("met", D(2025, 11, 4)),
            "review_request": ("met", D(2025, 11, 19)),
            "review_decision": ("met", D(2025, 12, 3)),
            "re_review_request": ("met", D(2025, 12, 31)),
            # 10 December + 30 = 9 January; 16-22 December (7 days) paused → 16 January.
            "re_review_decision": ("running", D(2026, 1, 16)),
        },
    ),
    (
        "petition: answer, review and re-review periods all ending in the 2025 holiday",
        "petition",
        "petition_bureau",
        "petition_officer",
        at(2025, 8, 18),
        PETITION,
        [
            (
                "petition_officer",
                "route",
                at(2025, 8, 19),
                {"organ": HANDLER, "mode": "transfer"},
            ),
            ("department_officer", "accept", at(2025, 8, 20), {}),
            (
                "department_officer",
                "answer",
                at(2025, 9, 1),
                {"result": "explain", "opinion": "已向信访人解释"},
            ),
            (
                "department_officer",
                "request_review",
                at(2025, 9, 2),
                {"review_organ": DISTRICT, "reasons": "不服处理意见"},
            ),
            (
                "district_leader",
                "review_decide",
                at(2025, 9, 3),
                {"review_result": "uphold", "review_opinion": "维持"},
            ),
            (
                "district_leader",
                "request_re_review",
                at(2025, 9, 4),
                {"re_review_organ": "广州市人民政府", "reasons": "不服复查意见"},
            ),
        ],
        {
            # 20 August + 60 = Sunday 19 October → Monday 20 October.
            "handling": ("met", D(2025, 10, 20)),
            # 1, 2, 3 and 4 September + 30 = 1, 2, 3, 4 October, all rest days → 9 October.
            "review_request": ("met", D(2025, 10, 9)),
            "review_decision": ("met", D(2025, 10, 9)),
            "re_review_request": ("met", D(2025, 10, 9)),
            "re_review_decision": ("running", D(2025, 10, 9)),
        },
    ),
    # -- 人民调解 (calendar days and months) ---------------------------------------------
    (
        "mediation: one month from 8 September ends on 8 October → 9 October",
        "mediation",
        "mediation_committee",
        "mediator",
        at(2020, 9, 8),
        MEDIATION,
        [],
        {"mediation": ("running", D(2020, 10, 9))},
    ),
    (
        "mediation: one month from 31 August ends on 30 September (no 31 September)",
        "mediation",
        "mediation_committee",
        "mediator",
        at(2020, 8, 31),
        MEDIATION,
        [],
        {"mediation": ("running", D(2020, 9, 30))},
    ),
    (
        "mediation: 30 days to apply for confirmation; court accepts in 3 days, decides in 15",
        "mediation",
        "mediation_committee",
        "mediator",
        at(2020, 8, 20),
        MEDIATION,
        [
            (
                "mediator",
                "assign_mediator",
                at(2020, 8, 21),
                {"mediators": "mediator", "chosen_by": "committee"},
            ),
            (
                "mediator",
                "sign_agreement",
                at(2020, 9, 4),
                {"form": "written", "terms": "王某支付维修费3000元"},
            ),
            (
                "mediator",
                "apply_confirmation",
                at(2020, 9, 29),
                {"court": "白云区人民法院"},
            ),
            ("mediator", "court_accepts", at(2020, 10, 9), {}),
        ],
        {
            "mediation": ("met", D(2020, 9, 21)),
            # 4 September + 30 = 4 October, in the holiday → 9 October.
            "confirmation_application": ("met", D(2020, 10, 9)),
            # 29 September + 3 = 2 October → 9 October; met when the court accepts.
            "confirmation_acceptance": ("met", D(2020, 10, 9)),
            # 9 October + 15 = Saturday 24 October → Monday 26 October.
            "confirmation_decision": ("running", D(2020, 10, 26)),
        },
    ),
    # -- 法律援助 (日 counted as calendar days, unverified) -------------------------------
    (
        "legal aid: review 7 days from Friday 26 September 2025 ends on 3 October → 9 October",
        "legal_aid",
        "legal_aid_office",
        "legal_aid_officer",
        at(2025, 9, 26),
        LEGAL_AID,
        [],
        {"review": ("running", D(2025, 10, 9))},
    ),
    (
        "legal aid: the time the applicant takes to complete the file is not counted",
        "legal_aid",
        "legal_aid_office",
        "legal_aid_officer",
        at(2025, 9, 26),
        LEGAL_AID,
        [
            (
                "legal_aid_officer",
                "request_completion",
                at(2025, 9, 29),
                {"missing": "经济困难状况说明表"},
            ),
            ("legal_aid_officer", "receive_completion", at(2025, 10, 9), {}),
        ],
        # 27-29 September counted (3 days); 30 September - 9 October paused;
        # 10, 11, 12, 13 October make 7.
        {"review": ("running", D(2025, 10, 13))},
    ),
    (
        "legal aid: assignment 3 days from the grant end on 2 October → 9 October",
        "legal_aid",
        "legal_aid_office",
        "legal_aid_officer",
        at(2025, 9, 26),
        LEGAL_AID,
        [("legal_aid_officer", "grant", at(2025, 9, 29), {})],
        {
            "review": ("met", D(2025, 10, 9)),
            "assignment": ("running", D(2025, 10, 9)),
        },
    ),
    (
        "legal aid: assignment 3 days from a court's notice (art. 36)",
        "legal_aid",
        "legal_aid_office",
        "legal_aid_officer",
        at(2025, 9, 30),
        {**LEGAL_AID, "source": "notice", "matter_type": "criminal"},
        [
            (
                "legal_aid_officer",
                "accept_notice",
                at(2025, 9, 30),
                {"notifying_organ": "白云区人民法院"},
            )
        ],
        {"assignment_on_notice": ("running", D(2025, 10, 9))},
    ),
    (
        "legal aid: objection to a refusal decided in 5 days; an order to grant restarts 3 days",
        "legal_aid",
        "legal_aid_office",
        "legal_aid_officer",
        at(2025, 9, 26),
        LEGAL_AID,
        [
            (
                "legal_aid_officer",
                "refuse",
                at(2025, 9, 29),
                {"reason": "不符合经济困难标准"},
            ),
            (
                "legal_aid_officer",
                "object_to_refusal",
                at(2025, 9, 30),
                {"objection": "家庭收入已低于最低工资标准"},
            ),
            (
                "legal_chief",
                "order_grant",
                at(2025, 10, 9),
                {"reason": "申请人提交了新的收入证明"},
            ),
        ],
        {
            # 30 September + 5 = 5 October → 9 October.
            "objection_refusal_decision": ("met", D(2025, 10, 9)),
            # 9 October + 3 = Sunday 12 October → Monday 13 October.
            "assignment_after_correction": ("running", D(2025, 10, 13)),
        },
    ),
    (
        "legal aid: objection to a termination decided in 5 days (9 November → 10 November)",
        "legal_aid",
        "legal_aid_office",
        "legal_aid_officer",
        at(2025, 9, 26),
        LEGAL_AID,
        [
            ("legal_aid_officer", "grant", at(2025, 9, 29), {}),
            (
                "legal_aid_officer",
                "assign",
                at(2025, 9, 30),
                {"aid_lawyer": "广东某律师事务所 李律师"},
            ),
            (
                "legal_aid_officer",
                "terminate",
                at(2025, 11, 3),
                {"ground": "other_counsel", "reason": "受援人已自行委托律师"},
            ),
            (
                "legal_aid_officer",
                "object_to_termination",
                at(2025, 11, 4),
                {"objection": "委托合同已解除"},
            ),
        ],
        {
            "assignment": ("met", D(2025, 10, 9)),
            "objection_termination_decision": ("running", D(2025, 11, 10)),
        },
    ),
    # -- 主动公开 (working days) ---------------------------------------------------------
    (
        "proactive disclosure: 20 working days from 25 September 2020 end on 29 October",
        "proactive_disclosure",
        "market_bureau",
        "department_officer",
        at(2020, 9, 25),
        PROACTIVE,
        [],
        {"publication": ("running", D(2020, 10, 29))},
    ),
    (
        "proactive disclosure: published after the confidentiality review, in time",
        "proactive_disclosure",
        "market_bureau",
        "department_officer",
        at(2020, 9, 25),
        PROACTIVE,
        [
            (
                "department_officer",
                "submit_review",
                at(2020, 9, 28),
                {"proposed_scope": "full"},
            ),
            (
                "department_chief",
                "approve",
                at(2020, 9, 29),
                {"review_opinion": "不涉及国家秘密"},
            ),
            (
                "department_officer",
                "publish",
                at(2020, 10, 9),
                {"index_number": "11440111DM0000005Q/2020-00231", "channel": "website"},
            ),
        ],
        {"publication": ("met", D(2020, 10, 29))},
    ),
    # -- 12345 work orders (working days, unverified) ----------------------------------
    (
        "hotline: a consultation dispatched 30 September is due on working Saturday 10 October",
        "hotline_order",
        "command_center",
        "dispatcher",
        at(2020, 9, 30, 9),
        {**HOTLINE, "category": "consultation"},
        [
            (
                "dispatcher",
                "dispatch_consultation",
                at(2020, 9, 30, 10),
                {"handler": HANDLER},
            )
        ],
        {"handling_consultation": ("running", D(2020, 10, 10))},
    ),
    (
        "hotline: help 10 working days from 25 September, counting 27 September and 10 October",
        "hotline_order",
        "command_center",
        "dispatcher",
        at(2020, 9, 25, 9),
        {**HOTLINE, "category": "help"},
        [("dispatcher", "dispatch_help", at(2020, 9, 25, 10), {"handler": HANDLER})],
        {"handling_help": ("running", D(2020, 10, 15))},
    ),
    (
        "hotline: complaint 15 working days from 25 September end on 22 October",
        "hotline_order",
        "command_center",
        "dispatcher",
        at(2020, 9, 25, 9),
        HOTLINE,
        [
            (
                "dispatcher",
                "dispatch_complaint",
                at(2020, 9, 25, 10),
                {"handler": HANDLER},
            )
        ],
        {"handling_complaint": ("running", D(2020, 10, 22))},
    ),
    (
        "hotline: the dispatcher approves the unit's extension by 10 working days",
        "hotline_order",
        "command_center",
        "dispatcher",
        at(2020, 9, 25, 9),
        {**HOTLINE, "category": "suggestion"},
        [
            ("dispatcher", "dispatch_help", at(2020, 9, 25, 10), {"handler": HANDLER}),
            ("department_officer", "sign", at(2020, 9, 27), {}),
            (
                "department_officer",
                "request_extension",
                at(2020, 10, 12),
                {"reason": "需会同城管部门现场核查"},
            ),
            ("dispatcher", "approve_extension_help", at(2020, 10, 13), {}),
        ],
        # 15 October + 10 working days: 16, 19-23, 26-29 October.
        {"handling_help": ("running", D(2020, 10, 29))},
    ),
    (
        "hotline: a consultation extended by 2 working days from Saturday 10 October",
        "hotline_order",
        "command_center",
        "dispatcher",
        at(2020, 9, 30, 9),
        {**HOTLINE, "category": "consultation"},
        [
            (
                "dispatcher",
                "dispatch_consultation",
                at(2020, 9, 30, 10),
                {"handler": HANDLER},
            ),
            ("department_officer", "sign", at(2020, 9, 30, 11), {}),
            (
                "department_officer",
                "request_extension",
                at(2020, 10, 9),
                {"reason": "需查询历年档案"},
            ),
            ("dispatcher", "approve_extension_consultation", at(2020, 10, 9, 15), {}),
        ],
        {"handling_consultation": ("running", D(2020, 10, 13))},
    ),
    (
        "hotline: a complaint extended by 15 working days from 22 October",
        "hotline_order",
        "command_center",
        "dispatcher",
        at(2020, 9, 25, 9),
        HOTLINE,
        [
            (
                "dispatcher",
                "dispatch_complaint",
                at(2020, 9, 25, 10),
                {"handler": HANDLER},
            ),
            ("department_officer", "sign", at(2020, 9, 28), {}),
            (
                "department_officer",
                "request_extension",
                at(2020, 10, 20),
                {"reason": "涉及多部门联合执法"},
            ),
            ("command_chief", "approve_extension_complaint", at(2020, 10, 21), {}),
        ],
        # 23, 26-30 October, 2-6 and 9-12 November.
        {"handling_complaint": ("running", D(2020, 11, 12))},
    ),
    (
        "hotline: a returned order re-dispatched to the town starts a full new limit",
        "hotline_order",
        "command_center",
        "dispatcher",
        at(2020, 9, 25, 9),
        HOTLINE,
        [
            (
                "dispatcher",
                "dispatch_complaint",
                at(2020, 9, 25, 10),
                {"handler": HANDLER},
            ),
            (
                "department_officer",
                "return_order",
                at(2020, 9, 28),
                {
                    "return_reason": "not_our_duty",
                    "return_note": "占道经营属镇街综合执法",
                },
            ),
            (
                "dispatcher",
                "dispatch_complaint",
                at(2020, 9, 29),
                {"handler": TAIHE, "instruction": "属地处置"},
            ),
        ],
        # 29 September + 15 working days: 30 Sep; 9, 10, 12-16, 19-23, 26, 27 October.
        {"handling_complaint": ("running", D(2020, 10, 27))},
    ),
]


def _clock(opened: dt.datetime):
    """Freeze the clock at the end of the year the case starts in (all steps are past)."""
    return time_machine.travel(at(opened.year, 12, 31, 18), tick=False)


def _walk(cast, procedure, unit, opener, opened, data, steps) -> Case:
    case = engine.open_case(
        procedure,
        unit=getattr(cast, unit),
        actor=getattr(cast, opener),
        data=data,
        subject=f"{procedure} 测试",
        at=opened,
    )
    for who, action, when, step_data in steps:
        engine.act(case, action, actor=getattr(cast, who), data=step_data, at=when)
    return case


@pytest.mark.parametrize(
    ("procedure", "unit", "opener", "opened", "data", "steps", "expected"),
    [row[1:] for row in TABLE],
    ids=[row[0] for row in TABLE],
)
def test_due_dates(
    demo_district, procedure, unit, opener, opened, data, steps, expected
):
    with _clock(opened):
        case = _walk(demo_district, procedure, unit, opener, opened, data, steps)
    found = {}
    for d in case.deadlines.order_by("pk"):
        # The newest row of a name wins (a restart or a new dispatch leaves the old one).
        found[d.name] = (d.status, d.due_on)
    for name, want in expected.items():
        assert found.get(name) == want, (name, found.get(name), want)


def test_extension_lengthens_the_period_before_it_is_moved_off_a_rest_day(
    demo_district,
):
    # given a court that accepted a confirmation on 9 October 2020: 15 days end on
    # Saturday 24 October, which alone would move to Monday 26 October
    steps = [
        (
            "mediator",
            "assign_mediator",
            at(2020, 8, 21),
            {"mediators": "mediator", "chosen_by": "committee"},
        ),
        (
            "mediator",
            "sign_agreement",
            at(2020, 9, 4),
            {"form": "oral", "terms": "赔偿3000元"},
        ),
        (
            "mediator",
            "apply_confirmation",
            at(2020, 9, 29),
            {"court": "白云区人民法院"},
        ),
        ("mediator", "court_accepts", at(2020, 10, 9), {}),
        # when the court president extends by 10 days before the period ends
        ("mediator", "court_extends", at(2020, 10, 20), {"reason": "需要核实"}),
    ]
    with _clock(at(2020, 8, 20)):
        case = _walk(
            demo_district,
            "mediation",
            "mediation_committee",
            "mediator",
            at(2020, 8, 20),
            MEDIATION,
            steps,
        )
    # then the period is 25 days from 9 October: 3 November (a Tuesday), not 10 days
    # added to the moved end (26 October + 10 = 5 November, two days too late).
    assert case.deadlines.get(name="confirmation_decision").due_on == D(2020, 11, 3)


# -- refusals: the wrong role, a missing required field ----------------------------------

# (procedure, unit, opener, opened, data, steps before, action, allowed, refused,
#  data of the action, a required field of it)
REFUSALS = [
    (
        "litigation",
        "market_bureau",
        "department_officer",
        at(2020, 9, 18),
        LITIGATION,
        [("department_officer", "submit_defence", at(2020, 9, 28), DEFENCE)],
        "record_hearing",
        "department_officer",
        "enforcement_officer",
        {
            "hearing_on": "2020-09-29",
            "principal_appeared": "head",
            "appearing": "局长 杨海涛",
        },
        "principal_appeared",
    ),
    (
        "petition",
        "petition_bureau",
        "petition_officer",
        at(2025, 9, 20),
        PETITION,
        [],
        "route",
        "petition_officer",
        "legal_aid_officer",
        {"organ": HANDLER, "mode": "assign"},
        "organ",
    ),
    (
        "petition",
        "petition_bureau",
        "petition_officer",
        at(2025, 9, 20),
        PETITION,
        [
            (
                "petition_officer",
                "route",
                at(2025, 9, 26),
                {"organ": HANDLER, "mode": "transfer"},
            ),
            ("department_officer", "accept", at(2025, 10, 9), {}),
        ],
        # Only the organ's head may extend, not its officer.
        "extend",
        "department_chief",
        "department_officer",
        {"reason": "情况复杂"},
        "reason",
    ),
    (
        "mediation",
        "mediation_committee",
        "mediator",
        at(2020, 9, 8),
        MEDIATION,
        [
            (
                "mediator",
                "assign_mediator",
                at(2020, 9, 9),
                {"mediators": "mediator", "chosen_by": "parties"},
            )
        ],
        "terminate",
        "mediator",
        "petition_officer",
        {"other_routes": "可向人民法院起诉"},
        "other_routes",
    ),
    (
        "legal_aid",
        "legal_aid_office",
        "legal_aid_officer",
        at(2025, 9, 26),
        LEGAL_AID,
        [("legal_aid_officer", "refuse", at(2025, 9, 29), {"reason": "不符合条件"})],
        # The 司法行政部门 decides objections, not the legal-aid institution.
        "object_to_refusal",
        "legal_chief",
        "mediator",
        {"objection": "不服"},
        "objection",
    ),
    (
        "legal_aid",
        "legal_aid_office",
        "legal_aid_officer",
        at(2025, 9, 26),
        LEGAL_AID,
        [
            ("legal_aid_officer", "refuse", at(2025, 9, 29), {"reason": "不符合条件"}),
            (
                "legal_aid_officer",
                "object_to_refusal",
                at(2025, 9, 30),
                {"objection": "不服"},
            ),
        ],
        "uphold",
        "legal_chief",
        "legal_aid_officer",
        {"reason": "维持"},
        "reason",
    ),
    (
        "proactive_disclosure",
        "market_bureau",
        "department_officer",
        at(2020, 9, 25),
        PROACTIVE,
        [
            (
                "department_officer",
                "submit_review",
                at(2020, 9, 28),
                {"proposed_scope": "full"},
            )
        ],
        # The officer who drafted it may not pass its confidentiality review.
        "approve",
        "department_chief",
        "department_officer",
        {"review_opinion": "不涉密"},
        "review_opinion",
    ),
    (
        "hotline_order",
        "command_center",
        "dispatcher",
        at(2020, 9, 25, 9),
        HOTLINE,
        [
            (
                "dispatcher",
                "dispatch_complaint",
                at(2020, 9, 25, 10),
                {"handler": HANDLER},
            ),
            ("department_officer", "sign", at(2020, 9, 27), {}),
        ],
        # A unit returns an order only with its reason; a dispatcher cannot return it.
        "return_order",
        "department_officer",
        "dispatcher",
        {"return_reason": "not_our_duty", "return_note": "属镇街职责"},
        "return_note",
    ),
]


@pytest.mark.parametrize(
    (
        "procedure",
        "unit",
        "opener",
        "opened",
        "data",
        "steps",
        "action",
        "allowed",
        "refused",
        "action_data",
        "required",
    ),
    REFUSALS,
    ids=[f"{r[0]}-{r[6]}" for r in REFUSALS],
)
def test_wrong_role_and_missing_field_are_refused(
    demo_district,
    procedure,
    unit,
    opener,
    opened,
    data,
    steps,
    action,
    allowed,
    refused,
    action_data,
    required,
):
    cast = demo_district
    when = steps[-1][2] + dt.timedelta(days=1) if steps else opened
    with _clock(opened):
        case = _walk(cast, procedure, unit, opener, opened, data, steps)
        version = case.version
        with pytest.raises(ActionNotAllowed) as wrong:
            engine.act(
                case, action, actor=getattr(cast, refused), data=action_data, at=when
            )
        assert wrong.value.code == "wrong_role"
        missing = {k: v for k, v in action_data.items() if k != required}
        with pytest.raises(InvalidData) as invalid:
            engine.act(
                case, action, actor=getattr(cast, allowed), data=missing, at=when
            )
        assert required in invalid.value.errors
        assert "请填写" in invalid.value.errors[required]
        case.refresh_from_db()
        assert case.version == version
        # and with everything in order the right person succeeds
        engine.act(
            case, action, actor=getattr(cast, allowed), data=action_data, at=when
        )
    assert case.version == version + 1


# `None`: anyone may open such a case (a citizen files a petition, asks for mediation or
# legal aid, calls the hotline), so there is no wrong role; the public opens one instead.
OPENINGS = [
    (
        "litigation",
        "justice_bureau",
        "litigation_officer",
        "mediator",
        LITIGATION,
        "plaintiff",
    ),
    ("petition", "petition_bureau", "petition_officer", None, PETITION, "content"),
    ("mediation", "mediation_committee", "mediator", None, MEDIATION, "parties"),
    ("legal_aid", "legal_aid_office", "legal_aid_officer", None, LEGAL_AID, "matter"),
    (
        "proactive_disclosure",
        "market_bureau",
        "department_officer",
        "enforcement_officer",
        PROACTIVE,
        "title",
    ),
    ("hotline_order", "command_center", "dispatcher", None, HOTLINE, "category"),
]


@pytest.mark.parametrize(
    ("procedure", "unit", "allowed", "wrong_opener", "data", "required"),
    OPENINGS,
    ids=[row[0] for row in OPENINGS],
)
def test_opening_needs_the_role_and_the_required_fields(
    demo_district, procedure, unit, allowed, wrong_opener, data, required
):
    cast = demo_district
    opened_before = 0 if wrong_opener else 1
    with time_machine.travel(at(2025, 12, 31, 18), tick=False):
        if wrong_opener:
            with pytest.raises(ActionNotAllowed) as wrong:
                engine.open_case(
                    procedure,
                    unit=getattr(cast, unit),
                    actor=getattr(cast, wrong_opener),
                    data=data,
                )
            assert wrong.value.code == "wrong_role"
        else:
            case = engine.open_case(
                procedure, unit=getattr(cast, unit), actor=None, data=data
            )
            assert case.events.get().actor is None
        with pytest.raises(InvalidData) as invalid:
            engine.open_case(
                procedure,
                unit=getattr(cast, unit),
                actor=getattr(cast, allowed),
                data={k: v for k, v in data.items() if k != required},
            )
    assert required in invalid.value.errors
    assert Case.objects.filter(procedure=procedure).count() == opened_before


# -- behaviour of particular steps -------------------------------------------------------


def test_litigation_records_who_appeared_at_each_hearing_and_the_final_outcome(cast):
    # given a case defended by the market bureau
    officer = cast.department_officer
    case = _walk(
        cast,
        "litigation",
        "market_bureau",
        "department_officer",
        at(2020, 3, 2),
        LITIGATION,
        [("department_officer", "submit_defence", at(2020, 3, 10), DEFENCE)],
    )
    # when two first-instance hearings and one appeal hearing are recorded
    hearings = [
        (at(2020, 4, 20), "deputy", "副局长 郑丽娟"),
        (at(2020, 5, 18), "staff_only", "法规科 周俊杰"),
    ]
    for when, appeared, who in hearings:
        engine.act(
            case,
            "record_hearing",
            actor=officer,
            data={
                "hearing_on": when.date().isoformat(),
                "principal_appeared": appeared,
                "appearing": who,
            },
            at=when,
        )
    engine.act(
        case,
        "receive_judgment",
        actor=officer,
        data={"outcome": "loss", "judgment_summary": "撤销处罚决定"},
        at=at(2020, 6, 15),
    )
    engine.act(
        case, "appeal", actor=officer, data={"appellant": "organ"}, at=at(2020, 6, 20)
    )
    engine.act(
        case,
        "record_hearing",
        actor=officer,
        data={
            "hearing_on": "2020-08-12",
            "principal_appeared": "head",
            "appearing": "局长",
        },
        at=at(2020, 8, 12),
    )
    engine.act(
        case, "receive_second_judgment", actor=officer, data=JUDGMENT, at=at(2020, 9, 1)
    )
    # then every hearing is an event of its own, and the case holds the final outcome
    appeared = [
        e.data["principal_appeared"]
        for e in case.events.filter(action="record_hearing").order_by("seq")
    ]
    assert appeared == ["deputy", "staff_only", "head"]
    case.refresh_from_db()
    assert (case.state, case.is_open, case.data["outcome"]) == ("closed", False, "win")


def test_litigation_is_opened_from_the_reconsideration_it_challenges(cast):
    recon = engine.open_case(
        "reconsideration",
        unit=cast.justice_bureau,
        actor=cast.reconsideration_officer,
        data={
            "respondent": "区市场监管局",
            "act_challenged": "罚款",
            "request": "撤销",
        },
        at=at(2020, 6, 1),
    )
    suit = engine.open_case(
        "litigation",
        unit=cast.justice_bureau,
        actor=cast.litigation_officer,
        data={**LITIGATION, "defendant_position": "co_defendant"},
        at=at(2020, 9, 1),
        parent=recon,
    )
    link = CaseLink.objects.get(to_case=suit)
    assert link.from_case == recon
    assert link.kind == "litigation"


def test_petition_routing_moves_the_case_and_an_objection_sends_it_back(demo_district):
    cast = demo_district
    with _clock(at(2025, 9, 20)):
        case = _walk(
            cast,
            "petition",
            "petition_bureau",
            "petition_officer",
            at(2025, 9, 20),
            PETITION,
            [
                (
                    "petition_officer",
                    "route",
                    at(2025, 9, 22),
                    {"organ": HANDLER, "mode": "transfer"},
                )
            ],
        )
        assert case.unit == cast.market_bureau
        # the petition bureau no longer owns it: its officer cannot accept it
        with pytest.raises(ActionNotAllowed):
            engine.act(case, "accept", actor=cast.petition_officer, at=at(2025, 9, 23))
        engine.act(
            case,
            "object",
            actor=cast.department_officer,
            data={"transferring_office": PETITION_BUREAU, "reason": "属镇街职责"},
            at=at(2025, 9, 24),
        )
        assert (case.unit, case.state) == (cast.petition_bureau, "objection_raised")
        engine.act(
            case,
            "refuse_objection",
            actor=cast.petition_officer,
            data={"organ": HANDLER, "reason": "属于市场监管职责"},
            at=at(2025, 9, 25),
        )
    assert (case.unit, case.state) == (cast.market_bureau, "transferred")
    # The notice period kept running through the objection: 22 September + 15.
    notice = case.deadlines.get(name="acceptance_notice")
    assert (notice.status, notice.due_on) == ("running", D(2025, 10, 9))


def test_hotline_dispatch_reassigns_and_reopens_only_once(cast):
    # given an order dispatched to the market bureau, answered, and rated unsatisfied
    dispatcher, officer = cast.dispatcher, cast.department_officer
    case = _walk(
        cast,
        "hotline_order",
        "command_center",
        "dispatcher",
        at(2020, 11, 2, 9),
        {**HOTLINE, "enterprise_matter": "approval", "channel": "enterprise"},
        [
            ("dispatcher", "dispatch_help", at(2020, 11, 2, 10), {"handler": HANDLER}),
            ("department_officer", "sign", at(2020, 11, 2, 11), {}),
            (
                "department_officer",
                "reply",
                at(2020, 11, 5),
                {"outcome": "explained", "reply_text": "已解释审批条件"},
            ),
        ],
    )
    assert case.unit == cast.market_bureau
    engine.act(
        case,
        "rate_unsatisfied",
        actor=dispatcher,
        data={"rating": "unsatisfied", "rated_via": "callback", "complaint": "未解决"},
        at=at(2020, 11, 6),
    )
    # when the dispatcher reopens it and it is answered and rated unsatisfied again
    engine.act(
        case, "reopen", actor=dispatcher, data={"reason": "重办"}, at=at(2020, 11, 6)
    )
    engine.act(
        case,
        "dispatch_help",
        actor=dispatcher,
        data={"handler": HANDLER},
        at=at(2020, 11, 9),
    )
    engine.act(case, "sign", actor=officer, at=at(2020, 11, 9))
    engine.act(
        case,
        "reply",
        actor=officer,
        data={"outcome": "solved", "reply_text": "已协调办结"},
        at=at(2020, 11, 12),
    )
    engine.act(
        case,
        "rate_unsatisfied",
        actor=None,
        data={"rating": "unsatisfied", "rated_via": "caller", "complaint": "太慢"},
        at=at(2020, 11, 13),
    )
    # then a second reopening is refused; the order can only be closed
    with pytest.raises(ActionNotAllowed) as refused:
        engine.act(case, "reopen", actor=dispatcher, data={"reason": "再办"})
    assert refused.value.code == "once_only"
    helps = case.deadlines.filter(name="handling_help").order_by("pk")
    # 2 November + 10 working days = 16 November; 9 November + 10 = 23 November.
    assert [(d.status, d.due_on) for d in helps] == [
        ("met", D(2020, 11, 16)),
        ("met", D(2020, 11, 23)),
    ]


def test_hotline_order_from_a_town_to_a_department(cast):
    case = engine.open_case(
        "hotline_order",
        unit=cast.taihe,
        actor=cast.town_officer,
        data={**HOTLINE, "channel": "town", "category": "help"},
        at=at(2020, 12, 1),
    )
    engine.act(
        case,
        "dispatch_help",
        actor=cast.dispatcher,
        data={"handler": HANDLER},
        at=at(2020, 12, 1, 11),
    )
    engine.act(case, "sign", actor=cast.department_officer, at=at(2020, 12, 1, 15))
    assert (case.unit, case.state) == (cast.market_bureau, "handling")


# -- end to end from the workbench -------------------------------------------------------


def _open(client, user, key, unit, fields) -> Case:
    client.force_login(user)
    form = client.get(f"/work/cases/new/?procedure={key}")
    assert form.status_code == 200
    post = {"open-unit": unit.pk, "open-subject": f"{key} 工作台测试"}
    post.update({f"open-{k}": v for k, v in fields.items()})
    response = client.post(f"/work/cases/new/?procedure={key}", post)
    assert response.status_code == 302, response.content.decode()
    return Case.objects.get(procedure=key)


def _step(client, user, case, action, fields=None):
    """Post one action form as `user`; fail unless the case moved on."""
    case.refresh_from_db()
    client.force_login(user)
    post = {"version": case.version}
    post.update({f"{action}-{k}": v for k, v in (fields or {}).items()})
    response = client.post(f"/work/cases/{case.number}/act/{action}/", post)
    assert response.status_code == 302, response.content.decode()
    before = case.version
    case.refresh_from_db()
    assert case.version == before + 1, f"{action} was refused"


def _page(client, user, case) -> str:
    client.force_login(user)
    response = client.get(f"/work/cases/{case.number}/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def workbench_2020(demo_district):
    with time_machine.travel(at(2020, 10, 12, 9), tick=False):
        yield demo_district


@pytest.fixture
def workbench_2025(demo_district):
    with time_machine.travel(at(2025, 10, 13, 9), tick=False):
        yield demo_district


def test_workbench_litigation_end_to_end(client, workbench_2020):
    cast = workbench_2020
    user = cast.litigation_officer
    case = _open(client, user, "litigation", cast.justice_bureau, LITIGATION)
    assert "答辩和举证期限 2020-10-27" in _page(client, user, case)
    _step(client, user, case, "submit_defence", DEFENCE)
    _step(
        client,
        user,
        case,
        "record_hearing",
        {
            "hearing_on": "2020-10-12",
            "principal_appeared": "deputy",
            "appearing": "副区长",
        },
    )
    _step(client, user, case, "receive_judgment", JUDGMENT)
    _step(client, user, case, "become_effective")
    assert '<span class="state-badge">已结案</span>' in _page(client, user, case)


def test_workbench_petition_end_to_end(client, workbench_2025):
    cast = workbench_2025
    case = _open(
        client, cast.petition_officer, "petition", cast.petition_bureau, PETITION
    )
    _step(
        client,
        cast.petition_officer,
        case,
        "route",
        {"organ": HANDLER, "mode": "assign"},
    )
    officer = cast.department_officer
    _step(client, officer, case, "accept", {"notice": "已受理"})
    _step(
        client,
        officer,
        case,
        "answer",
        {"result": "support", "opinion": "已责令商户安装油烟净化设施"},
    )
    _step(client, officer, case, "close", {"note": "信访人表示满意"})
    assert '<span class="state-badge">已办结</span>' in _page(client, officer, case)


def test_workbench_mediation_end_to_end(client, workbench_2020):
    cast = workbench_2020
    user = cast.mediator
    case = _open(client, user, "mediation", cast.mediation_committee, MEDIATION)
    _step(
        client,
        user,
        case,
        "assign_mediator",
        {"mediators": "mediator", "chosen_by": "committee"},
    )
    _step(
        client, user, case, "sign_agreement", {"form": "written", "terms": "赔偿3000元"}
    )
    _step(client, user, case, "close", {"performance": "performed"})
    assert '<span class="state-badge">已结案归档</span>' in _page(client, user, case)


def test_workbench_legal_aid_end_to_end(client, workbench_2025):
    cast = workbench_2025
    user = cast.legal_aid_officer
    case = _open(client, user, "legal_aid", cast.legal_aid_office, LEGAL_AID)
    page = _page(client, user, case)
    # the day type of the 7 日 is unsettled: the page must say so
    assert "审查决定期限（自收到申请之日起） 2025-10-20：" in page
    assert "待核实" in page
    _step(client, user, case, "grant")
    _step(client, user, case, "assign", {"aid_lawyer": "某律师事务所 李律师"})
    _step(client, user, case, "close", {"result": "经仲裁追回工资2万元"})
    assert '<span class="state-badge">援助事项办结归档</span>' in _page(
        client, user, case
    )


def test_workbench_proactive_disclosure_end_to_end(client, workbench_2020):
    cast = workbench_2020
    officer, chief = cast.department_officer, cast.department_chief
    case = _open(client, officer, "proactive_disclosure", cast.market_bureau, PROACTIVE)
    _step(client, officer, case, "submit_review", {"proposed_scope": "partial"})
    _step(client, chief, case, "approve", {"review_opinion": "已删除个人信息，不涉密"})
    _step(
        client,
        officer,
        case,
        "publish",
        {"index_number": "11440111DM0000005Q/2020-00231", "channel": "website"},
    )
    assert '<span class="state-badge">已主动公开</span>' in _page(client, officer, case)


def test_workbench_hotline_order_end_to_end(client, workbench_2020):
    cast = workbench_2020
    dispatcher, officer = cast.dispatcher, cast.department_officer
    case = _open(client, dispatcher, "hotline_order", cast.command_center, HOTLINE)
    _step(client, dispatcher, case, "dispatch_complaint", {"handler": HANDLER})
    case.refresh_from_db()
    assert case.unit == cast.market_bureau
    _step(client, officer, case, "sign")
    _step(client, officer, case, "contact_caller", {"method": "phone"})
    _step(
        client,
        officer,
        case,
        "reply",
        {"outcome": "solved", "reply_text": "已清理占道物品"},
    )
    _step(
        client,
        dispatcher,
        case,
        "rate",
        {"rating": "satisfied", "rated_via": "callback"},
    )
    assert '<span class="state-badge">已办结</span>' in _page(client, dispatcher, case)


def test_a_service_date_after_the_step_is_refused_and_the_explanation_names_the_date(
    cast,
):
    with pytest.raises(InvalidData) as info:
        engine.open_case(
            "litigation",
            unit=cast.units["market_bureau"],
            actor=cast.department_officer,
            data={**LITIGATION, "served_on": "2020-09-19"},
            at=at(2020, 9, 18),
        )
    assert info.value.errors["served_on"] == (
        "收到起诉状副本日期：日期不能晚于本步骤的日期（2020-09-18）。"
    )
    case = engine.open_case(
        "litigation",
        unit=cast.units["market_bureau"],
        actor=cast.department_officer,
        data={**LITIGATION, "served_on": "2020-09-11"},
        at=at(2020, 9, 18),
    )
    defence = case.deadlines.get(name="defence")
    assert defence.explanation.startswith(
        "答辩和举证期限 2020-09-27：2020-09-11收到起诉状副本日期，15日"
    )
