"""Draw a procedure's state diagram as an accessible inline SVG, on the server.

A simple layered layout: states are boxes in rows by breadth-first depth from the initial
state; each action is an arrow with its title. Forward arrows go down; arrows back up (or
within a row) bend out to the right; actions that keep the state are loops on the box.
The SVG carries `role="img"`, a <title> and a <desc>; the page lists the transitions as
text beside it for screen readers and for anyone who prefers a list.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from xml.sax.saxutils import escape

from fazhi.procedures.spec import PREVIOUS, Spec

FONT = 14
BOX_H = 40
ROW_GAP = 110
COL_GAP = 56
MARGIN = 24
PREVIOUS_TITLE = "回到此前状态"


def text_width(text: str, size: int = FONT) -> float:
    """Approximate rendered width: a Han character is one em, Latin about half."""
    return sum(size if ord(c) > 0x2E7F else size * 0.6 for c in text)


@dataclass
class Transition:
    action: str
    title: str
    source: str
    target: str  # a state name; the same as source for a loop
    back: bool = False  # returns to the state before (PREVIOUS)


def transitions(spec: Spec) -> list[Transition]:
    """Return every (action, from-state) pair as a transition, in spec order."""
    out = []
    for action in spec.actions.values():
        for source in action.from_states:
            if action.to == PREVIOUS:
                out.append(Transition(action.name, action.title, source, source, True))
            else:
                out.append(
                    Transition(action.name, action.title, source, action.to or source)
                )
    return out


def layers(spec: Spec) -> list[list[str]]:
    """Return the states in rows by breadth-first depth from the initial state."""
    depth = {spec.initial: 0}
    queue = deque([spec.initial])
    while queue:
        state = queue.popleft()
        for a in spec.actions_from(state):
            if a.to and a.to != PREVIOUS and a.to not in depth:
                depth[a.to] = depth[state] + 1
                queue.append(a.to)
    last = max(depth.values(), default=0)
    for name in spec.states:  # unreachable states (the validator forbids them) go last
        depth.setdefault(name, last + 1)
    rows: list[list[str]] = [[] for _ in range(max(depth.values()) + 1)]
    for name in spec.states:
        rows[depth[name]].append(name)
    return [r for r in rows if r]


def _ordered(spec: Spec, rows: list[list[str]]) -> list[list[str]]:
    """Order each row by where its states' predecessors sit, to cut crossings."""
    place: dict[str, float] = {name: i for i, name in enumerate(rows[0])}
    edges = transitions(spec)
    for row in rows[1:]:
        original = list(row)

        def key(name: str, original: list[str] = original) -> tuple[float, int]:
            parents = [
                place[t.source]
                for t in edges
                if t.target == name and t.source in place and t.source != name
            ]
            return (
                sum(parents) / len(parents) if parents else 1e9,
                original.index(name),
            )

        row.sort(key=key)
        for i, name in enumerate(row):
            place[name] = i
    return rows


def _label_width(numbers: list[int]) -> float:
    return max(20.0, text_width("、".join(map(str, numbers)), 12) + 12)


def _label(x: float, y: float, numbers: list[int], *, anchor: str = "middle") -> str:
    """A numbered pill; `anchor` start puts its left end at x."""
    w = _label_width(numbers)
    left = x - w / 2 if anchor == "middle" else x
    return (
        f'<g class="sd-label"><rect x="{left:.0f}" y="{y - 10:.0f}" width="{w:.0f}" '
        f'height="20" rx="10"/><text x="{left + w / 2:.0f}" y="{y + 4:.0f}" '
        f'text-anchor="middle" font-size="12">{"、".join(map(str, numbers))}</text></g>'
    )


