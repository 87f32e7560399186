"""Domain errors: a broken business rule, told to the user in his language.

Services raise these; views turn them into a message on the form, the API into a JSON error that
names the field. Raising one inside `transaction.atomic()` leaves nothing changed.
"""


class DomainError(Exception):
    status_code = 400

    def __init__(self, message: str, *, field: str | None = None, code: str = "invalid") -> None:
        super().__init__(str(message))
        self.message = str(message)
        self.field = field
        self.code = code


class NotFound(DomainError):
    """Also what another branch's record looks like: it is not said to exist."""

    status_code = 404

    def __init__(self, message: str = "", **kwargs) -> None:
        from django.utils.translation import gettext

        super().__init__(message or gettext("Not found."), code="not_found", **kwargs)


class Forbidden(DomainError):
    status_code = 403

    def __init__(self, message: str = "", **kwargs) -> None:
        from django.utils.translation import gettext

        super().__init__(
            message or gettext("Your role does not allow this."), code="forbidden", **kwargs
        )


class Conflict(DomainError):
    status_code = 409
