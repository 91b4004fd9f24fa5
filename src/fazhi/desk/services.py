"""Writes of the call desk: thin wrappers over `engine.open_case` / `engine.act` plus the
desk's own records (routing, overrides, co-handling).

A call is a case of `hotline_order`. Every change of its state goes through the engine; the
functions here add what the procedure does not know: the routing suggestion, the dispatch
catalogue's unit and time limit, the dispatcher's override, the caller's rating with the
call's tracking code (查询码).

Automatic dispatch: the engine needs a person holding the dispatcher role for `dispatch_*`,
and the record must name who sent the order. So a confident suggestion is *not* dispatched
by an anonymous system actor: the call waits in the dispatcher's queue with the suggestion
preselected (one click to confirm, or "confirm all confident calls"). A district that wants
calls dispatched without a click names an accountable account holding the dispatcher role
in FAZHI_DESK_AUTO_DISPATCHER; `file_call` then dispatches confident calls as that person,
and the record shows that account as the sender.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core import params
from fazhi.directory.credit_code import validate_credit_code
from fazhi.directory.models import Assignment, Person, Unit
from fazhi.procedures import engine
from fazhi.procedures.errors import ActionNotAllowed, InvalidData
from fazhi.procedures.models import Case, CaseLink
from fazhi.procedures.public import find_public_case, public_district

from . import selectors
from .models import (
    CONTRIBUTION_MAX,
    CallRouting,
    CoHandling,
    DispatchCatalogueEntry,
    FollowUp,
    RoutingOverride,
)

HOTLINE = "hotline_order"
RATINGS = ("satisfied", "basically_satisfied", "unsatisfied")
# enterprise_matter (the spec's choice keys) -> the routing model's 企业 labels.
MATTER_CATEGORY = {
    "water": "企业用水",
    "electricity": "企业用电",
    "land": "企业用地",
    "labour": "企业用工",
    "funding": "企业资金",
    "approval": "企业审批",
    "other": "企业其他",
}
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
# The reason of an unsatisfied rating goes into the permanent record: a few paragraphs.
MAX_COMPLAINT_CHARS = 2000


class DeskError(ActionNotAllowed):
    """A desk rule refused the request; `message` is Chinese, `code` stable."""

    code = "desk_error"


@dataclass
class Caller:
    """Who calls: a person or an enterprise (with its credit code), and how to reach them."""

    name: str = ""
    phone: str = ""
    organisation: str = ""
    credit_code: str = ""

    @property
    def is_enterprise(self) -> bool:
        return bool(self.organisation or self.credit_code)


@dataclass
class Upload:
    name: str
    content: bytes
    content_type: str = ""


@dataclass
class CallInput:
    """What a call says: its kind, matter, text and where it came from."""

    description: str
    subject: str = ""
    category: str = "help"  # consultation | help | suggestion | complaint | report
    channel: str = "portal"
    enterprise_matter: str = ""
    address: str = ""
    requested_unit: Unit | None = None
    attachments: list[Upload] = field(default_factory=list)


# -- lookups ----------------------------------------------------------------------------


def receiving_unit(tenant: Unit | None = None) -> Unit:
    """Return the unit where calls are received: the dispatchers' work unit (指挥调度中心).

    Falls back to the district itself where no dispatcher is assigned yet.
    """
    tenant = tenant or default_tenant()
    unit_id = (
        Assignment.objects.current()
        .filter(role__key="dispatcher", person__unit__tenant=tenant)
        .values_list("person__unit", flat=True)
        .first()
    )
    return Unit.objects.get(pk=unit_id) if unit_id else tenant


def default_tenant() -> Unit:
    """Return the district of this installation (see `procedures.public.public_district`)."""
    tenant = public_district()
    if tenant is None:
        raise DeskError(_("No district has been set up yet."), code="no_district")
    return tenant


def catalogue(tenant: Unit) -> dict[str, DispatchCatalogueEntry]:
    """Return the active catalogue rows of `tenant` by matter type."""
    return {
        e.category: e
        for e in DispatchCatalogueEntry.objects.filter(
            tenant=tenant, active=True
        ).select_related("unit")
    }


def check_credit_code(code: str) -> str:
    """Return the code in upper case, or raise InvalidData with the Chinese reason."""
    try:
        validate_credit_code(code)
    except ValidationError as exc:
        raise InvalidData({"credit_code": exc.messages[0]}) from exc
    return code.strip().upper()


def phone_digits(phone: str) -> str:
    """The digits of a phone number as typed (the key of its filing limit)."""
    return "".join(ch for ch in phone or "" if ch.isdigit())


# -- intake -------------------------------------------------------------------------------


def file_call(
    call: CallInput,
    *,
    caller: Caller,
    actor: Person | None = None,
    tenant: Unit | None = None,
    at: dt.datetime | None = None,
    router=None,
) -> Case:
    """File a call: open its `hotline_order` case and store the routing suggestion.

    `actor` is None for the public (portal forms), or the staff member who takes a phone or
    counter call (dispatcher) or a town's call to the departments (town_officer, opened at
    the town). Raises InvalidData (Chinese, per field) for a bad credit code, a phone
    without enough digits, or a field the procedure refuses; ActionNotAllowed if `actor`
    may not open calls. Confident calls are dispatched at once only when
    FAZHI_DESK_AUTO_DISPATCHER names a dispatcher (see the module docstring).
    """
    from .routing import get_router, suggest_route

    tenant = tenant or default_tenant()
    errors = {}
    if len(phone_digits(caller.phone)) < 7:
        errors["phone"] = _(
            "Enter a phone number we can call back (at least 7 digits)."
        )
    code = ""
    if caller.credit_code:
        try:
            code = check_credit_code(caller.credit_code)
        except InvalidData as exc:
            errors.update(exc.errors)
    if caller.is_enterprise and not caller.organisation.strip():
        errors["organisation"] = _("Enter the enterprise's name.")
    for up in call.attachments:
        if len(up.content) > MAX_ATTACHMENT_BYTES:
            errors["attachments"] = _(
                "%(name)s is larger than 10 MB; send a smaller file."
            ) % {"name": up.name}
    if errors:
        raise InvalidData(errors)
    unit = receiving_unit(tenant)
    if actor is not None and call.channel == "town":
        unit = _town_of(actor) or unit
    subject = (call.subject or call.description).strip()[:60]
    data = {
        "category": call.category,
        "channel": call.channel,
        "description": call.description.strip(),
        "address": call.address.strip(),
        "contact": caller.phone.strip(),
    }
    if call.enterprise_matter:
        data["enterprise_matter"] = call.enterprise_matter
    applicant = engine.Applicant(
        name=caller.organisation.strip() or caller.name.strip(),
        kind="organisation" if caller.is_enterprise else "person",
        code=code,
        phone=caller.phone.strip(),
    )
    router = router or get_router()
    text = f"{subject}。{call.description}" if call.subject else call.description
    route = suggest_route(text, router=router)
    entries = catalogue(tenant)
    with transaction.atomic():
        case = engine.open_case(
            HOTLINE,
            unit=unit,
            actor=actor,
            data=data,
            subject=subject,
            applicant=applicant,
            at=at,
            attachments=[
                engine.File(up.name, up.content, up.content_type)
                for up in call.attachments
            ],
        )
        CallRouting.objects.create(
            tenant=case.tenant,
            case=case,
            text=text,
            suggestions=[
                {
                    "category": s.label,
                    "confidence": round(float(s.confidence), 4),
                    "unit": entries[s.label].unit.credit_code
                    if s.label in entries
                    else "",
                }
                for s in route.suggestions
            ],
            automatic=route.automatic,
            threshold=route.threshold,
            model_version=str(router.metadata.get("trained_at", "")) if router else "",
            requested_unit=call.requested_unit,
            phone_last4=phone_digits(caller.phone)[-4:],
            created_at=case.opened_at,
        )
    auto = _auto_dispatcher()
    best = route.best
    if auto is not None and route.automatic and best and best.label in entries:
        dispatch_call(case, actor=auto, category=best.label, at=at)
    return case


def _town_of(actor: Person) -> Unit | None:
    unit = actor.unit
    while unit is not None and unit.kind not in ("town", "street"):
        unit = unit.parent
    return unit


def _auto_dispatcher() -> Person | None:
    username = getattr(settings, "FAZHI_DESK_AUTO_DISPATCHER", "")
    if not username:
        return None
    return Person.objects.filter(username=username, is_active=True).first()


# -- dispatch -------------------------------------------------------------------------------


def dispatch_call(
    case: Case,
    *,
    actor: Person,
    category: str,
    unit: Unit | None = None,
    action: str | None = None,
    instruction: str = "",
    co_units: list[Unit] | tuple[Unit, ...] = (),
    at: dt.datetime | None = None,
):
    """Send a call to its lead unit (主办) and any co-handling units (协办); return the event.

    `category` is the matter type the dispatcher confirms or picks; the catalogue gives the
    default unit, the dispatch action (hence the procedure's legal limit) and the desk's
    time limit. A unit or action other than the catalogue's is allowed (the dispatcher
    knows better), and a category or unit other than the model's first suggestion is
    recorded as an override for the next training. Raises DeskError for a matter type
    without a catalogue row and no unit given, and whatever `engine.act` raises.
    """
    entry = catalogue(case.tenant).get(category)
    if entry is None and (unit is None or action is None):
        raise DeskError(
            _(
                "“%(category)s” has no row in the dispatch catalogue: choose the unit and the kind of order yourself."
            )
            % {"category": category},
            code="not_in_catalogue",
        )
    unit = unit or entry.unit
    action = action or entry.dispatch_action
    at = at or timezone.now()
    routing = _routing_for(case)
    with transaction.atomic():
        event = engine.act(
            case,
            action,
            actor=actor,
            data={"handler": unit.credit_code, "instruction": instruction},
            at=at,
        )
        best = routing.best or {}
        overridden = bool(best) and (
            best.get("category") != category or best.get("unit") != unit.credit_code
        )
        routing.category = category
        routing.unit = unit
        routing.overridden = overridden
        routing.decided_by = actor
        routing.decided_at = at
        if entry is not None and entry.unit_id == unit.pk:
            routing.limit_n, routing.limit_unit = (
                entry.time_limit,
                entry.time_limit_unit,
            )
        else:
            routing.limit_n, routing.limit_unit = None, ""
        routing.save(
            update_fields=[
                "category",
                "unit",
                "overridden",
                "decided_by",
                "decided_at",
                "limit_n",
                "limit_unit",
            ]
        )
        if overridden:
            suggested_unit = (
                Unit.objects.filter(credit_code=best.get("unit")).first()
                if best.get("unit")
                else None
            )
            RoutingOverride.objects.create(
                tenant=case.tenant,
                case=case,
                text=routing.text,
                suggested_category=best.get("category", ""),
                chosen_category=category,
                suggested_unit=suggested_unit,
                chosen_unit=unit,
                by=actor,
                at=at,
            )
        for co in co_units:
            if co.pk != unit.pk:
                CoHandling.objects.get_or_create(
                    case=case,
                    unit=co,
                    defaults={
                        "tenant": case.tenant,
                        "assigned_by": actor,
                        "assigned_at": at,
                    },
                )
    return event


def _routing_for(case: Case) -> CallRouting:
    """Return the call's routing row, creating an empty one for calls filed elsewhere."""
    try:
        return case.routing
    except CallRouting.DoesNotExist:
        pass
    routing, _created = CallRouting.objects.get_or_create(
        case=case,
        defaults={
            "tenant": case.tenant,
            "text": f"{case.subject}。{case.data.get('description', '')}",
            "phone_last4": phone_digits(case.applicant_phone)[-4:],
            "created_at": case.opened_at,
        },
    )
    return routing


