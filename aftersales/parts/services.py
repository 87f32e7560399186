"""The only way stock moves: one document per movement, in one transaction, audited.

Stock is taken with a conditional UPDATE (`quantity = quantity - n WHERE quantity >= n`): of two
people taking the last unit at the same instant the database lets one through, and the other is
told how many there are (002 第3章: 见单发料, 以坏换新; a used part never returns to good stock).
"""

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Q, Sum
from django.utils.translation import gettext as _

from aftersales.accounts.models import Branch, Role, User
from aftersales.accounts.policy import Cap, require
from aftersales.core import audit
from aftersales.core.exceptions import DomainError
from aftersales.core.numbering import monthly_number
from aftersales.core.validation import required as _required
from aftersales.customers.models import ProductCategory
from aftersales.dispatch.models import Technician
from aftersales.workorders.models import OPEN_STATES, State, WorkOrder

from .models import (
    Condition,
    Part,
    PurchaseRequest,
    ReorderPoint,
    StockDocument,
    StockDocumentLine,
    StockLevel,
    SupplierQuote,
    Warehouse,
)
from .rules import may_use_warehouse, quotes_required

Kind = StockDocument.Kind


@dataclass(frozen=True)
class LineIn:
    """One line of a document as asked for; `condition` None means the kind's usual one."""

    part: Part
    quantity: int
    condition: str | None = None
    serial_number: str = ""
    unit_cost: Decimal | None = None


# Parts ---------------------------------------------------------------------------------------


def _money(value: Any, field: str) -> Decimal:
    try:
        amount = Decimal(str(value if value is not None else 0))
    except ArithmeticError as exc:
        raise DomainError(_("Enter a number."), field=field) from exc
    if not amount.is_finite() or amount < 0:
        raise DomainError(_("An amount cannot be negative."), field=field)
    return amount.quantize(Decimal("0.01"))


PART_EDITABLE = {
    "name",
    "categories",
    "unit_cost",
    "sale_price",
    "is_serialised",
    "repair_warranty_days",
    "is_active",
}


@transaction.atomic
def part_create(
    *,
    by: User,
    code: str,
    name: str,
    categories: list[ProductCategory] | None = None,
    unit_cost: Decimal = Decimal("0"),
    sale_price: Decimal = Decimal("0"),
    is_serialised: bool = False,
    repair_warranty_days: int = 90,
) -> Part:
    require(by, Cap.MANAGE_STOCK)
    code = _required(code, "code", _("Part code")).upper()
    if Part.objects.filter(code=code).exists():
        raise DomainError(
            _("A part with code %(code)s already exists.") % {"code": code}, field="code"
        )
    if repair_warranty_days is None or repair_warranty_days < 0:
        raise DomainError(_("Enter a whole number of days."), field="repair_warranty_days")
    part = Part.objects.create(
        code=code,
        name=_required(name, "name", _("Name")),
        unit_cost=_money(unit_cost, "unit_cost"),
        sale_price=_money(sale_price, "sale_price"),
        is_serialised=bool(is_serialised),
        repair_warranty_days=repair_warranty_days,
    )
    part.categories.set(categories or [])
    audit.record(
        part,
        by=by,
        action="part_create",
        before={},
        note=", ".join(str(category) for category in categories or []),
    )
    return part


@transaction.atomic
def part_update(*, by: User, part: Part, **values: Any) -> Part:
    require(by, Cap.MANAGE_STOCK)
    unknown = set(values) - PART_EDITABLE
    if unknown:
        raise DomainError(_("These fields cannot be changed: %s") % ", ".join(sorted(unknown)))
    part = Part.objects.select_for_update().get(pk=part.pk)
    before = audit.snapshot(part)
    categories = values.pop("categories", None)
    for field, value in values.items():
        if field in {"unit_cost", "sale_price"}:
            value = _money(value, field)
        elif field == "name":
            value = _required(value, field, _("Name"))
        setattr(part, field, value)
    part.save()
    note = ""
    if categories is not None:
        part.categories.set(categories)
        note = ", ".join(str(category) for category in categories)
    audit.record(part, by=by, action="part_update", before=before, note=note)
    return part


# Warehouses ----------------------------------------------------------------------------------


