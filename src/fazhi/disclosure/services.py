"""Writes of the disclosure app: documents with index numbers, the law library, search sync.

Every function here runs in one transaction and keeps the search index in step by calling
`disclosure.search.index` explicitly; nothing relies on model signals.
"""

import datetime as dt
import itertools
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.directory.models import Unit

from .library.articles import citations, split_articles
from .library.importer import ParsedLaw
from .models import (
    Article,
    Citation,
    Document,
    DocumentStatus,
    IndexCounter,
    LibraryEntry,
    SearchEntry,
    Validity,
)
from .search import index
from .search.text import html_to_text, sanitize_html

NORMATIVE_GENRE = "规范性文件"
DOCUMENT_FIELDS = {
    "category", "title", "doc_number", "written_on", "published_on", "keywords", "genre",
    "validity", "disclosure_mode", "audience", "body",
}  # fmt: skip


class DisclosureError(Exception):
    """A refused disclosure operation, with a stable `code` and a Chinese message."""

    code = "disclosure_error"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class DocumentStateError(DisclosureError):
    code = "document_state"


class IndexNumberError(DisclosureError):
    code = "index_number"


# --- index numbers -------------------------------------------------------------------


def format_index_number(credit_code: str, year: int, serial: int) -> str:
    """Return 索引号 `<credit code>/<year>-<serial, 5 digits>`.

    >>> format_index_number("11440111007502337T", 2021, 21)
    '11440111007502337T/2021-00021'
    """
    return f"{credit_code}/{year}-{serial:05d}"


def allocate_index_number(issuer: Unit, year: int) -> tuple[str, int]:
    """Hand out the next index number of *issuer* for *year*; return (number, serial).

    The per-(issuer, year) counter only goes up, by compare-and-set, so a number is
    never given twice, also when the document holding it is withdrawn or deleted.
    Raises IndexNumberError if the issuer has no credit code.
    """
    if not issuer.credit_code:
        raise IndexNumberError(
            _("The issuing unit has no unified social credit code."), field="issuer"
        )
    for _attempt in range(20):
        with transaction.atomic():
            counter = IndexCounter.objects.filter(issuer=issuer, year=year).first()
            if counter is None:
                try:
                    with transaction.atomic():
                        counter = IndexCounter.objects.create(issuer=issuer, year=year)
                except IntegrityError:
                    continue  # created concurrently: read it again
            serial = counter.last_serial + 1
            if serial > 99999:
                raise IndexNumberError(
                    _("The index numbers of %(year)s for this unit are used up.")
                    % {"year": year}
                )
            moved = IndexCounter.objects.filter(
                pk=counter.pk, last_serial=counter.last_serial
            ).update(last_serial=serial)
            if moved:
                return format_index_number(issuer.credit_code, year, serial), serial
    raise IndexNumberError(_("Could not allocate an index number; please try again."))


# --- documents -----------------------------------------------------------------------


def _clean_fields(fields: dict) -> dict:
    unknown = set(fields) - DOCUMENT_FIELDS
    if unknown:
        raise TypeError(f"unknown document fields: {sorted(unknown)}")
    if "body" in fields:
        fields = {**fields, "body": sanitize_html(fields["body"])}
    return fields


@transaction.atomic
def create_document(*, tenant: Unit, issuer: Unit, title: str, **fields) -> Document:
    """Create a draft document and give it its index number for good.

    The year of the number is the year written (成文日期), else the current year.
    The body is sanitized HTML. Raises IndexNumberError, ValidationError.
    """
    fields = _clean_fields(fields)
    written_on = fields.get("written_on")
    year = written_on.year if written_on else timezone.localdate().year
    number, serial = allocate_index_number(issuer, year)
    document = Document(
        tenant=tenant,
        issuer=issuer,
        title=title,
        index_number=number,
        index_year=year,
        index_serial=serial,
        **fields,
    )
    document.full_clean()
    document.save()
    return document


@transaction.atomic
def update_document(document: Document, **fields) -> Document:
    """Change a document's metadata or body; a published one is re-indexed.

    The index number, issuer and tenant cannot change. Raises DocumentStateError for a
    withdrawn document.
    """
    if document.status == DocumentStatus.WITHDRAWN:
        raise DocumentStateError(_("A withdrawn document cannot be changed."))
    fields = _clean_fields(fields)
    for name, value in fields.items():
        setattr(document, name, value)
    document.full_clean()
    document.save(update_fields=[*fields, "updated_at"])
    if document.status == DocumentStatus.PUBLISHED:
        index.index_document(document)
    return document


