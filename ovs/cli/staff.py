"""``flask --app ovs staff ...``: manage staff users."""

import click
from flask import Flask
from flask.cli import AppGroup

from ovs.accounts import create_staff
from ovs.cli.common import cli_actor
from ovs.cli.common import domain_errors
from ovs.cli.common import require_schema
from ovs.extensions import db
from ovs.postal.status import Role

staff = AppGroup("staff", help="Manage staff users.")


@staff.command("add")
@click.option("--email", required=True, help="Sign-in email.")
@click.option("--name", required=True, help="Display name.")
@click.option(
    "--role",
    type=click.Choice([r.value for r in Role]),
    required=True,
    help="admin, central (all missions), mission (one), observer (read-only).",
)
@click.option("--mission", "mission_code", help="Mission code, for mission staff.")
@click.password_option(help="Sign-in password (asked when not given).")
@domain_errors
def add(email, name, role, mission_code, password):
    """Create a staff user."""
    require_schema()
    user = create_staff(
        db.session,
        email=email,
        name=name,
        password=password,
        role=role,
        mission_code=mission_code,
        actor=cli_actor(),
    )
    db.session.commit()
    click.echo(f"Created staff user {user.id} <{user.email}> as {user.role}.")


def register(app: Flask) -> None:
    """Add the staff commands."""
    app.cli.add_command(staff)
