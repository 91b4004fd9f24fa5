"""The whole-process record (全过程记录): each case's events form a SHA-256 hash chain.

`hash = sha256(prev_hash + canonical JSON of the event)`, the first event chaining from
GENESIS, and the case keeps the head hash and the event count (its version), so a changed,
removed, inserted or reordered row, and a truncated chain, are all detected.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

from django.utils.translation import gettext as _

GENESIS = "0" * 64


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


def canonical(event, case_number: str) -> str:
    """The canonical JSON of an event: sorted keys, no spaces, UTC times to the microsecond."""
    payload = {
        "case": case_number,
        "tenant": event.tenant_id,
        "seq": event.seq,
        "action": event.action,
        "from": event.from_state,
        "to": event.to_state,
        "actor": event.actor_id,
        "unit": event.unit_id,
        "at": _iso(event.at),
        "recorded_at": _iso(event.recorded_at),
        "recorded_by": event.recorded_by_id,
        "data": event.data,
    }
    return json.dumps(
        payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )


def event_hash(event, case_number: str) -> str:
    return hashlib.sha256(
        (event.prev_hash + canonical(event, case_number)).encode()
    ).hexdigest()


@dataclass(frozen=True)
class Break:
    case_number: str
    seq: int | None
    problem: str

    def __str__(self) -> str:
        where = (
            _("event %(seq)s") % {"seq": self.seq} if self.seq else _("the case record")
        )
        return f"{self.case_number} {where}: {self.problem}"


def verify_case(case) -> Break | None:
    """Return the first broken link of one case's chain, or None if it is intact."""
    from .models import Event

    prev = GENESIS
    expected_seq = 1
    for ev in Event.objects.filter(case_id=case.pk).order_by("seq", "pk").iterator():
        if ev.seq != expected_seq:
            return Break(
                case.number,
                ev.seq,
                _(
                    "sequence number %(found)s where %(expected)s was expected (an event was removed or reordered)"
                )
                % {"found": ev.seq, "expected": expected_seq},
            )
        if ev.prev_hash != prev:
            return Break(
                case.number,
                ev.seq,
                _("does not link to the previous event (removed or reordered)"),
            )
        if event_hash(ev, case.number) != ev.hash:
            return Break(
                case.number, ev.seq, _("content does not match its hash (edited)")
            )
        prev = ev.hash
        expected_seq += 1
    if expected_seq - 1 != case.version or prev != (case.head_hash or GENESIS):
        return Break(
            case.number,
            None,
            _(
                "the chain ends at event %(n)s but the case records %(version)s events (events removed)"
            )
            % {"n": expected_seq - 1, "version": case.version},
        )
    return None


def verify(cases) -> tuple[int, list[Break]]:
    """Verify many cases; return how many were checked and the breaks found."""
    checked, breaks = 0, []
    for case in cases.iterator():
        checked += 1
        problem = verify_case(case)
        if problem:
            breaks.append(problem)
    return checked, breaks