@transaction.atomic
def publish_document(document: Document, *, on: dt.date | None = None) -> Document:
    """Publish a document: it becomes public and searchable.

    A normative document (体裁 规范性文件) also enters the law library. Raises
    DocumentStateError if it is already published or withdrawn.
    """
    if document.status in (DocumentStatus.PUBLISHED, DocumentStatus.WITHDRAWN):
        raise DocumentStateError(
            _("Only a draft or a document in review can be published."), field="status"
        )
    document.status = DocumentStatus.PUBLISHED
    document.published_at = timezone.now()
    document.published_on = document.published_on or on or timezone.localdate()
    document.full_clean()
    document.save(
        update_fields=["status", "published_at", "published_on", "updated_at"]
    )
    index.index_document(document)
    if document.genre == NORMATIVE_GENRE:
        add_document_to_library(document)
    return document


@transaction.atomic
def withdraw_document(document: Document, *, reason: str) -> Document:
    """Withdraw a published document: out of search, index number kept as a tombstone.

    Raises DocumentStateError unless the document is published, and DisclosureError
    without a reason.
    """
    if document.status != DocumentStatus.PUBLISHED:
        raise DocumentStateError(_("Only a published document can be withdrawn."))
    if not reason.strip():
        raise DisclosureError(
            _("Please give the reason for the withdrawal."), field="reason"
        )
    document.status = DocumentStatus.WITHDRAWN
    document.withdrawn_at = timezone.now()
    document.withdraw_reason = reason.strip()
    document.save(
        update_fields=["status", "withdrawn_at", "withdraw_reason", "updated_at"]
    )
    index.index_document(document)
    entry = LibraryEntry.objects.filter(document=document).first()
    if entry is not None:
        index.remove(SearchEntry.objects.filter(entry=entry))
    return document


# --- the library ---------------------------------------------------------------------


def _create_articles(entry: LibraryEntry, parsed) -> list[Article]:
    return Article.objects.bulk_create(
        Article(
            entry=entry,
            seq=i + 1,
            number=a.number[:60],
            anchor=a.anchor[:40],
            chapter=a.chapter[:200],
            text=a.text,
        )
        for i, a in enumerate(parsed)
    )


@transaction.atomic
def add_document_to_library(document: Document) -> LibraryEntry:
    """Put a published normative document into the library, split into its articles."""
    entry = LibraryEntry.objects.filter(document=document).first()
    if entry is None:
        entry = LibraryEntry.objects.create(
            title=document.title,
            work_key=document.title,
            level=NORMATIVE_GENRE,
            issuer_name=document.issuer.name,
            issuer=document.issuer,
            tenant=document.tenant,
            doc_number=document.doc_number,
            published_on=document.published_on,
            effective_on=document.published_on,
            validity=document.validity or Validity.VALID,
            document=document,
        )
        _create_articles(entry, split_articles(html_to_text(document.body)))
    index.index_library_entry(entry)
    return entry


@transaction.atomic
def set_library_validity(
    entry: LibraryEntry,
    validity: str,
    *,
    repealed_by: LibraryEntry | None = None,
    expires_on: dt.date | None = None,
) -> LibraryEntry:
    """Record a new validity (e.g. 已废止 with the repealing entry); search follows."""
    entry.validity = validity
    if repealed_by is not None:
        entry.repealed_by = repealed_by
    if expires_on is not None:
        entry.expires_on = expires_on
    entry.full_clean()
    entry.save(update_fields=["validity", "repealed_by", "expires_on"])
    index.update_validity(entry)
    return entry


@transaction.atomic
def record_amendment(entry: LibraryEntry, *, supersedes: LibraryEntry) -> LibraryEntry:
    """Make *entry* the new version of *supersedes*, which becomes 已修改."""
    entry.supersedes = supersedes
    entry.save(update_fields=["supersedes"])
    set_library_validity(supersedes, Validity.AMENDED, expires_on=entry.effective_on)
    return entry


@dataclass
class ImportSummary:
    laws: int = 0
    articles: int = 0
    skipped: int = 0
    citations: int = 0
    seconds: float = 0.0


