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
from .models import MaintenanceContract, RenewalNotice, ThreeGuaranteeRule
from .schemas import (
    ContractCancelIn,
    ContractIn,
    ContractOut,
    ContractRenewIn,
    NoticeAssignIn,
    NoticeCloseIn,
    NoticeLetterIn,
    RenewalNoticeOut,
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
            arrival_hours=payload.arrival_hours,
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
            arrival_hours=payload.arrival_hours
            if "arrival_hours" in payload.model_fields_set
            else services.KEEP,
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


# Renewal notices (004 (二十)) ------------------------------------------------------------------


def _notice(by: User, notice_id: int) -> RenewalNotice:
    return get_in_scope(selectors.visible_notices(by), pk=notice_id)


@router.get("/renewal-notices", response=list[RenewalNoticeOut])
@paginate(Page)
def list_renewal_notices(
    request: HttpRequest, status: str = "", mine: bool = False
) -> QuerySet[RenewalNotice]:
    """Contracts about to end and who pursues their renewal: open ones first, by end date;
    `mine=true`: those assigned to the caller."""
    return selectors.filter_notices(
        selectors.visible_notices(request.auth),
        status=status,
        assigned_to=request.auth if mine else None,
    )


@router.get("/renewal-notices/{int:notice_id}", response={200: RenewalNoticeOut, **ERRORS})
def get_renewal_notice(request: HttpRequest, notice_id: int) -> RenewalNotice:
    return _notice(request.auth, notice_id)


@router.post("/renewal-notices/{int:notice_id}/assign", response={200: RenewalNoticeOut, **ERRORS})
def assign_renewal_notice(
    request: HttpRequest, notice_id: int, payload: NoticeAssignIn
) -> RenewalNotice:
    by: User = request.auth
    notice = _notice(by, notice_id)
    require(by, Cap.EDIT_CONTRACTS)
    assignee = in_scope_ref(
        selectors.renewal_assignees(notice.contract), payload.assignee, field="assignee"
    )
    services.renewal_notice_assign(by=by, notice=notice, assignee=assignee, now=timezone.now())
    return _notice(by, notice_id)


@router.post(
    "/renewal-notices/{int:notice_id}/letter-sent", response={200: RenewalNoticeOut, **ERRORS}
)
def renewal_notice_letter_sent(
    request: HttpRequest, notice_id: int, payload: NoticeLetterIn
) -> RenewalNotice:
    """The expiry notice (保养到期通知书) went to the customer that day."""
    by: User = request.auth
    notice = _notice(by, notice_id)
    services.renewal_notice_letter_sent(
        by=by, notice=notice, sent_on=payload.sent_on, now=timezone.now()
    )
    return _notice(by, notice_id)


@router.post("/renewal-notices/{int:notice_id}/close", response={200: RenewalNoticeOut, **ERRORS})
def close_renewal_notice(
    request: HttpRequest, notice_id: int, payload: NoticeCloseIn
) -> RenewalNotice:
    """The customer declines to renew. A renewal closes the notice by itself."""
    by: User = request.auth
    notice = _notice(by, notice_id)
    services.renewal_notice_close(by=by, notice=notice, reason=payload.reason, now=timezone.now())
    return _notice(by, notice_id)
