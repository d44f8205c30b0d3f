"""Servers the notification tests talk to."""

from tests.servers import gateway  # noqa: F401
from tests.servers import smtp_server  # noqa: F401
