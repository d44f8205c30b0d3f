"""``flask --app ovs missions``: list the missions."""

import click
from flask import Flask
from sqlalchemy import func
from sqlalchemy import select

from ovs.cli.common import domain_errors
from ovs.cli.common import echo_table
from ovs.cli.common import require_schema
from ovs.extensions import db
from ovs.models import Mission
from ovs.models import Voter


@click.command("missions")
@domain_errors
def missions():
    """List the missions with their codes, countries and voter counts."""
    require_schema()
    counts = dict(
        db.session.execute(
            select(Voter.mission_id, func.count()).group_by(Voter.mission_id)
        ).all()
    )
    rows = [
        (m.code, m.name, ",".join(m.country_codes), m.timezone, counts.get(m.id, 0))
        for m in db.session.scalars(select(Mission).order_by(Mission.code))
    ]
    if not rows:
        click.echo("No missions yet. Load the demo with: flask --app ovs seed-demo")
        return
    echo_table(rows, ("code", "name", "countries", "time zone", "voters"))


def register(app: Flask) -> None:
    """Add the missions command."""
    app.cli.add_command(missions)
