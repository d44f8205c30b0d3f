"""Flask commands: ``flask --app ovs <command>``."""

from flask import Flask

from ovs.cli import audit
from ovs.cli import batch
from ovs.cli import dashboard
from ovs.cli import demo
from ovs.cli import missions
from ovs.cli import sandbox
from ovs.cli import staff
from ovs.cli import tokens
from ovs.cli import tracking
from ovs.cli import voters
from ovs.cli import webhooks


def register(app: Flask) -> None:
    """Add every OVS command group to the app's CLI."""
    for module in (
        audit,
        dashboard,
        batch,
        demo,
        missions,
        sandbox,
        staff,
        tokens,
        tracking,
        voters,
        webhooks,
    ):
        module.register(app)
