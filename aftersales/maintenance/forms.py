"""Forms of the maintenance screens: they only parse; the services decide what is allowed."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from aftersales.customers.models import ProductCategory, Unit
from aftersales.dispatch.models import Technician
from aftersales.warranty.models import MaintenanceContract

from .models import ChecklistItem, ChecklistTemplate, Frequency, Visit


class DateInput(forms.DateInput):
    input_type = "date"


def _notes(label, *, rows: int = 2, required: bool = False) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, widget=forms.Textarea(attrs={"rows": rows})
    )


class ScheduleFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Customer, contract or serial number")}),
    )
    frequency = forms.ChoiceField(
        label=_("Frequency"),
        choices=[("", _("Every frequency")), *Frequency.choices],
        required=False,
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("active", _("Active")), ("stopped", _("Stopped")), ("all", _("All"))],
        required=False,
    )


class VisitFilterForm(forms.Form):
    WHEN = [
        ("open", _("Still to do")),
        ("due", _("Due within a week")),
        ("overdue", _("Overdue")),
        ("done", _("Done")),
        ("abnormal", _("Done, with findings")),
        ("cancelled", _("Cancelled")),
        ("all", _("All")),
    ]
    when = forms.ChoiceField(label=_("Visits"), choices=WHEN, required=False)
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Customer, contract or serial number")}),
    )


class _ScheduleTerms(forms.Form):
    frequency = forms.ChoiceField(label=_("Frequency"), choices=Frequency.choices)
    checklist = forms.ModelChoiceField(
        label=_("Checklist"), queryset=ChecklistTemplate.objects.all()
    )
    min_people = forms.IntegerField(
        label=_("Minimum people"),
        min_value=1,
        max_value=10,
        initial=1,
        help_text=_("Inspecting a gas pressure-regulating station takes at least two people."),
    )
    starts_on = forms.DateField(
        label=_("First visit on"),
        widget=DateInput(),
        help_text=_("Monthly and yearly visits keep this day of the month."),
    )
    ends_on = forms.DateField(
        label=_("Ends on"),
        widget=DateInput(),
        required=False,
        help_text=_("Empty: the end of the contract; without a contract, no end."),
    )
    notes = _notes(_("Notes"))


class ScheduleForm(_ScheduleTerms):
    contract = forms.ModelChoiceField(
        label=_("Maintenance contract"),
        queryset=MaintenanceContract.objects.none(),
        required=False,
        empty_label=_("No contract"),
    )
    unit = forms.CharField(
        label=_("Unit serial number"),
        max_length=60,
        required=False,
        help_text=_("Empty with a contract: every unit of the contract."),
    )
    field_order = ["contract", "unit", "frequency", "checklist", "min_people", "starts_on"]

    def __init__(self, *args: Any, contracts: QuerySet, units: QuerySet[Unit], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["contract"].queryset = contracts
        self.fields["contract"].label_from_instance = lambda contract: (
            f"{contract.number} · {contract.customer.name} "
            f"({contract.start:%Y-%m-%d} – {contract.end:%Y-%m-%d})"
        )
        self.units = units

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        serial = (data.get("unit") or "").strip()
        contract = data.get("contract")
        if not serial:
            data["unit"] = None
            if contract is None and "contract" not in self.errors:
                self.add_error(
                    "contract", _("Choose the contract, or enter the unit's serial number.")
                )
            return data
        units = self.units.filter(serial__iexact=serial)
        if contract is not None:
            units = units.filter(customer_id=contract.customer_id)
        found = list(units[:2])
        if not found:
            self.add_error("unit", _("No unit of yours has this serial number."))
        elif len(found) > 1:
            self.add_error(
                "unit", _("Several units have this serial number: choose the contract as well.")
            )
        else:
            data["unit"] = found[0]
        return data


class ScheduleEditForm(_ScheduleTerms):
    pass


class PlanForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=DateInput())
    until = forms.DateField(label=_("Until"), widget=DateInput())


class ReasonForm(forms.Form):
    reason = _notes(_("Reason"), required=True)


class ChecklistForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    product_category = forms.ModelChoiceField(
        label=_("Product category"),
        queryset=ProductCategory.objects.all(),
        required=False,
        empty_label=_("Any product"),
    )
    notes = _notes(_("Notes"))


class ItemForm(forms.Form):
    label = forms.CharField(label=_("Item"), max_length=100, required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=ChecklistItem.Kind.choices, initial=ChecklistItem.Kind.CHECK
    )
    unit = forms.CharField(label=_("Unit of measure"), max_length=20, required=False)
    minimum = forms.DecimalField(
        label=_("Minimum"), max_digits=12, decimal_places=3, required=False
    )
    maximum = forms.DecimalField(
        label=_("Maximum"), max_digits=12, decimal_places=3, required=False
    )
    required = forms.BooleanField(label=_("Required"), required=False, initial=True)


ItemFormSet = forms.formset_factory(ItemForm, extra=8, max_num=60)


def filled_items(formset: forms.BaseFormSet) -> list[dict[str, Any]]:
    """The rows with something written in them; the empty rows of the form are left out."""
    rows = []
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None) or {}
        if (data.get("label") or "").strip():
            rows.append(
                {
                    key: data.get(key)
                    for key in ("label", "kind", "unit", "minimum", "maximum", "required")
                }
            )
    return rows


OUTCOMES = [("ok", _("OK")), ("not_ok", _("Not OK"))]


class VisitRecordForm(forms.Form):
    """One field per item of the visit's checklist (item_<id>, with note_<id>), who did the visit,
    and the customer's signature."""

    technicians = forms.ModelMultipleChoiceField(
        label=_("Technicians who did the visit"),
        queryset=Technician.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    notes = _notes(_("Notes"))
    signer_name = forms.CharField(label=_("Name of the person signing"), max_length=60)
    # The PNG drawn on the pad, as a data URL; an empty pad is refused by the service.
    signature = forms.CharField(required=False, widget=forms.HiddenInput())

    def __init__(self, *args: Any, visit: Visit, technicians: QuerySet, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.visit = visit
        self.fields["technicians"].queryset = technicians
        self.fields["technicians"].help_text = _("At least %(n)d.") % {
            "n": visit.schedule.min_people
        }
        self.items = list(visit.schedule.checklist.items.all())
        for item in self.items:
            name = f"item_{item.pk}"
            if item.is_reading:
                label = f"{item.label} ({item.unit})" if item.unit else item.label
                self.fields[name] = forms.DecimalField(
                    label=label,
                    max_digits=12,
                    decimal_places=3,
                    required=False,
                    help_text=(_("Allowed: %(range)s") % {"range": item.range_text})
                    if item.range_text
                    else "",
                    widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
                )
            else:
                self.fields[name] = forms.ChoiceField(
                    label=item.label,
                    choices=OUTCOMES,
                    required=False,
                    widget=forms.RadioSelect,
                )
            self.fields[name].item = item
            self.fields[f"note_{item.pk}"] = forms.CharField(
                label=_("Note"),
                max_length=200,
                required=False,
                widget=forms.TextInput(attrs={"placeholder": _("Note (optional)")}),
            )

    def item_rows(self) -> list[tuple[ChecklistItem, forms.BoundField, forms.BoundField]]:
        return [(item, self[f"item_{item.pk}"], self[f"note_{item.pk}"]) for item in self.items]

    def readings(self) -> dict[int, dict[str, Any]]:
        """What the service takes: per item, its value or OK flag and the note."""
        data = self.cleaned_data
        entries: dict[int, dict[str, Any]] = {}
        for item in self.items:
            value = data.get(f"item_{item.pk}")
            entry: dict[str, Any] = {"note": data.get(f"note_{item.pk}") or ""}
            if item.is_reading:
                entry["value"] = value
            else:
                entry["ok"] = value or None
            entries[item.pk] = entry
        return entries

    def clean_signature(self) -> str:
        value = self.cleaned_data.get("signature") or ""
        if value and not value.startswith("data:image/"):
            raise ValidationError(_("The signature could not be read."))
        return value
