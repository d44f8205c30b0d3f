"""Tracking commands: the scheduler process, a poll tick, scans, partner secrets."""

import click
from flask import Flask
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from ovs import logs
from ovs import scheduler as scheduling
from ovs.cli.common import cli_actor
from ovs.cli.common import domain_errors
from ovs.cli.common import require_schema
from ovs.errors import NotFound
from ovs.extensions import db
from ovs.models import Mission
from ovs.tracking import poller
from ovs.tracking import scan as scanning
from ovs.tracking import secrets

log = logs.get(__name__)


@click.command("scheduler")
@domain_errors
def scheduler():
    """Run the periodic jobs (polling, deadlines, outbox) as a process of its own."""
    require_schema()
    click.echo("Scheduler running; stop it with Ctrl+C.")
    scheduling.build(current_app._get_current_object(), blocking=True).start()


@click.command("poll")
@domain_errors
def poll():
    """Poll every partner once for its due items and print what was done."""
    require_schema()
    report = poller.poll_once(db.session)
    click.echo(
        f"Polled {report.items} items in {report.requests} requests to "
        f"{report.partners} partners; {report.accepted} new events, "
        f"{report.failures} failed requests."
    )


@click.command("scan")
@click.argument("number")
@click.option("--mission", "mission_code", required=True, help="Mission code.")
@domain_errors
def scan(number, mission_code):
    """Record a scanned envelope at a mission, as the scan page does."""
    require_schema()
    mission = db.session.scalar(select(Mission).where(Mission.code == mission_code))
    if mission is None:
        raise NotFound(f"No mission has the code {mission_code!r}.")
    result = scanning.scan(db.session, number, mission, cli_actor())
    click.echo(f"{result.tracking_number}: {result.message}")


partner = AppGroup("partner", help="Partner posts.")


@partner.command("secret")
@click.argument("code")
@click.option("--rotate", is_flag=True, help="Replace the secret with a new one.")
@domain_errors
def secret(code, rotate):
    """Show a partner's callback secret, or rotate it (both audited)."""
    require_schema()
    if rotate:
        value = secrets.rotate(db.session, code, cli_actor())
        click.echo(f"New callback secret for {code} (the old one no longer works):")
    else:
        value = secrets.show(db.session, code, cli_actor())
    click.echo(value)


def register(app: Flask) -> None:
    """Add the tracking commands."""
    for command in (scheduler, poll, scan, partner):
        app.cli.add_command(command)
