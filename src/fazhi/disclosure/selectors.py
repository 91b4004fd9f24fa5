"""Reads of the disclosure app that pages, the API and the CLI rely on."""

from django.db.models import Prefetch, QuerySet

from fazhi.directory.models import Unit

from .models import Article, Citation, Document, DocumentStatus, LibraryEntry


def published_documents(tenant: Unit) -> QuerySet[Document]:
    """Return the district's published documents, newest first, with their issuer."""
    return (
        Document.objects.filter(tenant=tenant, status=DocumentStatus.PUBLISHED)
        .select_related("issuer")
        .order_by("-published_on", "-index_number")
    )


def document_by_index_number(index_number: str) -> Document | None:
    """Return the document with this 索引号, published or withdrawn (the tombstone)."""
    return (
        Document.objects.filter(
            index_number=index_number,
            status__in=[DocumentStatus.PUBLISHED, DocumentStatus.WITHDRAWN],
        )
        .select_related("issuer")
        .prefetch_related("attachments", "interpretations")
        .first()
    )


def library_entry(pk: int) -> LibraryEntry | None:
    """Return a library entry with its articles, its chain links and who cites it."""
    return (
        LibraryEntry.objects.filter(pk=pk)
        .select_related("supersedes", "superseded_by", "repealed_by", "issuer")
        .prefetch_related(
            Prefetch("articles", queryset=Article.objects.order_by("seq")),
            Prefetch(
                "cited_by",
                queryset=Citation.objects.select_related("source__entry").order_by(
                    "source__entry__title", "source__seq"
                ),
            ),
        )
        .first()
    )


def entry_versions(entry: LibraryEntry) -> list[LibraryEntry]:
    """Return every version of the entry's law, oldest first (the amendment chain)."""
    return list(
        LibraryEntry.objects.filter(work_key=entry.work_key).order_by(
            "published_on", "pk"
        )
    )


def article_by_anchor(entry: LibraryEntry, anchor: str) -> Article | None:
    """Return the article a link like …#art-30 points to."""
    return entry.articles.filter(anchor=anchor).first()
