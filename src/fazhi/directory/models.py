"""Units, people, roles, assignments and enforcement certificates."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .credit_code import validate_credit_code


class UnitKind(models.TextChoices):
    DISTRICT = "district", _("District government")
    DEPARTMENT = "department", _("Department")
    TOWN = "town", _("Town")
    STREET = "street", _("Street")
    VILLAGE = "village", _("Village")
    COMMUNITY = "community", _("Community")
    OTHER = "other", _("Other")


class Unit(models.Model):
    """An organisation of the district: the government, a department, a town, a village.

    `path` is the materialised chain of ids ("/1/7/42/"), so "this unit and all below it"
    is one indexed prefix query. `tenant` is the district the unit belongs to (the district
    itself points to itself); every large table of later apps carries it too.
    """

    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        unique=True,
        validators=[validate_credit_code],
    )
    credit_code_synthetic = models.BooleanField(
        _("synthetic credit code"),
        default=False,
        help_text=_(
            "Set for demo codes that are valid in form but not the unit's real code."
        ),
    )
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=50, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    tenant = models.ForeignKey(
        "self",
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.credit_code = self.credit_code.strip().upper()
        super().save(*args, **kwargs)
        # path and tenant derive from the parent, which needs our id first.
        path = f"{self.parent.path if self.parent else '/'}{self.pk}/"
        tenant_id = self.parent.tenant_id if self.parent else self.pk
        if (path, tenant_id) != (self.path, self.tenant_id):
            self.path, self.tenant_id = path, tenant_id
            super().save(update_fields=["path", "tenant"])

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


class Person(AbstractUser):
    """A user of fazhi: staff member, or (without assignments) a registered citizen."""

    real_name = models.CharField(_("real name"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("work unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff",
        help_text=_(
            "Where the person works; the roles they hold are set by assignments."
        ),
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.real_name or self.username

    @property
    def display_name(self) -> str:
        return self.real_name or self.get_full_name() or self.username


class Role(models.Model):
    key = models.SlugField(_("key"), max_length=50, unique=True)
    title = models.CharField(_("title"), max_length=50)
    description = models.TextField(_("description"), blank=True)
    requires_two_factor = models.BooleanField(
        _("requires two-factor login"),
        default=False,
        help_text=_(
            "People holding this role must confirm each login with a code from an "
            "authenticator app."
        ),
    )

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["key"]

    def __str__(self) -> str:
        return self.title


class Scope(models.TextChoices):
    UNIT = "unit", _("This unit only")
    SUBTREE = "subtree", _("This unit and its sub-units")


class AssignmentQuerySet(models.QuerySet):
    def current(self, on=None):
        """Assignments valid on the given date (today by default)."""
        on = on or timezone.localdate()
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=on)
        )


class Assignment(models.Model):
    """A person holds a role at a unit, for that unit alone or with its sub-units."""

    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    role = models.ForeignKey(Role, verbose_name=_("role"), on_delete=models.PROTECT)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    scope = models.CharField(
        _("scope"), max_length=10, choices=Scope.choices, default=Scope.UNIT
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "role", "unit", "valid_from"],
                name="unique_assignment",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.role} · {self.unit}"


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    SUSPENDED = "suspended", _("Suspended")
    REVOKED = "revoked", _("Revoked")
    EXPIRED = "expired", _("Expired")


class Certificate(models.Model):
    """An enforcement certificate (行政执法证): without a valid one, no enforcement act."""

    number = models.CharField(_("certificate number"), max_length=40, unique=True)
    holder = models.ForeignKey(
        Person,
        verbose_name=_("holder"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    issuing_body = models.CharField(_("issuing body"), max_length=100)
    fields_of_law = models.JSONField(_("fields of law"), default=list, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CertificateStatus.choices,
        default=CertificateStatus.VALID,
    )

    class Meta:
        verbose_name = _("enforcement certificate")
        verbose_name_plural = _("enforcement certificates")

    def __str__(self) -> str:
        return self.number

    def is_valid_on(self, day) -> bool:
        return (
            self.status == CertificateStatus.VALID
            and self.valid_from <= day <= self.valid_to
        )


class LoginThrottle(models.Model):
    """Failed logins for one username from one client address.

    After `FAZHI_LOGIN_MAX_FAILURES` failures the pair is refused until `locked_until`;
    other addresses can still log in with that username, so a stranger cannot lock a
    colleague out. The username is stored as typed (lowercased), known or not, so a
    refusal says nothing about whether an account exists.
    """

    username = models.CharField(_("username"), max_length=150)
    address = models.CharField(_("address"), max_length=45)
    failures = models.PositiveIntegerField(_("failed logins"), default=0)
    locked_until = models.DateTimeField(_("locked until"), null=True, blank=True)
    updated_at = models.DateTimeField(_("last attempt"), auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("login lock")
        verbose_name_plural = _("login locks")
        constraints = [
            models.UniqueConstraint(
                fields=["username", "address"], name="unique_login_throttle"
            )
        ]

    def __str__(self) -> str:
        return f"{self.username} @ {self.address}"


class SecurityEventKind(models.TextChoices):
    LOGIN = "login", _("Login")
    LOGIN_FAILED = "login_failed", _("Failed login")
    LOCKED = "locked", _("Login locked")
    UNLOCKED = "unlocked", _("Login unlocked")
    LOGOUT = "logout", _("Logout")
    TWO_FACTOR_ENROLLED = "2fa_enrolled", _("Two-factor device enrolled")
    TWO_FACTOR_VERIFIED = "2fa_verified", _("Two-factor code accepted")
    TWO_FACTOR_FAILED = "2fa_failed", _("Two-factor code refused")
    ADMIN_CHANGE = "admin_change", _("Change in administration")


class SecurityEvent(models.Model):
    """One line of the security audit log; written only by `directory.services`."""

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=SecurityEventKind.choices, db_index=True
    )
    username = models.CharField(_("username"), max_length=150, db_index=True)
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    address = models.CharField(_("address"), max_length=45, blank=True)
    detail = models.CharField(_("detail"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("security event")
        verbose_name_plural = _("security events")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_kind_display()} {self.username}"
