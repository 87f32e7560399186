"""Forms of the follow-up screens: they only parse; the services decide what is allowed."""

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from aftersales.accounts.models import User

from .models import Channel, FollowUp, Letter, PhoneLog, Satisfied


class DateInput(forms.DateInput):
    input_type = "date"


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


def _text(label, *, required: bool = True, rows: int = 3, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class WorklistFilterForm(forms.Form):
    q = forms.CharField(label=_("Customer, phone or work order"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All kinds")), *FollowUp.Kind.choices], required=False
    )
    mine = forms.BooleanField(label=_("Mine and unassigned"), required=False)


class CallForm(forms.Form):
    """One attempt at a follow-up, as the call record asks (跟踪服务电话记录表)."""

    reached = forms.TypedChoiceField(
        label=_("Customer reached"),
        choices=[("yes", _("Reached")), ("no", _("Not reached"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    channel = forms.ChoiceField(label=_("How"), choices=Channel.choices, initial=Channel.PHONE)
    customer_said = _text(
        _("What the customer said"),
        required=False,
        rows=4,
        help_text=_("How the product works now, his views on our service, what he asks for."),
    )
    satisfied = forms.ChoiceField(
        label=_("Customer satisfied"),
        choices=Satisfied.choices,
        initial=Satisfied.UNKNOWN,
        widget=forms.RadioSelect,
    )
    notes = _text(_("Notes"), required=False, rows=2)
    question = _text(
        _("A question you could not answer"),
        required=False,
        rows=2,
        help_text=_("It goes to the supervisor, to be answered within 2 days."),
    )
    at = forms.DateTimeField(
        label=_("Time of the call"),
        required=False,
        widget=DateTimeLocalInput(),
        help_text=_("Leave empty for now."),
    )


class QuestionForm(forms.Form):
    question = _text(_("Question"), rows=3)


class AnswerForm(forms.Form):
    answer = _text(_("Answer"), rows=4)


class AssignForm(forms.Form):
    assigned_to = forms.ModelChoiceField(
        label=pgettext_lazy("follow-up", "Assigned to"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Anyone of the branch"),
    )

    def __init__(self, *args, staff: QuerySet[User], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = staff


class PhoneLogFilterForm(forms.Form):
    q = forms.CharField(label=_("Customer, phone or subject"), required=False)
    direction = forms.ChoiceField(
        label=_("Direction"),
        choices=[("", _("In and out")), *PhoneLog.Direction.choices],
        required=False,
    )
    day = forms.DateField(label=_("Day"), required=False, widget=DateInput())


class PhoneLogForm(forms.Form):
    direction = forms.ChoiceField(
        label=_("Direction"), choices=PhoneLog.Direction.choices, widget=forms.RadioSelect
    )
    phone = forms.CharField(label=_("Phone"), max_length=40)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    result = _text(_("Result of the call"), required=False, rows=3)
    at = forms.DateTimeField(
        label=_("Time"),
        required=False,
        widget=DateTimeLocalInput(),
        help_text=_("Leave empty for now."),
    )


class LetterFilterForm(forms.Form):
    q = forms.CharField(label=_("Customer, number or subject"), required=False)
    direction = forms.ChoiceField(
        label=_("Direction"),
        choices=[("", _("Sent and received")), *Letter.Direction.choices],
        required=False,
    )
    awaiting = forms.BooleanField(label=_("Awaiting a reply"), required=False)


class LetterForm(forms.Form):
    direction = forms.ChoiceField(
        label=_("Direction"), choices=Letter.Direction.choices, widget=forms.RadioSelect
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=Letter.Kind.choices, initial=Letter.Kind.NOTICE
    )
    customer_phone = forms.CharField(
        label=_("Customer's phone"),
        max_length=40,
        help_text=_("The phone in the customer's file."),
    )
    subject = forms.CharField(label=_("Subject"), max_length=200)
    reference = forms.CharField(label=_("Letter reference"), max_length=60, required=False)
    date = forms.DateField(label=_("Date"), widget=DateInput())
    reply_due = forms.DateField(
        label=_("Reply due"),
        required=False,
        widget=DateInput(),
        help_text=_("When the letter asks for an answer."),
    )


class RepliedForm(forms.Form):
    replied_on = forms.DateField(label=_("Replied on"), widget=DateInput())
