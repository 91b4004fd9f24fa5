"""Procedure specs: load `definitions/*.yaml`, check them, and give the engine typed objects.

A spec names its states, actions, roles, deadlines and publication rules. The loader keeps the
line of every key so that a mistake is reported as `file:line: problem` (in Chinese).
Nothing here touches the database.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from django.utils.translation import gettext as _

from .errors import SpecError

DEFINITIONS_DIR = Path(__file__).resolve().parent / "definitions"

# "open" is the pseudo-event of a case being opened; "public" the pseudo-role of anyone.
OPEN = "open"
PUBLIC = "public"
# An action whose `to` is PREVIOUS returns the case to the state it was in before the
# current one (e.g. resuming a suspended case on the track it was on).
PREVIOUS = "$previous"
# The engine's own event for naming a case's assignees; no spec may define an action so named.
ASSIGN_EVENT = "set_assignees"
ATTACH_EVENT = "add_attachments"
RESERVED_ACTIONS = {OPEN, ASSIGN_EVENT, ATTACH_EVENT}
UNITS = {"workdays", "days", "months", "hours"}
UNIT_TITLES = {"workdays": "个工作日", "days": "日", "months": "个月", "hours": "小时"}
FIELD_TYPES = {
    "text",
    "longtext",
    "date",
    "datetime",
    "integer",
    "decimal",
    "choice",
    "bool",
    "officers",
    "person",
    "unit",
}
_DURATION = re.compile(r"^\s*(\d+)\s*(workdays|days|months|hours)\s*$")


@dataclass(frozen=True)
class Duration:
    n: int
    unit: str  # workdays | days | months | hours

    def __str__(self) -> str:
        return f"{self.n}{UNIT_TITLES[self.unit]}"


@dataclass(frozen=True)
class FieldSpec:
    name: str
    title: str
    type: str = "text"
    required: bool = False
    choices: tuple[tuple[str, str], ...] = ()
    help: str = ""
    min: int | None = None  # for officers: how many at least
    certificate: bool = False  # for officers: each must hold a valid certificate
    # for dates: not later than the day of the step (a date of service, of a hearing)
    past: bool = False


@dataclass(frozen=True)
class StateSpec:
    name: str
    title: str
    final: bool = False
    pauses: tuple[str, ...] = ()


@dataclass(frozen=True)
class ActionSpec:
    name: str
    title: str
    from_states: tuple[str, ...]
    to: str | None  # None: stay in the current state
    by: tuple[str, ...]
    fields: tuple[FieldSpec, ...] = ()
    once: bool = False
    restarts: tuple[str, ...] = ()
    extends: tuple[tuple[str, Duration], ...] = ()
    opens: tuple[str, ...] = ()  # procedures a follow-up case may be opened in
    reassigns: str | None = None  # a `unit` field whose unit becomes the case's owner
    not_before: tuple[str, ...] = ()  # minimum periods that must have run out first
    line: int | None = None


@dataclass(frozen=True)
class DeadlineSpec:
    name: str
    title: str
    start: str  # OPEN or an action name
    until: tuple[str, ...]  # states in which the deadline is met
    within: Duration
    basis: str
    unverified: bool = False
    stop_actions: tuple[str, ...] = ()
    # A date field of the starting step (or of the case, for `open`) whose date the period
    # runs from when it is filled in (送达之日, 施行之日); otherwise the step's own day.
    from_field: str | None = None
    # "limit": the step must happen by the due date (overdue after it). "minimum": the
    # period must run its course first (征求意见不少于30日); it is never overdue.
    kind: str = "limit"


DEADLINE_KINDS = {"limit", "minimum"}


@dataclass(frozen=True)
class Spec:
    key: str
    version: str
    title: str
    basis: str
    file: str
    effective_from: date | None
    effective_to: date | None
    number: str
    roles: dict[str, str]
    opened_by: tuple[str, ...]
    initial: str
    fields: tuple[FieldSpec, ...]
    states: dict[str, StateSpec]
    actions: dict[str, ActionSpec]
    deadlines: dict[str, DeadlineSpec]
    publish: dict[str, dict[str, Any]] = field(default_factory=dict)
    guide: str = ""
    # Roles that read the cases without acting on them (supervisors). Who may read a
    # case: see `reading_roles`.
    readers: tuple[str, ...] = ()

    def in_force_on(self, day: date) -> bool:
        return (self.effective_from is None or self.effective_from <= day) and (
            self.effective_to is None or day < self.effective_to
        )

    def actions_from(self, state: str) -> list[ActionSpec]:
        return [a for a in self.actions.values() if state in a.from_states]

    @property
    def reading_roles(self) -> frozenset[str]:
        """The roles that may read cases of this procedure at the units they see: those
        that open or act on them, and the `readers` the spec names (never the public)."""
        acting = {r for a in self.actions.values() for r in a.by}
        return frozenset(acting | set(self.opened_by) | set(self.readers)) - {PUBLIC}

    def role_title(self, key: str) -> str:
        return _("anyone") if key == PUBLIC else self.roles.get(key, key)


def parse_duration(text: Any) -> Duration | None:
    m = _DURATION.match(str(text))
    return Duration(int(m.group(1)), m.group(2)) if m else None


# -- loading with line numbers ----------------------------------------------------------


def _plain(node: yaml.Node, lines: dict[tuple, int], path: tuple) -> Any:
    """Turn a composed YAML node into plain Python, recording each key's line in `lines`."""
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out = {}
        for key_node, value_node in node.value:
            key = key_node.value
            out[key] = _plain(value_node, lines, (*path, key))
            lines[(*path, key)] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_plain(v, lines, (*path, i)) for i, v in enumerate(node.value)]
    return yaml.SafeLoader(yaml.serialize(node)).get_single_data()


