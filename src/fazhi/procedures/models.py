"""Cases, their append-only events, their legal deadlines and attachments.

Only `procedures.engine` writes these tables (a lint test checks it): a case changes by an
action of its procedure, and every change leaves an event in the case's hash chain.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fazhi.directory.models import Unit


class ApplicantKind(models.TextChoices):
    PERSON = "person", _("Natural person")
    ORGANISATION = "organisation", _("Organisation")
    NONE = "", _("None")


class Case(models.Model):
    tenant = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    number = models.CharField(_("case number"), max_length=64)
    procedure = models.CharField(_("procedure"), max_length=50)
    procedure_version = models.CharField(_("procedure version"), max_length=20)
    state = models.CharField(_("state"), max_length=50)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("owning unit"),
        on_delete=models.PROTECT,
        related_name="cases",
    )
    assignees = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignees"),
        blank=True,
        related_name="+",
    )
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    applicant_kind = models.CharField(
        _("applicant kind"), max_length=20, choices=ApplicantKind.choices, blank=True
    )
    applicant_name = models.CharField(_("applicant"), max_length=200, blank=True)
    applicant_code = models.CharField(
        _("applicant's credit code or ID"), max_length=30, blank=True
    )
    applicant_phone = models.CharField(
        _("applicant's phone"), max_length=30, blank=True
    )
    # The secret (查询码) that lets the public follow a case of a procedure it may open;
    # empty for staff-only procedures. See procedures.tracking.
    tracking_code = models.CharField(
        _("tracking code"), max_length=16, blank=True, default=""
    )
    data = models.JSONField(_("data"), default=dict, blank=True)
    version = models.PositiveIntegerField(_("version"), default=0)
    head_hash = models.CharField(_("head hash"), max_length=64, default="")
    opened_at = models.DateTimeField(_("opened at"))
    last_event_at = models.DateTimeField(_("last step at"), null=True, blank=True)
    # The nearest due time of the case's running time limits, kept by the engine, so the
    # inbox is an index walk rather than an aggregate over every visible case.
    next_due_at = models.DateTimeField(_("nearest due time"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    is_open = models.BooleanField(_("open"), default=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "number"], name="case_number_unique"
            )
        ]
        indexes = [
            models.Index(
                fields=["tenant", "procedure", "opened_at"], name="case_proc_opened"
            ),
            models.Index(fields=["unit", "is_open"], name="case_unit_open"),
            models.Index(
                fields=["next_due_at"],
                name="case_open_next_due",
                condition=Q(is_open=True),
            ),
        ]

    def __str__(self) -> str:
        return self.number


class Event(models.Model):
    """One step of a case: append-only; `hash = sha256(prev_hash + canonical JSON)`."""

    tenant = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events")
    seq = models.PositiveIntegerField()
    action = models.CharField(max_length=50)
    from_state = models.CharField(max_length=50, blank=True)
    to_state = models.CharField(max_length=50)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField(max_length=100, blank=True)
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("happened at"))
    recorded_at = models.DateTimeField(_("recorded at"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    data = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["case", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["case", "seq"], name="event_case_seq")
        ]

    def __str__(self) -> str:
        return f"{self.case_id}#{self.seq} {self.action}"

    @property
    def is_backfilled(self) -> bool:
        """True for paper steps entered after the fact (补录)."""
        return abs((self.recorded_at - self.at).total_seconds()) > 3600


class DeadlineStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    PAUSED = "paused", _("Paused")
    MET = "met", _("Met")
    CANCELLED = "cancelled", _("No longer applies")


class Deadline(models.Model):
    """A legal time limit of a case, with everything needed to explain its due date."""

    tenant = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="deadlines")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=50)
    title = models.CharField(_("deadline"), max_length=100)
    basis = models.CharField(_("legal basis"), max_length=300)
    unverified = models.BooleanField(_("basis unverified"), default=False)
    kind = models.CharField(
        max_length=10,
        default="limit",
        help_text="limit: due by this date; minimum: must run its course first",
    )
    within_n = models.PositiveIntegerField()
    within_unit = models.CharField(max_length=10)
    start_title = models.CharField(max_length=100)
    started_at = models.DateTimeField(_("started at"))
    pauses = models.JSONField(default=list, blank=True)
    extensions = models.JSONField(default=list, blank=True)
    status = models.CharField(
        max_length=10, choices=DeadlineStatus.choices, default=DeadlineStatus.RUNNING
    )
    due_on = models.DateField(_("due on"))
    due_at = models.DateTimeField(_("due at"))
    due_ordinal = models.IntegerField(help_text="working-day ordinal of due_on")
    met_at = models.DateTimeField(_("met at"), null=True, blank=True)
    provisional = models.BooleanField(_("provisional"), default=False)
    provisional_reason = models.CharField(max_length=200, blank=True)
    explanation = models.TextField(_("explanation"), blank=True)

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        indexes = [
            models.Index(
                fields=["due_at"],
                name="deadline_running_due_at",
                condition=Q(status="running"),
            ),
            models.Index(
                fields=["tenant", "due_at"],
                name="deadline_running_due",
                condition=Q(status="running"),
            ),
            models.Index(
                fields=["unit", "due_at"],
                name="deadline_unit_running_due",
                condition=Q(status="running"),
            ),
            models.Index(
                fields=["tenant", "due_ordinal"],
                name="deadline_running_ordinal",
                condition=Q(status="running"),
            ),
            models.Index(
                fields=["provisional"],
                name="deadline_provisional",
                condition=Q(provisional=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.due_on}"

    @property
    def is_late(self) -> bool:
        """Met after the due time, or still open past it (for statistics and lights)."""
        from django.utils import timezone

        if self.kind == "minimum":
            return False
        end = self.met_at or timezone.now()
        return self.status != DeadlineStatus.CANCELLED and end > self.due_at

    @property
    def cut_short(self) -> bool:
        """A minimum period ended before it had run its course (e.g. consultation shortened)."""
        from django.utils import timezone

        if self.kind != "minimum" or self.met_at is None:
            return False
        # The period may end on its due day itself (day 30 of a 30-day consultation).
        return timezone.localtime(self.met_at).date() < self.due_on


class CaseLink(models.Model):
    """Two cases of one matter in different procedures (a complaint -> a penalty case)."""

    from_case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="links_out"
    )
    to_case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="links_in")
    kind = models.CharField(max_length=50, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["from_case", "to_case"], name="case_link_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.from_case_id} -> {self.to_case_id}"


class CaseCounter(models.Model):
    """The last sequence number given out per tenant, number pattern and year."""

    tenant = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    pattern = models.CharField(max_length=100)
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "pattern", "year"], name="case_counter_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.pattern} {self.year}: {self.last}"


class Attachment(models.Model):
    """A file of a case, stored once by its SHA-256 content hash."""

    sha256 = models.CharField(max_length=64, db_index=True)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="attachments")
    name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=100, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.name


class NotificationKind(models.TextChoices):
    DUE_SOON = "due_soon", _("Due soon")
    OVERDUE = "overdue", _("Overdue")


class Notification(models.Model):
    """An in-app notice about a deadline; unique per person, deadline, kind and due date."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=NotificationKind.choices)
    due_on = models.DateField()
    message = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "deadline", "kind", "due_on"],
                name="notification_once",
            )
        ]

    def __str__(self) -> str:
        return self.message
