"""Disclosure documents with index numbers, the law library (规章库) and the search index."""

from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# Longest texts the columns take; forms built on them refuse more, and so does full_clean.
BODY_MAX = 200_000  # a document's body (HTML), an interpretation, a search entry
ARTICLE_MAX = 50_000  # one article of a law
DECISION_MAX = 100_000  # an enforcement decision's text for publicity
NOTE_MAX = 2_000  # a catalogue item's content elements and basis
REASON_MAX = 1_000  # a reason for withdrawal, an image description


def limited(n: int) -> dict:
    """A TextField's max_length (for its form field) and the validator that enforces it."""
    return {"max_length": n, "validators": [MaxLengthValidator(n)]}


class Validity(models.TextChoices):
    """Validity of a law, regulation or normative document (时效性)."""

    VALID = "valid", _("In force")
    PENDING = "pending", _("Not yet in force")
    AMENDED = "amended", _("Amended")
    REPEALED = "repealed", _("Repealed")
    EXPIRED = "expired", _("Expired")


# Search rank multiplier per validity: current law ranks above superseded versions.
VALIDITY_BOOST = {
    "": 1.0,
    Validity.VALID: 1.0,
    Validity.PENDING: 0.9,
    Validity.AMENDED: 0.5,
    Validity.REPEALED: 0.4,
    Validity.EXPIRED: 0.4,
}


# Search rank multiplier per level of law: the higher-ranking law (上位法) first, so the
# national 招标投标法 ranks above a city's 招标投标条例 on the same words.
LEVEL_BOOST = {
    "宪法": 1.0,
    "法律": 1.0,
    "行政法规": 0.95,
    "司法解释": 0.9,
    "部门规章": 0.9,
    "地方性法规": 0.75,
    "规范性文件": 0.75,
}
DEFAULT_LEVEL_BOOST = 0.75


def library_boost(level: str, validity: str) -> float:
    """Return the rank multiplier of a library article: level times validity."""
    return LEVEL_BOOST.get(level, DEFAULT_LEVEL_BOOST) * VALIDITY_BOOST.get(
        validity, 1.0
    )


class DisclosureMode(models.TextChoices):
    ACTIVE = "active", _("Proactive disclosure")
    ON_REQUEST = "on_request", _("Disclosure on request")
    NOT_DISCLOSED = "not_disclosed", _("Not disclosed")


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("In review")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class IndexCounter(models.Model):
    """The last serial handed out for one issuer and year: only ever goes up.

    `disclosure.services.allocate_index_number` advances it with a compare-and-set, so two
    concurrent publications never get the same number, and a number whose document was
    withdrawn (or never published) is never handed out again.
    """

    issuer = models.ForeignKey(
        "directory.Unit",
        verbose_name=_("issuer"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    last_serial = models.PositiveIntegerField(_("last serial"), default=0)

    class Meta:
        verbose_name = _("index number counter")
        verbose_name_plural = _("index number counters")
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "year"], name="unique_index_counter"
            )
        ]

    def __str__(self) -> str:
        return f"{self.issuer_id}/{self.year}: {self.last_serial}"


class Document(models.Model):
    """A government information document (政府信息) with the seed page's metadata.

    The index number (索引号) is `<issuer credit code>/<year>-<5-digit serial>`; it is set
    once by `services.create_document` and never changes, also after withdrawal.
    """

    tenant = models.ForeignKey(
        "directory.Unit",
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    issuer = models.ForeignKey(
        "directory.Unit",
        verbose_name=_("issuing unit"),
        on_delete=models.PROTECT,
        related_name="documents",
    )
    index_number = models.CharField(
        _("index number"), max_length=40, unique=True, editable=False
    )
    index_year = models.PositiveSmallIntegerField(_("index year"), editable=False)
    index_serial = models.PositiveIntegerField(_("index serial"), editable=False)
    category = models.CharField(_("category"), max_length=100, blank=True)
    title = models.CharField(_("title"), max_length=300)
    doc_number = models.CharField(_("document number"), max_length=100, blank=True)
    written_on = models.DateField(_("date written"), null=True, blank=True)
    published_on = models.DateField(_("date published"), null=True, blank=True)
    keywords = models.CharField(_("subject keywords"), max_length=200, blank=True)
    genre = models.CharField(_("genre"), max_length=30, blank=True)
    validity = models.CharField(
        _("validity"), max_length=10, choices=Validity.choices, blank=True
    )
    disclosure_mode = models.CharField(
        _("disclosure mode"),
        max_length=15,
        choices=DisclosureMode.choices,
        default=DisclosureMode.ACTIVE,
    )
    audience = models.CharField(_("audience"), max_length=100, blank=True)
    body = models.TextField(
        _("body"), blank=True, help_text=_("Sanitized HTML."), **limited(BODY_MAX)
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=DocumentStatus.choices,
        default=DocumentStatus.DRAFT,
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdraw_reason = models.TextField(
        _("reason for withdrawal"), blank=True, **limited(REASON_MAX)
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-published_on", "-index_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "index_year", "index_serial"],
                name="unique_document_serial",
            ),
            models.CheckConstraint(
                condition=~Q(status="withdrawn") | Q(withdrawn_at__isnull=False),
                name="withdrawn_document_has_time",
            ),
        ]
        indexes = [models.Index(fields=["tenant", "status", "published_on"])]

    def __str__(self) -> str:
        return f"{self.index_number} {self.title}"

    @property
    def is_public(self) -> bool:
        return self.status == DocumentStatus.PUBLISHED


