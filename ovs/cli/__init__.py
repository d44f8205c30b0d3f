"""Flask commands: ``flask --app ovs <command>``."""

from flask import Flask

from ovs.cli import demo
from ovs.cli import missions
from ovs.cli import staff
from ovs.cli import tokens
from ovs.cli import webhooks


def register(app: Flask) -> None:
    """Add every OVS command group to the app's CLI."""
    for module in (demo, missions, staff, tokens, webhooks):
        module.register(app)
