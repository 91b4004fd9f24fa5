"""Signed copies of published documents and enforcement publicity records (双公示).

A signed copy is a JSON file: the published content (index number, title, issuer, dates,
body, attachments by SHA-256, and for a publicity record its decision number and date) and
an Ed25519 signature by the district's key with the key's fingerprint. Anyone can check a
downloaded copy (`fazhi verify-publication FILE`, or the portal page): the content must be
what the district signed, and signed by its key. Ed25519 is deterministic, so the copy is
computed when asked for and nothing is stored.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from dataclasses import dataclass

from django.utils.translation import gettext as _

from fazhi.core import signing

from .models import Document

FORMAT = "fazhi-signed-publication/1"
ALGORITHM = "Ed25519"
MAX_BYTES = 2 * 1024 * 1024  # a signed copy is text; anything bigger is not one


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def publication(document: Document) -> dict:
    """The published content of a document, as it is signed."""
    content = {
        "format": FORMAT,
        "index_number": document.index_number,
        "title": document.title,
        "issuer": {
            "name": document.issuer.name,
            "credit_code": document.issuer.credit_code,
        },
        "doc_number": document.doc_number,
        "category": document.category,
        "genre": document.genre,
        "keywords": document.keywords,
        "validity": document.validity,
        "written_on": _day(document.written_on),
        "published_on": _day(document.published_on),
        "published_at": document.published_at.astimezone(dt.UTC).isoformat(
            timespec="seconds"
        )
        if document.published_at
        else None,
        "body": document.body,
        "attachments": [
            {"title": a.title, "sha256": a.sha256} for a in document.attachments.all()
        ],
    }
    record = getattr(document, "publicity_record", None)
    if record is not None:
        content["publicity"] = {
            "kind": record.what,
            "decision_no": record.decision_no,
            "decided_on": _day(record.decided_on),
            "text": record.redacted,
        }
    return content


def signed_copy(document: Document) -> dict:
    """The downloadable signed copy of a published document."""
    content = publication(document)
    return {
        "publication": content,
        "signature": {
            "algorithm": ALGORITHM,
            "public_key": signing.public_key_b64(),
            "key_fingerprint": signing.fingerprint(),
            "value": signing.sign(content),
        },
    }


def signed_copy_bytes(document: Document) -> bytes:
    return json.dumps(signed_copy(document), ensure_ascii=False, indent=2).encode()


@dataclass(frozen=True)
class Check:
    """The verdict on an uploaded copy: `status` is valid, altered, wrong_key or bad_format."""

    status: str
    message: str
    index_number: str = ""
    title: str = ""
    note: str = ""

    @property
    def ok(self) -> bool:
        return self.status == "valid"

    @property
    def verdict(self) -> str:
        """The one-word verdict: 有效 / 内容被改动 / 签名密钥不符 / 文件格式不对."""
        return {
            "valid": _("Valid"),
            "altered": _("Content altered"),
            "wrong_key": _("Signing key does not match"),
        }.get(self.status, _("Wrong file format"))


def _bad_format(why: str) -> Check:
    return Check("bad_format", _("The file cannot be checked: %(why)s.") % {"why": why})


def check(raw: bytes) -> Check:
    """Check a downloaded signed copy. Never raises on bad input."""
    if len(raw) > MAX_BYTES:
        return _bad_format(_("the file is larger than a signed copy can be"))
    try:
        doc = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        return _bad_format(_("it is not a JSON file"))
    if not isinstance(doc, dict):
        return _bad_format(_("it is not a signed copy"))
    content, sig = doc.get("publication"), doc.get("signature")
    if (
        not isinstance(content, dict)
        or not isinstance(sig, dict)
        or content.get("format") != FORMAT
        or sig.get("algorithm") != ALGORITHM
        or not isinstance(sig.get("value"), str)
        or not isinstance(sig.get("public_key"), str)
    ):
        return _bad_format(_("it is not a signed copy"))
    try:
        key = base64.b64decode(sig["public_key"], validate=True)
        signature = base64.b64decode(sig["value"], validate=True)
    except (binascii.Error, ValueError):
        return _bad_format(_("its signature is not readable"))
    if len(key) != 32 or len(signature) != 64:
        return _bad_format(_("its signature is not readable"))
    index_number = str(content.get("index_number", ""))
    title = str(content.get("title", ""))
    if key != signing.public_key_bytes():
        return Check(
            "wrong_key",
            _("This copy was not signed with this district's key (fingerprint %(fp)s).")
            % {"fp": signing.fingerprint()},
            index_number,
            title,
        )
    if not signing.signature_valid(content, sig["value"], key):
        return Check(
            "altered",
            _("The file's content is not what the district signed."),
            index_number,
            title,
        )
    return Check(
        "valid",
        _("The content is exactly what the district published and signed."),
        index_number,
        title,
        _current_note(content),
    )


def _current_note(content: dict) -> str:
    """Whether the document as published now still says the same (withdrawn, changed)."""
    document = (
        Document.objects.filter(index_number=content.get("index_number"))
        .select_related("issuer")
        .first()
    )
    if document is None:
        return ""
    if not document.is_public:
        return _("The document has since been withdrawn.")
    if publication(document) != content:
        return _("The published document has changed since this copy was signed.")
    return _("It matches the document as published now.")
