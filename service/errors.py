"""Domain errors. They know nothing of HTTP: the edge maps each to one problem+json response."""


class FactcheckError(Exception):
    """Base of every error the service raises on purpose."""


class NotFound(FactcheckError):
    def __init__(self, kind: str, ident: object) -> None:
        super().__init__(f"{kind} {ident} does not exist")
        self.kind = kind
        self.ident = ident


class InvalidInput(FactcheckError):
    """Input that passed the wire types but is still wrong (a date that does not exist...)."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


class InvalidCursor(InvalidInput):
    """A page cursor this store did not issue for this list: changed, foreign, or of another
    list. A request error (400) rather than a validation one: its form is fine, its origin not."""

    def __init__(self, reason: str) -> None:
        super().__init__("cursor", reason)


class StoreUnavailable(FactcheckError):
    """The database cannot be reached now; the request may be retried."""


class StoreError(FactcheckError):
    """The database refused an operation for a reason that retrying will not fix."""
