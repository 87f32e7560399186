"""API of my messages (/notifications…): the in-app messages of the caller, and marking them
read. The message log of the branch is a page only."""

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router
from ninja.pagination import paginate

from aftersales.accounts.policy import Cap, require
from aftersales.core.schemas import ERRORS, Page

from . import selectors, services
from .models import Message
from .schemas import MessageOut, ReadAllOut

router = Router(tags=["notifications"])


@router.get("/notifications", response=list[MessageOut])
@paginate(Page)
def list_messages(request: HttpRequest, unread: bool = False) -> QuerySet[Message]:
    """My in-app messages, unread first, newest first; `unread=true` for the unread only."""
    require(request.auth, Cap.VIEW)
    return selectors.my_messages(request.auth, unread=unread)


@router.post("/notifications/read-all", response={200: ReadAllOut, **ERRORS})
def read_all(request: HttpRequest) -> dict:
    """Marks every unread message of mine read; how many there were."""
    require(request.auth, Cap.VIEW)
    return {"marked": services.messages_mark_all_read(by=request.auth, now=timezone.now())}


@router.post("/notifications/{int:message_id}/read", response={200: MessageOut, **ERRORS})
def read(request: HttpRequest, message_id: int) -> Message:
    """Marks one of my messages read; anyone else's is not found."""
    require(request.auth, Cap.VIEW)
    message = selectors.my_message(request.auth, message_id)
    return services.message_mark_read(message=message, by=request.auth, now=timezone.now())
