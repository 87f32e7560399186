"""Spare parts and their stock (备件, 002 第3章, 004 篇8).

Stock moves only through documents (`StockDocument`), written by the services: a part is issued
only against a work order (见单发料), the old part comes back for the new one (以坏换新) into
defective stock, and a lost or damaged part is charged to the person.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from aftersales.accounts.models import Branch
from aftersales.customers.models import ProductCategory
from aftersales.dispatch.models import Technician


class Condition(models.TextChoices):
    """Good and defective stock are kept apart: a used part is never good stock again."""

    GOOD = "good", _("Good")
    DEFECTIVE = "defective", _("Defective")


class Part(models.Model):
    code = models.CharField(_("part code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    categories = models.ManyToManyField(
        ProductCategory, verbose_name=_("fits categories"), blank=True, related_name="parts"
    )
    unit_cost = models.DecimalField(_("unit cost"), max_digits=12, decimal_places=2, default=0)
    sale_price = models.DecimalField(_("sale price"), max_digits=12, decimal_places=2, default=0)
    is_serialised = models.BooleanField(_("serialised"), default=False)
    repair_warranty_days = models.PositiveSmallIntegerField(
        _("repair warranty days"),
        default=90,
        help_text=_("How long a repair with this part is guaranteed."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=Q(unit_cost__gte=0), name="part_cost_not_negative"),
            models.CheckConstraint(condition=Q(sale_price__gte=0), name="part_price_not_negative"),
        ]
        verbose_name = _("spare part")
        verbose_name_plural = _("spare parts")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Warehouse(models.Model):
    class Kind(models.TextChoices):
        CENTRAL = "central", _("Central warehouse")
        BRANCH = "branch", _("Branch warehouse")
        VAN = "van", _("Van stock")

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    branch = models.ForeignKey(
        Branch, verbose_name=_("branch"), on_delete=models.PROTECT, related_name="warehouses"
    )
    technician = models.OneToOneField(
        Technician,
        verbose_name=_("technician"),
        on_delete=models.PROTECT,
        related_name="van",
        null=True,
        blank=True,
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["branch", "kind", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind"], condition=Q(kind="central"), name="one_central_warehouse"
            ),
            models.CheckConstraint(
                condition=(Q(kind="van") & Q(technician__isnull=False))
                | (~Q(kind="van") & Q(technician__isnull=True)),
                name="van_has_technician",
            ),
        ]
        verbose_name = _("warehouse")
        verbose_name_plural = _("warehouses")

    def __str__(self) -> str:
        return self.name


class StockLevel(models.Model):
    """How many of a part a warehouse holds in one condition; changed only by the services."""

    warehouse = models.ForeignKey(
        Warehouse, verbose_name=_("warehouse"), on_delete=models.PROTECT, related_name="levels"
    )
    part = models.ForeignKey(
        Part, verbose_name=_("part"), on_delete=models.PROTECT, related_name="levels"
    )
    condition = models.CharField(
        _("stock condition"), max_length=10, choices=Condition.choices, default=Condition.GOOD
    )
    quantity = models.IntegerField(_("quantity"), default=0)

    class Meta:
        ordering = ["warehouse", "part__code", "condition"]
        constraints = [
            models.UniqueConstraint(
                fields=["warehouse", "part", "condition"], name="one_stock_level_per_condition"
            ),
            # The last line of defence: stock never goes negative, whatever the code does.
            models.CheckConstraint(condition=Q(quantity__gte=0), name="stock_not_negative"),
        ]
        verbose_name = _("stock level")
        verbose_name_plural = _("stock levels")

    def __str__(self) -> str:
        return f"{self.warehouse} · {self.part} · {self.get_condition_display()}"


class ReorderPoint(models.Model):
    """When good stock of a part in a warehouse falls to `minimum`, order `reorder_quantity`."""

    warehouse = models.ForeignKey(
        Warehouse, verbose_name=_("warehouse"), on_delete=models.CASCADE, related_name="+"
    )
    part = models.ForeignKey(
        Part, verbose_name=_("part"), on_delete=models.CASCADE, related_name="+"
    )
    minimum = models.PositiveIntegerField(_("reorder point"))
    reorder_quantity = models.PositiveIntegerField(_("reorder quantity"))

    class Meta:
        ordering = ["warehouse", "part__code"]
        constraints = [
            models.UniqueConstraint(fields=["warehouse", "part"], name="one_reorder_point")
        ]
        verbose_name = _("reorder point")
        verbose_name_plural = _("reorder points")

    def __str__(self) -> str:
        return f"{self.warehouse} · {self.part}"


class StockDocument(models.Model):
    class Kind(models.TextChoices):
        RECEIPT = "receipt", _("Receipt")
        TRANSFER = "transfer", pgettext_lazy("stock", "Transfer")
        ISSUE = "issue", _("Issue to work order")
        OLD_PART_RETURN = "old_part_return", _("Old part returned (old for new)")
        SCRAP = "scrap", _("Scrap")
        CHARGE = "charge", _("Charge to person")
        # Defective stock only: the old parts the manufacturer takes back (返厂).
        MANUFACTURER_RETURN = "manufacturer_return", _("Sent back to manufacturer")

    number = models.CharField(_("number"), max_length=20, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    branch = models.ForeignKey(
        Branch, verbose_name=_("branch"), on_delete=models.PROTECT, related_name="+"
    )
    from_warehouse = models.ForeignKey(
        Warehouse,
        verbose_name=_("from warehouse"),
        on_delete=models.PROTECT,
        related_name="documents_out",
        null=True,
        blank=True,
    )
    to_warehouse = models.ForeignKey(
        Warehouse,
        verbose_name=_("to warehouse"),
        on_delete=models.PROTECT,
        related_name="documents_in",
        null=True,
        blank=True,
    )
    work_order = models.ForeignKey(
        "workorders.WorkOrder",
        verbose_name=_("work order"),
        on_delete=models.PROTECT,
        related_name="stock_documents",
        null=True,
        blank=True,
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("charged to"),
        on_delete=models.PROTECT,
        related_name="stock_charges",
        null=True,
        blank=True,
    )
    amount = models.DecimalField(
        _("amount charged"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    supplier = models.CharField(_("supplier"), max_length=100, blank=True)
    manufacturer = models.CharField(_("manufacturer"), max_length=100, blank=True)
    reference = models.CharField(
        _("reference"),
        max_length=60,
        blank=True,
        help_text=_("The manufacturer's return authorisation or claim number."),
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("time"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["branch", "-at"]),
            models.Index(fields=["work_order", "kind"]),
        ]
        verbose_name = _("stock document")
        verbose_name_plural = _("stock documents")

    def __str__(self) -> str:
        return self.number


class StockDocumentLine(models.Model):
    document = models.ForeignKey(StockDocument, on_delete=models.CASCADE, related_name="lines")
    part = models.ForeignKey(
        Part, verbose_name=_("part"), on_delete=models.PROTECT, related_name="document_lines"
    )
    quantity = models.PositiveIntegerField(_("quantity"))
    condition = models.CharField(
        _("stock condition"), max_length=10, choices=Condition.choices, default=Condition.GOOD
    )
    serial_number = models.CharField(_("serial number"), max_length=60, blank=True)
    unit_cost = models.DecimalField(_("unit cost"), max_digits=12, decimal_places=2)
    # A copy of "the document is an issue to a work order", so that the database itself refuses
    # to fit the same serialised part twice, even to two technicians at the same instant.
    is_issue = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["document", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="line_quantity_positive"),
            models.UniqueConstraint(
                fields=["part", "serial_number"],
                condition=Q(is_issue=True) & ~Q(serial_number=""),
                name="serial_issued_once",
            ),
        ]
        verbose_name = _("document line")
        verbose_name_plural = _("document lines")

    def __str__(self) -> str:
        return f"{self.part} × {self.quantity}"


class PurchaseRequest(models.Model):
    """A purchase of parts for a warehouse, approved only after enough supplier quotes have been
    compared (three by default: settings.AFTERSALES["PURCHASE_QUOTES_REQUIRED"])."""

    class Status(models.TextChoices):
        OPEN = "open", _("Collecting quotes")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    number = models.CharField(_("number"), max_length=20, unique=True)
    warehouse = models.ForeignKey(
        Warehouse, verbose_name=_("warehouse"), on_delete=models.PROTECT, related_name="+"
    )
    part = models.ForeignKey(
        Part, verbose_name=_("part"), on_delete=models.PROTECT, related_name="+"
    )
    quantity = models.PositiveIntegerField(_("quantity"))
    reason = models.TextField(_("reason"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested"))
    chosen_quote = models.ForeignKey(
        "SupplierQuote",
        verbose_name=_("chosen quote"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("purchase request")
        verbose_name_plural = _("purchase requests")

    def __str__(self) -> str:
        return self.number


class SupplierQuote(models.Model):
    request = models.ForeignKey(PurchaseRequest, on_delete=models.CASCADE, related_name="quotes")
    supplier = models.CharField(_("supplier"), max_length=100)
    unit_price = models.DecimalField(_("unit price"), max_digits=12, decimal_places=2)
    lead_days = models.PositiveSmallIntegerField(_("delivery days"), default=0)
    note = models.CharField(_("note"), max_length=200, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(_("time"))

    class Meta:
        ordering = ["unit_price", "id"]
        constraints = [
            models.UniqueConstraint(fields=["request", "supplier"], name="one_quote_per_supplier"),
            models.CheckConstraint(condition=Q(unit_price__gte=0), name="quote_price_not_negative"),
        ]
        verbose_name = _("supplier quote")
        verbose_name_plural = _("supplier quotes")

    def __str__(self) -> str:
        return f"{self.supplier} ¥{self.unit_price}"
