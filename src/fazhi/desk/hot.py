"""Hot issues (每月一题): similar calls of a month grouped per unit, with their trend.

Calls of the month are grouped within each handling unit by text similarity (TF-IDF over
character 2-3-grams, cosine >= HOT_THRESHOLD, single linkage). A group's trend compares it
with the previous month: how many of that month's calls at the same unit are as similar to
the group's typical call. A follow-up case opened from a group (`services.open_follow_up`)
keeps the group, and `follow_up_effect` counts similar calls month by month around it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from fazhi.directory.models import Unit
from fazhi.procedures.models import Case

from .metrics import month_bounds
from .models import FollowUp
from .selectors import calls
from .similarity import central, groups, similarity_to

HOT_THRESHOLD = 0.35
MIN_GROUP = 3


@dataclass
class HotIssue:
    month: dt.date
    unit: Unit
    title: str
    sample: Case
    cases: list[Case] = field(default_factory=list)
    previous: int = 0
    follow_ups: list[FollowUp] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.cases)

    @property
    def trend(self) -> int:
        """Change against the previous month (+n more calls / -n fewer)."""
        return self.size - self.previous

    @property
    def key(self) -> str:
        return f"{self.unit.pk}-{self.sample.pk}"


def _text(case: Case) -> str:
    routing = getattr(case, "routing", None)
    return (
        routing.text
        if routing
        else f"{case.subject}。{case.data.get('description', '')}"
    )


def _month_calls(tenant: Unit, month: dt.date) -> list[Case]:
    start, end = month_bounds(month)
    return list(
        calls(tenant)
        .filter(opened_at__gte=start, opened_at__lt=end)
        .exclude(state="voided")
        .select_related("unit", "routing")
        .order_by("opened_at")
    )


def hot_issues(
    tenant: Unit, month: dt.date, *, top: int = 10, min_size: int = MIN_GROUP
) -> list[HotIssue]:
    """Return the month's largest groups of similar calls (per unit), largest first."""
    month = month.replace(day=1)
    this = _month_calls(tenant, month)
    before = _month_calls(tenant, (month - dt.timedelta(days=1)).replace(day=1))
    by_unit: dict[int, list[Case]] = defaultdict(list)
    for c in this:
        by_unit[c.unit_id].append(c)
    prev_by_unit: dict[int, list[Case]] = defaultdict(list)
    for c in before:
        prev_by_unit[c.unit_id].append(c)
    issues = []
    for members in by_unit.values():
        texts = [_text(c) for c in members]
        for group in groups(texts, threshold=HOT_THRESHOLD):
            if len(group) < min_size:
                continue
            face = members[central(texts, group)]
            prev = prev_by_unit.get(face.unit_id, [])
            previous = 0
            if prev:
                scores = similarity_to(_text(face), [_text(c) for c in prev])
                previous = int((scores >= HOT_THRESHOLD).sum())
            issues.append(
                HotIssue(
                    month=month,
                    unit=face.unit,
                    title=face.subject,
                    sample=face,
                    cases=[members[i] for i in group],
                    previous=previous,
                )
            )
    issues.sort(key=lambda i: (-i.size, -i.trend, i.title))
    issues = issues[:top]
    follow = FollowUp.objects.filter(tenant=tenant, month=month).select_related("case")
    by_calls = defaultdict(list)
    for f in follow:
        for cid in f.calls.values_list("pk", flat=True):
            by_calls[cid].append(f)
    for issue in issues:
        seen = {}
        for c in issue.cases:
            for f in by_calls.get(c.pk, ()):
                seen[f.pk] = f
        issue.follow_ups = list(seen.values())
    return issues


def find_issue(tenant: Unit, month: dt.date, key: str) -> HotIssue | None:
    """Return the month's hot issue with `key` (unit id - typical call id), if any."""
    return next((i for i in hot_issues(tenant, month, top=100) if i.key == key), None)


def follow_up_effect(
    follow: FollowUp, *, months_before: int = 3, months_after: int = 3
) -> list[tuple[dt.date, int]]:
    """Calls like the follow-up's group per month, before and after it was opened.

    Counted at the group's unit (or district-wide when it had none) with the same
    similarity threshold as the grouping.
    """
    opened = timezone.localtime(follow.opened_at).date().replace(day=1)
    months = []
    m = opened
    for _i in range(months_before):
        m = (m - dt.timedelta(days=1)).replace(day=1)
    for _i in range(months_before + months_after + 1):
        months.append(m)
        m = (m + dt.timedelta(days=32)).replace(day=1)
    start, _e = month_bounds(months[0])
    _s, end = month_bounds(months[-1])
    qs = calls(follow.tenant).filter(opened_at__gte=start, opened_at__lt=end)
    if follow.unit_id:
        qs = qs.filter(unit_id=follow.unit_id)
    cases = list(qs.select_related("routing"))
    counts = dict.fromkeys(months, 0)
    if cases:
        scores = similarity_to(follow.sample_text, [_text(c) for c in cases])
        for c, s in zip(cases, scores, strict=True):
            if s >= HOT_THRESHOLD:
                counts[timezone.localtime(c.opened_at).date().replace(day=1)] += 1
    return list(counts.items())
