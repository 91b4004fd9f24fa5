"""The procedure engine: the only code that opens cases and changes their state.

`open_case` and `act` check the spec (role at the case's unit, from-state, required fields,
once-only), then write the case, its event (hash-chained) and its deadline changes in one
transaction. A concurrent or stale action is refused with `StaleVersion`; nothing is half
written. After commit, `case_changed` is sent for readers (disclosure, desk, notifications).
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.directory.models import Certificate, Person, Unit
from fazhi.directory.selectors import holds_any_role, roles_at
from fazhi.workdays.services import get_calendar

from . import audit, deadlines, rows, tracking
from .errors import ActionNotAllowed, InvalidData, StaleVersion
from .models import (
    Attachment,
    Case,
    CaseCounter,
    CaseLink,
    Deadline,
    DeadlineStatus,
    Event,
)
from .registry import spec_for
from .signals import case_changed
from .spec import (
    ASSIGN_EVENT,
    ATTACH_EVENT,
    OPEN,
    PREVIOUS,
    PUBLIC,
    ActionSpec,
    DeadlineSpec,
    FieldSpec,
    Spec,
)

__all__ = [
    "act",
    "available_actions",
    "import_cases",
    "open_case",
    "recompute_deadline",
]


@dataclass
class Applicant:
    name: str = ""
    kind: str = ""  # person | organisation
    code: str = ""  # credit code or ID number
    phone: str = ""


@dataclass
class _Plan:
    """What one step changes, computed before anything is written."""

    to_state: str
    data: dict
    at: dt.datetime
    start: list[str] = field(default_factory=list)


# -- permission and validation ------------------------------------------------------------


def _actor_roles(actor: Person | None, unit: Unit) -> set[str]:
    """The actor's roles at `unit`. `public` is what a member of the public may do: staff
    (anyone with an assignment) act in their roles only, so an officer cannot, say, rate the
    answer to a call as if they were the caller."""
    if actor is None or not actor.is_authenticated or not holds_any_role(actor):
        return {PUBLIC}
    return roles_at(actor, unit)


def _authorise(
    spec: Spec, allowed: Iterable[str], actor: Person | None, unit: Unit, what: str
):
    allowed = tuple(allowed)
    if _actor_roles(actor, unit) & set(allowed):
        return
    titles = "、".join(spec.role_title(r) for r in allowed)
    raise ActionNotAllowed(
        _("Only %(roles)s of %(unit)s may %(what)s.")
        % {"roles": titles, "unit": unit.name, "what": what},
        code="wrong_role",
    )


# Default caps on free text, so no form, CLI call or API request can put an unbounded text
# into the permanent record: a line (`text`) and a long text (`longtext`).
MAX_TEXT = {"text": 500, "longtext": 10_000}


def _clean_value(f: FieldSpec, value, on: dt.date):
    """Return the JSON-safe value of one field, or raise ValueError with a Chinese message."""
    if f.type in ("text", "longtext"):
        text = str(value).strip()
        cap = getattr(settings, "FAZHI_FIELD_MAX_CHARS", {}).get(
            f.type, MAX_TEXT[f.type]
        )
        if len(text) > cap:
            raise ValueError(
                _("At most %(max)d characters; this text has %(n)d.")
                % {"max": cap, "n": len(text)}
            )
        return text
    if f.type == "integer":
        try:
            return int(value)
        except (TypeError, ValueError):
            raise ValueError(_("Enter a whole number.")) from None
    if f.type == "decimal":
        try:
            return str(decimal.Decimal(str(value)))
        except decimal.InvalidOperation:
            raise ValueError(_("Enter a number.")) from None
    if f.type == "bool":
        return value in (True, "true", "True", "1", "on", "yes", 1)
    if f.type == "date":
        try:
            day = dt.date.fromisoformat(str(value))
        except ValueError:
            raise ValueError(_("Enter a date as YYYY-MM-DD.")) from None
        if f.past and day > on:
            raise ValueError(
                _("This date cannot be later than the day of the step (%(date)s).")
                % {"date": on.isoformat()}
            )
        return day.isoformat()
    if f.type == "datetime":
        try:
            return dt.datetime.fromisoformat(str(value)).isoformat()
        except ValueError:
            raise ValueError(_("Enter a date and time as YYYY-MM-DD HH:MM.")) from None
    if f.type == "choice":
        allowed = [k for k, _t in f.choices]
        if str(value) not in allowed:
            raise ValueError(
                _("Choose one of: %(choices)s.")
                % {"choices": "、".join(t for _k, t in f.choices)}
            )
        return str(value)
    if f.type == "unit":
        unit = Unit.objects.filter(
            credit_code=str(value).strip().upper(), is_active=True
        ).first()
        if unit is None:
            raise ValueError(
                _("There is no unit with credit code %(code)s.") % {"code": value}
            )
        return unit.credit_code
    if f.type in ("officers", "person"):
        names = (
            value
            if isinstance(value, list)
            else list(str(value).replace("，", ",").split(","))
        )
        names = [n.strip() for n in names if n and n.strip()]
        people = {p.username: p for p in Person.objects.filter(username__in=names)}
        for n in names:
            if n not in people:
                raise ValueError(_("There is no user “%(name)s”.") % {"name": n})
        if f.type == "person":
            if len(names) != 1:
                raise ValueError(_("Name exactly one user."))
            return names[0]
        if f.min and len(set(names)) < f.min:
            raise ValueError(
                _("At least %(n)d different officers are required.") % {"n": f.min}
            )
        if f.certificate:
            for n in names:
                if not any(
                    c.is_valid_on(on)
                    for c in Certificate.objects.filter(holder=people[n])
                ):
                    raise ValueError(
                        _(
                            "%(name)s holds no enforcement certificate valid on %(date)s."
                        )
                        % {"name": str(people[n]), "date": on.isoformat()}
                    )
        return names
    raise ValueError(f.type)


def validate_data(
    fields: Iterable[FieldSpec], data: dict | None, *, on: dt.date
) -> dict:
    """Check `data` against the spec's fields; return the cleaned values.

    Raises InvalidData with a Chinese message per field. Unknown keys are refused so that a
    typo in a CLI call does not silently drop a value.
    """
    data = dict(data or {})
    fields = list(fields)
    known = {f.name for f in fields}
    errors: dict[str, str] = {}
    for key in data:
        if key not in known:
            errors[key] = _(
                "“%(key)s” is not a field of this step (fields: %(known)s)."
            ) % {
                "key": key,
                "known": "、".join(sorted(known)) or "—",
            }
    clean = {}
    for f in fields:
        value = data.get(f.name)
        if value in (None, "", []):
            if f.required:
                errors[f.name] = _("%(title)s is required.") % {"title": f.title}
            continue
        try:
            clean[f.name] = _clean_value(f, value, on)
        except ValueError as exc:
            errors[f.name] = f"{f.title}：{exc}"
    if errors:
        raise InvalidData(errors)
    return clean


# -- numbering -----------------------------------------------------------------------------


def _next_number(spec: Spec, tenant: Unit, year: int) -> str:
    """The next case number. The UPDATE locks the counter row until the transaction ends,
    so two cases opened at once never share a number."""
    seq = rows.increment_counter(tenant.pk, spec.number, year)
    if seq is None:
        CaseCounter.objects.get_or_create(tenant=tenant, pattern=spec.number, year=year)
        seq = rows.increment_counter(tenant.pk, spec.number, year)
    return spec.number.format(year=year, seq=seq)


# -- deadlines -----------------------------------------------------------------------------


def recompute_deadline(deadline: Deadline, calendar=None) -> None:
    """Recompute a deadline's due date and explanation from its stored inputs (in memory)."""
    result = deadlines.compute(
        calendar=calendar or get_calendar(),
        title=deadline.title,
        start_title=deadline.start_title,
        started_at=deadline.started_at,
        within_n=deadline.within_n,
        within_unit=deadline.within_unit,
        pauses=deadline.pauses,
        extensions=deadline.extensions,
    )
    deadline.due_on = result.due_on
    deadline.due_at = result.due_at
    deadline.due_ordinal = result.due_ordinal
    deadline.provisional = result.provisional
    deadline.provisional_reason = result.provisional_reason
    deadline.explanation = result.explanation


