"""SMS gateways for the tests: one that records each message, one that always fails."""

from collections.abc import Callable

from aftersales.notifications.sms import SmsError


class RecordingGateway:
    sent: list[tuple[str, str]] = []
    # Called while "sending", to let a test act in the middle of a send.
    during: Callable[[], None] | None = None

    def __init__(self, **options) -> None:
        pass

    def send(self, phone: str, text: str) -> str:
        if RecordingGateway.during is not None:
            RecordingGateway.during()
        RecordingGateway.sent.append((phone, text))
        return f"rec-{len(RecordingGateway.sent)}"


class FailingGateway:
    calls = 0

    def __init__(self, **options) -> None:
        pass

    def send(self, phone: str, text: str) -> str:
        FailingGateway.calls += 1
        raise SmsError("isv.AMOUNT_NOT_ENOUGH: 账户余额不足")