def confirm_confident(*, actor: Person, tenant: Unit | None = None) -> int:
    """Dispatch every waiting call whose suggestion is confident and catalogued.

    The dispatcher's "confirm all" button: each call is dispatched as `actor`, to the
    catalogue's unit for the first suggestion. Returns how many were dispatched.
    """
    tenant = tenant or default_tenant()
    entries = catalogue(tenant)
    n = 0
    for case in selectors.waiting_calls(tenant):
        routing = getattr(case, "routing", None)
        best = routing.best if routing else None
        if routing and routing.automatic and best and best["category"] in entries:
            dispatch_call(case, actor=actor, category=best["category"])
            n += 1
    return n


def record_contribution(co: CoHandling, *, actor: Person, text: str) -> CoHandling:
    """Record a co-handling unit's contribution (协办意见) for the lead unit."""
    from fazhi.directory.selectors import roles_at

    if not roles_at(actor, co.unit) & {"department_officer", "town_officer"}:
        raise DeskError(
            _("Only an officer of %(unit)s may answer for it.")
            % {"unit": co.unit.name},
            code="wrong_role",
        )
    text = text.strip()
    if not text:
        raise InvalidData({"contribution": _("Write the contribution.")})
    if "\x00" in text:
        raise InvalidData({"contribution": params.null_byte_message()})
    if len(text) > CONTRIBUTION_MAX:
        raise InvalidData(
            {
                "contribution": _("At most %(max)d characters; this text has %(n)d.")
                % {"max": CONTRIBUTION_MAX, "n": len(text)}
            }
        )
    co.contribution = text
    co.contributed_by = actor
    co.contributed_at = timezone.now()
    co.full_clean()
    co.save(update_fields=["contribution", "contributed_by", "contributed_at"])
    return co