def render_svg(spec: Spec, *, element_id: str = "diagram") -> str:
    """Return the state diagram of *spec* as an <svg> element (a string of markup).

    Arrows carry numbers; the page lists the numbered transitions in words below the
    drawing (the same order as `transitions(spec)`), so labels never overlap.
    """
    rows = _ordered(spec, layers(spec))
    groups: dict[tuple[str, str], list[int]] = {}
    for n, t in enumerate(transitions(spec), start=1):
        groups.setdefault((t.source, t.target), []).append(n)
    loop_w = {
        source: _label_width(numbers) + 34
        for (source, target), numbers in groups.items()
        if source == target
    }
    box_w = {
        name: max(96.0, text_width(s.title) + 28) for name, s in spec.states.items()
    }
    gap = {name: COL_GAP + loop_w.get(name, 0) for name in spec.states}
    row_w = [sum(box_w[n] + gap[n] for n in r) - COL_GAP for r in rows]
    side = 90  # room left and right for arrows that go back up
    width = max(row_w) + 2 * MARGIN + 2 * side
    pos: dict[str, tuple[float, float]] = {}
    depth: dict[str, int] = {}
    for i, row in enumerate(rows):
        x = MARGIN + side + (max(row_w) - row_w[i]) / 2
        y = MARGIN + i * (BOX_H + ROW_GAP)
        for name in row:
            pos[name] = (x, y)
            depth[name] = i
            x += box_w[name] + gap[name]
    height = MARGIN * 2 + len(rows) * BOX_H + (len(rows) - 1) * ROW_GAP + 40
    title_id, desc_id = f"{element_id}-title", f"{element_id}-desc"
    parts = [
        f'<svg id="{element_id}" class="state-diagram" role="img" '
        f'aria-labelledby="{title_id} {desc_id}" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" '
        f'height="{height:.0f}" font-size="{FONT}">',
        f'<title id="{title_id}">{escape(spec.title)}：办理流程图</title>',
        f'<desc id="{desc_id}">'
        + escape(
            f"共{len(spec.states)}个状态，从“{spec.states[spec.initial].title}”开始；"
            "箭头上的编号对应图下方按编号列出的各步骤文字说明。"
        )
        + "</desc>",
        f'<defs><marker id="{element_id}-arrow" viewBox="0 0 10 10" refX="10" '
        'refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse">'
        '<path d="M0,0 L10,5 L0,10 z" fill="#3d4450"/></marker></defs>',
    ]
    arrow = f'marker-end="url(#{element_id}-arrow)"'
    stroke = 'fill="none" stroke="#3d4450" stroke-width="1.4"'
    edges, labels = [], []
    fanout: dict[str, int] = {}
    for (source, target), numbers in groups.items():
        sx, sy = pos[source]
        sw = box_w[source]
        tx, ty = pos[target]
        tw = box_w[target]
        if target == source:  # a loop on the right of the box
            x0 = sx + sw
            edges.append(
                f'<path d="M{x0:.0f},{sy + 10:.0f} C{x0 + 26:.0f},{sy - 6:.0f} '
                f'{x0 + 26:.0f},{sy + BOX_H + 6:.0f} {x0:.0f},{sy + BOX_H - 10:.0f}" '
                f"{stroke} {arrow}/>"
            )
            labels.append(_label(x0 + 26, sy + BOX_H / 2, numbers, anchor="start"))
        elif depth[target] > depth[source]:  # down: a straight arrow
            k = fanout.get(source, 0)
            fanout[source] = k + 1
            x1, y1 = sx + sw / 2, sy + BOX_H
            x2, y2 = tx + tw / 2, ty
            edges.append(
                f'<path d="M{x1:.0f},{y1:.0f} L{x2:.0f},{y2:.0f}" {stroke} {arrow}/>'
            )
            f = 0.45 + 0.12 * (k % 3)
            labels.append(_label(x1 + (x2 - x1) * f, y1 + (y2 - y1) * f, numbers))
        elif depth[target] == depth[source]:  # same row: an arc underneath
            k = fanout.get(source, 0)
            fanout[source] = k + 1
            x1, x2, y = sx + sw / 2, tx + tw / 2, sy + BOX_H
            dip = 30 + 10 * (k % 3)
            edges.append(
                f'<path d="M{x1:.0f},{y:.0f} Q{(x1 + x2) / 2:.0f},{y + 2 * dip:.0f} '
                f'{x2:.0f},{y:.0f}" {stroke} stroke-dasharray="5 3" {arrow}/>'
            )
            labels.append(_label((x1 + x2) / 2, y + dip, numbers))
        else:  # back up: a curve out on the side
            k = fanout.get(source, 0)
            fanout[source] = k + 1
            left = sx + sw / 2 < width / 2
            x1 = sx if left else sx + sw
            x2 = tx if left else tx + tw
            y1, y2 = sy + BOX_H / 2, ty + BOX_H / 2
            out = (min(x1, x2) - 50 - 14 * k) if left else (max(x1, x2) + 50 + 14 * k)
            edges.append(
                f'<path d="M{x1:.0f},{y1:.0f} C{out:.0f},{y1:.0f} {out:.0f},{y2:.0f} '
                f'{x2:.0f},{y2:.0f}" {stroke} stroke-dasharray="5 3" {arrow}/>'
            )
            # The midpoint of this cubic curve.
            labels.append(_label((x1 + x2) / 8 + 0.75 * out, (y1 + y2) / 2, numbers))
    parts.extend(edges)
    for name, (x, y) in pos.items():
        state = spec.states[name]
        cls = "sd-state sd-final" if state.final else "sd-state"
        if name == spec.initial:
            cls += " sd-initial"
        parts.append(
            f'<g class="{cls}"><rect x="{x:.0f}" y="{y:.0f}" width="{box_w[name]:.0f}" '
            f'height="{BOX_H}" rx="{BOX_H / 2 if state.final else 6:.0f}"/>'
            f'<text x="{x + box_w[name] / 2:.0f}" y="{y + BOX_H / 2 + 5:.0f}" '
            f'text-anchor="middle">{escape(state.title)}</text></g>'
        )
    parts.extend(labels)
    parts.append("</svg>")
    return "".join(parts)
