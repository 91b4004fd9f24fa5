"""Signed copies of published documents and publicity records: an intact copy verifies, any
change to its content, its key or its form is refused with the matching verdict."""

import base64
import json

import pytest
import time_machine
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.core.management import call_command
from django.core.management.base import CommandError

from fazhi.core import signing
from fazhi.disclosure import publicity, services, signatures
from fazhi.disclosure.models import PublicityRecord

from .penalty import PARTY, at, decided_case


@pytest.fixture
def keys(settings, tmp_path):
    settings.FAZHI_VAR_DIR = tmp_path / "var"
    return tmp_path


@pytest.fixture
def document(demo_district, keys):
    d = demo_district
    doc = services.create_document(
        tenant=d.district,
        issuer=d.office,
        title="关于印发白云区法治政府建设工作要点的通知",
        doc_number="云府办〔2024〕1号",
        category="法治政府建设",
        body="<p>各镇人民政府、各街道办事处：</p><p>现将工作要点印发给你们。</p>",
    )
    return services.publish_document(doc)


def copy_of(document) -> dict:
    return json.loads(signatures.signed_copy_bytes(document))


def raw(doc: dict) -> bytes:
    return json.dumps(doc, ensure_ascii=False).encode()


def test_the_key_is_created_once_with_private_permissions(keys):
    first = signing.fingerprint()
    path = signing.key_path()
    assert path.stat().st_mode & 0o777 == 0o600
    signing.forget_cached_key()
    assert signing.fingerprint() == first


def test_an_intact_copy_is_valid_and_says_it_matches_the_published_document(document):
    result = signatures.check(signatures.signed_copy_bytes(document))
    assert result.status == "valid"
    assert result.verdict == "有效"
    assert result.index_number == document.index_number
    assert result.note == "与现在公开的文件一致。"


def test_any_change_of_content_is_refused(document):
    doc = copy_of(document)
    doc["publication"]["body"] = doc["publication"]["body"].replace("印发", "撤回")
    result = signatures.check(raw(doc))
    assert (result.status, result.verdict) == ("altered", "内容被改动")


def test_a_copy_re_signed_with_another_key_is_refused(document):
    doc = copy_of(document)
    doc["publication"]["title"] = "伪造的文件"
    other = Ed25519PrivateKey.generate()
    doc["signature"]["value"] = base64.b64encode(
        other.sign(signing.canonical_json(doc["publication"]))
    ).decode()
    doc["signature"]["public_key"] = base64.b64encode(
        other.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    ).decode()
    result = signatures.check(raw(doc))
    assert (result.status, result.verdict) == ("wrong_key", "签名密钥不符")


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not json",
        b"\xff\xfe\x00",
        b"[]",
        b'{"publication": {}, "signature": {}}',
        b'{"publication": {"format": "fazhi-signed-publication/1"}, "signature": '
        b'{"algorithm": "Ed25519", "public_key": "***", "value": "x"}}',
        b"{" + b" " * (signatures.MAX_BYTES + 1) + b"}",
    ],
)
def test_what_is_not_a_signed_copy_is_a_wrong_format(keys, content):
    result = signatures.check(content)
    assert (result.status, result.verdict) == ("bad_format", "文件格式不对")


def test_a_withdrawn_document_is_noted(document):
    content = signatures.signed_copy_bytes(document)
    services.withdraw_document(document, reason="政策调整")
    result = signatures.check(content)
    assert result.ok
    assert "撤回" in result.note


def test_a_publicity_record_is_signed_with_its_decision(
    demo_district, keys, django_capture_on_commit_callbacks
):
    with time_machine.travel(at(2024, 6, 14, 16), tick=False):
        case = decided_case(demo_district, django_capture_on_commit_callbacks)
        record = PublicityRecord.objects.get(case=case)
        with django_capture_on_commit_callbacks(execute=True):
            document = publicity.approve_publicity(
                record, actor=demo_district.enforcement_officer
            )
    doc = copy_of(document)
    assert doc["publication"]["publicity"]["decision_no"] == record.decision_no
    assert PARTY not in json.dumps(doc, ensure_ascii=False)
    assert signatures.check(raw(doc)).ok
    doc["publication"]["publicity"]["decided_on"] = "2020-01-01"
    assert signatures.check(raw(doc)).status == "altered"


def test_the_command_accepts_an_intact_copy_and_refuses_a_tampered_one(
    document, tmp_path, capsys
):
    good = tmp_path / "copy.signed.json"
    good.write_bytes(signatures.signed_copy_bytes(document))
    call_command("verify-publication", str(good))
    assert "有效" in capsys.readouterr().out
    doc = copy_of(document)
    doc["publication"]["doc_number"] = "云府办〔2024〕9号"
    bad = tmp_path / "bad.json"
    bad.write_bytes(raw(doc))
    with pytest.raises(CommandError, match="内容被改动"):
        call_command("verify-publication", str(bad))
    with pytest.raises(CommandError, match=r"无法读取|Cannot read"):
        call_command("verify-publication", str(tmp_path / "missing.json"))
