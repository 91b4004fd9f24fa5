"""Which days each procedure has no version in force on, and which days it has two.

A case takes the version of its procedure in force on the day it is opened
(`registry.spec_for(key, on=day)`); a day without one refuses the case, a day with two
makes the choice depend on file order. Historical work (the annual report's 2019-2020
data) must find exactly one version on every day it covers.

The days a version is in force are those of `Spec.in_force_on`: from `effective_from`
(none: since before any case this installation records) up to, not including,
`effective_to` (none: still in force).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from . import registry
from .errors import SpecError
from .spec import Spec

_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Span:
    """An inclusive range of days."""

    first: date
    last: date

    def __str__(self) -> str:
        if self.first == self.last:
            return self.first.isoformat()
        return f"{self.first.isoformat()} 至 {self.last.isoformat()}"

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


@dataclass(frozen=True)
class Overlap:
    """Two versions of one procedure both in force on the days of `span`."""

    older: Spec
    newer: Spec
    span: Span


@dataclass(frozen=True)
class Coverage:
    """What one procedure's versions cover between `first` and `last`."""

    key: str
    versions: tuple[Spec, ...]
    gaps: tuple[Span, ...]
    overlaps: tuple[Overlap, ...]

    @property
    def complete(self) -> bool:
        return not self.gaps and not self.overlaps


def _in_force(spec: Spec, first: date, last: date) -> Span | None:
    """The days of [first, last] on which `spec` is in force, or None."""
    start = max(spec.effective_from or first, first)
    end = min(spec.effective_to - _DAY if spec.effective_to else last, last)
    return Span(start, end) if start <= end else None


def check(versions: list[Spec], first: date, last: date) -> Coverage:
    """Gaps and overlaps of one procedure's versions within [first, last]."""
    spans = sorted(
        ((s, spec) for spec in versions if (s := _in_force(spec, first, last))),
        key=lambda pair: (pair[0].first, pair[0].last),
    )
    gaps: list[Span] = []
    cursor = first  # the first day not yet known to be covered
    for span, _spec in spans:
        if span.first > cursor:
            gaps.append(Span(cursor, span.first - _DAY))
        cursor = max(cursor, span.last + _DAY)
    if cursor <= last:
        gaps.append(Span(cursor, last))
    overlaps = [
        Overlap(a, b, Span(max(sa.first, sb.first), min(sa.last, sb.last)))
        for (sa, a), (sb, b) in itertools.combinations(spans, 2)
        if max(sa.first, sb.first) <= min(sa.last, sb.last)
    ]
    key = versions[0].key if versions else ""
    return Coverage(key, tuple(versions), tuple(gaps), tuple(overlaps))


def report(
    first: date, last: date, directory: Path | None = None
) -> tuple[list[Coverage], list[SpecError]]:
    """Coverage of every procedure in `directory` (default: every definition folder)
    between `first` and `last`, with the errors met loading the files.

    The registry's own check refuses versions that overlap; this reads the files as they
    are, so an overlap is reported here with its days even when the registry refuses it.
    """
    by_key, errors = registry.load_all(directory)
    return [check(v, first, last) for _k, v in sorted(by_key.items())], errors


def _version_range(spec: Spec) -> str:
    start = spec.effective_from.isoformat() if spec.effective_from else "—"
    end = (spec.effective_to - _DAY).isoformat() if spec.effective_to else ""
    return f"{spec.version}（{start}至{end or '今'}）"


def lines(coverage: Coverage) -> list[str]:
    """The report of one procedure: its versions, then each gap and overlap (Chinese)."""
    newest = coverage.versions[-1]
    head = f"{coverage.key:24} {newest.title}  版本：" + "、".join(
        _version_range(s) for s in coverage.versions
    )
    out = [head + ("  完整" if coverage.complete else "")]
    for gap in coverage.gaps:
        out.append(f"    缺口：{gap}（{gap.days}日）没有施行中的版本，不能立案")
    for o in coverage.overlaps:
        out.append(
            f"    重叠：{o.span}（{o.span.days}日）版本{o.older.version}"
            f"（{o.older.file}）与版本{o.newer.version}（{o.newer.file}）同时施行"
        )
    return out


def _day(text: str, option: str) -> date:
    from django.core.management.base import CommandError
    from django.utils.translation import gettext as _

    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise CommandError(
            _("%(option)s must be a date like 2019-01-01 (got “%(value)s”).")
            % {"option": option, "value": text}
        ) from None


def command(cmd, first: str, last: str | None, directory: str | None) -> None:
    """`fazhi procedures coverage`: print every procedure's coverage between two days;
    raise CommandError (non-zero exit) on any gap, overlap or unreadable spec file."""
    from django.core.management.base import CommandError
    from django.utils import timezone
    from django.utils.translation import gettext as _

    start = _day(first, "--from")
    end = _day(last, "--to") if last else timezone.localdate()
    if end < start:
        raise CommandError(
            _("--to (%(last)s) is earlier than --from (%(first)s).")
            % {"first": start, "last": end}
        )
    folder = None
    if directory:
        folder = Path(directory)
        if not folder.is_dir():
            raise CommandError(_("There is no folder %(dir)s.") % {"dir": directory})
    results, errors = report(start, end, folder)
    for result in results:
        for line in lines(result):
            cmd.stdout.write(line)
    for error in errors:
        cmd.stderr.write(str(error))
    gaps = sum(len(r.gaps) for r in results)
    overlaps = sum(len(r.overlaps) for r in results)
    if gaps or overlaps or errors:
        raise CommandError(
            _(
                "Between %(first)s and %(last)s: %(gaps)d gap(s) without a version in "
                "force, %(overlaps)d overlap(s) of two versions, %(errors)d problem(s) in "
                "the procedure files."
            )
            % {
                "first": start,
                "last": end,
                "gaps": gaps,
                "overlaps": overlaps,
                "errors": len(errors),
            }
        )
    cmd.stdout.write(
        _(
            "Every procedure (%(n)d) has exactly one version in force on every day from "
            "%(first)s to %(last)s."
        )
        % {"n": len(results), "first": start, "last": end}
    )
