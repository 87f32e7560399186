"""Forms of the loaner screens: they only parse; the services decide what is allowed."""

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from aftersales.accounts.models import Branch, User
from aftersales.customers.models import ProductModel

from .models import LoanerUnit


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class LoanerFilterForm(forms.Form):
    q = forms.CharField(label=_("Asset number or serial"), required=False)
    available = forms.ChoiceField(
        label=_("Available"),
        choices=[("", _("Available or not")), ("yes", _("Available")), ("no", _("Not available"))],
        required=False,
    )


class LoanerForm(forms.Form):
    asset_number = forms.CharField(label=_("Asset number"), max_length=30)
    model = forms.ModelChoiceField(
        label=_("Model"), queryset=ProductModel.objects.select_related("category")
    )
    serial = forms.CharField(label=_("Serial number"), max_length=60, required=False)
    branch = forms.ModelChoiceField(label=_("Branch"), queryset=Branch.objects.all())
    condition = forms.CharField(label=_("Condition"), max_length=200, required=False)
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not user.sees_all_branches:
            del self.fields["branch"]


class LendForm(forms.Form):
    loaner = forms.ModelChoiceField(label=_("Loaner unit"), queryset=LoanerUnit.objects.none())
    expected_return = forms.DateTimeField(label=_("Expected return"), widget=DateTimeLocalInput())
    deposit = forms.DecimalField(
        label=_("Deposit (yuan)"), max_digits=12, decimal_places=2, min_value=0, required=False
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, loaners: QuerySet[LoanerUnit], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["loaner"].queryset = loaners


class ReturnForm(forms.Form):
    condition = forms.CharField(label=_("Condition on return"), max_length=200, required=False)
    damaged = forms.BooleanField(label=_("Damaged: not available until repaired"), required=False)


class RepairedForm(forms.Form):
    condition = forms.CharField(label=_("Condition"), max_length=200, required=False)