def _new_deadline(spec: Spec, case: Case, name: str, at: dt.datetime, start_title: str):
    d = spec.deadlines[name]
    row = Deadline(
        tenant_id=case.tenant_id,
        case=case,
        unit_id=case.unit_id,
        kind=d.kind,
        name=name,
        title=d.title,
        basis=d.basis,
        unverified=d.unverified,
        within_n=d.within.n,
        within_unit=d.within.unit,
        start_title=start_title,
        started_at=at,
    )
    recompute_deadline(row)
    return row


def _start_of(
    spec: Spec,
    action: ActionSpec | None,
    dspec: DeadlineSpec,
    plan: _Plan,
    start_title: str,
) -> tuple[dt.datetime, str]:
    """When a starting deadline runs from, and how its explanation names that moment.

    A deadline with `from_field` runs from the date in that field (the day a judgment was
    served, the day a document takes effect) when the step filled it in; otherwise, like
    every other deadline, from the step itself.
    """
    value = plan.data.get(dspec.from_field) if dspec.from_field else None
    if not value:
        return plan.at, start_title
    fields = action.fields if action else spec.fields
    title = next(f.title for f in fields if f.name == dspec.from_field)
    day = dt.date.fromisoformat(value)
    return deadlines.start_of_day(day), title


def _step_deadlines(
    spec: Spec,
    case: Case,
    action: ActionSpec | None,
    plan: _Plan,
    actor,
    live: dict[str, Deadline],
) -> tuple[list[Deadline], list[Deadline]]:
    """Start, stop, pause, resume, restart and extend deadlines for one step, in memory.

    `live` maps names to the case's running or paused deadlines and is updated in place.
    Returns (changed existing rows, new rows); the caller writes them.
    """
    day = deadlines.local_date(plan.at)
    new_state = spec.states[plan.to_state]
    old_state = spec.states.get(case.state) if action else None
    changed: dict[int, Deadline] = {}
    created: list[Deadline] = []
    name = action.name if action else OPEN
    start_title = action.title if action else new_state.title

    def close(d: Deadline, status: str) -> None:
        d.status = status
        d.met_at = plan.at
        changed[id(d)] = d
        live.pop(d.name, None)

    for d in list(live.values()):
        dspec = spec.deadlines[d.name]
        if plan.to_state in dspec.until or name in dspec.stop_actions:
            close(d, DeadlineStatus.MET)
        elif new_state.final:
            close(d, DeadlineStatus.CANCELLED)
    # Leaving a pausing state closes the pause: the resumption day itself is not counted.
    if old_state and old_state.name != plan.to_state:
        for dl_name in old_state.pauses:
            d = live.get(dl_name)
            if (
                d
                and d.status == DeadlineStatus.PAUSED
                and dl_name not in new_state.pauses
            ):
                d.pauses = [*d.pauses[:-1], [d.pauses[-1][0], day.isoformat()]]
                d.status = DeadlineStatus.RUNNING
                recompute_deadline(d)
                changed[id(d)] = d
    if old_state is None or old_state.name != plan.to_state:
        for dl_name in new_state.pauses:
            d = live.get(dl_name)
            if d and d.status == DeadlineStatus.RUNNING:
                first = day + dt.timedelta(days=1)
                d.pauses = [*d.pauses, [first.isoformat(), None]]
                d.status = DeadlineStatus.PAUSED
                changed[id(d)] = d
    if action:
        for dl_name in action.restarts:
            if dl_name in live:
                close(live[dl_name], DeadlineStatus.CANCELLED)
            row = _new_deadline(spec, case, dl_name, plan.at, action.title)
            created.append(row)
            live[dl_name] = row
        for dl_name, dur in action.extends:
            d = live.get(dl_name)
            if d is None:
                raise ActionNotAllowed(
                    _("There is no running “%(deadline)s” to extend.")
                    % {"deadline": spec.deadlines[dl_name].title}
                )
            d.extensions = [
                *d.extensions,
                {
                    "n": dur.n,
                    "unit": dur.unit,
                    "by": actor.pk if actor else None,
                    "by_name": str(actor) if actor else "",
                    "at": plan.at.isoformat(),
                    "reason": plan.data.get("reason", ""),
                },
            ]
            recompute_deadline(d)
            changed[id(d)] = d
    restarted = action.restarts if action else ()
    for dl_name, dspec in spec.deadlines.items():
        if dspec.start == name and dl_name not in restarted and dl_name not in live:
            at, title = _start_of(spec, action, dspec, plan, start_title)
            row = _new_deadline(spec, case, dl_name, at, title)
            created.append(row)
            live[dl_name] = row
    created_ids = {id(d) for d in created}
    return [d for d in changed.values() if id(d) not in created_ids], created


