"""Forms parse what the user typed; the services decide whether it may be filed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from aftersales.accounts.models import User
from aftersales.customers.models import ProductCategory, Unit
from aftersales.workorders.models import ServiceCategory

from .models import MaintenanceContract, Remedy, RenewalNotice


class DateInput(forms.DateInput):
    input_type = "date"


class OverrideCategoryForm(forms.Form):
    category = forms.ChoiceField(label=_("New category"), choices=ServiceCategory.choices)
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept in the audit trail."),
    )


class ContractFilterForm(forms.Form):
    q = forms.CharField(label=_("Number or customer"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All contract statuses")), *MaintenanceContract.Status.choices],
    )
    expiring = forms.BooleanField(label=_("Ending within 30 days"), required=False)
    customer = forms.IntegerField(required=False, widget=forms.HiddenInput)


class UnitChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        return f"{obj.model} #{obj.serial} · {obj.model.name}"


class ContractForm(forms.Form):
    units = UnitChoices(
        label=_("Units"), queryset=Unit.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    start = forms.DateField(label=_("Start date"), widget=DateInput)
    end = forms.DateField(label=_("End date"), widget=DateInput)
    annual_fee = forms.DecimalField(
        label=_("Annual fee (yuan)"), min_value=0, max_digits=12, decimal_places=2
    )
    visits_per_year = forms.IntegerField(label=_("Visits per year"), min_value=0, max_value=52)
    arrival_hours = forms.DecimalField(
        label=_("Arrival time (hours)"),
        required=False,
        min_value=0,
        max_digits=5,
        decimal_places=1,
        help_text=_(
            "On site within this many hours of a fault call, as the contract says. Leave empty "
            "to go by the customer's zone (2/3/4/6 hours)."
        ),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, units, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units


class RenewForm(forms.Form):
    end = forms.DateField(label=_("New end date"), widget=DateInput)
    annual_fee = forms.DecimalField(
        label=_("Annual fee (yuan)"), min_value=0, max_digits=12, decimal_places=2
    )
    visits_per_year = forms.IntegerField(label=_("Visits per year"), min_value=0, max_value=52)
    arrival_hours = forms.DecimalField(
        label=_("Arrival time (hours)"),
        required=False,
        min_value=0,
        max_digits=5,
        decimal_places=1,
        help_text=_(
            "On site within this many hours of a fault call, as the contract says. Leave empty "
            "to go by the customer's zone (2/3/4/6 hours)."
        ),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class CancelContractForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class CustomerSearchForm(forms.Form):
    q = forms.CharField(label=_("Phone or name"), required=False)


class ThreeGuaranteeRuleForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=ProductCategory.objects.all(),
        required=False,
        empty_label=_("Default (all categories)"),
    )
    days = forms.IntegerField(label=_("Within days of purchase"))
    remedies = forms.MultipleChoiceField(
        label=_("Remedies"),
        choices=Remedy.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class DeleteRuleForm(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput)


class NoticeFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All notices")), *RenewalNotice.Status.choices],
    )
    mine = forms.BooleanField(label=_("Assigned to me"), required=False)


class UserChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj} · {obj.get_role_display()} · {obj.branch or ''}"


class NoticeAssignForm(forms.Form):
    assignee = UserChoice(label=_("Assign to"), queryset=User.objects.none())

    def __init__(self, *args, assignees, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = assignees


class LetterSentForm(forms.Form):
    sent_on = forms.DateField(label=_("Letter sent on"), widget=DateInput)


class NoticeCloseForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the customer declines"), widget=forms.Textarea(attrs={"rows": 2})
    )
