from django.contrib import admin

from .models import MaintenanceContract, ThreeGuaranteeRule


@admin.register(MaintenanceContract)
class MaintenanceContractAdmin(admin.ModelAdmin):
    list_display = ("number", "customer", "start", "end", "annual_fee", "status", "branch")
    list_filter = ("status", "branch")
    search_fields = ("number", "customer__name")
    raw_id_fields = ("customer", "units", "renewal_of")
    readonly_fields = ("number", "created_by", "created_at")


@admin.register(ThreeGuaranteeRule)
class ThreeGuaranteeRuleAdmin(admin.ModelAdmin):
    list_display = ("category", "days", "allows_return", "allows_exchange", "allows_repair")
