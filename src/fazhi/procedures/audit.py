"""The whole-process record (全过程记录): each case's events form a SHA-256 hash chain.

`hash = sha256(prev_hash + canonical JSON of the event)`, the first event chaining from
GENESIS, and the case keeps the head hash and the event count (its version), so a changed,
removed, inserted or reordered row, and a truncated chain, are all detected.

Hash schemes. The canonical JSON carries its scheme: scheme 1 (no marker, events written
before the record covered every shown value) leaves out the actor's name as shown; scheme 2
(`"v": 2`, every new event) covers it. The verifier accepts scheme 1 only for events older
than the first scheme-2 event of a case, so an event cannot be downgraded to the weaker form.

`verify` goes further than the chains: it replays each case (`replay.py`) and compares the
case row, its deadlines, assignees and files with what the events say, and checks the chains
against the latest signed anchor (`anchoring.py`), which catches a rewrite with every hash
recomputed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from types import SimpleNamespace

from django.utils.translation import gettext as _

GENESIS = "0" * 64
SCHEME = 2  # the hash scheme of new events
CHUNK = 500  # cases read per batch by `verify`

# Keys of the opening event's data that describe the case rather than its fields. Scheme 2
# adds OPENING, so that every value of the case row can be derived from the record.
OPENING = "opening"
OPEN_KEYS = {"subject", "applicant", "attachments", OPENING}
OPENING_FIELDS = (
    "procedure",
    "procedure_version",
    "applicant_kind",
    "applicant_code",
    "applicant_phone",
)

_EVENT_COLUMNS = (
    "pk",
    "case_id",
    "tenant_id",
    "seq",
    "action",
    "from_state",
    "to_state",
    "actor_id",
    "actor_name",
    "unit_id",
    "at",
    "recorded_at",
    "recorded_by_id",
    "data",
    "prev_hash",
    "hash",
)


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


def canonical(event, case_number: str, scheme: int = SCHEME) -> str:
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
    if scheme >= 2:
        payload["v"] = scheme
        payload["actor_name"] = event.actor_name
    return json.dumps(
        payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )


def event_hash(event, case_number: str, scheme: int = SCHEME) -> str:
    return hashlib.sha256(
        (event.prev_hash + canonical(event, case_number, scheme)).encode()
    ).hexdigest()


def scheme_of(event, case_number: str) -> int | None:
    """The hash scheme under which the event's stored hash matches its content, or None."""
    for scheme in (2, 1):
        if event_hash(event, case_number, scheme) == event.hash:
            return scheme
    return None


def opening_data(case, clean: dict, files: list[dict]) -> dict:
    """The data of a case's opening event: its fields plus what the case row says of it."""
    return {
        **clean,
        "subject": case.subject,
        "applicant": case.applicant_name,
        OPENING: {f: getattr(case, f) for f in OPENING_FIELDS},
        **({"attachments": files} if files else {}),
    }


@dataclass(frozen=True)
class Break:
    case_number: str
    seq: int | None
    problem: str
    field: str = ""

    def __str__(self) -> str:
        where = (
            _("event %(seq)s") % {"seq": self.seq} if self.seq else _("the case record")
        )
        return f"{self.case_number} {where}: {self.problem}"


def chain_break(case, events: list) -> Break | None:
    """The first broken link of one case's chain (events in seq order), or None."""
    prev = GENESIS
    expected_seq = 1
    newest_scheme = 0
    for ev in events:
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
        scheme = scheme_of(ev, case.number)
        if scheme is None:
            return Break(
                case.number, ev.seq, _("content does not match its hash (edited)")
            )
        if scheme < newest_scheme:
            return Break(
                case.number,
                ev.seq,
                _(
                    "hashed in an older scheme than the event before it (rewritten to escape the check)"
                ),
            )
        newest_scheme = scheme
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


def _chunks(cases) -> Iterator[list]:
    chunk = []
    for case in cases.iterator(chunk_size=CHUNK):
        chunk.append(case)
        if len(chunk) >= CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _load(chunk: list) -> dict[str, dict]:
    """Everything the checks read about a batch of cases, in one query per table."""
    from .models import Attachment, Case, Deadline, Event

    ids = [c.pk for c in chunk]
    events, deadlines, assignees, files = (defaultdict(list) for _ in range(4))
    for row in (
        Event.objects.filter(case_id__in=ids)
        .order_by("case_id", "seq", "pk")
        .values_list(*_EVENT_COLUMNS)
    ):
        events[row[1]].append(
            SimpleNamespace(**dict(zip(_EVENT_COLUMNS, row, strict=True)))
        )
    for d in Deadline.objects.filter(case_id__in=ids).order_by("case_id", "pk"):
        deadlines[d.case_id].append(d)
    through = Case.assignees.through
    for case_id, username in through.objects.filter(case_id__in=ids).values_list(
        "case_id", "person__username"
    ):
        assignees[case_id].append(username)
    for case_id, sha, name, size in Attachment.objects.filter(
        case_id__in=ids
    ).values_list("case_id", "sha256", "name", "size"):
        files[case_id].append((sha, name, size))
    return {
        "events": events,
        "deadlines": deadlines,
        "assignees": assignees,
        "files": files,
    }


def _check(case, loaded: dict, replayer, anchor) -> list[Break]:
    events = loaded["events"].get(case.pk, [])
    breaks = []
    problem = chain_break(case, events)
    if problem:
        breaks.append(problem)
    else:
        breaks.extend(
            replayer.compare(
                case,
                events,
                loaded["deadlines"].get(case.pk, []),
                loaded["assignees"].get(case.pk, []),
                loaded["files"].get(case.pk, []),
            )
        )
    if anchor is not None:
        breaks.extend(anchor.check_case(case, events))
    return breaks


def check_cases(cases, *, anchor=None) -> Iterator[tuple[object, list[Break]]]:
    """Yield (case, breaks) for every case of the queryset, read in batches.

    The chain comes first; a case whose chain is broken is not replayed (its events cannot
    be trusted, and the replay would only repeat the finding field by field). `anchor` is an
    `anchoring.AnchorIndex` or None. A case with a finding is read and checked once more on
    its own: a step taken between the batch's reads of cases and of events (verify runs
    beside the live system) must not look like tampering.
    """
    from .replay import Replayer

    replayer = Replayer()
    for chunk in _chunks(cases):
        loaded = _load(chunk)
        for case in chunk:
            breaks = _check(case, loaded, replayer, anchor)
            if breaks:
                fresh = type(case).objects.filter(pk=case.pk).first()
                if fresh is not None:
                    case = fresh
                    breaks = _check(fresh, _load([fresh]), replayer, anchor)
            yield case, breaks


def verify_case(case) -> Break | None:
    """Return the first problem of one case's record, or None if it is intact."""
    from .models import Case

    for _case, breaks in check_cases(Case.objects.filter(pk=case.pk)):
        return breaks[0] if breaks else None
    return None


def verify(cases, *, anchor=None, complete: bool = False) -> tuple[int, list[Break]]:
    """Verify many cases; return how many were checked and the breaks found.

    With an anchor and `complete` (`cases` is every case), cases of the anchor that are no
    longer in the database are breaks too.
    """
    checked, breaks = 0, []
    for _case, found in check_cases(cases, anchor=anchor):
        checked += 1
        breaks.extend(found)
    if anchor is not None and complete:
        breaks.extend(anchor.missing_cases())
    return checked, breaks


def cases_with_breaks(breaks: Iterable[Break]) -> int:
    return len({b.case_number for b in breaks})
