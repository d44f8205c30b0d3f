"""The token and webhook commands: secrets printed once, clear refusals."""

import pytest

from ovs.integration import tokens
from ovs.models import ApiToken
from ovs.models import WebhookSubscriber
from tests import factories


def test_token_create_prints_the_token_once_and_stores_its_hash(runner, session):
    mission = factories.mission(session)
    result = runner.invoke(
        args=[
            "token", "create", "--name", "logistics", "--scope", "read:counts",
            "--scope", "read:items", "--mission", mission.code, "--expires-days", "30",
        ]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    raw = result.output.strip().splitlines()[-1]
    token = session.query(ApiToken).filter_by(name="logistics").one()
    assert token.token_hash == tokens.hash_token(raw)
    assert token.scopes == ["read:counts", "read:items"]
    assert token.mission_id == mission.id and token.expires_at is not None

    listed = runner.invoke(args=["token", "list"])
    assert token.prefix in listed.output and raw not in listed.output
    assert "active" in listed.output


def test_token_revoke_by_prefix_and_list_shows_it(runner, session):
    token, _ = factories.api_token(session)
    result = runner.invoke(args=["token", "revoke", token.prefix])
    assert result.exit_code == 0
    assert f"Revoked API token {token.id}" in result.output
    assert "revoked" in runner.invoke(args=["token", "list"]).output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["token", "create", "--name", "x", "--scope", "admin"],
            "'admin' is not one of",
        ),
        (
            ["token", "create", "--name", "x", "--scope", "scan", "--mission", "ZZ"],
            "Error: No mission with the code 'ZZ'",
        ),
        (
            [
                "token",
                "create",
                "--name",
                "x",
                "--scope",
                "scan",
                "--expires-days",
                "0",
            ],
            "Error: The expiry must be between 1 and 3650 days; got 0.",
        ),
        (["token", "revoke", "nope"], "Error: No API token with id or prefix 'nope'"),
        (
            [
                "webhook",
                "add",
                "--name",
                "x",
                "--url",
                "ftp://h/",
                "--topic",
                "counts.hourly",
            ],
            "Error: The webhook URL must start with http:// or https://",
        ),
        (
            ["webhook", "remove", "ghost"],
            "Error: No webhook subscriber with id or name",
        ),
    ],
)
def test_commands_refuse_bad_input_in_one_line(runner, session, args, message):
    result = runner.invoke(args=args)
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output


def test_webhook_add_list_remove(runner, session):
    result = runner.invoke(
        args=[
            "webhook", "add", "--name", "logistics", "--url",
            "http://127.0.0.1:9000/hook", "--topic", "item.status_changed",
            "--topic", "counts.hourly",
        ]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    secret = result.output.strip().splitlines()[-1]
    subscriber = session.query(WebhookSubscriber).filter_by(name="logistics").one()
    assert subscriber.secret == secret and secret.startswith("whsec_")
    listed = runner.invoke(args=["webhook", "list"]).output
    assert "http://127.0.0.1:9000/hook" in listed and secret not in listed
    removed = runner.invoke(args=["webhook", "remove", "logistics"])
    assert removed.exit_code == 0
    assert "No webhook subscribers" in runner.invoke(args=["webhook", "list"]).output
