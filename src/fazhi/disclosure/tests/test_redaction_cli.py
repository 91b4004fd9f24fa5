"""`fazhi redact`: stdin, files, --json and a readable error."""

import io
import json
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

TEXT = "当事人：张建国，男，联系电话13812345678，邮箱zjg@163.com。"


def run(*args, stdin: str | None = None, monkeypatch=None) -> str:
    out = io.StringIO()
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    call_command("redact", *args, stdout=out)
    return out.getvalue()


def test_redact_reads_stdin_and_prints_the_redacted_text(monkeypatch):
    out = run(stdin=TEXT, monkeypatch=monkeypatch)
    assert (
        out
        == "当事人：张某某，男，联系电话［手机号码已隐去］，邮箱［电子邮箱已隐去］。"
    )


def test_redact_json_prints_kinds_and_offsets(tmp_path: Path):
    path = tmp_path / "decision.txt"
    path.write_text(TEXT, encoding="utf-8")
    spans = json.loads(run(str(path), "--json"))
    assert [(s["kind"], s["text"]) for s in spans] == [
        ("person_name", "张建国"),
        ("mobile", "13812345678"),
        ("email", "zjg@163.com"),
    ]
    assert all(TEXT[s["start"] : s["end"]] == s["text"] for s in spans)


def test_redact_unreadable_file_is_an_error_naming_it(tmp_path: Path):
    missing = tmp_path / "nope.txt"
    with pytest.raises(CommandError, match=re.escape(str(missing))):
        run(str(missing))


def test_every_message_of_the_command_has_a_chinese_translation():
    source = Path(__file__).parents[1] / "management" / "commands" / "redact.py"
    msgids = set(re.findall(r'_\(\s*"([^"]+)"', source.read_text("utf-8")))
    po = (Path(__file__).parents[2] / "locale" / "parts" / "redaction.po").read_text(
        "utf-8"
    )
    translated = dict(re.findall(r'msgid "([^"]+)"\nmsgstr "([^"]*)"', po))
    assert msgids
    assert all(translated.get(m) for m in msgids), msgids - set(translated)
