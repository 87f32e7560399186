"""Forms of the claim screens: they only parse; the services decide what is allowed."""

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from aftersales.accounts.models import Branch, User
from aftersales.billing.models import Payment
from aftersales.customers.models import ProductCategory
from aftersales.parts.models import Part
from aftersales.workorders.models import WorkOrder

from .models import ClaimPartOrder, ManufacturerRate, WarrantyClaim


class DateInput(forms.DateInput):
    input_type = "date"


def _money(label, **kwargs) -> forms.DecimalField:
    return forms.DecimalField(label=label, max_digits=12, decimal_places=2, min_value=0, **kwargs)


class RateForm(forms.Form):
    brand = forms.CharField(label=_("Brand"), max_length=60)
    category = forms.ModelChoiceField(
        label=_("Product category"),
        queryset=ProductCategory.objects.all(),
        required=False,
        empty_label=_("All categories of the brand"),
    )
    labour_basis = forms.ChoiceField(label=_("Labour paid"), choices=ManufacturerRate.Basis.choices)
    labour_rate = _money(_("Labour rate (yuan per job or per hour)"))
    travel_allowance = _money(_("Travel allowance per visit (yuan)"), initial=0)
    parts_factor = forms.DecimalField(
        label=_("Parts factor (× unit cost)"),
        max_digits=5,
        decimal_places=3,
        min_value=0,
        initial="1.000",
    )
    effective_from = forms.DateField(label=_("Effective from"), widget=DateInput())
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class ClaimFilterForm(forms.Form):
    q = forms.CharField(label=_("Claim or work order number"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All statuses")), *WarrantyClaim.Status.choices],
        required=False,
    )
    brand = forms.ChoiceField(label=_("Brand"), choices=[], required=False)

    def __init__(self, *args, brands: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["brand"].choices = [("", _("All brands")), *[(b, b) for b in brands]]


class ClaimBuildForm(forms.Form):
    brand = forms.ChoiceField(label=_("Brand"), choices=[])
    period_start = forms.DateField(label=_("Period from"), widget=DateInput())
    period_end = forms.DateField(label=_("Period until"), widget=DateInput())
    branch = forms.ModelChoiceField(
        label=_("Branch"), queryset=Branch.objects.all(), required=False
    )
    orders = forms.ModelMultipleChoiceField(
        label=_("Work orders"),
        queryset=WorkOrder.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(
        self, *args, user: User, brands: list[str], orders: QuerySet[WorkOrder], **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["brand"].choices = [(b, b) for b in brands]
        self.fields["orders"].queryset = orders
        if not user.sees_all_branches:
            del self.fields["branch"]


class IncludeLineForm(forms.Form):
    line = forms.IntegerField(label=_("Line"), widget=forms.HiddenInput)
    included = forms.BooleanField(label=_("Claim it without the defective part"), required=False)
    note = forms.CharField(label=_("Why"), max_length=200, required=False)


class AcceptForm(forms.Form):
    amount = _money(_("Amount accepted (yuan)"))
    note = forms.CharField(
        label=_("Manufacturer's note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class RejectForm(forms.Form):
    note = forms.CharField(label=_("Manufacturer's note"), widget=forms.Textarea(attrs={"rows": 2}))


class PaymentForm(forms.Form):
    amount = _money(_("Amount paid (yuan)"))
    paid_on = forms.DateField(label=_("Paid on"), widget=DateInput())
    reference = forms.CharField(label=_("Payment reference"), max_length=60)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200)


class EmptyForm(forms.Form):
    pass


class PartOrderFilterForm(forms.Form):
    q = forms.CharField(label=_("Number, work order or part"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            ("", _("All statuses")),
            ("open", _("Not finished")),
            *ClaimPartOrder.Status.choices,
        ],
        required=False,
    )


class PartOrderForm(forms.Form):
    part = forms.ModelChoiceField(label=_("Part"), queryset=Part.objects.none())
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=999, initial=1)
    deposit_amount = _money(_("Order deposit (yuan)"))
    deposit_method = forms.ChoiceField(label=_("Deposit paid by"), choices=Payment.Method.choices)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, parts: QuerySet[Part], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["part"].queryset = parts


class OrderedForm(forms.Form):
    reference = forms.CharField(
        label=_("Manufacturer's order number"), max_length=60, required=False
    )


class FitForm(forms.Form):
    serial_number = forms.CharField(
        label=_("Serial number of the new part"),
        max_length=200,
        required=False,
        help_text=_("Required for a serialised part; one per piece."),
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class CancelPartOrderForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200)
    deposit = forms.ChoiceField(
        label=_("Order deposit"),
        choices=[("refund", _("Refund the deposit")), ("keep", _("Keep the deposit"))],
        widget=forms.RadioSelect,
    )
    kept_reason = forms.CharField(
        label=_("Why the deposit is kept"), max_length=200, required=False
    )
