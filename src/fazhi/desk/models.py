"""The desk's own records beside the calls (which are `hotline_order` cases).

A call's state, steps and legal deadlines live in the engine's tables; the desk keeps only
what the procedure does not: the dispatch catalogue (派单目录), the routing suggestion and
the dispatcher's decision per call, the overrides that feed the next training, co-handling
units (协办), and the follow-up cases opened from a hot issue (每月一题).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fazhi.directory.models import Unit
from fazhi.procedures.models import Case

# Longest texts the columns take (a call's subject and description as the engine caps
# them, a co-handling unit's contribution): the forms refuse more, and so does full_clean.
CALL_TEXT_MAX = 12_000
CONTRIBUTION_MAX = 2_000


class Level(models.TextChoices):
    DISTRICT = "区级", "区级"
    TOWN = "镇街", "镇街"
    VILLAGE = "村居", "村居"


class LimitUnit(models.TextChoices):
    WORKDAYS = "workdays", _("working days")
    HOURS = "hours", _("hours")


class DispatchAction(models.TextChoices):
    """The `hotline_order` dispatch actions: each starts its own legal handling limit."""

    CONSULTATION = "dispatch_consultation", "派单（咨询类，2个工作日）"
    HELP = "dispatch_help", "派单（求助、建议类，10个工作日）"
    COMPLAINT = "dispatch_complaint", "派单（投诉、举报类，15个工作日）"


def limit_text(n: int | None, unit: str) -> str:
    """Return "10个工作日" / "24小时" for a time limit (the words of the catalogue)."""
    if not n:
        return "—"
    if unit == LimitUnit.HOURS:
        return gettext("%(n)d hours") % {"n": n}
    return gettext("%(n)d working days") % {"n": n}


class DispatchCatalogueEntry(models.Model):
    """One row of the dispatch catalogue: a matter type and where it goes, how fast.

    `category` is the routing model's label (e.g. 企业用水); administrators edit the rows
    in the Django admin. The time limit is the desk's (working days, or hours where the
    catalogue says so); the dispatch action chosen also starts the procedure's own legal
    limit, which the case page shows.
    """

    tenant = models.ForeignKey(
        Unit, verbose_name=_("district"), on_delete=models.PROTECT, related_name="+"
    )
    category = models.CharField(_("matter type"), max_length=50)
    title = models.CharField(_("title"), max_length=100, blank=True)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("responsible unit"),
        on_delete=models.PROTECT,
        related_name="catalogue_entries",
    )
    level = models.CharField(
        _("level"), max_length=10, choices=Level.choices, default=Level.DISTRICT
    )
    time_limit = models.PositiveIntegerField(_("time limit"), default=10)
    time_limit_unit = models.CharField(
        _("time limit unit"),
        max_length=10,
        choices=LimitUnit.choices,
        default=LimitUnit.WORKDAYS,
    )
    dispatch_action = models.CharField(
        _("dispatch action"),
        max_length=30,
        choices=DispatchAction.choices,
        default=DispatchAction.HELP,
    )
    enterprise_matter = models.CharField(
        _("enterprise matter"), max_length=20, blank=True
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("dispatch catalogue entry")
        verbose_name_plural = _("dispatch catalogue")
        ordering = ["category"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "category"], name="desk_catalogue_category_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(time_limit__gt=0), name="desk_catalogue_limit_pos"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category} → {self.unit.display_name}"

    @property
    def limit_text(self) -> str:
        return limit_text(self.time_limit, self.time_limit_unit)


class CallRouting(models.Model):
    """The routing of one call: the model's top-3, and what the dispatcher decided.

    `suggestions` is a list of {"category", "confidence", "unit"} (unit: credit code from
    the catalogue, or "").  `limit_n`/`limit_unit` are the catalogue's time limit at the
    moment of dispatch, kept so that a later catalogue edit does not change old figures.
    """

    tenant = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    case = models.OneToOneField(
        Case, verbose_name=_("call"), on_delete=models.PROTECT, related_name="routing"
    )
    text = models.TextField(
        _("call text"),
        blank=True,
        max_length=CALL_TEXT_MAX,
        validators=[MaxLengthValidator(CALL_TEXT_MAX)],
    )
    suggestions = models.JSONField(_("suggestions"), default=list, blank=True)
    automatic = models.BooleanField(_("confident enough to route"), default=False)
    threshold = models.FloatField(_("threshold"), default=0.5)
    model_version = models.CharField(_("model version"), max_length=100, blank=True)
    requested_unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit asked for by the caller"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    category = models.CharField(_("decided matter type"), max_length=50, blank=True)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("lead unit (主办)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    overridden = models.BooleanField(_("suggestion overridden"), default=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    limit_n = models.PositiveIntegerField(null=True, blank=True)
    limit_unit = models.CharField(
        max_length=10, choices=LimitUnit.choices, blank=True, default=""
    )
    phone_last4 = models.CharField(max_length=4, blank=True)
    created_at = models.DateTimeField(_("filed at"))

    class Meta:
        verbose_name = _("call routing")
        verbose_name_plural = _("call routings")
        indexes = [models.Index(fields=["tenant", "category"], name="desk_rt_cat")]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.category or '—'}"

    @property
    def best(self) -> dict | None:
        return self.suggestions[0] if self.suggestions else None


class RoutingOverride(models.Model):
    """A dispatcher's choice that differs from the model's first suggestion.

    Exported in the training CSV format by `fazhi desk export-overrides` and read by
    `fazhi desk train --with-overrides`.
    """

    tenant = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(
        max_length=CALL_TEXT_MAX, validators=[MaxLengthValidator(CALL_TEXT_MAX)]
    )
    suggested_category = models.CharField(max_length=50, blank=True)
    chosen_category = models.CharField(max_length=50)
    suggested_unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    chosen_unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField()

    class Meta:
        verbose_name = _("routing override")
        verbose_name_plural = _("routing overrides")
        ordering = ["at"]

    def __str__(self) -> str:
        return f"{self.suggested_category or '—'} → {self.chosen_category}"


class CoHandling(models.Model):
    """A co-handling unit (协办) of a call; the lead unit (主办) is the case's owner.

    The co-handler's contribution is recorded here and shown to the lead unit; the reply
    to the caller stays the lead unit's step in the procedure.
    """

    tenant = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="co_handlers")
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("co-handling unit"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField()
    contribution = models.TextField(
        _("contribution"),
        blank=True,
        max_length=CONTRIBUTION_MAX,
        validators=[MaxLengthValidator(CONTRIBUTION_MAX)],
    )
    contributed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    contributed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("co-handling unit")
        verbose_name_plural = _("co-handling units")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "unit"], name="desk_cohandling_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id} 协办 {self.unit_id}"


class FollowUp(models.Model):
    """A case opened from a hot issue (每月一题), and the group of calls it answers.

    `terms` are the group's characteristic words; `fazhi desk` and the hot-issue page count
    later calls like the group's, month by month, to watch the follow-up's effect.
    """

    tenant = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("month of the group"))
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("issue"), max_length=200)
    sample_text = models.TextField(
        max_length=CALL_TEXT_MAX, validators=[MaxLengthValidator(CALL_TEXT_MAX)]
    )
    calls = models.ManyToManyField(Case, related_name="+")
    case = models.OneToOneField(
        Case,
        verbose_name=_("follow-up case"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField()

    class Meta:
        verbose_name = _("hot-issue follow-up")
        verbose_name_plural = _("hot-issue follow-ups")
        ordering = ["-opened_at"]

    def __str__(self) -> str:
        return self.title