_DEADLINE_FIELDS = [
    "status",
    "met_at",
    "pauses",
    "extensions",
    "due_on",
    "due_at",
    "due_ordinal",
    "provisional",
    "provisional_reason",
    "explanation",
]


def _affects_deadlines(
    spec: Spec, a: ActionSpec, from_state: str, to_state: str
) -> bool:
    """Whether a step can start, stop, pause, resume, restart or extend any deadline."""
    if not spec.deadlines:
        return False
    if a.restarts or a.extends or spec.states[to_state].final:
        return True
    if from_state != to_state and (
        spec.states[from_state].pauses or spec.states[to_state].pauses
    ):
        return True
    return any(
        d.start == a.name or to_state in d.until or a.name in d.stop_actions
        for d in spec.deadlines.values()
    )


def _apply_deadlines(
    spec: Spec, case: Case, action: ActionSpec | None, plan: _Plan, actor
):
    """Load the case's live deadlines, step them, write the changes, and keep the case's
    nearest due time (`next_due_at`) in step."""
    live = {d.name: d for d in rows.live_deadlines(case.pk)} if action else {}
    changed, created = _step_deadlines(spec, case, action, plan, actor, live)
    for d in changed:
        rows.update_where(
            Deadline, {f: getattr(d, f) for f in _DEADLINE_FIELDS}, id=d.pk
        )
    for d in created:
        rows.insert(d)
    next_due = nearest_due(live.values())
    if next_due != case.next_due_at:
        rows.update_where(Case, {"next_due_at": next_due}, id=case.pk)
        case.next_due_at = next_due