class _Reader:
    """Reads one file; every problem becomes a SpecError naming the file and line."""

    def __init__(self, path: Path):
        self.path = path
        self.name = path.name
        self.lines: dict[tuple, int] = {}
        try:
            node = yaml.compose(
                path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader
            )
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            raise SpecError(
                self.name,
                mark.line + 1 if mark else None,
                _("not valid YAML: %(error)s")
                % {"error": getattr(exc, "problem", exc)},
            ) from exc
        if node is None:
            raise SpecError(self.name, 1, _("the file is empty"))
        self.data = _plain(node, self.lines, ())
        if not isinstance(self.data, dict):
            raise SpecError(self.name, 1, _("the file must be a mapping of keys"))

    def fail(self, path: tuple, problem: str) -> SpecError:
        while path and path not in self.lines:
            path = path[:-1]
        return SpecError(self.name, self.lines.get(path), problem)

    def need(self, mapping: dict, path: tuple, key: str, kind: type = str) -> Any:
        if key not in mapping or mapping[key] in (None, ""):
            raise self.fail(path, _("missing required key “%(key)s”") % {"key": key})
        value = mapping[key]
        if not isinstance(value, kind):
            raise self.fail(
                (*path, key),
                _("“%(key)s” has the wrong type (expected %(kind)s)")
                % {"key": key, "kind": kind.__name__},
            )
        return value

    def names(self, value: Any, path: tuple) -> tuple[str, ...]:
        if value is None:
            return ()
        if isinstance(value, str):
            return (value,)
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return tuple(value)
        raise self.fail(path, _("expected a name or a list of names"))

    def date(self, value: Any, path: tuple) -> date | None:
        if value is None:
            return None
        if isinstance(value, date):
            return value
        raise self.fail(
            path, _("“%(value)s” is not a date (YYYY-MM-DD)") % {"value": value}
        )


def _fields(r: _Reader, raw: Any, path: tuple) -> tuple[FieldSpec, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, dict):
        raise r.fail(
            path, _("fields must be a mapping of field name to its description")
        )
    out = []
    for name, f in raw.items():
        fp = (*path, name)
        if isinstance(f, str):
            f = {"title": f}
        if not isinstance(f, dict):
            raise r.fail(fp, _("field “%(name)s” must be a mapping") % {"name": name})
        ftype = f.get("type", "text")
        if ftype not in FIELD_TYPES:
            raise r.fail(
                (*fp, "type"),
                _("field “%(name)s” has unknown type “%(type)s” (known: %(known)s)")
                % {
                    "name": name,
                    "type": ftype,
                    "known": ", ".join(sorted(FIELD_TYPES)),
                },
            )
        choices: list[tuple[str, str]] = []
        if ftype == "choice":
            raw_choices = f.get("choices")
            if not raw_choices:
                raise r.fail(
                    fp, _("choice field “%(name)s” lists no choices") % {"name": name}
                )
            if isinstance(raw_choices, dict):
                choices = [(str(k), str(v)) for k, v in raw_choices.items()]
            else:
                choices = [(str(c), str(c)) for c in raw_choices]
        out.append(
            FieldSpec(
                name=name,
                title=str(f.get("title", name)),
                type=ftype,
                required=bool(f.get("required", False)),
                choices=tuple(choices),
                help=str(f.get("help", "")),
                min=f.get("min"),
                certificate=bool(f.get("certificate", False)),
                past=bool(f.get("past", False)),
            )
        )
    return tuple(out)


