"""Demo calls for the demo district: `fazhi demo calls --calls N`.

`load_demo_desk()` loads the demo dispatch catalogue (`data/dispatch_catalogue.csv`) and
trains the district's routing model from the demo set (`data/routing_train.csv`) where the
district has none; production code never falls back to these files. `generate_calls()`
then files N calls spread over the past months through the real services (file, dispatch,
sign, contact, reply, rate, with returns, extensions, reopenings and overdue calls), each
step backdated with `at=` so the rates and the command screen have history. The texts are
the invented messages of the demo set. Only for trying fazhi out: nothing in production
imports this module.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from fazhi.desk import services
from fazhi.desk.models import DispatchCatalogueEntry
from fazhi.desk.routing import Router, default_model_path, read_training_csv
from fazhi.directory.credit_code import ALPHABET, check_character
from fazhi.directory.models import Assignment, Person, Role, Scope, Unit
from fazhi.procedures import engine
from fazhi.procedures.errors import ProcedureError
from fazhi.workdays.services import get_calendar

from .services import DEMO_PASSWORD

DATA = Path(__file__).resolve().parent / "data"
DEMO_TRAINING_SET = DATA / "routing_train.csv"
DEMO_CATALOGUE = DATA / "dispatch_catalogue.csv"
COMPANIES = [
    "广州白云华丰五金制品有限公司",
    "广州市云湖食品有限公司",
    "广州嘉禾物流有限公司",
    "广州钟落潭生物科技有限公司",
    "广州太和电子科技有限公司",
    "广州石井建材有限公司",
    "广州人和皮具有限公司",
    "广州江高汽车零部件有限公司",
    "广州白云湖化妆品有限公司",
    "广州永平服装有限公司",
]
SURNAMES = "陈李张黄何林罗梁周吴郑谢冯邓曾彭萧蔡潘许"
GIVEN = [
    "伟",
    "敏",
    "静",
    "强",
    "丽",
    "军",
    "芳",
    "杰",
    "婷",
    "斌",
    "秀英",
    "志明",
    "嘉怡",
    "国华",
]
REPLIES = {
    "solved": "经核查，已协调相关单位处理，问题已解决，并已电话告知诉求人。",
    "explained": "经核查，该事项受现行政策限制暂无法解决，已向诉求人解释说明相关规定。",
    "not_ours": "经核查，该事项不属于政府职责范围，已告知诉求人通过司法途径解决。",
    "statutory": "该事项已转入行政执法程序办理，办理结果将另行告知。",
}


@dataclass
class DemoReport:
    calls: int = 0
    dispatched: int = 0
    replied: int = 0
    rated: int = 0
    returned: int = 0
    reopened: int = 0
    overdue_open: int = 0


def _credit_code(rng: random.Random) -> str:
    body = "91440111" + "".join(rng.choice(ALPHABET) for _ in range(9))
    return body + check_character(body)


def ensure_handlers(tenant: Unit) -> dict[int, Person]:
    """Make sure each catalogue unit has an officer who can sign and reply; return them.

    Existing department or town officers are used; where a unit has none, a demo account
    `officer_<last 5 of credit code>` is created with the demo password.
    """
    roles = {
        r.key: r
        for r in Role.objects.filter(key__in=["department_officer", "town_officer"])
    }
    out: dict[int, Person] = {}
    units = Unit.objects.filter(
        pk__in=DispatchCatalogueEntry.objects.filter(tenant=tenant).values("unit")
    )
    password = None
    for unit in units:
        role_key = (
            "town_officer" if unit.kind in ("town", "street") else "department_officer"
        )
        existing = (
            Assignment.objects.current()
            .filter(unit=unit, role__key=role_key)
            .select_related("person")
            .first()
        )
        if existing:
            out[unit.pk] = existing.person
            continue
        password = password or make_password(DEMO_PASSWORD)
        person, _created = Person.objects.get_or_create(
            username=f"officer_{unit.credit_code[-5:].lower()}",
            defaults={
                "real_name": f"{unit.display_name}经办人",
                "unit": unit,
                "password": password,
            },
        )
        Assignment.objects.get_or_create(
            person=person,
            role=roles[role_key],
            unit=unit,
            valid_from=None,
            defaults={"scope": Scope.UNIT},
        )
        out[unit.pk] = person
    return out


@dataclass
class DemoDesk:
    catalogue_loaded: bool
    model_trained: bool


def load_demo_desk(tenant: Unit | None = None) -> DemoDesk:
    """Give the demo district its dispatch catalogue and routing model where it has none.

    Idempotent: an existing catalogue or model file is left alone, so a district that
    trained its own model keeps it.
    """
    tenant = tenant or services.default_tenant()
    catalogue_loaded = model_trained = False
    if not DispatchCatalogueEntry.objects.filter(tenant=tenant).exists():
        services.load_catalogue_file(tenant, path=DEMO_CATALOGUE)
        catalogue_loaded = True
    path = default_model_path()
    if not path.is_file():
        Router.train(*read_training_csv(DEMO_TRAINING_SET)).save(path)
        model_trained = True
    return DemoDesk(catalogue_loaded, model_trained)


def _texts() -> list[tuple[str, str, str]]:
    with DEMO_TRAINING_SET.open(encoding="utf-8") as f:
        return [
            (r["留言主题"], r["留言详情"], r["一级标签"]) for r in csv.DictReader(f)
        ]


class _Clock:
    """Working-hours arithmetic for realistic delays."""

    def __init__(self) -> None:
        self.cal = get_calendar()

    def later(self, moment: dt.datetime, workdays: float) -> dt.datetime:
        whole = int(workdays)
        local = timezone.localtime(moment)
        day = self.cal.add_workdays(local.date(), whole) if whole else local.date()
        hours = (workdays - whole) * 8
        result = dt.datetime.combine(day, local.time(), tzinfo=local.tzinfo)
        return result + dt.timedelta(hours=hours)


def generate_calls(
    n: int, *, months: int = 6, seed: int = 2020, now: dt.datetime | None = None
) -> DemoReport:
    """File `n` demo calls over the last `months` months and walk them (see module doc)."""
    rng = random.Random(seed)  # noqa: S311  demo data, not security
    now = now or timezone.now()
    tenant = services.default_tenant()
    load_demo_desk(tenant)
    handlers = ensure_handlers(tenant)
    dispatcher = Person.objects.get(username="dispatcher")
    chief = Person.objects.filter(username="command_chief").first() or dispatcher
    entries = services.catalogue(tenant)
    texts = _texts()
    clock = _Clock()
    report = DemoReport()
    span = dt.timedelta(days=30 * months)
    # Calls grow a little towards the present; a few recent ones stay open.
    moments = sorted(now - span * (rng.random() ** 1.3) for _ in range(n))
    for opened in moments:
        opened = timezone.localtime(opened).replace(
            hour=rng.randint(8, 19), minute=rng.randint(0, 59)
        )
        if opened > now:
            opened = now - dt.timedelta(minutes=5)
        subject, detail, label = rng.choice(texts)
        try:
            _walk(
                rng,
                opened,
                now,
                subject,
                detail,
                label,
                tenant,
                entries,
                handlers,
                dispatcher,
                chief,
                clock,
                report,
            )
        except ProcedureError:
            continue
    return report


def _walk(rng, opened, now, subject, detail, label, tenant, entries, handlers,
          dispatcher, chief, clock, report) -> None:  # fmt: skip
    enterprise = label.startswith("企业")
    matter = {v: k for k, v in services.MATTER_CATEGORY.items()}.get(label, "")
    phone = "13" + "".join(str(rng.randint(0, 9)) for _ in range(9))
    caller = services.Caller(
        name=rng.choice(SURNAMES) + rng.choice(GIVEN),
        phone=phone,
        organisation=rng.choice(COMPANIES) if enterprise else "",
        credit_code=_credit_code(rng) if enterprise else "",
    )
    kind = rng.choices(
        ["consultation", "help", "suggestion", "complaint"], [15, 45, 10, 30]
    )[0]
    channel = (
        "enterprise"
        if enterprise
        else rng.choices(["phone", "portal", "counter", "town"], [60, 25, 8, 7])[0]
    )
    actor = dispatcher if channel in ("phone", "counter") else None
    if channel == "town":
        channel = "phone"
    case = services.file_call(
        services.CallInput(
            description=detail,
            subject=subject,
            category=kind,
            channel=channel,
            enterprise_matter=matter,
        ),
        caller=caller,
        actor=actor,
        tenant=tenant,
        at=opened,
    )
    report.calls += 1

    def step(moment: dt.datetime) -> bool:
        return moment <= now

    t = opened + dt.timedelta(minutes=rng.randint(10, 240))
    if not step(t):
        return
    if rng.random() < 0.03:
        engine.act(
            case, "void", actor=dispatcher, data={"void_reason": "duplicate"}, at=t
        )
        return
    if kind == "consultation" and rng.random() < 0.3:
        engine.act(
            case,
            "answer_directly",
            actor=dispatcher,
            data={"outcome": "solved", "reply_text": "已在电话中解答相关政策。"},
            at=t,
        )
        _rate(rng, case, t, now, report, "solved", dispatcher)
        return
    routing = case.routing
    best = routing.best["category"] if routing.best else label
    category = best if rng.random() < 0.9 else label
    if category not in entries:
        category = label
    returned_first = rng.random() < 0.07
    first = entries[category]
    unit = first.unit
    if returned_first:
        others = [e.unit for e in entries.values() if e.unit_id != unit.pk]
        unit = rng.choice(others)
    services.dispatch_call(
        case,
        actor=dispatcher,
        category=category,
        unit=unit,
        action=first.dispatch_action,
        at=t,
    )
    report.dispatched += 1
    officer = handlers[unit.pk]
    t = clock.later(t, rng.uniform(0.05, 0.8))
    if not step(t):
        return
    if returned_first:
        engine.act(
            case,
            "return_order",
            actor=officer,
            data={
                "return_reason": "not_our_duty",
                "return_note": f"建议由{first.unit.name}承办。",
            },
            at=t,
        )
        report.returned += 1
        t = t + dt.timedelta(hours=rng.uniform(1, 6))
        if not step(t):
            return
        services.dispatch_call(case, actor=dispatcher, category=category, at=t)
        unit, officer = first.unit, handlers[first.unit.pk]
        t = clock.later(t, rng.uniform(0.05, 0.5))
        if not step(t):
            return
    _handle(rng, case, t, now, officer, dispatcher, chief, first, clock, report)


def _handle(
    rng, case, t, now, officer, dispatcher, chief, entry, clock, report, *, again=False
):
    engine.act(case, "sign", actor=officer, at=t)
    t = t + dt.timedelta(hours=rng.uniform(1, 20))
    if t > now:
        return
    engine.act(
        case,
        "contact_caller",
        actor=officer,
        data={"method": "phone", "note": "已电话联系诉求人了解情况。"},
        at=t,
    )
    limit = entry.time_limit
    late = rng.random() < 0.12
    if rng.random() < 0.06:
        t = clock.later(t, rng.uniform(0.5, 2))
        if t > now:
            return
        engine.act(
            case,
            "request_extension",
            actor=officer,
            data={"reason": "需协调多个部门现场核查。"},
            at=t,
        )
        t = t + dt.timedelta(hours=rng.uniform(2, 20))
        if t > now:
            return
        services.approve_extension(case, actor=dispatcher, reason="同意延期。", at=t)
        limit *= 2
    days = (
        rng.uniform(limit + 0.5, limit * 1.8)
        if late
        else rng.uniform(0.3, max(limit * 0.8, 0.6))
    )
    reply_at = clock.later(t, days)
    if reply_at > now:
        # Still open: if past the limit, the command centre escalates it.
        report.overdue_open += 1 if late else 0
        if late:
            due_guess = clock.later(t, limit)
            if due_guess < now and rng.random() < 0.7:
                engine.act(
                    case,
                    "supervise",
                    actor=chief,
                    data={"instruction": "请加快办理，按时答复诉求人。"},
                    at=max(due_guess, case.last_event_at),
                )
        return
    outcome = rng.choices(
        ["solved", "explained", "not_ours", "statutory"], [72, 18, 7, 3]
    )[0]
    engine.act(
        case,
        "reply",
        actor=officer,
        data={"outcome": outcome, "reply_text": REPLIES[outcome]},
        at=reply_at,
    )
    report.replied += 1
    _rate(
        rng,
        case,
        reply_at,
        now,
        report,
        outcome,
        dispatcher,
        officer=officer,
        entry=entry,
        chief=chief,
        clock=clock,
        again=again,
    )


def _rate(
    rng,
    case,
    t,
    now,
    report,
    outcome,
    dispatcher,
    *,
    officer=None,
    entry=None,
    chief=None,
    clock=None,
    again=False,
):
    t = t + dt.timedelta(hours=rng.uniform(2, 60))
    if t > now:
        return
    if outcome == "statutory":
        engine.act(
            case,
            "close_unrated",
            actor=dispatcher,
            data={"note": "已转入法定程序办理。"},
            at=t,
        )
        return
    unhappy = {"solved": 0.06, "explained": 0.45, "not_ours": 0.35}.get(outcome, 0.1)
    how = rng.random()
    if how < 0.08:
        engine.act(
            case,
            "close_unrated",
            actor=dispatcher,
            data={"note": "回访三次未能联系上诉求人。"},
            at=t,
        )
        return
    via = "caller" if how < 0.75 else "callback"
    actor = None if via == "caller" else dispatcher
    if rng.random() < unhappy:
        engine.act(
            case,
            "rate_unsatisfied",
            actor=actor,
            data={
                "rating": "unsatisfied",
                "rated_via": via,
                "complaint": "问题没有得到实际解决。",
            },
            at=t,
        )
        report.rated += 1
        t = t + dt.timedelta(hours=rng.uniform(2, 30))
        if t > now:
            return
        if not again and officer is not None and rng.random() < 0.5:
            engine.act(
                case,
                "reopen",
                actor=dispatcher,
                data={"reason": "诉求人不满意，重新办理。"},
                at=t,
            )
            report.reopened += 1
            t = t + dt.timedelta(hours=1)
            if t > now:
                return
            services.dispatch_call(
                case, actor=dispatcher, category=case.routing.category, at=t
            )
            t = clock.later(t, 0.3)
            if t > now:
                return
            _handle(
                rng,
                case,
                t,
                now,
                officer,
                dispatcher,
                chief,
                entry,
                clock,
                report,
                again=True,
            )
        else:
            engine.act(
                case,
                "close_unsatisfied",
                actor=dispatcher,
                data={"note": "经核实已依法依规办理。"},
                at=t,
            )
        return
    rating = rng.choices(["satisfied", "basically_satisfied"], [75, 25])[0]
    engine.act(
        case, "rate", actor=actor, data={"rating": rating, "rated_via": via}, at=t
    )
    report.rated += 1