@transaction.atomic
def warehouse_create(
    *,
    by: User,
    code: str,
    name: str,
    kind: str,
    branch: Branch,
    technician: Technician | None = None,
) -> Warehouse:
    """One central warehouse, at head office; a van belongs to one technician of its branch."""
    require(by, Cap.MANAGE_STOCK)
    if kind not in Warehouse.Kind.values:
        raise DomainError(_("Unknown warehouse kind."), field="kind")
    if not by.sees_all_branches and branch.pk != by.branch_id:
        raise DomainError(_("You may open warehouses only in your own branch."), field="branch")
    if kind == Warehouse.Kind.CENTRAL:
        if not branch.is_head_office:
            raise DomainError(_("The central warehouse is at head office."), field="branch")
        if Warehouse.objects.filter(kind=Warehouse.Kind.CENTRAL).exists():
            raise DomainError(_("There is already a central warehouse."), field="kind")
    if kind == Warehouse.Kind.VAN:
        if technician is None:
            raise DomainError(_("A van's stock belongs to a technician."), field="technician")
        if technician.branch_id != branch.pk:
            raise DomainError(_("The technician works in another branch."), field="technician")
        if Warehouse.objects.filter(technician=technician).exists():
            raise DomainError(_("This technician already has a van."), field="technician")
    else:
        technician = None
    code = _required(code, "code", _("Code")).upper()
    if Warehouse.objects.filter(code=code).exists():
        raise DomainError(_("This code is already used."), field="code")
    name = _required(name, "name", _("Name"))
    if Warehouse.objects.filter(name=name).exists():
        raise DomainError(_("This name is already used."), field="name")
    warehouse = Warehouse.objects.create(
        code=code, name=name, kind=kind, branch=branch, technician=technician
    )
    audit.record(warehouse, by=by, action="warehouse_create", before={})
    return warehouse


@transaction.atomic
def warehouse_update(
    *, by: User, warehouse: Warehouse, name: str | None = None, is_active: bool | None = None
) -> Warehouse:
    """Rename or close a warehouse of one's own branch. A warehouse still holding stock is not
    closed: its stock is transferred, sent back or scrapped first, so that none is forgotten."""
    require(by, Cap.MANAGE_STOCK)
    if not by.sees_all_branches and warehouse.branch_id != by.branch_id:
        raise DomainError(
            _("Warehouse %(warehouse)s belongs to another branch.") % {"warehouse": warehouse}
        )
    warehouse = Warehouse.objects.select_for_update().get(pk=warehouse.pk)
    before = audit.snapshot(warehouse)
    if name is not None:
        name = _required(name, "name", _("Name"))
        if Warehouse.objects.filter(name=name).exclude(pk=warehouse.pk).exists():
            raise DomainError(_("This name is already used."), field="name")
        warehouse.name = name
    if is_active is not None:
        if not is_active and warehouse.is_active:
            held = (
                StockLevel.objects.filter(warehouse=warehouse, quantity__gt=0).aggregate(
                    n=Sum("quantity")
                )["n"]
                or 0
            )
            if held:
                raise DomainError(
                    _(
                        "Warehouse %(warehouse)s still holds %(count)d parts: move them out "
                        "before closing it."
                    )
                    % {"warehouse": warehouse, "count": held},
                    field="is_active",
                )
        warehouse.is_active = bool(is_active)
    warehouse.save()
    audit.record(warehouse, by=by, action="warehouse_update", before=before)
    return warehouse


@transaction.atomic
def reorder_point_set(
    *, by: User, warehouse: Warehouse, part: Part, minimum: int, reorder_quantity: int
) -> ReorderPoint:
    require(by, Cap.MANAGE_STOCK)
    _may_use(by, warehouse, "warehouse")
    if minimum is None or minimum < 0:
        raise DomainError(_("Enter a whole number, 0 or more."), field="minimum")
    if reorder_quantity is None or reorder_quantity < 1:
        raise DomainError(_("Order at least one."), field="reorder_quantity")
    point = ReorderPoint.objects.select_for_update().filter(warehouse=warehouse, part=part).first()
    before = audit.snapshot(point) if point else {}
    if point is None:
        point = ReorderPoint(warehouse=warehouse, part=part)
    point.minimum = minimum
    point.reorder_quantity = reorder_quantity
    point.save()
    audit.record(point, by=by, action="reorder_point_set", before=before)
    return point


