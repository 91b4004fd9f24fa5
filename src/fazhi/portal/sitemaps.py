"""sitemap.xml: published documents, library entries, service guides and fixed pages."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from fazhi.disclosure.models import Document, DocumentStatus, LibraryEntry
from fazhi.procedures.registry import all_specs
from fazhi.procedures.spec import Spec

from .feeds import document_url
from .selectors import library_entries, portal_district


class PagesSitemap(Sitemap):
    changefreq = "daily"

    def items(self) -> list[str]:
        return [
            "portal:home",
            "portal:documents",
            "portal:library",
            "portal:guides",
            "portal:request",
            "portal:track",
        ]

    def location(self, item: str) -> str:
        return reverse(item)


class DocumentSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        district = portal_district()
        if district is None:
            return Document.objects.none()
        return (
            Document.objects.filter(tenant=district, status=DocumentStatus.PUBLISHED)
            .only("index_number", "updated_at")
            .order_by("pk")
        )

    def location(self, item: Document) -> str:
        return document_url(item)

    def lastmod(self, item: Document):
        return item.updated_at


class LibrarySitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return library_entries(portal_district()).only("pk")

    def location(self, item: LibraryEntry) -> str:
        return item.get_absolute_url()


class GuideSitemap(Sitemap):
    changefreq = "monthly"

    def items(self) -> list[Spec]:
        return all_specs()

    def location(self, item: Spec) -> str:
        return reverse("portal:guide", args=[item.key])


SITEMAPS = {
    "pages": PagesSitemap,
    "documents": DocumentSitemap,
    "library": LibrarySitemap,
    "guides": GuideSitemap,
}