def nearest_due(deadline_rows) -> dt.datetime | None:
    """The nearest due time among running time limits (paused and minimum ones left out)."""
    return min(
        (
            d.due_at
            for d in deadline_rows
            if d.status == DeadlineStatus.RUNNING and d.kind == "limit"
        ),
        default=None,
    )


# -- the two entry points ------------------------------------------------------------------


def _event(
    case: Case, seq: int, *, action, from_state, to_state, actor, unit, at, data, prev
):
    now = timezone.now()
    ev = Event(
        tenant_id=case.tenant_id,
        case=case,
        seq=seq,
        action=action,
        from_state=from_state,
        to_state=to_state,
        actor=actor,
        actor_name=(str(actor) if actor else _("the public")),
        unit=unit,
        at=at,
        recorded_at=now,
        recorded_by=actor,
        data=data,
        prev_hash=prev,
    )
    ev.hash = audit.event_hash(ev, case.number)
    return ev


def open_case(
    procedure: str,
    *,
    unit: Unit,
    actor: Person | None,
    data: dict | None = None,
    subject: str = "",
    applicant: Applicant | None = None,
    at: dt.datetime | None = None,
    parent: Case | None = None,
    link_kind: str = "",
    attachments: Iterable[File] = (),
) -> Case:
    """Open a case of `procedure` at `unit`, in the version in force on `at` (now by default).

    `at` records when the matter really began (paper cases entered later, 补录); deadlines
    run from it. Raises ActionNotAllowed (wrong role), InvalidData, UnknownProcedure.
    """
    at = at or timezone.now()
    day = deadlines.local_date(at)
    spec = spec_for(procedure, on=day)
    _authorise(
        spec, spec.opened_by, actor, unit, _("open a case of %(p)s") % {"p": spec.title}
    )
    clean = validate_data(spec.fields, data, on=day)
    applicant = applicant or Applicant()
    files = list(attachments)
    with transaction.atomic():
        case = Case(
            tenant_id=unit.tenant_id,
            number=_next_number(spec, unit.tenant or unit, day.year),
            procedure=spec.key,
            procedure_version=spec.version,
            state=spec.initial,
            unit=unit,
            subject=subject[:300],
            applicant_kind=applicant.kind,
            applicant_name=applicant.name,
            applicant_code=applicant.code,
            applicant_phone=applicant.phone,
            tracking_code=tracking.new_code()
            if tracking.has_public_tracking(spec)
            else "",
            data=clean,
            version=1,
            opened_at=at,
            last_event_at=at,
        )
        ev = _event(
            case,
            1,
            action=OPEN,
            from_state="",
            to_state=spec.initial,
            actor=actor,
            unit=unit,
            at=at,
            data=audit.opening_data(case, clean, [f.describe() for f in files]),
            prev=audit.GENESIS,
        )
        case.head_hash = ev.hash
        rows.insert(case)
        ev.case = case
        rows.insert(ev)
        _store_files(case, files, actor)
        _apply_deadlines(spec, case, None, _Plan(spec.initial, clean, at), actor)
        if parent is not None:
            CaseLink.objects.create(
                from_case=parent, to_case=case, kind=link_kind or procedure
            )
        transaction.on_commit(
            lambda: case_changed.send(sender=Case, case=case, event=ev)
        )
    return case


