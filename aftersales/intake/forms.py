"""The call screen's forms: what the agent writes down (002 第48条) and how the call ended."""

from django import forms
from django.utils.translation import gettext_lazy as _

from aftersales.accounts.models import Branch, User
from aftersales.customers.forms import DateInput
from aftersales.customers.models import Customer, FaultType, ProductModel, Unit, Zone
from aftersales.customers.selectors import visible_customers, visible_units
from aftersales.workorders.models import Kind, ServiceCategory

from .models import Channel, ServiceCall


class FaultChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: FaultType) -> str:
        return f"{obj.category} · {obj.name}"


class CallForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("Channel"), choices=Channel.choices, initial=Channel.HOTLINE
    )
    phone = forms.CharField(label=_("Phone"), max_length=30)
    caller_name = forms.CharField(label=_("Caller"), max_length=60, required=False)
    address = forms.CharField(
        label=_("Address"),
        max_length=200,
        required=False,
        help_text=_("Left empty, the customer's address on file is used."),
    )
    # Picked from the lookup: an existing customer (and his unit) is used, never filed twice.
    customer = forms.ModelChoiceField(
        queryset=Customer.objects.none(), required=False, widget=forms.HiddenInput
    )
    unit = forms.ModelChoiceField(
        queryset=Unit.objects.none(), required=False, widget=forms.HiddenInput
    )
    # A new customer's file, opened from this first call.
    name = forms.CharField(label=_("Customer name"), max_length=100, required=False)
    kind = forms.ChoiceField(
        label=_("Type"), choices=Customer.Kind.choices, initial=Customer.Kind.PERSON
    )
    tier = forms.ChoiceField(
        label=_("Tier"), choices=Customer.Tier.choices, initial=Customer.Tier.REGULAR
    )
    zone = forms.ChoiceField(label=_("Zone"), choices=Zone.choices, initial=Zone.RING2)
    branch = forms.ModelChoiceField(
        label=_("Branch"), queryset=Branch.objects.all(), required=False
    )
    # The product, when no registered unit was picked.
    model = forms.ModelChoiceField(
        label=_("Model"), queryset=ProductModel.objects.select_related("category"), required=False
    )
    serial = forms.CharField(label=_("Serial number"), max_length=60, required=False)
    purchase_date = forms.DateField(label=_("Purchase date"), widget=DateInput, required=False)
    invoice_no = forms.CharField(label=_("Invoice no."), max_length=40, required=False)
    fault_type = FaultChoiceField(
        label=_("Fault"),
        queryset=FaultType.objects.select_related("category"),
        required=False,
    )
    symptom = forms.CharField(label=_("Symptom"), widget=forms.Textarea(attrs={"rows": 3}))
    customer_request = forms.CharField(
        label=_("What the customer wants"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    NEW_CUSTOMER_FIELDS = ("name", "kind", "tier", "zone", "branch")
    PRODUCT_FIELDS = ("model", "serial", "purchase_date", "invoice_no")

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["customer"].queryset = visible_customers(user)
        self.fields["unit"].queryset = visible_units(user)
        if not user.sees_all_branches:
            del self.fields["branch"]
        if self.data.get("customer") or self.data.get("unit"):
            # A picked customer disables the new-customer fieldset, so the browser sends none of
            # it; those fields are not needed then and must not fail where nobody sees them.
            for name in self.NEW_CUSTOMER_FIELDS:
                if name in self.fields:
                    self.fields[name].required = False

    def field_group(self, names: tuple[str, ...]) -> list[forms.BoundField]:
        return [self[name] for name in names if name in self.fields]

    @property
    def new_customer_fields(self) -> list[forms.BoundField]:
        return self.field_group(self.NEW_CUSTOMER_FIELDS)

    @property
    def product_fields(self) -> list[forms.BoundField]:
        return self.field_group(self.PRODUCT_FIELDS)


class CallFilterForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("Channel"), choices=[("", _("All channels")), *Channel.choices], required=False
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[("", _("All outcomes")), *ServiceCall.Outcome.choices],
        required=False,
    )
    day = forms.DateField(label=_("Date"), widget=DateInput, required=False)
    repeat = forms.BooleanField(label=_("Repeat repairs only"), required=False)


class SolveForm(forms.Form):
    guidance = forms.CharField(
        label=_("Guidance given"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("How the customer was guided to solve it."),
    )


class OpenOrderForm(forms.Form):
    """The category is the warranty rule's; only a user with the authority sees the choice."""

    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices, initial=Kind.REPAIR)
    category = forms.ChoiceField(
        label=_("Service category"),
        choices=[("", _("Decide from the warranty")), *ServiceCategory.choices],
        required=False,
    )
    category_reason = forms.CharField(
        label=_("Reason for the category"),
        required=False,
        max_length=500,
        help_text=_("Needed when the category differs from the warranty rule's."),
    )

    def __init__(self, *args, may_choose_category: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not may_choose_category:
            del self.fields["category"]
            del self.fields["category_reason"]
