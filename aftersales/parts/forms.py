"""Forms parse; the services decide. One document form, its fields chosen by the document's kind."""

from django import forms
from django.utils.translation import gettext_lazy as _

from aftersales.accounts.models import User
from aftersales.customers.models import ProductCategory

from . import selectors
from .models import Condition, Part, StockDocument, Warehouse

Kind = StockDocument.Kind

# Which warehouse fields each kind has, and whether its lines choose a condition or a serial.
FROM = {Kind.TRANSFER, Kind.ISSUE, Kind.SCRAP, Kind.CHARGE, Kind.MANUFACTURER_RETURN}
TO = {Kind.RECEIPT, Kind.TRANSFER, Kind.OLD_PART_RETURN}
WITH_ORDER = {Kind.ISSUE, Kind.OLD_PART_RETURN}
LINE_CONDITION = {Kind.TRANSFER, Kind.SCRAP, Kind.CHARGE}
LINE_SERIAL = {Kind.ISSUE, Kind.OLD_PART_RETURN, Kind.RECEIPT, Kind.MANUFACTURER_RETURN}


class DocumentForm(forms.Form):
    from_warehouse = forms.ModelChoiceField(
        label=_("From warehouse"), queryset=Warehouse.objects.none()
    )
    to_warehouse = forms.ModelChoiceField(
        label=_("To warehouse"), queryset=Warehouse.objects.none()
    )
    work_order = forms.CharField(
        label=_("Work order"),
        max_length=20,
        help_text=_("The number on the voucher, e.g. WO202611-00012."),
    )
    person = forms.ModelChoiceField(label=_("Charged to"), queryset=User.objects.none())
    amount = forms.DecimalField(
        label=_("Amount charged"),
        max_digits=12,
        decimal_places=2,
        min_value=0,
        required=False,
        help_text=_("Leave empty to charge the parts' cost."),
    )
    supplier = forms.CharField(label=_("Supplier"), max_length=100, required=False)
    manufacturer = forms.CharField(
        label=_("Manufacturer taking them back"),
        max_length=100,
        help_text=_("The brand taking the parts back."),
    )
    reference = forms.CharField(
        label=_("Reference"),
        max_length=60,
        help_text=_("The manufacturer's return authorisation or claim number."),
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, kind: str, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        usable = selectors.usable_warehouses(user)
        if kind in FROM:
            self.fields["from_warehouse"].queryset = usable
            only = list(usable[:2])
            if len(only) == 1:  # a technician's own van
                self.fields["from_warehouse"].initial = only[0].pk
        else:
            del self.fields["from_warehouse"]
        if kind in TO:
            # Stock may be sent to any branch's warehouse; it is received into one's own.
            self.fields["to_warehouse"].queryset = (
                Warehouse.objects.filter(is_active=True).select_related("branch")
                if kind == Kind.TRANSFER
                else usable
            )
        else:
            del self.fields["to_warehouse"]
        if kind not in WITH_ORDER:
            del self.fields["work_order"]
        if kind == Kind.CHARGE:
            people = User.objects.filter(is_active=True).order_by("username")
            if not user.sees_all_branches:
                people = people.filter(branch=user.branch)
            self.fields["person"].queryset = people
        else:
            del self.fields["person"]
            del self.fields["amount"]
        if kind != Kind.RECEIPT:
            del self.fields["supplier"]
        if kind != Kind.MANUFACTURER_RETURN:
            del self.fields["manufacturer"]
            del self.fields["reference"]
        if kind in {Kind.SCRAP, Kind.CHARGE}:
            self.fields["note"].required = True
            self.fields["note"].label = _("Reason")


class LineForm(forms.Form):
    part = forms.ModelChoiceField(
        label=_("Part"), queryset=Part.objects.filter(is_active=True), required=False
    )
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, required=False)
    condition = forms.ChoiceField(
        label=_("Stock condition"), choices=Condition.choices, required=False
    )
    serial_number = forms.CharField(
        label=_("Serial number"),
        max_length=600,
        required=False,
        help_text=_("A serialised part: one serial number per piece, separated by commas."),
    )

    def __init__(self, *args, kind: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if kind not in LINE_CONDITION:
            del self.fields["condition"]
        elif kind in {Kind.SCRAP}:
            self.fields["condition"].initial = Condition.DEFECTIVE
        if kind not in LINE_SERIAL:
            del self.fields["serial_number"]

    def clean(self):
        data = super().clean()
        if data.get("part") and not data.get("quantity"):
            self.add_error("quantity", _("Enter the quantity."))
        return data


LineFormSet = forms.formset_factory(LineForm, extra=4, max_num=30)


class StockFilterForm(forms.Form):
    part = forms.CharField(label=_("Part"), required=False)
    warehouse = forms.ModelChoiceField(
        label=_("Warehouse"), queryset=Warehouse.objects.none(), required=False
    )
    condition = forms.ChoiceField(
        label=_("Stock condition"), choices=[("", _("Any"))] + Condition.choices, required=False
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["warehouse"].queryset = selectors.visible_warehouses(user)
        self.fields["warehouse"].empty_label = _("All warehouses")


class DocumentFilterForm(StockFilterForm):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("Any"))] + Kind.choices, required=False
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["condition"]


