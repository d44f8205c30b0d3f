"""`seed-demo` loads the demo election; `demo` runs all of OVS on a laptop."""

import click
from flask import Flask
from flask import current_app
from flask_migrate import upgrade
from sqlalchemy import func
from sqlalchemy import select

from ovs.cli.common import domain_errors
from ovs.cli.common import echo_table
from ovs.cli.common import require_schema
from ovs.database import check_reachable
from ovs.demo.seed import DEMO_ADMIN_EMAIL
from ovs.demo.seed import DEMO_MISSION_EMAIL
from ovs.demo.seed import DEMO_PASSWORD
from ovs.demo.seed import seed_demo
from ovs.extensions import db
from ovs.models import Election
from ovs.models import Voter


@click.command("seed-demo")
@click.option("--voters", default=5000, show_default=True, type=click.IntRange(0))
@click.option("--seed", default=2024, show_default=True, help="Same seed, same voters.")
@domain_errors
def seed_demo_command(voters, seed):
    """Load the demo election, missions, partner posts and voters."""
    require_schema()
    result = seed_demo(db.session, voters=voters, seed=seed)
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


@click.command("demo")
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--voters", default=5000, show_default=True, type=click.IntRange(0))
@domain_errors
def demo(port, host, voters):
    """Create and fill the database if empty, then serve OVS with its scheduler."""
    check_reachable(db.engine)
    upgrade()
    if not db.session.scalar(select(func.count()).select_from(Election)):
        click.echo(f"Loading the demo election with {voters} voters...")
        seed_demo(db.session, voters=voters)
        db.session.commit()
    base = f"http://{host}:{port}"
    current_app.config["PUBLIC_BASE_URL"] = base
    start_background_services(current_app._get_current_object())
    _print_welcome(base)
    from werkzeug.serving import run_simple

    run_simple(host, port, current_app._get_current_object(), threaded=True)


def start_background_services(app: Flask) -> None:
    """Start what a one-machine install runs beside the web pages."""
    from ovs import scheduler
    from ovs.cli.sandbox import start_for_demo

    sandbox = start_for_demo(app)
    click.echo(f"Partner sandbox at {sandbox.url}/ (posts answer from there)")
    if app.config["SCHEDULER_IN_WEB"]:
        scheduler.build(app).start()


def _print_welcome(base: str) -> None:
    click.echo(f"\nOVS is running at {base}/")
    click.echo(f"  Voter portal:  {base}/track")
    click.echo(f"  Staff pages:   {base}/staff/login")
    click.echo(f"  Staff login:   {DEMO_ADMIN_EMAIL} / {DEMO_PASSWORD} (all missions)")
    click.echo(
        f"                 {DEMO_MISSION_EMAIL} / {DEMO_PASSWORD} (Kuala Lumpur)"
    )
    samples = db.session.execute(
        select(Voter.registry_number, Voter.date_of_birth).order_by(Voter.id).limit(2)
    ).all()
    for number, born in samples:
        click.echo(f"  Voter look-up: registry number {number}, born {born:%d-%m-%Y}")
    click.echo("Press Ctrl+C to stop.\n")


def register(app: Flask) -> None:
    """Add the demo commands."""
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(demo)
