"""The spec validator: every mistake is named with its file, line and problem."""

import textwrap

import pytest

from fazhi.procedures.errors import SpecError
from fazhi.procedures.registry import load_all
from fazhi.procedures.spec import load_spec

GOOD = """\
key: sample
title: 示例
basis: 示例条例
roles: {officer: 经办人}
opened_by: [officer]
states:
  received: {title: 收到}
  done: {title: 办结, final: true}
actions:
  finish: {title: 办结, from: [received], to: done, by: [officer]}
deadlines:
  reply: {title: 答复期限, from: open, until: [done], within: 5 workdays, basis: 第一条}
"""


def write(tmp_path, text, name="sample.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problem(tmp_path, text) -> SpecError:
    with pytest.raises(SpecError) as info:
        load_spec(write(tmp_path, text))
    return info.value


def test_every_shipped_procedure_file_is_valid():
    by_key, errors = load_all()
    assert errors == []
    assert {"reconsideration", "disclosure_request"} <= set(by_key)


def test_a_good_file_loads(tmp_path):
    spec = load_spec(write(tmp_path, GOOD))
    assert spec.deadlines["reply"].within.n == 5
    assert spec.actions["finish"].to == "done"


def test_unknown_state_is_named_with_file_and_line(tmp_path):
    err = problem(tmp_path, GOOD.replace("to: done", "to: finished"))
    assert err.file == "sample.yaml"
    assert err.line == 10
    assert "finished" in err.problem


def test_unreachable_state_is_reported(tmp_path):
    text = GOOD.replace(
        "  done: {title: 办结, final: true}",
        "  done: {title: 办结, final: true}\n  limbo: {title: 悬置}",
    )
    err = problem(tmp_path, text)
    assert "limbo" in err.problem
    assert err.line == 9


def test_deadline_naming_a_missing_action_is_reported(tmp_path):
    err = problem(tmp_path, GOOD.replace("from: open, until", "from: accept, until"))
    assert "accept" in err.problem
    assert err.line == 12


def test_bad_duration_is_reported(tmp_path):
    err = problem(tmp_path, GOOD.replace("within: 5 workdays", "within: five days"))
    assert "five days" in err.problem


def test_undeclared_role_is_reported(tmp_path):
    err = problem(tmp_path, GOOD.replace("by: [officer]}", "by: [chief]}"))
    assert "chief" in err.problem


def test_no_final_state_is_reported(tmp_path):
    err = problem(tmp_path, GOOD.replace(", final: true", ""))
    assert "final" in err.problem or "终" in err.problem


def test_broken_yaml_names_the_line(tmp_path):
    err = problem(tmp_path, GOOD + "  broken: [\n")
    assert err.line is not None


def test_check_command_fails_on_a_bad_directory(tmp_path, monkeypatch):
    write(tmp_path, GOOD.replace("to: done", "to: nowhere"))
    by_key, errors = load_all(tmp_path)
    assert by_key == {}
    assert len(errors) == 1
    assert str(errors[0]).startswith("sample.yaml:10:")


def test_a_deadline_from_a_date_field_loads(tmp_path):
    text = GOOD.replace(
        "opened_by: [officer]",
        "opened_by: [officer]\nfields:\n  served_on: {title: 送达日期, type: date}",
    ).replace("within: 5 workdays,", "from_field: served_on, within: 5 workdays,")
    assert load_spec(write(tmp_path, text)).deadlines["reply"].from_field == "served_on"


def test_a_deadline_from_a_field_that_is_no_date_is_reported(tmp_path):
    text = GOOD.replace(
        "opened_by: [officer]",
        "opened_by: [officer]\nfields:\n  served_on: {title: 送达日期}",
    ).replace("within: 5 workdays,", "from_field: served_on, within: 5 workdays,")
    err = problem(tmp_path, text)
    assert err.line == 14
    assert "served_on" in err.problem


def test_a_step_field_named_like_a_case_field_is_reported(tmp_path):
    text = GOOD.replace(
        "opened_by: [officer]",
        "opened_by: [officer]\nfields:\n  served_on: {title: 送达日期, type: date}",
    ).replace(
        "  finish: {title: 办结, from: [received], to: done, by: [officer]}",
        "  finish: {title: 办结, from: [received], to: done, by: [officer],"
        " fields: {served_on: {title: 判决送达日期, type: date}}}",
    )
    err = problem(tmp_path, text)
    assert "served_on" in err.problem
    assert "finish" in err.problem