class PartForm(forms.Form):
    code = forms.CharField(label=_("Part code"), max_length=40)
    name = forms.CharField(label=_("Name"), max_length=120)
    categories = forms.ModelMultipleChoiceField(
        label=_("Fits categories"), queryset=ProductCategory.objects.all(), required=False
    )
    unit_cost = forms.DecimalField(
        label=_("Unit cost"), max_digits=12, decimal_places=2, min_value=0
    )
    sale_price = forms.DecimalField(
        label=_("Sale price"), max_digits=12, decimal_places=2, min_value=0
    )
    is_serialised = forms.BooleanField(label=_("Serialised"), required=False)
    repair_warranty_days = forms.IntegerField(
        label=_("Repair warranty days"), min_value=0, initial=90
    )


class PartEditForm(PartForm):
    is_active = forms.BooleanField(
        label=_("Active"),
        required=False,
        help_text=_("An inactive part is no longer offered on new documents."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["code"]  # the code is printed on labels and documents: it stays


class WarehouseEditForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    is_active = forms.BooleanField(
        label=_("Active"),
        required=False,
        help_text=_("A closed warehouse takes part in no new document; it must be empty."),
    )


class CostReportForm(forms.Form):
    month = forms.DateField(
        label=_("Month"),
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )
    branch = forms.ModelChoiceField(label=_("Branch"), queryset=None, required=False)

    def __init__(self, *args, user: User, **kwargs) -> None:
        from aftersales.accounts.models import Branch

        super().__init__(*args, **kwargs)
        branches = Branch.objects.all()
        if not user.sees_all_branches:
            branches = branches.filter(pk=user.branch_id)
        self.fields["branch"].queryset = branches
        self.fields["branch"].empty_label = _("All branches")


class WarehouseForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=20)
    name = forms.CharField(label=_("Name"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=Warehouse.Kind.choices)
    branch = forms.ModelChoiceField(label=_("Branch"), queryset=None)
    technician = forms.ModelChoiceField(label=_("Technician"), queryset=None, required=False)

    def __init__(self, *args, user: User, **kwargs) -> None:
        from aftersales.accounts.models import Branch
        from aftersales.dispatch.models import Technician

        super().__init__(*args, **kwargs)
        branches = Branch.objects.all()
        technicians = Technician.objects.filter(is_active=True, van__isnull=True).select_related(
            "user"
        )
        if not user.sees_all_branches:
            branches = branches.filter(pk=user.branch_id)
            technicians = technicians.filter(branch=user.branch)
        self.fields["branch"].queryset = branches
        self.fields["technician"].queryset = technicians


class ReorderPointForm(forms.Form):
    warehouse = forms.ModelChoiceField(label=_("Warehouse"), queryset=Warehouse.objects.none())
    part = forms.ModelChoiceField(label=_("Part"), queryset=Part.objects.filter(is_active=True))
    minimum = forms.IntegerField(label=_("Reorder point"), min_value=0)
    reorder_quantity = forms.IntegerField(label=_("Reorder quantity"), min_value=1)

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["warehouse"].queryset = selectors.usable_warehouses(user)


class PurchaseRequestForm(forms.Form):
    warehouse = forms.ModelChoiceField(label=_("Warehouse"), queryset=Warehouse.objects.none())
    part = forms.ModelChoiceField(label=_("Part"), queryset=Part.objects.filter(is_active=True))
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1)
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["warehouse"].queryset = selectors.usable_warehouses(user)


class QuoteForm(forms.Form):
    supplier = forms.CharField(label=_("Supplier"), max_length=100)
    unit_price = forms.DecimalField(
        label=_("Unit price"), max_digits=12, decimal_places=2, min_value=0
    )
    lead_days = forms.IntegerField(label=_("Delivery days"), min_value=0, initial=3)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class DecideForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Approve")), ("0", _("Reject"))],
        coerce=lambda value: value == "1",
    )
    quote = forms.ModelChoiceField(
        label=_("Chosen quote"), queryset=None, required=False, empty_label=_("The cheapest")
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args, request_obj, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["quote"].queryset = request_obj.quotes.all()
