"""The public proof pages: 存证摘要 (anchors), signed copies, and checking an upload."""

import base64
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from fazhi.core import signing
from fazhi.disclosure import services


@pytest.fixture
def keys(settings, tmp_path):
    settings.FAZHI_VAR_DIR = tmp_path / "var"


@pytest.fixture
def document(demo_district, keys):
    doc = services.create_document(
        tenant=demo_district.district,
        issuer=demo_district.office,
        title="白云区2024年法治政府建设年度报告",
        category="法治政府建设",
        body="<p>一、主要举措和成效</p>",
    )
    return services.publish_document(doc)


def upload(client, content: bytes, name="copy.signed.json"):
    return client.post(
        "/verify/", {"file": SimpleUploadedFile(name, content, "application/json")}
    )


def test_anchor_page_lists_signed_anchors_anyone_can_check(demo_district, keys, client):
    page = client.get("/record/anchors/")
    assert page.status_code == 200
    assert "尚未发布" in page.content.decode()
    call_command("audit", "anchor")
    page = client.get("/record/anchors/").content.decode()
    assert "存证摘要" in page
    name = page.split("/record/anchors/")[1].split(".json")[0]
    summary = client.get(f"/record/anchors/{name}.json")
    assert summary.status_code == 200
    doc = json.loads(summary.content)
    assert doc["root"] in page
    assert "leaves" not in doc
    # The check described on the page: the signature of the summary without it.
    signed = {k: v for k, v in doc.items() if k != "signature"}
    key = base64.b64decode(doc["public_key"])
    assert signing.signature_valid(signed, doc["signature"], key)
    assert signing.fingerprint_of(key) == doc["key_fingerprint"]
    assert client.get("/record/anchors/anchor-nope.json").status_code == 404
    pem = client.get("/record/public-key.pem")
    assert b"BEGIN PUBLIC KEY" in pem.content


def test_document_page_offers_its_signed_copy(document, client):
    page = client.get(f"/documents/{document.index_number}/").content.decode()
    assert f"/signed/{document.index_number}" in page
    response = client.get(f"/signed/{document.index_number}")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert json.loads(response.content)["publication"]["title"] == document.title
    assert client.get("/signed/11440111007502337T/1999-99999").status_code == 404


def test_upload_page_gives_the_verdict_in_chinese(document, client):
    assert client.get("/verify/").status_code == 200
    copy = client.get(f"/signed/{document.index_number}").content
    assert "有效" in upload(client, copy).content.decode()
    tampered = json.loads(copy)
    tampered["publication"]["title"] = "另一个标题"
    body = upload(client, json.dumps(tampered).encode()).content.decode()
    assert "内容被改动" in body
    tampered = json.loads(copy)
    tampered["signature"]["public_key"] = base64.b64encode(b"k" * 32).decode()
    assert (
        "签名密钥不符" in upload(client, json.dumps(tampered).encode()).content.decode()
    )
    for junk in (b"\x89PNG\r\n", b"{}", b"[1, 2]"):
        response = upload(client, junk, "picture.png")
        assert response.status_code == 200
        assert "文件格式不对" in response.content.decode()


@pytest.mark.django_db
def test_upload_form_refuses_missing_and_oversized_files(keys, client):
    response = client.post("/verify/", {})
    assert response.status_code == 200
    assert "请选择" in response.content.decode()
    big = b"{" + b" " * (2 * 1024 * 1024 + 10) + b"}"
    response = upload(client, big)
    assert response.status_code == 200
    assert "2 MB" in response.content.decode()
    assert "有效" not in response.content.decode()


@pytest.mark.django_db
def test_checking_signed_copies_is_limited_per_address(keys, client, settings):
    settings.FAZHI_THROTTLE_VERIFICATIONS_PER_ADDRESS = "2/hour"
    for _ in range(2):
        assert client.post("/verify/", {}).status_code == 200
    refused = client.post("/verify/", {})
    assert refused.status_code == 429
    assert "请" in refused.content.decode()
