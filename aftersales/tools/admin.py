"""Read-only views of the tool register for the administration pages: moves go through the
services, which audit them."""

from django.contrib import admin

from .models import Tool, ToolEvent, ToolLoan


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Tool)
class ToolAdmin(ReadOnly):
    list_display = ["asset_number", "name", "spec", "purchase_price", "status", "holder", "branch"]
    list_filter = ["status", "branch"]
    search_fields = ["asset_number", "name", "spec"]


@admin.register(ToolLoan)
class ToolLoanAdmin(ReadOnly):
    list_display = ["tool", "technician", "lent_at", "due_back", "returned_at", "damaged"]


@admin.register(ToolEvent)
class ToolEventAdmin(ReadOnly):
    list_display = ["tool", "kind", "at", "technician", "by"]
