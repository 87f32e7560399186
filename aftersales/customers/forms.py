"""Forms parse what the user typed; the services decide whether it may be filed."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from aftersales.accounts.models import Branch, User

from .models import Customer, Outlet, ProductCategory, ProductModel, Zone


class DateInput(forms.DateInput):
    input_type = "date"


class CustomerFilterForm(forms.Form):
    q = forms.CharField(label=_("Phone or name"), required=False)
    tier = forms.ChoiceField(
        label=_("Tier"), choices=[("", _("All tiers")), *Customer.Tier.choices], required=False
    )
    zone = forms.ChoiceField(
        label=_("Zone"), choices=[("", _("All zones")), *Zone.choices], required=False
    )


class CustomerForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    phone = forms.CharField(label=_("Phone"), max_length=30)
    alt_phone = forms.CharField(label=_("Other phone"), max_length=30, required=False)
    address = forms.CharField(label=_("Address"), max_length=200)
    kind = forms.ChoiceField(label=_("Type"), choices=Customer.Kind.choices)
    tier = forms.ChoiceField(
        label=_("Tier"), choices=Customer.Tier.choices, initial=Customer.Tier.REGULAR
    )
    zone = forms.ChoiceField(label=_("Zone"), choices=Zone.choices, initial=Zone.RING2)
    branch = forms.ModelChoiceField(label=_("Branch"), queryset=Branch.objects.all())
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, user: User, editing: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # A branch files customers in its own branch; only head office chooses.
        if editing or not user.sees_all_branches:
            del self.fields["branch"]


class ContactForm(forms.Form):
    name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=60)
    phone = forms.CharField(label=_("Phone"), max_length=30)
    position = forms.CharField(label=_("Position"), max_length=60, required=False)


class UnitFilterForm(forms.Form):
    model = forms.ModelChoiceField(
        label=_("Model"),
        queryset=ProductModel.objects.all(),
        required=False,
        empty_label=_("All models"),
    )
    serial = forms.CharField(label=_("Serial number"), required=False)


class UnitForm(forms.Form):
    model = forms.ModelChoiceField(
        label=_("Model"), queryset=ProductModel.objects.filter(is_active=True)
    )
    serial = forms.CharField(label=_("Serial number"), max_length=60)
    purchase_date = forms.DateField(
        label=_("Purchase date"),
        widget=DateInput,
        required=False,
        help_text=_("From the invoice. Left empty, the work is paid until the invoice is shown."),
    )
    invoice_no = forms.CharField(label=_("Invoice no."), max_length=40, required=False)
    install_date = forms.DateField(label=_("Installation date"), widget=DateInput, required=False)
    sold_by = forms.ModelChoiceField(
        label=_("Sold by"), queryset=Outlet.objects.none(), required=False
    )
    address = forms.CharField(label=_("Installed at"), max_length=200, required=False)

    def __init__(self, *args, outlets, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sold_by"].queryset = outlets


class ProductModelForm(forms.Form):
    brand = forms.CharField(label=_("Brand"), max_length=60)
    code = forms.CharField(label=_("Model"), max_length=60)
    name = forms.CharField(label=_("Product name"), max_length=120)
    category = forms.ModelChoiceField(label=_("Category"), queryset=ProductCategory.objects.all())
    warranty_months = forms.IntegerField(label=_("Warranty months"), initial=12, min_value=0)
    manufacturer_hotline = forms.CharField(
        label=_("Manufacturer hotline"), max_length=20, required=False
    )


class OutletForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    place = forms.CharField(label=_("Place"), max_length=100)
    branch = forms.ModelChoiceField(label=_("Branch"), queryset=Branch.objects.all())
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    contact = forms.CharField(label=_("Contact"), max_length=60, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    categories = forms.ModelMultipleChoiceField(
        label=_("Categories served"),
        queryset=ProductCategory.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not user.sees_all_branches:
            del self.fields["branch"]
