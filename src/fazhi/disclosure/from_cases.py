"""Documents made by procedures: a normative document's case, once published, enters the
portal and the law library; when the case ends its validity (废止, 失效, 替代), so does the entry.

Called from the `case_changed` receiver; reads the spec's `publish:` rules
(`{what: normative_document}` on the state where the document is in force).
"""

from __future__ import annotations

import datetime as dt
from html import escape

from django.db import transaction
from django.utils import timezone

from fazhi.directory.models import Unit
from fazhi.procedures.models import Case, Event
from fazhi.procedures.registry import spec_for

from . import services
from .models import Document, LibraryEntry, Validity

NORMATIVE = "normative_document"
# Final states of a normative document's case and the validity they give its library entry.
END_VALIDITY = {"repealed": Validity.REPEALED, "superseded": Validity.AMENDED}


def _issuer(case: Case) -> Unit:
    """The issuing organ named on the case: the district government, its office, or the unit."""
    kind = case.data.get("issuer")
    if kind == "government":
        return case.tenant
    if kind == "government_office":
        office = Unit.objects.filter(
            tenant=case.tenant, parent=case.tenant, name__endswith="人民政府办公室"
        ).first()
        if office is not None:
            return office
    return case.unit


def _document_of(case: Case) -> Document | None:
    number = case.data.get("document_number", "")
    if not number:
        return None
    return Document.objects.filter(
        tenant=case.tenant, doc_number=number, genre=services.NORMATIVE_GENRE
    ).first()


def _body(case: Case) -> str:
    parts = [case.data.get("purpose", "")]
    if case.data.get("effective_on"):
        parts.append(f"本文件自{case.data['effective_on']}起施行。")
    if case.data.get("expires_on"):
        parts.append(f"有效期至{case.data['expires_on']}。")
    return "".join(f"<p>{escape(p)}</p>" for p in parts if p)


def handle_case_change(case: Case, event: Event) -> Document | None:
    """Publish a normative document whose case came into force; end it with the case."""
    if event.from_state == event.to_state:
        return None
    spec = spec_for(case.procedure, version=case.procedure_version)
    rule = spec.publish.get(event.to_state) or {}
    if rule.get("what") != NORMATIVE and spec.key != NORMATIVE:
        return None  # most steps: no transaction opened for nothing
    with transaction.atomic():
        return _publish_or_end(case, event, spec, rule)


def _publish_or_end(case: Case, event: Event, spec, rule: dict) -> Document | None:
    """Inside one transaction: publish the document, or end its library validity."""
    if rule.get("what") == NORMATIVE:
        if _document_of(case) is not None:
            return None  # already published (e.g. in force again after a revision)
        day = timezone.localtime(event.at).date()
        effective = case.data.get("effective_on")
        document = services.create_document(
            tenant=case.tenant,
            issuer=_issuer(case),
            title=case.data.get("title") or case.subject,
            genre=services.NORMATIVE_GENRE,
            category=services.NORMATIVE_GENRE,
            doc_number=case.data.get("document_number", ""),
            written_on=day,
            published_on=day,
            validity=Validity.VALID,
            body=_body(case),
        )
        services.publish_document(document, on=day)
        entry = LibraryEntry.objects.filter(document=document).first()
        if entry is not None and effective:
            entry.effective_on = dt.date.fromisoformat(effective)
            entry.save(update_fields=["effective_on"])
        return document
    if spec.key == NORMATIVE and event.to_state in (*END_VALIDITY, "expired"):
        document = _document_of(case)
        entry = (
            LibraryEntry.objects.filter(document=document).first() if document else None
        )
        if entry is not None:
            validity = END_VALIDITY.get(event.to_state, Validity.EXPIRED)
            services.set_library_validity(entry, validity)
        return document
    return None
