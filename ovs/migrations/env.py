"""Alembic environment: migrations run against the app's own engine."""

import click
from alembic import context
from flask import current_app
from sqlalchemy.exc import OperationalError

from ovs.database import describe_url

config = context.config
target_metadata = current_app.extensions["migrate"].db.metadata


def run_migrations_offline() -> None:
    """Write the SQL for the migrations without a database connection."""
    url = str(current_app.extensions["migrate"].db.engine.url)
    context.configure(url=url, target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run the migrations over a connection, one transaction for all of them."""
    engine = current_app.extensions["migrate"].db.engine
    try:
        connection = engine.connect()
    except OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0]
        raise click.ClickException(
            f"Cannot reach the database at {describe_url(str(engine.url))}: {reason}. "
            "Check OVS_DATABASE_URL and that the server is running."
        ) from None
    with connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
