"""Keep the full-text index in step with documents and library articles.

Called explicitly by `disclosure.services` (no signals): the index lives in the same
database, so each call runs inside the caller's transaction and a rolled-back
publication leaves no trace in search.
"""

from collections.abc import Iterable, Sequence

from django.db.models import QuerySet

from ..models import (
    VALIDITY_BOOST,
    Article,
    Document,
    DocumentStatus,
    LibraryEntry,
    SearchEntry,
    SearchKind,
    library_boost,
)
from .backends import backend_for
from .text import html_to_text

BATCH = 2000


def indexed_title(entry: SearchEntry) -> str:
    """The title column as indexed: an article's number is part of its title.

    So 行政复议法第三十条 (with or without a space) finds that article by its title.
    """
    if entry.kind == SearchKind.ARTICLE:
        return entry.title + entry.heading
    return entry.title


def _rows(entries: Iterable[SearchEntry]) -> list[tuple[int, str, str]]:
    return [(e.pk, indexed_title(e), e.text) for e in entries]


def document_entry(document: Document) -> SearchEntry:
    """Return the (unsaved) search entry of a published document."""
    parts = [document.doc_number, document.keywords, html_to_text(document.body)]
    day = document.published_on or document.written_on
    return SearchEntry(
        kind=SearchKind.DOCUMENT,
        document=document,
        tenant_id=document.tenant_id,
        title=document.title[:300],
        heading=document.index_number,
        text="\n".join(p for p in parts if p),
        issuer_id=document.issuer_id,
        issuer_name=document.issuer.name,
        year=day.year if day else None,
        genre=document.genre,
        validity=document.validity,
        boost=VALIDITY_BOOST.get(document.validity, 1.0),
        url=f"/documents/{document.index_number}/",
    )


def article_entries(
    entry: LibraryEntry, articles: Sequence[Article]
) -> list[SearchEntry]:
    """Return the (unsaved) search entries of a library entry's articles."""
    year = entry.published_on.year if entry.published_on else None
    boost = library_boost(entry.level, entry.validity)
    return [
        SearchEntry(
            kind=SearchKind.ARTICLE,
            article=article,
            entry=entry,
            tenant_id=entry.tenant_id,
            title=entry.title[:300],
            heading=article.number[:100],
            text=article.text,
            issuer_id=entry.issuer_id,
            issuer_name=entry.issuer_name,
            year=year,
            genre=entry.level,
            validity=entry.validity,
            boost=boost,
            url=f"/library/{entry.pk}/#{article.anchor}",
        )
        for article in articles
    ]


def add(entries: list[SearchEntry]) -> list[SearchEntry]:
    """Save new search entries and index them; return them with ids."""
    backend = backend_for()
    saved: list[SearchEntry] = []
    for i in range(0, len(entries), BATCH):
        batch = SearchEntry.objects.bulk_create(entries[i : i + BATCH])
        backend.add(_rows(batch))
        saved.extend(batch)
    return saved


def remove(entries: QuerySet[SearchEntry]) -> int:
    """Take entries out of the index and delete them; return how many."""
    found = list(entries.only("pk", "kind", "title", "heading", "text"))
    if not found:
        return 0
    backend_for().remove(_rows(found))
    SearchEntry.objects.filter(pk__in=[e.pk for e in found]).delete()
    return len(found)


def index_document(document: Document) -> None:
    """Index a document if it is published, else make sure it is out of the index."""
    remove(SearchEntry.objects.filter(document=document))
    if document.status == DocumentStatus.PUBLISHED:
        add([document_entry(document)])


def index_library_entry(entry: LibraryEntry) -> None:
    """(Re)index every article of a library entry."""
    remove(SearchEntry.objects.filter(entry=entry))
    add(article_entries(entry, list(entry.articles.all())))


def update_validity(entry: LibraryEntry) -> None:
    """Carry a library entry's new validity to its search rows (no re-tokenizing)."""
    SearchEntry.objects.filter(entry=entry).update(
        validity=entry.validity, boost=library_boost(entry.level, entry.validity)
    )


def rebuild() -> int:
    """Drop and rebuild the whole full-text index from the search entries; return count."""
    backend = backend_for()
    backend.clear()
    count = 0
    last = 0
    while True:
        batch = list(
            SearchEntry.objects.filter(pk__gt=last)
            .order_by("pk")
            .only("pk", "kind", "title", "heading", "text")[:BATCH]
        )
        if not batch:
            return count
        backend.add(_rows(batch))
        count += len(batch)
        last = batch[-1].pk
