"""The public service guide (办事指南) of a procedure, read from its spec."""

from __future__ import annotations

from dataclasses import dataclass

from fazhi.procedures.spec import OPEN, PUBLIC, Spec

from .diagram import PREVIOUS_TITLE, Transition, render_svg, transitions

UNVERIFIED = "待核实"


@dataclass
class Step:
    title: str
    from_titles: list[str]
    to_title: str
    by: list[str]


@dataclass
class TimeLimit:
    title: str
    within: str  # "20个工作日"
    starts: str
    basis: str
    unverified: bool


@dataclass
class Guide:
    spec: Spec
    steps: list[Step]
    time_limits: list[TimeLimit]
    transitions: list[tuple[str, str, str]]  # (from title, action title, to title)
    svg: str
    public_can_open: bool


def guide_for(spec: Spec) -> Guide:
    """Return the guide of *spec*: steps, time limits, diagram and its text alternative."""
    states = spec.states
    steps = []
    for a in spec.actions.values():
        if a.to is None:
            to_title = "（状态不变）"
        elif a.to.startswith("$"):
            to_title = f"（{PREVIOUS_TITLE}）"
        else:
            to_title = states[a.to].title
        steps.append(
            Step(
                title=a.title,
                from_titles=[states[s].title for s in a.from_states],
                to_title=to_title,
                by=[spec.role_title(r) for r in a.by],
            )
        )
    limits = []
    for d in spec.deadlines.values():
        if d.start == OPEN:
            starts = "自收到或立案之日起"
        else:
            action = spec.actions.get(d.start)
            starts = f"自“{action.title if action else d.start}”之日起"
        limits.append(
            TimeLimit(
                title=d.title,
                within=str(d.within),
                starts=starts,
                basis=UNVERIFIED if d.unverified or not d.basis else d.basis,
                unverified=d.unverified or not d.basis,
            )
        )
    return Guide(
        spec=spec,
        steps=steps,
        time_limits=limits,
        transitions=[_as_text(spec, t) for t in transitions(spec)],
        svg=render_svg(spec, element_id=f"diagram-{spec.key}"),
        public_can_open=PUBLIC in spec.opened_by,
    )


def _as_text(spec: Spec, t: Transition) -> tuple[str, str, str]:
    target = f"（{PREVIOUS_TITLE}）" if t.back else spec.states[t.target].title
    return spec.states[t.source].title, t.title, target
