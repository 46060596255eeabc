"""Errors that services raise. The API turns each into the single error shape (zhifa.core.api.errors)."""


class ApplicationError(Exception):
    """A refused operation, named in Chinese and English.

    `fields` maps a field name to its messages when the problem is with particular input.
    """

    status = 400
    default_code = "invalid"

    def __init__(self, message: str, message_en: str = "", *, code: str | None = None,
                 fields: dict[str, list[str]] | None = None, status: int | None = None):
        super().__init__(message)
        self.message = message
        self.message_en = message_en
        self.code = code or self.default_code
        self.fields = fields or {}
        if status is not None:
            self.status = status

    def __str__(self):
        # Seen in logs and tracebacks (management commands, tasks): say which fields, and why.
        return f"{self.message} {self.fields}" if self.fields else self.message


class InvalidInput(ApplicationError):
    status = 400
    default_code = "invalid"


class PermissionRefused(ApplicationError):
    status = 403
    default_code = "permission_denied"


class Conflict(ApplicationError):
    """The operation is not allowed in the object's current state, or lost a concurrent race."""

    status = 409
    default_code = "conflict"


class LockedOut(ApplicationError):
    """Too many failed sign-ins for this username from this address (django-axes): known user or not."""

    status = 429
    default_code = "locked_out"

    def __init__(self):
        super().__init__("登录失败次数过多，请稍后再试。", "Too many failed sign-ins; try again later.")
