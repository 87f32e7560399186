"""API of customer files, product models, units (with their service file) and outlets."""

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Header, Router
from ninja.pagination import paginate

from aftersales.accounts.models import Branch, User
from aftersales.accounts.policy import Cap, can, get_in_scope
from aftersales.core.idempotency import HEADER, idempotent_create
from aftersales.core.schemas import ERRORS, Page, in_scope_ref

from . import selectors, services
from .models import Customer, ProductCategory, ProductModel, Unit
from .schemas import (
    CustomerIn,
    CustomerOut,
    CustomerPatch,
    HistoryEntryOut,
    OutletOut,
    ProductModelIn,
    ProductModelOut,
    UnitIn,
    UnitOut,
)

router = Router(tags=["customers"])


def _catalog(user: User) -> QuerySet[ProductModel]:
    """The product catalogue is shared by all branches; anyone who may read records reads it."""
    qs = ProductModel.objects.select_related("category")
    return qs if can(user, Cap.VIEW) else qs.none()


# Customers ---------------------------------------------------------------------------------


@router.get("/customers", response=list[CustomerOut])
@paginate(Page)
def list_customers(request: HttpRequest, q: str = "") -> QuerySet[Customer]:
    """Customers in scope; `q` is a phone (any format, or its last digits) or part of a name."""
    return selectors.customers_matching(request.auth, q)


@router.post("/customers", response={201: CustomerOut, **ERRORS})
def create_customer(
    request: HttpRequest,
    payload: CustomerIn,
    idempotency_key: str | None = Header(None, alias=HEADER),
):
    by: User = request.auth

    def create() -> Customer:
        return services.customer_create(
            by=by,
            name=payload.name,
            phone=payload.phone,
            address=payload.address,
            kind=payload.kind,
            tier=payload.tier,
            zone=payload.zone,
            alt_phone=payload.alt_phone,
            branch=in_scope_ref(Branch.objects.all(), payload.branch, field="branch"),
            notes=payload.notes,
        )

    return idempotent_create(
        user=by,
        key=idempotency_key,
        endpoint="POST /customers",
        body=payload.model_dump(mode="json"),
        create=create,
        render=lambda customer: CustomerOut.from_orm(customer).model_dump(mode="json"),
    )


@router.get("/customers/{int:customer_id}", response={200: CustomerOut, **ERRORS})
def get_customer(request: HttpRequest, customer_id: int) -> Customer:
    return get_in_scope(selectors.visible_customers(request.auth), pk=customer_id)


@router.patch("/customers/{int:customer_id}", response={200: CustomerOut, **ERRORS})
def update_customer(request: HttpRequest, customer_id: int, payload: CustomerPatch) -> Customer:
    customer = get_in_scope(selectors.visible_customers(request.auth), pk=customer_id)
    return services.customer_update(
        by=request.auth,
        customer=customer,
        **payload.model_dump(exclude_unset=True, exclude_none=True),
    )


# Product models ----------------------------------------------------------------------------


@router.get("/product-models", response=list[ProductModelOut])
@paginate(Page)
def list_product_models(
    request: HttpRequest, category: int | None = None, q: str = "", active: bool | None = None
) -> QuerySet[ProductModel]:
    qs = _catalog(request.auth)
    if category:
        qs = qs.filter(category_id=category)
    if active is not None:
        qs = qs.filter(is_active=active)
    if q.strip():
        qs = qs.filter(
            Q(brand__icontains=q.strip())
            | Q(code__icontains=q.strip())
            | Q(name__icontains=q.strip())
        )
    return qs


@router.post("/product-models", response={201: ProductModelOut, **ERRORS})
def create_product_model(
    request: HttpRequest,
    payload: ProductModelIn,
    idempotency_key: str | None = Header(None, alias=HEADER),
):
    by: User = request.auth

    def create() -> ProductModel:
        return services.product_model_create(
            by=by,
            brand=payload.brand,
            code=payload.code,
            name=payload.name,
            category=in_scope_ref(
                ProductCategory.objects.all(), payload.category, field="category"
            ),
            warranty_months=payload.warranty_months,
            manufacturer_hotline=payload.manufacturer_hotline,
        )

    return idempotent_create(
        user=by,
        key=idempotency_key,
        endpoint="POST /product-models",
        body=payload.model_dump(mode="json"),
        create=create,
        render=lambda model: ProductModelOut.from_orm(model).model_dump(mode="json"),
    )


@router.get("/product-models/{int:model_id}", response={200: ProductModelOut, **ERRORS})
def get_product_model(request: HttpRequest, model_id: int) -> ProductModel:
    return get_in_scope(_catalog(request.auth), pk=model_id)


# Units -------------------------------------------------------------------------------------


@router.get("/units", response=list[UnitOut])
@paginate(Page)
def list_units(
    request: HttpRequest, customer: int | None = None, serial: str = "", model: int | None = None
) -> QuerySet[Unit]:
    qs = selectors.visible_units(request.auth)
    if customer:
        qs = qs.filter(customer_id=customer)
    if model:
        qs = qs.filter(model_id=model)
    if serial.strip():
        qs = qs.filter(serial__iexact=serial.strip())
    return qs


@router.post("/units", response={201: UnitOut, **ERRORS})
def register_unit(
    request: HttpRequest,
    payload: UnitIn,
    idempotency_key: str | None = Header(None, alias=HEADER),
):
    by: User = request.auth

    def create() -> Unit:
        return services.unit_register(
            by=by,
            customer=in_scope_ref(
                selectors.visible_customers(by), payload.customer, field="customer"
            ),
            model=in_scope_ref(_catalog(by), payload.model, field="model"),
            serial=payload.serial,
            purchase_date=payload.purchase_date,
            invoice_no=payload.invoice_no,
            install_date=payload.install_date,
            sold_by=in_scope_ref(selectors.visible_outlets(by), payload.sold_by, field="sold_by"),
            address=payload.address,
            today=timezone.localdate(),
        )

    return idempotent_create(
        user=by,
        key=idempotency_key,
        endpoint="POST /units",
        body=payload.model_dump(mode="json"),
        create=create,
        render=lambda unit: UnitOut.from_orm(unit).model_dump(mode="json"),
    )


@router.get("/units/{int:unit_id}", response={200: UnitOut, **ERRORS})
def get_unit(request: HttpRequest, unit_id: int) -> Unit:
    return get_in_scope(selectors.visible_units(request.auth), pk=unit_id)


@router.get("/units/{int:unit_id}/history", response={200: list[HistoryEntryOut], **ERRORS})
def unit_history(request: HttpRequest, unit_id: int) -> list[selectors.HistoryEntry]:
    """The unit's service file (售后服务档案): every call and job on it, oldest first."""
    unit = get_in_scope(selectors.visible_units(request.auth), pk=unit_id)
    return selectors.unit_service_file(unit)


# Outlets -----------------------------------------------------------------------------------


@router.get("/outlets", response=list[OutletOut])
@paginate(Page)
def list_outlets(request: HttpRequest, active: bool | None = None):
    qs = selectors.visible_outlets(request.auth)
    if active is not None:
        qs = qs.filter(is_active=active)
    return qs


@router.get("/outlets/{int:outlet_id}", response={200: OutletOut, **ERRORS})
def get_outlet(request: HttpRequest, outlet_id: int):
    return get_in_scope(selectors.visible_outlets(request.auth), pk=outlet_id)
