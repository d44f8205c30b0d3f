"""Flask commands: ``flask --app ovs <command>``."""

from flask import Flask

from ovs.cli import audit
from ovs.cli import dashboard
from ovs.cli import demo
from ovs.cli import missions
from ovs.cli import staff


def register(app: Flask) -> None:
    """Add every OVS command group to the app's CLI."""
    for module in (demo, missions, staff, audit, dashboard):
        module.register(app)
