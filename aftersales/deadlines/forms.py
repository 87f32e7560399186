from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Hold


class HoldForm(forms.Form):
    reason = forms.ChoiceField(label=_("Waiting for"), choices=Hold.Reason.choices)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}))
