"""Read-only views of the loaner units for the administration pages: lending goes through the
services, which audit it."""

from django.contrib import admin

from aftersales.tools.admin import ReadOnly

from .models import LoanerLoan, LoanerUnit


@admin.register(LoanerUnit)
class LoanerUnitAdmin(ReadOnly):
    list_display = ["asset_number", "model", "serial", "branch", "condition", "is_available"]
    list_filter = ["is_available", "branch"]
    search_fields = ["asset_number", "serial"]


@admin.register(LoanerLoan)
class LoanerLoanAdmin(ReadOnly):
    list_display = ["loaner", "customer", "work_order", "lent_at", "expected_return", "returned_at"]
