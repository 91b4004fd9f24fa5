"""Replaying a case's record: what the case row must say, derived from its events alone.

The engine's own step functions (`_step_deadlines`, `_affects_deadlines`) run on an unsaved
copy of the case, so the replay computes state, owning unit, data, subject, applicant,
dates, deadlines, assignees and files exactly as the steps did. Each difference with the
stored rows is a Break naming the field: a row edited behind the engine's back (a case moved
to another unit, a state or phone number changed, the last event dropped and the head moved
back) no longer agrees with a record whose hashes are intact.

Opening events of hash scheme 1 do not carry the applicant's kind, ID and phone nor the
procedure version; for those cases these four fields are not checked.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from .audit import OPEN_KEYS, OPENING, OPENING_FIELDS, Break
from .engine import _affects_deadlines, _Plan, _step_deadlines, nearest_due
from .errors import ProcedureError
from .models import Case, DeadlineStatus
from .registry import spec_for
from .spec import ASSIGN_EVENT, ATTACH_EVENT, OPEN


class _Actor:
    """Who took a step, as the deadline code records it (`by`, `by_name`)."""

    def __init__(self, pk, name):
        self.pk, self.name = pk, name

    def __str__(self) -> str:
        return self.name


class _Replayed:
    def __init__(self):
        self.fields: dict[str, object] = {}
        self.deadlines: list = []
        self.live: dict = {}
        self.assignees: list[str] = []
        self.files: list[tuple] = []


class Unreplayable(Exception):
    pass


def _instant(value):
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value.astimezone(dt.UTC) if value is not None else None


def _extensions(items) -> list:
    return [{**e, "at": _instant(e.get("at")).isoformat()} for e in items or []]


def _pauses(items) -> list:
    return [list(p) for p in items or []]


class Replayer:
    """Replays cases; keeps the unit lookup (credit code -> id) across cases."""

    def __init__(self):
        self._units: dict[str, int] | None = None

    def unit_id(self, credit_code: str) -> int:
        if self._units is None:
            from fazhi.directory.models import Unit

            self._units = dict(Unit.objects.values_list("credit_code", "pk"))
        if credit_code not in self._units:
            raise Unreplayable(
                _("names a unit that does not exist (%(code)s)") % {"code": credit_code}
            )
        return self._units[credit_code]

    def replay(self, case: Case, events: list) -> _Replayed:
        out = _Replayed()
        first = events[0] if events else None
        if first is None or first.action != OPEN:
            raise Unreplayable(_("the record does not begin with the opening step"))
        data = dict(first.data or {})
        opening = data.get(OPENING) if isinstance(data.get(OPENING), dict) else None
        procedure = (opening or {}).get("procedure", case.procedure)
        version = (opening or {}).get("procedure_version", case.procedure_version)
        try:
            spec = spec_for(procedure, version=version)
        except ProcedureError as exc:
            raise Unreplayable(exc.message) from exc
        clean = {k: v for k, v in data.items() if k not in OPEN_KEYS}
        # The case as each step found it: a fresh unsaved copy per step (never saved; the
        # engine's step functions read its state, unit and tenant).
        state, unit_id, case_data = first.to_state, first.unit_id, clean

        def as_found() -> Case:
            return Case(
                tenant_id=case.tenant_id,
                number=case.number,
                procedure=procedure,
                procedure_version=version,
                unit_id=unit_id,
                state=state,
                data=case_data,
            )

        f = out.fields
        f.update(
            subject=data.get("subject", ""),
            applicant_name=data.get("applicant", ""),
            opened_at=first.at,
        )
        if opening:
            f.update((k, opening.get(k, "")) for k in OPENING_FIELDS)
        else:
            f["procedure"] = procedure
        out.files.extend(_described(data.get("attachments")))
        closed_at, last_at = None, first.at
        try:
            _c, created = _step_deadlines(
                spec,
                as_found(),
                None,
                _Plan(first.to_state, clean, first.at),
                None,
                out.live,
            )
            out.deadlines.extend(created)
            for ev in events[1:]:
                if ev.from_state != state:
                    raise Unreplayable(
                        _("event %(seq)s starts from “%(found)s”, not “%(state)s”")
                        % {"seq": ev.seq, "found": ev.from_state, "state": state}
                    )
                last_at = ev.at
                if ev.action == ASSIGN_EVENT:
                    out.assignees = sorted((ev.data or {}).get("assignees", []))
                    continue
                if ev.action == ATTACH_EVENT:
                    out.files.extend(_described((ev.data or {}).get("attachments")))
                    continue
                a = spec.actions.get(ev.action)
                if a is None:
                    raise Unreplayable(
                        _("event %(seq)s is a step “%(action)s” the procedure lacks")
                        % {"seq": ev.seq, "action": ev.action}
                    )
                step = dict(ev.data or {})
                if a.reassigns and step.get(a.reassigns):
                    owner = self.unit_id(step[a.reassigns])
                    if owner != unit_id:
                        unit_id = owner
                        for d in out.live.values():
                            d.unit_id = owner
                actor = _Actor(ev.actor_id, ev.actor_name) if ev.actor_id else None
                if _affects_deadlines(spec, a, state, ev.to_state):
                    _c, created = _step_deadlines(
                        spec,
                        as_found(),
                        a,
                        _Plan(ev.to_state, step, ev.at),
                        actor,
                        out.live,
                    )
                    out.deadlines.extend(created)
                final = spec.states[ev.to_state].final
                state = ev.to_state
                case_data = {**case_data, **step}
                closed_at = ev.at if final else None
        except (ProcedureError, KeyError, ValueError, TypeError) as exc:
            raise Unreplayable(getattr(exc, "message", None) or repr(exc)) from exc
        f.update(
            {
                "state": state,
                "unit_id": unit_id,
                "data": case_data,
                "is_open": not spec.states[state].final,
                "closed_at": closed_at,
                "last_event_at": last_at,
                "next_due_at": nearest_due(out.live.values()),
            }
        )
        return out

    def compare(self, case: Case, events, deadline_rows, assignees, files):
        """The Breaks between the stored case (and its rows) and its replayed record."""
        try:
            replayed = self.replay(case, events)
        except (Unreplayable, ProcedureError, KeyError, ValueError, TypeError) as exc:
            return [
                Break(
                    case.number,
                    None,
                    _("its record cannot be replayed: %(why)s") % {"why": exc},
                )
            ]
        breaks = []
        for name, expected in replayed.fields.items():
            found = getattr(case, name)
            if name.endswith("_at"):
                same = _instant(found) == _instant(expected)
            else:
                same = found == expected
            if not same:
                breaks.append(_field_break(case, name))
        if sorted(assignees) != replayed.assignees:
            breaks.append(_field_break(case, "assignees"))
        if sorted(files) != sorted(replayed.files):
            breaks.append(
                Break(
                    case.number,
                    None,
                    _("its files differ from the files its record names"),
                    "attachments",
                )
            )
        breaks.extend(_deadline_breaks(case, deadline_rows, replayed.deadlines))
        return breaks


def _described(items) -> list[tuple]:
    return [(i["sha256"], i["name"][:255], i["size"]) for i in items or []]


def _field_break(case: Case, name: str) -> Break:
    title = str(Case._meta.get_field(name.removesuffix("_id")).verbose_name)
    return Break(
        case.number,
        None,
        _("%(field)s (%(name)s) differs from what its record says")
        % {
            "field": title,
            "name": name,
        },
        name,
    )


_DEADLINE_INPUTS = ("name", "kind", "status", "unit_id", "within_n", "within_unit")


def _deadline_breaks(case: Case, stored: list, replayed: list) -> list[Break]:
    if len(stored) != len(replayed):
        return [
            Break(
                case.number,
                None,
                _("it has %(found)s deadlines where its record gives %(expected)s")
                % {"found": len(stored), "expected": len(replayed)},
                "deadlines",
            )
        ]
    breaks = []
    for row, want in zip(stored, replayed, strict=True):
        differs = [f for f in _DEADLINE_INPUTS if getattr(row, f) != getattr(want, f)]
        for f in ("started_at", "met_at"):
            if _instant(getattr(row, f)) != _instant(getattr(want, f)):
                differs.append(f)
        if _pauses(row.pauses) != _pauses(want.pauses):
            differs.append("pauses")
        if _extensions(row.extensions) != _extensions(want.extensions):
            differs.append("extensions")
        # Due dates of live deadlines follow the current calendar (a holiday import
        # recomputes them); those of closed ones keep the calendar of their time.
        live = (DeadlineStatus.RUNNING, DeadlineStatus.PAUSED)
        if row.status in live and (row.due_on, _instant(row.due_at)) != (
            want.due_on,
            _instant(want.due_at),
        ):
            differs.append("due_on")
        if differs:
            breaks.append(
                Break(
                    case.number,
                    None,
                    _("deadline “%(title)s” differs from its record (%(fields)s)")
                    % {"title": row.title, "fields": ", ".join(differs)},
                    "deadlines",
                )
            )
    return breaks
