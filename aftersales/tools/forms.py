"""Forms of the tool screens: they only parse; the services decide what is allowed."""

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from aftersales.accounts.models import Branch, User
from aftersales.dispatch.models import Technician

from .models import Tool


class DateInput(forms.DateInput):
    input_type = "date"


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class ToolFilterForm(forms.Form):
    q = forms.CharField(label=_("Asset number or name"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All statuses")), *Tool.Status.choices], required=False
    )
    branch = forms.ModelChoiceField(
        label=_("Branch"),
        queryset=Branch.objects.all(),
        required=False,
        empty_label=_("All branches"),
    )
    holder = forms.ModelChoiceField(
        label=_("Holder"),
        queryset=Technician.objects.none(),
        required=False,
        empty_label=_("Any holder"),
    )
    fixed_asset = forms.ChoiceField(
        label=_("Fixed asset"),
        choices=[
            ("", _("Fixed assets and others")),
            ("yes", _("Fixed assets")),
            ("no", _("Not fixed assets")),
        ],
        required=False,
    )

    def __init__(self, *args, user: User, technicians: QuerySet[Technician], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["holder"].queryset = technicians
        if not user.sees_all_branches:
            del self.fields["branch"]


class ToolForm(forms.Form):
    asset_number = forms.CharField(label=_("Asset number"), max_length=30)
    name = forms.CharField(label=_("Name"), max_length=100)
    spec = forms.CharField(label=_("Specification"), max_length=200, required=False)
    purchase_price = forms.DecimalField(
        label=_("Purchase price (yuan)"), max_digits=12, decimal_places=2, min_value=0
    )
    purchase_date = forms.DateField(label=_("Purchase date"), required=False, widget=DateInput())
    branch = forms.ModelChoiceField(label=_("Branch"), queryset=Branch.objects.all())
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not user.sees_all_branches:
            del self.fields["branch"]


class _TechnicianForm(forms.Form):
    technician = forms.ModelChoiceField(label=_("Technician"), queryset=Technician.objects.none())

    def __init__(self, *args, technicians: QuerySet[Technician], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["technician"].queryset = technicians


class AssignForm(_TechnicianForm):
    pass


class LendForm(_TechnicianForm):
    due_back = forms.DateTimeField(label=_("Due back"), widget=DateTimeLocalInput())
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class ReturnForm(forms.Form):
    condition = forms.CharField(label=_("Condition"), max_length=200, required=False)
    damaged = forms.BooleanField(label=_("Damaged: send to repair"), required=False)


class TakeBackForm(ReturnForm):
    pass


class RepairedForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class RetireForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200)
