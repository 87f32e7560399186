from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

# Translators: Django ends every form label with this suffix, and its own Chinese catalogs keep
# the ASCII colon; naming it here brings it into our catalogs, where Chinese has "：".
gettext_noop(":")


class CoreConfig(AppConfig):
    name = "aftersales.core"
    verbose_name = _("Core")
