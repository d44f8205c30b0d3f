"""``flask --app ovs webhook ...``: manage outbound webhook subscribers."""

import click
from flask import Flask
from flask.cli import AppGroup

from ovs.cli.common import app_config
from ovs.cli.common import cli_actor
from ovs.cli.common import domain_errors
from ovs.cli.common import echo_table
from ovs.cli.common import require_schema
from ovs.extensions import db
from ovs.integration import subscribers
from ovs.integration.subscribers import TOPICS

webhook = AppGroup("webhook", help="Manage outbound webhook subscribers.")


@webhook.command("add")
@click.option("--name", required=True, help="Which system receives the webhooks.")
@click.option("--url", required=True, help="The http(s) URL OVS posts to.")
@click.option(
    "--topic",
    "topics",
    multiple=True,
    required=True,
    type=click.Choice(TOPICS),
    help="A topic to send; repeat for several.",
)
@domain_errors
def add(name, url, topics):
    """Register a subscriber and print its signing secret once."""
    require_schema()
    subscriber, secret = subscribers.add_subscriber(
        db.session,
        name=name,
        url=url,
        topics=list(topics),
        actor=cli_actor(),
        allow_private=app_config("WEBHOOK_ALLOW_PRIVATE"),
    )
    db.session.commit()
    click.echo(f"Added webhook subscriber {subscriber.id} for {subscriber.url}.")
    click.echo("Its signing secret (copy it now; it is not shown again):")
    click.echo(secret)


@webhook.command("list")
@domain_errors
def list_():
    """List active subscribers with their topics."""
    require_schema()
    rows = [
        (s.id, s.name, s.url, ",".join(s.topics))
        for s in subscribers.list_subscribers(db.session)
    ]
    if not rows:
        click.echo("No webhook subscribers. Add one with: flask --app ovs webhook add")
        return
    echo_table(rows, ("id", "name", "url", "topics"))


@webhook.command("remove")
@click.argument("ref")
@domain_errors
def remove(ref):
    """Stop sending to a subscriber, given by id or name."""
    require_schema()
    removed = subscribers.remove_subscriber(db.session, ref=ref, actor=cli_actor())
    db.session.commit()
    click.echo(f"Removed webhook subscriber {removed.id} ({removed.name}).")


def register(app: Flask) -> None:
    """Add the webhook commands."""
    app.cli.add_command(webhook)
