"""The sandbox command's refusals, and the demo's sandbox wired to OVS."""

import os

import requests

from ovs.cli.sandbox import start_for_demo
from tests import factories


def test_a_wrong_fault_option_is_refused_with_the_reason(runner):
    result = runner.invoke(args=["sandbox", "--port", "0", "--fault", "dhl:error=404"])

    assert result.exit_code == 2
    assert "Invalid value for --fault: error must be a 5xx status, got 404." in (
        result.output
    )


def test_the_demo_sandbox_serves_and_pushes_to_partners_that_push(
    app, session, monkeypatch
):
    pushing = factories.partner(session, adapter="posmalaysia", pushes_events=True)
    factories.partner(session, adapter="dhl", pushes_events=False)
    monkeypatch.setitem(app.config, "SANDBOX_PORT", 0)
    monkeypatch.setitem(app.config, "SANDBOX_URL", app.config["SANDBOX_URL"])
    # The demo writes the environment; this test keeps its writes to itself.
    environ = {k: v for k, v in os.environ.items() if not k.startswith("OVS_PARTNER_")}
    environ["OVS_PARTNER_DHL_API_KEY"] = "operator-key"
    monkeypatch.setattr(os, "environ", environ)

    server = start_for_demo(app)
    try:
        overview = requests.get(f"{server.url}/_sandbox", timeout=5).json()
    finally:
        server.stop()

    assert app.config["SANDBOX_URL"] == server.url
    assert set(server.pusher.targets) == {pushing.code}
    target = server.pusher.targets[pushing.code]
    assert target.url == (
        f"{app.config['PUBLIC_BASE_URL']}/api/v1/partners/{pushing.code}/events"
    )
    assert target.secret == pushing.callback_secret
    assert "posmalaysia" in overview["posts"]
    assert os.environ["OVS_PARTNER_POSMALAYSIA_TOKEN"] == "sandbox-pos-token"
    assert os.environ["OVS_PARTNER_DHL_API_KEY"] == "operator-key"