# Moving stock --------------------------------------------------------------------------------


def _may_use(by: User, warehouse: Warehouse | None, field: str) -> Warehouse:
    if warehouse is None:
        raise DomainError(_("Choose the warehouse."), field=field)
    if not warehouse.is_active:
        raise DomainError(
            _("Warehouse %(warehouse)s is closed.") % {"warehouse": warehouse}, field=field
        )
    if not may_use_warehouse(by, warehouse):
        if warehouse.kind == Warehouse.Kind.VAN or by.role == Role.TECHNICIAN:
            message = _("A technician takes parts only from his own van, for his own job.")
        else:
            message = _("Warehouse %(warehouse)s belongs to another branch.") % {
                "warehouse": warehouse
            }
        raise DomainError(message, field=field)
    return warehouse


# Serial numbers of several pieces typed in one field: "SN1, SN2" or one per line.
SERIAL_MAX = StockDocumentLine._meta.get_field("serial_number").max_length
SERIAL_SEPARATORS = re.compile(r"[\s,，、;；]+")


def _serials(line: LineIn) -> list[LineIn]:
    """A serialised part issued to a job records the serial number of each new piece: one line
    per piece, each with its serial; several serials may be typed into one line."""
    serials = [s for s in SERIAL_SEPARATORS.split(line.serial_number or "") if s]
    if not serials:
        raise DomainError(
            _("%(part)s is serialised: enter the serial number of the new part.")
            % {"part": line.part},
            field="serial_number",
        )
    if len(serials) != line.quantity:
        raise DomainError(
            _(
                "%(part)s is serialised: enter one serial number per piece — %(quantity)d "
                "pieces, %(count)d serial numbers."
            )
            % {"part": line.part, "quantity": line.quantity, "count": len(serials)},
            field="serial_number",
        )
    return [
        LineIn(part=line.part, quantity=1, condition=line.condition, serial_number=serial)
        for serial in serials
    ]


def _serial_taken(part: Part, serial: str) -> DomainError:
    return DomainError(
        _("Serial number %(serial)s of %(part)s has already been issued to a job.")
        % {"serial": serial, "part": part},
        field="serial_number",
        code="serial_already_issued",
    )


def _unique_serials(lines: list[LineIn]) -> None:
    """The same serialised piece cannot be fitted twice: not twice on one document, not again
    after an earlier issue (the database's unique index holds the same rule under races)."""
    seen: set[tuple[int, str]] = set()
    for line in lines:
        key = (line.part.pk, line.serial_number)
        if key in seen:
            raise _serial_taken(line.part, line.serial_number)
        seen.add(key)
    if not seen:
        return
    query = Q()
    for part_id, serial in seen:
        query |= Q(part_id=part_id, serial_number=serial)
    taken = StockDocumentLine.objects.filter(query, is_issue=True).select_related("part").first()
    if taken is not None:
        raise _serial_taken(taken.part, taken.serial_number)


def _clean_lines(
    lines: list[LineIn], *, default: str, allowed: set[str], serial_required: bool = False
) -> list[LineIn]:
    if not lines:
        raise DomainError(_("Add at least one part."), field="lines")
    cleaned = []
    for line in lines:
        if line.part is None:
            raise DomainError(_("Choose the part."), field="part")
        if not isinstance(line.quantity, int) or line.quantity < 1:
            raise DomainError(
                _("The quantity must be a whole number, 1 or more."), field="quantity"
            )
        condition = line.condition or default
        if condition not in Condition.values:
            raise DomainError(_("Unknown condition."), field="condition")
        if condition not in allowed:
            raise DomainError(
                _("This document cannot move %(condition)s stock.")
                % {"condition": Condition(condition).label},
                field="condition",
            )
        cost = _money(
            line.unit_cost if line.unit_cost is not None else line.part.unit_cost, "unit_cost"
        )
        pieces = (
            _serials(line)
            if line.part.is_serialised and serial_required
            else [LineIn(part=line.part, quantity=line.quantity, serial_number=line.serial_number)]
        )
        cleaned += [
            LineIn(
                part=piece.part,
                quantity=piece.quantity,
                condition=condition,
                serial_number=(piece.serial_number or "").strip(),
                unit_cost=cost,
            )
            for piece in pieces
        ]
    for line in cleaned:
        if len(line.serial_number) > SERIAL_MAX:
            raise DomainError(
                _("A serial number has at most %(max)d characters.") % {"max": SERIAL_MAX},
                field="serial_number",
            )
    if serial_required:
        _unique_serials([line for line in cleaned if line.part.is_serialised])
    return cleaned