def import_library(
    laws: Iterable[ParsedLaw],
    *,
    batch: int = 50,
    progress: Callable[[ImportSummary], None] | None = None,
) -> ImportSummary:
    """Load parsed laws into the library and the search index; return counts.

    A law whose `source` is already present is skipped, so re-running an import is
    harmless. After loading, versions of one law (same title) are chained oldest to
    newest, superseded versions marked 已修改 (or 已失效 if the corpus says expired and
    no newer version is present), and 《…》 references recorded as citations.
    """
    started = time.perf_counter()
    summary = ImportSummary()
    pending: list[ParsedLaw] = []
    new_ids: list[int] = []

    def flush() -> None:
        with transaction.atomic():
            sources = [p.source for p in pending if p.source]
            known = set(
                LibraryEntry.objects.filter(source__in=sources).values_list(
                    "source", flat=True
                )
            )
            for law in pending:
                if law.source in known or not law.articles:
                    summary.skipped += 1
                    continue
                entry = LibraryEntry.objects.create(
                    title=law.title[:300],
                    work_key=law.work_key[:300],
                    level=law.level[:30],
                    issuer_name=law.issuer_name[:200],
                    published_on=law.published_on,
                    effective_on=law.effective_on,
                    validity=Validity.EXPIRED
                    if law.expired
                    else _current(law.effective_on),
                    source=law.source[:300],
                )
                articles = _create_articles(entry, law.articles)
                index.add(index.article_entries(entry, articles))
                new_ids.append(entry.pk)
                summary.laws += 1
                summary.articles += len(articles)
        pending.clear()
        if progress:
            progress(summary)

    for law in laws:
        pending.append(law)
        if len(pending) >= batch:
            flush()
    if pending:
        flush()
    if new_ids:
        with transaction.atomic():
            _chain_versions(new_ids)
            summary.citations = _record_citations(new_ids)
    summary.seconds = time.perf_counter() - started
    return summary


def _current(effective_on: dt.date | None) -> str:
    if effective_on and effective_on > timezone.localdate():
        return Validity.PENDING
    return Validity.VALID


def _chain_versions(new_ids: list[int]) -> None:
    keys = set(
        LibraryEntry.objects.filter(pk__in=new_ids).values_list("work_key", flat=True)
    )
    versions: dict[str, list[LibraryEntry]] = defaultdict(list)
    for e in LibraryEntry.objects.filter(work_key__in=keys, document__isnull=True):
        versions[e.work_key].append(e)
    for chain in versions.values():
        if len(chain) < 2:
            continue
        chain.sort(key=lambda e: (e.published_on or dt.date.min, e.pk))
        for older, newer in itertools.pairwise(chain):
            if newer.supersedes_id != older.pk:
                LibraryEntry.objects.filter(supersedes=older).exclude(
                    pk=newer.pk
                ).update(supersedes=None)
                newer.supersedes = older
                newer.save(update_fields=["supersedes"])
            if older.validity in (Validity.VALID, Validity.EXPIRED, Validity.PENDING):
                older.validity = Validity.AMENDED
                older.expires_on = older.expires_on or newer.effective_on
                older.save(update_fields=["validity", "expires_on"])
                index.update_validity(older)


def _title_map() -> dict[str, int]:
    """Map each title (with and without 中华人民共和国) to its newest in-force entry."""
    order = {Validity.VALID: 0, Validity.PENDING: 1}
    rows = LibraryEntry.objects.values_list("pk", "title", "validity", "published_on")
    best: dict[str, tuple] = {}
    for pk, title, validity, published in rows:
        rank = (order.get(validity, 2), -(published or dt.date.min).toordinal())
        for key in {title, title.removeprefix("中华人民共和国")}:
            if key not in best or rank < best[key][0]:
                best[key] = (rank, pk)
    return {k: v[1] for k, v in best.items()}


def _record_citations(entry_ids: list[int]) -> int:
    titles = _title_map()
    made = 0
    rows = Article.objects.filter(entry_id__in=entry_ids).values_list(
        "pk", "entry_id", "text"
    )
    found: list[Citation] = []
    for pk, entry_id, text in rows.iterator(chunk_size=5000):
        for title, anchor in set(citations(text)):
            target = titles.get(title)
            if target and target != entry_id:
                found.append(
                    Citation(source_id=pk, target_id=target, target_anchor=anchor)
                )
        if len(found) >= 5000:
            made += len(Citation.objects.bulk_create(found, ignore_conflicts=True))
            found = []
    if found:
        made += len(Citation.objects.bulk_create(found, ignore_conflicts=True))
    return made


@transaction.atomic
def rebuild_search_index() -> int:
    """Rebuild the full-text index from the stored search entries; return their count."""
    return index.rebuild()
