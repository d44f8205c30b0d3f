"""Subscribers: only public http(s) URLs, known topics, removable, audited."""

import socket

import pytest
from sqlalchemy import select

from ovs.errors import InvalidInput
from ovs.integration import subscribers
from ovs.models import AuditEntry


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (
            "ftp://logistics.example/hook",
            "The webhook URL must start with http:// or https:// and name a host; "
            "got 'ftp://logistics.example/hook'.",
        ),
        (
            "https:///no-host",
            "The webhook URL must start with http:// or https:// and name a host; "
            "got 'https:///no-host'.",
        ),
        (
            "http://127.0.0.1:8000/hook",
            "The webhook URL's host 127.0.0.1 is 127.0.0.1, a loopback address; "
            "OVS posts webhooks only to public addresses.",
        ),
        (
            "http://localhost/hook",
            "The webhook URL's host localhost is {addr}, a loopback address; "
            "OVS posts webhooks only to public addresses.",
        ),
        (
            "https://10.1.2.3/hook",
            "The webhook URL's host 10.1.2.3 is 10.1.2.3, a private address; "
            "OVS posts webhooks only to public addresses.",
        ),
        (
            "https://192.168.0.10/hook",
            "The webhook URL's host 192.168.0.10 is 192.168.0.10, a private address; "
            "OVS posts webhooks only to public addresses.",
        ),
        (
            "http://169.254.169.254/latest/meta-data",
            "The webhook URL's host 169.254.169.254 is 169.254.169.254, a link-local "
            "address; OVS posts webhooks only to public addresses.",
        ),
        (
            "http://[::1]/hook",
            "The webhook URL's host ::1 is ::1, a loopback address; "
            "OVS posts webhooks only to public addresses.",
        ),
        (
            "https://no-such-host.invalid/hook",
            "The webhook URL's host 'no-such-host.invalid' does not resolve; "
            "check its spelling.",
        ),
    ],
)
def test_unsafe_urls_are_refused_with_the_reason(url, message):
    with pytest.raises(subscribers.UnsafeUrl) as caught:
        subscribers.check_url(url, allow_private=False)
    if "{addr}" in message:
        # localhost may resolve to 127.0.0.1 or ::1 first; either is loopback.
        assert caught.value.message in {
            message.format(addr=a) for a in ("127.0.0.1", "::1")
        }
    else:
        assert caught.value.message == message


def test_a_public_address_is_accepted(monkeypatch):
    def public(host, port, **kwargs):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port))]

    monkeypatch.setattr(socket, "getaddrinfo", public)
    url = "https://logistics.example/hooks/ovs"
    assert subscribers.check_url(url, allow_private=False) == url


def test_a_host_with_one_private_address_among_public_ones_is_refused(monkeypatch):
    def mixed(host, port, **kwargs):
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.5", port)),
        ]

    monkeypatch.setattr(socket, "getaddrinfo", mixed)
    with pytest.raises(subscribers.UnsafeUrl, match=r"10\.0\.0\.5, a private address"):
        subscribers.check_url("https://rebind.example/", allow_private=False)


def test_private_urls_are_allowed_when_configured():
    url = "http://127.0.0.1:9000/hook"
    assert subscribers.check_url(url, allow_private=True) == url


@pytest.mark.parametrize(
    ("topics", "message"),
    [
        (
            [],
            "Choose at least one topic: item.status_changed, ballot.received, "
            "item.at_risk, counts.hourly.",
        ),
        (
            ["item.deleted"],
            "Unknown topic 'item.deleted'; choose from: item.status_changed, "
            "ballot.received, item.at_risk, counts.hourly.",
        ),
    ],
)
def test_topics_must_be_known(session, topics, message):
    with pytest.raises(InvalidInput) as caught:
        subscribers.add_subscriber(
            session,
            name="logistics",
            url="http://127.0.0.1/hook",
            topics=topics,
            actor="test",
            allow_private=True,
        )
    assert caught.value.message == message


def test_adding_and_removing_are_audited_and_removal_keeps_the_row(session):
    added, secret = subscribers.add_subscriber(
        session,
        name="logistics",
        url="http://127.0.0.1/hook",
        topics=["counts.hourly", "item.status_changed"],
        actor="test",
        allow_private=True,
    )
    assert secret.startswith("whsec_")
    assert added.topics == ["item.status_changed", "counts.hourly"]
    subscribers.remove_subscriber(session, ref="logistics", actor="test")
    assert added.active is False
    assert added not in subscribers.list_subscribers(session)
    actions = session.scalars(select(AuditEntry.action)).all()
    assert {"webhook.subscriber_added", "webhook.subscriber_removed"} <= set(actions)
