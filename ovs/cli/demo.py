"""`seed-demo` loads the demo election; `demo` runs all of OVS on a laptop."""

import datetime as dt
import socket

import click
import pyotp
from flask import Flask
from flask import current_app
from flask_migrate import upgrade
from sqlalchemy import func
from sqlalchemy import select

from ovs import database
from ovs.cli.common import domain_errors
from ovs.cli.common import echo_table
from ovs.cli.common import require_schema
from ovs.database import check_reachable
from ovs.demo.samples import pick_samples
from ovs.demo.sandbox_feed import HandoverWatch
from ovs.demo.sandbox_feed import register_new
from ovs.demo.seed import DEMO_ADMIN_EMAIL
from ovs.demo.seed import DEMO_ADMIN_TOTP_SECRET
from ovs.demo.seed import DEMO_MISSION_EMAIL
from ovs.demo.seed import DEMO_PASSWORD
from ovs.demo.seed import DISPATCHED_SHARE
from ovs.demo.seed import seed_demo
from ovs.extensions import db
from ovs.models import Election


@click.command("seed-demo")
@click.option("--voters", default=5000, show_default=True, type=click.IntRange(0))
@click.option("--seed", default=2024, show_default=True, help="Same seed, same voters.")
@click.option(
    "--dispatched",
    default=DISPATCHED_SHARE,
    show_default=True,
    type=click.FloatRange(0, 1),
    help="Share of voters whose ballots are issued and handed over.",
)
@domain_errors
def seed_demo_command(voters, seed, dispatched):
    """Load the demo election, missions, partner posts and voters."""
    require_schema()
    result = seed_demo(db.session, voters=voters, seed=seed, dispatched=dispatched)
    db.session.commit()
    _print_seed(result)


def _print_seed(result) -> None:
    click.echo(f"Election {result.election.code}: {result.election.name}")
    click.echo(f"Return deadline: {result.election.return_deadline:%Y-%m-%d %H:%M} UTC")
    click.echo("\nMissions:")
    echo_table(
        [(m.code, m.name, m.country, m.timezone) for m in result.missions],
        ("code", "name", "country", "time zone"),
    )
    click.echo("\nPartner posts:")
    echo_table(
        [(p.code, p.name, p.country, p.adapter) for p in result.partners],
        ("code", "name", "country", "adapter"),
    )
    click.echo(f"\n{result.voters} voters loaded.")


# The sandbox clock starts this far back and catches up with real time at
# SANDBOX_CLOCK_SPEED, so the first minutes of the demo show items moving.
CATCH_UP = dt.timedelta(days=2)
# A demo has minutes, not days: poll items every few minutes, not hours.
DEMO_POLLING = {
    "POLL_TICK_SECONDS": 15,
    "POLL_MIN_INTERVAL_MINUTES": 1,
    "POLL_MAX_INTERVAL_MINUTES": 3,
}


@click.command("demo")
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--voters", default=5000, show_default=True, type=click.IntRange(0))
@domain_errors
def demo(port, host, voters):
    """Create and fill the database if empty, then serve OVS with its scheduler."""
    _refuse_taken_port(host, port)
    database.SQLITE_BEGIN = "BEGIN IMMEDIATE"
    check_reachable(db.engine)
    upgrade()
    if not db.session.scalar(select(func.count()).select_from(Election)):
        click.echo(f"Loading the demo election with {voters} voters...")
        seed_demo(db.session, voters=voters)
        db.session.commit()
    base = f"http://{host}:{port}"
    current_app.config["PUBLIC_BASE_URL"] = base
    current_app.config.update(DEMO_POLLING)
    sandbox = start_background_services(current_app._get_current_object())
    _print_welcome(base, sandbox)
    # This thread only serves from here on; it must hold no transaction open.
    db.session.remove()
    from werkzeug.serving import run_simple

    run_simple(host, port, current_app._get_current_object(), threaded=True)


def _refuse_taken_port(host: str, port: int) -> None:
    with socket.socket() as probe:
        try:
            probe.bind((host, port))
        except OSError:
            raise click.ClickException(
                f"Port {port} on {host} is in use; choose another with --port."
            ) from None


def start_background_services(app: Flask):
    """Start what a one-machine install runs beside the web pages.

    The demo's sandbox carries every handed-over item from its real handover,
    on a clock that catches up with real time, and learns of new handovers.
    """
    from ovs import scheduler
    from ovs.cli.sandbox import start_for_demo

    wanted = app.config["SANDBOX_PORT"]
    start = dt.datetime.now(dt.UTC) - CATCH_UP
    sandbox = start_for_demo(app, start=start, catch_up=True)
    if not sandbox.url.endswith(f":{wanted}"):
        click.echo(f"Port {wanted} is in use; the partner sandbox took a free one.")
    click.echo(f"Partner sandbox at {sandbox.url}/ (posts answer from there)")
    known: set[int] = set()
    registered = register_new(db.session, sandbox.url, known)
    click.echo(f"  {registered} handed-over items registered with the sandbox")
    HandoverWatch(app, sandbox.url, known).start()
    if app.config["SCHEDULER_IN_WEB"]:
        scheduler.build(app).start()
    return sandbox


def _print_welcome(base: str, sandbox) -> None:
    click.echo(f"\nOVS is running at {base}/")
    click.echo(f"  Voter portal:  {base}/track")
    click.echo(f"  Staff pages:   {base}/staff/login")
    click.echo(f"  Staff login:   {DEMO_ADMIN_EMAIL} / {DEMO_PASSWORD} (all missions)")
    click.echo(
        f"                 second factor: run `flask --app ovs demo-code`, or add "
        f"secret {DEMO_ADMIN_TOTP_SECRET} to an authenticator app"
    )
    click.echo(
        f"                 {DEMO_MISSION_EMAIL} / {DEMO_PASSWORD} (Kuala Lumpur)"
    )
    # Chosen for what the clock shows already, so their pages have a story now.
    for sample in pick_samples(db.session, sandbox.world, sandbox.clock.now()):
        click.echo(
            f"  Voter look-up: registry number {sample.registry_number}, "
            f"born {sample.date_of_birth:%d-%m-%Y} ({sample.story})"
        )
    click.echo("Tracking news arrives within a minute or two. Press Ctrl+C to stop.\n")


@click.command("demo-code")
def demo_code():
    """Print the demo administrator's current second-factor code."""
    click.echo(pyotp.TOTP(DEMO_ADMIN_TOTP_SECRET).now())


def register(app: Flask) -> None:
    """Add the demo commands."""
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(demo)
    app.cli.add_command(demo_code)
