"""API of maintenance contracts and of the three-guarantee table."""

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Header, Router
from ninja.pagination import paginate

from aftersales.accounts.models import User
from aftersales.accounts.policy import Cap, get_in_scope, require
from aftersales.core.exceptions import DomainError
from aftersales.core.idempotency import HEADER, idempotent_create
from aftersales.core.schemas import ERRORS, Page, in_scope_ref
from aftersales.customers.selectors import visible_customers, visible_units

from . import selectors, services
from .models import MaintenanceContract, ThreeGuaranteeRule
from .schemas import (
    ContractCancelIn,
    ContractIn,
    ContractOut,
    ContractRenewIn,
    ThreeGuaranteeRuleOut,
)

router = Router(tags=["warranty"])


@router.get("/contracts", response=list[ContractOut])
@paginate(Page)
def list_contracts(
    request: HttpRequest,
    customer: int | None = None,
    status: str = "",
    expiring: bool = False,
    q: str = "",
) -> QuerySet[MaintenanceContract]:
    """Contracts in scope, newest first; `expiring=true`: active ones ending within 30 days."""
    return selectors.filter_contracts(
        selectors.visible_contracts(request.auth),
        today=timezone.localdate(),
        customer=customer,
        status=status,
        expiring=expiring,
        query=q,
    )


@router.post("/contracts", response={201: ContractOut, **ERRORS})
def create_contract(
    request: HttpRequest,
    payload: ContractIn,
    idempotency_key: str | None = Header(None, alias=HEADER),
):
    by: User = request.auth

    def create() -> MaintenanceContract:
        customer = in_scope_ref(visible_customers(by), payload.customer, field="customer")
        units = list(visible_units(by).filter(pk__in=payload.units))
        if len(units) != len(set(payload.units)):
            raise DomainError(
                _("Select a valid choice. That choice is not one of the available choices."),
                field="units",
                code="invalid_choice",
            )
        return services.contract_create(
            by=by,
            customer=customer,
            units=units,
            start=payload.start,
            end=payload.end,
            annual_fee=payload.annual_fee,
            visits_per_year=payload.visits_per_year,
            notes=payload.notes,
            now=timezone.now(),
        )

    return idempotent_create(
        user=by,
        key=idempotency_key,
        endpoint="POST /contracts",
        body=payload.model_dump(mode="json"),
        create=create,
        render=lambda contract: ContractOut.from_orm(contract).model_dump(mode="json"),
    )


@router.get("/contracts/{int:contract_id}", response={200: ContractOut, **ERRORS})
def get_contract(request: HttpRequest, contract_id: int) -> MaintenanceContract:
    return get_in_scope(selectors.visible_contracts(request.auth), pk=contract_id)


@router.post("/contracts/{int:contract_id}/renew", response={201: ContractOut, **ERRORS})
def renew_contract(
    request: HttpRequest,
    contract_id: int,
    payload: ContractRenewIn,
    idempotency_key: str | None = Header(None, alias=HEADER),
):
    """The renewal (004 (二十)): a new contract for the next period, linked to this one."""
    by: User = request.auth
    contract = get_in_scope(selectors.visible_contracts(by), pk=contract_id)
    return idempotent_create(
        user=by,
        key=idempotency_key,
        endpoint=f"POST /contracts/{contract_id}/renew",
        body=payload.model_dump(mode="json"),
        create=lambda: services.contract_renew(
            by=by,
            contract=contract,
            end=payload.end,
            annual_fee=payload.annual_fee,
            visits_per_year=payload.visits_per_year,
            notes=payload.notes,
            now=timezone.now(),
        ),
        render=lambda renewed: ContractOut.from_orm(renewed).model_dump(mode="json"),
    )


@router.post("/contracts/{int:contract_id}/cancel", response={200: ContractOut, **ERRORS})
def cancel_contract(
    request: HttpRequest, contract_id: int, payload: ContractCancelIn
) -> MaintenanceContract:
    contract = get_in_scope(selectors.visible_contracts(request.auth), pk=contract_id)
    return services.contract_cancel(
        by=request.auth, contract=contract, reason=payload.reason, now=timezone.now()
    )


@router.get("/three-guarantee-rules", response=list[ThreeGuaranteeRuleOut])
def list_three_guarantee_rules(request: HttpRequest) -> QuerySet[ThreeGuaranteeRule]:
    """The three-guarantee table (三包): per category (none: the default), within `days` of the
    purchase, these remedies; after the last row, free repair in the manufacturer's warranty."""
    require(request.auth, Cap.VIEW)
    return ThreeGuaranteeRule.objects.select_related("category")
