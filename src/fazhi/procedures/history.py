"""Loading history: cases of an old system replayed through the engine's own rules.

Part of the engine: every step is checked against the spec as `engine.act` checks it, the hash
chain and the deadlines are computed with the engine's functions, and the rows are written in
batches (light event rows, one executemany per table) so that 10^4 events a second load.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.directory.models import Person, Unit

from . import audit, deadlines, rows, tracking
from .engine import (
    Applicant,
    _affects_deadlines,
    _next_number,
    _Plan,
    _step_deadlines,
    validate_data,
)
from .errors import ActionNotAllowed, InvalidData
from .errors import ProcedureError as ProcedureErrorBase
from .models import Case, Deadline, Event
from .registry import spec_for
from .spec import OPEN, PREVIOUS


def _nearest(live):
    from .engine import nearest_due

    return nearest_due(live)


def import_cases(records, *, batch_size: int = 500, progress=None) -> dict[str, int]:
    """Load historical cases with their events (e.g. from a previous system), in batches.

    Each record: {"procedure", "unit" (credit code), "opened_at", "number"?, "subject"?,
    "applicant"?: {...}, "data": {...}, "events": [{"action", "at", "actor"?, "data"?}]}.
    Every step is checked against the spec (from-state, fields) exactly as `act` checks it
    (roles are not: the people of an old system need not exist here); the hash chain and the
    deadlines are computed as if the steps had been taken live. A bad record raises
    InvalidData naming its line and nothing of its batch is written.
    """
    units: dict[str, Unit] = {}
    people: dict[str, Person | None] = {}
    stats = {"cases": 0, "events": 0}
    batch: list[tuple[int, dict]] = []

    def unit_for(code: str) -> Unit:
        if code not in units:
            unit = Unit.objects.filter(credit_code=code).first()
            if unit is None:
                raise InvalidData(
                    {
                        "unit": _("There is no unit with credit code %(code)s.")
                        % {"code": code}
                    }
                )
            units[code] = unit
        return units[code]

    def person_for(username: str | None) -> Person | None:
        if not username:
            return None
        if username not in people:
            people[username] = Person.objects.filter(username=username).first()
        return people[username]

    def flush() -> None:
        with transaction.atomic():
            cases, events, deadline_rows = [], [], []
            for line_no, rec in batch:
                try:
                    c, evs, dls = _replay(rec, unit_for, person_for)
                except ProcedureErrorBase as exc:
                    raise InvalidData(
                        {"line": f"第{line_no}行：{exc.message}"}
                    ) from exc
                cases.append(c)
                events.extend(evs)
                deadline_rows.extend(dls)
            Case.objects.bulk_create(cases)
            for e in events:
                e.case_id = e.case.pk
            for d in deadline_rows:
                d.case_id = d.case.pk
            rows.insert_many(Event, events)
            rows.insert_many(Deadline, deadline_rows)
            stats["cases"] += len(cases)
            stats["events"] += len(events)
        batch.clear()
        if progress:
            progress(stats)

    for line_no, rec in enumerate(records, start=1):
        batch.append((line_no, rec))
        if len(batch) >= batch_size:
            flush()
    if batch:
        flush()
    return stats


class _EventRow(SimpleNamespace):
    """An event of the history import: the attributes of Event, without a model instance."""


def _event_row(
    case: Case,
    seq: int,
    *,
    action,
    from_state,
    to_state,
    actor,
    actor_name,
    unit,
    at,
    recorded_at,
    data,
    prev,
) -> _EventRow:
    row = _EventRow(
        tenant_id=case.tenant_id,
        case=case,
        case_id=None,
        seq=seq,
        action=action,
        from_state=from_state,
        to_state=to_state,
        actor_id=actor.pk if actor else None,
        actor_name=actor_name,
        unit_id=unit.pk,
        at=at,
        recorded_at=recorded_at,
        recorded_by_id=actor.pk if actor else None,
        data=data,
        prev_hash=prev,
    )
    row.hash = audit.event_hash(row, case.number)
    return row


def _replay(rec: dict, unit_for, person_for):
    """Build one imported case, its events and deadlines in memory (nothing written)."""
    try:
        opened_at = dt.datetime.fromisoformat(rec["opened_at"])
        unit = unit_for(rec["unit"])
        key = rec["procedure"]
    except (KeyError, ValueError, TypeError) as exc:
        raise InvalidData(
            {"record": _("missing or bad field: %(f)s") % {"f": exc}}
        ) from exc
    if opened_at.tzinfo is None:
        opened_at = opened_at.replace(tzinfo=deadlines._tz())
    day = deadlines.local_date(opened_at)
    spec = spec_for(key, on=day)
    clean = validate_data(spec.fields, rec.get("data"), on=day)
    applicant = Applicant(**(rec.get("applicant") or {}))
    number = rec.get("number") or _next_number(spec, unit.tenant or unit, day.year)
    case = Case(
        tenant_id=unit.tenant_id,
        number=number,
        procedure=spec.key,
        procedure_version=spec.version,
        state=spec.initial,
        unit=unit,
        subject=str(rec.get("subject", ""))[:300],
        applicant_kind=applicant.kind,
        applicant_name=applicant.name,
        applicant_code=applicant.code,
        applicant_phone=applicant.phone,
        tracking_code=tracking.new_code() if tracking.has_public_tracking(spec) else "",
        data=clean,
        version=1,
        opened_at=opened_at,
        last_event_at=opened_at,
    )
    opener = person_for(rec.get("opened_by"))
    now = timezone.now()
    public = _("the public")
    first = _event_row(
        case,
        1,
        action=OPEN,
        from_state="",
        to_state=spec.initial,
        actor=opener,
        actor_name=str(opener) if opener else str(rec.get("opened_by") or public),
        unit=unit,
        at=opened_at,
        recorded_at=now,
        data=audit.opening_data(case, clean, []),
        prev=audit.GENESIS,
    )
    events = [first]
    live: dict[str, Deadline] = {}
    deadline_rows: list[Deadline] = []
    _changed, created = _step_deadlines(
        spec, case, None, _Plan(spec.initial, clean, opened_at), opener, live
    )
    deadline_rows.extend(created)
    last_at = opened_at
    for raw in rec.get("events", []):
        a = spec.actions.get(raw.get("action"))
        if a is None:
            raise ActionNotAllowed(
                _("Procedure %(p)s has no action “%(action)s”.")
                % {"p": spec.title, "action": raw.get("action")}
            )
        if case.state not in a.from_states:
            raise ActionNotAllowed(
                _("“%(action)s” is not possible while the case is “%(state)s”.")
                % {"action": a.title, "state": spec.states[case.state].title}
            )
        at = dt.datetime.fromisoformat(raw["at"])
        if at.tzinfo is None:
            at = at.replace(tzinfo=deadlines._tz())
        if at < last_at:
            raise InvalidData(
                {
                    "at": _(
                        "A step cannot be dated before the previous step of the case."
                    )
                }
            )
        data = validate_data(a.fields, raw.get("data"), on=deadlines.local_date(at))
        to_state = a.to or case.state
        if to_state == PREVIOUS:
            to_state = next(
                e.from_state
                for e in reversed(events)
                if e.to_state == case.state
                and e.from_state
                and e.from_state != case.state
            )
        actor = person_for(raw.get("actor"))
        ev = _event_row(
            case,
            len(events) + 1,
            action=a.name,
            from_state=case.state,
            to_state=to_state,
            actor=actor,
            actor_name=str(actor) if actor else str(raw.get("actor") or public),
            unit=case.unit,
            at=at,
            recorded_at=now,
            data=data,
            prev=events[-1].hash,
        )
        if a.reassigns and data.get(a.reassigns):
            # As `engine.act`: the case and its live deadlines move to the unit named.
            case.unit = unit_for(data[a.reassigns])
            for row in live.values():
                row.unit_id = case.unit_id
        if _affects_deadlines(spec, a, case.state, to_state):
            _changed, created = _step_deadlines(
                spec, case, a, _Plan(to_state, data, at), actor, live
            )
            deadline_rows.extend(created)
        events.append(ev)
        case.state = to_state
        case.data = {**case.data, **data}
        last_at = at
        if spec.states[to_state].final:
            case.is_open, case.closed_at = False, at
    case.version = len(events)
    case.head_hash = events[-1].hash
    case.last_event_at = last_at
    for row in live.values():
        row.unit_id = case.unit_id
    case.next_due_at = None if not case.is_open else _nearest(live.values())
    return case, events, deadline_rows