def _take(
    warehouse: Warehouse, part: Part, condition: str, quantity: int
) -> tuple[StockLevel, int]:
    """Take `quantity` from stock, or say how many there are; returns the level and the old
    quantity. The WHERE makes two concurrent takes of the last unit succeed only once."""
    taken = StockLevel.objects.filter(
        warehouse=warehouse, part=part, condition=condition, quantity__gte=quantity
    ).update(quantity=F("quantity") - quantity)
    if not taken:
        level = StockLevel.objects.filter(warehouse=warehouse, part=part, condition=condition)
        available = level.values_list("quantity", flat=True).first() or 0
        raise DomainError(
            _(
                "Warehouse %(warehouse)s has only %(available)d of %(part)s (%(condition)s) in "
                "stock; %(wanted)d were asked for. Nothing was moved."
            )
            % {
                "warehouse": warehouse,
                "available": available,
                "part": part,
                "condition": Condition(condition).label,
                "wanted": quantity,
            },
            field="quantity",
            code="out_of_stock",
        )
    level = StockLevel.objects.get(warehouse=warehouse, part=part, condition=condition)
    return level, level.quantity + quantity


def _put(warehouse: Warehouse, part: Part, condition: str, quantity: int) -> tuple[StockLevel, int]:
    lookup = {"warehouse": warehouse, "part": part, "condition": condition}
    if not StockLevel.objects.filter(**lookup).update(quantity=F("quantity") + quantity):
        try:
            with transaction.atomic():
                StockLevel.objects.create(**lookup, quantity=quantity)
        except IntegrityError:  # created at the same instant by another document
            StockLevel.objects.filter(**lookup).update(quantity=F("quantity") + quantity)
    level = StockLevel.objects.get(**lookup)
    return level, level.quantity - quantity


def _post(
    *,
    kind: str,
    by: User,
    now: datetime,
    lines: list[LineIn],
    branch: Branch,
    from_warehouse: Warehouse | None = None,
    to_warehouse: Warehouse | None = None,
    work_order: WorkOrder | None = None,
    person: User | None = None,
    amount: Decimal | None = None,
    supplier: str = "",
    manufacturer: str = "",
    reference: str = "",
    note: str = "",
) -> StockDocument:
    """Move the stock first (so that the row lock on the level is the only race), then write
    the document and the audit trail. Called inside the caller's transaction."""
    moves: list[tuple[StockLevel, int]] = []
    for line in lines:
        if from_warehouse is not None:
            moves.append(_take(from_warehouse, line.part, line.condition, line.quantity))
        if to_warehouse is not None:
            moves.append(_put(to_warehouse, line.part, line.condition, line.quantity))
    document = StockDocument.objects.create(
        number=monthly_number("SD", at=now),
        kind=kind,
        branch=branch,
        from_warehouse=from_warehouse,
        to_warehouse=to_warehouse,
        work_order=work_order,
        person=person,
        amount=amount,
        supplier=supplier.strip(),
        manufacturer=manufacturer.strip(),
        reference=reference.strip(),
        by=by,
        at=now,
        note=(note or "").strip(),
    )
    try:
        with transaction.atomic():
            StockDocumentLine.objects.bulk_create(
                StockDocumentLine(
                    document=document,
                    part=line.part,
                    quantity=line.quantity,
                    condition=line.condition,
                    serial_number=line.serial_number,
                    unit_cost=line.unit_cost,
                    is_issue=kind == Kind.ISSUE,
                )
                for line in lines
            )
    except IntegrityError as error:
        # Issued by someone else since the check in _clean_lines: the unique index decides.
        if kind != Kind.ISSUE:
            raise
        serialised = [line for line in lines if line.part.is_serialised]
        _unique_serials(serialised)  # names the serial now on file
        raise _serial_taken(serialised[0].part, serialised[0].serial_number) from error
    audit.record(
        document,
        by=by,
        action=f"stock_{kind}",
        before={},
        note="; ".join(
            f"{line.part.code} × {line.quantity} ({Condition(line.condition).label})"
            + (f" SN {line.serial_number}" if line.serial_number else "")
            for line in lines
        ),
    )
    for level, before in moves:
        audit.record(
            level,
            by=by,
            action=f"stock_{kind}",
            changes={"quantity": [before, level.quantity]},
            note=document.number,
        )
    return document


