"""Domain errors: each carries a message a person can act on.

The web and CLI edges translate these into HTTP answers and command errors; the
domain code raises them and never formats a response itself.
"""


class OvsError(Exception):
    """Base of every error OVS reports to a person."""

    http_status = 400
    code = "bad_request"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NotFound(OvsError):
    """The thing asked for does not exist, or is not visible to the caller."""

    http_status = 404
    code = "not_found"


class Conflict(OvsError):
    """The request clashes with what is already recorded."""

    http_status = 409
    code = "conflict"


class InvalidInput(OvsError):
    """Input that cannot be used as given."""

    http_status = 400
    code = "invalid_input"


class PermissionDenied(OvsError):
    """The caller may not do this."""

    http_status = 403
    code = "forbidden"


class ServiceUnavailable(OvsError):
    """A dependency is down; the caller should try again later."""

    http_status = 503
    code = "unavailable"