def approve_extension(
    case: Case, *, actor: Person, reason: str = "", at: dt.datetime | None = None
):
    """Approve a unit's extension request with the action that fits the running limit."""
    kind = selectors.dispatch_kind(case)
    if kind is None:
        raise DeskError(_("This call has not been dispatched."), code="not_dispatched")
    return engine.act(
        case,
        f"approve_extension_{kind}",
        actor=actor,
        data={"reason": reason} if reason else {},
        at=at,
    )


def escalate_overdue(
    *, actor: Person, tenant: Unit | None = None, now: dt.datetime | None = None
) -> list[str]:
    """Escalate every overdue call to the command centre's chief (逾期升级督办), once.

    A call is escalated once per dispatch: a call already escalated since its last
    dispatch is left alone. Returns the numbers of the escalated calls.
    """
    tenant = tenant or default_tenant()
    now = now or timezone.now()
    done = []
    for case, due in selectors.overdue_calls(tenant, now=now):
        last_dispatch = (
            case.events.filter(action__startswith="dispatch_").order_by("-seq").first()
        )
        if (
            last_dispatch
            and case.events.filter(
                action="escalate", seq__gt=last_dispatch.seq
            ).exists()
        ):
            continue
        engine.act(
            case,
            "escalate",
            actor=actor,
            data={
                "escalate_to": "command_chief",
                "instruction": _(
                    "Overdue since %(due)s: reply at once and report the reason for the delay."
                )
                % {"due": timezone.localtime(due).strftime("%Y-%m-%d %H:%M")},
            },
            at=max(now, case.last_event_at or now),
        )
        done.append(case.number)
    return done


