"""The adapter interface every partner post implements, and what it returns.

Adapters hold no database: they turn tracking numbers into HTTP requests and a
post's answers and callbacks into ``ParsedEvent`` values in UPU terms. The
tracking engine stores and judges those events.
"""

import abc
import datetime as dt
from dataclasses import dataclass
from dataclasses import field

from ovs.postal.events import EventCode
from ovs.postal.events import Measure


class AdapterError(Exception):
    """A partner answered in a way the adapter cannot use; the message says how."""

    def __init__(self, message: str, *, retry_after: float | None = None):
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after


class PartnerUnavailable(AdapterError):
    """The partner is down, slow or refusing (5xx, timeout, 429); try again later."""


class MalformedResponse(AdapterError):
    """The partner's body is not the documented shape (HTML, truncated, empty)."""


class BadRequest(AdapterError):
    """The call itself is wrong: too many numbers, a number the partner refuses."""


class AuthenticationFailed(BadRequest):
    """The partner refused our credentials (401, 403): fix the configuration."""


class SignatureInvalid(AdapterError):
    """A callback whose signature is missing, wrong or too old."""


@dataclass(frozen=True)
class ParsedEvent:
    """One tracking event as a partner reported it, mapped to a UPU code."""

    tracking_number: str
    # None when the partner's code maps to no UPU event: kept and shown, never
    # guessed as "in transit".
    code: EventCode | None
    partner_code: str | None
    description: str | None
    # Aware; keeps the offset the post reported (or inferred, see below).
    occurred_at: dt.datetime
    location: str | None = None
    country: str | None = None
    reason: str | None = None
    measure: Measure | None = None
    partner_event_id: str | None = None
    # True when the post gave local time without an offset and the adapter took
    # the zone from the event's location or the partner's country.
    offset_inferred: bool = False


@dataclass(frozen=True)
class TrackingResult:
    """What a tracking query returned: events per number, and numbers not found."""

    events: list[ParsedEvent] = field(default_factory=list)
    not_found: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Credentials:
    """Secrets an adapter needs, read from the environment or instance config."""

    values: dict[str, str] = field(default_factory=dict)

    def get(self, name: str, default: str | None = None) -> str | None:
        """One credential by name."""
        return self.values.get(name, default)


class Adapter(abc.ABC):
    """A partner post's tracking API, spoken in its own format."""

    name: str = ""
    title: str = ""
    country: str | None = None
    services: tuple[str, ...] = ()
    batch_size: int = 1
    requests_per_minute: float = 60.0
    # Documentation the adapter follows, named in its module docstring too.
    documentation: str = ""
    # Names of the credentials the adapter reads (``OVS_PARTNER_<NAME>_<KEY>``).
    credential_names: tuple[str, ...] = ()

    def __init__(
        self,
        base_url: str,
        credentials: Credentials | None = None,
        settings: dict | None = None,
        timeout: float = 10.0,
    ):
        self.base_url = base_url.rstrip("/")
        self.credentials = credentials or Credentials()
        self.settings = settings or {}
        self.timeout = timeout
        # A partner's agreed quota, where it differs from the adapter's default.
        if self.settings.get("requests_per_minute") is not None:
            try:
                self.requests_per_minute = float(self.settings["requests_per_minute"])
            except (TypeError, ValueError):
                raise BadRequest(
                    "The partner setting requests_per_minute must be a number; "
                    f"got {self.settings['requests_per_minute']!r}."
                ) from None

    @abc.abstractmethod
    def accepts(self, tracking_number: str) -> bool:
        """Whether this partner tracks numbers of this format."""

    @abc.abstractmethod
    def track(self, numbers: list[str]) -> TrackingResult:
        """Ask the partner about up to ``batch_size`` numbers over HTTP."""

    @abc.abstractmethod
    def parse_tracking(self, body: bytes) -> TrackingResult:
        """Turn one raw tracking response body into events."""

    def verify_callback(
        self, headers: dict[str, str], body: bytes, secret: str, now: dt.datetime
    ) -> None:
        """Raise SignatureInvalid unless the raw body is signed by the partner."""
        raise SignatureInvalid(f"{self.name} does not send callbacks")

    def parse_callback(self, body: bytes) -> list[ParsedEvent]:
        """Turn a raw callback body into events."""
        raise MalformedResponse(f"{self.name} does not send callbacks")

    def check_batch(self, numbers: list[str]) -> None:
        """Refuse an empty batch or one over the partner's batch size."""
        if not numbers:
            raise BadRequest("No tracking numbers given.")
        if len(numbers) > self.batch_size:
            raise BadRequest(
                f"{self.title} takes at most {self.batch_size} numbers a request; "
                f"got {len(numbers)}."
            )