class Attachment(models.Model):
    """A file attached to a document, stored by content hash."""

    document = models.ForeignKey(
        Document,
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="disclosure/attachments/")
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["document", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class InterpretationKind(models.TextChoices):
    TEXT = "text", _("Text")
    IMAGE = "image", _("Image")


class Interpretation(models.Model):
    """A policy interpretation (政策解读) linked to a document: text, or an image (一图读懂)."""

    document = models.ForeignKey(
        Document,
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="interpretations",
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=InterpretationKind.choices
    )
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(
        _("body"), blank=True, help_text=_("Sanitized HTML."), **limited(BODY_MAX)
    )
    image = models.FileField(
        _("image"), upload_to="disclosure/interpretations/", blank=True
    )
    image_alt = models.TextField(
        _("image description"), blank=True, **limited(REASON_MAX)
    )

    class Meta:
        verbose_name = _("interpretation")
        verbose_name_plural = _("interpretations")

    def __str__(self) -> str:
        return self.title


class LibraryEntry(models.Model):
    """One version of a law, regulation or normative document in the library (规章库).

    Versions of one work share `work_key`; `supersedes` points to the version this one
    amends (the amendment chain), `repealed_by` to the entry that repealed it.
    """

    title = models.CharField(_("title"), max_length=300)
    work_key = models.CharField(_("work"), max_length=300, db_index=True)
    level = models.CharField(_("level"), max_length=30, blank=True)
    issuer_name = models.CharField(_("issuing authority"), max_length=200, blank=True)
    issuer = models.ForeignKey(
        "directory.Unit",
        verbose_name=_("issuing unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="library_entries",
    )
    tenant = models.ForeignKey(
        "directory.Unit",
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty for national and provincial law shared by every district."),
    )
    doc_number = models.CharField(_("document number"), max_length=100, blank=True)
    published_on = models.DateField(_("date published"), null=True, blank=True)
    effective_on = models.DateField(_("effective from"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    validity = models.CharField(
        _("validity"), max_length=10, choices=Validity.choices, default=Validity.VALID
    )
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("amends version"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="superseded_by",
    )
    repealed_by = models.ForeignKey(
        "self",
        verbose_name=_("repealed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="repeals",
    )
    document = models.OneToOneField(
        Document,
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="library_entry",
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("library entry")
        verbose_name_plural = _("library entries")
        ordering = ["title", "-published_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["source"], condition=~Q(source=""), name="unique_library_source"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"/library/{self.pk}/"


class Article(models.Model):
    """One article (第X条) of a library entry, with the anchor a link jumps to."""

    entry = models.ForeignKey(
        LibraryEntry,
        verbose_name=_("library entry"),
        on_delete=models.CASCADE,
        related_name="articles",
    )
    seq = models.PositiveIntegerField(_("sequence"))
    number = models.CharField(_("article number"), max_length=60)
    anchor = models.CharField(_("anchor"), max_length=40)
    chapter = models.CharField(_("chapter"), max_length=200, blank=True)
    text = models.TextField(_("text"), **limited(ARTICLE_MAX))

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["entry", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "seq"], name="unique_article_seq"),
            models.UniqueConstraint(
                fields=["entry", "anchor"], name="unique_article_anchor"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.entry_id} {self.number}"

    def get_absolute_url(self) -> str:
        return f"/library/{self.entry_id}/#{self.anchor}"


class Citation(models.Model):
    """An article citing another entry (《…》第X条): the target's "cited by" list."""

    source = models.ForeignKey(
        Article,
        verbose_name=_("citing article"),
        on_delete=models.CASCADE,
        related_name="citations",
    )
    target = models.ForeignKey(
        LibraryEntry,
        verbose_name=_("cited entry"),
        on_delete=models.CASCADE,
        related_name="cited_by",
    )
    target_anchor = models.CharField(
        _("cited article anchor"), max_length=40, blank=True
    )

    class Meta:
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "target", "target_anchor"], name="unique_citation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.source} → {self.target_id}#{self.target_anchor}"


class SearchKind(models.TextChoices):
    ARTICLE = "article", _("Library article")
    DOCUMENT = "document", _("Document")


class SearchEntry(models.Model):
    """One searchable unit: a published document, or one article of a library entry.

    The rows hold the plain text for snippets and the filter columns; the full-text index
    itself lives beside them (an FTS5 table on SQLite, a tsvector column on PostgreSQL,
    both created by migration 0002) and is written only by `disclosure.search.index`.
    """

    kind = models.CharField(_("kind"), max_length=10, choices=SearchKind.choices)
    document = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    entry = models.ForeignKey(
        LibraryEntry, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    tenant = models.ForeignKey(
        "directory.Unit",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=300)
    heading = models.CharField(_("heading"), max_length=100, blank=True)
    text = models.TextField(_("text"), **limited(BODY_MAX))
    issuer = models.ForeignKey(
        "directory.Unit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    issuer_name = models.CharField(_("issuing authority"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    genre = models.CharField(_("genre"), max_length=30, blank=True)
    validity = models.CharField(_("validity"), max_length=10, blank=True)
    boost = models.FloatField(_("rank boost"), default=1.0)
    url = models.CharField(_("link"), max_length=200)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        # Covers the join from the full-text hits (rank boost and filters) so ranking
        # never reads the wide rows with their text.
        indexes = [
            models.Index(
                fields=[
                    "id",
                    "boost",
                    "validity",
                    "year",
                    "genre",
                    "kind",
                    "issuer",
                    "tenant",
                ],
                name="search_entry_rank",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="article", article__isnull=False)
                | Q(kind="document", document__isnull=False),
                name="search_entry_has_subject",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.heading}".strip()


# --- publishing workflow, the standard catalogue and enforcement publicity -----------


class DisclosureCase(models.Model):
    """A document's proactive-disclosure case (政府信息主动公开): its 20-working-day clock.

    One row per creation or change of the information; the newest row is the document's
    current case. `publish_at` is set when the publication is scheduled (定时发布).
    """

    document = models.ForeignKey(
        Document,
        verbose_name=_("document"),
        on_delete=models.PROTECT,
        related_name="disclosure_cases",
    )
    case = models.OneToOneField(
        "procedures.Case",
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        related_name="disclosure_link",
    )
    publish_at = models.DateTimeField(_("scheduled publication"), null=True, blank=True)
    scheduled_by = models.ForeignKey(
        "directory.Person",
        verbose_name=_("scheduled by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("disclosure case")
        verbose_name_plural = _("disclosure cases")
        ordering = ["document", "-pk"]
        indexes = [
            models.Index(
                fields=["publish_at"],
                name="disclosure_scheduled",
                condition=Q(publish_at__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return f"{self.document_id} → {self.case_id}"


class CatalogueDomain(models.Model):
    """One of the 26 domains of the grassroots standard catalogue (国办发〔2019〕54号)."""

    code = models.CharField(_("code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=100)
    basis = models.CharField(_("standard guideline"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("catalogue domain")
        verbose_name_plural = _("catalogue domains")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name


class CatalogueMode(models.TextChoices):
    ACTIVE = "active", _("Proactive")
    ON_REQUEST = "on_request", _("On request")


class CatalogueLevel(models.TextChoices):
    DISTRICT = "district", _("District level")
    TOWN = "town", _("Town and street level")


class CatalogueItem(models.Model):
    """One item of a unit's standard catalogue (基层政务公开事项标准目录).

    `unit` is whose catalogue it is (the district or one town/street); `responsible` the
    unit that publishes it. `documents` are the published information under the item, shown
    directly on the catalogue page (目录正文直接可见).
    """

    tenant = models.ForeignKey(
        "directory.Unit",
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit = models.ForeignKey(
        "directory.Unit",
        verbose_name=_("catalogue of"),
        on_delete=models.PROTECT,
        related_name="catalogue_items",
    )
    domain = models.ForeignKey(
        CatalogueDomain,
        verbose_name=_("domain"),
        on_delete=models.PROTECT,
        related_name="items",
    )
    key = models.CharField(_("key"), max_length=40)
    position = models.PositiveIntegerField(_("position"), default=0)
    level1 = models.CharField(_("level-1 matter"), max_length=100)
    level2 = models.CharField(_("level-2 matter"), max_length=150)
    elements = models.TextField(_("content elements"), blank=True, **limited(NOTE_MAX))
    basis = models.TextField(_("basis"), blank=True, **limited(NOTE_MAX))
    time_limit = models.CharField(_("time limit"), max_length=200, blank=True)
    responsible = models.ForeignKey(
        "directory.Unit",
        verbose_name=_("responsible unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="responsible_catalogue_items",
    )
    responsible_name = models.CharField(_("responsible unit"), max_length=200)
    channel = models.CharField(_("channel"), max_length=300, blank=True)
    audience = models.CharField(_("audience"), max_length=100, blank=True)
    mode = models.CharField(
        _("mode"),
        max_length=10,
        choices=CatalogueMode.choices,
        default=CatalogueMode.ACTIVE,
    )
    level = models.CharField(_("level"), max_length=10, choices=CatalogueLevel.choices)
    documents = models.ManyToManyField(
        Document,
        verbose_name=_("documents"),
        blank=True,
        related_name="catalogue_items",
    )

    class Meta:
        verbose_name = _("catalogue item")
        verbose_name_plural = _("catalogue items")
        ordering = ["unit", "domain", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "domain", "key"], name="unique_catalogue_item"
            )
        ]
        indexes = [
            models.Index(
                fields=["tenant", "unit", "domain", "position"], name="catalogue_page"
            )
        ]

    def __str__(self) -> str:
        return f"{self.level1} / {self.level2}"


class PublicityStatus(models.TextChoices):
    DRAFT = "draft", _("Awaiting review")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    CANCELLED = "cancelled", _("Cancelled before publication")


class PublicityRecord(models.Model):
    """An enforcement decision's publication (行政执法公示, 双公示), drafted from its case.

    `original` is the decision text as decided; `spans` the personal data the officer
    confirmed (list of {start, end, kind, text}); `redacted` what the public sees. The
    published `document` keeps its index number after withdrawal (a tombstone).
    """

    tenant = models.ForeignKey(
        "directory.Unit",
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit = models.ForeignKey(
        "directory.Unit",
        verbose_name=_("enforcement agency"),
        on_delete=models.PROTECT,
        related_name="publicity_records",
    )
    case = models.ForeignKey(
        "procedures.Case",
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        related_name="publicity_records",
    )
    what = models.CharField(_("kind"), max_length=40)
    title = models.CharField(_("title"), max_length=300)
    decision_no = models.CharField(_("decision number"), max_length=100, blank=True)
    party = models.CharField(_("party"), max_length=200, blank=True)
    party_is_person = models.BooleanField(_("party is a natural person"), default=False)
    decided_on = models.DateField(_("decided on"))
    original = models.TextField(_("original text"), **limited(DECISION_MAX))
    spans = models.JSONField(_("personal data found"), default=list, blank=True)
    added_names = models.JSONField(_("names added by the reviewer"), default=list)
    redacted = models.TextField(_("redacted text"), **limited(DECISION_MAX))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=PublicityStatus.choices,
        default=PublicityStatus.DRAFT,
    )
    document = models.OneToOneField(
        Document,
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="publicity_record",
    )
    reviewed_by = models.ForeignKey(
        "directory.Person",
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdraw_reason = models.TextField(
        _("reason for withdrawal"), blank=True, **limited(REASON_MAX)
    )

    class Meta:
        verbose_name = _("publicity record")
        verbose_name_plural = _("publicity records")
        ordering = ["-decided_on", "-pk"]
        indexes = [
            models.Index(
                fields=["tenant", "status", "decided_on"], name="publicity_list"
            )
        ]

    def __str__(self) -> str:
        return self.title
