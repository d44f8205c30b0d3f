"""A taken port gives the demo a clear message or a free port, never a crash."""

import os
import socket

import pytest

from ovs.cli.sandbox import start_for_demo


@pytest.fixture
def taken_port():
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        yield holder.getsockname()[1]


def test_the_demo_refuses_a_taken_web_port_in_one_line(runner, taken_port):
    result = runner.invoke(args=["demo", "--port", str(taken_port)])

    assert result.exit_code == 1
    assert result.output == (
        f"Error: Port {taken_port} on 127.0.0.1 is in use; "
        "choose another with --port.\n"
    )


def test_the_demo_sandbox_takes_a_free_port_when_its_own_is_taken(
    app, monkeypatch, taken_port
):
    monkeypatch.setitem(app.config, "SANDBOX_PORT", taken_port)
    monkeypatch.setitem(app.config, "SANDBOX_URL", app.config["SANDBOX_URL"])
    monkeypatch.setattr(os, "environ", dict(os.environ))

    server = start_for_demo(app, catch_up=True)
    try:
        port = int(server.url.rsplit(":", 1)[1])
    finally:
        server.stop()

    assert port not in (taken_port, 0)
    assert app.config["SANDBOX_URL"] == server.url
