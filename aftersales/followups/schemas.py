"""API shapes of follow-ups, call records, the phone and letter registers and questions."""

import datetime as dt

from ninja import Field, Schema

from aftersales.core.schemas import LocalDatetime, LocalTime


def _name(user) -> str | None:
    return str(user) if user is not None else None


class FollowUpOut(Schema):
    id: int
    kind: str
    kind_display: str
    policy: str
    work_order: int | None = Field(None, alias="work_order_id")
    work_order_number: str | None
    customer: int = Field(..., alias="customer_id")
    customer_name: str = Field(..., alias="customer.name")
    customer_phone: str = Field(..., alias="customer.phone")
    branch: int = Field(..., alias="branch_id")
    due_from: LocalTime
    due_by: LocalTime
    status: str
    status_display: str
    attempts: int
    assigned_to: int | None = Field(None, alias="assigned_to_id")
    done_at: LocalTime | None
    done_by: int | None = Field(None, alias="done_by_id")
    outcome: str

    @staticmethod
    def resolve_kind_display(obj) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_status_display(obj) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_work_order_number(obj) -> str | None:
        return obj.work_order.number if obj.work_order_id else None


class CallIn(Schema):
    reached: bool = Field(..., description="Whether the customer was reached.")
    customer_said: str = Field("", description="Required when reached: the points of the talk.")
    satisfied: str = Field("unknown", description="yes, no or unknown.")
    channel: str = Field("phone", description="phone, visit, letter or email.")
    notes: str = ""
    at: LocalDatetime | None = Field(None, description="When the call was made; empty: now.")
    question: str = Field(
        "", description="A question the agent could not answer: it goes to the supervisor."
    )


class CallOut(Schema):
    id: int
    follow_up: int = Field(..., alias="follow_up_id")
    follow_up_status: str = Field(..., alias="follow_up.status")
    at: LocalTime
    by: int = Field(..., alias="by_id")
    channel: str
    reached: bool
    customer_said: str
    satisfied: str
    notes: str


class PhoneLogIn(Schema):
    direction: str = Field(..., description="in or out.")
    phone: str = Field("", description="Empty: the customer's phone.")
    subject: str
    result: str = ""
    customer: int | None = Field(None, description="Empty: found by the phone, if filed.")
    at: LocalDatetime | None = Field(None, description="Empty: now.")


class PhoneLogOut(Schema):
    id: int
    at: LocalTime
    direction: str
    phone: str
    customer: int | None = Field(None, alias="customer_id")
    customer_name: str | None
    subject: str
    result: str
    handled_by: int = Field(..., alias="handled_by_id")
    follow_up: int | None
    branch: int = Field(..., alias="branch_id")

    @staticmethod
    def resolve_customer_name(obj) -> str | None:
        return obj.customer.name if obj.customer_id else None

    @staticmethod
    def resolve_follow_up(obj) -> int | None:
        return obj.call_record.follow_up_id if obj.call_record_id else None


class LetterIn(Schema):
    direction: str = Field(..., description="in (received) or out (sent).")
    customer: int
    subject: str
    kind: str = Field("other", description="notice, invitation, reply, enquiry or other.")
    date: dt.date | None = Field(None, description="Empty: today.")
    reference: str = ""
    reply_due: dt.date | None = None


class LetterOut(Schema):
    id: int
    number: str
    date: dt.date
    direction: str
    kind: str
    customer: int = Field(..., alias="customer_id")
    customer_name: str = Field(..., alias="customer.name")
    subject: str
    reference: str
    by: int = Field(..., alias="by_id")
    reply_due: dt.date | None
    replied_on: dt.date | None
    branch: int = Field(..., alias="branch_id")


class RepliedIn(Schema):
    replied_on: dt.date | None = Field(None, description="Empty: today.")


class QuestionIn(Schema):
    question: str
    follow_up: int | None = Field(None, description="The follow-up it was asked on.")
    customer: int | None = Field(None, description="Needed when no follow-up is named.")


class QuestionOut(Schema):
    id: int
    customer: int = Field(..., alias="customer_id")
    customer_name: str = Field(..., alias="customer.name")
    follow_up: int | None = Field(None, alias="follow_up_id")
    question: str
    raised_by: int = Field(..., alias="raised_by_id")
    raised_at: LocalTime
    assigned_to: int | None = Field(None, alias="assigned_to_id")
    assigned_to_name: str | None
    due_at: LocalTime
    answer: str
    answered_by: int | None = Field(None, alias="answered_by_id")
    answered_at: LocalTime | None
    customer_told_at: LocalTime | None
    told_late: bool = Field(..., description="Told on a later day than the answer was found.")

    @staticmethod
    def resolve_assigned_to_name(obj) -> str | None:
        return _name(obj.assigned_to)


class AnswerIn(Schema):
    answer: str
