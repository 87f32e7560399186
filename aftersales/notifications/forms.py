"""Forms of the message pages: they only parse; the services decide what is allowed."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import Message


class ReadForm(forms.Form):
    message = forms.IntegerField(min_value=1)
    # "Open": mark it read and go to the page it points at.
    open = forms.BooleanField(required=False)


class LogFilterForm(forms.Form):
    q = forms.CharField(label=_("Recipient, subject or record"), required=False)
    channel = forms.ChoiceField(
        label=pgettext_lazy("message", "Channel"),
        choices=[("", _("All channels")), *Message.Channel.choices],
        required=False,
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All statuses")), *Message.Status.choices],
        required=False,
    )
