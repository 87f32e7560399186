"""API shapes of the holiday duty roster."""

from datetime import date, time

from ninja import Field, Schema

from aftersales.core.schemas import LocalTime

from .models import DutyAssignment


class DutyOut(Schema):
    id: int
    branch: int = Field(..., alias="branch_id")
    site: int | None = Field(None, alias="site_id")
    site_name: str | None = None
    date: date
    technician: int = Field(..., alias="technician_id")
    technician_name: str
    starts: time
    ends: time
    overnight: bool = Field(..., description="The shift ends the next day.")
    phone: str = Field(..., description="The duty phone shown on the roster, E.164.")
    note: str
    created_at: LocalTime

    @staticmethod
    def resolve_site_name(obj: DutyAssignment) -> str | None:
        return obj.site.name if obj.site_id else None

    @staticmethod
    def resolve_technician_name(obj: DutyAssignment) -> str:
        return str(obj.technician)


class DutyIn(Schema):
    technician: int
    date: date
    starts: time
    ends: time = Field(..., description="Earlier than `starts`: the shift ends the next day.")
    site: int | None = Field(
        None, description="A key customer's id; none: on call for the technician's branch."
    )
    phone: str = Field("", description="Empty: the technician's own phone.")
    note: str = ""
