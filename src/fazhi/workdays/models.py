"""Holiday data entered from State Council notices for years chinese-calendar lacks."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class HolidayOverride(models.Model):
    """One day of a year's State Council holiday notice (关于YYYY年部分节假日安排的通知).

    Once any day of a year is stored here, the rows of that year replace chinese-calendar's
    data for it: weekends are rest days unless listed as working days, and listed holidays
    are rest days. Rows are written only by `services.import_holidays`, a whole year at a
    time.
    """

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Holiday (rest day)")
        WORKDAY = "workday", _("Adjusted working day")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(
        _("holiday name"),
        max_length=100,
        blank=True,
        help_text=_("The holiday this day belongs to, e.g. 春节."),
    )
    source = models.CharField(_("source"), max_length=200)
    imported_at = models.DateTimeField(_("imported at"), default=timezone.now)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["date"]
        verbose_name = _("holiday arrangement")
        verbose_name_plural = _("holiday arrangements")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["holiday", "workday"]),
                name="workdays_override_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()} {self.name}".strip()
