from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from aftersales.accounts.models import Branch
from aftersales.core.phones import display_phone
from aftersales.customers.models import ProductCategory, Zone


class Technician(models.Model):
    """A field technician; he is sent only for the categories he is certified for (培训合格方可上岗)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="technician"
    )
    branch = models.ForeignKey(
        Branch, verbose_name=_("branch"), on_delete=models.PROTECT, related_name="technicians"
    )
    zone = models.CharField(_("zone"), max_length=10, choices=Zone.choices, default=Zone.RING2)
    phone = models.CharField(_("phone"), max_length=20)
    certifications = models.ManyToManyField(
        ProductCategory, verbose_name=_("certified for"), blank=True, related_name="technicians"
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["branch", "user__username"]
        verbose_name = _("technician")
        verbose_name_plural = _("technicians")

    def __str__(self) -> str:
        return str(self.user)

    @property
    def phone_display(self) -> str:
        return display_phone(self.phone)
