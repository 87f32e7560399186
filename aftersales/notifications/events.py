"""What happens in the work that someone must be told of: each event composes its message and
hands it to the services with a key naming the event, so the same event never tells anyone
twice.

The lead's services call these inside their own transaction; nothing is sent unless it commits.
"""

import datetime as dt

from django.conf import settings
from django.utils import dateformat, timezone, translation
from django.utils.translation import gettext as _

from aftersales.core.exceptions import DomainError
from aftersales.core.phones import display_phone, normalize_phone
from aftersales.workorders.models import WorkOrder

from .models import Message
from .services import notify_customer


def _phone(raw: str) -> str:
    """A phone as people write it (139 1111 2222, 010 6234 5678), whatever way it was kept."""
    try:
        return display_phone(normalize_phone(raw))
    except DomainError:
        return (raw or "").strip()


def _assignee(order: WorkOrder) -> str:
    """Who comes: the technician, or the outlet the job was sent to, with a phone to call."""
    who = order.technician or order.outlet
    if who is None:
        return _("our technician")
    phone = _phone(getattr(who, "phone", "") or "")
    if order.technician_id:
        name = _("technician %(name)s") % {"name": who}
    else:
        name = _("service outlet %(name)s") % {"name": who.name}
    return f"{name}（{phone}）" if phone else name


def appointment_text(order: WorkOrder) -> tuple[str, str]:
    """The subject and text of the customer's appointment confirmation, in the company's
    language and time zone (002 第8条: 提前与用户预约好时间; 第五十四条)."""
    zone = timezone.get_default_timezone()  # Asia/Shanghai
    start = timezone.localtime(order.appointment_start, zone)
    end = timezone.localtime(order.appointment_end, zone)
    with translation.override(settings.LANGUAGE_CODE):
        end_text = f"{end:%H:%M}" if end.date() == start.date() else f"{end:%Y-%m-%d %H:%M}"
        window = _("%(date)s (%(weekday)s) %(start)s–%(end)s") % {
            "date": f"{start:%Y-%m-%d}",
            "weekday": dateformat.format(start, "l"),
            "start": f"{start:%H:%M}",
            "end": end_text,
        }
        branch = order.branch
        if branch.phone:
            contact = _("To change it, please call %(branch)s at %(phone)s.") % {
                "branch": branch.name,
                "phone": _phone(branch.phone),
            }
        else:
            contact = _("To change it, please contact %(branch)s.") % {"branch": branch.name}
        subject = _("Appointment confirmed: work order %(number)s") % {"number": order.number}
        body = _(
            "Dear %(customer)s, your appointment for work order %(number)s is confirmed: "
            "%(window)s. %(technician)s will come to you. %(contact)s"
        ) % {
            "customer": order.customer.name,
            "number": order.number,
            "window": window,
            "technician": _assignee(order),
            "contact": contact,
        }
    return subject, body


def appointment_key(order: WorkOrder) -> str:
    """One confirmation per order and window: a re-booked appointment is confirmed again."""
    start = order.appointment_start.astimezone(dt.UTC)
    end = order.appointment_end.astimezone(dt.UTC)
    return f"appointment:{order.pk}:{start:%Y%m%dT%H%MZ}-{end:%Y%m%dT%H%MZ}"


def appointment_confirmed(*, order: WorkOrder, now: dt.datetime) -> list[Message]:
    """Tells the customer, by text message to the order's phone, the agreed appointment: the
    work order's number, the day and time window, who comes, and the branch to call to change it.
    An order without an appointment tells nothing."""
    if order.appointment_start is None or order.appointment_end is None:
        return []
    subject, body = appointment_text(order)
    return notify_customer(
        key=appointment_key(order),
        phone=order.contact_phone,
        subject=subject,
        body=body,
        now=now,
        related=order,
    )
