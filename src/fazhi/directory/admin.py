"""The directory in Django's admin: units, people (with unlock), roles, certificates."""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.db.models import Exists, OuterRef
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from fazhi.core.net import client_address

from .models import Assignment, Certificate, LoginThrottle, Person, Role, Unit
from .services import unlock_person


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0
    autocomplete_fields = ["role", "unit"]
    fields = ["role", "unit", "scope", "valid_from", "valid_to"]


class CertificateInline(admin.TabularInline):
    model = Certificate
    extra = 0
    fields = [
        "number",
        "issuing_body",
        "fields_of_law",
        "valid_from",
        "valid_to",
        "status",
    ]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "short_name",
        "kind",
        "credit_code",
        "credit_code_synthetic",
        "parent",
    ]
    list_filter = ["kind", "credit_code_synthetic", "is_active"]
    search_fields = ["name", "short_name", "credit_code"]
    autocomplete_fields = ["parent"]
    readonly_fields = ["tenant", "path"]
    fields = [
        "name",
        "short_name",
        "kind",
        "credit_code",
        "credit_code_synthetic",
        "parent",
        "tenant",
        "is_active",
    ]


class PersonCreationForm(AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = Person
        fields = ["username", "real_name"]


class PersonChangeForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = Person


@admin.register(Person)
class PersonAdmin(UserAdmin):
    form = PersonChangeForm
    add_form = PersonCreationForm
    list_display = [
        "username",
        "real_name",
        "unit",
        "is_staff",
        "is_active",
        "account_locked",
    ]
    list_filter = ["is_staff", "is_superuser", "is_active"]
    search_fields = ["username", "real_name", "phone", "email"]
    autocomplete_fields = ["unit"]
    readonly_fields = ["last_login", "date_joined"]
    inlines = [AssignmentInline, CertificateInline]
    actions = ["unlock"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal details"), {"fields": ("real_name", "phone", "email", "unit")}),
        (
            _("Login"),
            {
                "fields": (
                    "is_active",
                    "last_login",
                    "date_joined",
                )
            },
        ),
        (
            _("Permissions"),
            {"fields": ("is_staff", "is_superuser", "groups", "user_permissions")},
        ),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "real_name", "password1", "password2"),
            },
        ),
    )

    def get_inlines(self, request, obj):
        # A new person gets roles and certificates once saved, on the change page.
        return self.inlines if obj else []

    def get_queryset(self, request):
        # "Locked" = refused from at least one address now (see LoginThrottle).
        locked = LoginThrottle.objects.filter(
            username=Lower(OuterRef("username")), locked_until__gt=timezone.now()
        )
        return super().get_queryset(request).annotate(_locked=Exists(locked))

    @admin.display(description=_("locked"), boolean=True)
    def account_locked(self, person: Person) -> bool:
        return getattr(person, "_locked", False)

    @admin.action(description=_("Unlock"))
    def unlock(self, request, queryset) -> None:
        address = client_address(request)
        count = sum(
            unlock_person(person, by=request.user, address=address)
            for person in queryset
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d account unlocked.", "%(count)d accounts unlocked.", count
            )
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["key", "title", "requires_two_factor"]
    list_filter = ["requires_two_factor"]
    search_fields = ["key", "title"]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["person", "role", "unit", "scope", "valid_from", "valid_to"]
    list_filter = ["role", "scope"]
    search_fields = [
        "person__username",
        "person__real_name",
        "unit__name",
        "role__title",
    ]
    autocomplete_fields = ["person", "role", "unit"]
    list_select_related = ["person", "role", "unit"]


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = [
        "number",
        "holder",
        "issuing_body",
        "valid_from",
        "valid_to",
        "status",
    ]
    list_filter = ["status"]
    search_fields = ["number", "holder__username", "holder__real_name"]
    autocomplete_fields = ["holder"]
    list_select_related = ["holder"]
