"""`sandbox` serves the partner sandbox: every fake post on one local port."""

import datetime as dt
import os
import socket

import click
from flask import Flask
from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from ovs import logs
from ovs.extensions import db
from ovs.models import PartnerPost
from partners.credentials import sandbox_environ as sandbox_credentials_environ
from partners.sandbox.faults import FaultError
from partners.sandbox.faults import parse_option
from partners.sandbox.pusher import CallbackTarget
from partners.sandbox.server import SandboxServer

log = logs.get(__name__)

HOST = "127.0.0.1"


@click.command("sandbox")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=None,
    help="Port on 127.0.0.1 (default: SANDBOX_PORT; 0 picks a free one).",
)
@click.option(
    "--speed",
    type=click.FloatRange(0),
    default=None,
    help="Sandbox minutes per real second (default: SANDBOX_CLOCK_SPEED).",
)
@click.option("--seed", default=0, show_default=True, help="Same seed, same lives.")
@click.option(
    "--fault",
    "fault_options",
    multiple=True,
    metavar="PARTNER:SWITCH=VALUE,...",
    help="Start with a fault on, e.g. dhl:rate_limit=30 or postnl:error=503.",
)
@click.option(
    "--push/--no-push",
    default=True,
    show_default=True,
    help="Send signed callbacks to OVS for partners set to push events.",
)
def sandbox_command(port, speed, seed, fault_options, push):
    """Serve every partner post's fake tracking API until Ctrl+C."""
    config = current_app.config
    faults = _faults(fault_options)
    port = config["SANDBOX_PORT"] if port is None else port
    speed = config["SANDBOX_CLOCK_SPEED"] if speed is None else speed
    server = _server(port, speed, seed)
    for partner, switches in faults:
        server.faults.set(partner, switches)
    if push:
        _push_to_ovs(server, config["PUBLIC_BASE_URL"])
    click.echo(f"Partner sandbox at {server.url}/ (clock x{speed:g} minutes/second)")
    for name in server.app.extensions["sandbox_posts"]:
        click.echo(f"  {name:<12} {server.url}/{name}")
    click.echo("Press Ctrl+C to stop.")
    server.serve_forever()


def _faults(options) -> list:
    try:
        return [parse_option(text) for text in options]
    except FaultError as exc:
        raise click.BadParameter(str(exc), param_hint="--fault") from None


def _server(port: int, speed: float, seed: int) -> SandboxServer:
    # Werkzeug exits the process on a taken port; ask first to say it in one line.
    if port and not port_free(port):
        raise click.ClickException(
            f"Port {port} is in use; choose another with --port."
        )
    return SandboxServer(host=HOST, port=port, speed=speed, seed=seed)


def port_free(port: int, host: str = HOST) -> bool:
    """Whether a server could listen on ``host:port`` now."""
    with socket.socket() as probe:
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def _push_to_ovs(server: SandboxServer, ovs_url: str) -> None:
    """Send callbacks for OVS's partners that push events, if the database is up."""
    try:
        partners = db.session.scalars(
            select(PartnerPost).where(
                PartnerPost.pushes_events.is_(True), PartnerPost.active.is_(True)
            )
        ).all()
    except SQLAlchemyError as exc:
        # No database (or no schema yet) means no callbacks, not no sandbox.
        db.session.rollback()
        log.warning("sandbox.no_partner_list", error=type(exc).__name__)
        return
    for partner in partners:
        url = f"{ovs_url.rstrip('/')}/api/v1/partners/{partner.code}/events"
        server.pusher.set_target(
            partner.code, CallbackTarget(url, partner.callback_secret)
        )
        log.info("sandbox.pushing", partner=partner.code)


def start_for_demo(
    app: Flask, start: dt.datetime | None = None, catch_up: bool = False
) -> SandboxServer:
    """Run the sandbox in this process and point the partner adapters at it.

    With ``catch_up`` the clock starts at ``start`` and runs fast only until it
    reaches the real time (see ``SandboxClock``).
    """
    config = app.config
    clock = {"speed": config["SANDBOX_CLOCK_SPEED"], "start": start}
    port = config["SANDBOX_PORT"]
    if not port_free(port):
        # Another sandbox (or anything else) holds the port: take a free one.
        log.warning("sandbox.port_taken", port=port)
        port = 0
    server = SandboxServer(host=HOST, port=port, catch_up=catch_up, **clock)
    with app.app_context():
        _push_to_ovs(server, config["PUBLIC_BASE_URL"])
    server.start()
    config["SANDBOX_URL"] = server.url
    os.environ["OVS_SANDBOX_URL"] = server.url
    # The fake posts accept only their sandbox credentials, as real posts do.
    for name, value in sandbox_credentials_environ().items():
        os.environ.setdefault(name, value)
    return server


def register(app: Flask) -> None:
    """Add the sandbox command."""
    app.cli.add_command(sandbox_command)