# -- the caller --------------------------------------------------------------------------


def rate_call(
    number: str,
    code: str,
    rating: str,
    *,
    complaint: str = "",
    tenant: Unit | None = None,
    at: dt.datetime | None = None,
):
    """The caller rates the answer (满意 / 基本满意 / 不满意) with the call's tracking code.

    Only the code lets someone rate as the caller: the phone's last four digits can be
    guessed and only show the status. Raises DeskError (not found / not awaiting a rating /
    unknown rating) or InvalidData (an unsatisfied rating needs the reason, of at most
    MAX_COMPLAINT_CHARS characters).
    """
    found = find_public_case(
        tenant or default_tenant(), number, procedure=HOTLINE, code=code
    )
    if not found.by_code:
        raise DeskError(
            _("No call with this number and this tracking code."), code="not_found"
        )
    return _rate(found.case, rating, via="caller", actor=None, note=complaint, at=at)


def record_callback(
    case: Case,
    *,
    actor: Person,
    rating: str,
    note: str = "",
    at: dt.datetime | None = None,
):
    """Staff record the caller's rating from a call-back (回访)."""
    return _rate(case, rating, via="callback", actor=actor, note=note, at=at)


def _rate(case: Case, rating: str, *, via: str, actor, note: str, at):
    if rating not in RATINGS:
        raise DeskError(_("Choose 满意, 基本满意 or 不满意."), code="unknown_rating")
    if case.state != "replied":
        raise DeskError(
            _("This call is not waiting for a rating."), code="not_awaiting_rating"
        )
    if len(note.strip()) > MAX_COMPLAINT_CHARS:
        raise InvalidData(
            {
                "complaint": _(
                    "Please keep the reason to %(max)d characters (this one has %(n)d)."
                )
                % {"max": MAX_COMPLAINT_CHARS, "n": len(note.strip())}
            }
        )
    if rating == "unsatisfied":
        return engine.act(
            case,
            "rate_unsatisfied",
            actor=actor,
            data={"rating": rating, "rated_via": via, "complaint": note},
            at=at,
        )
    return engine.act(
        case, "rate", actor=actor, data={"rating": rating, "rated_via": via}, at=at
    )


