"""Settings for OVS: defaults that run on one laptop, overrides from the environment.

Every setting named here can be set with an environment variable of the same name
prefixed with ``OVS_`` (``OVS_DATABASE_URL``, ``OVS_SECRET_KEY``...). Values are
parsed by the type of their default: numbers as numbers, ``true``/``false`` as
booleans, lists as comma-separated words.
"""

import os
from pathlib import Path

import click

ROOT = Path(__file__).resolve().parent
INSTANCE = ROOT / "instance"

DEFAULT_SECRET_KEY = "dev-only-not-a-secret"  # noqa: S105 - refused in production


class Config:
    """Settings with their defaults; ``from_env`` applies the environment."""

    ENV = "development"
    SECRET_KEY = DEFAULT_SECRET_KEY
    DATABASE_URL = f"sqlite:///{INSTANCE / 'ovs.sqlite'}"
    LOG_LEVEL = "INFO"
    LOG_FORMAT = "console"

    # Scheduler: inside the web process on one machine, its own process in production.
    SCHEDULER_IN_WEB = True
    POLL_TICK_SECONDS = 30
    OUTBOX_TICK_SECONDS = 10

    # Uploads and request bodies.
    MAX_UPLOAD_MB = 50
    CALLBACK_MAX_BYTES = 1_000_000
    CALLBACK_MAX_EVENTS = 1000
    CALLBACK_CLOCK_SKEW_SECONDS = 300

    # Voter portal.
    PORTAL_ATTEMPTS_PER_ADDRESS = 20
    PORTAL_ATTEMPTS_PER_VOTER = 5
    PORTAL_ATTEMPT_WINDOW_SECONDS = 900
    # At start-up: these, then any other catalog found in ovs/translations;
    # a language without a catalog is dropped.
    LANGUAGES = ["id", "en"]
    DEFAULT_LANGUAGE = "en"
    PUBLIC_BASE_URL = "http://127.0.0.1:5000"
    # How long the ballot page stays open after a successful look-up.
    PORTAL_REFERENCE_MINUTES = 20

    # Staff sign-in.
    SESSION_LIFETIME_MINUTES = 30
    LOGIN_MAX_FAILURES = 5
    LOGIN_LOCKOUT_MINUTES = 15

    # Staff dashboard: live updates, counter upkeep, address risk.
    DASHBOARD_SSE_SECONDS = 2.0
    # A stream ends before a synchronous worker's timeout; browsers reconnect.
    DASHBOARD_SSE_MAX_SECONDS = 25
    DASHBOARD_TICK_SECONDS = 5
    DASHBOARD_REBUILD_SECONDS = 3600
    RISK_VOTERS_PER_ADDRESS = 10
    RISK_RETURN_LAG_DAYS = 3.0

    # Outbound mail.
    SMTP_HOST = "127.0.0.1"
    SMTP_PORT = 8025
    SMTP_USER = ""
    SMTP_PASSWORD = ""
    SMTP_STARTTLS = False
    MAIL_FROM = "ovs@localhost"
    SMTP_TIMEOUT_SECONDS = 10

    # Voter notifications: read the outbox, send, retry with backoff.
    NOTIFY_TICK_SECONDS = 15
    # Outbox rows younger than this are left for the next run, so a row whose
    # transaction commits after a later id's is still read in order.
    NOTIFY_SETTLE_SECONDS = 10
    NOTIFY_MAX_ATTEMPTS = 8
    NOTIFY_BATCH = 500
    # An SMS or chat gateway taking a JSON POST with a bearer token.
    NOTIFY_GATEWAY_URL = ""
    NOTIFY_GATEWAY_TOKEN = ""

    # Webhooks: private and loopback receivers are refused unless allowed here.
    WEBHOOK_ALLOW_PRIVATE = False
    WEBHOOK_TIMEOUT_SECONDS = 10
    WEBHOOK_TICK_SECONDS = 10
    WEBHOOK_BATCH = 1000
    WEBHOOK_RETRY_BASE_SECONDS = 10
    WEBHOOK_RETRY_MAX_SECONDS = 3600
    WEBHOOK_GIVE_UP_HOURS = 72

    # JSON API event feed: how long a hole in ids may be an open transaction.
    FEED_SETTLE_SECONDS = 60
    COUNTS_TICK_SECONDS = 300

    # Partner sandbox (the demo and the tests talk to it instead of real posts).
    SANDBOX_URL = "http://127.0.0.1:5099"
    SANDBOX_PORT = 5099
    # Sandbox minutes per real second: one sandbox day per real minute, so a
    # ballot's round trip plays out in a quarter of an hour of demo.
    SANDBOX_CLOCK_SPEED = 24.0

    # Tracking: polling intervals, leases, partner back-off and circuit.
    POLL_MIN_INTERVAL_MINUTES = 60
    POLL_MAX_INTERVAL_MINUTES = 1440
    POLL_MAX_AGE_DAYS = 90
    POLL_LEASE_SECONDS = 300
    POLL_MAX_ITEMS_PER_TICK = 2000
    POLL_TIMEOUT_SECONDS = 10.0
    # Pollers share each partner's rate limit: each takes this share of it.
    POLLER_PROCESSES = 1
    PARTNER_FAILURES_TO_OPEN = 5
    PARTNER_BACKOFF_SECONDS = 60
    PARTNER_CIRCUIT_OPEN_SECONDS = 900
    # Deadlines: transit days for items without a lane, the weight (in
    # observations) of a lane's configured times, silence before "lost?".
    DEFAULT_TRANSIT_P50_DAYS = 7.0
    DEFAULT_TRANSIT_P90_DAYS = 14.0
    LANE_PRIOR_WEIGHT = 20
    LOST_SILENCE_FACTOR = 2.0
    LOST_MIN_SILENCE_DAYS = 7.0
    DEADLINE_TICK_SECONDS = 900

    # Tracking numbers: warn when a range has fewer than this share left.
    RANGE_LOW_WATER_FRACTION = 0.1
    TRACKING_NUMBER_REUSE_MONTHS = 12

    # Routing: trust a lane's observed transit times once this many items were seen;
    # give the voter this many days to fill in and post the ballot.
    LANE_MIN_OBSERVATIONS = 30
    VOTER_TURNAROUND_DAYS = 2.0
    # First poll of an outbound item after handover.
    FIRST_POLL_AFTER_HANDOVER_MINUTES = 60

    TESTING = False

    @classmethod
    def from_env(cls, environ=None):
        """Return a dict of every setting, overridden from ``OVS_*`` variables."""
        environ = os.environ if environ is None else environ
        settings = {}
        for name in dir(cls):
            if not name.isupper():
                continue
            default = getattr(cls, name)
            raw = environ.get(f"OVS_{name}")
            settings[name] = default if raw is None else _parse(name, raw, default)
        return settings


class ConfigError(click.ClickException):
    """A setting that cannot be used; the message says which and why.

    It is a click exception so that ``flask`` commands print it as one line.
    """


def _parse(name, raw, default):
    if isinstance(default, bool):
        lowered = raw.strip().lower()
        if lowered in {"1", "true", "yes", "on"}:
            return True
        if lowered in {"0", "false", "no", "off", ""}:
            return False
        raise ConfigError(f"OVS_{name} must be true or false, got {raw!r}.")
    if isinstance(default, int | float):
        try:
            return type(default)(raw)
        except ValueError:
            kind = "a whole number" if isinstance(default, int) else "a number"
            raise ConfigError(f"OVS_{name} must be {kind}, got {raw!r}.") from None
    if isinstance(default, list):
        return [part.strip() for part in raw.split(",") if part.strip()]
    return raw