def act(
    case: Case,
    action: str,
    *,
    actor: Person | None,
    data: dict | None = None,
    expected_version: int | None = None,
    at: dt.datetime | None = None,
) -> Event:
    """Take `action` on `case` as `actor`; return the new event.

    `expected_version` is the version the actor saw (default: the one loaded); if the case
    changed since, StaleVersion is raised and nothing is written. `at` is when the step
    really happened (补录); the event records both it and when it was entered.
    """
    spec = spec_for(case.procedure, version=case.procedure_version)
    a = spec.actions.get(action)
    if a is None:
        raise ActionNotAllowed(
            _("Procedure %(p)s has no action “%(action)s”.")
            % {"p": spec.title, "action": action},
            code="unknown_action",
        )
    expected = case.version if expected_version is None else expected_version
    if expected != case.version:
        raise StaleVersion(case.number)
    if case.state not in a.from_states:
        raise ActionNotAllowed(
            _("“%(action)s” is not possible while the case is “%(state)s”.")
            % {"action": a.title, "state": spec.states[case.state].title},
            code="wrong_state",
        )
    _authorise(spec, a.by, actor, case.unit, a.title)
    at = at or timezone.now()
    if at < case.opened_at:
        raise InvalidData({"at": _("A step cannot happen before the case was opened.")})
    clean = validate_data(a.fields, data, on=deadlines.local_date(at))
    if a.not_before:
        _check_minimums(spec, case, a, at)
    to_state = a.to or case.state
    if to_state == PREVIOUS:
        to_state = _previous_state(case)
    with transaction.atomic():
        if a.once and case.events.filter(action=a.name).exists():
            raise ActionNotAllowed(
                _("“%(action)s” can be taken only once in a case.")
                % {"action": a.title},
                code="once_only",
            )
        new_data = {**case.data, **clean}
        last = case.last_event_at
        if last and at < last:
            raise InvalidData(
                {
                    "at": _(
                        "A step cannot be dated before the previous step of the case."
                    )
                }
            )
        ev = _event(
            case,
            expected + 1,
            action=a.name,
            from_state=case.state,
            to_state=to_state,
            actor=actor,
            unit=case.unit,
            at=at,
            data=clean,
            prev=case.head_hash,
        )
        final = spec.states[to_state].final
        owner = case.unit
        if a.reassigns:
            owner = Unit.objects.get(credit_code=clean[a.reassigns])
        changed = rows.update_where(
            Case,
            {
                "unit": owner.pk,
                "state": to_state,
                "data": new_data,
                "version": expected + 1,
                "head_hash": ev.hash,
                "last_event_at": at,
                "is_open": not final,
                "closed_at": at if final else None,
            },
            id=case.pk,
            version=expected,
        )
        if changed != 1:
            raise StaleVersion(case.number)
        rows.insert(ev)
        if owner != case.unit:
            case.unit = owner
            # Deadlines already met stay with the unit that met them (per-unit statistics).
            case.deadlines.filter(
                status__in=[DeadlineStatus.RUNNING, DeadlineStatus.PAUSED]
            ).update(unit=owner)
        if _affects_deadlines(spec, a, case.state, to_state):
            _apply_deadlines(spec, case, a, _Plan(to_state, clean, at), actor)
        case.state, case.data, case.version, case.head_hash = (
            to_state,
            new_data,
            expected + 1,
            ev.hash,
        )
        case.is_open, case.closed_at = not final, (at if final else None)
        case.last_event_at = at
        transaction.on_commit(
            lambda: case_changed.send(sender=Case, case=case, event=ev)
        )
    return ev


