"""Forms parse what the user typed; the services decide whether it may be kept."""

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from aftersales.accounts.models import Branch
from aftersales.customers.models import Customer
from aftersales.dispatch.models import Technician

from .models import CompanyHoliday

# Rows of the working-hours form: a morning and an afternoon, and room for a split shift.
PERIOD_ROWS = 4


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs) -> None:
        super().__init__(format="%H:%M", **kwargs)


class WorkingHoursForm(forms.Form):
    """Up to PERIOD_ROWS periods of the working day; blank rows are ignored, and a form with
    none puts the branch back on the default hours."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for n in range(1, PERIOD_ROWS + 1):
            self.fields[f"starts_{n}"] = forms.TimeField(
                label=_("Starts"), required=False, widget=TimeInput()
            )
            self.fields[f"ends_{n}"] = forms.TimeField(
                label=_("Ends"), required=False, widget=TimeInput()
            )

    @staticmethod
    def initial_for(periods) -> dict[str, dt.time]:
        initial = {}
        for n, (start, end) in enumerate(periods, start=1):
            initial[f"starts_{n}"], initial[f"ends_{n}"] = start, end
        return initial

    def rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"starts_{n}"], self[f"ends_{n}"]) for n in range(1, PERIOD_ROWS + 1)]

    def clean(self):
        data = super().clean()
        periods = []
        for n in range(1, PERIOD_ROWS + 1):
            start, end = data.get(f"starts_{n}"), data.get(f"ends_{n}")
            if start is None and end is None:
                continue
            if start is None:
                self.add_error(f"starts_{n}", _("Give the time the period starts."))
            elif end is None:
                self.add_error(f"ends_{n}", _("Give the time the period ends."))
            else:
                periods.append((start, end))
        data["periods"] = periods
        return data


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)


class CompanyDayForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput)
    kind = forms.ChoiceField(label=_("Kind"), choices=CompanyHoliday.Kind.choices)
    name = forms.CharField(label=_("Name"), max_length=100)
    branch = forms.ModelChoiceField(
        label=_("Branch"),
        queryset=Branch.objects.none(),
        required=False,
        empty_label=_("All branches"),
    )

    def __init__(self, *args, branches, all_allowed: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = branches
        if not all_allowed:
            # A branch enters days for itself only.
            self.fields["branch"].required = True
            self.fields["branch"].empty_label = None


class DeleteForm(forms.Form):
    pass


class TechnicianChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Technician) -> str:
        return f"{obj} · {obj.phone_display}"


class DutyForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput)
    technician = TechnicianChoice(label=_("Technician"), queryset=Technician.objects.none())
    site = forms.ModelChoiceField(
        label=_("Site"),
        queryset=Customer.objects.none(),
        required=False,
        empty_label=_("Whole branch (on call)"),
        help_text=_("Key customers and customers under a maintenance contract."),
    )
    starts = forms.TimeField(label=_("Shift starts"), widget=TimeInput())
    ends = forms.TimeField(
        label=_("Shift ends"),
        widget=TimeInput(),
        help_text=_("Earlier than the start: the shift ends the next morning."),
    )
    phone = forms.CharField(
        label=_("Duty phone"),
        required=False,
        help_text=_("Leave empty for the technician's own phone."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, technicians, sites, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["technician"].queryset = technicians
        self.fields["site"].queryset = sites