def reopen_call(case: Case, *, actor: Person, reason: str, at=None):
    """Reopen an unsatisfied call once (重办): it goes back to the dispatcher's queue."""
    return engine.act(case, "reopen", actor=actor, data={"reason": reason}, at=at)


# -- hot issues ------------------------------------------------------------------------------

FOLLOW_UP_PROCEDURES = ("normative_document", "major_decision")


def open_follow_up(
    *,
    actor: Person,
    procedure: str,
    title: str,
    calls: list[Case],
    month: dt.date,
    unit: Unit | None = None,
    note: str = "",
) -> FollowUp:
    """Open a follow-up case from a hot issue, linked to its calls (每月一题).

    The new case (a normative document or a major decision) is opened by `actor` through
    the engine with the group's most typical call as parent (a CaseLink both ways on the
    case pages); every call of the group is kept on the FollowUp so the effect on later
    calls can be counted. Raises DeskError for another procedure, ActionNotAllowed if the
    actor may not open such cases.
    """
    from fazhi.procedures.registry import spec_for
    from fazhi.procedures.selectors import units_for_opening

    if procedure not in FOLLOW_UP_PROCEDURES:
        raise DeskError(
            _("A hot issue can lead to a normative document or a major decision."),
            code="bad_procedure",
        )
    if not calls:
        raise DeskError(_("The group has no calls."), code="empty_group")
    spec = spec_for(procedure)
    at_unit = units_for_opening(actor, spec).first()
    if at_unit is None:
        raise ActionNotAllowed(
            _("You may not open a case of %(p)s.") % {"p": spec.title},
            code="wrong_role",
        )
    text = note.strip() or _("Follow-up of %(n)d similar calls: %(title)s") % {
        "n": len(calls),
        "title": title,
    }
    if procedure == "normative_document":
        data = {
            "title": title,
            "issuer": "department"
            if at_unit.kind == "department"
            else "government_office",
            "purpose": text,
        }
    else:
        data = {"title": title, "description": text}
    with transaction.atomic():
        case = engine.open_case(
            procedure,
            unit=at_unit,
            actor=actor,
            data=data,
            subject=title,
            parent=calls[0],
            link_kind="hot_issue",
        )
        for other in calls[1:]:
            CaseLink.objects.get_or_create(
                from_case=other, to_case=case, defaults={"kind": "hot_issue"}
            )
        follow = FollowUp.objects.create(
            tenant=case.tenant,
            month=month.replace(day=1),
            unit=unit,
            title=title[:200],
            sample_text=calls[0].routing.text
            if hasattr(calls[0], "routing")
            else calls[0].subject,
            case=case,
            opened_by=actor,
            opened_at=case.opened_at,
        )
        follow.calls.set(calls)
    return follow


# -- the catalogue ---------------------------------------------------------------------------


def load_catalogue_file(tenant: Unit | None = None, path=None) -> dict[str, int]:
    """Load the dispatch catalogue CSV (the routing teammate's format) into the database.

    Rows are matched by matter type: new ones are created, existing ones get the file's
    unit, level and limit (working days). 企业 categories start the help/suggestion limit,
    the others the complaint limit; administrators refine both in the admin. Raises
    RoutingError for a bad file and DeskError naming units that do not exist.
    """
    from .routing import load_catalogue

    tenant = tenant or default_tenant()
    entries = load_catalogue(path)
    units = {
        u.name: u
        for u in Unit.objects.filter(
            tenant=tenant, name__in=[e.unit for e in entries.values()]
        )
    }
    missing = sorted({e.unit for e in entries.values() if e.unit not in units})
    if missing:
        raise DeskError(
            _("The catalogue names units that do not exist: %(units)s")
            % {"units": "、".join(missing)},
            code="unknown_unit",
        )
    matters = {v: k for k, v in MATTER_CATEGORY.items()}
    counts = {"created": 0, "updated": 0}
    with transaction.atomic():
        for e in entries.values():
            enterprise = e.category in matters
            _row, created = DispatchCatalogueEntry.objects.update_or_create(
                tenant=tenant,
                category=e.category,
                defaults={
                    "title": e.category,
                    "unit": units[e.unit],
                    "level": e.level,
                    "time_limit": e.time_limit_workdays,
                    "time_limit_unit": "workdays",
                    "dispatch_action": "dispatch_help"
                    if enterprise
                    else "dispatch_complaint",
                    "enterprise_matter": matters.get(e.category, ""),
                    "active": True,
                },
            )
            counts["created" if created else "updated"] += 1
    return counts
