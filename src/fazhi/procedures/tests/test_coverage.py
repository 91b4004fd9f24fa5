"""`fazhi procedures coverage`: every procedure has one version in force on every day."""

import datetime as dt
import textwrap

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from fazhi.procedures import coverage, registry
from fazhi.procedures.coverage import Span

D = dt.date


def _spec(folder, name, version, effective_from=None, effective_to=None):
    """Write a minimal valid spec file of procedure `demo`."""
    lines = [
        "key: demo",
        f'version: "{version}"',
        "title: 演示程序",
        "basis: 演示",
    ]
    if effective_from:
        lines.append(f"effective_from: {effective_from}")
    if effective_to:
        lines.append(f"effective_to: {effective_to}")
    lines.append(
        textwrap.dedent(
            """\
            roles: {clerk: 经办人}
            opened_by: [clerk]
            states:
              open: {title: 办理中}
              done: {title: 办结, final: true}
            actions:
              finish: {title: 办结, from: [open], to: done, by: [clerk]}
            """
        )
    )
    (folder / f"{name}.yaml").write_text("\n".join(lines), encoding="utf-8")


def _run(*args):
    from io import StringIO

    out, err = StringIO(), StringIO()
    call_command("procedures", "coverage", *args, stdout=out, stderr=err)
    return out.getvalue()


def test_the_shipped_specs_have_one_version_on_every_day_from_2019():
    results, errors = coverage.report(D(2019, 1, 1), D(2026, 12, 31))
    assert errors == []
    assert [(r.key, r.gaps, r.overlaps) for r in results if not r.complete] == []
    # every procedure is listed, not only those with older versions
    assert {r.key for r in results} == {s.key for s in registry.all_specs()}


def test_the_command_reports_no_gap_for_the_shipped_specs():
    out = _run("--from", "2019-01-01", "--to", "2021-12-31")
    assert "缺口" not in out
    assert "重叠" not in out
    assert "legal_aid" in out
    assert "2003（2003-09-01至2021-12-31）" in out


@pytest.mark.parametrize(
    ("key", "day", "version"),
    [
        ("legal_aid", D(2020, 6, 1), "2003"),
        ("legal_aid", D(2021, 12, 31), "2003"),
        ("legal_aid", D(2022, 1, 1), "2022"),
        ("disclosure_request", D(2019, 5, 14), "2008"),
        ("disclosure_request", D(2019, 5, 15), "2019"),
        ("proactive_disclosure", D(2019, 5, 14), "2008"),
        ("proactive_disclosure", D(2019, 5, 15), "2019"),
        ("major_decision", D(2019, 8, 31), "2013"),
        ("major_decision", D(2019, 9, 1), "2019"),
        ("normative_document", D(2019, 12, 31), "2018"),
        ("normative_document", D(2020, 1, 1), "2020"),
    ],
)
def test_the_day_picks_the_version(key, day, version):
    assert registry.spec_for(key, on=day).version == version


def test_a_missing_range_is_reported_with_its_days_and_a_non_zero_exit(tmp_path):
    _spec(tmp_path, "demo_2010", "2010", "2010-01-01", "2020-01-01")
    _spec(tmp_path, "demo_2020", "2020", "2020-04-01")
    with pytest.raises(CommandError) as exc:
        _run("--from", "2019-01-01", "--to", "2020-12-31", "--dir", str(tmp_path))
    assert "1 gap(s)" in str(exc.value) or "1处" in str(exc.value)
    result = coverage.report(D(2019, 1, 1), D(2020, 12, 31), tmp_path)[0][0]
    assert result.gaps == (Span(D(2020, 1, 1), D(2020, 3, 31)),)
    assert result.gaps[0].days == 91
    assert "缺口：2020-01-01 至 2020-03-31（91日）" in coverage.lines(result)[1]


def test_days_before_the_oldest_version_and_after_a_retired_one_are_gaps(tmp_path):
    _spec(tmp_path, "demo_2019", "2019", "2019-03-01", "2020-07-01")
    (result,), _errors = coverage.report(D(2019, 1, 1), D(2020, 12, 31), tmp_path)
    assert result.gaps == (
        Span(D(2019, 1, 1), D(2019, 2, 28)),
        Span(D(2020, 7, 1), D(2020, 12, 31)),
    )


def test_no_effective_from_means_in_force_since_always(tmp_path):
    _spec(tmp_path, "demo_old", "old", None, "2019-09-01")
    _spec(tmp_path, "demo_new", "new", "2019-09-01")
    (result,), errors = coverage.report(D(2000, 1, 1), D(2030, 12, 31), tmp_path)
    assert errors == []
    assert result.complete


def test_overlapping_versions_are_reported_with_their_days(tmp_path):
    _spec(tmp_path, "demo_a", "a", "2019-01-01", "2020-03-01")
    _spec(tmp_path, "demo_b", "b", "2020-01-01")
    (result,), errors = coverage.report(D(2019, 1, 1), D(2020, 12, 31), tmp_path)
    assert result.gaps == ()
    assert [(o.older.version, o.newer.version, o.span) for o in result.overlaps] == [
        ("a", "b", Span(D(2020, 1, 1), D(2020, 2, 29)))
    ]
    # the registry refuses the same files, and the command says so too
    assert len(errors) == 1
    with pytest.raises(CommandError):
        _run("--from", "2019-01-01", "--to", "2020-12-31", "--dir", str(tmp_path))


def test_a_version_with_no_end_followed_by_another_overlaps(tmp_path):
    _spec(tmp_path, "demo_a", "a", "2019-01-01")
    _spec(tmp_path, "demo_b", "b", "2020-01-01")
    (result,), _errors = coverage.report(D(2019, 1, 1), D(2020, 1, 31), tmp_path)
    assert [o.span for o in result.overlaps] == [Span(D(2020, 1, 1), D(2020, 1, 31))]


@pytest.mark.parametrize(
    "args",
    [
        ["--from", "2019-13-01"],
        ["--from", "昨天"],
        ["--from", "2019-01-01", "--to", "2018-12-31"],
        ["--from", "2019-01-01", "--to", "x"],
        ["--from", "2019-01-01", "--dir", "/nonexistent/fazhi-specs"],
    ],
)
def test_bad_input_is_refused_with_a_message(args):
    with pytest.raises(CommandError) as exc:
        _run(*args)
    assert str(exc.value).strip()


def test_help_names_the_options(capsys):
    with pytest.raises(SystemExit):
        call_command("procedures", "coverage", "--help")
    out = capsys.readouterr().out
    assert "--from" in out
    assert "--to" in out