def _check_minimums(spec: Spec, case: Case, a: ActionSpec, at: dt.datetime) -> None:
    """Refuse a step taken before a minimum period it waits for has run its course."""
    for d in case.deadlines.filter(
        name__in=a.not_before,
        status__in=[DeadlineStatus.RUNNING, DeadlineStatus.PAUSED],
    ):
        if deadlines.local_date(at) < d.due_on:
            raise ActionNotAllowed(
                _(
                    "%(deadline)s runs until %(date)s; “%(action)s” is possible only after it."
                )
                % {
                    "deadline": d.title,
                    "date": d.due_on.isoformat(),
                    "action": a.title,
                },
                code="too_early",
            )


def _previous_state(case: Case) -> str:
    """The state the case was in before it entered its current one."""
    for from_state, to_state in case.events.order_by("-seq").values_list(
        "from_state", "to_state"
    ):
        if to_state == case.state and from_state and from_state != case.state:
            return from_state
    return case.state


ASSIGN = ASSIGN_EVENT


def _record_side_step(case, action, *, actor, data, expected_version, then) -> Event:
    """Record a step that keeps the state (naming assignees, adding files): compare-and-set
    the case's version, append the event, then `then()`, all in one transaction."""
    expected = case.version if expected_version is None else expected_version
    if expected != case.version:
        raise StaleVersion(case.number)
    at = timezone.now()
    with transaction.atomic():
        ev = _event(
            case,
            expected + 1,
            action=action,
            from_state=case.state,
            to_state=case.state,
            actor=actor,
            unit=case.unit,
            at=at,
            data=data,
            prev=case.head_hash,
        )
        changed = rows.update_where(
            Case,
            {"version": expected + 1, "head_hash": ev.hash, "last_event_at": at},
            id=case.pk,
            version=expected,
        )
        if changed != 1:
            raise StaleVersion(case.number)
        rows.insert(ev)
        then()
        case.version, case.head_hash, case.last_event_at = expected + 1, ev.hash, at
        transaction.on_commit(
            lambda: case_changed.send(sender=Case, case=case, event=ev)
        )
    return ev


@dataclass
class File:
    """A file given to a case: kept once by its SHA-256, which the record carries."""

    name: str
    content: bytes
    content_type: str = ""

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()

    def describe(self) -> dict:
        return {
            "name": self.name[:255],
            "sha256": self.sha256,
            "size": len(self.content),
        }


def _store_files(case: Case, files: list[File], actor: Person | None) -> None:
    for f in files:
        path = attachment_path(f.sha256)
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(f.content)
        Attachment.objects.create(
            sha256=f.sha256,
            case=case,
            name=f.name[:255],
            size=len(f.content),
            content_type=f.content_type[:100],
            uploaded_by=actor if actor is not None and actor.is_authenticated else None,
        )


