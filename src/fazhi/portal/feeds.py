"""RSS 2.0 and Atom feeds of newly published documents."""

from __future__ import annotations

import datetime as dt

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from fazhi.disclosure.models import Document
from fazhi.disclosure.search.text import html_to_text
from fazhi.disclosure.selectors import published_documents

from .selectors import portal_district

ITEMS = 50


def document_url(document: Document) -> str:
    """The permanent link of a document: its index number."""
    return f"/documents/{document.index_number}/"


class DocumentsRss(Feed):
    title = _("Baiyun District: new government information")
    link = "/"
    description = _("Documents newly published on the disclosure portal.")

    def items(self) -> list[Document]:
        district = portal_district()
        return list(published_documents(district)[:ITEMS]) if district else []

    def item_title(self, item: Document) -> str:
        return item.title

    def item_description(self, item: Document) -> str:
        return Truncator(html_to_text(item.body)).chars(200)

    def item_link(self, item: Document) -> str:
        return document_url(item)

    def item_guid(self, item: Document) -> str:
        return item.index_number

    item_guid_is_permalink = False

    def item_pubdate(self, item: Document) -> dt.datetime | None:
        return item.published_at

    def item_author_name(self, item: Document) -> str:
        return item.issuer.name

    def item_categories(self, item: Document) -> list[str]:
        return [item.category] if item.category else []


class DocumentsAtom(DocumentsRss):
    feed_type = Atom1Feed
    subtitle = DocumentsRss.description
