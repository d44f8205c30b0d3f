"""``flask --app ovs dashboard rebuild``: recount the dashboard counters."""

import click
from flask import Flask
from flask.cli import AppGroup

from ovs.cli.common import domain_errors
from ovs.cli.common import require_schema
from ovs.dashboard import counters
from ovs.extensions import db

dashboard = AppGroup("dashboard", help="Look after the dashboard's counters.")


@dashboard.command("rebuild")
@domain_errors
def rebuild():
    """Recount every item into the counters and report how many rows were off."""
    require_schema()
    drift = counters.rebuild(db.session)
    db.session.commit()
    click.echo(f"Counters rebuilt; {drift} counter rows differed from the items.")


def register(app: Flask) -> None:
    """Add the dashboard commands."""
    app.cli.add_command(dashboard)
