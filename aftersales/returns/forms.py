"""Forms of the return screens: they only parse; the services decide what is allowed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from aftersales.accounts.models import Branch, User
from aftersales.customers.models import ProductModel

from .models import Resolution, ReturnRequest


class ReturnFilterForm(forms.Form):
    q = forms.CharField(label=_("Number, customer or serial"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All statuses")), *ReturnRequest.Status.choices],
        required=False,
    )
    kind = forms.ChoiceField(
        label=_("Request"),
        choices=[("", _("Returns and exchanges")), *ReturnRequest.Kind.choices],
        required=False,
    )
    branch = forms.ModelChoiceField(
        label=_("Branch"),
        queryset=Branch.objects.all(),
        required=False,
        empty_label=_("All branches"),
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not user.sees_all_branches:
            del self.fields["branch"]


class ReturnRequestForm(forms.Form):
    """The unit comes from its service file or a work order (hidden); else by serial number."""

    unit = forms.IntegerField(widget=forms.HiddenInput, required=False)
    work_order = forms.IntegerField(widget=forms.HiddenInput, required=False)
    serial = forms.CharField(label=_("Serial number"), max_length=60, required=False)
    kind = forms.ChoiceField(
        label=_("The customer asks for"),
        choices=ReturnRequest.Kind.choices,
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The fault, when it appeared, and what the customer said."),
    )

    def __init__(self, *args, unit_known: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if unit_known:
            del self.fields["serial"]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Decision note"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Required when rejecting."),
    )


class ResolutionForm(forms.Form):
    kind = forms.ChoiceField(label=_("What was done"), choices=Resolution.Kind.choices)
    amount = forms.DecimalField(
        label=_("Amount (yuan)"),
        max_digits=12,
        decimal_places=2,
        min_value=0,
        initial=0,
        help_text=_(
            "Credited, paid or refunded to the customer; for rework or an exchange, its cost."
        ),
    )
    replacement_serial = forms.CharField(
        label=_("Serial number of the new unit"),
        max_length=60,
        required=False,
        help_text=_("Exchange only: the new unit goes into the customer's file."),
    )
    replacement_model = forms.ModelChoiceField(
        label=_("Model of the new unit"),
        queryset=ProductModel.objects.filter(is_active=True),
        required=False,
        empty_label=_("The same model"),
    )
    note = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("For rework, what is to be done: it becomes the new job's description."),
    )

    def __init__(self, *args, request: ReturnRequest | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if request is not None:
            unfit = {
                ReturnRequest.Kind.RETURN: Resolution.Kind.EXCHANGE,
                ReturnRequest.Kind.EXCHANGE: Resolution.Kind.REFUND,
            }[request.kind]
            self.fields["kind"].choices = [
                choice for choice in Resolution.Kind.choices if choice[0] != unfit
            ]
            if request.kind == ReturnRequest.Kind.RETURN:
                del self.fields["replacement_serial"], self.fields["replacement_model"]
            else:
                self.fields["replacement_model"].queryset = ProductModel.objects.filter(
                    category_id=request.unit.model.category_id
                )


class CompleteForm(forms.Form):
    pass
