"""Read-only views for the administration pages: every change goes through the services, which
audit it."""

from django.contrib import admin

from .models import Resolution, ReturnRequest


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ReturnRequest)
class ReturnRequestAdmin(ReadOnly):
    list_display = ["number", "kind", "customer", "unit", "status", "within_entitlement", "branch"]
    list_filter = ["status", "kind", "branch"]
    search_fields = ["number", "customer__name", "unit__serial"]


@admin.register(Resolution)
class ResolutionAdmin(ReadOnly):
    list_display = ["return_request", "kind", "amount", "recorded_at", "recorded_by"]