def load_spec(path: Path) -> Spec:
    """Read and check one procedure file. Raises SpecError naming the file and line."""
    r = _Reader(path)
    d = r.data
    key = r.need(d, (), "key")
    roles_raw = r.need(d, (), "roles", dict)
    roles = {str(k): str(v) for k, v in roles_raw.items()}
    known_roles = set(roles) | {PUBLIC}

    def check_roles(names: tuple[str, ...], path: tuple) -> None:
        for role in names:
            if role not in known_roles:
                raise r.fail(
                    path,
                    _("role “%(role)s” is not declared under roles") % {"role": role},
                )

    states_raw = r.need(d, (), "states", dict)
    states: dict[str, StateSpec] = {}
    for name, s in states_raw.items():
        s = s or {}
        if isinstance(s, str):
            s = {"title": s}
        states[name] = StateSpec(
            name=name,
            title=str(s.get("title", name)),
            final=bool(s.get("final", False)),
            pauses=r.names(s.get("pauses"), ("states", name, "pauses")),
        )
    initial = d.get("initial") or next(iter(states))
    if initial not in states:
        raise r.fail(
            ("initial",),
            _("initial state “%(state)s” is not defined") % {"state": initial},
        )

    actions: dict[str, ActionSpec] = {}
    for name, a in r.need(d, (), "actions", dict).items():
        ap = ("actions", name)
        if name in RESERVED_ACTIONS:
            raise r.fail(
                ap,
                _("“%(name)s” is reserved for the engine; rename the action")
                % {"name": name},
            )
        if not isinstance(a, dict):
            raise r.fail(ap, _("action “%(name)s” must be a mapping") % {"name": name})
        from_states = r.names(r.need(a, ap, "from", object), (*ap, "from"))
        to = a.get("to")
        for st in (*from_states, *([to] if to and to != PREVIOUS else [])):
            if st not in states:
                raise r.fail(
                    ap,
                    _("action “%(action)s” names the unknown state “%(state)s”")
                    % {"action": name, "state": st},
                )
        by = r.names(r.need(a, ap, "by", object), (*ap, "by"))
        check_roles(by, (*ap, "by"))
        extends = []
        for dl, text in (a.get("extends") or {}).items():
            dur = parse_duration(text)
            if dur is None:
                raise r.fail(
                    (*ap, "extends", dl),
                    _(
                        "“%(text)s” is not a duration (e.g. 30 days, 20 workdays, 3 months)"
                    )
                    % {"text": text},
                )
            extends.append((dl, dur))
        actions[name] = ActionSpec(
            name=name,
            title=str(a.get("title", name)),
            from_states=from_states,
            to=to,
            by=by,
            fields=_fields(r, a.get("fields"), (*ap, "fields")),
            once=bool(a.get("once", False)),
            restarts=r.names(a.get("restarts"), (*ap, "restarts")),
            extends=tuple(extends),
            opens=r.names(a.get("opens"), (*ap, "opens")),
            reassigns=a.get("reassigns"),
            not_before=r.names(a.get("not_before"), (*ap, "not_before")),
            line=r.lines.get(ap),
        )

    case_fields = _fields(r, d.get("fields"), ("fields",))
    deadlines: dict[str, DeadlineSpec] = {}
    for name, dl in (d.get("deadlines") or {}).items():
        dp = ("deadlines", name)
        if not isinstance(dl, dict):
            raise r.fail(
                dp, _("deadline “%(name)s” must be a mapping") % {"name": name}
            )
        within = parse_duration(r.need(dl, dp, "within", object))
        if within is None:
            raise r.fail(
                (*dp, "within"),
                _("“%(text)s” is not a duration (e.g. 30 days, 20 workdays, 3 months)")
                % {"text": dl["within"]},
            )
        if within.n <= 0:
            raise r.fail((*dp, "within"), _("a time limit must be longer than zero"))
        start = dl.get("from", OPEN)
        if start != OPEN and start not in actions:
            raise r.fail(
                (*dp, "from"),
                _("deadline “%(deadline)s” starts from the missing action “%(action)s”")
                % {"deadline": name, "action": start},
            )
        until = r.names(r.need(dl, dp, "until", object), (*dp, "until"))
        for st in until:
            if st not in states:
                raise r.fail(
                    (*dp, "until"),
                    _("deadline “%(deadline)s” names the unknown state “%(state)s”")
                    % {"deadline": name, "state": st},
                )
        stop_actions = r.names(dl.get("stop_actions"), (*dp, "stop_actions"))
        for act_name in stop_actions:
            if act_name not in actions:
                raise r.fail(
                    (*dp, "stop_actions"),
                    _("deadline “%(deadline)s” names the missing action “%(action)s”")
                    % {"deadline": name, "action": act_name},
                )
        from_field = dl.get("from_field")
        if from_field is not None:
            starting = case_fields if start == OPEN else actions[start].fields
            if not any(f.name == from_field and f.type == "date" for f in starting):
                raise r.fail(
                    (*dp, "from_field"),
                    _(
                        "deadline “%(deadline)s” runs from “%(field)s”, which is not a date field of the step that starts it"
                    )
                    % {"deadline": name, "field": from_field},
                )
        kind = dl.get("kind", "limit")
        if kind not in DEADLINE_KINDS:
            raise r.fail(
                (*dp, "kind"),
                _("deadline kind “%(kind)s” is unknown (limit or minimum)")
                % {"kind": kind},
            )
        deadlines[name] = DeadlineSpec(
            kind=kind,
            name=name,
            title=str(dl.get("title", name)),
            start=start,
            until=until,
            within=within,
            basis=str(r.need(dl, dp, "basis", object)),
            unverified=bool(dl.get("unverified", False)),
            stop_actions=stop_actions,
            from_field=from_field,
        )

    case_names = {f.name for f in case_fields}
    for a in actions.values():
        for f in a.fields:
            # A step's data is merged into the case's: the same name would overwrite what
            # was recorded at opening (the complaint's date of service by a judgment's).
            if f.name in case_names:
                raise r.fail(
                    ("actions", a.name, "fields", f.name),
                    _(
                        "action “%(action)s” has a field “%(field)s” named like a field of the case; it would overwrite it"
                    )
                    % {"action": a.name, "field": f.name},
                )
        if a.reassigns and not any(
            f.name == a.reassigns and f.type == "unit" for f in a.fields
        ):
            raise r.fail(
                ("actions", a.name, "reassigns"),
                _(
                    "action “%(action)s” reassigns by “%(field)s”, which is not one of its unit fields"
                )
                % {"action": a.name, "field": a.reassigns},
            )
        for dl in a.not_before:
            if dl not in deadlines or deadlines[dl].kind != "minimum":
                raise r.fail(
                    ("actions", a.name, "not_before"),
                    _(
                        "action “%(action)s” waits for “%(deadline)s”, which is not a minimum period"
                    )
                    % {"action": a.name, "deadline": dl},
                )
        for dl in (*a.restarts, *(n for n, _d in a.extends)):
            if dl not in deadlines:
                raise r.fail(
                    ("actions", a.name),
                    _("action “%(action)s” names the missing deadline “%(deadline)s”")
                    % {"action": a.name, "deadline": dl},
                )
    for s in states.values():
        for dl in s.pauses:
            if dl not in deadlines:
                raise r.fail(
                    ("states", s.name, "pauses"),
                    _("state “%(state)s” pauses the missing deadline “%(deadline)s”")
                    % {"state": s.name, "deadline": dl},
                )

    opened_by = r.names(r.need(d, (), "opened_by", object), ("opened_by",))
    check_roles(opened_by, ("opened_by",))
    readers = r.names(d.get("readers"), ("readers",))
    check_roles(readers, ("readers",))
    if PUBLIC in readers:
        # A case holds personal data: the public reads only what is published.
        raise r.fail(("readers",), _("the public cannot be a reader of cases"))
    number = str(d.get("number", key.upper() + "-{year}-{seq}"))
    if "{seq" not in number:
        raise r.fail(("number",), _("the case number pattern must contain {seq}"))

    spec = Spec(
        key=key,
        version=str(d.get("version", "1")),
        title=r.need(d, (), "title"),
        basis=str(r.need(d, (), "basis", object)),
        file=path.name,
        effective_from=r.date(d.get("effective_from"), ("effective_from",)),
        effective_to=r.date(d.get("effective_to"), ("effective_to",)),
        number=number,
        roles=roles,
        opened_by=opened_by,
        initial=initial,
        fields=case_fields,
        states=states,
        actions=actions,
        deadlines=deadlines,
        publish=dict(d.get("publish") or {}),
        guide=str(d.get("guide", "")),
        readers=readers,
    )
    _check_reachable(r, spec)
    return spec


def _check_reachable(r: _Reader, spec: Spec) -> None:
    seen = {spec.initial}
    queue = deque([spec.initial])
    while queue:
        state = queue.popleft()
        for a in spec.actions_from(state):
            if a.to and a.to != PREVIOUS and a.to not in seen:
                seen.add(a.to)
                queue.append(a.to)
    for name in spec.states:
        if name not in seen:
            raise r.fail(
                ("states", name),
                _(
                    "state “%(state)s” cannot be reached from the initial state “%(initial)s”"
                )
                % {"state": name, "initial": spec.initial},
            )
    if not any(s.final for s in spec.states.values()):
        raise r.fail(
            ("states",), _("no state is marked final: a case could never be closed")
        )


def diagram(spec: Spec) -> str:
    """Return the state diagram as text: one line per transition."""
    lines = []
    for state in spec.states.values():
        mark = " [终]" if state.final else ""
        lines.append(f"{state.title}（{state.name}）{mark}")
        for a in spec.actions_from(state.name):
            if a.to == PREVIOUS:
                target = "（回到此前状态）"
            else:
                target = spec.states[a.to].title if a.to else state.title
            lines.append(f"    --{a.title}（{a.name}）--> {target}")
    return "\n".join(lines)
