"""Forms of the billing screens: they only parse; the services decide what is allowed."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from aftersales.customers.models import ProductCategory
from aftersales.parts.models import Part

from .models import Payment, PriceItem

QUOTE_ROWS = 6


class PriceFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *PriceItem.Kind.choices]
    )


class PriceItemForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=30)
    name = forms.CharField(label=_("Name"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=PriceItem.Kind.choices)
    unit = forms.CharField(label=_("Unit of measure"), max_length=10, initial="次")
    price = forms.DecimalField(label=_("Price (yuan)"), max_digits=12, decimal_places=2)
    source = forms.ChoiceField(label=_("Source"), choices=PriceItem.Source.choices)
    category = forms.ModelChoiceField(
        label=_("Product category"),
        queryset=ProductCategory.objects.all(),
        required=False,
        empty_label=_("All categories"),
    )
    part = forms.ModelChoiceField(
        label=_("Spare part"),
        queryset=Part.objects.filter(is_active=True),
        required=False,
        empty_label="—",
        help_text=_("For a line of kind “part”: the spare part it sells, matched on the invoice."),
    )


class QuoteForm(forms.Form):
    """Fault, expected time and up to six price-list lines; empty lines are ignored."""

    fault = forms.CharField(label=_("Fault found"), widget=forms.Textarea(attrs={"rows": 3}))
    expected_hours = forms.DecimalField(
        label=_("Expected hours"), max_digits=5, decimal_places=2, min_value=0
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        items = PriceItem.objects.filter(is_active=True).order_by("kind", "code")
        for i in range(QUOTE_ROWS):
            self.fields[f"item_{i}"] = forms.ModelChoiceField(
                label=_("Item"), queryset=items, required=False, empty_label="—"
            )
            self.fields[f"qty_{i}"] = forms.DecimalField(
                label=_("Quantity"),
                required=False,
                max_digits=8,
                decimal_places=2,
                initial=1,
                widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}),
            )

    def rows(self) -> list[tuple]:
        return [(self[f"item_{i}"], self[f"qty_{i}"]) for i in range(QUOTE_ROWS)]

    def lines(self) -> list[tuple]:
        data = self.cleaned_data
        return [
            (data[f"item_{i}"], data[f"qty_{i}"] if data[f"qty_{i}"] is not None else 1)
            for i in range(QUOTE_ROWS)
            if data.get(f"item_{i}") is not None
        ]


class SignedConsentForm(forms.Form):
    signer_name = forms.CharField(label=_("Name of the person consenting"), max_length=60)
    signature = forms.CharField(widget=forms.HiddenInput, required=False)


class PhoneConsentForm(forms.Form):
    signer_name = forms.CharField(label=_("Who agreed on the phone"), max_length=60)


class DeclineForm(forms.Form):
    note = forms.CharField(
        label=_("What the customer said"), widget=forms.Textarea(attrs={"rows": 2})
    )


class PaymentForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Amount (yuan)"),
        max_digits=12,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )
    method = forms.ChoiceField(label=_("Method"), choices=Payment.Method.choices)
    outlet_collected = forms.BooleanField(
        label=_("Collected by the outlet that did the job"), required=False
    )

    def for_order(self, order: Any) -> "PaymentForm":
        """The outlet's box is offered only on a job an outlet did, naming the outlet."""
        if order.outlet_id is None:
            del self.fields["outlet_collected"]
        else:
            self.fields["outlet_collected"].label = _(
                "Collected by the outlet %(outlet)s, not by our staff"
            ) % {"outlet": order.outlet}
        return self


class VoidForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the invoice is voided"), widget=forms.Textarea(attrs={"rows": 3})
    )


class DiscountForm(forms.Form):
    amount = forms.DecimalField(label=_("Discount (yuan)"), max_digits=12, decimal_places=2)
    reason = forms.CharField(label=_("Reason"), max_length=500)


class DecideForm(forms.Form):
    approve = forms.TypedChoiceField(
        coerce=lambda v: v == "1", choices=[("1", _("Approve")), ("0", _("Refuse"))]
    )
    note = forms.CharField(label=_("Note"), required=False)


class HandoverFilterForm(forms.Form):
    day = forms.DateField(
        label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    branch = forms.IntegerField(required=False, widget=forms.HiddenInput)


def _ids(value: str) -> list[int]:
    return [int(p) for p in (value or "").split(",") if p.strip().isdigit()]


class HandoverReceiveForm(forms.Form):
    technician = forms.IntegerField()
    payments = forms.CharField(help_text="comma-separated payment ids", required=False)
    entries = forms.CharField(help_text="comma-separated cash entry ids", required=False)

    def payment_ids(self) -> list[int]:
        return _ids(self.cleaned_data["payments"])

    def entry_ids(self) -> list[int]:
        return _ids(self.cleaned_data["entries"])
