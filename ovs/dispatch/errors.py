"""The errors dispatch reports: each says what is wrong and what to do."""

from ovs.errors import Conflict
from ovs.errors import InvalidInput
from ovs.errors import NotFound


class UnknownMission(NotFound):
    """No mission has the code given."""


class UnknownPartner(NotFound):
    """No partner post has the code given."""


class UnknownBatch(NotFound):
    """No dispatch batch has the id given."""


class UnknownBallot(NotFound):
    """No voter with a ballot has the registry number given."""


class RangesExhausted(Conflict):
    """The mission's tracking-number ranges cannot number the batch."""


class RangeOverlap(Conflict):
    """A new range would reuse numbers still in use or used too recently."""


class BadRange(InvalidInput):
    """A range whose figures cannot be used."""


class NothingToIssue(InvalidInput):
    """No voter is waiting for a ballot, or none can be routed in time."""

    def __init__(self, message: str, unroutable=()):
        super().__init__(message)
        self.unroutable = list(unroutable)


class AlreadyHandedOver(Conflict):
    """A batch is handed over to the post once."""


class CannotVoid(Conflict):
    """A ballot that is already void or already counted stays as it is."""
