"""Document numbers that never repeat, even when two are taken at the same instant."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from .models import Counter


def next_value(key: str) -> int:
    with transaction.atomic():
        Counter.objects.get_or_create(key=key)
        counter = Counter.objects.select_for_update().get(key=key)
        counter.value += 1
        counter.save(update_fields=["value"])
        return counter.value


def monthly_number(prefix: str, *, at: datetime, width: int = 5) -> str:
    """'WO202611-00001': a serial that restarts each month, in the company's local month."""
    month = timezone.localtime(at).strftime("%Y%m")
    return f"{prefix}{month}-{next_value(f'{prefix}{month}'):0{width}d}"
