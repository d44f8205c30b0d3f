"""What every command shares: domain errors as one-line messages, the schema check."""

import functools
import getpass

import click
from flask import current_app

from ovs.database import check_schema
from ovs.errors import OvsError
from ovs.extensions import db


def domain_errors(command):
    """Turn domain errors into a one-line ``Error: ...`` and exit status 1."""

    @functools.wraps(command)
    def wrapped(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except OvsError as exc:
            db.session.rollback()
            raise click.ClickException(exc.message) from None

    return wrapped


def require_schema() -> None:
    """Stop with a one-line message unless the database is reachable and current."""
    check_schema(db.engine)


def cli_actor() -> str:
    """The audit actor for a command run from a shell."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "unknown"
    return f"cli:{user}"


def echo_table(rows: list[tuple], headers: tuple[str, ...]) -> None:
    """Print rows as aligned columns under their headers."""
    table = [tuple(str(c) for c in headers)] + [tuple(str(c) for c in r) for r in rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(headers))]
    for row in table:
        click.echo(
            "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True))
        )


def app_config(name: str):
    """One setting of the running app."""
    return current_app.config[name]