@transaction.atomic
def stock_receive(
    *,
    by: User,
    now: datetime,
    warehouse: Warehouse,
    lines: list[LineIn],
    supplier: str = "",
    note: str = "",
) -> StockDocument:
    """New parts into good stock."""
    require(by, Cap.MANAGE_STOCK)
    _may_use(by, warehouse, "to_warehouse")
    lines = _clean_lines(lines, default=Condition.GOOD, allowed={Condition.GOOD})
    return _post(
        kind=Kind.RECEIPT,
        by=by,
        now=now,
        lines=lines,
        branch=warehouse.branch,
        to_warehouse=warehouse,
        supplier=supplier,
        note=note,
    )


@transaction.atomic
def stock_transfer(
    *,
    by: User,
    now: datetime,
    from_warehouse: Warehouse,
    to_warehouse: Warehouse,
    lines: list[LineIn],
    note: str = "",
) -> StockDocument:
    """Between warehouses, keeping each part's condition: defective stock goes on as defective
    (to the central warehouse, back to the manufacturer), good stock stays good."""
    require(by, Cap.MANAGE_STOCK)
    _may_use(by, from_warehouse, "from_warehouse")
    if to_warehouse is None:
        raise DomainError(_("Choose the warehouse."), field="to_warehouse")
    if not to_warehouse.is_active:
        raise DomainError(
            _("Warehouse %(warehouse)s is closed.") % {"warehouse": to_warehouse},
            field="to_warehouse",
        )
    if to_warehouse.pk == from_warehouse.pk:
        raise DomainError(_("Choose two different warehouses."), field="to_warehouse")
    lines = _clean_lines(lines, default=Condition.GOOD, allowed=set(Condition.values))
    return _post(
        kind=Kind.TRANSFER,
        by=by,
        now=now,
        lines=lines,
        branch=from_warehouse.branch,
        from_warehouse=from_warehouse,
        to_warehouse=to_warehouse,
        note=note,
    )


def _order_for_parts(by: User, order: WorkOrder, warehouse: Warehouse, field: str) -> None:
    if warehouse.branch_id != order.branch_id:
        raise DomainError(
            _("Warehouse %(warehouse)s is not of the branch of work order %(order)s.")
            % {"warehouse": warehouse, "order": order.number},
            field=field,
        )
    own_job = order.technician_id is not None and order.technician.user_id == by.pk
    if by.role == Role.TECHNICIAN and not by.is_superuser and not own_job:
        raise DomainError(
            _("A technician takes parts only from his own van, for his own job."),
            field="work_order",
        )


@transaction.atomic
def stock_issue_to_order(
    *,
    by: User,
    now: datetime,
    warehouse: Warehouse,
    order: WorkOrder,
    lines: list[LineIn],
    note: str = "",
) -> StockDocument:
    """Parts are issued only against an open work order of the warehouse's branch (见单发料);
    a serialised part records the serial number of the new part."""
    require(by, Cap.ISSUE_PARTS)
    if order is None:
        raise DomainError(_("Parts are issued only against a work order."), field="work_order")
    if order.state not in OPEN_STATES:
        raise DomainError(
            _("Parts are issued only against an open work order; %(order)s is %(state)s.")
            % {"order": order.number, "state": order.get_state_display()},
            field="work_order",
        )
    _may_use(by, warehouse, "from_warehouse")
    _order_for_parts(by, order, warehouse, "from_warehouse")
    lines = _clean_lines(
        lines, default=Condition.GOOD, allowed={Condition.GOOD}, serial_required=True
    )
    return _post(
        kind=Kind.ISSUE,
        by=by,
        now=now,
        lines=lines,
        branch=order.branch,
        from_warehouse=warehouse,
        work_order=order,
        note=note,
    )


