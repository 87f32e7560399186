"""API shapes of messages."""

from ninja import Field, Schema

from aftersales.core.schemas import LocalTime


class MessageOut(Schema):
    id: int
    subject: str
    body: str
    link: str = Field(..., description="A page of the application, or empty.")
    about: str = Field(..., alias="object_repr", description="The record it is about.")
    created_at: LocalTime
    read_at: LocalTime | None
    is_read: bool


class ReadAllOut(Schema):
    marked: int = Field(..., description="How many messages were unread.")
