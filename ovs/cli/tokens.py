"""``flask --app ovs token ...``: create, list and revoke API tokens."""

import click
from flask import Flask
from flask.cli import AppGroup

from ovs.cli.common import cli_actor
from ovs.cli.common import domain_errors
from ovs.cli.common import echo_table
from ovs.cli.common import require_schema
from ovs.extensions import db
from ovs.integration import tokens
from ovs.integration.tokens import Scope

token = AppGroup("token", help="Manage API tokens.")


@token.command("create")
@click.option("--name", required=True, help="Who or what uses the token.")
@click.option(
    "--scope",
    "scopes",
    multiple=True,
    required=True,
    type=click.Choice([s.value for s in Scope]),
    help="What the token allows; repeat for several.",
)
@click.option("--mission", "mission_code", help="Limit the token to one mission.")
@click.option("--expires-days", type=int, help="Days until the token expires.")
@domain_errors
def create(name, scopes, mission_code, expires_days):
    """Create a token and print it once; only its hash is kept."""
    require_schema()
    created, raw = tokens.create_token(
        db.session,
        name=name,
        scopes=list(scopes),
        mission_code=mission_code,
        expires_days=expires_days,
        actor=cli_actor(),
    )
    db.session.commit()
    click.echo(f"Created API token {created.id} ({created.prefix}...).")
    click.echo("Copy it now; it is not shown again:")
    click.echo(raw)


@token.command("list")
@domain_errors
def list_():
    """List tokens with their scopes, state and last use."""
    require_schema()
    rows = [
        (
            t.id,
            t.prefix,
            t.name,
            ",".join(t.scopes),
            t.mission_id or "all",
            tokens.token_state(t),
            _when(t.expires_at),
            _when(t.last_used_at),
        )
        for t in tokens.list_tokens(db.session)
    ]
    if not rows:
        click.echo("No API tokens yet. Create one with: flask --app ovs token create")
        return
    echo_table(
        rows,
        ("id", "prefix", "name", "scopes", "mission", "state", "expires", "last used"),
    )


@token.command("revoke")
@click.argument("token_ref")
@domain_errors
def revoke(token_ref):
    """Revoke a token given by its id or prefix."""
    require_schema()
    revoked = tokens.revoke_token(db.session, token_ref=token_ref, actor=cli_actor())
    db.session.commit()
    click.echo(f"Revoked API token {revoked.id} ({revoked.prefix}...).")


def _when(value) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else "-"


def register(app: Flask) -> None:
    """Add the token commands."""
    app.cli.add_command(token)