@transaction.atomic
def stock_return_old_part(
    *,
    by: User,
    now: datetime,
    warehouse: Warehouse,
    order: WorkOrder,
    lines: list[LineIn],
    note: str = "",
) -> StockDocument:
    """The old part taken out for a new one (以坏换新) goes to defective stock, to be sent back
    to the manufacturer or scrapped; a used part never goes back to good stock."""
    require(by, Cap.ISSUE_PARTS)
    if order is None:
        raise DomainError(_("An old part comes back against a work order."), field="work_order")
    if order.state == State.CANCELLED:
        raise DomainError(_("Work order %(order)s was cancelled.") % {"order": order.number})
    for line in lines:
        if line.condition == Condition.GOOD:
            raise DomainError(
                _(
                    "A used part can never go back to good stock: the old part is returned to "
                    "defective stock, to be sent back to the manufacturer or scrapped."
                ),
                field="condition",
                code="used_part_to_good_stock",
            )
    _may_use(by, warehouse, "to_warehouse")
    _order_for_parts(by, order, warehouse, "to_warehouse")
    lines = _clean_lines(lines, default=Condition.DEFECTIVE, allowed={Condition.DEFECTIVE})
    # One old part for each new one issued on the order, no more.
    wanted: dict[int, int] = defaultdict(int)
    for line in lines:
        wanted[line.part.pk] += line.quantity
    moved = (
        StockDocumentLine.objects.filter(
            document__work_order=order,
            document__kind__in=[Kind.ISSUE, Kind.OLD_PART_RETURN],
            part_id__in=wanted,
        )
        .values("part_id", "document__kind")
        .annotate(total=Sum("quantity"))
    )
    issued: dict[int, int] = defaultdict(int)
    returned: dict[int, int] = defaultdict(int)
    for row in moved:
        target = issued if row["document__kind"] == Kind.ISSUE else returned
        target[row["part_id"]] += row["total"]
    for line in lines:
        left = issued[line.part.pk] - returned[line.part.pk]
        if wanted[line.part.pk] > left:
            raise DomainError(
                _(
                    "Only %(left)d old %(part)s can come back on %(order)s: one for each new "
                    "part issued to it."
                )
                % {"left": max(left, 0), "part": line.part, "order": order.number},
                field="quantity",
            )
    return _post(
        kind=Kind.OLD_PART_RETURN,
        by=by,
        now=now,
        lines=lines,
        branch=order.branch,
        to_warehouse=warehouse,
        work_order=order,
        note=note,
    )


@transaction.atomic
def stock_scrap(
    *, by: User, now: datetime, warehouse: Warehouse, lines: list[LineIn], note: str = ""
) -> StockDocument:
    """Written off, from defective (the usual case) or good stock; the reason is required."""
    require(by, Cap.MANAGE_STOCK)
    _may_use(by, warehouse, "from_warehouse")
    note = _required(note, "note", _("Reason"))
    lines = _clean_lines(lines, default=Condition.DEFECTIVE, allowed=set(Condition.values))
    return _post(
        kind=Kind.SCRAP,
        by=by,
        now=now,
        lines=lines,
        branch=warehouse.branch,
        from_warehouse=warehouse,
        note=note,
    )


@transaction.atomic
def stock_return_to_manufacturer(
    *,
    by: User,
    now: datetime,
    warehouse: Warehouse,
    manufacturer: str,
    reference: str,
    lines: list[LineIn],
    note: str = "",
) -> StockDocument:
    """Defective parts sent back to the manufacturer (返厂) under its return authorisation or
    claim number. Only defective stock goes this way: good stock is transferred or scrapped."""
    require(by, Cap.MANAGE_STOCK)
    _may_use(by, warehouse, "from_warehouse")
    for line in lines:
        if line.condition == Condition.GOOD:
            raise DomainError(
                _(
                    "Only defective parts are sent back to the manufacturer; good stock stays "
                    "in the warehouse."
                ),
                field="condition",
                code="good_stock_to_manufacturer",
            )
    manufacturer = _required(manufacturer, "manufacturer", _("Manufacturer taking them back"))
    reference = _required(reference, "reference", _("Reference"))
    lines = _clean_lines(lines, default=Condition.DEFECTIVE, allowed={Condition.DEFECTIVE})
    return _post(
        kind=Kind.MANUFACTURER_RETURN,
        by=by,
        now=now,
        lines=lines,
        branch=warehouse.branch,
        from_warehouse=warehouse,
        manufacturer=manufacturer,
        reference=reference,
        note=note,
    )


