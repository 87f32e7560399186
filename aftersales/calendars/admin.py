"""The working calendar is set up by the administrator: a branch's hours when they differ from
the default, and the company's own holidays and working days."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from aftersales.core.exceptions import DomainError

from .models import CompanyHoliday, WorkingHours
from .rules import check_periods


class WorkingHoursForm(forms.ModelForm):
    class Meta:
        model = WorkingHours
        fields = ["branch", "starts", "ends"]

    def clean(self):
        data = super().clean()
        branch, starts, ends = data.get("branch"), data.get("starts"), data.get("ends")
        if branch and starts and ends:
            # The branch's day must stay a valid calendar with this period in it.
            others = WorkingHours.objects.filter(branch=branch).exclude(pk=self.instance.pk)
            periods = sorted([*others.values_list("starts", "ends"), (starts, ends)])
            try:
                check_periods(periods)
            except DomainError as error:
                raise ValidationError(error.message) from None
        return data


@admin.register(WorkingHours)
class WorkingHoursAdmin(admin.ModelAdmin):
    form = WorkingHoursForm
    list_display = ["branch", "starts", "ends"]
    list_filter = ["branch"]


@admin.register(CompanyHoliday)
class CompanyHolidayAdmin(admin.ModelAdmin):
    list_display = ["date", "name", "kind", "branch"]
    list_filter = ["kind", "branch"]
    search_fields = ["name"]
    date_hierarchy = "date"
