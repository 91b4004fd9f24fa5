"""The dispatch catalogue is edited here by administrators; routing records are read-only."""

from django.contrib import admin

from .models import (
    CallRouting,
    CoHandling,
    DispatchCatalogueEntry,
    FollowUp,
    RoutingOverride,
)


@admin.register(DispatchCatalogueEntry)
class DispatchCatalogueEntryAdmin(admin.ModelAdmin):
    list_display = [
        "category",
        "unit",
        "level",
        "time_limit",
        "time_limit_unit",
        "dispatch_action",
        "active",
    ]
    list_filter = ["active", "level", "time_limit_unit", "dispatch_action"]
    list_editable = ["time_limit", "time_limit_unit", "active"]
    search_fields = ["category", "title", "unit__name"]
    autocomplete_fields = ["unit"]
    raw_id_fields = ["tenant"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CallRouting)
class CallRoutingAdmin(ReadOnlyAdmin):
    list_display = ["case", "category", "unit", "automatic", "overridden", "decided_at"]
    list_filter = ["automatic", "overridden"]
    search_fields = ["case__number", "category"]


@admin.register(RoutingOverride)
class RoutingOverrideAdmin(ReadOnlyAdmin):
    list_display = [
        "case",
        "suggested_category",
        "chosen_category",
        "chosen_unit",
        "by",
        "at",
    ]
    search_fields = ["case__number", "chosen_category"]


@admin.register(CoHandling)
class CoHandlingAdmin(ReadOnlyAdmin):
    list_display = ["case", "unit", "assigned_at", "contributed_at"]


@admin.register(FollowUp)
class FollowUpAdmin(ReadOnlyAdmin):
    list_display = ["title", "month", "unit", "case", "opened_at"]
