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
ROW_GAP = 96
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


def render_svg(spec: Spec, *, element_id: str = "diagram") -> str:
    """Return the state diagram of *spec* as an <svg> element (a string of markup)."""
    rows = layers(spec)
    box_w = {
        name: max(96.0, text_width(s.title) + 28) for name, s in spec.states.items()
    }
    row_w = [sum(box_w[n] for n in r) + COL_GAP * (len(r) - 1) for r in rows]
    width = max(row_w) + 2 * MARGIN + 220  # room on the right for bent arrows and loops
    pos: dict[str, tuple[float, float]] = {}
    depth: dict[str, int] = {}
    for i, row in enumerate(rows):
        x = MARGIN + (max(row_w) - row_w[i]) / 2
        y = MARGIN + i * (BOX_H + ROW_GAP)
        for name in row:
            pos[name] = (x, y)
            depth[name] = i
            x += box_w[name] + COL_GAP
    height = MARGIN * 2 + len(rows) * BOX_H + (len(rows) - 1) * ROW_GAP
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
            "各步骤的文字说明见图下方的列表。"
        )
        + "</desc>",
        f'<defs><marker id="{element_id}-arrow" viewBox="0 0 10 10" refX="10" refY="5" '
        'markerWidth="8" markerHeight="8" orient="auto-start-reverse">'
        '<path d="M0,0 L10,5 L0,10 z" fill="#3d4450"/></marker></defs>',
    ]
    arrow = f'marker-end="url(#{element_id}-arrow)"'
    edges, labels = [], []
    loops: dict[str, int] = {}
    bends = 0
    for t in transitions(spec):
        sx, sy = pos[t.source]
        sw = box_w[t.source]
        label = t.title + (f"（{PREVIOUS_TITLE}）" if t.back else "")
        if t.target == t.source:
            k = loops.get(t.source, 0)
            loops[t.source] = k + 1
            x0, y0 = sx + sw, sy + 12
            r = 18 + 10 * k
            edges.append(
                f'<path d="M{x0:.0f},{y0:.0f} c{r + 12},-{r} {r + 12},{BOX_H + r - 24} '
                f'0,{BOX_H - 24}" fill="none" stroke="#3d4450" {arrow}/>'
            )
            labels.append((x0 + r + 16, sy + BOX_H / 2 + 5 + k * 18, label, "start"))
            continue
        tx, ty = pos[t.target]
        tw = box_w[t.target]
        if depth[t.target] > depth[t.source]:
            x1, y1 = sx + sw / 2, sy + BOX_H
            x2, y2 = tx + tw / 2, ty
            edges.append(
                f'<path d="M{x1:.0f},{y1:.0f} L{x2:.0f},{y2:.0f}" stroke="#3d4450" '
                f'fill="none" {arrow}/>'
            )
            frac = 0.35 + 0.3 * ((len(edges) % 3) / 2)
            lx, ly = x1 + (x2 - x1) * frac, y1 + (y2 - y1) * frac + 5
            labels.append((lx, ly, label, "middle"))
        else:
            bends += 1
            x1, y1 = sx + sw, sy + BOX_H * 0.75
            x2, y2 = tx + tw, ty + BOX_H * 0.25
            out = max(x1, x2) + 30 + 18 * bends
            edges.append(
                f'<path d="M{x1:.0f},{y1:.0f} C{out:.0f},{y1:.0f} {out:.0f},{y2:.0f} '
                f'{x2:.0f},{y2:.0f}" stroke="#3d4450" stroke-dasharray="5 3" '
                f'fill="none" {arrow}/>'
            )
            labels.append((out - 4, (y1 + y2) / 2 + 5, label, "start"))
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
    for x, y, label, anchor in labels:
        w = text_width(label, FONT - 2) + 8
        bx = x - w / 2 if anchor == "middle" else x - 4
        parts.append(
            f'<g class="sd-label"><rect x="{bx:.0f}" y="{y - FONT + 1:.0f}" '
            f'width="{w:.0f}" height="{FONT + 4}" rx="3"/>'
            f'<text x="{x:.0f}" y="{y:.0f}" text-anchor="{anchor}" '
            f'font-size="{FONT - 2}">{escape(label)}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)