@transaction.atomic
def stock_charge_to_person(
    *,
    by: User,
    now: datetime,
    warehouse: Warehouse,
    person: User,
    lines: list[LineIn],
    amount: Decimal | None = None,
    note: str = "",
) -> StockDocument:
    """A lost or damaged part leaves stock and is charged to the person responsible (002 第3章);
    without an amount he is charged its cost."""
    require(by, Cap.MANAGE_STOCK)
    _may_use(by, warehouse, "from_warehouse")
    if person is None:
        raise DomainError(_("Choose the person to charge."), field="person")
    if not person.sees_all_branches and person.branch_id != warehouse.branch_id:
        raise DomainError(_("This person works in another branch."), field="person")
    note = _required(note, "note", _("Reason"))
    lines = _clean_lines(lines, default=Condition.GOOD, allowed=set(Condition.values))
    if amount is None:
        amount = sum((line.unit_cost * line.quantity for line in lines), Decimal("0"))
    return _post(
        kind=Kind.CHARGE,
        by=by,
        now=now,
        lines=lines,
        branch=warehouse.branch,
        from_warehouse=warehouse,
        person=person,
        amount=_money(amount, "amount"),
        note=note,
    )


def stock_document_create(
    *,
    kind: str,
    by: User,
    now: datetime,
    lines: list[LineIn],
    from_warehouse: Warehouse | None = None,
    to_warehouse: Warehouse | None = None,
    work_order: WorkOrder | None = None,
    person: User | None = None,
    amount: Decimal | None = None,
    supplier: str = "",
    manufacturer: str = "",
    reference: str = "",
    note: str = "",
) -> StockDocument:
    """One entry for pages and API: the document of `kind`, by the service of that kind."""
    if kind == Kind.RECEIPT:
        return stock_receive(
            by=by, now=now, warehouse=to_warehouse, lines=lines, supplier=supplier, note=note
        )
    if kind == Kind.TRANSFER:
        return stock_transfer(
            by=by,
            now=now,
            from_warehouse=from_warehouse,
            to_warehouse=to_warehouse,
            lines=lines,
            note=note,
        )
    if kind == Kind.ISSUE:
        return stock_issue_to_order(
            by=by, now=now, warehouse=from_warehouse, order=work_order, lines=lines, note=note
        )
    if kind == Kind.OLD_PART_RETURN:
        return stock_return_old_part(
            by=by, now=now, warehouse=to_warehouse, order=work_order, lines=lines, note=note
        )
    if kind == Kind.SCRAP:
        return stock_scrap(by=by, now=now, warehouse=from_warehouse, lines=lines, note=note)
    if kind == Kind.MANUFACTURER_RETURN:
        return stock_return_to_manufacturer(
            by=by,
            now=now,
            warehouse=from_warehouse,
            manufacturer=manufacturer,
            reference=reference,
            lines=lines,
            note=note,
        )
    if kind == Kind.CHARGE:
        return stock_charge_to_person(
            by=by,
            now=now,
            warehouse=from_warehouse,
            person=person,
            lines=lines,
            amount=amount,
            note=note,
        )
    raise DomainError(_("Unknown document kind."), field="kind")


# The capability each kind needs: the warehouse keeps stock; issuing is field work too.
KIND_CAPABILITY = {
    Kind.RECEIPT: Cap.MANAGE_STOCK,
    Kind.TRANSFER: Cap.MANAGE_STOCK,
    Kind.ISSUE: Cap.ISSUE_PARTS,
    Kind.OLD_PART_RETURN: Cap.ISSUE_PARTS,
    Kind.SCRAP: Cap.MANAGE_STOCK,
    Kind.CHARGE: Cap.MANAGE_STOCK,
    Kind.MANUFACTURER_RETURN: Cap.MANAGE_STOCK,
}


