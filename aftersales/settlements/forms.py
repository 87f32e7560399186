"""Forms of the settlement screens: they only parse; the services decide what is allowed."""

import datetime as dt
import re

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from aftersales.customers.models import Outlet, ProductCategory

from .models import OutletSettlement, SettledCategory

_MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})(?:-\d{1,2})?\s*$")


class DateInput(forms.DateInput):
    input_type = "date"


class MonthInput(forms.TextInput):
    input_type = "month"

    def format_value(self, value):
        if isinstance(value, dt.date):
            return value.strftime("%Y-%m")
        return super().format_value(value)


class MonthField(forms.Field):
    """A month typed as 2026-05 (the browser's month picker): the first day of it."""

    widget = MonthInput
    default_error_messages = {"invalid": _("Enter a month as YYYY-MM.")}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.date):
            return value.replace(day=1)
        match = _MONTH.match(str(value))
        if not match:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            return dt.date(int(match[1]), int(match[2]), 1)
        except ValueError as exc:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from exc


def parse_month(value: str) -> dt.date | None:
    """The month of a query parameter, or None when it is not one."""
    try:
        return MonthField(required=False).clean(value)
    except ValidationError:
        return None


class SettlementFilterForm(forms.Form):
    month = MonthField(label=_("Month"), required=False)
    outlet = forms.ModelChoiceField(
        label=_("Outlet"),
        queryset=Outlet.objects.none(),
        required=False,
        empty_label=_("All outlets"),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All statuses")), *OutletSettlement.Status.choices],
        required=False,
    )

    def __init__(self, *args, outlets: QuerySet[Outlet], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["outlet"].queryset = outlets


class BuildForm(forms.Form):
    month = MonthField(label=_("Month"))
    outlet = forms.ModelChoiceField(
        label=_("Outlet"),
        queryset=Outlet.objects.none(),
        required=False,
        empty_label=_("All outlets with jobs"),
    )

    def __init__(self, *args, outlets: QuerySet[Outlet], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["outlet"].queryset = outlets


class PayForm(forms.Form):
    paid_on = forms.DateField(label=_("Paid on"), widget=DateInput())
    reference = forms.CharField(
        label=_("Payment reference"),
        max_length=60,
        help_text=_("The bank transfer or payment voucher number."),
    )


class RateFilterForm(forms.Form):
    outlet = forms.ModelChoiceField(
        label=_("Outlet"),
        queryset=Outlet.objects.none(),
        required=False,
        empty_label=_("Every rate"),
    )
    service_category = forms.ChoiceField(
        label=_("Service category"),
        choices=[("", _("All categories")), *SettledCategory.choices],
        required=False,
    )

    def __init__(self, *args, outlets: QuerySet[Outlet], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["outlet"].queryset = outlets


class RateForm(forms.Form):
    outlet = forms.ModelChoiceField(
        label=_("Outlet"),
        queryset=Outlet.objects.none(),
        required=False,
        empty_label=_("All outlets (default)"),
        help_text=_("An outlet's own rate comes before the rate for all outlets."),
    )
    service_category = forms.ChoiceField(
        label=_("Service category"), choices=SettledCategory.choices
    )
    product_category = forms.ModelChoiceField(
        label=_("Product category"),
        queryset=ProductCategory.objects.all(),
        required=False,
        empty_label=_("Any product"),
    )
    amount = forms.DecimalField(
        label=_("Per job (yuan)"), max_digits=12, decimal_places=2, min_value=0
    )
    suburb_allowance = forms.DecimalField(
        label=_("Suburb travel allowance (yuan)"),
        max_digits=12,
        decimal_places=2,
        min_value=0,
        required=False,
        help_text=_("Paid on top for customers in neighbouring cities and counties or farther."),
    )
    effective_from = forms.DateField(label=_("Effective from"), widget=DateInput())
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, outlets: QuerySet[Outlet], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["outlet"].queryset = outlets


class RateEditForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Per job (yuan)"), max_digits=12, decimal_places=2, min_value=0
    )
    suburb_allowance = forms.DecimalField(
        label=_("Suburb travel allowance (yuan)"),
        max_digits=12,
        decimal_places=2,
        min_value=0,
        required=False,
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)
