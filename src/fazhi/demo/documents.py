"""Demo documents for the portal, published through the disclosure services."""

from __future__ import annotations

import datetime as dt
from html import escape
from pathlib import Path

import yaml
from django.db import transaction

from fazhi.directory.models import Unit
from fazhi.disclosure import services
from fazhi.disclosure.models import CatalogueItem, Document, IndexCounter

DATA = Path(__file__).resolve().parent / "data"


def _body(entry: dict) -> str:
    text = (
        (DATA / entry["body_file"]).read_text(encoding="utf-8")
        if "body_file" in entry
        else entry["body"]
    )
    return "".join(
        f"<p>{escape(line.strip())}</p>" for line in text.splitlines() if line.strip()
    )


@transaction.atomic
def load_demo_documents() -> int:
    """Create and publish the demo documents that do not exist yet; return how many."""
    spec = yaml.safe_load((DATA / "documents.yaml").read_text(encoding="utf-8"))
    created = 0
    for entry in spec["documents"]:
        issuer = Unit.objects.get(name=entry["issuer"])
        existing = Document.objects.filter(issuer=issuer, title=entry["title"]).first()
        if existing is not None:
            _link_to_catalogue(existing, entry)
            continue
        written: dt.date = entry["written_on"]
        if "serial" in entry:
            # Reproduce the real page's index number: the counter stands just below it.
            counter, _ = IndexCounter.objects.get_or_create(
                issuer=issuer, year=written.year
            )
            if counter.last_serial < entry["serial"] - 1:
                counter.last_serial = entry["serial"] - 1
                counter.save(update_fields=["last_serial"])
        fields = {
            k: entry[k]
            for k in ("category", "genre", "doc_number", "validity", "keywords")
            if k in entry
        }
        document = services.create_document(
            tenant=issuer.tenant,
            issuer=issuer,
            title=entry["title"],
            written_on=written,
            published_on=entry["published_on"],
            body=_body(entry),
            **fields,
        )
        services.publish_document(document, on=entry["published_on"])
        _link_to_catalogue(document, entry)
        created += 1
    return created


def _link_to_catalogue(document: Document, entry: dict) -> None:
    """List the document under its domain's district policy item, once the catalogue exists."""
    if "catalogue" not in entry:
        return
    items = CatalogueItem.objects.filter(
        unit=document.tenant, domain__name=entry["catalogue"]
    ).order_by("pk")
    item = items.filter(level2__endswith="政策文件").first() or items.first()
    if item is not None:
        item.documents.add(document)