# Purchases -----------------------------------------------------------------------------------


@transaction.atomic
def purchase_request_create(
    *, by: User, now: datetime, warehouse: Warehouse, part: Part, quantity: int, reason: str = ""
) -> PurchaseRequest:
    require(by, Cap.MANAGE_STOCK)
    _may_use(by, warehouse, "warehouse")
    if part is None:
        raise DomainError(_("Choose the part."), field="part")
    if not isinstance(quantity, int) or quantity < 1:
        raise DomainError(_("The quantity must be a whole number, 1 or more."), field="quantity")
    request = PurchaseRequest.objects.create(
        number=monthly_number("PR", at=now),
        warehouse=warehouse,
        part=part,
        quantity=quantity,
        reason=(reason or "").strip(),
        requested_by=by,
        requested_at=now,
    )
    audit.record(request, by=by, action="purchase_request_create", before={})
    return request


def _open_request(request: PurchaseRequest) -> PurchaseRequest:
    request = PurchaseRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != PurchaseRequest.Status.OPEN:
        raise DomainError(
            _("Purchase request %(number)s was already decided.") % {"number": request.number}
        )
    return request


@transaction.atomic
def purchase_quote_add(
    *,
    by: User,
    now: datetime,
    request: PurchaseRequest,
    supplier: str,
    unit_price: Decimal,
    lead_days: int = 0,
    note: str = "",
) -> SupplierQuote:
    """A supplier's quote for the request: one per supplier, compared before approval."""
    require(by, Cap.MANAGE_STOCK)
    request = _open_request(request)
    _may_use(by, request.warehouse, "warehouse")
    supplier = _required(supplier, "supplier", _("Supplier"))
    if request.quotes.filter(supplier=supplier).exists():
        raise DomainError(
            _("%(supplier)s has already quoted for this request.") % {"supplier": supplier},
            field="supplier",
        )
    if lead_days is None or lead_days < 0:
        raise DomainError(_("Enter a whole number of days."), field="lead_days")
    quote = SupplierQuote.objects.create(
        request=request,
        supplier=supplier,
        unit_price=_money(unit_price, "unit_price"),
        lead_days=lead_days,
        note=(note or "").strip(),
        added_by=by,
        added_at=now,
    )
    audit.record(quote, by=by, action="purchase_quote_add", before={}, note=request.number)
    return quote


@transaction.atomic
def purchase_request_decide(
    *,
    by: User,
    now: datetime,
    request: PurchaseRequest,
    approve: bool,
    quote: SupplierQuote | None = None,
    note: str = "",
) -> PurchaseRequest:
    """Approval needs the required number of supplier quotes (three by default) and one of them
    chosen — the cheapest unless another is named, with the reason; a refusal needs its reason."""
    require(by, Cap.APPROVE_PURCHASE)
    request = _open_request(request)
    before = audit.snapshot(request)
    note = (note or "").strip()
    if approve:
        quotes = list(request.quotes.all())
        required = quotes_required()
        if len(quotes) < required:
            raise DomainError(
                _(
                    "A purchase is approved only after %(required)d supplier quotes are "
                    "compared; %(number)s has %(count)d."
                )
                % {"required": required, "number": request.number, "count": len(quotes)},
                field="quote",
                code="quotes_missing",
            )
        cheapest = min(quotes, key=lambda q: (q.unit_price, q.pk))
        if quote is None:
            quote = cheapest
        elif quote.request_id != request.pk:
            raise DomainError(_("This quote belongs to another request."), field="quote")
        elif quote.unit_price > cheapest.unit_price and not note:
            raise DomainError(
                _("Say why a dearer quote than the cheapest is chosen."), field="note"
            )
        request.status = PurchaseRequest.Status.APPROVED
        request.chosen_quote = quote
    else:
        if not note:
            raise DomainError(_("Give the reason for the refusal."), field="note")
        request.status = PurchaseRequest.Status.REJECTED
    request.decided_by = by
    request.decided_at = now
    request.decision_note = note
    request.save()
    audit.record(request, by=by, action="purchase_request_decide", before=before)
    return request
