"""Background work of notifications: sending an e-mail or text message after the commit that
wrote it. The periodic retry is `sweeps.sweep`."""

from django.utils import timezone
from django_tasks import task

from . import services


@task()
def send_message(message_id: int) -> str:
    """Sends the message once (a second worker given it does nothing); its status after."""
    message = services.message_send(message_id=message_id, now=timezone.now())
    return message.status if message is not None else "skipped"


def enqueue_send(message_id: int) -> None:
    """Hands the message to the task; called once the transaction that wrote it has committed."""
    send_message.enqueue(message_id)
