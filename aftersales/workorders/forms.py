"""Forms of the work-order screens: they only parse; the services decide what is allowed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from aftersales.accounts.models import Branch, User
from aftersales.accounts.policy import scope_by_branch
from aftersales.customers.models import Outlet
from aftersales.dispatch.models import Technician

from .models import Kind, Photo, Request, ServiceCategory, State


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


def _datetime(label: str, *, required: bool = True) -> forms.DateTimeField:
    return forms.DateTimeField(label=label, required=required, widget=DateTimeLocalInput())


def _text(label: str, *, required: bool = True, rows: int = 3) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, widget=forms.Textarea(attrs={"rows": rows})
    )


class WorkOrderFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(
            attrs={"placeholder": _("Number, customer, phone, serial, address"), "type": "search"}
        ),
    )
    state = forms.ChoiceField(label=_("State"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Kind.choices]
    )
    category = forms.ChoiceField(
        label=_("Category"),
        required=False,
        choices=[("", _("All categories")), *ServiceCategory.choices],
    )
    branch = forms.ModelChoiceField(
        label=_("Branch"),
        required=False,
        queryset=Branch.objects.none(),
        empty_label=_("All branches"),
    )
    technician = forms.ModelChoiceField(
        label=_("Technician"),
        required=False,
        queryset=Technician.objects.none(),
        empty_label=_("All technicians"),
    )
    repeat = forms.BooleanField(label=_("Repeat repairs only"), required=False)

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [
            ("", _("All states")),
            ("open", _("Open (not completed)")),
            *State.choices,
        ]
        if user.sees_all_branches:
            self.fields["branch"].queryset = Branch.objects.all()
        else:
            del self.fields["branch"]
        self.fields["technician"].queryset = scope_by_branch(
            Technician.objects.select_related("user"), user
        ).order_by("user__username")

    def filters(self) -> dict:
        """The keyword arguments of `selectors.filter_work_orders`; bad input filters nothing."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        branch = data.get("branch")
        technician = data.get("technician")
        return {
            "state": data["state"],
            "kind": data["kind"],
            "category": data["category"],
            "branch": branch.pk if branch else None,
            "technician": technician.pk if technician else None,
            "query": data["q"],
            "repeat_only": data["repeat"],
        }


class AssignForm(forms.Form):
    """A technician (from the ranked suggestions) or an outlet; the service checks both."""

    technician = forms.ModelChoiceField(
        label=_("Technician"), required=False, queryset=Technician.objects.filter(is_active=True)
    )
    outlet = forms.ModelChoiceField(
        label=_("or an outlet"), required=False, queryset=Outlet.objects.filter(is_active=True)
    )


class DispatchForm(AssignForm):
    pass


class ReassignForm(AssignForm):
    reason = _text(_("Reason for the transfer"), rows=2)


class ScheduleForm(forms.Form):
    start = _datetime(_("From"))
    end = _datetime(_("Until"))


class RebookForm(ScheduleForm):
    reason = _text(_("Why the appointment moves"), rows=2)
    missed = forms.BooleanField(label=_("We missed the appointment (apologise)"), required=False)


class HandBackForm(forms.Form):
    customer_wishes = _text(_("What the customer wants"))


class EmptyForm(forms.Form):
    pass


class SignatureFields(forms.Form):
    signer_name = forms.CharField(label=_("Name of the person signing"), max_length=60)
    # The PNG drawn on the pad, as a data URL; an empty pad is refused by the service.
    signature = forms.CharField(required=False, widget=forms.HiddenInput())


class CompleteForm(SignatureFields):
    service_report = _text(_("Service report"), rows=4)
    field_order = ["service_report", "signer_name", "signature"]


class CarryBackForm(forms.Form):
    items = _text(_("Items and accessories taken"))
    condition = _text(_("Condition"), required=False, rows=2)


class RecordRepairForm(forms.Form):
    work_done = _text(_("Work done"))
    hours = forms.DecimalField(label=_("Hours"), max_digits=5, decimal_places=2, min_value=0)
    parts_replaced = _text(_("Parts replaced"), required=False, rows=2)


class CheckForm(forms.Form):
    passed = forms.TypedChoiceField(
        label=_("Result"),
        choices=[("1", _("Passed")), ("0", _("Failed, send back for rework"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    note = _text(_("Note"), required=False, rows=2)


class ReturnUnitForm(SignatureFields):
    service_report = _text(_("Service report (defaults to the repair card)"), required=False)
    field_order = ["service_report", "signer_name", "signature"]


class CloseForm(forms.Form):
    note = _text(_("Note"), required=False, rows=2)


class CancelForm(forms.Form):
    reason = _text(_("Reason for cancelling"), rows=2)


class RequestForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Request"), choices=Request.Kind.choices, widget=forms.RadioSelect
    )
    reason = _text(_("Reason"), rows=2)
    until = _datetime(_("New promised time (extension)"), required=False)


class PhotoForm(forms.Form):
    kind = forms.ChoiceField(label=_("Photo of"), choices=Photo.Kind.choices)
    # A plain file field: the service checks that the bytes are a real image.
    image = forms.FileField(label=_("Photo"), widget=forms.FileInput(attrs={"accept": "image/*"}))


class DecideRequestForm(forms.Form):
    approve = forms.TypedChoiceField(
        choices=[("1", _("Approve")), ("0", _("Refuse"))], coerce=lambda value: value == "1"
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=500)
