from django import forms
from django.utils.translation import gettext_lazy as _

from aftersales.customers.models import ProductCategory


class CertifyForm(forms.Form):
    categories = forms.ModelMultipleChoiceField(
        label=_("Certified for"),
        queryset=ProductCategory.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("A technician is sent only for the categories he is certified for."),
    )
