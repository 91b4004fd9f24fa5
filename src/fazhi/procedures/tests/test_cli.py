"""The same services from the command line: fazhi case open/act/show/import, procedures."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from fazhi.procedures.models import Case


def run(capsys, *args):
    call_command(*args)
    return capsys.readouterr().out


def test_open_act_show_with_backfilled_dates(cast, capsys):
    number = run(
        capsys,
        "case",
        "open",
        "disclosure_request",
        "--unit",
        cast.office.credit_code,
        "--as",
        "disclosure_officer",
        "--data",
        json.dumps({"content": "2020年预算"}),
        "--at",
        "2020-09-30T10:00",
    ).strip()
    assert number == "白云依申请〔2020〕1号"
    out = run(
        capsys,
        "case",
        "act",
        number,
        "extend",
        "--as",
        "disclosure_chief",
        "--data",
        '{"reason": "需要跨部门检索"}',
        "--at",
        "2020-10-20T09:00",
    )
    assert out.strip() == f"{number} 当前状态：收到申请"
    shown = json.loads(run(capsys, "case", "show", number, "--json"))
    assert shown["state"] == "received"
    assert [e["action"] for e in shown["events"]] == ["open", "extend"]
    reply = next(d for d in shown["deadlines"] if d["name"] == "reply")
    assert reply["due_on"] == "2020-12-02"
    assert reply["provisional"] is False
    assert "经刘伟民批准延长20个工作日" in reply["explanation"]
    assert shown["events"][1]["at"].startswith("2020-10-20T09:00")


def test_cli_errors_are_chinese_and_exit_non_zero(cast):
    with pytest.raises(CommandError, match="没有案件"):
        call_command("case", "show", "白云复〔2020〕999号")
    with pytest.raises(CommandError, match="不是合法的JSON"):
        call_command(
            "case",
            "open",
            "disclosure_request",
            "--unit",
            cast.office.credit_code,
            "--as",
            "disclosure_officer",
            "--data",
            "{oops",
        )
    with pytest.raises(CommandError, match="请填写"):
        call_command(
            "case",
            "open",
            "disclosure_request",
            "--unit",
            cast.office.credit_code,
            "--as",
            "disclosure_officer",
            "--data",
            "{}",
        )
    with pytest.raises(CommandError, match="只有"):
        call_command(
            "case",
            "open",
            "reconsideration",
            "--unit",
            cast.justice_bureau.credit_code,
            "--as",
            "town_officer",
            "--data",
            "{}",
        )


def test_import_replays_history_with_chain_and_deadlines(cast, tmp_path, capsys):
    lines = [
        {
            "procedure": "disclosure_request",
            "unit": cast.office.credit_code,
            "opened_at": "2020-09-30T10:00:00+08:00",
            "subject": f"申请{i}",
            "data": {"content": f"文件{i}"},
            "events": [
                {
                    "action": "consult",
                    "actor": "disclosure_officer",
                    "at": "2020-10-09T10:00:00+08:00",
                    "data": {"third_party": "某公司"},
                },
                {
                    "action": "receive_opinion",
                    "actor": "旧系统用户",
                    "at": "2020-10-16T10:00:00+08:00",
                    "data": {"opinion": "consent"},
                },
            ],
        }
        for i in range(30)
    ]
    path = tmp_path / "history.jsonl"
    path.write_text(
        "\n".join(json.dumps(x, ensure_ascii=False) for x in lines), encoding="utf-8"
    )
    out = run(capsys, "case", "import", str(path), "--batch", "7")
    assert "已导入30件案件、90条过程记录" in out
    case = Case.objects.get(number="白云依申请〔2020〕30号")
    assert case.version == 3
    reply = case.deadlines.get(name="reply", status="running")
    assert str(reply.due_on) == "2020-11-12"
    assert case.events.get(seq=3).actor_name == "旧系统用户"
    call_command("audit", "verify")


def test_import_rejects_an_impossible_step_naming_the_line(cast, tmp_path):
    bad = {
        "procedure": "disclosure_request",
        "unit": cast.office.credit_code,
        "opened_at": "2020-09-30T10:00:00+08:00",
        "data": {"content": "x"},
        "events": [
            {
                "action": "receive_opinion",
                "at": "2020-10-09T10:00:00+08:00",
                "data": {"opinion": "consent"},
            }
        ],
    }
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(bad, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CommandError, match="第1行"):
        call_command("case", "import", str(path))
    assert Case.objects.count() == 0


def test_procedures_list_show_check(capsys):
    out = run(capsys, "procedures", "list")
    assert "reconsideration" in out
    assert "2017" in out
    assert "2023" in out
    out = run(capsys, "procedures", "show", "disclosure_request")
    assert (
        "答复期限：自立案/收件起20个工作日；依据 政府信息公开条例第三十三条第二款"
        in out
    )
    assert "--作出答复（reply）--> 已答复" in out
    assert "均有效" in run(capsys, "procedures", "check")
