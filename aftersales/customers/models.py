from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

from aftersales.accounts.models import Branch
from aftersales.core.phones import display_phone


class Zone(models.TextChoices):
    """Service zones: they set arrival times (000 篇9 4.2.5) and city/suburb dispatch (004 (十九))."""

    RING1 = "ring1", _("Inside the 1st ring road")
    RING2 = "ring2", _("Inside the 2nd ring road")
    RING3 = "ring3", _("Inside the 3rd ring road")
    NEARBY = "nearby", _("Neighbouring cities and counties")
    REMOTE = "remote", _("Farther away")

    @classmethod
    def is_suburb(cls, zone: str) -> bool:
        return zone in {cls.NEARBY, cls.REMOTE}


class ProductCategory(models.Model):
    """Air conditioners, water heaters, …: technicians are certified per category."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("product category")
        verbose_name_plural = _("product categories")

    def __str__(self) -> str:
        return self.name


class FaultType(models.Model):
    """A named fault of a category; the same fault again on a unit is a repeat repair."""

    category = models.ForeignKey(
        ProductCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="faults"
    )
    code = models.CharField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["category", "code"]
        constraints = [
            models.UniqueConstraint(fields=["category", "code"], name="fault_code_per_category")
        ]
        verbose_name = _("fault type")
        verbose_name_plural = _("fault types")

    def __str__(self) -> str:
        return self.name


class ProductModel(models.Model):
    brand = models.CharField(_("brand"), max_length=60)
    code = models.CharField(_("model"), max_length=60)
    name = models.CharField(_("product name"), max_length=120)
    category = models.ForeignKey(
        ProductCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="models"
    )
    warranty_months = models.PositiveSmallIntegerField(_("warranty months"), default=12)
    manufacturer_hotline = models.CharField(_("manufacturer hotline"), max_length=20, blank=True)
    is_active = models.BooleanField(_("on sale"), default=True)

    class Meta:
        ordering = ["brand", "code"]
        constraints = [
            models.UniqueConstraint(fields=["brand", "code"], name="model_code_per_brand")
        ]
        verbose_name = _("product model")
        verbose_name_plural = _("product models")

    def __str__(self) -> str:
        return f"{self.brand} {self.code}"


class Customer(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", _("Person")
        ORGANISATION = "organisation", _("Organisation")

    class Tier(models.TextChoices):
        KEY = "key", _("Key customer")
        LONG_TERM = "long_term", _("Long-term customer")
        REGULAR = "regular", _("Regular customer")

    name = models.CharField(_("name"), max_length=100, db_index=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.PERSON)
    tier = models.CharField(_("tier"), max_length=20, choices=Tier.choices, default=Tier.REGULAR)
    phone = models.CharField(_("phone"), max_length=20, unique=True)
    alt_phone = models.CharField(_("other phone"), max_length=20, blank=True, db_index=True)
    address = models.CharField(_("address"), max_length=200)
    zone = models.CharField(_("zone"), max_length=10, choices=Zone.choices, default=Zone.RING2)
    branch = models.ForeignKey(
        Branch, verbose_name=_("branch"), on_delete=models.PROTECT, related_name="customers"
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["branch", "-id"])]
        verbose_name = _("customer")
        verbose_name_plural = _("customers")

    def __str__(self) -> str:
        return self.name

    @property
    def phone_display(self) -> str:
        return display_phone(self.phone)


class Contact(models.Model):
    """A person to talk to at an organisation customer."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=60)
    phone = models.CharField(_("phone"), max_length=20)
    position = models.CharField(_("position"), max_length=60, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return self.name

    @property
    def phone_display(self) -> str:
        return display_phone(self.phone)


class Outlet(models.Model):
    """A partner service outlet of the network (售后服务网点, 002 §3.4)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    place = models.CharField(_("place"), max_length=100)
    address = models.CharField(_("address"), max_length=200, blank=True)
    contact = models.CharField(_("contact"), max_length=60, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    branch = models.ForeignKey(
        Branch, verbose_name=_("branch"), on_delete=models.PROTECT, related_name="outlets"
    )
    categories = models.ManyToManyField(
        ProductCategory, verbose_name=_("categories served"), blank=True, related_name="outlets"
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["branch", "name"]
        verbose_name = _("service outlet")
        verbose_name_plural = _("service outlets")

    def __str__(self) -> str:
        return self.name

    @property
    def phone_display(self) -> str:
        return display_phone(self.phone)


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)


class Unit(models.Model):
    """A sold, serial-numbered product; its service file is every call and job on it."""

    model = models.ForeignKey(
        ProductModel, verbose_name=_("model"), on_delete=models.PROTECT, related_name="units"
    )
    serial = models.CharField(_("serial number"), max_length=60)
    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="units"
    )
    # Unknown until the customer shows the invoice (or a copy); until then work is paid (SPEC §5).
    purchase_date = models.DateField(_("purchase date"), null=True, blank=True)
    invoice_no = models.CharField(_("invoice no."), max_length=40, blank=True)
    install_date = models.DateField(_("installation date"), null=True, blank=True)
    sold_by = models.ForeignKey(
        Outlet,
        verbose_name=_("sold by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="units_sold",
    )
    address = models.CharField(_("installed at"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["model", "serial"], name="serial_unique_per_model")
        ]
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self) -> str:
        return f"{self.model} #{self.serial}"

    @property
    def warranty_end(self) -> date | None:
        """The last day of the manufacturer's warranty, counted from the purchase date; none
        while the purchase date is unknown."""
        if self.purchase_date is None:
            return None
        return add_months(self.purchase_date, self.model.warranty_months) - _ONE_DAY

    def in_warranty_on(self, day: date) -> bool:
        if self.purchase_date is None:
            return False
        return self.purchase_date <= day <= self.warranty_end


_ONE_DAY = date.resolution
