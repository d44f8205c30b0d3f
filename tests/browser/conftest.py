"""Servers the browser tests talk to."""

from tests.servers import smtp_server  # noqa: F401