def attachment_path(sha256: str) -> Path:
    """Where the file with this content hash lives (MEDIA_ROOT/attachments/ab/abcd…)."""
    return Path(settings.MEDIA_ROOT) / "attachments" / sha256[:2] / sha256


def attach(
    case: Case, files: list[File], *, actor: Person, expected_version=None
) -> Event:
    """Add files to a case (evidence, replies, scans); recorded with their hashes.

    The actor needs one of the procedure's roles at the case's unit.
    """
    spec = spec_for(case.procedure, version=case.procedure_version)
    _authorise(spec, case_roles(spec), actor, case.unit, _("add files to the case"))
    if not files:
        raise InvalidData({"files": _("Choose at least one file.")})
    return _record_side_step(
        case,
        ATTACH_EVENT,
        actor=actor,
        data={"attachments": [f.describe() for f in files]},
        expected_version=expected_version,
        then=lambda: _store_files(case, files, actor),
    )


def case_roles(spec: Spec) -> set[str]:
    """The roles that act on cases of `spec` (anyone but the public)."""
    return {r for a in spec.actions.values() for r in a.by} - {PUBLIC}


def assign(
    case: Case,
    *,
    assignees: list[Person],
    actor: Person,
    expected_version: int | None = None,
) -> Event:
    """Name the people responsible for `case` (承办人); recorded as an `assign` event.

    The actor must hold one of the procedure's roles at the case's unit, and every assignee
    too, so a case is never handed to someone who could not act on it.
    """
    spec = spec_for(case.procedure, version=case.procedure_version)
    allowed = case_roles(spec)
    _authorise(spec, allowed, actor, case.unit, _("assign the case"))
    for person in assignees:
        if not roles_at(person, case.unit) & allowed:
            raise InvalidData(
                {
                    "assignees": _(
                        "%(name)s holds no role in this procedure at %(unit)s."
                    )
                    % {"name": str(person), "unit": case.unit.name}
                }
            )
    return _record_side_step(
        case,
        ASSIGN,
        actor=actor,
        data={"assignees": sorted(p.username for p in assignees)},
        expected_version=expected_version,
        then=lambda: case.assignees.set(assignees),
    )


def available_actions(case: Case, actor: Person | None) -> list[ActionSpec]:
    """Return the actions `actor` may take on `case` now (for forms and buttons)."""
    spec = spec_for(case.procedure, version=case.procedure_version)
    roles = _actor_roles(actor, case.unit)
    done = set(case.events.values_list("action", flat=True))
    return [
        a
        for a in spec.actions_from(case.state)
        if set(a.by) & roles and not (a.once and a.name in done)
    ]


def import_cases(records, *, batch_size: int = 500, progress=None) -> dict[str, int]:
    """Load historical cases with their events; see `procedures.history.import_cases`."""
    from .history import import_cases as _import

    return _import(records, batch_size=batch_size, progress=progress)


def recompute_for_years(years) -> int:
    """Recompute every live deadline whose span touches one of `years`.

    Called when a year's holiday notice is imported: provisional due dates (computed from
    weekends alone) become final, and any date the new holidays move is moved.
    """
    years = sorted(set(years))
    if not years:
        return 0
    first = dt.date(years[0], 1, 1)
    calendar = get_calendar()
    affected = Deadline.objects.filter(
        status__in=[DeadlineStatus.RUNNING, DeadlineStatus.PAUSED], due_on__gte=first
    )
    n = 0
    touched = set()
    with transaction.atomic():
        for d in affected.iterator():
            before = (d.due_on, d.provisional, d.explanation)
            recompute_deadline(d, calendar)
            if (d.due_on, d.provisional, d.explanation) != before:
                d.save(update_fields=_DEADLINE_FIELDS)
                touched.add(d.case_id)
                n += 1
        for case_id in touched:
            live = Deadline.objects.filter(
                case_id=case_id,
                status__in=[DeadlineStatus.RUNNING, DeadlineStatus.PAUSED],
            )
            Case.objects.filter(pk=case_id).update(next_due_at=nearest_due(live))
    return n
