"""Admin: the imported holiday arrangements, and a page to import a year's notice."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .errors import HolidayImportError
from .models import HolidayOverride
from .services import get_calendar, import_holidays


class HolidayImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV file (date,kind,name)"),
        help_text=gettext_lazy(
            "One line per day of the State Council notice: kind is holiday or workday. "
            "The years in the file replace what was stored for them."
        ),
    )


@admin.register(HolidayOverride)
class HolidayOverrideAdmin(admin.ModelAdmin):
    """Imported days are read-only here: a year is corrected by importing it again."""

    list_display = [
        "date",
        "weekday",
        "kind",
        "name",
        "source",
        "imported_at",
        "imported_by",
    ]
    list_filter = ["kind", "source"]
    search_fields = ["name", "source"]
    date_hierarchy = "date"
    change_list_template = "admin/workdays/holidayoverride/change_list.html"

    @admin.display(description=gettext_lazy("weekday"))
    def weekday(self, obj: HolidayOverride) -> str:
        return "一二三四五六日"[obj.date.weekday()]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def get_urls(self) -> list:
        urls = [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="workdays_holidayoverride_import",
            )
        ]
        return urls + super().get_urls()

    def changelist_view(
        self, request: HttpRequest, extra_context: dict | None = None
    ) -> HttpResponse:
        extra_context = {
            **(extra_context or {}),
            "calendar_years": _years(),
            "can_import": _can_import(request),
        }
        return super().changelist_view(request, extra_context)

    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not _can_import(request):
            raise PermissionDenied
        errors: list[str] = []
        form = HolidayImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = import_holidays(
                    upload, source_name=upload.name, actor=request.user
                )
            except HolidayImportError as e:
                errors = e.errors
            else:
                for line in result.summary():
                    self.message_user(request, line, messages.SUCCESS)
                return HttpResponseRedirect(
                    reverse("admin:workdays_holidayoverride_changelist")
                )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import holiday arrangements"),
            "form": form,
            "errors": errors,
            "calendar_years": _years(),
        }
        return TemplateResponse(
            request, "admin/workdays/holidayoverride/import.html", context
        )


def _can_import(request: HttpRequest) -> bool:
    return request.user.has_perm("workdays.add_holidayoverride")


def _years() -> list[tuple[int, str]]:
    """Return every calendar year with where its data come from (or that it has none)."""
    calendar = get_calendar()
    none = _("no data: weekends only, deadlines provisional")
    return [
        (y, calendar.years.get(y, none))
        for y in range(calendar.first.year, calendar.last.year + 1)
    ]
