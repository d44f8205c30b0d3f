"""``flask --app ovs audit verify``: check the audit log's hash chain."""

import click
from flask import Flask
from flask.cli import AppGroup

from ovs.cli.common import domain_errors
from ovs.cli.common import require_schema
from ovs.extensions import db
from ovs.staffing import audit_view

audit = AppGroup("audit", help="Check the audit trail.")


@audit.command("verify")
@domain_errors
def verify():
    """Check every link of the chain; name the first broken one and exit 1."""
    require_schema()
    verdict = audit_view.verify(db.session)
    if not verdict.ok:
        raise click.ClickException(verdict.message)
    click.echo(verdict.message)


def register(app: Flask) -> None:
    """Add the audit commands."""
    app.cli.add_command(audit)
