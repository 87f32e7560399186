"""Read-only views of the outlet settlement for the administration pages: every change goes
through the services, which audit it."""

from django.contrib import admin

from .models import OutletRate, OutletSettlement, SettlementLine


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(OutletRate)
class OutletRateAdmin(ReadOnly):
    list_display = ["outlet", "service_category", "product_category", "amount", "effective_from"]


@admin.register(OutletSettlement)
class OutletSettlementAdmin(ReadOnly):
    list_display = ["number", "outlet", "month", "status", "jobs", "total"]
    list_filter = ["status", "month"]


@admin.register(SettlementLine)
class SettlementLineAdmin(ReadOnly):
    list_display = ["settlement", "order", "completed_at", "service_category", "amount"]
